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

use jiff::civil::Date;

use crate::authority::normalise;
use crate::military::{MlCategory, SalwStatus};
use crate::regime::{
    Coherence, EndUserCategory, GovernmentRequirement, Ground, InfoField, ItemScope, Measure,
    MeasureKind, ProcedureKind, Purpose, Regime, Scope,
};
use crate::registry::Registry;
use crate::transfer::{Item, Service, ServiceKind, Transfer};

mod parties;
mod result;

pub use result::*;

struct Ctx<'a> {
    reg: &'a Registry,
    t: &'a Transfer,
    date: Date,
    notified_on: Date,
    notified_on_given: bool,
    eu: EndUserStatus,
    /// The end user's name and government, normalised.
    eu_names: Vec<String>,
    /// Required information the transfer carries (computed once: linear in the items).
    present: Vec<InfoField>,
}

/// What is evaluated: a line item or a service.
#[derive(Clone, Copy)]
enum Subject<'a> {
    Goods(&'a Item),
    Service(&'a Service),
}

impl Subject<'_> {
    fn category(self) -> Option<MlCategory> {
        match self {
            Subject::Goods(i) => Some(i.category),
            Subject::Service(_) => None,
        }
    }
    fn lethal(self) -> bool {
        match self {
            Subject::Goods(i) => i.lethal,
            Subject::Service(_) => false,
        }
    }
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
    not_applying: Vec<String>,
    warnings: Vec<String>,
}

fn push_unique(v: &mut Vec<String>, items: &[String]) {
    for c in items {
        if !v.contains(c) {
            v.push(c.clone());
        }
    }
}

/// Checks a transfer as of `as_of` (default: the transfer's date); `notified_on` (default: the
/// date evaluated) starts no-objection periods. The parties are not screened (see
/// [`check_with`]).
pub fn check(
    registry: &Registry,
    transfer: &Transfer,
    as_of: Option<Date>,
    notified_on: Option<Date>,
) -> Result<CheckResult, CheckError> {
    check_with(registry, transfer, &CheckOptions { as_of, notified_on, screening: None })
}

/// Checks a transfer with the given options, including the screening of its parties.
pub fn check_with(
    registry: &Registry,
    transfer: &Transfer,
    options: &CheckOptions,
) -> Result<CheckResult, CheckError> {
    transfer.validate(registry.military())?;
    let date = options.as_of.unwrap_or(transfer.date);
    let eu = parties::classify_end_user(registry, transfer, date);
    let mut notes = Vec::new();
    let mut warnings = Vec::new();
    if let Some(a) = registry.authorities(transfer.destination) {
        if !a.rule.is_empty()
            && registry.regimes().iter().any(|r| {
                r.measure
                    .iter()
                    .any(|m| m.target == Some(transfer.destination) && m.period().contains(date))
            })
        {
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
        notified_on: options.notified_on.unwrap_or(date),
        notified_on_given: options.notified_on.is_some(),
        eu,
        eu_names,
        present: transfer.present_fields(),
    };
    let mut regimes_used: Vec<String> = Vec::new();
    let mut near_misses = Vec::new();
    let mut near_unverified = Vec::new();
    let applicable: Vec<(&Regime, Vec<&Measure>)> = registry
        .regimes()
        .iter()
        .map(|r| (r, ctx.applicable_measures(r, &mut near_misses, &mut near_unverified)))
        .filter(|(_, ms)| !ms.is_empty())
        .collect();
    let mut items = Vec::with_capacity(transfer.items.len());
    for (index, item) in transfer.items.iter().enumerate() {
        let mut r = ctx.evaluate_subject(
            Subject::Goods(item),
            index,
            &applicable,
            &near_misses,
            &near_unverified,
            &mut regimes_used,
        );
        r.description.clone_from(&item.description);
        items.push(r);
    }
    let mut services = Vec::with_capacity(transfer.services.len());
    for (index, service) in transfer.services.iter().enumerate() {
        let mut r = ctx.evaluate_subject(
            Subject::Service(service),
            index,
            &applicable,
            &near_misses,
            &near_unverified,
            &mut regimes_used,
        );
        r.description.clone_from(&service.description);
        services.push(r);
    }
    let screening = ctx.apply_screening(
        options.screening.as_ref(),
        &mut items,
        &mut services,
        &mut regimes_used,
        &mut warnings,
    );
    let obligations = ctx.obligations(&items);
    ctx.end_user_warnings(&mut items, &mut services, &mut warnings);
    let verdict = items
        .iter()
        .chain(&services)
        .map(|i| i.verdict)
        .max_by_key(|v| v.rank())
        .unwrap_or(Verdict::NotCovered);
    let unverified = rules_unverified
        || items.iter().chain(&services).any(|i| i.unverified)
        || obligations.iter().any(|o| o.unverified)
        || ctx.eu.authority.as_ref().is_some_and(|a| a.unverified);
    let mut result = CheckResult {
        as_of: date,
        verdict,
        regimes: regimes_used,
        items,
        authorization: None,
        end_user: ctx.eu,
        unverified,
        notes,
        action: String::new(),
        services,
        obligations,
        screening,
        warnings,
    };
    result.action = action(&result);
    Ok(result)
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

impl Ctx<'_> {
    fn has(&self, f: InfoField) -> bool {
        self.present.contains(&f)
    }

    /// Measures in force that apply to the transfer by direction, area and scope (whatever
    /// the item); near misses (measures out of force, out of area or scope) are collected.
    fn applicable_measures<'r>(
        &self,
        r: &'r Regime,
        near: &mut Vec<String>,
        near_unverified: &mut Vec<String>,
    ) -> Vec<&'r Measure> {
        let t = self.t;
        let mut out = Vec::new();
        for m in &r.measure {
            let direction = match m.kind {
                MeasureKind::SupplyTo
                | MeasureKind::Notification
                | MeasureKind::Assistance
                | MeasureKind::Mercenaries => m.target.is_none_or(|c| t.destination == c),
                MeasureKind::ExportFrom => {
                    m.target.is_none_or(|c| t.origin == c || t.supplier_state == Some(c))
                }
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
                if m.confidence.is_unverified() && m.scope != Scope::ListedPersons {
                    near_unverified.push(format!(
                        "the dates of {label} are unverified [U]: whether it was in force on {} is not certain",
                        self.date
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

    /// Whether measure `m` covers the subject: by kind (goods, services), categories and
    /// the SALW definition. `Err(reason, unverified)` when it does not.
    fn measure_covers(
        &self,
        r: &Regime,
        m: &Measure,
        subject: Subject<'_>,
        unverified: &mut Vec<String>,
        reasons: &mut Vec<String>,
    ) -> Result<(), (String, Option<String>)> {
        let label = format!("{}/{}", r.id(), m.id.get_ref());
        match subject {
            Subject::Goods(item) => {
                match m.kind {
                    MeasureKind::Mercenaries => return Err((String::new(), None)),
                    MeasureKind::Assistance if self.t.purpose != Purpose::Training => {
                        return Err((String::new(), None))
                    }
                    _ => {}
                }
                if !m.categories.is_empty() && !m.categories.contains(&item.category) {
                    let conf = m.categories_confidence.unwrap_or(m.confidence);
                    return Err((
                        format!(
                            "{label}: covers only {} — {} is outside it",
                            m.categories.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", "),
                            item.category
                        ),
                        conf.is_unverified().then(|| {
                            format!("the ML mapping of {label}'s categories is unverified [U]: {} may be covered", item.category)
                        }),
                    ));
                }
                if m.salw {
                    let def = &self.reg.military().salw;
                    match def.status(item.category, &item.description, item.salw) {
                        SalwStatus::Stated(true) => {}
                        SalwStatus::Stated(false) => {
                            return Err((
                                format!("{label}: covers small arms, light weapons and ammunition only; the item is stated not to be one (`salw: false`)"),
                                None,
                            ))
                        }
                        SalwStatus::Derived(true, why) => {
                            reasons.push(format!("{label} covers small arms, light weapons and ammunition: {why}"));
                            unverified.push(format!("SALW classification of the item: {why}"));
                        }
                        SalwStatus::Derived(false, why) => {
                            return Err((
                                format!("{label}: covers small arms, light weapons and ammunition only; {why}"),
                                Some(format!("SALW classification of the item [U]: {why}")),
                            ))
                        }
                        SalwStatus::Unknown(why) => {
                            reasons.push(format!("{label} covers small arms, light weapons and ammunition; {why} — treated as covered"));
                            unverified.push(format!("SALW classification of the item unknown: {why}"));
                        }
                    }
                }
                Ok(())
            }
            Subject::Service(sv) => {
                let ok = match (m.kind, sv.kind) {
                    (MeasureKind::Mercenaries, ServiceKind::Mercenaries) => true,
                    (MeasureKind::Mercenaries, _) | (_, ServiceKind::Mercenaries) => false,
                    (MeasureKind::Assistance, _) => true,
                    (MeasureKind::SupplyTo, _) => m.services,
                    _ => false,
                };
                if !ok {
                    return Err((String::new(), None));
                }
                if let Some(loc) = sv.location.as_deref().filter(|l| !l.trim().is_empty()) {
                    let code = crate::country::CountryCode::parse(loc.trim()).ok();
                    let abroad = code.is_some_and(|c| Some(c) != m.target);
                    if abroad {
                        match &m.services_abroad {
                            Some(c) => reasons.push(format!(
                                "provided in {loc}, outside {}: still covered — {c}",
                                m.target.map(|c| c.to_string()).unwrap_or_default()
                            )),
                            None => {
                                reasons.push(format!("provided in {loc}, outside the target: assumed covered as assistance to its personnel"));
                                unverified.push(format!("{label}: services provided outside the target assumed covered [U]"));
                            }
                        }
                    } else if code.is_none() {
                        reasons.push(format!(
                            "provided in `{loc}`: the measure follows the recipient, wherever the service is provided"
                        ));
                    }
                }
                Ok(())
            }
        }
    }

    fn evaluate_subject(
        &self,
        subject: Subject<'_>,
        index: usize,
        applicable: &[(&Regime, Vec<&Measure>)],
        near_misses: &[String],
        near_unverified: &[String],
        regimes_used: &mut Vec<String>,
    ) -> ItemResult {
        let mut best: Option<Outcome> = None;
        let mut skipped = Vec::new();
        let mut skipped_unverified = Vec::new();
        let mut others: Vec<String> = Vec::new();
        for (regime, measures) in applicable {
            for m in measures {
                let mut unverified = Vec::new();
                let mut extra = Vec::new();
                if let Err((why, u)) =
                    self.measure_covers(regime, m, subject, &mut unverified, &mut extra)
                {
                    if !why.is_empty() {
                        skipped.push(why);
                    }
                    skipped_unverified.extend(u);
                    continue;
                }
                if !regimes_used.iter().any(|r| r == regime.id()) {
                    regimes_used.push(regime.id().to_string());
                }
                let mut o = self.evaluate(regime, m, subject);
                o.reasons.extend(extra);
                for u in unverified {
                    if !o.unverified_facts.contains(&u) {
                        o.unverified_facts.push(u);
                    }
                }
                if best.as_ref().is_none_or(|b| severity(&o) > severity(b)) {
                    if let Some(b) = best.replace(o) {
                        others.push(summary(&b));
                    }
                } else {
                    others.push(summary(&o));
                }
            }
        }
        let (category, service) = match subject {
            Subject::Goods(i) => (Some(i.category), None),
            Subject::Service(s) => (None, Some(s.kind)),
        };
        let mut warnings = Vec::new();
        if let Subject::Goods(item) = subject {
            let mil = self.reg.military();
            if !item.lethal && mil.needs_justification(item.category) {
                match item.justification.as_deref().map(str::trim).filter(|j| !j.is_empty()) {
                    Some(j) => warnings.push(format!(
                        "{} ({}) is classified non-lethal by the caseworker: \u{ab}{j}\u{bb} — check that the item is what the justification says (e.g. demining or explosive-ordnance-disposal equipment)",
                        item.category,
                        mil.title(item.category).unwrap_or("?")
                    )),
                    None => warnings.push(format!(
                        "{} holds bombs, rockets and missiles: an item declared non-lethal needs a justification (e.g. demining or explosive-ordnance-disposal equipment) — give it in `justification`",
                        item.category
                    )),
                }
            }
        }
        match best {
            Some(o) => {
                let mut reasons = o.reasons;
                reasons.extend(others);
                reasons.extend(skipped);
                warnings.extend(o.warnings);
                ItemResult {
                    index,
                    description: String::new(),
                    category,
                    service,
                    verdict: o.verdict,
                    regime: Some(o.regime),
                    measure: Some(o.measure),
                    ground: o.ground,
                    procedure: o.procedure,
                    general_route: o.general_route,
                    citations: o.citations,
                    missing: o.missing,
                    reasons,
                    unverified: !o.unverified_facts.is_empty(),
                    unverified_facts: o.unverified_facts,
                    not_applying: o.not_applying,
                    warnings,
                }
            }
            None => {
                let t = self.t;
                let what = match subject {
                    Subject::Goods(_) => "a transfer",
                    Subject::Service(_) => "this service",
                };
                let mut reasons = vec![format!(
                    "no UN arms-embargo measure in force on {} applies to {what} from {} to {}{}",
                    self.date,
                    t.origin,
                    t.destination,
                    match t.end_user.category {
                        EndUserCategory::GovernmentForces => " for this end user".to_string(),
                        c => format!(" for a `{}` end user", c.as_str()),
                    }
                )];
                reasons.extend(near_misses.iter().cloned());
                reasons.extend(skipped);
                let mut unverified_facts: Vec<String> = Vec::new();
                push_unique(&mut unverified_facts, near_unverified);
                push_unique(&mut unverified_facts, &skipped_unverified);
                ItemResult {
                    index,
                    description: String::new(),
                    category,
                    service,
                    verdict: Verdict::NotCovered,
                    regime: None,
                    measure: None,
                    ground: None,
                    procedure: None,
                    general_route: None,
                    citations: vec![],
                    missing: vec![],
                    reasons,
                    unverified: !unverified_facts.is_empty(),
                    unverified_facts,
                    not_applying: vec![],
                    warnings,
                }
            }
        }
    }

    /// Unverified ([U]) category groups used by a ground that contain the item's category.
    fn unverified_groups(&self, g: &Ground, subject: Subject<'_>) -> Vec<String> {
        let Some(category) = subject.category() else { return vec![] };
        let mil = self.reg.military();
        let mut names: Vec<&str> = g
            .categories
            .iter()
            .chain(&g.exclude_categories)
            .filter_map(|c| c.strip_prefix("group:"))
            .collect();
        if g.items == ItemScope::ProtectiveClothing {
            names.push("protective_clothing");
        }
        let mut out: Vec<String> = names
            .into_iter()
            .filter_map(|n| mil.group(n).map(|gr| (n, gr)))
            .filter(|(_, gr)| gr.confidence.is_unverified() && gr.categories.contains(&category))
            .map(|(n, _)| format!("category group `{n}` (ML mapping) [U]"))
            .collect();
        if g.items == ItemScope::SmallArms {
            if let Subject::Goods(item) = subject {
                match mil.salw.status(item.category, &item.description, item.salw) {
                    SalwStatus::Stated(_) => {}
                    SalwStatus::Derived(_, why) | SalwStatus::Unknown(why) => {
                        out.push(format!("SALW classification of the item: {why}"))
                    }
                }
            }
        }
        out
    }

    /// Whether the declared humanitarian/protective purpose is incoherent with the subject.
    fn incoherent_purpose(&self, g: &Ground, subject: Subject<'_>) -> Option<String> {
        let protective_ground =
            g.purposes.iter().any(|p| matches!(p, Purpose::Humanitarian | Purpose::Protective));
        if !protective_ground
            || !matches!(self.t.purpose, Purpose::Humanitarian | Purpose::Protective)
        {
            return None;
        }
        let Subject::Goods(item) = subject else { return None };
        let mil = self.reg.military();
        if mil.can_be_protective(item.category) && !item.lethal {
            return None;
        }
        Some(format!(
            "a `{}` purpose is declared for {} ({}), which is not protective or humanitarian by nature",
            self.t.purpose.as_str(),
            item.category,
            mil.title(item.category).map(|t| t.split(',').next().unwrap_or(t)).unwrap_or("?")
        ))
    }

    /// Why a ground does not fit, or `Ok(specificity)`. The flag says whether the refusal
    /// rests on the item (category, lethality) rather than the transfer.
    fn ground_fits(
        &self,
        g: &Ground,
        m: &Measure,
        subject: Subject<'_>,
    ) -> Result<usize, (String, bool)> {
        let t = self.t;
        let eu = &self.eu;
        let mut spec = 0;
        if !g.measures.is_empty() {
            if !g.measures.iter().any(|x| x == m.id.get_ref()) {
                return Err((format!("does not exempt from {}", m.id.get_ref()), false));
            }
            spec += 1;
        }
        let name_match = !g.normalised_end_user_names.is_empty()
            && g.normalised_end_user_names.iter().any(|n| {
                self.eu_names.iter().any(|e| format!(" {e} ").contains(&format!(" {n} ")))
            });
        if !g.normalised_end_user_names.is_empty() {
            if !name_match {
                return Err((
                    format!(
                        "covers only {} (the end user is not one of them)",
                        g.end_user_names.join(", ")
                    ),
                    false,
                ));
            }
            spec += 1;
        }
        if !g.end_users.is_empty() && !name_match {
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
                let training_alone = t.purpose == Purpose::Training
                    && g.purposes
                        .iter()
                        .any(|p| matches!(p, Purpose::Humanitarian | Purpose::Protective));
                return Err((
                    format!(
                        "purpose must be {} (is `{}`){}",
                        g.purposes.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(" or "),
                        t.purpose.as_str(),
                        if training_alone {
                            "; training alone is not a humanitarian or protective use: the ground covers only training related to such equipment (give it as a `training` service of a humanitarian or protective transfer)"
                        } else {
                            ""
                        }
                    ),
                    false,
                ));
            }
            spec += 1;
        }
        if g.coherence == Coherence::Require {
            if let Some(why) = self.incoherent_purpose(g, subject) {
                return Err((
                    format!("{why}: the ground covers equipment for humanitarian or protective use, so it does not apply (category mapping `protective_by_nature` [U])"),
                    true,
                ));
            }
        }
        let mil = self.reg.military();
        let category = subject.category();
        let lethal = subject.lethal();
        let in_group = |name: &str| {
            category.is_some_and(|c| mil.group(name).is_some_and(|gr| gr.categories.contains(&c)))
        };
        match g.items {
            ItemScope::Any => {}
            ItemScope::Lethal if !lethal => {
                return Err(("covers lethal items only".into(), true))
            }
            ItemScope::NonLethal if lethal => {
                return Err(("covers non-lethal items only".into(), true))
            }
            ItemScope::ProtectiveClothing if lethal || !in_group("protective_clothing") => {
                return Err((
                    match category {
                        Some(c) => format!("covers non-lethal protective clothing only ({c} lethal={lethal})"),
                        None => "covers protective clothing only (not services)".into(),
                    },
                    true,
                ))
            }
            ItemScope::SmallArms => match subject {
                Subject::Service(_) => {
                    return Err(("covers small arms and light weapons only (not services)".into(), true))
                }
                Subject::Goods(item) => match mil.salw.status(item.category, &item.description, item.salw) {
                    SalwStatus::Stated(true) | SalwStatus::Derived(true, _) => spec += 1,
                    SalwStatus::Stated(false) => {
                        return Err(("covers small arms and light weapons only (the item is stated not to be one)".into(), true))
                    }
                    SalwStatus::Derived(false, why) => {
                        return Err((format!("covers small arms and light weapons only: {why}"), true))
                    }
                    SalwStatus::Unknown(why) => {
                        return Err((format!("covers small arms and light weapons only: {why}"), true))
                    }
                },
            },
            _ => spec += 1,
        }
        if !g.categories.is_empty() {
            match category {
                Some(c) if self.reg.resolve_categories(&g.categories).contains(&c) => spec += 1,
                Some(c) => {
                    return Err((
                        format!("covers only {} ({c} is not)", g.categories.join(", ")),
                        true,
                    ))
                }
                None => {
                    return Err((
                        format!("covers only {} (not services)", g.categories.join(", ")),
                        true,
                    ))
                }
            }
        }
        if let Some(c) = category {
            if !g.exclude_categories.is_empty()
                && self.reg.resolve_categories(&g.exclude_categories).contains(&c)
            {
                return Err((format!("excludes {} ({c})", g.exclude_categories.join(", ")), true));
            }
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
            body: r.body_on(g, self.date).map(str::to_string),
            working_days: g.working_days,
            lead_days: g.lead_days,
            lead_working_days: g.lead_working_days,
            filed_by: g.filed_by.clone(),
            notified_on: None,
            notified_on_source: None,
            period_ends: None,
            period_note: None,
            file_by: None,
        };
        if g.procedure == ProcedureKind::Notification {
            p.notified_on = Some(self.notified_on);
            p.notified_on_source = Some(if self.notified_on_given { "given" } else { "assumed" });
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
                            "{n} {} working days counted from the day after {} ({}; counting rule [{}]: {})",
                            cal.data().name,
                            self.notified_on,
                            if self.notified_on_given {
                                "the notification date given"
                            } else {
                                "no notification date given: assumed to be the date checked"
                            },
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
        if let Some((_, Some(c))) = r.committee_on(self.date) {
            if g.body.is_none()
                && g.procedure != ProcedureKind::Standing
                && c.confidence.is_unverified()
            {
                unverified.push(format!("the committee's name on {} [U]", self.date));
            }
        }
        p
    }

    fn evaluate(&self, r: &Regime, m: &Measure, subject: Subject<'_>) -> Outcome {
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
        let mut warnings = Vec::new();
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
        let mut item_rejected: Vec<(&Ground, String)> = Vec::new();
        let mut not_applying = Vec::new();
        for (order, g) in r.grounds_in_force(self.date).enumerate() {
            if g.general {
                continue;
            }
            match self.ground_fits(g, m, subject) {
                Ok(spec) => {
                    let better = best.is_none_or(|(b, bs, _)| {
                        (g.procedure, std::cmp::Reverse(spec))
                            < (b.procedure, std::cmp::Reverse(bs))
                    });
                    if better {
                        best = Some((g, spec, order));
                    }
                }
                Err((why, on_item)) => {
                    if on_item {
                        item_rejected.push((g, why.clone()));
                    }
                    not_applying.push(format!("{}: {why}", label(g.local_id())));
                    reasons.push(format!(
                        "{} ({}) does not apply: {why}",
                        label(g.local_id()),
                        g.title
                    ));
                }
            }
        }
        let mut citations = m.citations.clone();
        let chosen_procedure = best.map(|(g, _, _)| g.procedure);
        for (g, why) in &item_rejected {
            if chosen_procedure.is_none_or(|p| g.procedure < p) {
                for u in self.unverified_groups(g, subject) {
                    if !unverified.contains(&u) {
                        unverified.push(u);
                    }
                }
                if why.contains("protective_by_nature") {
                    let u = "category mapping `protective_by_nature` [U]".to_string();
                    if !unverified.contains(&u) {
                        unverified.push(u);
                    }
                }
            }
        }
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
                for u in self.unverified_groups(g, subject) {
                    if !unverified.contains(&u) {
                        unverified.push(u);
                    }
                }
                if g.coherence == Coherence::Warn {
                    if let Some(why) = self.incoherent_purpose(g, subject) {
                        warnings.push(format!(
                            "incoherent purpose: {why}. {} ({}) sets no condition on the end user or on the nature of the items beyond non-lethal, so the verdict stays what the text says — but the declared purpose does not fit the items, a sign of diversion risk (domain.md §1.6): confirm the end use and the end user before relying on it",
                            g.citations.last().cloned().unwrap_or_default(),
                            g.title
                        ));
                    }
                }
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
                    missing: g.required_info.iter().copied().filter(|f| !self.has(*f)).collect(),
                    reasons,
                    unverified_facts: unverified,
                    not_applying,
                    warnings,
                }
            }
            None => {
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
                                r.body_on(g, self.date).unwrap_or("the committee")
                            ),
                        );
                        push_unique(&mut citations, &g.citations);
                        missing =
                            g.required_info.iter().copied().filter(|f| !self.has(*f)).collect();
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
                    not_applying,
                    warnings,
                }
            }
        }
    }

    /// Duties in force for the destination on the date, for the items they concern that are
    /// not prohibited.
    fn obligations(&self, items: &[ItemResult]) -> Vec<ObligationResult> {
        let mut out = Vec::new();
        for r in self.reg.regimes() {
            for o in &r.obligation {
                if o.target != self.t.destination || !o.period().contains(self.date) {
                    continue;
                }
                let concerned: Vec<usize> = items
                    .iter()
                    .filter(|i| i.verdict != Verdict::Prohibited)
                    .filter(|i| {
                        o.categories.is_empty()
                            || i.category.is_some_and(|c| o.categories.contains(&c))
                    })
                    .map(|i| i.index)
                    .collect();
                if concerned.is_empty() {
                    continue;
                }
                let (mut deadline, mut deadline_note) = (None, None);
                if let Some(n) = o.after_sale_working_days {
                    match self.reg.calendar_for(r).map(|c| c.add_working_days(self.t.date, n)) {
                        Some(Ok(d)) => {
                            deadline = Some(d);
                            deadline_note = Some(format!(
                                "{n} working days counted from the day after the sale (taken to be the transfer date {})",
                                self.t.date
                            ));
                        }
                        Some(Err(e)) => deadline_note = Some(format!("deadline not computed: {e}")),
                        None => {
                            deadline_note = Some("deadline not computed: no calendar loaded".into())
                        }
                    }
                }
                out.push(ObligationResult {
                    id: format!("{}/{}", r.id(), o.id),
                    title: o.title.clone(),
                    items: concerned,
                    missing: o.required_info.iter().copied().filter(|f| !self.has(*f)).collect(),
                    deadline,
                    deadline_note,
                    by: o.by.clone(),
                    citations: o.citations.clone(),
                    unverified: o.confidence.is_unverified(),
                    note: o.note.clone(),
                });
            }
        }
        out
    }
}
