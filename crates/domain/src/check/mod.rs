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

mod grounds;
mod measures;
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
