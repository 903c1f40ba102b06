//! The proposed transfer (input of `embargo check`, PRODUCT.md contract plus optional
//! extensions), parsed and validated on construction.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::military::{MilitaryList, MlCategory};
use crate::regime::{EndUserCategory, InfoField, Purpose};

/// Why a transfer is invalid input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransferError {
    /// Malformed JSON or a field of the wrong shape or value (unknown country or category,
    /// impossible date …).
    #[error("line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A field that parsed but is inconsistent.
    #[error("field `{field}`: {message}")]
    Invalid {
        /// JSON path of the field.
        field: String,
        /// What is wrong.
        message: String,
    },
}

/// The end user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndUser {
    /// Precise name of the end user (unit, organisation).
    #[serde(default)]
    pub name: String,
    /// Category.
    pub category: EndUserCategory,
    /// The authority whose forces these are (matched against recognised governments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub government: Option<String>,
    /// Extension: listed-persons regimes the end user is designated under (`un-1267`,
    /// `un-1988`, `un-2140`, `un-2653`), as established by the caller's screening.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listed_regimes: Vec<String>,
}

/// One line item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Military-list category.
    pub category: MlCategory,
    /// Quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u64>,
    /// Whether the item is lethal (the caseworker's judgement).
    pub lethal: bool,
    /// Extension: manufacturer / supplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer: Option<String>,
    /// Extension: serial or lot numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serial_numbers: Vec<String>,
    /// Extension: type and technical specification (calibre).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specification: Option<String>,
}

/// A proposed transfer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Date of the transfer (the check's default "as of" date).
    pub date: Date,
    /// The supplying State.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier_state: Option<CountryCode>,
    /// Where the items come from.
    pub origin: CountryCode,
    /// Where they go.
    pub destination: CountryCode,
    /// Extension: a sub-national area of the destination (e.g. `Darfur`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_area: Option<String>,
    /// The end user.
    pub end_user: EndUser,
    /// Purpose.
    pub purpose: Purpose,
    /// Temporary export.
    #[serde(default)]
    pub temporary: bool,
    /// Line items (at least one).
    pub items: Vec<Item>,
    /// Extension: intended delivery dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivery_dates: Vec<Date>,
    /// Extension: note from the recipient body responsible for requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_body_note: Option<String>,
    /// Extension: itinerary / route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub itinerary: Option<String>,
    /// Extension: mode of transport.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport: Option<String>,
    /// Extension: place of delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_delivery: Option<String>,
    /// Extension: destination unit or storage place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_unit: Option<String>,
    /// Extension: reference of the end-user documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_user_documentation: Option<String>,
}

fn present(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.trim().is_empty())
}

impl Transfer {
    /// Parses and validates JSON; errors carry line and column, or the field.
    pub fn from_json(text: &str, military: &MilitaryList) -> Result<Self, TransferError> {
        let t: Transfer = serde_json::from_str(text).map_err(|e| TransferError::Json {
            line: e.line(),
            column: e.column(),
            message: e
                .to_string()
                .rsplit_once(" at line ")
                .map_or(e.to_string(), |(m, _)| m.to_string()),
        })?;
        t.validate(military)?;
        Ok(t)
    }

    /// Cross-field validation: at least one item; no inherently lethal category (ML1–ML4)
    /// declared non-lethal; quantities positive.
    pub fn validate(&self, military: &MilitaryList) -> Result<(), TransferError> {
        if self.items.is_empty() {
            return Err(TransferError::Invalid {
                field: "items".into(),
                message: "at least one item is needed".into(),
            });
        }
        for (i, item) in self.items.iter().enumerate() {
            if !item.lethal && military.is_always_lethal(item.category) {
                return Err(TransferError::Invalid {
                    field: format!("items[{i}].lethal"),
                    message: format!(
                        "{} ({}) is lethal by nature and cannot be declared non-lethal",
                        item.category,
                        military.title(item.category).unwrap_or("?")
                    ),
                });
            }
            if item.quantity == Some(0) {
                return Err(TransferError::Invalid {
                    field: format!("items[{i}].quantity"),
                    message: "quantity must be positive".into(),
                });
            }
        }
        Ok(())
    }

    /// Whether the transfer carries a piece of required information.
    pub fn has(&self, field: InfoField) -> bool {
        let all = |f: &dyn Fn(&Item) -> bool| self.items.iter().all(f);
        match field {
            InfoField::EndUser => !self.end_user.name.trim().is_empty(),
            InfoField::Quantities => all(&|i| i.quantity.is_some()),
            InfoField::ItemList => all(&|i| !i.description.trim().is_empty()),
            InfoField::ResponsibleBodyNote => present(&self.responsible_body_note),
            InfoField::DeliveryDates => !self.delivery_dates.is_empty(),
            InfoField::Itinerary => present(&self.itinerary),
            InfoField::Transport => present(&self.transport),
            InfoField::Manufacturer => all(&|i| present(&i.manufacturer)),
            InfoField::SerialNumbers => all(&|i| !i.serial_numbers.is_empty()),
            InfoField::TechnicalSpecification => all(&|i| present(&i.specification)),
            InfoField::PlaceOfDelivery => present(&self.place_of_delivery),
            InfoField::DestinationUnit => present(&self.destination_unit),
            InfoField::EndUserDocumentation => present(&self.end_user_documentation),
        }
    }
}
