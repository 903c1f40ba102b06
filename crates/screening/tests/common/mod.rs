//! What the tests of the match classes share: a listed record from names, an invented rare
//! word, and the score of one record for a query.
#![allow(dead_code)] // each test file uses some of these

use embargo_screening::{Index, Kind, Options, Query, Record};

/// A record of the UN list whose reference is its id.
pub fn record(id: &str, kind: Kind, names: &[&str]) -> Record {
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

/// The `i`-th of 1,728 invented words, each found once: a rare family name for fillers.
pub fn rare(i: usize) -> String {
    let syllables = ["ka", "ri", "to", "me", "su", "lo", "ne", "pa", "di", "go", "vu", "ze"];
    format!("{}{}{}x", syllables[i % 12], syllables[(i / 12) % 12], syllables[(i / 144) % 12])
}

/// The score of `reference` for a query of `kind` (0 when it is not a hit at all).
pub fn score_of(index: &Index, query: &str, kind: Kind, reference: &str) -> f64 {
    let opts = Options { threshold: 0.0, limit: 1000, lists: None };
    let q = Query { name: query.into(), kind: Some(kind), ..Query::default() };
    index
        .search(&q, &opts)
        .into_iter()
        .find(|h| h.reference == reference)
        .map(|h| h.score)
        .unwrap_or(0.0)
}
