//! The transfer check: for the date of a transfer (or an `as_of` override), which measures are
//! in force and apply, which exemption ground fits each item, what procedure and deadline it
//! needs, what information is missing, and the citations behind each step.
//!
//! Evaluation: measures in force on the date apply by direction (supply-to: destination is the
//! target; export-from: origin is the target; assistance: destination is the target and the
//! purpose is training) and by scope (territory; non-governmental: unless the end user is forces
//! of the Government recognised on that date; armed groups: only non-state end users, which
//! include forces of unrecognised authorities; listed persons: only listed end users). For each
//! item and applicable measure, the grounds in force are matched (end-user category, recognised
//! Government, purpose, item scope, lethality, category, temporary export) and the least
//! restrictive match wins (ties: the more specific ground, then file order). No match:
//! `prohibited`, naming the regime's general prior-approval route if it has one. An item's verdict
//! is the most restrictive over measures and regimes; the overall verdict is the most
//! restrictive item verdict.

use std::fmt;

use jiff::civil::Date;
use serde::Serialize;

use crate::authority::{normalise, AuthorityMatch};
use crate::military::MlCategory;
use crate::regime::{
    EndUserCategory, GovernmentRequirement, Ground, InfoField, ItemScope, Measure, MeasureKind,
    ProcedureKind, Purpose, Regime, Scope,
};
use crate::registry::Registry;
use crate::transfer::{Item, Transfer, TransferError};

/// The verdict for an item or a transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No embargo applies.
    NotCovered,
    /// A standing exemption applies: nothing to file.
    Exempt,
    /// May proceed if no negative decision within the ground's period (or: advance notice).
    NotificationRequired,
    /// Prior committee approval needed under a specific ground.
    ApprovalRequired,
    /// No ground fits.
    Prohibited,
    /// An approved exemption covers the transfer (set by the exemption procedure).
    Authorized,
}

impl Verdict {
    /// Restrictiveness rank, `not_covered` lowest; `authorized` ranks with `exempt`.
    pub fn rank(self) -> u8 {
        match self {
            Verdict::NotCovered => 0,
            Verdict::Exempt | Verdict::Authorized => 1,
            Verdict::NotificationRequired => 2,
            Verdict::ApprovalRequired => 3,
            Verdict::Prohibited => 4,
        }
    }

    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NotCovered => "not_covered",
            Verdict::Exempt => "exempt",
            Verdict::NotificationRequired => "notification_required",
            Verdict::ApprovalRequired => "approval_required",
            Verdict::Prohibited => "prohibited",
            Verdict::Authorized => "authorized",
        }
    }

    fn of(kind: ProcedureKind) -> Self {
        match kind {
            ProcedureKind::Standing => Verdict::Exempt,
            ProcedureKind::Notification => Verdict::NotificationRequired,
            ProcedureKind::PriorApproval => Verdict::ApprovalRequired,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Invalid input to the check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// The transfer is invalid.
    #[error(transparent)]
    Transfer(#[from] TransferError),
}

/// The procedure a ground requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcedureInfo {
    /// `standing`, `notification` or `prior_approval`.
    pub kind: ProcedureKind,
    /// Deciding body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// No-objection period in working days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_days: Option<u32>,
    /// Lead time before delivery, in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_days: Option<u32>,
    /// Whether `lead_days` are working days.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lead_working_days: bool,
    /// Who may file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filed_by: Option<String>,
    /// Date the notification is (assumed) received.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notified_on: Option<Date>,
    /// Last day of the no-objection period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_ends: Option<Date>,
    /// How the period was counted, or why it could not be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_note: Option<String>,
    /// With a lead time and delivery dates: the last day to file before the earliest delivery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_by: Option<Date>,
}

/// The verdict for one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemResult {
    /// Index in the transfer.
    pub index: usize,
    /// The item's description.
    pub description: String,
    /// Its category.
    pub category: MlCategory,
    /// Verdict.
    pub verdict: Verdict,
    /// The regime deciding the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regime: Option<String>,
    /// The measure deciding the verdict (`regime/measure`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// The ground that applies (`regime/ground`).
    pub ground: Option<String>,
    /// The procedure of that ground.
    pub procedure: Option<ProcedureInfo>,
    /// For `prohibited`: the general prior-approval route, the only way forward.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub general_route: Option<String>,
    /// Citations behind the verdict.
    pub citations: Vec<String>,
    /// Required information absent from the transfer.
    pub missing: Vec<InfoField>,
    /// Why the ground applies, and why others do not.
    pub reasons: Vec<String>,
    /// Whether an unverified ([U]) fact was used.
    pub unverified: bool,
    /// The unverified facts used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unverified_facts: Vec<String>,
}

/// How the end user was classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndUserStatus {
    /// The category given.
    pub category: EndUserCategory,
    /// The category used for eligibility (forces of an unrecognised authority: `non_state`).
    pub effective_category: EndUserCategory,
    /// Whether the end user counts as forces of the recognised Government of the destination.
    pub recognised_government: bool,
    /// The matching of `end_user.government`, when the destination has authorities data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<AuthorityMatch>,
    /// Explanation.
    pub explanation: String,
}

/// The result of a check (PRODUCT.md contract plus extensions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// The date evaluated.
    pub as_of: Date,
    /// Overall verdict: the most restrictive item verdict, or `authorized`.
    pub verdict: Verdict,
    /// Regimes with at least one applicable measure.
    pub regimes: Vec<String>,
    /// Per item.
    pub items: Vec<ItemResult>,
    /// Reference of the approved exemption covering the transfer (with `authorized`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<String>,
    /// End-user classification.
    pub end_user: EndUserStatus,
    /// Whether any unverified fact was used.
    pub unverified: bool,
    /// General remarks (dating rules applied, assumptions).
    pub notes: Vec<String>,
}

struct Ctx<'a> {
    reg: &'a Registry,
    t: &'a Transfer,
    date: Date,
    notified_on: Date,
    eu: EndUserStatus,
    /// The end user's name and government, normalised.
    eu_names: Vec<String>,
}

struct Outcome {
    verdict: Verdict,
    regime: String,
    measure: String,
    ground: Option<String>,
    procedure: Option<ProcedureInfo>,
    general_route: Option<String>,
    citations: Vec<String>,
    missing: Vec<InfoField>,
    reasons: Vec<String>,
    unverified_facts: Vec<String>,
}

fn push_unique(v: &mut Vec<String>, items: &[String]) {
    for c in items {
        if !v.contains(c) {
            v.push(c.clone());
        }
    }
}

/// Checks a transfer as of `as_of` (default: the transfer's date); `notified_on` (default: the
/// date evaluated) starts no-objection periods.
pub fn check(
    registry: &Registry,
    transfer: &Transfer,
    as_of: Option<Date>,
    notified_on: Option<Date>,
) -> Result<CheckResult, CheckError> {
    transfer.validate(registry.military())?;
    let date = as_of.unwrap_or(transfer.date);
    let eu = classify_end_user(registry, transfer, date);
    let mut notes = Vec::new();
    if let Some(a) = registry.authorities(transfer.destination) {
        if !a.rule.is_empty() {
            notes.push(format!(
                "Recognised Government of {} dated under rule {}: {}",
                a.country, a.rule_in_force, a.rule_choice_note
            ));
        }
    }
    let mut rules_unverified = false;
    if let Some(a) = registry.authorities(transfer.destination) {
        if let Some(per_rule) = a.rules_disagree(date) {
            rules_unverified = true;
            notes.push(format!(
                "UNVERIFIED: on {date} the dating rules disagree on the recognised Government of {} ({}); rule {} is applied [U]",
                a.country,
                per_rule
                    .iter()
                    .map(|(r, id)| format!("rule {r}: {}", id.as_deref().unwrap_or("none")))
                    .collect::<Vec<_>>()
                    .join(", "),
                a.rule_in_force
            ));
        }
    }
    let eu_names = std::iter::once(transfer.end_user.name.as_str())
        .chain(transfer.end_user.government.as_deref())
        .map(normalise)
        .collect();
    let ctx = Ctx {
        reg: registry,
        t: transfer,
        date,
        notified_on: notified_on.unwrap_or(date),
        eu,
        eu_names,
    };
    let mut regimes_used: Vec<String> = Vec::new();
    let mut items = Vec::with_capacity(transfer.items.len());
    let mut near_misses = Vec::new();
    let applicable: Vec<(&Regime, Vec<&Measure>)> = registry
        .regimes()
        .iter()
        .map(|r| (r, ctx.applicable_measures(r, &mut near_misses)))
        .filter(|(_, ms)| !ms.is_empty())
        .collect();
    for (index, item) in transfer.items.iter().enumerate() {
        let mut best: Option<Outcome> = None;
        let mut skipped = Vec::new();
        let mut others: Vec<String> = Vec::new();
        for (regime, measures) in &applicable {
            for m in measures {
                if !m.categories.is_empty() && !m.categories.contains(&item.category) {
                    skipped.push(format!(
                        "{}/{}: covers only {} — {} is outside it",
                        regime.id(),
                        m.id.get_ref(),
                        m.categories.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", "),
                        item.category
                    ));
                    continue;
                }
                if !regimes_used.iter().any(|r| r == regime.id()) {
                    regimes_used.push(regime.id().to_string());
                }
                let o = ctx.evaluate(regime, m, item);
                if best.as_ref().is_none_or(|b| severity(&o) > severity(b)) {
                    if let Some(b) = best.replace(o) {
                        others.push(summary(&b));
                    }
                } else {
                    others.push(summary(&o));
                }
            }
        }
        items.push(match best {
            Some(o) => {
                let mut reasons = o.reasons;
                reasons.extend(others);
                reasons.extend(skipped);
                let unverified = !o.unverified_facts.is_empty();
                ItemResult {
                    index,
                    description: item.description.clone(),
                    category: item.category,
                    verdict: o.verdict,
                    regime: Some(o.regime),
                    measure: Some(o.measure),
                    ground: o.ground,
                    procedure: o.procedure,
                    general_route: o.general_route,
                    citations: o.citations,
                    missing: o.missing,
                    reasons,
                    unverified,
                    unverified_facts: o.unverified_facts,
                }
            }
            None => {
                let mut reasons = vec![format!(
                    "no UN arms-embargo measure in force on {date} applies to a transfer from {} to {}{}",
                    transfer.origin,
                    transfer.destination,
                    match transfer.end_user.category {
                        EndUserCategory::GovernmentForces => " for this end user".to_string(),
                        c => format!(" for a `{}` end user", c.as_str()),
                    }
                )];
                reasons.extend(near_misses.iter().cloned());
                reasons.extend(skipped);
                ItemResult {
                    index,
                    description: item.description.clone(),
                    category: item.category,
                    verdict: Verdict::NotCovered,
                    regime: None,
                    measure: None,
                    ground: None,
                    procedure: None,
                    general_route: None,
                    citations: vec![],
                    missing: vec![],
                    reasons,
                    unverified: false,
                    unverified_facts: vec![],
                }
            }
        });
    }
    let verdict =
        items.iter().map(|i| i.verdict).max_by_key(|v| v.rank()).unwrap_or(Verdict::NotCovered);
    let unverified = rules_unverified
        || items.iter().any(|i| i.unverified)
        || ctx.eu.authority.as_ref().is_some_and(|a| a.unverified);
    Ok(CheckResult {
        as_of: date,
        verdict,
        regimes: regimes_used,
        items,
        authorization: None,
        end_user: ctx.eu,
        unverified,
        notes,
    })
}

/// Restrictiveness of an outcome: the verdict's rank, and among `prohibited` outcomes, one
/// without any route beats one with a general route.
fn severity(o: &Outcome) -> (u8, bool) {
    (o.verdict.rank(), o.verdict == Verdict::Prohibited && o.general_route.is_none())
}

/// One line on a less restrictive (or equal) outcome under another applicable measure.
fn summary(o: &Outcome) -> String {
    format!(
        "also applies: {} → {}{}",
        o.measure,
        o.verdict,
        o.ground
            .as_ref()
            .or(o.general_route.as_ref())
            .map(|g| format!(" ({g})"))
            .unwrap_or_default()
    )
}

fn classify_end_user(reg: &Registry, t: &Transfer, date: Date) -> EndUserStatus {
    let category = t.end_user.category;
    if category != EndUserCategory::GovernmentForces {
        return EndUserStatus {
            category,
            effective_category: category,
            recognised_government: false,
            authority: None,
            explanation: format!("end user category `{}`", category.as_str()),
        };
    }
    let country = t.destination;
    match (reg.authorities(country), t.end_user.government.as_deref().filter(|g| !g.trim().is_empty())) {
        (Some(auth), Some(given)) => {
            let m = auth.match_government(given, date);
            let rec = m.recognised;
            EndUserStatus {
                category,
                effective_category: if rec { category } else { EndUserCategory::NonState },
                recognised_government: rec,
                explanation: m.explanation.clone(),
                authority: Some(m),
            }
        }
        (Some(auth), None) => EndUserStatus {
            category,
            effective_category: EndUserCategory::NonState,
            recognised_government: false,
            authority: None,
            explanation: format!(
                "`end_user.government` is not given, so the end user cannot be shown to be forces of the recognised Government of {country}{}; treated as non-state",
                auth.recognised_on(date).map(|(a, _)| format!(" ({} on {date})", a.name)).unwrap_or_default()
            ),
        },
        (None, _) => EndUserStatus {
            category,
            effective_category: category,
            recognised_government: true,
            authority: None,
            explanation: format!(
                "no authorities data for {country}: `government_forces` taken as forces of its Government{}",
                t.end_user.government.as_ref().map(|g| format!(" (`{g}`)")).unwrap_or_default()
            ),
        },
    }
}

impl Ctx<'_> {
    fn applicable_measures<'r>(&self, r: &'r Regime, near: &mut Vec<String>) -> Vec<&'r Measure> {
        let t = self.t;
        let mut out = Vec::new();
        for m in &r.measure {
            let direction = match m.kind {
                MeasureKind::SupplyTo | MeasureKind::Notification => {
                    m.target.is_none_or(|c| t.destination == c)
                }
                MeasureKind::ExportFrom => {
                    m.target.is_none_or(|c| t.origin == c || t.supplier_state == Some(c))
                }
                MeasureKind::Assistance => {
                    m.target.is_none_or(|c| t.destination == c) && t.purpose == Purpose::Training
                }
                MeasureKind::Mercenaries => false,
            };
            if !direction {
                continue;
            }
            let label = format!("{}/{}", r.id(), m.id.get_ref());
            if !m.period().contains(self.date) {
                if m.period().from > self.date {
                    near.push(format!(
                        "{label} ({}) in force only from {}",
                        m.citations.join("; "),
                        m.period().from
                    ));
                } else {
                    near.push(format!(
                        "{label} ({}) ended on {}",
                        m.citations.join("; "),
                        m.period().to.map(|d| d.to_string()).unwrap_or_default()
                    ));
                }
                continue;
            }
            if let Some(area) = &m.area {
                if let Some(given) = &t.destination_area {
                    if !format!(" {} ", normalise(given))
                        .contains(&format!(" {} ", normalise(area)))
                    {
                        near.push(format!(
                            "{label} covers only {area}; destination area is {given}"
                        ));
                        continue;
                    }
                }
            }
            let in_scope = match m.scope {
                Scope::Territory => true,
                Scope::NonGovernmental => !self.eu.recognised_government,
                Scope::ArmedGroups => self.eu.effective_category == EndUserCategory::NonState,
                Scope::ListedPersons => {
                    t.end_user.listed_regimes.iter().any(|l| m.lists.contains(l))
                        || m.normalised_groups.iter().any(|g| {
                            self.eu_names
                                .iter()
                                .any(|n| n == g.trim_end() || n.starts_with(g.as_str()))
                        })
                }
            };
            if !in_scope {
                near.push(format!(
                    "{label} ({}) covers only {}; this end user is outside it",
                    m.citations.join("; "),
                    match m.scope {
                        Scope::NonGovernmental => "non-governmental end users",
                        Scope::ArmedGroups => "armed groups and other non-state end users",
                        _ => "listed persons, entities and groups",
                    }
                ));
                continue;
            }
            out.push(m);
        }
        out
    }

    /// Unverified ([U]) category groups used by a ground that contain the item's category.
    fn unverified_groups(&self, g: &Ground, item: &Item) -> Vec<String> {
        let mil = self.reg.military();
        let mut names: Vec<&str> = g
            .categories
            .iter()
            .chain(&g.exclude_categories)
            .filter_map(|c| c.strip_prefix("group:"))
            .collect();
        match g.items {
            ItemScope::SmallArms => names.push("small_arms"),
            ItemScope::ProtectiveClothing => names.push("protective_clothing"),
            _ => {}
        }
        names
            .into_iter()
            .filter_map(|n| mil.group(n).map(|gr| (n, gr)))
            .filter(|(_, gr)| {
                gr.confidence.is_unverified() && gr.categories.contains(&item.category)
            })
            .map(|(n, _)| format!("category group `{n}` (ML mapping) [U]"))
            .collect()
    }

    /// Why a ground does not fit, or `Ok(specificity)`.
    fn ground_fits(&self, g: &Ground, m: &Measure, item: &Item) -> Result<usize, (String, bool)> {
        let t = self.t;
        let eu = &self.eu;
        let mut spec = 0;
        if !g.measures.is_empty() {
            if !g.measures.iter().any(|x| x == m.id.get_ref()) {
                return Err((format!("does not exempt from {}", m.id.get_ref()), false));
            }
            spec += 1;
        }
        if !g.end_users.is_empty() {
            if !g.end_users.contains(&eu.effective_category) {
                return Err((
                    format!(
                        "end user must be {} (this one counts as `{}`)",
                        g.end_users.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" or "),
                        eu.effective_category.as_str()
                    ),
                    false,
                ));
            }
            spec += 1;
        }
        if g.government == GovernmentRequirement::Recognised {
            if !eu.recognised_government {
                return Err((
                    "end user is not forces of the Government recognised on that date".into(),
                    false,
                ));
            }
            spec += 1;
        }
        if !g.purposes.is_empty() {
            if !g.purposes.contains(&t.purpose) {
                return Err((
                    format!(
                        "purpose must be {} (is `{}`)",
                        g.purposes.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(" or "),
                        t.purpose.as_str()
                    ),
                    false,
                ));
            }
            spec += 1;
        }
        let mil = self.reg.military();
        let in_group =
            |name: &str| mil.group(name).is_some_and(|gr| gr.categories.contains(&item.category));
        match g.items {
            ItemScope::Any => {}
            ItemScope::Lethal if !item.lethal => {
                return Err(("covers lethal items only".into(), true))
            }
            ItemScope::NonLethal if item.lethal => {
                return Err(("covers non-lethal items only".into(), true))
            }
            ItemScope::ProtectiveClothing if item.lethal || !in_group("protective_clothing") => {
                return Err((
                    format!(
                        "covers non-lethal protective clothing only ({} lethal={})",
                        item.category, item.lethal
                    ),
                    true,
                ))
            }
            ItemScope::SmallArms if !in_group("small_arms") => {
                return Err((
                    format!("covers small arms and light weapons only ({} is not)", item.category),
                    true,
                ))
            }
            _ => spec += 1,
        }
        if !g.categories.is_empty() {
            if !self.reg.resolve_categories(&g.categories).contains(&item.category) {
                return Err((
                    format!("covers only {} ({} is not)", g.categories.join(", "), item.category),
                    true,
                ));
            }
            spec += 1;
        }
        if !g.exclude_categories.is_empty()
            && self.reg.resolve_categories(&g.exclude_categories).contains(&item.category)
        {
            return Err((
                format!("excludes {} ({})", g.exclude_categories.join(", "), item.category),
                true,
            ));
        }
        if let Some(temp) = g.temporary {
            if temp != t.temporary {
                return Err((
                    if temp {
                        "covers temporary exports only".into()
                    } else {
                        "covers permanent exports only".into()
                    },
                    true,
                ));
            }
            spec += 1;
        }
        Ok(spec)
    }

    fn procedure(&self, r: &Regime, g: &Ground, unverified: &mut Vec<String>) -> ProcedureInfo {
        let mut p = ProcedureInfo {
            kind: g.procedure,
            body: r.body_of(g).map(str::to_string),
            working_days: g.working_days,
            lead_days: g.lead_days,
            lead_working_days: g.lead_working_days,
            filed_by: g.filed_by.clone(),
            notified_on: None,
            period_ends: None,
            period_note: None,
            file_by: None,
        };
        if g.procedure == ProcedureKind::Notification {
            p.notified_on = Some(self.notified_on);
        }
        if let (Some(lead), Some(first)) = (g.lead_days, self.t.delivery_dates.iter().min()) {
            p.file_by = if g.lead_working_days {
                self.reg.calendar_for(r).and_then(|cal| cal.working_days_before(*first, lead).ok())
            } else {
                first.checked_sub(jiff::Span::new().days(i64::from(lead) + 1)).ok()
            };
        }
        if let (ProcedureKind::Notification, Some(n)) = (g.procedure, g.working_days) {
            match self.reg.calendar_for(r) {
                Some(cal) => match cal.add_working_days(self.notified_on, n) {
                    Ok(end) => {
                        let hols = cal.holidays_between(self.notified_on, end);
                        let mut note = format!(
                            "{n} {} working days counted from the day after {} (counting rule [{}]: {})",
                            cal.data().name,
                            self.notified_on,
                            cal.data().counting_rule_confidence,
                            cal.data().counting_rule
                        );
                        if cal.data().counting_rule_confidence.is_unverified() {
                            unverified.push(format!(
                                "working-day counting rule of calendar `{}`",
                                cal.id()
                            ));
                        }
                        for h in &hols {
                            note.push_str(&format!(
                                "; skips {} {} [{}]",
                                h.date, h.name, h.confidence
                            ));
                            if h.confidence.is_unverified() {
                                unverified.push(format!("UN HQ holiday {} {}", h.date, h.name));
                            }
                        }
                        p.period_ends = Some(end);
                        p.period_note = Some(note);
                    }
                    Err(e) => p.period_note = Some(format!("period end not computed: {e}")),
                },
                None => p.period_note = Some("period end not computed: no calendar loaded".into()),
            }
        }
        p
    }

    fn evaluate(&self, r: &Regime, m: &Measure, item: &Item) -> Outcome {
        let label = |id: &str| format!("{}/{}", r.id(), id);
        let mut reasons = vec![format!(
            "{} applies: {} {} ({}), in force {} [{}]",
            label(m.id.get_ref()),
            match m.kind {
                MeasureKind::SupplyTo => "supply to",
                MeasureKind::ExportFrom => "export from",
                MeasureKind::Assistance => "assistance to",
                MeasureKind::Mercenaries => "mercenaries to",
                MeasureKind::Notification => "notification of shipments to",
            },
            m.target.map_or_else(|| "listed end users anywhere".to_string(), |c| c.to_string()),
            match m.scope {
                Scope::Territory => "whole territory",
                Scope::NonGovernmental => "non-governmental end users",
                Scope::ArmedGroups => "armed groups",
                Scope::ListedPersons => "listed persons",
            },
            m.period(),
            m.confidence
        )];
        let mut unverified = Vec::new();
        if m.confidence.is_unverified() {
            unverified.push(format!("measure {} [U]", label(m.id.get_ref())));
        }
        if let Some(v) = m.verified_to {
            if self.date > v {
                unverified.push(format!(
                    "measure {} assumed renewed beyond its last verified expiry {v}",
                    label(m.id.get_ref())
                ));
            }
        }
        if let (Some(area), None) = (&m.area, &self.t.destination_area) {
            reasons.push(format!(
                "the measure covers {area} only; `destination_area` is not given, so the item is treated as going there"
            ));
        }
        let mut best: Option<(&Ground, usize, usize)> = None;
        let mut category_rejected: Vec<&Ground> = Vec::new();
        for (order, g) in r.grounds_in_force(self.date).enumerate() {
            if g.general {
                continue;
            }
            match self.ground_fits(g, m, item) {
                Ok(spec) => {
                    let better = best.is_none_or(|(b, bs, _)| {
                        (g.procedure, std::cmp::Reverse(spec))
                            < (b.procedure, std::cmp::Reverse(bs))
                    });
                    if better {
                        best = Some((g, spec, order));
                    }
                }
                Err((why, on_category)) => {
                    if on_category {
                        category_rejected.push(g);
                    }
                    reasons.push(format!(
                        "{} ({}) does not apply: {why}",
                        label(g.local_id()),
                        g.title
                    ));
                }
            }
        }
        let mut citations = m.citations.clone();
        match best {
            Some((g, _, _)) => {
                reasons.insert(
                    1,
                    format!(
                        "{} ({}) applies [{}]{}",
                        label(g.local_id()),
                        g.title,
                        g.confidence,
                        if g.is_unverified() { " — UNVERIFIED" } else { "" }
                    ),
                );
                if g.is_unverified() {
                    unverified.push(format!("ground {} [U]", label(g.local_id())));
                }
                unverified.extend(self.unverified_groups(g, item));
                push_unique(&mut citations, &g.citations);
                let procedure = self.procedure(r, g, &mut unverified);
                Outcome {
                    verdict: Verdict::of(g.procedure),
                    regime: r.id().to_string(),
                    measure: label(m.id.get_ref()),
                    ground: Some(label(g.local_id())),
                    procedure: Some(procedure),
                    general_route: None,
                    citations,
                    missing: g.required_info.iter().copied().filter(|f| !self.t.has(*f)).collect(),
                    reasons,
                    unverified_facts: unverified,
                }
            }
            None => {
                for g in &category_rejected {
                    for u in self.unverified_groups(g, item) {
                        if !unverified.contains(&u) {
                            unverified.push(u);
                        }
                    }
                }
                let route = r.grounds_in_force(self.date).find(|g| {
                    g.general
                        && (g.measures.is_empty() || g.measures.iter().any(|x| x == m.id.get_ref()))
                });
                let mut missing = Vec::new();
                match route {
                    Some(g) => {
                        reasons.insert(
                            1,
                            format!(
                                "no specific ground fits; the only route is {} ({}): prior approval by {}",
                                label(g.local_id()),
                                g.title,
                                r.body_of(g).unwrap_or("the committee")
                            ),
                        );
                        push_unique(&mut citations, &g.citations);
                        missing =
                            g.required_info.iter().copied().filter(|f| !self.t.has(*f)).collect();
                        if g.is_unverified() {
                            unverified.push(format!("general route {} [U]", label(g.local_id())));
                        }
                    }
                    None => reasons.insert(
                        1,
                        "no exemption ground fits and the regime has no general route".into(),
                    ),
                }
                Outcome {
                    verdict: Verdict::Prohibited,
                    regime: r.id().to_string(),
                    measure: label(m.id.get_ref()),
                    ground: None,
                    procedure: None,
                    general_route: route.map(|g| label(g.local_id())),
                    citations,
                    missing,
                    reasons,
                    unverified_facts: unverified,
                }
            }
        }
    }
}
