//! Whole workflows of the committee procedure, snapshot-tested: the 2015 Libyan request held
//! by several members, the 2016 GNA request approved for part of its items, and a 2009
//! para 13(b) notification deemed approved after five working days across a weekend and a UN
//! holiday. Each step's command, outcome, events and the final case are rendered as text.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use embargo_domain::procedure::audit::{verify, ChainedEvent, GENESIS};
use embargo_domain::procedure::from_registry::ground_rules;
use embargo_domain::procedure::ground::ParamsFile;
use embargo_domain::procedure::machine::{
    apply, create, Actor, Case, Command, Context, ItemApproval, Transition,
};
use embargo_domain::procedure::validate::{validate, ScreeningHit, Severity};
use embargo_domain::procedure::{
    time_zone, Committee, Offices, RequestContent, COMMITTEE_TIME_ZONE,
};
use embargo_domain::Registry;
use jiff::Timestamp;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_toml(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_toml(&path, out);
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
}

fn registry() -> Registry {
    let mut sources = Vec::new();
    read_toml(&root().join("regimes"), &mut sources);
    Registry::from_sources(sources).expect("regime data loads")
}

fn committee() -> Committee {
    let text =
        std::fs::read_to_string(root().join("regimes/procedure/committee-members.json")).unwrap();
    Committee::from_json(&text).expect("committee data loads")
}

fn offices() -> Offices {
    let text =
        std::fs::read_to_string(root().join("regimes/procedure/committee-offices.json")).unwrap();
    Offices::from_json(&text, &committee()).expect("offices data loads")
}

fn params() -> ParamsFile {
    let text = std::fs::read_to_string(root().join("regimes/procedure/parameters.json")).unwrap();
    ParamsFile::from_json(&text).unwrap()
}

fn example(name: &str) -> RequestContent {
    let text = std::fs::read_to_string(root().join("examples/requests").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn actor(s: &str) -> Actor {
    Actor::parse(s).unwrap()
}

/// Drives a case through steps and renders every step and the final state.
struct Story {
    registry: Registry,
    committee: Committee,
    offices: Offices,
    params: ParamsFile,
    case: Option<Case>,
    log: Vec<ChainedEvent>,
    out: String,
}

impl Story {
    fn new() -> Story {
        Story {
            registry: registry(),
            committee: committee(),
            offices: offices(),
            params: params(),
            case: None,
            log: vec![],
            out: String::new(),
        }
    }

    fn record(&mut self, step: &str, result: Result<Transition, String>) {
        match result {
            Ok(t) => {
                writeln!(self.out, "> {step}\n  status: {}", t.case.status().as_str()).unwrap();
                for e in &t.events {
                    writeln!(
                        self.out,
                        "  event {} by {}: {} -> {} {}",
                        e.kind, e.actor, e.from, e.to, e.data
                    )
                    .unwrap();
                    let prev = self
                        .log
                        .last()
                        .map(|l| l.hash.clone())
                        .unwrap_or_else(|| GENESIS.to_owned());
                    self.log.push(ChainedEvent::link(self.log.len() as u64 + 1, e.clone(), &prev));
                }
                self.case = Some(t.case);
            }
            Err(refusal) => writeln!(self.out, "> {step}\n  REFUSED: {refusal}").unwrap(),
        }
    }

    fn new_case(&mut self, reference: &str, who: &str, content: RequestContent, now: &str) {
        let result = create(reference, content, &actor(who), at(now)).map_err(|e| e.to_string());
        self.record(&format!("{now} {who} new {reference}"), result);
    }

    fn run(&mut self, who: &str, now: &str, command: Command) {
        let calendar = self.registry.calendar("un-hq").expect("un-hq calendar").clone();
        let ny = time_zone(COMMITTEE_TIME_ZONE).expect("bundled New York zone");
        let ctx = Context {
            calendar: &calendar,
            committee: &self.committee,
            offices: &self.offices,
            time_zone: &ny,
        };
        let case = self.case.as_ref().expect("a case");
        let result = apply(case, &command, &actor(who), at(now), &ctx).map_err(|e| e.to_string());
        let label = format!("{now} {who} {}", command.name());
        self.record(&label, result);
    }

    fn submit(&mut self, who: &str, now: &str, hits: Vec<ScreeningHit>) {
        let case = self.case.as_ref().expect("a case");
        let date = embargo_domain::procedure::machine::date_of(at(now));
        let ground =
            ground_rules(&self.registry, &case.content.ground, date).expect("ground in force");
        let params = self.params.for_regime(&ground.regime);
        self.run(who, now, Command::Submit { ground, params, hits });
    }

    fn finish(mut self) -> String {
        let case = self.case.as_ref().expect("a case");
        writeln!(self.out, "\nfinal status: {}", case.status().as_str()).unwrap();
        writeln!(self.out, "ledger:").unwrap();
        for l in &case.ledger {
            writeln!(
                self.out,
                "  item {} {} `{}`: requested {}, approved {}, delivered {}",
                l.item, l.category, l.description, l.requested, l.approved, l.delivered
            )
            .unwrap();
        }
        writeln!(self.out, "holds:").unwrap();
        for h in &case.holds {
            writeln!(
                self.out,
                "  {} placed {} expires {:?} lifted {:?} ({:?}): {}",
                h.member,
                h.placed_on,
                h.expires_on,
                h.lifted_on,
                h.lifted_how.map(|x| x.as_str()),
                h.reason
            )
            .unwrap();
        }
        writeln!(self.out, "decision: {}", serde_json::to_string(&case.decision).unwrap()).unwrap();
        let v = verify(&self.log);
        assert!(v.ok(), "{:?}", v.breaks);
        writeln!(self.out, "audit: {} events, chain intact", v.events).unwrap();
        self.out
    }
}

const SPAIN_HOLD: &str = "the Panel of Experts warned of diversion to non-State actors";
const ORIGIN_TRANSPORT: &str = "point of origin of the weapons and the transport arrangements";

#[test]
fn the_2015_request_is_held_by_several_members() {
    let mut s = Story::new();
    s.new_case(
        "LY-2015-001",
        "submitter:libya-mission",
        example("2015-libya-request-held.json"),
        "2015-03-02T10:00:00Z",
    );
    s.submit("submitter:libya-mission", "2015-03-02T11:00:00Z", vec![]);
    s.run("secretariat:scsob", "2015-03-03T09:00:00Z", Command::Circulate);
    s.run(
        "member:ES",
        "2015-03-09T15:00:00Z",
        Command::Hold {
            reason: SPAIN_HOLD.into(),
            information_requested: Some(ORIGIN_TRANSPORT.into()),
        },
    );
    for member in ["LT", "CL", "NZ", "GB", "FR", "AO", "US"] {
        s.run(
            &format!("member:{member}"),
            "2015-03-09T16:00:00Z",
            Command::Hold {
                reason: "supports the hold placed by Spain".into(),
                information_requested: Some(ORIGIN_TRANSPORT.into()),
            },
        );
    }
    // Germany did not sit on the Council in 2015: its hold is refused.
    s.run(
        "member:DE",
        "2015-03-10T09:00:00Z",
        Command::Hold { reason: "also concerned".into(), information_requested: None },
    );
    // No consensus while holds stand.
    s.run("chair:JO", "2015-03-20T09:00:00Z", Command::Approve { items: None, conditions: vec![] });
    s.run(
        "member:ES",
        "2015-03-20T10:00:00Z",
        Command::Ask { question: format!("Please state the {ORIGIN_TRANSPORT}.") },
    );
    s.run(
        "submitter:libya-mission",
        "2015-04-10T10:00:00Z",
        Command::Answer { question: 0, answer: "Suppliers: Ukraine, Serbia, Czech Republic; transport by sea, arrangements to follow".into() },
    );
    s.run("member:LT", "2015-04-15T10:00:00Z", Command::Lift { hold: 1 });
    // Only the member who placed a hold lifts or extends it.
    s.run("member:GB", "2015-04-16T10:00:00Z", Command::Lift { hold: 0 });
    s.run("member:ES", "2015-09-01T10:00:00Z", Command::ExtendHold { hold: 0 });
    s.run("member:ES", "2015-09-02T10:00:00Z", Command::ExtendHold { hold: 0 });
    // The other holds reach the six-month limit; Spain's extended hold runs three months more.
    s.run("system:clock", "2015-09-10T00:00:00Z", Command::Tick);
    s.run("system:clock", "2015-12-11T00:00:00Z", Command::Tick);
    // An approval request is never approved by silence: it stays under consideration.
    s.run("system:clock", "2016-01-11T00:00:00Z", Command::Tick);
    s.run(
        "submitter:libya-mission",
        "2016-01-12T10:00:00Z",
        Command::Withdraw {
            reason: Some("superseded by the Government of National Accord".into()),
        },
    );
    insta::assert_snapshot!(s.finish());
}

#[test]
fn the_2016_gna_request_is_approved_for_part_of_its_items_and_delivered() {
    let mut s = Story::new();
    s.new_case(
        "LY-2016-014",
        "submitter:gna-focal-point",
        example("2016-gna-request.json"),
        "2016-06-23T10:00:00Z",
    );
    s.submit("submitter:gna-focal-point", "2016-06-24T10:00:00Z", vec![]);
    s.run("secretariat:scsob", "2016-06-24T14:00:00Z", Command::Circulate);
    s.run(
        "member:RU",
        "2016-06-28T09:00:00Z",
        Command::Hold {
            reason: "quantities of heavy machine guns".into(),
            information_requested: Some("need for 200 heavy machine guns".into()),
        },
    );
    s.run("member:RU", "2016-07-05T09:00:00Z", Command::Lift { hold: 0 });
    s.run(
        "chair:MY",
        "2016-07-06T09:00:00Z",
        Command::Approve {
            items: Some(vec![
                ItemApproval { item: 0, quantity: 3000 },
                ItemApproval { item: 1, quantity: 600000 },
                ItemApproval { item: 2, quantity: 0 },
                ItemApproval { item: 3, quantity: 0 },
                ItemApproval { item: 4, quantity: 0 },
            ]),
            conditions: vec![
                "post-delivery confirmation with serial numbers within 30 days".into(),
                "no re-transfer without a further exemption".into(),
            ],
        },
    );
    // Too late to hold: decided.
    s.run(
        "member:EG",
        "2016-07-07T09:00:00Z",
        Command::Hold { reason: "late".into(), information_requested: None },
    );
    s.run(
        "submitter:gna-focal-point",
        "2016-08-16T09:00:00Z",
        Command::Deliver {
            date: "2016-08-15".parse().unwrap(),
            lines: vec![
                embargo_domain::procedure::machine::DeliveryLine {
                    item: 0,
                    quantity: 2000,
                    serial_numbers: vec![],
                },
                embargo_domain::procedure::machine::DeliveryLine {
                    item: 1,
                    quantity: 400000,
                    serial_numbers: vec![],
                },
            ],
        },
    );
    // Over-delivery is refused; heavy machine guns were not approved at all.
    s.run(
        "submitter:gna-focal-point",
        "2016-09-16T09:00:00Z",
        Command::Deliver {
            date: "2016-09-15".parse().unwrap(),
            lines: vec![embargo_domain::procedure::machine::DeliveryLine {
                item: 0,
                quantity: 1001,
                serial_numbers: vec![],
            }],
        },
    );
    s.run(
        "submitter:gna-focal-point",
        "2016-09-16T09:05:00Z",
        Command::Deliver {
            date: "2016-09-15".parse().unwrap(),
            lines: vec![embargo_domain::procedure::machine::DeliveryLine {
                item: 2,
                quantity: 1,
                serial_numbers: vec![],
            }],
        },
    );
    s.run(
        "submitter:gna-focal-point",
        "2016-09-20T09:00:00Z",
        Command::Report {
            delivery: 0,
            text: "2,000 rifles and 400,000 rounds received by the Presidential Guard".into(),
        },
    );
    s.run(
        "panel:poe-libya",
        "2016-11-02T09:00:00Z",
        Command::Incident {
            kind: embargo_domain::procedure::machine::IncidentKind::Diversion,
            date: "2016-10-20".parse().unwrap(),
            description: "rifles of the approved type seen with an unaffiliated militia in Misrata"
                .into(),
        },
    );
    let out = s.finish();
    insta::assert_snapshot!(out);
}

#[test]
fn a_2009_p13b_notification_is_deemed_approved_after_five_working_days_across_a_weekend_and_a_un_holiday(
) {
    let mut s = Story::new();
    s.new_case(
        "LY-2012-N-031",
        "submitter:uk-mission",
        example("2009-p13b-notification.json"),
        "2012-11-19T10:00:00Z",
    );
    s.submit("submitter:uk-mission", "2012-11-19T11:00:00Z", vec![]);
    // Circulated Tuesday 20 November 2012; Thursday 22 November is Thanksgiving (UN holiday).
    s.run("secretariat:scsob", "2012-11-20T12:00:00Z", Command::Circulate);
    // 03:00 UTC on 29 November is still 22:00 on 28 November in New York: not yet decided.
    s.run("system:clock", "2012-11-29T03:00:00Z", Command::Tick);
    // 05:30 UTC is 00:30 on 29 November in New York: the last working day has ended.
    s.run("system:clock", "2012-11-29T05:30:00Z", Command::Tick);
    // Decided: a later objection is refused.
    s.run("member:RU", "2012-11-29T10:00:00Z", Command::Object { reason: "late".into() });
    insta::assert_snapshot!(s.finish());
}

#[test]
fn a_notification_is_deemed_approved_only_after_the_last_working_day_ends_in_new_york() {
    let mut s = Story::new();
    s.new_case(
        "LY-2012-N-034",
        "submitter:uk-mission",
        example("2009-p13b-notification.json"),
        "2012-11-19T10:00:00Z",
    );
    s.submit("submitter:uk-mission", "2012-11-19T11:00:00Z", vec![]);
    s.run("secretariat:scsob", "2012-11-20T12:00:00Z", Command::Circulate);
    assert_eq!(s.case.as_ref().unwrap().deadline, Some("2012-11-28".parse().unwrap()));
    // 29 Nov 03:00 UTC = 28 Nov 22:00 in New York: the last working day is not over.
    s.run("system:clock", "2012-11-29T03:00:00Z", Command::Tick);
    assert_eq!(s.case.as_ref().unwrap().status().as_str(), "objection_period_running");
    // 29 Nov 05:30 UTC = 29 Nov 00:30 in New York.
    s.run("system:clock", "2012-11-29T05:30:00Z", Command::Tick);
    let case = s.case.as_ref().unwrap();
    assert_eq!(case.status().as_str(), "deemed_approved");
    let decision = serde_json::to_value(&case.decision).unwrap();
    assert_eq!(decision["on"], "2012-11-29");
}

#[test]
fn a_late_evening_utc_command_is_dated_the_new_york_day_before() {
    // Circulated at 2012-11-21T03:00Z, i.e. Tuesday 20 November in New York: the period
    // counts from Wednesday 21 (Thanksgiving 22 skipped) and ends Wednesday 28, as if
    // circulated on the 20th; in UTC it would have ended on Thursday 29.
    let mut s = Story::new();
    s.new_case(
        "LY-2012-N-035",
        "submitter:uk-mission",
        example("2009-p13b-notification.json"),
        "2012-11-19T10:00:00Z",
    );
    s.submit("submitter:uk-mission", "2012-11-19T11:00:00Z", vec![]);
    s.run("secretariat:scsob", "2012-11-21T03:00:00Z", Command::Circulate);
    let case = s.case.as_ref().unwrap();
    assert_eq!(case.circulated_on, Some("2012-11-20".parse().unwrap()));
    assert_eq!(case.deadline, Some("2012-11-28".parse().unwrap()));
}

#[test]
fn an_objection_to_a_notification_is_a_negative_decision() {
    let mut s = Story::new();
    s.new_case(
        "LY-2012-N-032",
        "submitter:uk-mission",
        example("2009-p13b-notification.json"),
        "2012-11-19T10:00:00Z",
    );
    s.submit("submitter:uk-mission", "2012-11-19T11:00:00Z", vec![]);
    s.run("secretariat:scsob", "2012-11-20T12:00:00Z", Command::Circulate);
    s.run(
        "member:PK",
        "2012-11-26T10:00:00Z",
        Command::Object { reason: "end user not eligible".into() },
    );
    let case = s.case.clone().unwrap();
    assert_eq!(case.status().as_str(), "negative_decision");
    s.run("system:clock", "2012-12-05T00:00:00Z", Command::Tick);
    assert_eq!(
        s.case.as_ref().unwrap().status().as_str(),
        "negative_decision",
        "terminal states stay terminal"
    );
}

#[test]
fn a_question_stops_the_notification_clock_and_the_answer_restarts_it() {
    let mut s = Story::new();
    s.new_case(
        "LY-2012-N-033",
        "submitter:uk-mission",
        example("2009-p13b-notification.json"),
        "2012-11-19T10:00:00Z",
    );
    s.submit("submitter:uk-mission", "2012-11-19T11:00:00Z", vec![]);
    s.run("secretariat:scsob", "2012-11-20T12:00:00Z", Command::Circulate);
    assert_eq!(s.case.as_ref().unwrap().deadline, Some("2012-11-28".parse().unwrap()));
    // Asked on Monday 26 Nov: 2 working days left (27, 28).
    s.run("member:FR", "2012-11-26T10:00:00Z", Command::Ask { question: "Which UN unit?".into() });
    assert_eq!(s.case.as_ref().unwrap().clock_stopped_with, Some(2));
    s.run("system:clock", "2012-12-03T10:00:00Z", Command::Tick);
    assert_eq!(s.case.as_ref().unwrap().status().as_str(), "awaiting_information");
    // Answered on Monday 3 Dec: deadline Wednesday 5 Dec.
    s.run(
        "submitter:uk-mission",
        "2012-12-03T11:00:00Z",
        Command::Answer { question: 0, answer: "UNSMIL".into() },
    );
    assert_eq!(s.case.as_ref().unwrap().deadline, Some("2012-12-05".parse().unwrap()));
    // The day ends at midnight in New York (EST, UTC-5), not at midnight UTC.
    s.run("system:clock", "2012-12-06T04:59:59Z", Command::Tick);
    assert_eq!(s.case.as_ref().unwrap().status().as_str(), "objection_period_running");
    s.run("system:clock", "2012-12-06T05:00:00Z", Command::Tick);
    assert_eq!(s.case.as_ref().unwrap().status().as_str(), "deemed_approved");
}

#[test]
fn validation_reports_every_problem_with_path_and_citation() {
    let registry = registry();
    let mut content = example("2016-gna-request.json");
    let date: jiff::civil::Date = "2016-06-24".parse().unwrap();
    let ground = ground_rules(&registry, &content.ground, date).unwrap();
    assert!(validate(&content, &ground, date, &[], &[])
        .iter()
        .all(|p| p.severity == Severity::Warning));

    content.items[1].quantity = 0;
    content.items[2].lethal = false;
    content.items.push(embargo_domain::procedure::model::Item {
        description: "ballistic helmets".into(),
        category: "ML13".into(),
        lethal: false,
        lethal_justification: Some("protective equipment".into()),
        quantity: 100,
        unit: Some("pieces".into()),
        value: None,
        calibre: None,
        serial_numbers: vec![],
        origin: None,
    });
    content.items.push(embargo_domain::procedure::model::Item {
        description: "ammunition, 5.56x45 mm".into(),
        category: "ML3".into(),
        lethal: true,
        lethal_justification: Some("ammunition".into()),
        quantity: 1000,
        unit: Some("rounds".into()),
        value: None,
        calibre: None,
        serial_numbers: vec![],
        origin: None,
    });
    content.delivery.dates.push("2016-05-01".parse().unwrap());
    content.documents.retain(|d| d.kind != "responsible_body_note");
    content.parties[3].government = Some("National Salvation Government".into());
    let hits = vec![ScreeningHit {
        party: 1,
        list: "UN".into(),
        reference: "LYe.001".into(),
        listed_name: "Example Defence Exports".into(),
        score: 0.93,
        list_version: Some(1),
    }];
    let problems = validate(&content, &ground, date, &hits, &[]);
    let rendered: Vec<String> = problems
        .iter()
        .map(|p| {
            format!("{:?} {} at {}: {} [{}]", p.severity, p.code, p.path, p.message, p.citation)
        })
        .collect();
    insta::assert_snapshot!(rendered.join("\n"));

    // A cleared hit no longer blocks.
    let clearance = embargo_domain::procedure::validate::Clearance {
        party: 1,
        reference: "LYe.001".into(),
        reason: "different company: registration number differs".into(),
        by: "secretariat:scsob".into(),
    };
    let after = validate(&content, &ground, date, &hits, &[clearance]);
    assert!(!after.iter().any(|p| p.code == "screening_hit"));
}

#[test]
fn lethal_items_are_refused_under_the_non_lethal_ground_and_grounds_out_of_force_are_named() {
    let registry = registry();
    let date: jiff::civil::Date = "2012-06-01".parse().unwrap();
    let ground = ground_rules(&registry, "un-libya/res1970-p9a", date).unwrap();
    let content = example("2016-gna-request.json");
    let problems = validate(&content, &ground, date, &[], &[]);
    assert!(problems
        .iter()
        .any(|p| p.code == "lethal_item_under_non_lethal_ground" && p.path == "items[0].lethal"));
    let err =
        ground_rules(&registry, "un-libya/res2174-p8", "2013-01-01".parse().unwrap()).unwrap_err();
    assert!(err.to_string().contains("res2009-p13a"), "{err}");
    assert!(ground_rules(&registry, "un-libya/res2095-p10", "2016-01-01".parse().unwrap()).is_err());
}

fn submitter_problem(
    content: &RequestContent,
    ground_id: &str,
    date: &str,
) -> Option<embargo_domain::procedure::Problem> {
    let registry = registry();
    let date: jiff::civil::Date = date.parse().unwrap();
    let ground = ground_rules(&registry, ground_id, date).unwrap();
    validate(content, &ground, date, &[], &[]).into_iter().find(|p| p.path == "submitter.kind")
}

#[test]
fn the_gna_focal_point_may_file_under_2174_para_8_only_from_resolution_2278() {
    let content = example("2016-gna-request.json");
    assert_eq!(content.submitter.kind, "recipient_focal_point");
    let before = submitter_problem(&content, "un-libya/res2174-p8", "2016-01-15")
        .expect("a focal point may not file before 2278");
    assert_eq!(before.code, "submitter_not_eligible");
    assert_eq!(before.severity, Severity::Error);
    assert!(before.message.contains("member_state_mission"), "{}", before.message);
    assert!(before.citation.contains("S/RES/2174 (2014) para 8"), "{}", before.citation);
    assert!(submitter_problem(&content, "un-libya/res2174-p8", "2016-06-24").is_none());

    // The state machine refuses to file it on 15 January 2016 (New York date).
    let mut s = Story::new();
    s.new_case("LY-2016-001", "submitter:gna", content, "2016-01-14T10:00:00Z");
    s.submit("submitter:gna", "2016-01-15T10:00:00Z", vec![]);
    assert_eq!(s.case.as_ref().unwrap().status().as_str(), "draft");
    assert!(s.out.contains("may not file under un-libya/res2174-p8"), "{}", s.out);
}

#[test]
fn only_the_government_of_sudan_may_request_a_darfur_exemption() {
    let mut content = example("2016-gna-request.json");
    content.ground = "un-sudan-darfur/res1945-p8-government".into();
    content.submitter = embargo_domain::procedure::model::Submitter {
        kind: "member_state_mission".into(),
        name: "Permanent Mission of France to the United Nations".into(),
        country: Some("FR".into()),
    };
    let p = submitter_problem(&content, "un-sudan-darfur/res1945-p8-government", "2020-05-04")
        .expect("a Member State may not request");
    assert_eq!(p.code, "submitter_not_eligible");
    assert!(p.message.contains("recipient_focal_point"), "{}", p.message);
    assert!(p.citation.contains("S/RES/1591 (2005) para 3(a)(v)"), "{}", p.citation);
    content.submitter.kind = "recipient_focal_point".into();
    content.submitter.country = Some("SD".into());
    assert!(submitter_problem(&content, "un-sudan-darfur/res1945-p8-government", "2020-05-04")
        .is_none());
}

#[test]
fn committee_data_has_fifteen_members_every_year_from_2011_to_2026() {
    let c = committee();
    assert_eq!(c.years().collect::<Vec<_>>(), (2011..=2026).collect::<Vec<_>>());
    for y in 2011..=2026 {
        assert_eq!(c.members(y).unwrap().len(), 15);
        for p in ["CN", "FR", "RU", "GB", "US"] {
            assert!(c.is_member(y, p));
        }
    }
    for m in ["ES", "LT", "CL", "NZ", "AO"] {
        assert!(c.is_member(2015, m));
    }
    assert!(!c.is_member(2015, "DE"));
    assert!(Committee::from_json(r#"{"years":[{"year":2015,"members":["CN"]}]}"#).is_err());
}

#[test]
fn an_approved_request_covers_a_transfer_only_within_quantity_end_user_and_validity() {
    use embargo_domain::procedure::authorization::covering;
    use embargo_domain::procedure::machine::DeliveryLine;
    let mut s = Story::new();
    s.new_case(
        "LY-2016-014",
        "submitter:gna",
        example("2016-gna-request.json"),
        "2016-06-23T10:00:00Z",
    );
    s.submit("submitter:gna", "2016-06-24T10:00:00Z", vec![]);
    s.run("secretariat:scsob", "2016-06-24T14:00:00Z", Command::Circulate);
    let military = registry().military().clone();
    let transfer = |date: &str, end_user: &str, category: &str, qty: u64| {
        let json = serde_json::json!({
            "date": date, "supplier_state": "IT", "origin": "IT", "destination": "LY",
            "end_user": {"name": end_user, "category": "government_forces", "government": "Government of National Accord"},
            "purpose": "security_assistance", "temporary": false,
            "items": [{"description": "x", "category": category, "quantity": qty, "lethal": true}]
        });
        embargo_domain::Transfer::from_json(&json.to_string(), &military).unwrap()
    };
    let pending = vec![s.case.clone().unwrap()];
    assert!(
        covering(&pending, &transfer("2016-09-01", "Presidential Guard", "ML1", 1)).is_none(),
        "not approved yet"
    );
    s.run(
        "chair:MY",
        "2016-07-06T09:00:00Z",
        Command::Approve {
            items: Some(vec![
                ItemApproval { item: 0, quantity: 3000 },
                ItemApproval { item: 1, quantity: 600000 },
            ]),
            conditions: vec![],
        },
    );
    s.run(
        "submitter:gna",
        "2016-08-16T09:00:00Z",
        Command::Deliver {
            date: "2016-08-15".parse().unwrap(),
            lines: vec![DeliveryLine { item: 0, quantity: 2000, serial_numbers: vec![] }],
        },
    );
    let cases = vec![s.case.clone().unwrap()];
    let ok = covering(&cases, &transfer("2016-09-01", "the Presidential Guard", "ML1", 1000))
        .expect("covered");
    assert_eq!(ok.reference, "LY-2016-014");
    assert_eq!(ok.items, vec![(0, 0, 1000)]);
    assert!(
        covering(&cases, &transfer("2016-09-01", "Presidential Guard", "ML1", 1001)).is_none(),
        "quantity left"
    );
    assert!(
        covering(&cases, &transfer("2016-09-01", "Libyan National Army", "ML1", 1)).is_none(),
        "end user"
    );
    assert!(
        covering(&cases, &transfer("2016-07-01", "Presidential Guard", "ML1", 1)).is_none(),
        "before approval"
    );
    assert!(
        covering(&cases, &transfer("2017-07-07", "Presidential Guard", "ML1", 1)).is_none(),
        "after validity"
    );
    assert!(
        covering(&cases, &transfer("2016-09-01", "Presidential Guard", "ML3", 600000)).is_some()
    );
    assert!(
        covering(&cases, &transfer("2016-09-01", "Presidential Guard", "ML6", 1)).is_none(),
        "category not approved"
    );
}

#[test]
fn a_question_asked_before_circulation_keeps_the_period_from_starting_until_answered() {
    let mut s = Story::new();
    s.new_case(
        "LY-2012-N-034",
        "submitter:uk-mission",
        example("2009-p13b-notification.json"),
        "2012-11-19T10:00:00Z",
    );
    s.submit("submitter:uk-mission", "2012-11-19T11:00:00Z", vec![]);
    s.run(
        "secretariat:scsob",
        "2012-11-19T15:00:00Z",
        Command::Ask { question: "Which UN unit?".into() },
    );
    s.run("secretariat:scsob", "2012-11-20T12:00:00Z", Command::Circulate);
    let case = s.case.clone().unwrap();
    assert_eq!(
        (case.status().as_str(), case.deadline, case.clock_stopped_with),
        ("awaiting_information", None, Some(5))
    );
    s.run("system:clock", "2012-12-10T00:00:00Z", Command::Tick);
    assert_eq!(s.case.as_ref().unwrap().status().as_str(), "awaiting_information");
    // Answered Monday 10 Dec: five working days end Monday 17 Dec.
    s.run(
        "submitter:uk-mission",
        "2012-12-10T09:00:00Z",
        Command::Answer { question: 0, answer: "UNSMIL".into() },
    );
    assert_eq!(s.case.as_ref().unwrap().deadline, Some("2012-12-17".parse().unwrap()));
}

/// The 2016 request, up to circulation, for the integrity tests below.
fn circulated_2016() -> Story {
    let mut s = Story::new();
    s.new_case(
        "LY-2016-014",
        "submitter:gna-focal-point",
        example("2016-gna-request.json"),
        "2016-06-23T10:00:00Z",
    );
    s.submit("submitter:gna-focal-point", "2016-06-24T10:00:00Z", vec![]);
    s.run("secretariat:scsob", "2016-06-24T14:00:00Z", Command::Circulate);
    s
}

fn last_step(s: &Story) -> &str {
    s.out.trim_end().rsplit("\n> ").next().unwrap_or_default()
}

#[test]
fn only_the_chair_of_the_year_and_the_secretariat_act_for_the_committee() {
    let mut s = Story::new();
    s.new_case(
        "LY-2016-014",
        "submitter:gna-focal-point",
        example("2016-gna-request.json"),
        "2016-06-23T10:00:00Z",
    );
    s.submit("submitter:gna-focal-point", "2016-06-24T10:00:00Z", vec![]);
    // A made-up secretariat identifier does not circulate.
    s.run("secretariat:sec", "2016-06-24T14:00:00Z", Command::Circulate);
    let step = last_step(&s);
    assert!(step.contains("REFUSED") && step.contains("not one of the secretariat"), "{step}");
    s.run("secretariat:scsob", "2016-06-24T14:00:00Z", Command::Circulate);
    let approve = || Command::Approve { items: None, conditions: vec![] };
    // Any `chair:` identifier used to approve; now only the State chairing that year.
    for (who, why) in [
        ("chair:chair", "MY chairs the un-libya committee in 2016, not CHAIR"),
        ("chair:RU", "MY chairs the un-libya committee in 2016, not RU"),
        ("chair:DE", "MY chairs the un-libya committee in 2016, not DE"),
    ] {
        s.run(who, "2016-07-06T09:00:00Z", approve());
        let step = last_step(&s);
        assert!(step.contains("REFUSED") && step.contains(why), "{who}: {step}");
    }
    s.run("chair:MY", "2016-07-06T09:00:00Z", approve());
    let step = last_step(&s);
    assert!(step.contains("status: approved"), "{step}");
}

#[test]
fn an_incident_is_reported_only_by_the_submitter_the_committee_or_the_panel() {
    let mut s = circulated_2016();
    s.run("chair:MY", "2016-07-06T09:00:00Z", Command::Approve { items: None, conditions: vec![] });
    let incident = || Command::Incident {
        kind: embargo_domain::procedure::machine::IncidentKind::Diversion,
        date: "2016-09-01".parse().unwrap(),
        description: "rifles seen with an armed group".into(),
    };
    for who in ["submitter:another-mission", "member:DE", "chair:DE", "secretariat:someone"] {
        s.run(who, "2016-09-02T09:00:00Z", incident());
        let step = last_step(&s);
        assert!(step.contains("REFUSED") && step.contains("may not incident"), "{who}: {step}");
    }
    for who in ["submitter:gna-focal-point", "member:FR", "panel:poe-libya", "secretariat:scsob"] {
        s.run(who, "2016-09-02T09:00:00Z", incident());
        let step = last_step(&s);
        assert!(step.contains("event incident_reported"), "{who}: {step}");
    }
}

#[test]
fn procedure_time_never_goes_backwards_along_a_request() {
    let mut s = circulated_2016();
    s.run(
        "member:RU",
        "2016-06-28T09:00:00Z",
        Command::Hold { reason: "quantities".into(), information_requested: None },
    );
    // The attack: a hold lifted before it was placed.
    s.run("member:RU", "2016-06-27T09:00:00Z", Command::Lift { hold: 0 });
    let step = last_step(&s);
    assert!(
        step.contains("REFUSED")
            && step.contains("2016-06-27T09:00:00Z")
            && step.contains("2016-06-28T09:00:00Z"),
        "{step}"
    );
    // The same instant, or later, is fine.
    s.run("member:RU", "2016-06-28T09:00:00Z", Command::Lift { hold: 0 });
    assert!(last_step(&s).contains("event hold_lifted"), "{}", last_step(&s));
}
