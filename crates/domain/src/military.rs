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
    /// Categories whose items are lethal unless the caseworker classifies the line item
    /// non-lethal with a justification (demining and explosive-ordnance-disposal equipment in
    /// ML4): the check warns and asks for it.
    #[serde(default)]
    pub justify_non_lethal: Vec<MlCategory>,
    /// Categories whose non-lethal items can be protective or humanitarian by nature (body
    /// armour, helmets, CBRN protection, communications, imaging, demining equipment); items of
    /// other categories (vehicles, aircraft, vessels, weapons) are not, whatever the purpose.
    #[serde(default)]
    pub protective_by_nature: Option<CategoryGroup>,
    /// The UN definition of small arms and light weapons.
    pub salw: SalwDefinition,
    /// Named groups of categories used by exemption grounds (`small_arms`,
    /// `protective_clothing`, annex lists …), each with the reason for the mapping.
    #[serde(default)]
    pub groups: BTreeMap<String, CategoryGroup>,
    /// The 22 categories.
    pub category: Vec<CategoryEntry>,
}

/// Small arms and light weapons as the UN International Tracing Instrument defines them
/// (A/60/88 (2005) para 4): small arms are weapons designed for individual use (revolvers,
/// self-loading pistols, rifles and carbines, sub-machine guns, assault rifles, light machine
/// guns); light weapons are designed for use by two or three persons (heavy machine guns,
/// hand-held under-barrel and mounted grenade launchers, portable anti-aircraft and anti-tank
/// guns, recoilless rifles, portable launchers of anti-tank and anti-aircraft missile and
/// rocket systems, mortars of calibres of less than 100 mm), whatever their ML category.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalwDefinition {
    /// Where the definition comes from.
    pub citations: Vec<String>,
    /// Confidence (the domain notes do not quote it).
    pub confidence: crate::regime::Confidence,
    /// Categories whose items are small arms or their ammunition unless the item says
    /// `"salw": false` (ML1 weapons, ML3 ammunition).
    pub default_categories: Vec<MlCategory>,
    /// Categories that hold light weapons among other things (ML2 mortars and grenade
    /// launchers, ML4 portable missile launchers): without `"salw"` on the item, its
    /// description decides, and failing that it is unknown.
    pub possible_categories: Vec<MlCategory>,
    /// Description terms naming light weapons (lower case; `mortar` counts under 100 mm only).
    pub light_weapon_terms: Vec<String>,
}

/// Whether an item is a small arm or light weapon, and on what basis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SalwStatus {
    /// Stated on the item (`"salw": true|false`).
    Stated(bool),
    /// Derived from the category or the description (an interpretation: unverified).
    Derived(bool, String),
    /// Cannot be told: the category may hold light weapons and nothing says whether this one is.
    Unknown(String),
}

impl SalwDefinition {
    /// Classifies an item by the definition.
    pub fn status(
        &self,
        category: MlCategory,
        description: &str,
        stated: Option<bool>,
    ) -> SalwStatus {
        if let Some(b) = stated {
            return SalwStatus::Stated(b);
        }
        if self.default_categories.contains(&category) {
            return SalwStatus::Derived(
                true,
                format!("{category} holds small arms or their ammunition (International Tracing Instrument; category mapping [U])"),
            );
        }
        let d = description.to_lowercase();
        if let Some(term) = self.light_weapon_terms.iter().find(|t| d.contains(t.as_str())) {
            if term == "mortar" {
                match calibre_mm(&d) {
                    Some(c) if c < 100.0 => {
                        return SalwStatus::Derived(true, format!("a mortar of {c} mm (under 100 mm) is a light weapon (International Tracing Instrument; read from the description [U])"))
                    }
                    Some(c) => {
                        return SalwStatus::Derived(false, format!("a mortar of {c} mm (100 mm or more) is not a light weapon (International Tracing Instrument; read from the description [U])"))
                    }
                    None => {
                        return SalwStatus::Unknown("a mortar is a light weapon only under 100 mm and the description gives no calibre: state `salw` on the item".to_string())
                    }
                }
            }
            return SalwStatus::Derived(
                true,
                format!("`{term}` in the description is a light weapon (International Tracing Instrument; read from the description [U])"),
            );
        }
        if self.possible_categories.contains(&category) {
            return SalwStatus::Unknown(format!(
                "{category} holds light weapons (grenade launchers, mortars under 100 mm, portable anti-tank and anti-aircraft launchers) among other things: state `salw` on the item"
            ));
        }
        SalwStatus::Derived(false, format!("{category} holds no small arms or light weapons"))
    }
}

/// The first calibre in millimetres in a description (`81 mm`, `81mm`, `120-mm`).
fn calibre_mm(d: &str) -> Option<f64> {
    let b = d.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b',') {
                i += 1;
            }
            let num = d[start..i].replace(',', ".");
            let mut j = i;
            while j < b.len() && (b[j] == b' ' || b[j] == b'-') {
                j += 1;
            }
            if d[j..].starts_with("mm") {
                if let Ok(v) = num.parse::<f64>() {
                    return Some(v);
                }
            }
        } else {
            i += 1;
        }
    }
    None
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

    /// Whether a non-lethal item of a category needs a justification.
    pub fn needs_justification(&self, code: MlCategory) -> bool {
        self.justify_non_lethal.contains(&code)
    }

    /// Whether a non-lethal item of this category can be protective or humanitarian by nature.
    pub fn can_be_protective(&self, code: MlCategory) -> bool {
        self.protective_by_nature.as_ref().is_none_or(|g| g.categories.contains(&code))
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

impl schemars::JsonSchema for MlCategory {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MlCategory".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(ML|ml)([1-9]|1[0-9]|2[0-2])$",
            "description": "A category of the Wassenaar Munitions List, ML1 … ML22."
        })
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

    #[test]
    fn calibres() {
        assert_eq!(calibre_mm("60 mm mortars"), Some(60.0));
        assert_eq!(calibre_mm("mortar 120-mm"), Some(120.0));
        assert_eq!(calibre_mm("81mm mortar"), Some(81.0));
        assert_eq!(calibre_mm("mortars"), None);
    }
}
