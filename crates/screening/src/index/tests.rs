//! Tests of the index: building, searching, comparing, the per-thread cache.

use super::*;

#[test]
fn a_query_field_of_many_names_is_read_as_a_bounded_few() {
    // A forged field of a thousand names is not a thousand searches.
    let field = vec!["Kalvimar Teymuri"; 1000].join("; ");
    let readings = search::query_readings(&field, None);
    assert_eq!(readings.len(), 1 + search::MAX_QUERY_READINGS);
    assert_eq!(readings[0], field);
    // A field of a few names is read whole and as each.
    assert_eq!(search::query_readings("Abas Rashidi; Abbas Rashedi", None).len(), 3);
    assert_eq!(search::query_readings("Abas Rashidi", None), ["Abas Rashidi"]);
    // A nickname in quotes: the whole, and the name without it.
    for name in ["Ismo \"El Tordo\" Kalvimar", "Ismo \u{201C}El Tordo\u{201D} Kalvimar"] {
        let readings = search::query_readings(name, None);
        assert_eq!(readings[1..], ["Ismo Kalvimar"], "{name}");
        assert_eq!(search::query_readings(name, Some(Kind::Person)).len(), 2);
    }
    // In an organisation's name the quotes hold its own name.
    for (name, kind) in
        [("OOO \"Kalvimar\"", None), ("Ismo \"Kalvimar\" Trading", Some(Kind::Entity))]
    {
        assert_eq!(search::query_readings(name, kind).len(), 1, "{name}");
    }
    // Quotes around the whole name, an unclosed quote, empty quotes: the name alone.
    for name in ["\"Kalvimar\"", "Ismo \"Kalvimar", "Ismo \"\" Kalvimar"] {
        assert_eq!(search::query_readings(name, None).len(), 1, "{name}");
    }
    // The search still finds the people of such a field, under the bound.
    let index = Index::build(vec![rec("KT", Kind::Person, &["KALVIMAR TEYMURI"])]);
    let opts = Options { threshold: 0.7, limit: 10, lists: None };
    assert!(index.search(&Query::name(field), &opts).iter().any(|h| h.id == "KT"));
}

fn rec(id: &str, kind: Kind, names: &[&str]) -> Record {
    Record {
        id: id.into(),
        list: "un".into(),
        reference: id.into(),
        kind,
        names: names.iter().map(|n| (*n).to_owned()).collect(),
        birth_dates: Vec::new(),
        nationalities: Vec::new(),
        documents: Vec::new(),
    }
}

/// The per-thread unit cache returns what retrieval would: the same hits cold and warm, as
/// brute force, and with two indexes searched in turn (a unit cached for one index is
/// never an answer for the other), even when a generation turns over.
#[test]
fn unit_cache_is_exact() {
    let a = Index::build(vec![
        rec("A1", Kind::Person, &["Abdoulaye Karim SAMBA", "Abdullahi Kareem Samba"]),
        rec("A2", Kind::Person, &["OMAR, Mahamat Youssouf"]),
        rec("A3", Kind::Entity, &["Golden Star Trading Co Ltd"]),
    ]);
    let b = Index::build(vec![
        rec("B1", Kind::Person, &["Umar Mahammad Yusuf"]),
        rec("B2", Kind::Person, &["Karim Abdallah Sambo"]),
        rec("B3", Kind::Entity, &["Gold Star Trading Company"]),
    ]);
    assert_ne!(a.id, b.id);
    let queries = [
        "Abdulahi Karim Samba",
        "Oumar Mahamat Yousouf",
        "Omar Yusuf",
        "golden star trading",
        "Karim Sambo Abdallah",
        "Abdulahi Karim Samba",
    ];
    let opts = Options { threshold: 0.5, ..Options::default() };
    let refs = |hits: Vec<Hit>| -> Vec<(String, f64)> {
        hits.into_iter().map(|h| (h.reference, h.score)).collect()
    };
    let run = |index: &Index| -> Vec<Vec<(String, f64)>> {
        queries.iter().map(|q| refs(index.search(&Query::name(*q), &opts))).collect()
    };
    let brute = |index: &Index| -> Vec<Vec<(String, f64)>> {
        queries.iter().map(|q| refs(index.search_exhaustive(&Query::name(*q), &opts))).collect()
    };
    let (cold_a, cold_b) = (run(&a), run(&b));
    assert!(cold_a.iter().any(|h| !h.is_empty()) && cold_b.iter().any(|h| !h.is_empty()));
    assert_eq!(cold_a, brute(&a));
    assert_eq!(cold_b, brute(&b));
    for _ in 0..3 {
        assert_eq!(run(&a), cold_a);
        assert_eq!(run(&b), cold_b);
    }
    // Fill a generation and more with other words, then search again.
    for i in 0..(UNIT_CACHE_GENERATION / 4) {
        a.search(&Query::name(format!("x{i}q y{i}z")), &opts);
    }
    assert_eq!(run(&a), cold_a);
    assert_eq!(run(&b), cold_b);
}

#[test]
fn an_acronym_the_record_spells_out_stands_for_its_own_words() {
    let index = Index::build(vec![
        rec("VS", Kind::Entity, &["VARNEL SUPPLY COUNCIL (VSC)"]),
        rec("KR", Kind::Entity, &["KELMAR RIVER TRANSPORT", "KRT"]),
    ]);
    let opts = Options { threshold: 0.7, limit: 10, lists: None };
    let ids = |name: &str| -> Vec<String> {
        let q = Query { name: name.into(), kind: Some(Kind::Entity), ..Query::default() };
        index.search(&q, &opts).into_iter().map(|h| h.id).collect()
    };
    // Other words with the acronym's initials are another body.
    assert!(ids("Vesta Sporting Club").is_empty());
    assert!(ids("Kora Racing Team").is_empty());
    // Its own words, spelled another way or half of them the same, are the body; an acronym
    // no name of its record spells out still meets any words with its initials.
    assert_eq!(ids("Varnel Supply Council"), ["VS"]);
    assert_eq!(ids("Varnelian Supply Committee"), ["VS"]);
    assert_eq!(ids("VSC"), ["VS"]);
    let bare = Index::build(vec![rec("AC", Kind::Entity, &["VSC"])]);
    let q =
        Query { name: "Vesta Sporting Club".into(), kind: Some(Kind::Entity), ..Query::default() };
    assert_eq!(bare.search(&q, &opts).len(), 1);
    // Leave-one-out: a held-out name spells nothing, and an acronym with the words after it
    // spells no acronym of its own ("KRT TRANSPORT" is no run of "KT").
    let q = Query {
        name: "Kelmar River Transport".into(),
        kind: Some(Kind::Entity),
        ..Query::default()
    };
    assert!(index.search_without(&q, &opts, 1, &[0]).iter().any(|h| h.id == "KR"));
    for name in ["Kora Racing Team", "Varnel Supply Council"] {
        let q = Query { name: name.into(), kind: Some(Kind::Entity), ..Query::default() };
        assert_eq!(index.search(&q, &opts), index.search_exhaustive(&q, &opts), "{name}");
    }
}

#[test]
fn an_organisation_query_with_its_own_acronym_is_also_read_without_it() {
    let readings = |name, kind| search::query_readings(name, kind);
    assert_eq!(
        readings("Tarsel Metal Works (TMW)", Some(Kind::Entity)),
        ["Tarsel Metal Works (TMW)", "Tarsel Metal Works"]
    );
    assert_eq!(readings("Tarsel Metal Works (TMW)", None).len(), 2);
    // Not a person's initials, and not letters the name does not spell.
    assert_eq!(readings("Karim Tarsel (KT)", Some(Kind::Person)).len(), 1);
    assert_eq!(readings("Tarsel Metal Works (XQZ)", Some(Kind::Entity)).len(), 1);
    let index = Index::build(vec![rec("TM", Kind::Entity, &["TARSEL METAL WORKS"])]);
    let opts = Options { threshold: 0.0, limit: 10, lists: None };
    let q = Query {
        name: "Tarsel Metal Works (TMW)".into(),
        kind: Some(Kind::Entity),
        ..Query::default()
    };
    assert_eq!(index.search(&q, &opts)[0].score, 1.0);
}

#[test]
fn an_organisation_found_whole_at_the_opening_of_a_longer_query_is_retrieved() {
    // The index bounds a candidate by its containment too: an organisation's name found whole
    // before other words (`Words::contained`) must not be pruned ("2006-2 minullah" against a
    // body named "2006-2", a case the property test found).
    let index = Index::build(vec![rec("r0", Kind::Entity, &["2006-2"])]);
    let opts = Options { threshold: 0.5, limit: 10, lists: None };
    let q = Query::name("2006-2 minullah".to_string());
    assert!(!index.search_exhaustive(&q, &opts).is_empty());
    assert_eq!(index.search(&q, &opts), index.search_exhaustive(&q, &opts));
}

#[test]
fn an_ignorable_letter_does_not_make_a_query_field_of_several_names() {
    // U+115F, a Hangul filler, is alphabetic to Unicode and ignorable to normalisation: "ᅟ bk"
    // is no name of three letters that a semicolon would part from the rest (a case the
    // property test found).
    assert_eq!(search::query_readings("Velkor Ashidi;\u{115F} bk", None).len(), 1);
    assert_eq!(search::query_readings("Velkor Ashidi; Bakar", None).len(), 3);
}
