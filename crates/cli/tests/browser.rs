//! The web interface in a real headless Chromium against the real `embargo serve`: the
//! committee's work on a request from draft to delivery, screening and a cleared hit, an
//! accessibility check (axe-core) and a screenshot of every page (in
//! `target/browser-artifacts/`). The browser is driven from Node with playwright-core
//! (`tests/browser/flow.mjs`, dependencies in `tests/browser/package.json`, installed by
//! `npm ci` in `.ci/run`).
//!
//! Skipped, with a message, only when Chromium (or Node and its packages) is absent and `CI`
//! is unset; with `CI` set their absence fails the test.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use common::{embargo, Server};

fn missing(what: &str) {
    assert!(std::env::var_os("CI").is_none(), "CI is set but {what}");
    eprintln!("skipping the browser test: {what}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The shipped regime data, with a chair of the Libya committee and a membership recorded for
/// the years around today (the shipped files stop at the last year researched; who chairs is
/// configuration the procedure checks, so the test records one rather than skip the chair).
fn regimes_for_today(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../regimes");
    let out = dir.join("regimes");
    copy_dir(&root, &out);
    let year = jiff::Zoned::now().year();
    let offices_path = out.join("procedure/committee-offices.json");
    let mut offices: Value =
        serde_json::from_str(&std::fs::read_to_string(&offices_path).unwrap()).unwrap();
    let chairs = offices["chairs"].as_array_mut().unwrap();
    for y in year - 1..=year + 1 {
        let has = chairs.iter().any(|c| c["regime"] == "un-libya" && c["year"] == y);
        if !has {
            chairs.push(json!({"regime": "un-libya", "year": y, "state": "DK", "confidence": "U"}));
        }
    }
    std::fs::write(&offices_path, serde_json::to_string_pretty(&offices).unwrap()).unwrap();
    let members_path = out.join("procedure/committee-members.json");
    let mut members: Value =
        serde_json::from_str(&std::fs::read_to_string(&members_path).unwrap()).unwrap();
    let years = members["years"].as_array_mut().unwrap();
    let last = years.last().unwrap().clone();
    for y in year - 1..=year + 1 {
        if !years.iter().any(|m| m["year"] == y) {
            let mut m = last.clone();
            m["year"] = json!(y);
            years.push(m);
        }
    }
    std::fs::write(&members_path, serde_json::to_string_pretty(&members).unwrap()).unwrap();
    out
}

fn account(db: &str, name: &str, role: &str, state: Option<&str>) -> String {
    let mut args = vec!["users", "add", name, "--role", role];
    if let Some(s) = state {
        args.extend(["--state", s]);
    }
    let out = embargo(db).args(&args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().last().unwrap().to_owned()
}

#[test]
fn the_committee_and_screening_in_a_headless_browser() {
    let chromium = std::env::var("EMBARGO_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return missing(&format!(
            "Chromium is not installed at {chromium} (apt-get install chromium chromium-driver)"
        ));
    }
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if Command::new("node").arg("--version").output().is_err() {
        return missing("node is not installed");
    }
    for package in ["playwright-core", "axe-core"] {
        if !scripts.join("node_modules").join(package).exists() {
            return missing(&format!(
                "{package} is not installed (run `npm ci` in {})",
                scripts.display()
            ));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("web.db").display());
    let regimes = regimes_for_today(dir.path());
    // The repository's fixture lists: a UN excerpt that lists Muammar Qadhafi, and OFAC's.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    for list in ["names/un_screening.xml", "lists/ofac/xml/sdn.xml"] {
        let out = embargo(&db).args(["lists", "import"]).arg(fixtures.join(list)).output().unwrap();
        assert!(out.status.success(), "{list}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let tokens = json!({
        "gna": account(&db, "gna", "submitter", None),
        "scsob": account(&db, "scsob", "secretariat", None),
        "ru": account(&db, "ru", "member", Some("RU")),
        "chair": account(&db, "chair", "chair", Some("DK")),
        "analyst": account(&db, "analyst", "analyst", None),
        "officer": account(&db, "officer", "licensing", None),
    });
    let regimes_env = regimes.display().to_string();
    let server = Server::start(&db, &[], &[("EMBARGO_REGIMES", &regimes_env)]);
    let artifacts =
        Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("browser-artifacts");
    let _ = std::fs::remove_dir_all(&artifacts);
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let out = Command::new("node")
        .arg(scripts.join("flow.mjs"))
        .current_dir(&scripts)
        .env("BASE", &server.base)
        .env("TOKENS", tokens.to_string())
        .env("CHROMIUM", &chromium)
        .env("ARTIFACTS", &artifacts)
        .env("REQUEST", examples.join("requests/2016-gna-request.json"))
        .env("TRANSFER", examples.join("gna-2016-isil.json"))
        .env("AXE", scripts.join("node_modules/axe-core/axe.min.js"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "the browser flow failed:\n{stdout}\n{stderr}");
    let shots = std::fs::read_dir(&artifacts).unwrap().count();
    assert!(shots >= 15, "{shots} screenshots in {}", artifacts.display());
    drop(server);
}
