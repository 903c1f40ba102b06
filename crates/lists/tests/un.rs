//! UN consolidated list: the hand-written fixtures and the three real files.

mod common;

use embargo_lists::model::{AliasQuality, BirthDate, Kind, Source};
use embargo_lists::{parse_all, Format};

#[test]
fn fixture_maps_every_field() {
    let (header, all) =
        parse_all(common::open(&common::fixtures().join("un/consolidated_fixture.xml")), None)
            .unwrap();
    assert_eq!(header.format, Format::UnXml);
    assert_eq!(header.source, Source::Un);
    assert_eq!(header.published.unwrap().to_string(), "2026-03-02");
    assert_eq!(all.len(), 2);
    let p = &all[0];
    assert_eq!(p.reference, "LYi.950");
    assert_eq!(p.kind, Kind::Person);
    assert_eq!(p.primary_name, "ORVEL QUINTAS MARROWBY");
    assert_eq!(p.aliases.len(), 2);
    assert_eq!(
        (p.aliases[0].name.as_str(), p.aliases[0].quality),
        ("Orvel Marrowbi", AliasQuality::Strong)
    );
    assert_eq!(
        (p.aliases[1].name.as_str(), p.aliases[1].quality),
        ("Abu Quintas", AliasQuality::Weak)
    );
    assert_eq!(p.original_script_names, vec!["اورفل قنطاس ماروبي"]);
    assert_eq!(p.birth_dates.len(), 2);
    assert!(
        matches!(&p.birth_dates[0], BirthDate::Exact { date, .. } if date.to_string() == "1971-08-14")
    );
    assert!(matches!(&p.birth_dates[1], BirthDate::Range { from: 1970, to: 1972, .. }));
    assert_eq!(p.documents.len(), 1);
    assert_eq!(p.documents[0].number, "ZZ0099887");
    assert_eq!(p.documents[0].country.as_ref().unwrap().iso2.as_deref(), Some("LY"));
    assert_eq!(p.nationalities[0].iso2.as_deref(), Some("LY"));
    assert_eq!(p.birth_places[0].text, "Zuwara");
    assert_eq!(p.addresses[0].text, "Tripoli (as of 2025)");
    assert_eq!(p.programmes, vec!["Libya"]);
    assert_eq!(p.regimes, vec!["un-libya"]);
    assert_eq!(p.listed_on.unwrap().to_string(), "2025-11-01");
    let remarks = p.remarks.as_deref().unwrap();
    assert!(remarks.contains("Colonel") && remarks.contains("Gender: Male"), "{remarks}");
    let e = &all[1];
    assert_eq!(e.reference, "LYe.950");
    assert_eq!(e.kind, Kind::Entity);
    assert!(e.aliases.is_empty());
    assert!(e.addresses.is_empty());
}

#[test]
fn deviations_fixture_survives_real_world_quirks() {
    let (header, all) =
        parse_all(common::open(&common::fixtures().join("un/consolidated_deviations.xml")), None)
            .unwrap();
    assert_eq!(header.published.unwrap().to_string(), "2018-10-29");
    assert_eq!(all.len(), 3);
    let q = &all[0];
    assert_eq!(q.reference, "QDi.950");
    assert_eq!(q.primary_name, "QUINTAS ABU AL-MARROWBI");
    assert_eq!(q.listed_on.unwrap().to_string(), "2015-07-01");
    let names: Vec<&str> = q.aliases.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["Quintas Marrowbi", "Kuintas Marobi", "Hassan Ghul", "Hassan Gul"]);
    assert_eq!(q.aliases[2].quality, AliasQuality::Weak);
    assert_eq!(q.original_script_names, vec!["قنطاس", "حسن غول"]);
    assert_eq!(q.nationalities.len(), 1);
    assert_eq!(q.nationalities[0].iso2.as_deref(), Some("TN"));
    // alias DOB, exact DOB with tz suffix and a note, approximate year, note-only date.
    assert_eq!(q.birth_dates.len(), 4, "{:?}", q.birth_dates);
    assert!(q
        .birth_dates
        .iter()
        .any(|b| matches!(b, BirthDate::Exact { date, .. } if date.to_string() == "1960-01-01")));
    assert!(q
        .birth_dates
        .iter()
        .any(|b| matches!(b, BirthDate::Year { year: 1961, approximate: true, .. })));
    assert!(q
        .birth_dates
        .iter()
        .any(|b| matches!(b, BirthDate::Unparsed { raw } if raw.contains("Hijri"))));
    assert_eq!(q.birth_places[0].text, "Manono Territory");
    assert_eq!(q.birth_places[0].country.as_ref().unwrap().iso2.as_deref(), Some("CD"));
    assert_eq!(q.addresses[0].text, "as of early 2016");
    assert_eq!(q.documents[0].number, "P 12345");
    assert_eq!(q.documents[0].doc_type, "Numéro de passeport");
    assert_eq!(q.documents[0].country.as_ref().unwrap().iso2.as_deref(), Some("PK"));
    assert_eq!(q.regimes, vec!["un-isil-aq"]);
    let y = &all[1];
    assert!(
        y.aliases.is_empty()
            && y.addresses.is_empty()
            && y.birth_places.is_empty()
            && y.documents.is_empty()
    );
    let k = &all[2];
    assert_eq!(k.reference, "KPe.950");
    assert!(k.aliases[0].former && k.aliases[0].quality == AliasQuality::Strong);
    assert!(!k.aliases[1].former);
    assert_eq!(k.addresses.len(), 1);
    assert_eq!(k.regimes, vec!["un-dprk"]);
}

fn count(file: &str) -> Option<(usize, usize, usize, usize, String)> {
    let dir = common::shared_data()?;
    let (header, all) = parse_all(common::open(&dir.join("un").join(file)), None).unwrap();
    let persons = all.iter().filter(|d| d.kind == Kind::Person).count();
    let entities = all.iter().filter(|d| d.kind == Kind::Entity).count();
    let libya = all.iter().filter(|d| d.regimes.iter().any(|r| r == "un-libya")).count();
    let mut refs: Vec<&str> = all.iter().map(|d| d.reference.as_str()).collect();
    refs.sort_unstable();
    refs.dedup();
    assert_eq!(refs.len(), all.len(), "references are unique in {file}");
    Some((all.len(), persons, entities, libya, header.published.unwrap().to_string()))
}

#[test]
fn real_un_2026_counts_match_provenance() {
    let Some(c) = count("consolidated_2026-02-27.xml") else { return };
    assert_eq!(c, (1003, 730, 273, 30, "2026-02-27".to_owned()));
}

#[test]
fn real_un_2025_counts_match_provenance() {
    let Some(c) = count("consolidated_2025-08-02.xml") else { return };
    assert_eq!(c, (879, 684, 195, 30, "2025-08-02".to_owned()));
}

#[test]
fn real_un_2018_compact_layout_counts_match_provenance() {
    let Some(c) = count("consolidated_2018-10-29.xml") else { return };
    assert_eq!(c, (1093, 703, 390, 29, "2018-10-29".to_owned()));
}

#[test]
fn real_un_2026_regimes_and_aliases() {
    let Some(dir) = common::shared_data() else { return };
    let (_, all) =
        parse_all(common::open(&dir.join("un/consolidated_2026-02-27.xml")), None).unwrap();
    // Every record maps to a regime, and the per-regime counts match PROVENANCE.md.
    let n =
        |r: &str| all.iter().filter(|d| d.regimes.first().map(String::as_str) == Some(r)).count();
    assert_eq!(n("un-isil-aq"), 341);
    assert_eq!(n("un-dprk"), 155);
    assert_eq!(n("un-taliban"), 140);
    assert_eq!(n("un-iran"), 121);
    assert_eq!(n("un-libya"), 30);
    assert_eq!(n("un-south-sudan"), 8);
    assert!(all.iter().all(|d| d.regimes.len() == 1));
    let with_script = all.iter().filter(|d| !d.original_script_names.is_empty()).count();
    assert!(with_script >= 378, "{with_script} records with original-script names");
    // 712 records carry at least one non-empty alias (a Latin alias, or a script-only one).
    let with_alias =
        all.iter().filter(|d| !d.aliases.is_empty() || d.original_script_names.len() > 1).count();
    assert!((700..=712).contains(&with_alias), "{with_alias}");
    let gaddafi = all.iter().find(|d| d.reference == "LYi.010").unwrap();
    assert!(gaddafi.primary_name.contains("QADHAFI"), "{}", gaddafi.primary_name);
}

#[test]
fn real_un_diff_2025_to_2026() {
    let Some(dir) = common::shared_data() else { return };
    let (_, old) =
        parse_all(common::open(&dir.join("un/consolidated_2025-08-02.xml")), None).unwrap();
    let (_, new) =
        parse_all(common::open(&dir.join("un/consolidated_2026-02-27.xml")), None).unwrap();
    let diff = embargo_lists::diff::diff(&old, &new);
    assert_eq!(diff.added.len(), 127);
    let removed: Vec<&str> = diff.removed.iter().map(|e| e.reference.as_str()).collect();
    assert_eq!(removed, vec!["IQi.074", "QDi.317", "QDi.336"]);
    let prefix = |p: &str| diff.added.iter().filter(|e| e.reference.starts_with(p)).count();
    assert_eq!((prefix("IRe"), prefix("IRi"), prefix("SDi"), prefix("HTi")), (78, 43, 4, 2));
    for c in &diff.changed {
        eprintln!("changed {} {:?}", c.reference, c.fields);
    }
    assert_eq!(diff.changed.len(), 12);
}
