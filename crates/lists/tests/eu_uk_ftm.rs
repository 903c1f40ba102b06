//! EU FSF XML, UK CSV (ConList and UKSL) and FollowTheMoney fixtures (no real files exist).

mod common;

use embargo_lists::model::{AliasQuality, BirthDate, Kind, Source};
use embargo_lists::{parse_all, Format};

#[test]
fn eu_fixture() {
    let (header, all) =
        parse_all(common::open(&common::fixtures().join("eu/fsf_fixture.xml")), None).unwrap();
    assert_eq!(header.format, Format::EuXml);
    assert_eq!(header.published.unwrap().to_string(), "2026-03-02");
    assert_eq!(all.len(), 2);
    let p = &all[0];
    assert_eq!((p.source, p.reference.as_str(), p.kind), (Source::Eu, "EU.9901.77", Kind::Person));
    assert_eq!(p.primary_name, "Orvel Quintas MARROWBY");
    assert_eq!(p.original_script_names, vec!["اورفل قنطاس ماروبي"]);
    assert_eq!(p.aliases.len(), 1);
    assert_eq!(
        (p.aliases[0].name.as_str(), p.aliases[0].quality),
        ("Abu Quintas", AliasQuality::Weak)
    );
    assert!(
        matches!(&p.birth_dates[0], BirthDate::Exact { date, approximate: false, .. } if date.to_string() == "1971-08-14")
    );
    assert!(matches!(&p.birth_dates[1], BirthDate::Year { year: 1972, approximate: true, .. }));
    assert_eq!(p.nationalities[0].iso2.as_deref(), Some("LY"));
    assert_eq!(p.documents[0].number, "ZZ0099887");
    assert_eq!(p.documents[0].country.as_ref().unwrap().iso2.as_deref(), Some("LY"));
    assert_eq!(p.programmes, vec!["LBY"]);
    assert_eq!(p.listed_on.unwrap().to_string(), "2025-11-03");
    assert_eq!(p.addresses[0].text, "Fictional Street 12, Tripoli");
    assert_eq!(p.birth_places[0].text, "Zuwara");
    let v = &all[1];
    assert_eq!(v.kind, Kind::Vessel);
    assert_eq!(v.documents[0].country, None, "country 00 is unknown");
    assert_eq!(
        v.listed_on.unwrap().to_string(),
        "2025-11-03",
        "falls back to the earliest regulation date"
    );
}

#[test]
fn uk_conlist_fixture_groups_rows() {
    let (header, all) =
        parse_all(common::open(&common::fixtures().join("uk/ConList.csv")), None).unwrap();
    assert_eq!(header.format, Format::UkCsv);
    assert_eq!(header.published.unwrap().to_string(), "2026-01-15");
    assert_eq!(all.len(), 2);
    let p = &all[0];
    assert_eq!((p.source, p.reference.as_str(), p.kind), (Source::Uk, "99001", Kind::Person));
    assert_eq!(p.primary_name, "Orvel Quintas MARROWBY");
    let aliases: Vec<(&str, AliasQuality)> =
        p.aliases.iter().map(|a| (a.name.as_str(), a.quality)).collect();
    assert_eq!(
        aliases,
        vec![("Orvel MARROWBI", AliasQuality::Strong), ("ABU QUINTAS", AliasQuality::Weak)]
    );
    assert_eq!(p.birth_dates.len(), 2);
    assert!(matches!(&p.birth_dates[1], BirthDate::Year { year: 1972, .. }));
    assert_eq!(p.original_script_names, vec!["اورفل قنطاس ماروبي"]);
    assert_eq!(p.documents[0].number, "ZZ0099887");
    assert_eq!(p.documents[0].country.as_ref().unwrap().iso2.as_deref(), Some("LY"));
    assert_eq!(p.listed_on.unwrap().to_string(), "2025-11-01");
    assert_eq!(
        p.regimes,
        vec!["un-libya"],
        "a UN-derived UK listing maps through its UN reference"
    );
    assert_eq!(p.addresses.len(), 1);
    assert_eq!(all[1].kind, Kind::Entity);
}

#[test]
fn uk_sanctions_list_fixture() {
    let (header, all) =
        parse_all(common::open(&common::fixtures().join("uk/UK-Sanctions-List.csv")), None)
            .unwrap();
    assert_eq!(header.published.unwrap().to_string(), "2026-03-02");
    assert_eq!(all.len(), 1);
    let p = &all[0];
    assert_eq!(p.reference, "LIB9901");
    assert_eq!(p.primary_name, "Orvel Quintas MARROWBY");
    assert_eq!(p.aliases.len(), 2);
    assert_eq!(p.aliases[1].quality, AliasQuality::Weak);
    assert!(matches!(&p.birth_dates[1], BirthDate::Year { year: 1972, .. }));
    assert_eq!(p.programmes, vec!["The Libya (Sanctions) (EU Exit) Regulations 2020"]);
    assert_eq!(p.listed_on.unwrap().to_string(), "2025-11-03");
    assert_eq!(p.regimes, vec!["un-libya"]);
}

#[test]
fn ftm_fixture_joins_adjacent_entities() {
    let (header, all) =
        parse_all(common::open(&common::fixtures().join("ftm/entities.ftm.json")), None).unwrap();
    assert_eq!(header.format, Format::FtmJson);
    assert_eq!(all.len(), 3, "Address, Passport and Sanction lines are not designations");
    let p = &all[0];
    assert_eq!(
        (p.source, p.reference.as_str(), p.kind),
        (Source::Ftm, "fx-marrowby-orvel", Kind::Person)
    );
    assert_eq!(p.primary_name, "Orvel Quintas MARROWBY");
    assert_eq!(p.original_script_names, vec!["اورفل قنطاس ماروبي"]);
    let aliases: Vec<(&str, AliasQuality)> =
        p.aliases.iter().map(|a| (a.name.as_str(), a.quality)).collect();
    assert_eq!(
        aliases,
        vec![("Orvel Marrowbi", AliasQuality::Strong), ("Abu Quintas", AliasQuality::Weak)]
    );
    assert_eq!(
        p.documents.len(),
        1,
        "passport from the property and the Passport entity, de-duplicated"
    );
    assert_eq!(p.documents[0].country.as_ref().unwrap().iso2.as_deref(), Some("LY"));
    assert_eq!(p.addresses[0].text, "Fictional Street 12, Tripoli, Libya");
    assert!(
        p.programmes.contains(&"UN-SC1970".to_owned())
            && p.programmes.contains(&"Libya".to_owned())
    );
    assert_eq!(p.regimes, vec!["un-libya"]);
    assert_eq!(p.listed_on.unwrap().to_string(), "2025-11-01");
    assert!(matches!(&p.birth_dates[1], BirthDate::Year { year: 1972, .. }));
    let c = &all[1];
    assert_eq!(c.kind, Kind::Entity);
    assert!(c.aliases[0].former);
    assert_eq!(all[2].kind, Kind::Vessel);
    assert_eq!(all[2].documents[0].number, "IMO1234567");
}
