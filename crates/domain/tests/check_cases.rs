//! Table-driven transfer-check tests: every case in `tests/cases/*.toml` is run through one
//! `check` helper against the shipped regime data. A case overrides fields of a default
//! transfer (rifles from Italy to the GNA's forces on 2016-06-15) and states the expected
//! verdicts, grounds, general route, period end, missing information, regimes, or input error.

mod common;

use std::collections::BTreeMap;

use embargo_domain::{check, Registry, Transfer};
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
    let parsed = Transfer::from_json(&json, reg.military())
        .map_err(|e| e.to_string())
        .and_then(|t| check(reg, &t, case.as_of, case.notified_on).map_err(|e| e.to_string()));
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
    let item = &result.items[0];
    let mut eq = |what: &str, got: String, want: &str| {
        if got != want {
            fails.push(format!("{what}: got `{got}`, want `{want}`"));
        }
    };
    if let Some(v) = &case.expect {
        eq("overall verdict", result.verdict.to_string(), v);
    }
    if let Some(g) = &case.ground {
        eq("ground", item.ground.clone().unwrap_or_else(|| "none".into()), g);
    }
    if let Some(g) = &case.general_route {
        eq("general_route", item.general_route.clone().unwrap_or_else(|| "none".into()), g);
    }
    if let Some(p) = &case.period_ends {
        let got = item
            .procedure
            .as_ref()
            .and_then(|p| p.period_ends)
            .map_or("none".into(), |d| d.to_string());
        eq("period_ends", got, p);
    }
    if let Some(m) = &case.missing {
        let got: Vec<String> = item.missing.iter().map(|f| f.id().to_string()).collect();
        eq("missing", got.join(","), &m.join(","));
    }
    if let Some(r) = &case.regimes {
        eq("regimes", result.regimes.join(","), &r.join(","));
    }
    if let Some(vs) = &case.item_verdicts {
        let got: Vec<String> = result.items.iter().map(|i| i.verdict.to_string()).collect();
        eq("item verdicts", got.join(","), &vs.join(","));
    }
    if let Some(gs) = &case.item_grounds {
        let got: Vec<String> = result
            .items
            .iter()
            .map(|i| i.ground.clone().unwrap_or_else(|| "none".into()))
            .collect();
        eq("item grounds", got.join(","), &gs.join(","));
    }
    if let Some(u) = case.unverified {
        eq("unverified", result.unverified.to_string(), &u.to_string());
    }
    if let Some(r) = case.recognised {
        eq(
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
        eq("file_by", got, f);
    }
    if let Some(n) = &case.period_note_contains {
        let note = item.procedure.as_ref().and_then(|p| p.period_note.clone()).unwrap_or_default();
        if !note.contains(n.as_str()) {
            fails.push(format!("period_note `{note}` does not contain `{n}`"));
        }
    }
    // Invariants of every result.
    let max = result.items.iter().map(|i| i.verdict.rank()).max().unwrap_or(0);
    if result.verdict.rank() != max {
        fails.push("overall verdict is not the most restrictive item verdict".into());
    }
    for i in &result.items {
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
    assert!(count >= 60, "only {count} cases found");
    eprintln!("{count} check cases passed");
}
