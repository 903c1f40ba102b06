//! Validation of a request before filing: every problem at once, each with its field path,
//! its severity and the citation behind the rule.
//!
//! Completeness is checked against the ground's required-information ids; coherence covers
//! item scope, the ammunition/weapon calibre check (a warning), quantities, dates, the end
//! user's government; party screening hits come in as data (the lists and the matcher live
//! outside this crate) and block filing until they are cleared with a reason.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::ground::GroundRules;
use super::model::{calibre_of, PartyRole, RequestContent};
use crate::country::CountryCode;
use crate::military::MlCategory;
use crate::regime::SUBMITTER_KINDS;

/// How bad a problem is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks filing.
    Error,
    /// Shown, does not block filing.
    Warning,
}

/// One problem found in a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code, e.g. `missing_end_user`.
    pub code: String,
    /// Field path, e.g. `items[2].quantity`.
    pub path: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// The rule behind it.
    pub citation: String,
}

/// A screening hit on one party, as the screening engine reported it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScreeningHit {
    /// Index of the party in `parties`.
    pub party: usize,
    /// List, e.g. `UN`.
    pub list: String,
    /// The listed entity's reference, e.g. `LYi.013`.
    pub reference: String,
    /// The listed entity's primary name.
    pub listed_name: String,
    /// Score in [0, 1].
    pub score: f64,
    /// The stored list version screened against (absent on hits recorded before versions
    /// were named).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_version: Option<i64>,
}

/// A decision that a screening hit is a false positive, recorded on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Clearance {
    /// Index of the party in `parties`.
    pub party: usize,
    /// The listed entity's reference the clearance is about.
    pub reference: String,
    /// Why the hit is not the party.
    pub reason: String,
    /// Who cleared it.
    pub by: String,
}

const IAN2: &str =
    "Implementation Assistance Notice #2 (SC/10731), required content of a notification";
const SCREENING: &str =
    "parties screened against the stored sanctions lists (PRODUCT.md capability 5; domain.md data model, entity 8)";

/// The known required-information ids and what they mean.
pub const INFORMATION_IDS: &[&str] = &[
    "end_user",
    "quantities",
    "item_list",
    "responsible_body_note",
    "delivery_dates",
    "end_user_certificate",
    "end_use_statement",
    "mode_of_transport",
    "route",
    "transit_states",
    "point_of_entry",
    "serial_numbers",
    "origin",
    "national_licence",
    "supplier_state",
    "return_date",
    "itinerary",
    "transport",
    "manufacturer",
    "place_of_delivery",
    "end_user_documentation",
    "destination_unit",
    "technical_specification",
];

/// Validates `content` for filing under `ground` on `submission`, given the screening hits
/// on its parties and the clearances already recorded. Returns every problem, errors first.
pub fn validate(
    content: &RequestContent,
    ground: &GroundRules,
    submission: Date,
    hits: &[ScreeningHit],
    clearances: &[Clearance],
) -> Vec<Problem> {
    let mut out = Vec::new();
    let cite = ground.citation();
    let mut push = |severity, code: &str, path: String, message: String, citation: &str| {
        out.push(Problem {
            severity,
            code: code.to_owned(),
            path,
            message,
            citation: citation.to_owned(),
        })
    };

    if content.ground != ground.id {
        push(
            Severity::Error,
            "ground_mismatch",
            "ground".into(),
            format!(
                "request names ground `{}` but is validated under `{}`",
                content.ground, ground.id
            ),
            &cite,
        );
    }

    // Submitter.
    if !SUBMITTER_KINDS.contains(&content.submitter.kind.as_str()) {
        push(
            Severity::Error,
            "unknown_submitter_kind",
            "submitter.kind".into(),
            format!(
                "`{}` is not a submitter kind (expected one of {})",
                content.submitter.kind,
                SUBMITTER_KINDS.join(", ")
            ),
            &cite,
        );
    } else if !ground.eligible_submitters.is_empty()
        && !ground.eligible_submitters.contains(&content.submitter.kind)
    {
        push(
            Severity::Error,
            "submitter_not_eligible",
            "submitter.kind".into(),
            format!(
                "a {} may not file under {} on {submission} (eligible: {})",
                content.submitter.kind.replace('_', " "),
                ground.id,
                ground.eligible_submitters.join(", ")
            ),
            ground.submitters_citation.as_deref().unwrap_or(&cite),
        );
    }
    if content.submitter.name.trim().is_empty() {
        push(
            Severity::Error,
            "empty",
            "submitter.name".into(),
            "submitter name is empty".into(),
            &cite,
        );
    }
    if let Some(country) = &content.submitter.country {
        if CountryCode::parse(country).is_err() {
            push(
                Severity::Error,
                "unknown_country",
                "submitter.country".into(),
                format!("`{country}` is not an ISO 3166-1 alpha-2 code"),
                &cite,
            );
        }
    }

    // Parties.
    for (i, party) in content.parties.iter().enumerate() {
        if party.role().is_none() {
            push(
                Severity::Error,
                "unknown_party_role",
                format!("parties[{i}].role"),
                format!(
                    "`{}` is not a party role (expected one of {})",
                    party.role,
                    PartyRole::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
                ),
                &cite,
            );
        }
        if party.name.trim().is_empty() {
            push(
                Severity::Error,
                "empty",
                format!("parties[{i}].name"),
                "party name is empty".into(),
                &cite,
            );
        }
        if CountryCode::parse(&party.country).is_err() {
            push(
                Severity::Error,
                "unknown_country",
                format!("parties[{i}].country"),
                format!("`{}` is not an ISO 3166-1 alpha-2 code", party.country),
                &cite,
            );
        }
    }
    let end_user = content.end_user();
    match end_user {
        None => push(
            Severity::Error,
            "missing_end_user",
            "parties".into(),
            "no party has the role end_user: the precise end user is required".into(),
            IAN2,
        ),
        Some((i, party)) => {
            if let Some(dest) = &ground.destination {
                if !party.country.eq_ignore_ascii_case(dest) {
                    push(
                        Severity::Error,
                        "end_user_outside_destination",
                        format!("parties[{i}].country"),
                        format!(
                            "the end user is in {} but {} is about {dest}",
                            party.country, ground.id
                        ),
                        &cite,
                    );
                }
            }
            match &party.category {
                None => push(
                    Severity::Error,
                    "missing",
                    format!("parties[{i}].category"),
                    "the end user's category is required".into(),
                    &cite,
                ),
                Some(cat)
                    if !ground.eligible_end_users.is_empty()
                        && !ground.eligible_end_users.contains(cat) =>
                {
                    push(
                        Severity::Error,
                        "end_user_not_eligible",
                        format!("parties[{i}].category"),
                        format!(
                            "end users of category {cat} are not eligible under {} (eligible: {})",
                            ground.id,
                            ground.eligible_end_users.join(", ")
                        ),
                        &cite,
                    )
                }
                Some(_) => {}
            }
            if let Some(gov) = &ground.recognised_government {
                let citation = gov.citation.clone().unwrap_or_else(|| cite.clone());
                match &party.government {
                    None => push(
                        Severity::Error,
                        "end_user_government_missing",
                        format!("parties[{i}].government"),
                        format!("the end user must be under {}; say which government it is under", gov.name),
                        &citation,
                    ),
                    Some(name) if !gov.matches(name) => push(
                        Severity::Error,
                        "end_user_not_under_recognised_government",
                        format!("parties[{i}].government"),
                        format!(
                            "the end user is under `{name}`, not under {}, the government recognised on {submission}",
                            gov.name
                        ),
                        &citation,
                    ),
                    Some(_) => {}
                }
            }
        }
    }
    for (s, hit) in hits.iter().enumerate() {
        let cleared =
            clearances.iter().any(|c| c.party == hit.party && c.reference == hit.reference);
        if !cleared {
            let name = content.parties.get(hit.party).map(|p| p.name.as_str()).unwrap_or("?");
            push(
                Severity::Error,
                "screening_hit",
                format!("parties[{}]", hit.party),
                format!(
                    "`{name}` matches {} entry {} `{}` (score {:.2}); clear it with a reason before filing (hit {s})",
                    hit.list, hit.reference, hit.listed_name, hit.score
                ),
                SCREENING,
            );
        }
    }

    // Items.
    if content.items.is_empty() {
        push(
            Severity::Error,
            "missing_item_list",
            "items".into(),
            "the item list is empty: a detailed list of equipment is required".into(),
            IAN2,
        );
    }
    let scope = &ground.item_scope;
    let mut weapon_calibres: Vec<String> = content
        .weapons_in_service
        .iter()
        .filter_map(|w| calibre_of(Some(&w.calibre), &w.description))
        .collect();
    for item in &content.items {
        if matches!(MlCategory::parse(&item.category), Ok(c) if c.number() == 1 || c.number() == 2)
        {
            weapon_calibres.extend(calibre_of(item.calibre.as_deref(), &item.description));
        }
    }
    for (i, item) in content.items.iter().enumerate() {
        if item.description.trim().len() < 3 {
            push(
                Severity::Error,
                "vague_description",
                format!("items[{i}].description"),
                "the item needs a description (a detailed item list is required)".into(),
                IAN2,
            );
        }
        let category = MlCategory::parse(&item.category);
        match &category {
            Err(e) => push(
                Severity::Error,
                "unknown_category",
                format!("items[{i}].category"),
                e.to_string(),
                &cite,
            ),
            Ok(c) => {
                if !scope.categories.is_empty()
                    && !scope.categories.iter().any(|s| MlCategory::parse(s).ok() == Some(*c))
                {
                    push(
                        Severity::Error,
                        "item_outside_scope",
                        format!("items[{i}].category"),
                        format!(
                            "{c} is outside the scope of {} ({})",
                            ground.id,
                            scope.categories.join(", ")
                        ),
                        &cite,
                    );
                }
            }
        }
        if !item.lethal
            && matches!(&category, Ok(c) if scope.always_lethal.iter().any(|a| MlCategory::parse(a).ok() == Some(*c)))
        {
            push(
                Severity::Error,
                "lethal_category_declared_non_lethal",
                format!("items[{i}].lethal"),
                format!(
                    "`{}` is in {}, which is lethal by nature, but is declared non-lethal",
                    item.description, item.category
                ),
                "domain.md §4.3 (non-lethal military equipment)",
            );
        }
        if item.lethal && !scope.lethal_allowed {
            push(
                Severity::Error,
                "lethal_item_under_non_lethal_ground",
                format!("items[{i}].lethal"),
                format!(
                    "`{}` is lethal but {} covers non-lethal items only",
                    item.description, ground.id
                ),
                &cite,
            );
        }
        if !item.lethal && !scope.non_lethal_allowed {
            push(
                Severity::Error,
                "non_lethal_item_under_lethal_ground",
                format!("items[{i}].lethal"),
                format!(
                    "`{}` is non-lethal but {} covers lethal items only",
                    item.description, ground.id
                ),
                &cite,
            );
        }
        if item.lethal_justification.as_deref().is_none_or(|j| j.trim().is_empty()) {
            push(
                Severity::Warning,
                "lethal_flag_unjustified",
                format!("items[{i}].lethal_justification"),
                "say why the item is (or is not) lethal".into(),
                "domain.md §4.3 (lethal/non-lethal judgement with a justification)",
            );
        }
        if item.quantity <= 0 {
            push(
                Severity::Error,
                "non_positive_quantity",
                format!("items[{i}].quantity"),
                format!("quantity must be positive, got {}", item.quantity),
                IAN2,
            );
        }
        if let Some(value) = &item.value {
            if !(value.amount.is_finite() && value.amount >= 0.0) {
                push(
                    Severity::Error,
                    "invalid_value",
                    format!("items[{i}].value.amount"),
                    format!("value must be a non-negative amount, got {}", value.amount),
                    &cite,
                );
            }
        }
        if matches!(category, Ok(c) if c.number() == 3) {
            match calibre_of(item.calibre.as_deref(), &item.description) {
                Some(cal) if !weapon_calibres.iter().any(|w| calibres_match(w, &cal)) => push(
                    Severity::Warning,
                    "ammunition_without_weapon",
                    format!("items[{i}]"),
                    format!(
                        "ammunition of calibre {cal} but no weapon of that calibre is on the list or declared in service"
                    ),
                    "domain.md §1.4 (a detailed and coherent list)",
                ),
                None => push(
                    Severity::Warning,
                    "ammunition_calibre_unknown",
                    format!("items[{i}].calibre"),
                    "ammunition without a calibre cannot be matched with a weapon".into(),
                    "domain.md §1.4 (a detailed and coherent list)",
                ),
                Some(_) => {}
            }
        }
    }

    // Delivery plan.
    for (d, date) in content.delivery.dates.iter().enumerate() {
        if *date < submission {
            push(
                Severity::Error,
                "delivery_before_submission",
                format!("delivery.dates[{d}]"),
                format!("delivery on {date} is before the submission on {submission}"),
                &cite,
            );
        }
    }
    for (t, state) in content.delivery.transit_states.iter().enumerate() {
        if CountryCode::parse(state).is_err() {
            push(
                Severity::Error,
                "unknown_country",
                format!("delivery.transit_states[{t}]"),
                format!("`{state}` is not an ISO 3166-1 alpha-2 code"),
                &cite,
            );
        }
    }
    if scope.temporary_only && !content.delivery.temporary {
        push(
            Severity::Error,
            "not_temporary",
            "delivery.temporary".into(),
            format!("{} covers temporary exports only", ground.id),
            &cite,
        );
    }
    if let (Some(ret), true) = (content.delivery.return_date, content.delivery.temporary) {
        if content.delivery.dates.iter().any(|d| ret < *d) {
            push(
                Severity::Error,
                "return_before_delivery",
                "delivery.return_date".into(),
                format!("return date {ret} is before a delivery date"),
                &cite,
            );
        }
    }

    // Completeness against the ground's required information.
    for id in &ground.required_information {
        if let Some((path, message)) = missing_information(content, id) {
            push(
                Severity::Error,
                &format!("missing_{id}"),
                path,
                message,
                &required_citation(ground, id),
            );
        }
    }

    out.sort_by_key(|p| p.severity);
    out
}

fn required_citation(ground: &GroundRules, id: &str) -> String {
    match id {
        "end_user" | "quantities" | "item_list" | "responsible_body_note" | "delivery_dates" => {
            format!("{IAN2}; {}", ground.citation())
        }
        _ => ground.citation(),
    }
}

/// Whether the information `id` is missing: the field path and a message when it is.
fn missing_information(c: &RequestContent, id: &str) -> Option<(String, String)> {
    let has_doc =
        |kind: &str| c.documents.iter().any(|d| d.kind == kind && !d.reference.trim().is_empty());
    let missing = |path: &str, message: &str| Some((path.to_owned(), message.to_owned()));
    match id {
        "end_user" => match c.end_user() {
            Some((i, p))
                if p.details.as_deref().is_none_or(|d| d.trim().is_empty())
                    && p.name.split_whitespace().count() < 2 =>
            {
                Some((
                    format!("parties[{i}].details"),
                    "the precise end user (unit, location) is required".into(),
                ))
            }
            // Reported already as `missing_end_user`.
            _ => None,
        },
        "quantities" => {
            let i = c
                .items
                .iter()
                .position(|it| it.unit.as_deref().is_none_or(|u| u.trim().is_empty()))?;
            Some((
                format!("items[{i}].unit"),
                "exact quantities with their unit are required".into(),
            ))
        }
        // An empty list is reported as `missing_item_list`; a vague line as `vague_description`.
        "item_list" => None,
        "responsible_body_note" => (!has_doc("responsible_body_note")).then(|| {
            (
                "documents".into(),
                "a note from the recipient's body responsible for requests is required".into(),
            )
        }),
        "end_user_certificate" => (!has_doc("end_user_certificate"))
            .then(|| ("documents".into(), "an end-user certificate is required".into())),
        "delivery_dates" => {
            if c.delivery.dates.is_empty() {
                missing("delivery.dates", "the intended delivery dates are required")
            } else {
                None
            }
        }
        "end_use_statement" => {
            if c.end_use.as_deref().is_none_or(|s| s.trim().is_empty()) {
                missing("end_use", "an end-use statement is required")
            } else {
                None
            }
        }
        "mode_of_transport" => {
            if c.delivery.mode_of_transport.is_none() {
                missing("delivery.mode_of_transport", "the mode of transport is required")
            } else {
                None
            }
        }
        "route" => {
            if c.delivery.route.is_empty() {
                missing("delivery.route", "the route is required")
            } else {
                None
            }
        }
        "transit_states" => None,
        "point_of_entry" => {
            if c.delivery.point_of_entry.is_none() {
                missing("delivery.point_of_entry", "the point of entry is required")
            } else {
                None
            }
        }
        "serial_numbers" => {
            let i = c.items.iter().position(|it| it.lethal && it.serial_numbers.is_empty())?;
            Some((format!("items[{i}].serial_numbers"), "serial numbers are required".into()))
        }
        "origin" => {
            let i = c.items.iter().position(|it| it.origin.is_none())?;
            Some((
                format!("items[{i}].origin"),
                "the origin (manufacturer or country) is required".into(),
            ))
        }
        "national_licence" => {
            if c.national_licence.is_none() {
                missing("national_licence", "the national licence reference is required")
            } else {
                None
            }
        }
        "supplier_state" => {
            if c.parties.iter().any(|p| p.role() == Some(PartyRole::SupplierState)) {
                None
            } else {
                missing("parties", "the supplier state is required")
            }
        }
        "return_date" => {
            if c.delivery.return_date.is_none() {
                missing(
                    "delivery.return_date",
                    "the return date of the temporary export is required",
                )
            } else {
                None
            }
        }
        other => Some((
            "ground".into(),
            format!("required information `{other}` cannot be checked automatically"),
        )),
    }
}

/// Whether a weapon calibre and an ammunition calibre fit: equal, or equal bore when one of
/// them gives no case length (`12.7` fits `12.7x108`).
fn calibres_match(weapon: &str, ammunition: &str) -> bool {
    let bore = |c: &str| c.split('x').next().unwrap_or(c).to_owned();
    weapon == ammunition
        || ((!weapon.contains('x') || !ammunition.contains('x'))
            && bore(weapon) == bore(ammunition))
}

/// Whether a list of problems blocks filing.
pub fn blocks_filing(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}
