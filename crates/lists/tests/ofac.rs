//! OFAC: the hand-written CSV set and XML fixtures, and the real SDN/non-SDN files.

mod common;

use std::path::Path;

use embargo_lists::model::{AliasQuality, BirthDate, Designation, Kind, Source};
use embargo_lists::ofac_csv::{parse_set, Companions};
use embargo_lists::{parse_all, Format};

fn read_set(dir: &Path, prefix: &str) -> Vec<Designation> {
    let open = |name: &str| -> Option<Box<dyn std::io::Read + Send>> {
        let p = dir.join(name);
        p.exists().then(|| Box::new(common::open(&p)) as Box<dyn std::io::Read + Send>)
    };
    let (primary, alt, add, comments) = if prefix == "sdn" {
        ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
    } else {
        ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")
    };
    let companions = Companions { alt: open(alt), add: open(add), comments: open(comments) };
    let list = parse_set(common::open(&dir.join(primary)), companions).unwrap();
    assert_eq!(list.header().format, Format::OfacCsv);
    list.collect::<Result<Vec<_>, _>>().unwrap()
}

#[test]
fn csv_fixture_set_joins_companions_and_remarks() {
    let all = read_set(&common::fixtures().join("ofac/sdn_set"), "sdn");
    assert_eq!(all.len(), 4);
    let p = &all[0];
    assert_eq!((p.reference.as_str(), p.kind, p.source), ("99901", Kind::Person, Source::Ofac));
    assert_eq!(p.primary_name, "Orvel Quintas MARROWBY");
    assert_eq!(p.programmes, vec!["LIBYA3"]);
    assert!(p.regimes.is_empty(), "OFAC programmes are US programmes, not UN regimes");
    let aliases: Vec<(&str, AliasQuality, bool)> =
        p.aliases.iter().map(|a| (a.name.as_str(), a.quality, a.former)).collect();
    assert_eq!(
        aliases,
        vec![
            ("Orvel MARROWBI", AliasQuality::Strong, false),
            ("ABU QUINTAS", AliasQuality::Weak, false)
        ]
    );
    assert_eq!(p.birth_dates.len(), 2);
    assert!(
        matches!(&p.birth_dates[0], BirthDate::Exact { date, .. } if date.to_string() == "1971-08-14")
    );
    assert!(matches!(&p.birth_dates[1], BirthDate::Year { year: 1972, .. }));
    assert_eq!(p.birth_places[0].text, "Zuwara, Libya");
    assert_eq!(p.birth_places[0].country.as_ref().unwrap().iso2.as_deref(), Some("LY"));
    assert_eq!(p.nationalities[0].iso2.as_deref(), Some("LY"));
    assert_eq!(p.documents.len(), 1);
    assert_eq!(
        (p.documents[0].doc_type.as_str(), p.documents[0].number.as_str()),
        ("Passport", "ZZ0099887")
    );
    assert_eq!(p.addresses[0].text, "Fictional Street 12, Tripoli");
    assert!(p.remarks.as_deref().unwrap().contains("Gender Male"));

    let e = &all[1];
    assert_eq!(e.kind, Kind::Entity);
    assert!(e.aliases[0].former);
    assert_eq!(e.addresses[0].text, "Tripoli");

    let v = &all[2];
    assert_eq!(v.kind, Kind::Vessel);
    assert!(v.addresses.is_empty(), "the all-null add.csv row is a placeholder");
    assert_eq!(v.documents[0].number, "IMO 1234567");
    assert!(v.remarks.as_deref().unwrap().contains("Call sign: 5AXX9"));

    // Remark cut at 1000 characters and continued in sdn_comments.csv.
    let t = &all[3];
    assert_eq!(t.programmes, vec!["LIBYA3", "SDGT"]);
    assert!(matches!(&t.birth_dates[0], BirthDate::Range { from: 1960, to: 1962, .. }));
    assert_eq!(t.aliases[0].name, "SEA WOLF");
    let remarks = t.remarks.as_deref().unwrap();
    assert!(remarks.contains("Linked To: FICTIONAL SHIPPING COMPANY NUMBER 018;"), "{remarks}");
    assert!(remarks.contains("NUMBER 039."), "{remarks}");
}

#[test]
fn xml_fixture_matches_the_csv_reading() {
    let (header, all) =
        parse_all(common::open(&common::fixtures().join("ofac/xml/sdn.xml")), None).unwrap();
    assert_eq!(header.format, Format::OfacXml);
    assert_eq!(header.published.unwrap().to_string(), "2026-03-02");
    assert_eq!(all.len(), 2);
    let csv = read_set(&common::fixtures().join("ofac/sdn_set"), "sdn");
    let (x, c) = (&all[0], &csv[0]);
    assert_eq!(x.primary_name, c.primary_name);
    assert_eq!(x.aliases, c.aliases);
    assert_eq!(x.birth_dates, c.birth_dates);
    assert_eq!(x.birth_places, c.birth_places);
    assert_eq!(x.nationalities, c.nationalities);
    assert_eq!(x.documents, c.documents);
    assert_eq!(x.addresses, c.addresses);
    assert_eq!(all[1].kind, Kind::Vessel);
    assert_eq!(all[1].documents[0].number, "IMO 1234567");
}

#[test]
fn xml_record_count_mismatch_is_an_error() {
    let text = std::fs::read_to_string(common::fixtures().join("ofac/xml/sdn.xml")).unwrap();
    let start = text.find("  <sdnEntry>\n    <uid>99903").unwrap();
    let end = text.find("</sdnList>").unwrap();
    let cut = format!("{}{}", &text[..start], &text[end..]);
    let err = parse_all(std::io::Cursor::new(cut), None).unwrap_err();
    assert!(err.to_string().contains("announces 2 entries"), "{err}");
}

#[test]
fn real_sdn_2021_csv_set_counts_match_provenance() {
    let Some(dir) = common::shared_data() else { return };
    let all = read_set(&dir.join("ofac/sdn_2021-06-29"), "sdn");
    assert_eq!(all.len(), 8976);
    let kind = |k: Kind| all.iter().filter(|d| d.kind == k).count();
    assert_eq!(
        (kind(Kind::Person), kind(Kind::Entity), kind(Kind::Vessel), kind(Kind::Aircraft)),
        (4620, 3673, 406, 277)
    );
    let strong: usize = all
        .iter()
        .map(|d| d.aliases.iter().filter(|a| a.quality == AliasQuality::Strong).count())
        .sum();
    assert_eq!(strong, 11_910, "every alt.csv row is one strong alias");
    let former: usize = all
        .iter()
        .map(|d| d.aliases.iter().filter(|a| a.former && a.quality == AliasQuality::Strong).count())
        .sum();
    assert_eq!(former, 369, "fka rows");
    let with_alt =
        all.iter().filter(|d| d.aliases.iter().any(|a| a.quality == AliasQuality::Strong)).count();
    assert_eq!(with_alt, 4139);
    let weak: usize = all
        .iter()
        .map(|d| d.aliases.iter().filter(|a| a.quality == AliasQuality::Weak).count())
        .sum();
    assert!(weak > 2000, "weak aliases from remarks: {weak}");
    let libya =
        all.iter().filter(|d| d.programmes.iter().any(|p| p == "LIBYA2" || p == "LIBYA3")).count();
    assert_eq!(libya, 73);
    let mut programs: Vec<&str> =
        all.iter().flat_map(|d| d.programmes.iter().map(String::as_str)).collect();
    programs.sort_unstable();
    programs.dedup();
    assert_eq!(programs.len(), 67);
    assert!(all.iter().all(|d| d.regimes.is_empty()));
    let qadhafi = all.iter().find(|d| d.primary_name == "Muammar QADHAFI");
    assert!(qadhafi.is_some_and(|q| q.kind == Kind::Person));
    let dobs = all.iter().filter(|d| !d.birth_dates.is_empty()).count();
    assert!(dobs > 3000, "{dobs}");
}

#[test]
fn real_non_sdn_csv_set_and_xml_counts_match_provenance() {
    let Some(dir) = common::shared_data() else { return };
    let csv = read_set(&dir.join("ofac/non_sdn_2025-12-19"), "cons");
    assert_eq!(csv.len(), 442);
    let strong: usize = csv
        .iter()
        .map(|d| d.aliases.iter().filter(|a| a.quality == AliasQuality::Strong).count())
        .sum();
    assert_eq!(strong, 1073);
    let (header, xml) =
        parse_all(common::open(&dir.join("ofac/consolidated_non_sdn_2025-03-28.xml")), None)
            .unwrap();
    assert_eq!(header.published.unwrap().to_string(), "2025-03-28");
    assert_eq!(xml.len(), 443);
    let persons = xml.iter().filter(|d| d.kind == Kind::Person).count();
    assert_eq!((persons, xml.len() - persons), (80, 363));
    let aliases: usize = xml.iter().map(|d| d.aliases.len()).sum();
    assert!(
        (1100..=1136).contains(&aliases),
        "{aliases} of 1136 aka elements after de-duplication"
    );
    let zahhar = xml.iter().find(|d| d.reference == "9647").unwrap();
    assert_eq!(zahhar.primary_name, "Mahmoud Khaled ZAHHAR");
    assert_eq!(zahhar.aliases.iter().filter(|a| a.quality == AliasQuality::Weak).count(), 2);
    assert_eq!(zahhar.nationalities[0].iso2.as_deref(), Some("PS"));
}

#[test]
fn real_sdn_2024_primary_file_alone_counts() {
    let Some(dir) = common::shared_data() else { return };
    let (header, all) =
        parse_all(common::open(&dir.join("ofac/sdn_2024-07-02.csv")), None).unwrap();
    assert_eq!(header.format, Format::OfacCsv);
    assert_eq!(all.len(), 15_443);
    let kind = |k: Kind| all.iter().filter(|d| d.kind == k).count();
    assert_eq!(
        (kind(Kind::Person), kind(Kind::Entity), kind(Kind::Vessel), kind(Kind::Aircraft)),
        (6927, 7270, 872, 374)
    );
    let libya =
        all.iter().filter(|d| d.programmes.iter().any(|p| p == "LIBYA2" || p == "LIBYA3")).count();
    assert_eq!(libya, 72);
}
