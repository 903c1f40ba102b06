//! The content of an exemption request or notification, as the submitter prepares it.
//!
//! The content is kept close to what a submitter writes (countries and categories as text,
//! quantities as signed numbers) so that a draft with mistakes can be stored, shown and
//! amended; [`crate::procedure::validate`] turns every mistake into a located problem, and the
//! state machine refuses to file a request that still has one.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::text::{check_count, check_identifier, check_length, check_text, TextError};

/// Who files the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

/// The role of a party to the transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    /// The State the items come from.
    SupplierState,
    /// The exporter.
    Exporter,
    /// The consignee.
    Consignee,
    /// The end user.
    EndUser,
    /// A broker or other intermediary.
    Intermediary,
    /// The carrier.
    Carrier,
}

impl PartyRole {
    /// Every role.
    pub const ALL: &'static [PartyRole] = &[
        PartyRole::SupplierState,
        PartyRole::Exporter,
        PartyRole::Consignee,
        PartyRole::EndUser,
        PartyRole::Intermediary,
        PartyRole::Carrier,
    ];

    /// The name, as in request files.
    pub fn as_str(self) -> &'static str {
        match self {
            PartyRole::SupplierState => "supplier_state",
            PartyRole::Exporter => "exporter",
            PartyRole::Consignee => "consignee",
            PartyRole::EndUser => "end_user",
            PartyRole::Intermediary => "intermediary",
            PartyRole::Carrier => "carrier",
        }
    }

    /// The role of a name, if it is one.
    pub fn parse(s: &str) -> Option<PartyRole> {
        PartyRole::ALL.iter().copied().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for PartyRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A party to the transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

impl Party {
    /// Its role, when `role` names one. A draft may hold a role that is none (it is kept as
    /// written so the submitter can correct it); validation reports it and blocks filing.
    pub fn role(&self) -> Option<PartyRole> {
        PartyRole::parse(&self.role)
    }
}

/// One line of the item list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Money {
    /// Amount.
    pub amount: f64,
    /// ISO 4217 currency code.
    pub currency: String,
}

/// A weapon the end user already has in service (for the ammunition coherence check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WeaponInService {
    /// What it is.
    pub description: String,
    /// Its calibre.
    pub calibre: String,
}

/// How and when the items travel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DeliveryPlan {
    /// Intended delivery dates.
    #[serde(default, deserialize_with = "crate::dates::serde_dates::deserialize")]
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
    #[serde(default, deserialize_with = "crate::dates::serde_option_date::deserialize")]
    pub return_date: Option<Date>,
}

/// A supporting document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Document {
    /// `end_user_certificate`, `responsible_body_note`, `note_verbale`, `licence` or `other`.
    pub kind: String,
    /// Its reference or title.
    pub reference: String,
    /// Its date.
    #[serde(default, deserialize_with = "crate::dates::serde_option_date::deserialize")]
    pub date: Option<Date>,
    /// Who issued it.
    #[serde(default)]
    pub issued_by: Option<String>,
}

/// Everything a request or notification says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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
        self.parties.iter().enumerate().find(|(_, p)| p.role() == Some(PartyRole::EndUser))
    }

    /// The destination: the end user's country.
    pub fn destination(&self) -> Option<&str> {
        self.end_user().map(|(_, p)| p.country.as_str())
    }
}

/// Size limits of a request, far above anything a committee request holds (the largest real
/// requests list a few hundred items), so that a malformed or hostile file is refused at
/// creation instead of being stored, hashed into the audit log and shown to every member.
/// Lengths are in characters; `examples/requests/README.md` lists them for submitters.
pub mod limits {
    /// `title`.
    pub const TITLE: usize = 500;
    /// Free text: `items[].description`, `items[].lethal_justification`, `end_use`,
    /// `parties[].details`, `weapons_in_service[].description`.
    pub const DESCRIPTION: usize = 2_000;
    /// Names and references: `submitter.name`, `parties[].name`, `parties[].government`,
    /// `items[].origin`, `delivery.route[]`, `delivery.point_of_entry`,
    /// `documents[].reference`, `documents[].issued_by`, `national_licence`.
    pub const NAME: usize = 500;
    /// Codes and short fields: `ground`, `purpose`, kinds, roles, countries, categories, units,
    /// calibres, currencies, `delivery.mode_of_transport`, `delivery.transit_states[]`,
    /// `documents[].kind`, each serial number.
    pub const CODE: usize = 200;
    /// `items`.
    pub const ITEMS: usize = 10_000;
    /// `parties`.
    pub const PARTIES: usize = 1_000;
    /// `weapons_in_service`, `documents`, `delivery.dates`, `delivery.route`.
    pub const LIST: usize = 1_000;
    /// `delivery.transit_states`.
    pub const TRANSIT_STATES: usize = 300;
    /// `items[].serial_numbers` of one item.
    pub const SERIALS_PER_ITEM: usize = 100_000;
    /// Serial numbers of all items together.
    pub const SERIALS: usize = 200_000;
    /// A request reference (the existing rule of `create`: also no whitespace).
    pub const REFERENCE: usize = 64;
    /// An actor id.
    pub const ACTOR_ID: usize = 200;
    /// Bytes of a request file the CLI reads (4 MiB): a request at every limit above is far
    /// smaller in practice, and the cap stops a huge file before it is parsed.
    pub const FILE_BYTES: u64 = 4 * 1024 * 1024;
}

/// A request file that cannot be read into a [`RequestContent`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// Not JSON, or not the request's shape; `path` is the field (`.` for the whole document).
    #[error("{}", json_message(path, *line, *column, message))]
    Json {
        /// Field path, e.g. `delivery.dates[1]`.
        path: String,
        /// Line (from 1).
        line: usize,
        /// Column (from 1).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Over a size limit, or a refused character.
    #[error(transparent)]
    Text(#[from] TextError),
}

fn json_message(path: &str, line: usize, column: usize, message: &str) -> String {
    if path == "." || path.is_empty() {
        format!("line {line}, column {column}: {message}")
    } else {
        format!("{path}: {message} (line {line}, column {column})")
    }
}

impl RequestContent {
    /// Reads request JSON: errors name the field path with the line and column; then the size
    /// limits and the character policy ([`RequestContent::check_limits`]).
    pub fn from_json(text: &str) -> Result<RequestContent, ContentError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let json = |path: String, e: serde_json::Error| {
            let full = e.to_string();
            let message = full.rsplit_once(" at line ").map_or(full.as_str(), |(m, _)| m);
            ContentError::Json {
                path,
                line: e.line(),
                column: e.column(),
                message: message.to_owned(),
            }
        };
        let content: RequestContent = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            json(path, e.into_inner())
        })?;
        de.end().map_err(|e| json(".".to_owned(), e))?;
        content.check_limits()?;
        Ok(content)
    }

    /// The size limits of [`limits`] and the character policy of [`crate::text`]: identifiers
    /// and codes refuse control, bidirectional-formatting and invisible characters; free text
    /// refuses control characters other than tab and line breaks. The first problem, named by
    /// its field path.
    pub fn check_limits(&self) -> Result<(), TextError> {
        use limits::*;
        let code = |field: &str, v: &str| {
            check_length(field, v, CODE).and_then(|()| check_identifier(field, v))
        };
        let short =
            |field: &str, v: &str| check_length(field, v, CODE).and_then(|()| check_text(field, v));
        let name =
            |field: &str, v: &str| check_length(field, v, NAME).and_then(|()| check_text(field, v));
        let reference = |field: &str, v: &str| {
            check_length(field, v, NAME).and_then(|()| check_identifier(field, v))
        };
        let free = |field: &str, v: &str| {
            check_length(field, v, DESCRIPTION).and_then(|()| check_text(field, v))
        };
        let opt =
            |f: &dyn Fn(&str, &str) -> Result<(), TextError>, field: &str, v: &Option<String>| {
                v.as_deref().map_or(Ok(()), |v| f(field, v))
            };

        code("ground", &self.ground)?;
        if let Some(t) = &self.title {
            check_length("title", t, TITLE)?;
            check_text("title", t)?;
        }
        short("submitter.kind", &self.submitter.kind)?;
        name("submitter.name", &self.submitter.name)?;
        opt(&code, "submitter.country", &self.submitter.country)?;

        check_count("parties", self.parties.len(), PARTIES)?;
        for (i, p) in self.parties.iter().enumerate() {
            let at = |f: &str| format!("parties[{i}].{f}");
            short(&at("role"), &p.role)?;
            name(&at("name"), &p.name)?;
            code(&at("country"), &p.country)?;
            opt(&short, &at("category"), &p.category)?;
            opt(&name, &at("government"), &p.government)?;
            opt(&free, &at("details"), &p.details)?;
        }

        check_count("items", self.items.len(), ITEMS)?;
        let serials: usize = self.items.iter().map(|it| it.serial_numbers.len()).sum();
        check_count("items[].serial_numbers (all items)", serials, SERIALS)?;
        for (i, it) in self.items.iter().enumerate() {
            let at = |f: &str| format!("items[{i}].{f}");
            free(&at("description"), &it.description)?;
            code(&at("category"), &it.category)?;
            opt(&free, &at("lethal_justification"), &it.lethal_justification)?;
            opt(&short, &at("unit"), &it.unit)?;
            if let Some(m) = &it.value {
                code(&at("value.currency"), &m.currency)?;
            }
            opt(&short, &at("calibre"), &it.calibre)?;
            check_count(&at("serial_numbers"), it.serial_numbers.len(), SERIALS_PER_ITEM)?;
            for (j, s) in it.serial_numbers.iter().enumerate() {
                code(&format!("items[{i}].serial_numbers[{j}]"), s)?;
            }
            opt(&name, &at("origin"), &it.origin)?;
        }

        opt(&free, "end_use", &self.end_use)?;
        opt(&short, "purpose", &self.purpose)?;

        check_count("weapons_in_service", self.weapons_in_service.len(), LIST)?;
        for (i, w) in self.weapons_in_service.iter().enumerate() {
            free(&format!("weapons_in_service[{i}].description"), &w.description)?;
            short(&format!("weapons_in_service[{i}].calibre"), &w.calibre)?;
        }

        let d = &self.delivery;
        check_count("delivery.dates", d.dates.len(), LIST)?;
        opt(&short, "delivery.mode_of_transport", &d.mode_of_transport)?;
        check_count("delivery.route", d.route.len(), LIST)?;
        for (i, r) in d.route.iter().enumerate() {
            name(&format!("delivery.route[{i}]"), r)?;
        }
        check_count("delivery.transit_states", d.transit_states.len(), TRANSIT_STATES)?;
        for (i, c) in d.transit_states.iter().enumerate() {
            code(&format!("delivery.transit_states[{i}]"), c)?;
        }
        opt(&name, "delivery.point_of_entry", &d.point_of_entry)?;

        check_count("documents", self.documents.len(), LIST)?;
        for (i, doc) in self.documents.iter().enumerate() {
            short(&format!("documents[{i}].kind"), &doc.kind)?;
            reference(&format!("documents[{i}].reference"), &doc.reference)?;
            opt(&name, &format!("documents[{i}].issued_by"), &doc.issued_by)?;
        }
        opt(&reference, "national_licence", &self.national_licence)?;
        Ok(())
    }
}

/// What `create` checks besides the actor's role: the reference (1–64 characters, no
/// whitespace, none of the characters [`crate::text::forbidden_in_identifier`] refuses), the
/// actor's id (the same character policy, at most [`limits::ACTOR_ID`] characters) and the
/// content's size limits and characters ([`RequestContent::check_limits`]).
pub fn check_new(
    reference: &str,
    actor_id: &str,
    content: &RequestContent,
) -> Result<(), TextError> {
    if reference.trim().is_empty() {
        return Err(TextError::Empty { field: "reference".into() });
    }
    check_length("reference", reference, limits::REFERENCE)?;
    check_identifier("reference", reference)?;
    check_length("actor id", actor_id, limits::ACTOR_ID)?;
    check_identifier("actor id", actor_id)?;
    content.check_limits()
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
    use super::{calibre_of, limits, ContentError, RequestContent};
    use crate::procedure::machine::{create, Actor, Refusal, Role};

    fn gna() -> RequestContent {
        let path =
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/requests/2016-gna-request.json");
        // Plain serde, so that the creation tests run the same on code without `from_json`.
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn submitter() -> Actor {
        Actor { role: Role::Submitter, id: "IT-mission".into() }
    }

    fn refused(reference: &str, actor: &Actor, content: RequestContent) -> String {
        let now = jiff::Timestamp::from_second(1_466_000_000).unwrap();
        match create(reference, content, actor, now) {
            Err(Refusal::Invalid(message)) => message,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn every_example_request_is_within_the_limits() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/requests");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "json") {
                let text = std::fs::read_to_string(&path).unwrap();
                RequestContent::from_json(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                seen += 1;
            }
        }
        assert!(seen >= 3, "{seen} example requests");
    }

    #[test]
    fn a_fifty_megabyte_title_is_refused_at_creation() {
        let mut content = gna();
        content.title = Some("A".repeat(50 * 1024 * 1024));
        let message = refused("GNA-2016-1", &submitter(), content);
        assert_eq!(message, "title: 52,428,800 characters, at most 500");
    }

    #[test]
    fn an_overlong_item_description_names_its_index() {
        let mut content = gna();
        content.items[0].description = "x".repeat(2_514);
        let message = refused("GNA-2016-1", &submitter(), content);
        assert_eq!(message, "items[0].description: 2,514 characters, at most 2,000");
    }

    #[test]
    fn too_many_items_or_parties_are_refused() {
        let mut content = gna();
        let item = content.items[0].clone();
        content.items = vec![item; limits::ITEMS + 1];
        assert_eq!(
            refused("GNA-2016-1", &submitter(), content),
            "items: 10,001 entries, at most 10,000"
        );
        let mut content = gna();
        let party = content.parties[0].clone();
        content.parties = vec![party; limits::PARTIES + 1];
        assert_eq!(
            refused("GNA-2016-1", &submitter(), content),
            "parties: 1,001 entries, at most 1,000"
        );
    }

    #[test]
    fn hidden_characters_in_references_and_identifiers_are_refused_at_creation() {
        let message = refused("GNA\u{202E}2016", &submitter(), gna());
        assert!(
            message.starts_with("reference: U+202E (right-to-left override) at character 4"),
            "{message}"
        );
        let actor = Actor { role: Role::Submitter, id: "IT\u{200B}mission".into() };
        let message = refused("GNA-2016-1", &actor, gna());
        assert!(
            message.starts_with("actor id: U+200B (zero width space) at character 3"),
            "{message}"
        );
        let mut content = gna();
        content.documents[0].reference = "EUC\u{2066}-1".into();
        let message = refused("GNA-2016-1", &submitter(), content);
        assert!(message.starts_with("documents[0].reference: U+2066"), "{message}");
        let mut content = gna();
        content.items[0].serial_numbers = vec!["A1".into(), "A\u{FEFF}2".into()];
        let message = refused("GNA-2016-1", &submitter(), content);
        assert!(message.starts_with("items[0].serial_numbers[1]: U+FEFF"), "{message}");
        let mut content = gna();
        content.parties[1].name = "Presidential\u{0}Guard".into();
        let message = refused("GNA-2016-1", &submitter(), content);
        assert!(message.starts_with("parties[1].name: U+0000 (control character)"), "{message}");
        // Joiners stay legal in names: Persian writing needs them.
        let mut content = gna();
        content.parties[1].name = "می\u{200C}خواهم".into();
        let now = jiff::Timestamp::from_second(1_466_000_000).unwrap();
        assert!(create("GNA-2016-1", content, &submitter(), now).is_ok());
    }

    #[test]
    fn json_errors_name_the_field_and_years_beyond_9999_are_explained() {
        let mut value: serde_json::Value = serde_json::to_value(gna()).unwrap();
        value["delivery"]["dates"] = serde_json::json!(["2016-07-01", "10000-01-01"]);
        let text = serde_json::to_string_pretty(&value).unwrap();
        let err = RequestContent::from_json(&text).unwrap_err();
        let ContentError::Json { path, line, .. } = &err else { panic!("{err:?}") };
        assert_eq!(path, "delivery.dates[1]");
        assert!(*line > 1);
        assert!(
            err.to_string().starts_with(
                "delivery.dates[1]: year 10000 is out of range: dates run from -9999 to 9999 (line "
            ),
            "{err}"
        );
        value["delivery"]["dates"] = serde_json::json!([]);
        value["documents"][0]["date"] = serde_json::json!("2016-02-30");
        let err = RequestContent::from_json(&value.to_string()).unwrap_err();
        assert!(
            err.to_string().starts_with("documents[0].date: `2016-02-30` is not a valid date"),
            "{err}"
        );
        value["documents"][0]["date"] = serde_json::Value::Null;
        value["items"][2]["quantity"] = serde_json::json!("many");
        let err = RequestContent::from_json(&value.to_string()).unwrap_err();
        assert!(err.to_string().starts_with("items[2].quantity: invalid type: string"), "{err}");
        let err = RequestContent::from_json("{\"ground\": 1,").unwrap_err();
        assert!(err.to_string().starts_with("ground: invalid type"), "{err}");
        let err = RequestContent::from_json(&format!("{} x", gna_text())).unwrap_err();
        assert!(err.to_string().starts_with("line "), "{err}");
    }

    fn gna_text() -> String {
        serde_json::to_string(&gna()).unwrap()
    }

    #[test]
    fn calibres_are_read_from_fields_and_descriptions() {
        assert_eq!(calibre_of(None, "assault rifles, 7.62x39 mm").as_deref(), Some("7.62x39"));
        assert_eq!(calibre_of(Some("7.62×39mm"), "").as_deref(), Some("7.62x39"));
        assert_eq!(calibre_of(None, "heavy machine guns 12.7 mm").as_deref(), Some("12.7"));
        assert_eq!(calibre_of(None, "pistols 9mm").as_deref(), Some("9"));
        assert_eq!(calibre_of(None, "ballistic helmets").as_deref(), None);
    }
}
