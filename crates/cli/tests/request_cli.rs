//! `embargo request` and `embargo audit` end to end through the real binary on a SQLite file:
//! the 2009 para 13(b) notification deemed approved by `request tick --now`, the 2016 request
//! partly approved, delivered, checked as `authorized`, its overdue report listed; refusals
//! exit 2 naming the problem; `audit verify` names a tampered event.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

struct Cli {
    _dir: tempfile::TempDir,
    db: String,
    path: PathBuf,
}

impl Cli {
    fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.db");
        Cli { db: format!("sqlite://{}", path.display()), path, _dir: dir }
    }

    fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_embargo"))
            .args(args)
            .env("EMBARGO_DB", &self.db)
            .output()
            .unwrap()
    }

    /// Runs and expects success; returns stdout parsed as JSON when it is JSON, else as text.
    fn ok(&self, args: &[&str]) -> Value {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    }
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/requests")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn a_notification_is_deemed_approved_by_tick_after_five_working_days_across_a_weekend_and_a_holiday(
) {
    let cli = Cli::new();
    let file = example("2009-p13b-notification.json");
    cli.ok(&[
        "request",
        "new",
        "N-31",
        "--file",
        &file,
        "--actor",
        "submitter:uk",
        "--now",
        "2012-11-19T10:00:00Z",
    ]);
    let v = cli.ok(&["request", "validate", "N-31", "--as-of", "2012-11-19", "--format", "json"]);
    assert_eq!(v["fileable"], true, "{v}");
    assert_eq!(v["filing"], "notification");
    cli.ok(&[
        "request",
        "submit",
        "N-31",
        "--actor",
        "submitter:uk",
        "--now",
        "2012-11-19T11:00:00Z",
    ]);
    let c = cli.ok(&[
        "request",
        "circulate",
        "N-31",
        "--actor",
        "secretariat:scsob",
        "--now",
        "2012-11-20T12:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(c["events"][0]["data"]["deadline"], "2012-11-28");
    // Days are New York days: 29 Nov 03:00 UTC is still 28 Nov (22:00) at UN Headquarters.
    let t = cli.ok(&["request", "tick", "--now", "2012-11-29T03:00:00Z", "--format", "json"]);
    assert_eq!(t, Value::Array(vec![]));
    let t = cli.ok(&["request", "tick", "--now", "2012-11-29T05:30:00Z", "--format", "json"]);
    assert_eq!(t[0]["status"], "deemed_approved", "{t}");
    // A late objection is refused with exit code 2.
    let out = cli.run(&[
        "request",
        "object",
        "N-31",
        "--actor",
        "member:RU",
        "--reason",
        "late",
        "--now",
        "2012-11-29T10:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("deemed_approved"));
    let shown = cli.ok(&["request", "show", "N-31", "--format", "json"]);
    assert_eq!(shown["status"], "deemed_approved");
    assert_eq!(shown["events"].as_array().unwrap().len(), 4);
    let verify = cli.ok(&["audit", "verify", "--format", "json"]);
    assert_eq!(verify["ok"], true);
}

#[test]
fn the_2016_request_is_partly_approved_delivered_and_authorizes_a_matching_transfer() {
    let cli = Cli::new();
    let file = example("2016-gna-request.json");
    cli.ok(&[
        "request",
        "new",
        "LY-2016-014",
        "--file",
        &file,
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-23T10:00:00Z",
    ]);
    // Only the creating submitter files it; a non-member cannot hold.
    let out = cli.run(&[
        "request",
        "submit",
        "LY-2016-014",
        "--actor",
        "submitter:other",
        "--now",
        "2016-06-24T10:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(2));
    cli.ok(&[
        "request",
        "submit",
        "LY-2016-014",
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-24T10:00:00Z",
    ]);
    cli.ok(&[
        "request",
        "circulate",
        "LY-2016-014",
        "--actor",
        "secretariat:scsob",
        "--now",
        "2016-06-24T11:00:00Z",
    ]);
    let out = cli.run(&[
        "request",
        "hold",
        "LY-2016-014",
        "--actor",
        "member:DE",
        "--reason",
        "x",
        "--now",
        "2016-06-25T09:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(2), "Germany was not on the Council in 2016");
    cli.ok(&[
        "request",
        "approve",
        "LY-2016-014",
        "--actor",
        "chair:MY",
        "--item",
        "0=3000",
        "--item",
        "1=600000",
        "--condition",
        "no re-transfer",
        "--now",
        "2016-07-06T09:00:00Z",
        "--idempotency-key",
        "approve-1",
    ]);
    // The same key replays; a different command under that key is a conflict (exit 1).
    let replay = cli.ok(&[
        "request",
        "approve",
        "LY-2016-014",
        "--actor",
        "chair:MY",
        "--item",
        "0=3000",
        "--item",
        "1=600000",
        "--condition",
        "no re-transfer",
        "--now",
        "2016-07-06T09:00:00Z",
        "--idempotency-key",
        "approve-1",
        "--format",
        "json",
    ]);
    assert_eq!(replay["replayed"], true);
    let out = cli.run(&[
        "request",
        "reject",
        "LY-2016-014",
        "--actor",
        "chair:MY",
        "--reason",
        "x",
        "--idempotency-key",
        "approve-1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    cli.ok(&[
        "request",
        "deliver",
        "LY-2016-014",
        "--actor",
        "submitter:gna",
        "--date",
        "2016-08-15",
        "--item",
        "0=2000",
        "--item",
        "1=400000",
        "--now",
        "2016-08-16T09:00:00Z",
    ]);
    let out = cli.run(&[
        "request",
        "deliver",
        "LY-2016-014",
        "--actor",
        "submitter:gna",
        "--date",
        "2016-08-20",
        "--item",
        "0=1001",
        "--now",
        "2016-08-21T09:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over-delivery"));
    let overdue = cli.ok(&[
        "request",
        "list",
        "--overdue",
        "--now",
        "2016-10-01T12:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(overdue[0]["reference"], "LY-2016-014");
    assert_eq!(overdue[0]["days_overdue"], 17);

    // The transfer check now says `authorized` for what is left, and not beyond.
    let dir = tempfile::tempdir().unwrap();
    let transfer = |qty: u64| {
        let path = dir.path().join(format!("t{qty}.json"));
        std::fs::write(
            &path,
            serde_json::json!({
                "date": "2016-09-01", "supplier_state": "IT", "origin": "IT", "destination": "LY",
                "end_user": {"name": "Presidential Guard", "category": "government_forces", "government": "Government of National Accord"},
                "purpose": "security_assistance", "temporary": false,
                "items": [{"description": "assault rifles, 7.62x39 mm", "category": "ML1", "quantity": qty, "lethal": true}]
            })
            .to_string(),
        )
        .unwrap();
        path.display().to_string()
    };
    let within = cli.ok(&["check", &transfer(1000), "--format", "json"]);
    assert_eq!(within["verdict"], "authorized", "{within}");
    assert_eq!(within["authorization"], "LY-2016-014");
    let beyond = cli.ok(&["check", &transfer(1001), "--format", "json"]);
    assert_eq!(beyond["verdict"], "approval_required", "{beyond}");
    assert!(beyond.get("authorization").is_none());

    let report = cli.ok(&[
        "request",
        "report",
        "LY-2016-014",
        "--actor",
        "submitter:gna",
        "--delivery",
        "0",
        "--text",
        "received",
        "--now",
        "2016-10-02T12:00:00Z",
    ]);
    assert!(report.as_str().unwrap().contains("report_received"));
    let overdue = cli.ok(&[
        "request",
        "list",
        "--overdue",
        "--now",
        "2016-10-03T12:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(overdue, Value::Array(vec![]));
    let text = cli.ok(&["request", "show", "LY-2016-014"]);
    assert!(
        text.as_str().unwrap().contains("[0] ML1 assault rifles, 7.62x39 mm: 5000 / 3000 / 2000"),
        "{text}"
    );
}

#[test]
fn validation_lists_every_problem_and_submit_refuses_with_exit_code_2() {
    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    let mut content: Value =
        serde_json::from_str(&std::fs::read_to_string(example("2016-gna-request.json")).unwrap())
            .unwrap();
    content["items"][0]["quantity"] = Value::from(-5);
    content["documents"] = Value::Array(vec![]);
    content["delivery"]["dates"] = serde_json::json!(["2016-01-01"]);
    let path = dir.path().join("bad.json");
    std::fs::write(&path, content.to_string()).unwrap();
    let file = path.display().to_string();
    let out = cli.run(&[
        "request",
        "validate",
        "--file",
        &file,
        "--as-of",
        "2016-06-24",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> =
        v["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
    for expected in ["items[0].quantity", "documents", "delivery.dates[0]"] {
        assert!(paths.contains(&expected), "{expected} not in {paths:?}");
    }
    cli.ok(&[
        "request",
        "new",
        "BAD",
        "--file",
        &file,
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-23T10:00:00Z",
    ]);
    let out = cli.run(&[
        "request",
        "submit",
        "BAD",
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-24T10:00:00Z",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let refusal: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(refusal["problems"].as_array().unwrap().len() >= 3, "{refusal}");
    // Bad input is named.
    let out = cli.run(&["request", "hold", "BAD", "--actor", "member", "--reason", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--actor"));
    let out = cli.run(&["request", "show", "NOPE"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn audit_verify_names_an_event_changed_in_the_database_file() {
    let cli = Cli::new();
    let file = example("2016-gna-request.json");
    cli.ok(&[
        "request",
        "new",
        "LY-2016-014",
        "--file",
        &file,
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-23T10:00:00Z",
    ]);
    cli.ok(&[
        "request",
        "submit",
        "LY-2016-014",
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-24T10:00:00Z",
    ]);
    cli.ok(&[
        "request",
        "circulate",
        "LY-2016-014",
        "--actor",
        "secretariat:scsob",
        "--now",
        "2016-06-24T11:00:00Z",
    ]);
    assert_eq!(cli.ok(&["audit", "verify", "--format", "json"])["ok"], true);
    let sql = "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET actor = '{\"id\":\"gna\",\"role\":\"chair\"}' WHERE seq = 2;";
    let tampered = std::process::Command::new("sqlite3").arg(&cli.path).arg(sql).status();
    match tampered {
        Ok(status) if status.success() => {
            let out = cli.run(&["audit", "verify"]);
            assert_eq!(out.status.code(), Some(1));
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("event 2: altered"), "{text}");
        }
        _ => eprintln!("sqlite3 command-line tool not available: database-file tampering not exercised here (the store conformance suite covers it)"),
    }
}

#[test]
fn a_party_on_a_stored_list_blocks_filing_until_the_hit_is_cleared_with_a_reason() {
    let cli = Cli::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/lists/un/consolidated_fixture.xml");
    cli.ok(&["lists", "import", &fixture.display().to_string()]);
    let dir = tempfile::tempdir().unwrap();
    let mut content: Value =
        serde_json::from_str(&std::fs::read_to_string(example("2016-gna-request.json")).unwrap())
            .unwrap();
    content["parties"][4]["name"] = Value::from("Marrowby Maritime Logistics");
    let path = dir.path().join("hit.json");
    std::fs::write(&path, content.to_string()).unwrap();
    cli.ok(&[
        "request",
        "new",
        "HIT-1",
        "--file",
        &path.display().to_string(),
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-23T10:00:00Z",
    ]);
    let out =
        cli.run(&["request", "validate", "HIT-1", "--as-of", "2016-06-24", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["screening_hits"][0]["reference"], "LYe.950", "{v}");
    assert_eq!(v["problems"][0]["path"], "parties[4]");
    let out = cli.run(&[
        "request",
        "submit",
        "HIT-1",
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-24T10:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = cli.run(&[
        "request",
        "clear",
        "HIT-1",
        "--party",
        "4",
        "--listed",
        "LYe.950",
        "--reason",
        "short",
        "--actor",
        "submitter:gna",
    ]);
    assert_eq!(out.status.code(), Some(2), "a clearance needs a real reason");
    cli.ok(&[
        "request",
        "clear",
        "HIT-1",
        "--party",
        "4",
        "--listed",
        "LYe.950",
        "--reason",
        "different company: Maltese registration C-12345, no link to the listed entity",
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-23T12:00:00Z",
    ]);
    let submitted = cli.ok(&[
        "request",
        "submit",
        "HIT-1",
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-24T10:00:00Z",
        "--format",
        "json",
    ]);
    let data = &submitted["events"][0]["data"];
    assert_eq!(data["screening_hits"][0]["reference"], "LYe.950");
    assert_eq!(data["clearances"][0]["by"], "submitter:gna");
}
