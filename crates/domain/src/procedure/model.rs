//! The content of an exemption request or notification, as the submitter prepares it.
//!
//! The content is kept close to what a submitter writes (countries and categories as text,
//! quantities as signed numbers) so that a draft with mistakes can be stored, shown and
//! amended; [`crate::procedure::validate`] turns every mistake into a located problem, and the
//! state machine refuses to file a request that still has one.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Who files the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitter {
    /// `member_state_mission`, `international_organisation`, `recipient_focal_point` or
    /// `un_entity`.
    pub kind: String,
    /// Name, e.g. `Permanent Mission of Italy to the United Nations`.
    pub name: String,
    /// Country (ISO alpha-2) of a mission or focal point.
    #[serde(default)]
    pub country: Option<String>,
}

/// A party to the transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// `supplier_state`, `exporter`, `consignee`, `end_user`, `intermediary` or `carrier`.
    pub role: String,
    /// Name as on the documents.
    pub name: String,
    /// Country (ISO alpha-2).
    pub country: String,
    /// For the end user: `government_forces`, `un_personnel`, `media`, `humanitarian`,
    /// `non_state`, `private` or `other`.
    #[serde(default)]
    pub category: Option<String>,
    /// For the end user: the government it is under.
    #[serde(default)]
    pub government: Option<String>,
    /// Address, unit or other detail.
    #[serde(default)]
    pub details: Option<String>,
}

/// One line of the item list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// What it is, e.g. `assault rifles, 7.62x39 mm`.
    pub description: String,
    /// Military-list category, `ML1` … `ML22`.
    pub category: String,
    /// Whether the item is lethal.
    pub lethal: bool,
    /// Why the lethal flag is what it is.
    #[serde(default)]
    pub lethal_justification: Option<String>,
    /// How many (must be positive).
    pub quantity: i64,
    /// Unit, e.g. `pieces`, `rounds`.
    #[serde(default)]
    pub unit: Option<String>,
    /// Value, with its currency.
    #[serde(default)]
    pub value: Option<Money>,
    /// Calibre for weapons and ammunition, e.g. `7.62x39mm` (else read from the description).
    #[serde(default)]
    pub calibre: Option<String>,
    /// Serial numbers where known.
    #[serde(default)]
    pub serial_numbers: Vec<String>,
    /// Manufacturer or country of origin.
    #[serde(default)]
    pub origin: Option<String>,
}

/// An amount of money.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    /// Amount.
    pub amount: f64,
    /// ISO 4217 currency code.
    pub currency: String,
}

/// A weapon the end user already has in service (for the ammunition coherence check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeaponInService {
    /// What it is.
    pub description: String,
    /// Its calibre.
    pub calibre: String,
}

/// How and when the items travel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeliveryPlan {
    /// Intended delivery dates.
    #[serde(default)]
    pub dates: Vec<Date>,
    /// `air`, `sea`, `road`, `rail` or `mixed`.
    #[serde(default)]
    pub mode_of_transport: Option<String>,
    /// Route, as a list of places.
    #[serde(default)]
    pub route: Vec<String>,
    /// Transit states (ISO alpha-2).
    #[serde(default)]
    pub transit_states: Vec<String>,
    /// Port, airport or border crossing of entry.
    #[serde(default)]
    pub point_of_entry: Option<String>,
    /// Whether the export is temporary (items return), with the return date.
    #[serde(default)]
    pub temporary: bool,
    /// Planned return date of a temporary export.
    #[serde(default)]
    pub return_date: Option<Date>,
}

/// A supporting document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// `end_user_certificate`, `responsible_body_note`, `note_verbale`, `licence` or `other`.
    pub kind: String,
    /// Its reference or title.
    pub reference: String,
    /// Its date.
    #[serde(default)]
    pub date: Option<Date>,
    /// Who issued it.
    #[serde(default)]
    pub issued_by: Option<String>,
}

/// Everything a request or notification says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestContent {
    /// The exemption ground it is filed under, e.g. `un-libya/res2174-p8`.
    pub ground: String,
    /// Short title.
    #[serde(default)]
    pub title: Option<String>,
    /// Who files it.
    pub submitter: Submitter,
    /// Supplier state, exporter, consignee, end user, intermediaries, carriers.
    #[serde(default)]
    pub parties: Vec<Party>,
    /// The item list.
    #[serde(default)]
    pub items: Vec<Item>,
    /// What the items will be used for, by whom.
    #[serde(default)]
    pub end_use: Option<String>,
    /// Purpose, as in a transfer (`security_assistance`, …).
    #[serde(default)]
    pub purpose: Option<String>,
    /// Weapons the end user already has in service.
    #[serde(default)]
    pub weapons_in_service: Vec<WeaponInService>,
    /// How and when the items travel.
    #[serde(default)]
    pub delivery: DeliveryPlan,
    /// Supporting documents.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// National export licence reference.
    #[serde(default)]
    pub national_licence: Option<String>,
}

impl RequestContent {
    /// The end user party, if any.
    pub fn end_user(&self) -> Option<(usize, &Party)> {
        self.parties.iter().enumerate().find(|(_, p)| p.role == "end_user")
    }

    /// The destination: the end user's country.
    pub fn destination(&self) -> Option<&str> {
        self.end_user().map(|(_, p)| p.country.as_str())
    }
}

/// The calibre of an item, normalised (`7.62x39`, `12.7`, `9`), from its `calibre` field or
/// its description; `None` when neither names one.
pub fn calibre_of(explicit: Option<&str>, description: &str) -> Option<String> {
    explicit
        .and_then(normalise_calibre)
        .or_else(|| description.split([',', ';', '(', ')']).find_map(normalise_calibre))
}

/// Reads a calibre such as `7.62x39 mm`, `7.62×39mm`, `12.7 mm`, `.50 cal` out of a phrase.
fn normalise_calibre(text: &str) -> Option<String> {
    let lower = text.to_lowercase().replace('×', "x").replace(',', ".");
    let words: Vec<&str> = lower.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        let word = word.trim_end_matches("mm");
        let next_is_mm = words.get(i + 1).is_some_and(|w| *w == "mm" || w.starts_with("mm"));
        let had_mm = words[i].ends_with("mm");
        if let Some((a, b)) = word.split_once('x') {
            if is_number(a) && is_number(b) {
                return Some(format!("{}x{}", trim_number(a), trim_number(b)));
            }
        } else if is_number(word) && (next_is_mm || had_mm) {
            return Some(trim_number(word));
        }
    }
    None
}

fn is_number(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.chars().any(|c| c.is_ascii_digit())
}

fn trim_number(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::calibre_of;

    #[test]
    fn calibres_are_read_from_fields_and_descriptions() {
        assert_eq!(calibre_of(None, "assault rifles, 7.62x39 mm").as_deref(), Some("7.62x39"));
        assert_eq!(calibre_of(Some("7.62×39mm"), "").as_deref(), Some("7.62x39"));
        assert_eq!(calibre_of(None, "heavy machine guns 12.7 mm").as_deref(), Some("12.7"));
        assert_eq!(calibre_of(None, "pistols 9mm").as_deref(), Some("9"));
        assert_eq!(calibre_of(None, "ballistic helmets").as_deref(), None);
    }
}
