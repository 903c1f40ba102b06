//! The regimes as the CLI and the API show them: one JSON view per regime (measures, grounds,
//! recognised governments, each with its citations and its [U] marks), built in one place.

use embargo_domain::regime::{Ground, Measure, Regime};
use embargo_domain::Registry;
use jiff::civil::Date;
use serde_json::Value;

use crate::EngineError;

/// Every regime, in summary.
pub fn regimes_view(reg: &Registry) -> Value {
    let list: Vec<_> = reg
                        .regimes()
                        .iter()
                        .map(|r| {
                            serde_json::json!({
                                "id": r.id(),
                                "name": r.name,
                                "committee": r.committee,
                                "targets": r.measure.iter().filter_map(|m| m.target).collect::<std::collections::BTreeSet<_>>(),
                                "measures": r.measure.len(),
                                "grounds": r.ground.len(),
                                "general_route": r.general_route.as_ref().map(|g| format!("{}/{}", r.id(), g.get_ref())),
                            })
                        })
                        .collect();
    Value::Array(list)
}

/// One regime: its measures and grounds in force on `as_of` (all periods when `None`), and the
/// governments recognised then (their whole history when `None`).
pub fn regime_view(reg: &Registry, id: &str, as_of: Option<Date>) -> Result<Value, EngineError> {
    let r = reg.regime(id).ok_or_else(|| {
        let ids: Vec<&str> = reg.regimes().iter().map(|r| r.id()).collect();
        EngineError::NotFound(format!("unknown regime `{id}` (known: {})", ids.join(", ")))
    })?;
    let measures: Vec<&Measure> =
        r.measure.iter().filter(|m| as_of.is_none_or(|d| m.period().contains(d))).collect();
    let grounds: Vec<&Ground> =
        r.ground.iter().filter(|g| as_of.is_none_or(|d| g.period().contains(d))).collect();
    let targets: std::collections::BTreeSet<_> =
        r.measure.iter().filter_map(|m| m.target).collect();
    let governments: Vec<serde_json::Value> = match as_of {
        Some(d) => targets
            .iter()
            .filter_map(|c| reg.authorities(*c).map(|a| (c, a)))
            .map(|(c, a)| {
                let rec = a.recognised_on(d);
                serde_json::json!({
                    "country": c,
                    "recognised_government": rec.map(|(x, _)| x.name.clone()),
                    "authority": rec.map(|(x, _)| x.id.clone()),
                    "citations": rec.map(|(_, r)| r.citations.clone()),
                    "confidence": rec.map(|(_, r)| r.confidence),
                    "rule_in_force": a.rule_in_force,
                    "rule_choice_note": a.rule_choice_note,
                })
            })
            .collect(),
        None => targets
            .iter()
            .filter_map(|c| reg.authorities(*c).map(|a| (c, a)))
            .map(|(c, a)| {
                let history: Vec<serde_json::Value> = a
                    .authority
                    .iter()
                    .map(|x| {
                        serde_json::json!({
                            "authority": x.id,
                            "name": x.name,
                            "aliases": x.aliases,
                            "recognised": x.recognised.iter().map(|r| serde_json::json!({
                                "from": r.from, "to": r.to, "rule": r.rule,
                                "citations": r.citations, "confidence": r.confidence,
                            })).collect::<Vec<_>>(),
                            "never_recognised": x.recognised.is_empty(),
                        })
                    })
                    .collect();
                serde_json::json!({
                    "country": c,
                    "rule_in_force": a.rule_in_force,
                    "rule_choice_note": a.rule_choice_note,
                    "authorities": history,
                })
            })
            .collect(),
    };
    Ok(serde_json::json!({
                        "id": r.id(),
                        "name": r.name,
                        "committee": r.committee,
                        "as_of": as_of,
                        "citations": r.citations,
                        "confidence": r.confidence,
                        "general_route": r.general_route.as_ref().map(|g| format!("{}/{}", r.id(), g.get_ref())),
                        "note": r.note,
                        "governments": governments,
                        "measures": measures.iter().map(|m| measure_json(m)).collect::<Vec<_>>(),
                        "grounds": grounds.iter().map(|g| ground_json(r, g)).collect::<Vec<_>>(),
    }))
}

fn measure_json(m: &Measure) -> serde_json::Value {
    serde_json::json!({
        "id": m.id.get_ref(),
        "kind": m.kind,
        "scope": m.scope,
        "target": m.target,
        "area": m.area,
        "from": m.period().from,
        "to": m.period().to,
        "verified_to": m.verified_to,
        "categories": m.categories,
        "lists": m.lists,
        "named_groups": m.named_groups,
        "citations": m.citations,
        "confidence": m.confidence,
        "unverified": m.confidence.is_unverified(),
        "note": m.note,
    })
}

fn ground_json(r: &Regime, g: &Ground) -> serde_json::Value {
    serde_json::json!({
        "id": format!("{}/{}", r.id(), g.local_id()),
        "title": g.title,
        "from": g.period().from,
        "to": g.period().to,
        "procedure": g.procedure,
        "working_days": g.working_days,
        "lead_days": g.lead_days,
        "body": r.body_of(g),
        "filed_by": g.filed_by,
        "end_users": g.end_users,
        "government": g.government,
        "purposes": g.purposes,
        "items": g.items,
        "categories": g.categories,
        "exclude_categories": g.exclude_categories,
        "temporary": g.temporary,
        "required_info": g.required_info,
        "general": g.general,
        "citations": g.citations,
        "confidence": g.confidence,
        "unverified": g.is_unverified(),
        "note": g.note,
    })
}
