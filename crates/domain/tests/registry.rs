//! Registry tests: the shipped data loads and answers lookups; bad data files are rejected with
//! the file, line and field named; the calendar and recognition data behave as documented.

mod common;

use embargo_domain::{CountryCode, ProcedureKind, Registry};
use jiff::civil::date;

fn ly() -> CountryCode {
    CountryCode::parse("LY").unwrap()
}

#[test]
fn shipped_data_loads() {
    let reg = common::registry();
    let s = reg.summary();
    assert_eq!(s.categories, 22);
    assert!(s.regimes >= 13, "{s:?}");
    for id in [
        "un-libya",
        "un-dprk",
        "un-somalia",
        "un-car",
        "un-drc",
        "un-south-sudan",
        "un-sudan-darfur",
        "un-yemen",
        "un-iraq",
        "un-lebanon",
        "un-isil-al-qaida",
        "un-taliban",
        "un-haiti",
    ] {
        assert!(reg.regime(id).is_some(), "{id} missing");
    }
    for r in reg.regimes() {
        for g in &r.ground {
            assert!(!g.citations.is_empty(), "{}/{} has no citation", r.id(), g.local_id());
        }
        for m in &r.measure {
            assert!(!m.citations.is_empty(), "{}/{} has no citation", r.id(), m.id.get_ref());
        }
    }
}

#[test]
fn ground_lookup_and_grounds_in_force() {
    let reg = common::registry();
    let (_, g) = reg.ground("un-libya/res2174-p8").unwrap();
    assert_eq!(g.procedure, ProcedureKind::PriorApproval);
    assert_eq!(g.period().from, date(2014, 8, 27));
    let ids: Vec<&str> = g.required_info.iter().map(|f| f.id()).collect();
    assert!(ids.contains(&"responsible_body_note") && ids.contains(&"end_user"), "{ids:?}");
    let (_, n) = reg.ground("un-libya/res2009-p13a").unwrap();
    assert_eq!((n.procedure, n.working_days), (ProcedureKind::Notification, Some(5)));
    assert!(reg.ground("un-libya/nope").is_none());
    let in_2013: Vec<&str> =
        reg.grounds_in_force("un-libya", date(2013, 6, 3)).iter().map(|g| g.local_id()).collect();
    assert!(in_2013.contains(&"res2009-p13a") && in_2013.contains(&"res2095-p9"), "{in_2013:?}");
    assert!(!in_2013.contains(&"res1970-p9a") && !in_2013.contains(&"res2174-p8"), "{in_2013:?}");
    let in_2012: Vec<&str> =
        reg.grounds_in_force("un-libya", date(2012, 6, 1)).iter().map(|g| g.local_id()).collect();
    assert!(in_2012.contains(&"res1970-p9a") && !in_2012.contains(&"res2095-p9"), "{in_2012:?}");
}

#[test]
fn recognised_government_by_date() {
    let reg = common::registry();
    let cases = [
        (date(2011, 3, 1), "Government of the Libyan Arab Jamahiriya"),
        (date(2011, 9, 16), "National Transitional Council"),
        (date(2013, 6, 3), "General National Congress"),
        (date(2015, 6, 1), "House of Representatives and Interim Government"),
        (date(2015, 12, 23), "Government of National Accord"),
        (date(2021, 3, 14), "Government of National Accord"),
        (date(2021, 3, 15), "Government of National Unity"),
        (date(2026, 11, 29), "Government of National Unity"),
    ];
    for (d, want) in cases {
        assert_eq!(reg.recognised_government(ly(), d), Some(want), "{d}");
    }
    assert_eq!(
        reg.recognised_government(CountryCode::parse("FR").unwrap(), date(2016, 1, 1)),
        None
    );
    // Time-scoped alias: "Tripoli government".
    let nsg = reg.is_recognised_government(ly(), "Tripoli Government", date(2015, 5, 1)).unwrap();
    assert!(!nsg.recognised);
    assert_eq!(nsg.matched, vec!["national-salvation-government"]);
    let gna = reg.is_recognised_government(ly(), "tripoli government", date(2017, 5, 1)).unwrap();
    assert!(gna.recognised);
    assert_eq!(gna.matched, vec!["gna"]);
    let gnu =
        reg.is_recognised_government(ly(), "THE Tripoli-government", date(2022, 5, 1)).unwrap();
    assert_eq!(gnu.matched, vec!["gnu"]);
    // Never recognised.
    for name in ["GNS", "National Salvation Government", "Bashagha government"] {
        let m = reg.is_recognised_government(ly(), name, date(2023, 1, 10)).unwrap();
        assert!(!m.recognised, "{name}");
    }
    // Rule B is stored but rule A is in force.
    let a = reg.authorities(ly()).unwrap();
    assert_eq!(a.rule_in_force, "A");
    assert!(a.rules_disagree(date(2016, 2, 1)).is_some());
    assert!(a.rules_disagree(date(2016, 6, 15)).is_none());
}

#[test]
fn calendar_from_data() {
    let reg = common::registry();
    let cal = reg.calendar("un-hq").unwrap();
    // Mon 3 Jun 2013 + 5 working days.
    assert_eq!(cal.add_working_days(date(2013, 6, 3), 5).unwrap(), date(2013, 6, 10));
    // Thanksgiving 2016 (Thu 24 Nov): Wed 23 + 2 = Fri 25, Mon 28.
    assert_eq!(cal.add_working_days(date(2016, 11, 23), 2).unwrap(), date(2016, 11, 28));
    // Eid al-Fitr 2020 (Tue 26 May) after Memorial Day (Mon 25 May).
    assert_eq!(cal.add_working_days(date(2020, 5, 22), 1).unwrap(), date(2020, 5, 27));
    assert!(!cal.is_working_day(date(2017, 1, 2)).unwrap());
    assert!(cal.is_working_day(date(2017, 1, 3)).unwrap());
    assert!(cal.add_working_days(date(2026, 12, 28), 5).is_err());
    assert!(cal.is_working_day(date(2010, 6, 1)).is_err());
    // Weekends need no holiday data.
    assert!(!cal.is_working_day(date(2030, 6, 1)).unwrap());
}

fn with_replaced(file: &str, from: &str, to: &str) -> Vec<(String, String)> {
    let mut src = common::sources();
    let entry = src.iter_mut().find(|(n, _)| n == file).unwrap();
    assert!(entry.1.contains(from), "{from} not in {file}");
    entry.1 = entry.1.replacen(from, to, 1);
    src
}

fn first_error(src: Vec<(String, String)>) -> embargo_domain::LoadError {
    Registry::from_sources(src).expect_err("should be rejected").remove(0)
}

#[test]
fn impossible_date_names_file_line_and_field() {
    let e = first_error(with_replaced(
        "un-libya.toml",
        "from = \"2014-08-27\"",
        "from = \"2014-02-30\"",
    ));
    assert_eq!(e.file, "un-libya.toml");
    let text = common::sources().into_iter().find(|(n, _)| n == "un-libya.toml").unwrap().1;
    let want_line = text.lines().position(|l| l == "from = \"2014-08-27\"").unwrap() + 1;
    assert_eq!(e.line, Some(want_line));
    assert!(e.field.as_deref().unwrap().ends_with(".from"), "{e}");
    assert!(e.to_string().starts_with(&format!("un-libya.toml:{want_line}:")), "{e}");
}

#[test]
fn semantic_errors_name_the_field() {
    let e = first_error(with_replaced(
        "un-libya.toml",
        "measures = [\"res1970-p9\"]\nend_users",
        "measures = [\"res1970-p99\"]\nend_users",
    ));
    assert!(e.line.is_some());
    assert!(e.field.as_deref().unwrap().contains(".measures"), "{e}");
    assert!(e.message.contains("res1970-p99"), "{e}");

    let e =
        first_error(with_replaced("un-libya.toml", "to = \"2013-03-13\"", "to = \"2010-03-13\""));
    assert!(e.field.as_deref().unwrap().ends_with(".to"), "{e}");

    let e =
        first_error(with_replaced("un-libya.toml", "id = \"res2095-p9\"", "id = \"res1970-p9a\""));
    assert!(e.message.contains("duplicate ground id"), "{e}");

    let e = first_error(with_replaced(
        "un-libya.toml",
        "items = \"non_lethal\"",
        "items = \"nonlethal\"",
    ));
    assert!(e.message.contains("unknown variant `nonlethal`"), "{e}");
    assert!(e.field.as_deref().unwrap().ends_with(".items"), "{e}");

    let e = first_error(with_replaced("un-libya.toml", "target = \"LY\"", "target = \"XL\""));
    assert!(e.message.contains("XL"), "{e}");

    let e = first_error(with_replaced("un-libya.toml", "working_days = 5", "working_days = 0"));
    assert!(e.field.as_deref().unwrap().ends_with("working_days"), "{e}");

    let e = first_error(with_replaced("un-libya.toml", "kind = \"regime\"", "kind = \"regim\""));
    assert_eq!(e.field.as_deref(), Some("kind"));
}

#[test]
fn authorities_and_calendar_errors() {
    let e = first_error(with_replaced(
        "authorities-libya.toml",
        "from = \"2015-12-23\"\nto = \"2021-03-14\"\nrule = \"A\"",
        "from = \"2015-06-01\"\nto = \"2021-03-14\"\nrule = \"A\"",
    ));
    assert!(e.message.contains("overlaps"), "{e}");
    assert!(e.line.is_some(), "{e}");
    let e = first_error(with_replaced(
        "calendar-un-hq.toml",
        "date = \"2013-07-04\"",
        "date = \"2013-07-06\"",
    ));
    assert!(e.message.contains("weekend"), "{e}");
    let cal = common::sources().into_iter().find(|(n, _)| n == "calendar-un-hq.toml").unwrap().1;
    let line = cal.lines().position(|l| l == "date = \"2013-07-04\"").unwrap() + 1;
    assert_eq!(e.line, Some(line), "{e}");
    assert!(e.field.as_deref().unwrap().ends_with(".date"), "{e}");
    let mut src = common::sources();
    src.retain(|(n, _)| n != "military-list.toml");
    let errors = Registry::from_sources(src).err().unwrap();
    assert!(errors.iter().any(|e| e.message.contains("military_list")));
    let e = first_error(with_replaced("military-list.toml", "code = \"ML22\"", "code = \"ML21\""));
    assert!(e.message.contains("exactly once"), "{e}");
}

#[test]
fn submitter_rules_are_validated_with_file_line_and_field() {
    let text = common::sources().into_iter().find(|(n, _)| n == "un-sudan-darfur.toml").unwrap().1;
    let want_line =
        text.lines().position(|l| l.contains("kinds = [\"recipient_focal_point\"]")).unwrap() + 1;
    let e = first_error(with_replaced(
        "un-sudan-darfur.toml",
        "kinds = [\"recipient_focal_point\"]",
        "kinds = [\"government_of_sudan\"]",
    ));
    assert_eq!(e.file, "un-sudan-darfur.toml");
    assert_eq!(e.line, Some(want_line), "{e}");
    assert!(e.field.as_deref().unwrap().ends_with(".submitters[0].kinds"), "{e}");
    assert!(e.message.contains("unknown submitter kind `government_of_sudan`"), "{e}");

    // A rule outside the ground's period, a gap between rules, a rule without citation.
    let e = first_error(with_replaced(
        "un-libya.toml",
        "to = \"2016-03-30\", citations",
        "to = \"2016-03-29\", citations",
    ));
    assert!(e.field.as_deref().unwrap().ends_with("(res2174-p8).submitters[1].from"), "{e}");
    assert!(e.message.contains("day after the previous rule"), "{e}");
    let e = first_error(with_replaced(
        "un-libya.toml",
        "kinds = [\"member_state_mission\"], to = \"2016-03-30\"",
        "kinds = [\"member_state_mission\"], from = \"2011-01-01\", to = \"2016-03-30\"",
    ));
    assert!(e.message.contains("not inside the ground's period"), "{e}");
    let e = first_error(with_replaced(
        "un-dprk.toml",
        "citations = [\"domain-supplement.md §3.1 (1874 para 10 as quoted)\"]",
        "citations = []",
    ));
    assert!(e.field.as_deref().unwrap().ends_with(".submitters[0].citations"), "{e}");
}

#[test]
fn submitter_rules_follow_the_date() {
    let reg = common::registry();
    let (_, g) = reg.ground("un-libya/res2174-p8").unwrap();
    let before = g.submitters_on(date(2016, 3, 30)).unwrap();
    assert_eq!(before.kind_names(), vec!["member_state_mission"]);
    let after = g.submitters_on(date(2016, 3, 31)).unwrap();
    assert!(after.kind_names().contains(&"recipient_focal_point".to_owned()));
    assert!(after.citation().contains("S/RES/2278 (2016)"));
    assert!(after.citation().ends_with("[S]"));
}
