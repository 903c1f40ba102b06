//! Text and JSON renderings of request outcomes, refusals, problems and whole cases.

use embargo_domain::procedure::audit::ChainedEvent;
use embargo_domain::procedure::machine::{Case, Refusal};
use embargo_domain::procedure::validate::Problem;
use embargo_store::requests::Outcome;

pub(super) fn problems_text(problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        let severity = match p.severity {
            embargo_domain::procedure::Severity::Error => "error",
            embargo_domain::procedure::Severity::Warning => "warning",
        };
        out.push_str(&format!("  {severity}: {}: {} [{}]\n", p.path, p.message, p.citation));
    }
    out
}

pub(super) fn refusal_json(refusal: &Refusal) -> serde_json::Value {
    let problems = match refusal {
        Refusal::NotValid(p) => p.clone(),
        _ => vec![],
    };
    serde_json::json!({ "refused": refusal.to_string(), "problems": problems })
}

pub(super) fn outcome_text(o: &Outcome) -> String {
    let mut out = format!(
        "{}: {} (version {}){}\n",
        o.reference,
        o.status,
        o.version,
        if o.replayed { " [replayed: same idempotency key]" } else { "" }
    );
    for e in &o.events {
        out.push_str(&format!(
            "  #{} {} by {}: {} -> {}\n",
            e.seq, e.body.kind, e.body.actor, e.body.from, e.body.to
        ));
    }
    out
}

pub(super) fn case_text(case: &Case, version: i64, events: &[ChainedEvent]) -> String {
    let mut out = String::new();
    let c = &case.content;
    out.push_str(&format!("{} — {} (version {})\n", case.reference, case.status(), version));
    if let Some(title) = &c.title {
        out.push_str(&format!("  {title}\n"));
    }
    out.push_str(&format!("  ground: {}", c.ground));
    if let Some(g) = &case.ground {
        out.push_str(&format!(
            " ({}; {})",
            g.procedure.filing_name().replace('_', " "),
            g.citations.join("; ")
        ));
    }
    out.push('\n');
    out.push_str(&format!("  submitter: {} ({})\n", c.submitter.name, c.submitter.kind));
    for p in &c.parties {
        out.push_str(&format!("  party {}: {} [{}]\n", p.role, p.name, p.country));
    }
    if let Some(d) = case.deadline {
        out.push_str(&format!("  no-objection period ends: {d}\n"));
    }
    if let Some(left) = case.clock_stopped_with {
        out.push_str(&format!("  clock stopped with {left} working day(s) left\n"));
    }
    out.push_str("  items (requested / approved / delivered):\n");
    for l in &case.ledger {
        out.push_str(&format!(
            "    [{}] {} {}: {} / {} / {}\n",
            l.item, l.category, l.description, l.requested, l.approved, l.delivered
        ));
    }
    for (i, h) in case.holds.iter().enumerate() {
        let state = match (&h.lifted_on, &h.lifted_how) {
            (Some(on), Some(how)) => format!("{how} {on}"),
            _ => format!(
                "active, expires {}",
                h.expires_on.map(|d| d.to_string()).unwrap_or_else(|| "never".into())
            ),
        };
        out.push_str(&format!(
            "  hold {i} by {} since {} ({state}): {}\n",
            h.member, h.placed_on, h.reason
        ));
    }
    for (i, q) in case.questions.iter().enumerate() {
        out.push_str(&format!(
            "  question {i} by {} on {}: {}{}\n",
            q.asked_by,
            q.asked_on,
            q.text,
            q.answer
                .as_ref()
                .map(|a| format!(" — answered: {a}"))
                .unwrap_or_else(|| " — unanswered".into())
        ));
    }
    if let Some(d) = &case.decision {
        out.push_str(&format!("  decision: {} on {}", d.outcome, d.on));
        if let Some(v) = d.valid_until {
            out.push_str(&format!(", valid until {v}"));
        }
        if let Some(r) = &d.reason {
            out.push_str(&format!(" ({r})"));
        }
        out.push('\n');
        for c in &d.conditions {
            out.push_str(&format!("    condition: {c}\n"));
        }
    }
    for (i, d) in case.deliveries.iter().enumerate() {
        out.push_str(&format!(
            "  delivery {i} on {}: report due {}{}\n",
            d.date,
            d.report_due,
            d.reported_on.map(|r| format!(", reported {r}")).unwrap_or_default()
        ));
    }
    for inc in &case.incidents {
        out.push_str(&format!(
            "  incident {} on {}: {} (by {})\n",
            inc.kind, inc.date, inc.description, inc.reported_by
        ));
    }
    out.push_str("  audit events:\n");
    for e in events {
        out.push_str(&format!(
            "    #{} {} {} by {}: {} -> {}\n",
            e.seq, e.body.at, e.body.kind, e.body.actor, e.body.from, e.body.to
        ));
    }
    out
}
