//! yente's `GET /catalog` and `GET /algorithms`: the stored lists as datasets, with their
//! versions.

use super::*;

/// One dataset of the catalog (the fields of yente's `YenteDatasetModel` that embargo has).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatasetInfo {
    /// `default`, `un`, `ofac`, ….
    pub name: String,
    /// What it is.
    pub title: String,
    /// One line more.
    pub summary: String,
    /// The stored version: publication date and the start of the file's sha256
    /// (`20260227-3f2a…`); for `default`, the latest date and a hash of its lists' versions.
    pub version: String,
    /// When the version was imported (`YYYY-MM-DDThh:mm:ss`, UTC).
    pub updated_at: Option<String>,
    /// Same as `updated_at`.
    pub last_export: Option<String>,
    /// Designations in the version.
    pub entity_count: i64,
    /// Same as `entity_count`: every designation is a target.
    pub target_count: i64,
    /// The lists of `default`; empty for a list.
    pub children: Vec<String>,
    /// Always true: every dataset is loaded into the index.
    pub load: bool,
    /// The version the screening index of this process holds.
    pub index_version: Option<String>,
    /// Whether the index holds the stored version.
    pub index_current: bool,
    /// The store's id of the list version (not for `default`).
    pub list_version_id: Option<i64>,
    /// The sha256 of the imported file (not for `default`).
    pub sha256: Option<String>,
}

/// yente's `DataCatalogModel`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    /// `default` first, then each stored list.
    pub datasets: Vec<DatasetInfo>,
    /// Datasets whose index is current.
    pub current: Vec<String>,
    /// Datasets whose index holds an older version.
    pub outdated: Vec<String>,
    /// Whether any dataset is outdated.
    pub index_stale: bool,
}

pub(super) fn version_string(published: Option<jiff::civil::Date>, sha256: &str) -> String {
    let date =
        published.map(|d| d.strftime("%Y%m%d").to_string()).unwrap_or_else(|| "undated".into());
    format!("{date}-{}", sha256.get(..12).unwrap_or(sha256))
}

pub(super) fn title_of(source: &str) -> (&'static str, &'static str) {
    match source {
        "un" => (
            "UN Security Council Consolidated List",
            "Individuals and entities subject to UN Security Council sanctions measures.",
        ),
        "ofac" => (
            "US OFAC Sanctions Lists",
            "The SDN list and the consolidated non-SDN lists of the US Treasury.",
        ),
        "eu" => (
            "EU Financial Sanctions Files",
            "Persons, groups and entities subject to EU financial sanctions.",
        ),
        "uk" => ("UK Sanctions List", "Designations under UK sanctions regulations (OFSI / FCDO)."),
        "ftm" => {
            ("FollowTheMoney import", "Sanctioned entities imported from a FollowTheMoney file.")
        }
        _ => ("Sanctions list", "A stored sanctions list."),
    }
}

pub(super) fn timestamp(imported_at: &str) -> String {
    // Stored as RFC 3339; yente writes seconds without a zone.
    imported_at
        .parse::<jiff::Timestamp>()
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S").to_string())
        .unwrap_or_else(|_| imported_at.to_owned())
}

/// The algorithm list of `/algorithms` (yente's `AlgorithmResponse`).
pub fn algorithms() -> Value {
    let url = "https://github.com/embargo/embargo/blob/main/crates/screening/src/lib.rs";
    let features = serde_json::json!({
        "name_match": { "description": "Name score: every query name (name, alias, weakAlias, previousName, firstName … lastName) against every listed name and alias in any script, after transliteration and normalisation; tokens aligned in any order and weighed by rarity; the best name of the query counts.", "coefficient": 1.0, "url": url },
        "birth_date": { "description": "Date of birth: the same date adds 0.08, the same year 0.04; years two or more apart take 0.12 off.", "coefficient": 0.08, "url": url },
        "nationality": { "description": "Nationality or country: one in common adds 0.03; none in common takes 0.05 off.", "coefficient": 0.03, "url": url },
        "document": { "description": "Identifier (idNumber, passportNumber, registrationNumber, imoNumber, …): the same number adds 0.15.", "coefficient": 0.15, "url": url },
    });
    let description = "embargo's transliteration-aware name matcher: names in any script are normalised and compared token by token (exact, nickname and cross-language equivalents, phonetic, edit distance, initials, joined tokens, acronyms), weighed by rarity in the lists; birth date, nationality and identifiers move the score. The score of a result is that of the query's best name. Weights and configuration are not taken from the request.";
    serde_json::json!({
        "algorithms": [{
            "name": ALGORITHM,
            "description": description,
            "features": features,
            "docs": { "name": ALGORITHM, "description": description, "config": {}, "features": features },
        }],
        "default": ALGORITHM,
        "best": ALGORITHM,
    })
}
