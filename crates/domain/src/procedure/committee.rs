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

#[derive(Debug, Deserialize)]
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

#[derive(Debug, Deserialize)]
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
