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

/// Size limits of a transfer (documented in README.md): inputs beyond them are refused with an
/// error naming the field, before any evaluation.
pub mod limits {
    /// Largest transfer JSON text, in bytes (64 MiB).
    pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
    /// Most line items in one transfer.
    pub const MAX_ITEMS: usize = 100_000;
    /// Most services in one transfer.
    pub const MAX_SERVICES: usize = 10_000;
    /// Most named intermediaries.
    pub const MAX_INTERMEDIARIES: usize = 100;
    /// Most entries of any other list (serial numbers of an item, delivery dates, listed regimes).
    pub const MAX_LIST: usize = 10_000;
    /// Longest text field (names, descriptions, notes), in characters.
    pub const MAX_TEXT_CHARS: usize = 4_096;
}

/// Parses a date string for field `field`, with a message about the year when it is beyond
/// 9999 (jiff's own message would speak of a "two digit integer as month").
fn parse_date_field(field: &str, s: &str) -> Result<Date, String> {
    let t = s.trim();
    let digits: String =
        t.trim_start_matches(['+', '-']).chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() > 4 {
        let year = digits.trim_start_matches('0');
        return Err(format!(
            "{field}: year {} is out of range (dates run to 9999-12-31)",
            if year.is_empty() { "0" } else { year }
        ));
    }
    if t.starts_with(['+', '-']) {
        return Err(format!("{field}: `{s}` is not a date (expected YYYY-MM-DD, years 0001-9999)"));
    }
    t.parse::<Date>().map_err(|e| format!("{field}: `{s}` is not a valid date (YYYY-MM-DD): {e}"))
}

fn de_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let s = String::deserialize(d)?;
    parse_date_field("date", &s).map_err(serde::de::Error::custom)
}

fn de_delivery_dates<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
    let v = Vec::<String>::deserialize(d)?;
    v.iter()
        .enumerate()
        .map(|(i, s)| parse_date_field(&format!("delivery_dates[{i}]"), s))
        .collect::<Result<_, _>>()
        .map_err(serde::de::Error::custom)
}

/// A named party of the transfer other than the end user (consignee, intermediary).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Name as it appears on the documents.
    pub name: String,
    /// Role of an intermediary (`broker`, `agent`, `freight_forwarder`, `carrier` …), free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Country (ISO 3166-1 alpha-2), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
}

/// The kind of a service (technical, training, financial assistance or armed mercenary
/// personnel: S/RES/1970 (2011) para 9 and the assistance measures of other regimes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// Technical assistance related to military activities or to arms.
    TechnicalAssistance,
    /// Training.
    Training,
    /// Financial assistance.
    Financial,
    /// Provision of armed mercenary personnel.
    Mercenaries,
}

impl ServiceKind {
    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceKind::TechnicalAssistance => "technical_assistance",
            ServiceKind::Training => "training",
            ServiceKind::Financial => "financial",
            ServiceKind::Mercenaries => "mercenaries",
        }
    }
}

/// A service provided with (or instead of) goods: evaluated like an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// What kind of service.
    pub kind: ServiceKind,
    /// What is provided.
    #[serde(default)]
    pub description: String,
    /// Where it is provided (country code or place), e.g. training of Libyan personnel abroad.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// The end user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// Whether the item is lethal: the caseworker's classification of this line item (not of
    /// its category).
    pub lethal: bool,
    /// Extension: why the item is classified as it is (required to declare an item of a
    /// category such as ML4 non-lethal, e.g. demining or explosive-ordnance-disposal equipment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Extension: whether the item is a small arm or light weapon (or its ammunition) as the UN
    /// International Tracing Instrument defines them; absent: derived from the category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salw: Option<bool>,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// Date of the transfer (the check's default "as of" date).
    #[serde(deserialize_with = "de_date")]
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
    /// Line items (at least one item or one service).
    #[serde(default)]
    pub items: Vec<Item>,
    /// Extension: services (technical assistance, training, financial assistance, mercenary
    /// personnel), evaluated like items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Service>,
    /// Extension: the consignee, screened like the end user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consignee: Option<Party>,
    /// Extension: named intermediaries (brokers, agents, forwarders, carriers), screened too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intermediaries: Vec<Party>,
    /// Extension: intended delivery dates.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "de_delivery_dates"
    )]
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
        if text.len() > limits::MAX_INPUT_BYTES {
            return Err(TransferError::Invalid {
                field: "(document)".into(),
                message: format!(
                    "{} bytes is larger than the limit of {} bytes",
                    text.len(),
                    limits::MAX_INPUT_BYTES
                ),
            });
        }
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

    /// Cross-field validation: at least one item or service; the size limits of [`limits`];
    /// no inherently lethal category (ML1–ML3, `always_lethal` of the military list) declared
    /// non-lethal; quantities positive. Linear in the size of the transfer.
    pub fn validate(&self, military: &MilitaryList) -> Result<(), TransferError> {
        let invalid = |field: String, message: String| TransferError::Invalid { field, message };
        if self.items.is_empty() && self.services.is_empty() {
            return Err(invalid("items".into(), "at least one item (or service) is needed".into()));
        }
        let count = |field: &str, n: usize, max: usize| {
            if n > max {
                Err(invalid(field.into(), format!("{n} entries exceed the limit of {max}")))
            } else {
                Ok(())
            }
        };
        count("items", self.items.len(), limits::MAX_ITEMS)?;
        count("services", self.services.len(), limits::MAX_SERVICES)?;
        count("intermediaries", self.intermediaries.len(), limits::MAX_INTERMEDIARIES)?;
        count("delivery_dates", self.delivery_dates.len(), limits::MAX_LIST)?;
        count("end_user.listed_regimes", self.end_user.listed_regimes.len(), limits::MAX_LIST)?;
        let text = |field: &dyn Fn() -> String, s: &str| {
            let n = s.chars().count();
            if n > limits::MAX_TEXT_CHARS {
                return Err(invalid(
                    field(),
                    format!("{n} characters exceed the limit of {}", limits::MAX_TEXT_CHARS),
                ));
            }
            if s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
                return Err(invalid(field(), "contains a control character".into()));
            }
            Ok(())
        };
        let opt = |field: &dyn Fn() -> String, s: &Option<String>| match s {
            Some(s) => text(field, s),
            None => Ok(()),
        };
        text(&|| "end_user.name".into(), &self.end_user.name)?;
        opt(&|| "end_user.government".into(), &self.end_user.government)?;
        for (i, l) in self.end_user.listed_regimes.iter().enumerate() {
            text(&|| format!("end_user.listed_regimes[{i}]"), l)?;
        }
        opt(&|| "destination_area".into(), &self.destination_area)?;
        opt(&|| "responsible_body_note".into(), &self.responsible_body_note)?;
        opt(&|| "itinerary".into(), &self.itinerary)?;
        opt(&|| "transport".into(), &self.transport)?;
        opt(&|| "place_of_delivery".into(), &self.place_of_delivery)?;
        opt(&|| "destination_unit".into(), &self.destination_unit)?;
        opt(&|| "end_user_documentation".into(), &self.end_user_documentation)?;
        if let Some(c) = &self.consignee {
            text(&|| "consignee.name".into(), &c.name)?;
            opt(&|| "consignee.role".into(), &c.role)?;
        }
        for (i, p) in self.intermediaries.iter().enumerate() {
            text(&|| format!("intermediaries[{i}].name"), &p.name)?;
            opt(&|| format!("intermediaries[{i}].role"), &p.role)?;
        }
        for (i, s) in self.services.iter().enumerate() {
            text(&|| format!("services[{i}].description"), &s.description)?;
            opt(&|| format!("services[{i}].location"), &s.location)?;
        }
        for (i, item) in self.items.iter().enumerate() {
            text(&|| format!("items[{i}].description"), &item.description)?;
            opt(&|| format!("items[{i}].manufacturer"), &item.manufacturer)?;
            opt(&|| format!("items[{i}].specification"), &item.specification)?;
            opt(&|| format!("items[{i}].justification"), &item.justification)?;
            count(
                &format!("items[{i}].serial_numbers"),
                item.serial_numbers.len(),
                limits::MAX_LIST,
            )?;
            for (j, sn) in item.serial_numbers.iter().enumerate() {
                text(&|| format!("items[{i}].serial_numbers[{j}]"), sn)?;
            }
            if !item.lethal && military.is_always_lethal(item.category) {
                return Err(invalid(
                    format!("items[{i}].lethal"),
                    format!(
                        "{} ({}) is lethal by nature and cannot be declared non-lethal",
                        item.category,
                        military.title(item.category).unwrap_or("?")
                    ),
                ));
            }
            if item.quantity == Some(0) {
                return Err(invalid(
                    format!("items[{i}].quantity"),
                    "quantity must be positive".into(),
                ));
            }
        }
        Ok(())
    }

    /// The required information the transfer carries, computed once (linear in the items).
    pub fn present_fields(&self) -> Vec<InfoField> {
        use InfoField::*;
        [
            EndUser,
            Quantities,
            ItemList,
            ResponsibleBodyNote,
            DeliveryDates,
            Itinerary,
            Transport,
            Manufacturer,
            SerialNumbers,
            TechnicalSpecification,
            PlaceOfDelivery,
            DestinationUnit,
            EndUserDocumentation,
        ]
        .into_iter()
        .filter(|f| self.has(*f))
        .collect()
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
