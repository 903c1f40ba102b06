//! Military-list categories ML1–ML22 (EU Common Military List / Wassenaar Munitions List) and
//! the military-list data file (titles and named groups such as `small_arms`).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not a military-list category.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a military-list category (expected ML1 … ML22)")]
pub struct MlError(pub String);

/// A military-list category `ML1` … `ML22`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MlCategory(u8);

impl MlCategory {
    /// Parses `ML1` … `ML22` (case-insensitive, no leading zeros).
    pub fn parse(s: &str) -> Result<Self, MlError> {
        let t = s.trim();
        let rest = t
            .strip_prefix("ML")
            .or_else(|| t.strip_prefix("ml"))
            .or_else(|| t.strip_prefix("Ml"))
            .ok_or_else(|| MlError(s.to_string()))?;
        if rest.starts_with('0') || rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MlError(s.to_string()));
        }
        match rest.parse::<u8>() {
            Ok(n) if (1..=22).contains(&n) => Ok(Self(n)),
            _ => Err(MlError(s.to_string())),
        }
    }

    /// The category number, 1 … 22.
    pub fn number(self) -> u8 {
        self.0
    }
}

impl fmt::Display for MlCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ML{}", self.0)
    }
}

impl TryFrom<String> for MlCategory {
    type Error = MlError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<MlCategory> for String {
    fn from(c: MlCategory) -> Self {
        c.to_string()
    }
}

/// One category row of the military-list data file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    /// `ML1` … `ML22`.
    pub code: MlCategory,
    /// The category heading.
    pub title: String,
}

/// The military-list data file (`regimes/military-list.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilitaryList {
    /// Always `"military_list"`.
    pub kind: String,
    /// Where the titles come from.
    pub source: String,
    /// Categories that are inherently lethal: an item in one of them declared non-lethal is an
    /// input error.
    pub always_lethal: Vec<MlCategory>,
    /// Named groups of categories used by exemption grounds (`small_arms`,
    /// `protective_clothing`, annex lists …), each with the reason for the mapping.
    #[serde(default)]
    pub groups: BTreeMap<String, CategoryGroup>,
    /// The 22 categories.
    pub category: Vec<CategoryEntry>,
}

/// A named group of categories.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryGroup {
    /// Member categories.
    pub categories: Vec<MlCategory>,
    /// Why these categories (the group is an interpretation, not UN text).
    pub note: String,
    /// Confidence of the mapping.
    pub confidence: crate::regime::Confidence,
}

impl MilitaryList {
    /// The title of a category.
    pub fn title(&self, code: MlCategory) -> Option<&str> {
        self.category.iter().find(|c| c.code == code).map(|c| c.title.as_str())
    }

    /// Whether a category may never be declared non-lethal.
    pub fn is_always_lethal(&self, code: MlCategory) -> bool {
        self.always_lethal.contains(&code)
    }

    /// The categories of a named group.
    pub fn group(&self, name: &str) -> Option<&CategoryGroup> {
        self.groups.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_categories() {
        assert_eq!(MlCategory::parse("ML1").unwrap().number(), 1);
        assert_eq!(MlCategory::parse("ml22").unwrap().to_string(), "ML22");
        for bad in ["ML0", "ML23", "ML01", "M1", "ML", "ML1a", "13"] {
            assert!(MlCategory::parse(bad).is_err(), "{bad}");
        }
    }
}
