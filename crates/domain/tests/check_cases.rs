//! Table-driven transfer-check tests: every case in `tests/cases/*.toml` is run through one
//! `check` helper against the shipped regime data. A case overrides fields of a default
//! transfer (rifles from Italy to the GNA's forces on 2016-06-15) and states the expected
//! verdicts, grounds, general route, period end, missing information, regimes, or input error.

mod common;

use std::collections::BTreeMap;

use embargo_domain::check::{check_with, CheckOptions, PartyHit, Screening};
use embargo_domain::{Registry, Transfer};
use jiff::civil::Date;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    transfer: toml::Table,
    #[serde(default)]
    end_user: toml::Table,
    as_of: Option<Date>,
    notified_on: Option<Date>,
    expect: Option<String>,
    ground: Option<String>,
    general_route: Option<String>,
    period_ends: Option<String>,
    missing: Option<Vec<String>>,
    regimes: Option<Vec<String>>,
    item_verdicts: Option<Vec<String>>,
    item_grounds: Option<Vec<String>>,
    unverified: Option<bool>,
    recognised: Option<bool>,
    period_note_contains: Option<String>,
    file_by: Option<String>,
    error: Option<String>,
    /// Citation the case rests on (documentation; required for new rules).
    #[allow(dead_code)]
    cites: Option<String>,
    service_verdicts: Option<Vec<String>>,
    service_grounds: Option<Vec<String>>,
    /// Some warning (item, service or transfer level) contains this.
    warning_contains: Option<String>,
    /// No warning at all.
    no_warnings: Option<bool>,
    /// Ids of the obligations reported.
    obligations: Option<Vec<String>>,
    obligation_deadline: Option<String>,
    obligation_missing: Option<Vec<String>>,
    action_contains: Option<String>,
    body_contains: Option<String>,
    reason_contains: Option<String>,
    /// Screening input: lists stored (with these hits, possibly none).
    screened: Option<bool>,
    #[serde(default)]
    hits: Vec<PartyHit>,
    screening_done: Option<bool>,
}

fn default_transfer() -> serde_json::Value {
    serde_json::json!({
        "date": "2016-06-15",
        "supplier_state": "IT",
        "origin": "IT",
        "destination": "LY",
        "end_user": {"name": "Presidential Guard", "category": "government_forces", "government": "Government of National Accord"},
        "purpose": "security_assistance",
        "temporary": false,
        "items": [{"description": "assault rifles, 7.62x39 mm", "category": "ML1", "quantity": 500, "lethal": true}]
    })
}

fn build(case: &Case) -> String {
    let mut t = default_transfer();
    let over = serde_json::to_value(&case.transfer).unwrap();
    for (k, v) in over.as_object().unwrap() {
        t[k] = v.clone();
    }
    let eu = serde_json::to_value(&case.end_user).unwrap();
    for (k, v) in eu.as_object().unwrap() {
        if v.as_str() == Some("<none>") {
            t["end_user"].as_object_mut().unwrap().remove(k);
        } else {
            t["end_user"][k] = v.clone();
        }
    }
    serde_json::to_string_pretty(&t).unwrap()
}

fn s<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).unwrap().as_str().unwrap_or_default().to_string()
}

/// Runs one case; returns the failures.
fn run_case(reg: &Registry, case: &Case) -> Vec<String> {
    let mut fails = Vec::new();
    let json = build(case);
    let parsed =
        Transfer::from_json(&json, reg.military()).map_err(|e| e.to_string()).and_then(|t| {
            let screening = case.screened.filter(|s| *s).map(|_| Screening {
                list_versions: vec!["un 2026-02-27 (test)".into()],
                threshold: 0.8,
                parties: vec![format!("end_user: {}", t.end_user.name)],
                hits: case.hits.clone(),
            });
            let options =
                CheckOptions { as_of: case.as_of, notified_on: case.notified_on, screening };
            check_with(reg, &t, &options).map_err(|e| e.to_string())
        });
    let result = match (parsed, &case.error) {
        (Err(e), Some(want)) => {
            if !e.contains(want.as_str()) {
                fails.push(format!("error `{e}` does not contain `{want}`"));
            }
            return fails;
        }
        (Err(e), None) => return vec![format!("unexpected error: {e}")],
        (Ok(r), Some(want)) => {
            return vec![format!("expected error `{want}`, got verdict {}", r.verdict)]
        }
        (Ok(r), None) => r,
    };
    let item = result.items.first().or(result.services.first()).expect("an item or service");
    fn eq(fails: &mut Vec<String>, what: &str, got: String, want: &str) {
        if got != want {
            fails.push(format!("{what}: got `{got}`, want `{want}`"));
        }
    }
    if let Some(v) = &case.expect {
        eq(&mut fails, "overall verdict", result.verdict.to_string(), v);
    }
    if let Some(g) = &case.ground {
        eq(&mut fails, "ground", item.ground.clone().unwrap_or_else(|| "none".into()), g);
    }
    if let Some(g) = &case.general_route {
        eq(
            &mut fails,
            "general_route",
            item.general_route.clone().unwrap_or_else(|| "none".into()),
            g,
        );
    }
    if let Some(p) = &case.period_ends {
        let got = item
            .procedure
            .as_ref()
            .and_then(|p| p.period_ends)
            .map_or("none".into(), |d| d.to_string());
        eq(&mut fails, "period_ends", got, p);
    }
    if let Some(m) = &case.missing {
        let got: Vec<String> = item.missing.iter().map(|f| f.id().to_string()).collect();
        eq(&mut fails, "missing", got.join(","), &m.join(","));
    }
    if let Some(r) = &case.regimes {
        eq(&mut fails, "regimes", result.regimes.join(","), &r.join(","));
    }
    if let Some(vs) = &case.item_verdicts {
        let got: Vec<String> = result.items.iter().map(|i| i.verdict.to_string()).collect();
        eq(&mut fails, "item verdicts", got.join(","), &vs.join(","));
    }
    if let Some(gs) = &case.item_grounds {
        let got: Vec<String> = result
            .items
            .iter()
            .map(|i| i.ground.clone().unwrap_or_else(|| "none".into()))
            .collect();
        eq(&mut fails, "item grounds", got.join(","), &gs.join(","));
    }
    if let Some(u) = case.unverified {
        eq(&mut fails, "unverified", result.unverified.to_string(), &u.to_string());
    }
    if let Some(r) = case.recognised {
        eq(
            &mut fails,
            "recognised_government",
            result.end_user.recognised_government.to_string(),
            &r.to_string(),
        );
    }
    if let Some(f) = &case.file_by {
        let got = item
            .procedure
            .as_ref()
            .and_then(|p| p.file_by)
            .map_or("none".into(), |d| d.to_string());
        eq(&mut fails, "file_by", got, f);
    }
    if let Some(n) = &case.period_note_contains {
        let note = item.procedure.as_ref().and_then(|p| p.period_note.clone()).unwrap_or_default();
        if !note.contains(n.as_str()) {
            fails.push(format!("period_note `{note}` does not contain `{n}`"));
        }
    }
    if let Some(vs) = &case.service_verdicts {
        let got: Vec<String> = result.services.iter().map(|i| i.verdict.to_string()).collect();
        eq(&mut fails, "service verdicts", got.join(","), &vs.join(","));
    }
    if let Some(gs) = &case.service_grounds {
        let got: Vec<String> = result
            .services
            .iter()
            .map(|i| i.ground.clone().or(i.general_route.clone()).unwrap_or_else(|| "none".into()))
            .collect();
        eq(&mut fails, "service grounds", got.join(","), &gs.join(","));
    }
    let all_warnings: Vec<&String> = result
        .warnings
        .iter()
        .chain(result.items.iter().chain(&result.services).flat_map(|i| &i.warnings))
        .collect();
    if let Some(w) = &case.warning_contains {
        if !all_warnings.iter().any(|x| x.contains(w.as_str())) {
            fails.push(format!("no warning contains `{w}`: {all_warnings:?}"));
        }
    }
    if case.no_warnings == Some(true) && !all_warnings.is_empty() {
        fails.push(format!("unexpected warnings: {all_warnings:?}"));
    }
    if let Some(o) = &case.obligations {
        let got: Vec<String> = result.obligations.iter().map(|o| o.id.clone()).collect();
        eq(&mut fails, "obligations", got.join(","), &o.join(","));
    }
    if let Some(d) = &case.obligation_deadline {
        let got = result
            .obligations
            .first()
            .and_then(|o| o.deadline)
            .map_or("none".into(), |d| d.to_string());
        eq(&mut fails, "obligation deadline", got, d);
    }
    if let Some(m) = &case.obligation_missing {
        let got: Vec<String> = result
            .obligations
            .first()
            .map(|o| o.missing.iter().map(|f| f.id().to_string()).collect())
            .unwrap_or_default();
        eq(&mut fails, "obligation missing", got.join(","), &m.join(","));
    }
    if let Some(a) = &case.action_contains {
        if !result.action.contains(a.as_str()) {
            fails.push(format!("action `{}` does not contain `{a}`", result.action));
        }
    }
    if let Some(b) = &case.body_contains {
        let body = item.procedure.as_ref().and_then(|p| p.body.clone()).unwrap_or_default();
        if !body.contains(b.as_str()) {
            fails.push(format!("body `{body}` does not contain `{b}`"));
        }
    }
    if let Some(r) = &case.reason_contains {
        if !result
            .items
            .iter()
            .chain(&result.services)
            .flat_map(|i| &i.reasons)
            .any(|x| x.contains(r.as_str()))
        {
            fails.push(format!("no reason contains `{r}`"));
        }
    }
    if let Some(d) = case.screening_done {
        eq(&mut fails, "screening.done", result.screening.done.to_string(), &d.to_string());
    }
    if result.action.is_empty() {
        fails.push("no action sentence".into());
    }
    // Invariants of every result.
    let max =
        result.items.iter().chain(&result.services).map(|i| i.verdict.rank()).max().unwrap_or(0);
    if result.verdict.rank() != max {
        fails.push("overall verdict is not the most restrictive item verdict".into());
    }
    for i in result.items.iter().chain(&result.services) {
        if i.verdict.to_string() == "prohibited" && i.ground.is_some() {
            fails.push(format!("item {} is prohibited but names a ground", i.index));
        }
        if !matches!(s(&i.verdict).as_str(), "not_covered" | "prohibited") && i.citations.is_empty()
        {
            fails.push(format!("item {} has no citations", i.index));
        }
    }
    fails
}

#[test]
fn all_cases() {
    let reg = common::registry();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut count = 0;
    for f in files.iter().filter(|p| p.extension().is_some_and(|x| x == "toml")) {
        let text = std::fs::read_to_string(f).unwrap();
        let cases: CaseFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for case in &cases.case {
            count += 1;
            let fails = run_case(&reg, case);
            if !fails.is_empty() {
                failures.insert(
                    format!("{}: {}", f.file_name().unwrap().to_string_lossy(), case.name),
                    fails,
                );
            }
        }
    }
    if !failures.is_empty() {
        let mut msg = format!("{} of {count} cases failed:\n", failures.len());
        for (name, fails) in &failures {
            msg.push_str(&format!("- {name}\n    {}\n", fails.join("\n    ")));
        }
        panic!("{msg}");
    }
    assert!(count >= 150, "only {count} cases found");
    eprintln!("{count} check cases passed");
}
