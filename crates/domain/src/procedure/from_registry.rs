//! Builds the procedure's [`GroundRules`] snapshot from the regime registry: the ground in
//! force on the submission date, its procedure, required information, item scope, eligible
//! end users and submitters, and the recognised government of the destination on that date.

use jiff::civil::Date;

use super::ground::{GroundRules, ItemScope, ProcedureKind, RecognisedGovernment};
use crate::country::CountryCode;
use crate::regime::{self, GovernmentRequirement, ItemScope as RegimeScope};
use crate::registry::Registry;

/// Why no ground snapshot could be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroundError {
    /// The ground id is not in the registry.
    #[error("unknown exemption ground `{0}` (expected regime/ground, e.g. un-libya/res2174-p8)")]
    Unknown(String),
    /// The ground is not in force on the date.
    #[error("ground `{id}` is not in force on {date} (in force then: {in_force})")]
    NotInForce {
        /// The ground.
        id: String,
        /// The date.
        date: Date,
        /// Grounds of the regime in force that day.
        in_force: String,
    },
    /// The ground needs no filing.
    #[error("ground `{0}` is a standing exemption: nothing is filed under it")]
    Standing(String),
}

/// The snapshot of ground `id` as in force on `date`.
pub fn ground_rules(registry: &Registry, id: &str, date: Date) -> Result<GroundRules, GroundError> {
    let (regime, ground) =
        registry.ground(id).ok_or_else(|| GroundError::Unknown(id.to_owned()))?;
    if !ground.period().contains(date) {
        let in_force: Vec<String> = regime
            .grounds_in_force(date)
            .filter(|g| g.procedure != regime::ProcedureKind::Standing)
            .map(|g| format!("{}/{}", regime.id(), g.local_id()))
            .collect();
        return Err(GroundError::NotInForce {
            id: id.to_owned(),
            date,
            in_force: if in_force.is_empty() { "none".into() } else { in_force.join(", ") },
        });
    }
    let procedure = match ground.procedure {
        regime::ProcedureKind::Standing => return Err(GroundError::Standing(id.to_owned())),
        // A notification without a negative-decision window is an advance notice for
        // information: it may proceed at once, modelled as a period of 0 working days.
        regime::ProcedureKind::Notification => {
            ProcedureKind::Notification { working_days: ground.working_days.unwrap_or(0) }
        }
        regime::ProcedureKind::PriorApproval => ProcedureKind::Approval,
    };
    let military = registry.military();
    let group = |name: &str| -> Vec<String> {
        military
            .group(name)
            .map(|g| g.categories.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default()
    };
    let mut categories: Vec<String> =
        registry.resolve_categories(&ground.categories).iter().map(|c| c.to_string()).collect();
    let (lethal_allowed, non_lethal_allowed) = match ground.items {
        RegimeScope::Any => (true, true),
        RegimeScope::Lethal => (true, false),
        RegimeScope::NonLethal => (false, true),
        RegimeScope::ProtectiveClothing => {
            categories.extend(group("protective_clothing"));
            (false, true)
        }
        RegimeScope::SmallArms => {
            categories.extend(group("small_arms"));
            (true, true)
        }
    };
    categories.sort();
    categories.dedup();
    let item_scope = ItemScope {
        lethal_allowed,
        non_lethal_allowed,
        categories,
        temporary_only: ground.temporary == Some(true),
        always_lethal: military.always_lethal.iter().map(|c| c.to_string()).collect(),
    };
    // `into()`: works whether a measure's target is a country or an optional one.
    #[allow(clippy::useless_conversion)]
    let destination: Option<CountryCode> = regime.measure.iter().find_map(|m| m.target.into());
    let recognised_government = match (ground.government, destination) {
        (GovernmentRequirement::Recognised, Some(country)) => {
            registry.authorities(country).and_then(|file| file.recognised_on(date)).map(|(a, r)| {
                let mut aliases = a.aliases.clone();
                aliases.extend(
                    a.dated_alias
                        .iter()
                        .filter(|d| d.from <= date && d.to.is_none_or(|t| date <= t))
                        .map(|d| d.name.clone()),
                );
                RecognisedGovernment {
                    name: a.name.clone(),
                    aliases,
                    citation: r.citations.first().cloned(),
                }
            })
        }
        _ => None,
    };
    let submitters = ground.submitters_on(date);
    Ok(GroundRules {
        id: format!("{}/{}", regime.id(), ground.local_id()),
        regime: regime.id().to_owned(),
        body: regime.body_of(ground).unwrap_or_default().to_owned(),
        destination: destination.map(|c| c.to_string()),
        procedure,
        citations: ground.citations.clone(),
        required_information: ground.required_info.iter().map(|f| f.id().to_owned()).collect(),
        item_scope,
        eligible_end_users: ground
            .end_users
            .iter()
            .filter_map(|e| {
                serde_json::to_value(e).ok().and_then(|v| v.as_str().map(str::to_owned))
            })
            .collect(),
        eligible_submitters: submitters.map(|r| r.kind_names()).unwrap_or_default(),
        submitters_citation: submitters.map(|r| r.citation()),
        recognised_government,
    })
}
