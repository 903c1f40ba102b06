//! Committee membership per year, as data: a sanctions committee has all 15 Council members,
//! so who may hold or object on a date depends on the Council's composition that year.
//!
//! The data file is `regimes/procedure/committee-members.json`: JSON rather than TOML because
//! the regime loader reads every `*.toml` under `regimes/` as a regime data file.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::country::CountryCode;

/// Why a membership file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommitteeError {
    /// The JSON could not be parsed.
    #[error("committee membership file: {0}")]
    Parse(String),
    /// A year does not have exactly 15 distinct members, or a code is not a country.
    #[error("committee membership file, year {year}: {message}")]
    Year {
        /// The year.
        year: i16,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    #[allow(dead_code)]
    sources: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    years: Vec<RawYear>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i16,
    members: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    confidence: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

/// The members of the Security Council (and so of every sanctions committee), per year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Committee {
    years: BTreeMap<i16, BTreeSet<CountryCode>>,
}

impl Committee {
    /// Parses `regimes/procedure/committee-members.json`.
    pub fn from_json(text: &str) -> Result<Committee, CommitteeError> {
        let raw: RawFile =
            serde_json::from_str(text).map_err(|e| CommitteeError::Parse(e.to_string()))?;
        let mut years = BTreeMap::new();
        for y in raw.years {
            let mut members = BTreeSet::new();
            for code in &y.members {
                let c = CountryCode::parse(code)
                    .map_err(|e| CommitteeError::Year { year: y.year, message: e.to_string() })?;
                if !members.insert(c) {
                    return Err(CommitteeError::Year {
                        year: y.year,
                        message: format!("{code} appears twice"),
                    });
                }
            }
            if members.len() != 15 {
                return Err(CommitteeError::Year {
                    year: y.year,
                    message: format!("{} members, expected 15", members.len()),
                });
            }
            if years.insert(y.year, members).is_some() {
                return Err(CommitteeError::Year {
                    year: y.year,
                    message: "year appears twice".into(),
                });
            }
        }
        Ok(Committee { years })
    }

    /// A committee with the given members every year from `first` to `last` (for tests).
    pub fn fixed(first: i16, last: i16, members: &[CountryCode]) -> Committee {
        let set: BTreeSet<CountryCode> = members.iter().copied().collect();
        Committee { years: (first..=last).map(|y| (y, set.clone())).collect() }
    }

    /// The members in `year`, if the year is covered.
    pub fn members(&self, year: i16) -> Option<&BTreeSet<CountryCode>> {
        self.years.get(&year)
    }

    /// Whether `code` sits on the committee in `year`.
    pub fn is_member(&self, year: i16, code: &str) -> bool {
        match (self.years.get(&year), CountryCode::parse(code)) {
            (Some(set), Ok(c)) => set.contains(&c),
            _ => false,
        }
    }

    /// The years covered.
    pub fn years(&self) -> impl Iterator<Item = i16> + '_ {
        self.years.keys().copied()
    }
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawOffices {
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    sources: Vec<String>,
    secretariat: RawSecretariat,
    chairs: Vec<RawChair>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawSecretariat {
    ids: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawChair {
    regime: String,
    year: i16,
    state: String,
    confidence: String,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

/// Why an offices file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficesError {
    /// The JSON could not be parsed.
    #[error("committee offices file: {0}")]
    Parse(String),
    /// A row is wrong.
    #[error("committee offices file, {path}: {message}")]
    Row {
        /// Where, e.g. `chairs[3]`.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// The chair of one committee in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chair {
    /// The State whose representative chairs.
    pub state: CountryCode,
    /// Confidence tag of the row (`V`, `S`, `U`).
    pub confidence: String,
}

/// Who holds the committees' offices: the chair of each regime's committee per year and the
/// secretariat's identifiers (`regimes/procedure/committee-offices.json`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Offices {
    chairs: BTreeMap<(String, i16), Chair>,
    secretariat: BTreeSet<String>,
}

impl Offices {
    /// Parses the offices file; every chair must sit on the Council in its year when
    /// `committee` covers that year.
    pub fn from_json(text: &str, committee: &Committee) -> Result<Offices, OfficesError> {
        let raw: RawOffices =
            serde_json::from_str(text).map_err(|e| OfficesError::Parse(e.to_string()))?;
        let mut secretariat = BTreeSet::new();
        for (i, id) in raw.secretariat.ids.iter().enumerate() {
            let row = |message: String| OfficesError::Row {
                path: format!("secretariat.ids[{i}]"),
                message,
            };
            if id.trim().is_empty() || id.trim() != id {
                return Err(row(format!("`{id}` is not an identifier")));
            }
            if !secretariat.insert(id.clone()) {
                return Err(row(format!("`{id}` appears twice")));
            }
        }
        let mut chairs = BTreeMap::new();
        for (i, c) in raw.chairs.iter().enumerate() {
            let row = |message: String| OfficesError::Row { path: format!("chairs[{i}]"), message };
            let state = CountryCode::parse(&c.state).map_err(|e| row(e.to_string()))?;
            if !matches!(c.confidence.as_str(), "V" | "S" | "U") {
                return Err(row(format!("confidence `{}`: expected V, S or U", c.confidence)));
            }
            if let Some(members) = committee.members(c.year) {
                if !members.contains(&state) {
                    return Err(row(format!(
                        "{} does not sit on the Council in {}, so it cannot chair a committee",
                        c.state, c.year
                    )));
                }
            }
            let key = (c.regime.clone(), c.year);
            if chairs.insert(key, Chair { state, confidence: c.confidence.clone() }).is_some() {
                return Err(row(format!("{} {} has two chairs", c.regime, c.year)));
            }
        }
        Ok(Offices { chairs, secretariat })
    }

    /// Offices for tests: `chair` chairs every regime's committee in every year; the
    /// secretariat acts under `secretariat`.
    pub fn fixed(
        regimes: &[&str],
        first: i16,
        last: i16,
        chair: CountryCode,
        secretariat: &[&str],
    ) -> Offices {
        let mut chairs = BTreeMap::new();
        for r in regimes {
            for y in first..=last {
                chairs.insert(((*r).to_owned(), y), Chair { state: chair, confidence: "V".into() });
            }
        }
        Offices { chairs, secretariat: secretariat.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// The chair of `regime`'s committee in `year`, if recorded.
    pub fn chair(&self, regime: &str, year: i16) -> Option<&Chair> {
        self.chairs.get(&(regime.to_owned(), year))
    }

    /// Whether `id` is one of the secretariat's identifiers.
    pub fn is_secretariat(&self, id: &str) -> bool {
        self.secretariat.contains(id)
    }
}

#[cfg(test)]
mod offices_tests {
    use super::*;

    fn committee() -> Committee {
        let members: Vec<CountryCode> = [
            "CN", "FR", "RU", "GB", "US", "MY", "AO", "NZ", "ES", "VE", "EG", "JP", "SN", "UA",
            "UY",
        ]
        .iter()
        .map(|c| CountryCode::parse(c).unwrap())
        .collect();
        Committee::fixed(2016, 2016, &members)
    }

    #[test]
    fn a_chair_must_sit_on_the_council_that_year() {
        let ok = r#"{"secretariat": {"ids": ["scsob"]}, "chairs": [{"regime": "un-libya", "year": 2016, "state": "MY", "confidence": "U"}]}"#;
        let offices = Offices::from_json(ok, &committee()).unwrap();
        assert_eq!(offices.chair("un-libya", 2016).unwrap().state.as_str(), "MY");
        assert!(offices.chair("un-libya", 2017).is_none());
        assert!(offices.is_secretariat("scsob"));
        assert!(!offices.is_secretariat("sec"));
        let bad = ok.replace("\"MY\"", "\"DE\"");
        let err = Offices::from_json(&bad, &committee()).unwrap_err().to_string();
        assert!(err.contains("chairs[0]") && err.contains("DE does not sit"), "{err}");
    }

    #[test]
    fn the_shipped_offices_file_is_valid() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../regimes/procedure/");
        let members = std::fs::read_to_string(format!("{dir}committee-members.json")).unwrap();
        let offices = std::fs::read_to_string(format!("{dir}committee-offices.json")).unwrap();
        let committee = Committee::from_json(&members).unwrap();
        let offices = Offices::from_json(&offices, &committee).unwrap();
        assert!(offices.chair("un-libya", 2016).is_some());
    }
}
