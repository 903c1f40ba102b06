//! Issue 9's attacks on commands and on the record, tried through the real `embargo` binary
//! on a SQLite file: each one used to get through; each must now be refused or named.
//! Tampering with the database file uses the `sqlite3` command-line tool (installed by
//! `.ci/run`; the test fails in CI without it).

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{json, Value};

struct Cli {
    dir: tempfile::TempDir,
    db: String,
    path: PathBuf,
}

impl Cli {
    fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.db");
        Cli { db: format!("sqlite://{}", path.display()), path, dir }
    }

    fn run_with(&self, args: &[&str], stdin: Option<&str>) -> Output {
        use std::io::Write;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_embargo"))
            .args(args)
            .env("EMBARGO_DB", &self.db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            pipe.write_all(text.as_bytes()).unwrap();
        }
        drop(pipe);
        child.wait_with_output().unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, None)
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// Raw SQL on the database file, as an attacker with file access would run it.
    fn sql(&self, sql: &str) -> bool {
        match std::process::Command::new("sqlite3").arg(&self.path).arg(sql).output() {
            Ok(out) if out.status.success() => true,
            Ok(out) => panic!("sqlite3 failed on {sql}: {}", String::from_utf8_lossy(&out.stderr)),
            Err(e) => {
                assert!(std::env::var_os("CI").is_none(), "sqlite3 is required in CI: {e}");
                eprintln!("sqlite3 command-line tool not available ({e}): tampering not exercised");
                false
            }
        }
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/requests")
        .join(name)
        .display()
        .to_string()
}

fn content() -> Value {
    serde_json::from_str(&std::fs::read_to_string(example("2016-gna-request.json")).unwrap())
        .unwrap()
}

/// The 2016 request created, submitted, circulated and partly approved (3,000 rifles).
fn approved(cli: &Cli) {
    let file = example("2016-gna-request.json");
    let steps: &[&[&str]] = &[
        &[
            "request",
            "new",
            "R",
            "--file",
            &file,
            "--actor",
            "submitter:gna",
            "--now",
            "2016-06-23T10:00:00Z",
        ],
        &["request", "submit", "R", "--actor", "submitter:gna", "--now", "2016-06-24T10:00:00Z"],
        &[
            "request",
            "circulate",
            "R",
            "--actor",
            "secretariat:scsob",
            "--now",
            "2016-06-24T11:00:00Z",
        ],
        &[
            "request",
            "approve",
            "R",
            "--actor",
            "chair:MY",
            "--item",
            "0=3000",
            "--item",
            "1=600000",
            "--now",
            "2016-07-06T09:00:00Z",
        ],
    ];
    for step in steps {
        cli.ok(step);
    }
}

#[test]
fn a_forged_batch_line_cannot_bring_its_own_ground_parameters_or_hits() {
    let cli = Cli::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/lists/un/consolidated_fixture.xml");
    cli.ok(&["lists", "import", &fixture.display().to_string()]);
    // A UN-listed consignee.
    let mut c = content();
    c["parties"][4]["name"] = Value::from("Marrowby Maritime Logistics");
    let line = |now: &str, command: Value| {
        json!({"reference": "F-1", "actor": "submitter:gna", "now": now, "command": command})
            .to_string()
    };
    // The attack: an approval request turned into a one-working-day notification with no hits
    // and a hundred-year validity.
    let forged_ground = json!({
        "id": "un-libya/res2174-p8", "regime": "un-libya", "body": "1970 Committee",
        "destination": "LY", "procedure": {"kind": "notification", "working_days": 1},
        "citations": [], "required_information": [], "item_scope": {},
        "eligible_end_users": [], "eligible_submitters": [], "submitters_citation": null,
        "recognised_government": null
    });
    let input = [
        line("2016-06-23T10:00:00Z", json!({"command": "new", "content": c})),
        line(
            "2016-06-24T10:00:00Z",
            json!({"command": "submit", "ground": forged_ground, "params": {"approval_validity_days": 36500}, "hits": []}),
        ),
        line("2016-06-24T10:00:00Z", json!({"command": "submit", "hits": []})),
        line("2016-06-24T10:00:00Z", json!({"command": "submit"})),
        line("2016-06-24T10:00:00Z", json!({"command": "tick"})),
    ]
    .join("\n");
    let out = cli.run_with(&["request", "batch"], Some(&input));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let acks: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(acks[0]["ok"], true, "{}", acks[0]);
    for ack in &acks[1..3] {
        assert_eq!(ack["ok"], false);
        assert!(ack["error"].as_str().unwrap().contains("unknown field"), "{ack}");
    }
    // The plain submission is screened by the engine: the listed consignee blocks filing.
    assert_eq!(acks[3]["ok"], false);
    let refusal = acks[3]["refusal"]["refused"].as_str().unwrap();
    assert!(refusal.contains("cannot be filed"), "{}", acks[3]);
    assert!(acks[3].to_string().contains("Marrowby"), "{}", acks[3]);
    // Time cannot be told to act by a caller either.
    assert_eq!(acks[4]["ok"], false);
    let show: Value =
        serde_json::from_str(&cli.ok(&["request", "show", "F-1", "--format", "json"])).unwrap();
    assert_eq!(show["status"], "draft");
    assert!(show["case"]["ground"].is_null());
}

#[test]
fn batch_and_single_commands_file_the_same_ground() {
    // One path: a submission by batch pins the same ground as `request submit`.
    let single = Cli::new();
    let file = example("2016-gna-request.json");
    single.ok(&[
        "request",
        "new",
        "R",
        "--file",
        &file,
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-23T10:00:00Z",
    ]);
    single.ok(&[
        "request",
        "submit",
        "R",
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-24T10:00:00Z",
    ]);
    let batch = Cli::new();
    let input = [
        json!({"reference": "R", "actor": "submitter:gna", "now": "2016-06-23T10:00:00Z", "command": {"command": "new", "content": content()}}),
        json!({"reference": "R", "actor": "submitter:gna", "now": "2016-06-24T10:00:00Z", "command": {"command": "submit"}}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let out = batch.run_with(&["request", "batch"], Some(&input));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let ground = |cli: &Cli| -> Value {
        let v: Value =
            serde_json::from_str(&cli.ok(&["request", "show", "R", "--format", "json"])).unwrap();
        v["case"]["ground"].clone()
    };
    assert_eq!(ground(&single), ground(&batch));
    assert_eq!(ground(&single)["procedure"]["kind"], "approval");
}

#[test]
fn a_hold_cannot_be_lifted_before_it_was_placed() {
    let cli = Cli::new();
    let file = example("2016-gna-request.json");
    cli.ok(&[
        "request",
        "new",
        "R",
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
        "R",
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-24T10:00:00Z",
    ]);
    cli.ok(&[
        "request",
        "circulate",
        "R",
        "--actor",
        "secretariat:scsob",
        "--now",
        "2016-06-24T11:00:00Z",
    ]);
    cli.ok(&[
        "request",
        "hold",
        "R",
        "--actor",
        "member:RU",
        "--reason",
        "quantities",
        "--now",
        "2016-06-28T09:00:00Z",
    ]);
    let out = cli.run(&[
        "request",
        "lift",
        "R",
        "--hold",
        "0",
        "--actor",
        "member:RU",
        "--now",
        "2016-06-27T09:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("2016-06-27T09:00:00Z")
            && err.contains("2016-06-28T09:00:00Z")
            && err.contains("backwards"),
        "{err}"
    );
    // A command dated in the future is refused too.
    let out = cli.run(&[
        "request",
        "lift",
        "R",
        "--hold",
        "0",
        "--actor",
        "member:RU",
        "--now",
        "2999-01-01T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("after the store's clock"), "{}", stderr(&out));
    // Every event records when it was written, from the store's clock.
    let log: Value = serde_json::from_str(&cli.ok(&["audit", "log", "--format", "json"])).unwrap();
    for e in log.as_array().unwrap() {
        let recorded = e["recorded_at"].as_str().expect("recorded_at");
        assert!(recorded.starts_with("20") && recorded > "2026", "{e}");
    }
    assert!(cli.ok(&["audit", "verify"]).contains("intact"));
}

#[test]
fn a_simulated_time_is_refused_on_a_shared_store() {
    let cli = Cli::new();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_embargo"))
        .args(["request", "hold", "R", "--actor", "member:RU", "--reason", "x"])
        .args(["--now", "2016-06-28T09:00:00Z", "--db", "postgres://nobody@127.0.0.1:1/none"])
        .env("EMBARGO_DB", &cli.db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("only a local SQLite store"), "{}", stderr(&out));
}

#[test]
fn only_the_chair_of_the_year_approves_and_only_the_secretariat_circulates() {
    let cli = Cli::new();
    let file = example("2016-gna-request.json");
    cli.ok(&[
        "request",
        "new",
        "R",
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
        "R",
        "--actor",
        "submitter:gna",
        "--now",
        "2016-06-24T10:00:00Z",
    ]);
    let out = cli.run(&[
        "request",
        "circulate",
        "R",
        "--actor",
        "secretariat:anyone",
        "--now",
        "2016-06-24T11:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not one of the secretariat's identifiers"), "{}", stderr(&out));
    cli.ok(&[
        "request",
        "circulate",
        "R",
        "--actor",
        "secretariat:scsob",
        "--now",
        "2016-06-24T11:00:00Z",
    ]);
    for who in ["chair:chair", "chair:RU", "chair:US"] {
        let out =
            cli.run(&["request", "approve", "R", "--actor", who, "--now", "2016-07-06T09:00:00Z"]);
        assert_eq!(out.status.code(), Some(2), "{who}");
        assert!(
            stderr(&out).contains("MY chairs the un-libya committee in 2016"),
            "{who}: {}",
            stderr(&out)
        );
    }
    cli.ok(&["request", "approve", "R", "--actor", "chair:MY", "--now", "2016-07-06T09:00:00Z"]);
    for who in ["submitter:another-mission", "member:DE"] {
        let out = cli.run(&[
            "request",
            "incident",
            "R",
            "--actor",
            who,
            "--kind",
            "loss",
            "--date",
            "2016-07-06",
            "--description",
            "x",
            "--now",
            "2016-07-07T09:00:00Z",
        ]);
        assert_eq!(out.status.code(), Some(2), "{who}");
        assert!(stderr(&out).contains("may not incident"), "{who}: {}", stderr(&out));
    }
}

#[test]
fn an_approved_quantity_raised_in_the_database_is_named_and_not_delivered() {
    let cli = Cli::new();
    approved(&cli);
    if !cli.sql("UPDATE requests SET state = replace(state, '\"approved\":3000', '\"approved\":5000') WHERE reference = 'R';") {
        return;
    }
    let out = cli.run(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ledger[0].approved: the events give 3000, stored 5000"), "{text}");
    let out = cli.run(&[
        "request",
        "deliver",
        "R",
        "--actor",
        "submitter:gna",
        "--date",
        "2016-08-15",
        "--item",
        "0=5000",
        "--now",
        "2016-08-16T09:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("changed outside the procedure"), "{}", stderr(&out));
}

#[test]
fn a_truncated_history_is_caught_by_a_signed_checkpoint() {
    let cli = Cli::new();
    approved(&cli);
    let key = cli.dir.path().join("audit.key");
    let key_s = key.display().to_string();
    let public = cli.ok(&["audit", "keygen", "--out", &key_s]);
    assert!(public.lines().last().unwrap().len() == 64, "{public}");
    assert_eq!(
        cli.run(&["audit", "keygen", "--out", &key_s]).status.code(),
        Some(2),
        "never overwritten"
    );
    let pub_file = format!("{key_s}.pub");
    let checkpoints = cli.dir.path().join("checkpoints.jsonl");
    let cp_s = checkpoints.display().to_string();
    // A second request, then a checkpoint of the head.
    let file = example("2016-gna-request.json");
    cli.ok(&[
        "request",
        "new",
        "S",
        "--file",
        &file,
        "--actor",
        "submitter:gna",
        "--now",
        "2016-07-07T10:00:00Z",
    ]);
    cli.ok(&["audit", "checkpoint", "--key", &key_s, "--append-to", &cp_s]);
    let verified = cli.ok(&["audit", "verify", "--checkpoints", &cp_s, "--public-key", &pub_file]);
    assert!(verified.contains("1 signed checkpoint(s) hold"), "{verified}");
    // The attack: drop the guards, delete the last request and every event from its first
    // (its parties' registration for screening follows it), roll the head back.
    let rollback = "DROP TRIGGER audit_events_no_delete; DROP TRIGGER audit_head_forward_only; DROP TRIGGER requests_no_delete; \
        DELETE FROM requests WHERE reference = 'S'; DELETE FROM watch_subjects WHERE id LIKE 'request:S#%'; \
        DELETE FROM audit_events WHERE seq >= (SELECT MIN(seq) FROM audit_events WHERE case_ref = 'S'); \
        UPDATE audit_head SET seq = (SELECT MAX(seq) FROM audit_events), hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1);";
    if !cli.sql(rollback) {
        return;
    }
    // Without the checkpoint nothing is visible: the database holds its own only anchor.
    assert!(cli.ok(&["audit", "verify"]).contains("intact"));
    let out = cli.run(&["audit", "verify", "--checkpoints", &cp_s, "--public-key", &pub_file]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("checkpoint") && text.contains("truncated"), "{text}");
    // A checkpoint file edited to match is not signed by the trusted key.
    let signed = std::fs::read_to_string(&checkpoints).unwrap();
    let seq = serde_json::from_str::<Value>(signed.lines().next().unwrap()).unwrap()["seq"]
        .as_u64()
        .unwrap();
    let edited = signed.replace(&format!("\"seq\":{seq}"), &format!("\"seq\":{}", seq - 1));
    assert_ne!(edited, signed);
    std::fs::write(&checkpoints, edited).unwrap();
    let out = cli.run(&["audit", "verify", "--checkpoints", &cp_s, "--public-key", &pub_file]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("not signed by the trusted key"));
}

#[test]
fn a_batch_amend_and_a_batch_actor_get_the_same_checks_as_creation() {
    let cli = Cli::new();
    let mut long = content();
    long["title"] = Value::from("x".repeat(600));
    let input = [
        json!({"reference": "A-1", "actor": "submitter:gna", "now": "2016-06-23T10:00:00Z", "command": {"command": "new", "content": content()}}),
        json!({"reference": "A-1", "actor": "submitter:gna", "now": "2016-06-23T11:00:00Z", "command": {"command": "amend", "content": long}}),
        json!({"reference": "A-1", "actor": "member:R\u{202e}U", "now": "2016-06-23T12:00:00Z", "command": {"command": "hold", "reason": "x"}}),
        json!({"reference": "A-1", "actor": "submitter:gna", "now": "2016-06-23T12:00:00Z", "command": {"command": "clear", "party": 0, "reference": "LYi.\u{200b}001", "reason": "not the same person at all"}}),
    ]
    .map(|v| v.to_string())
    .join("\n");
    let out = cli.run_with(&["request", "batch"], Some(&input));
    let acks: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(acks[0]["ok"], true);
    assert!(
        acks[1].to_string().contains("title") && acks[1].to_string().contains("500"),
        "{}",
        acks[1]
    );
    assert!(acks[2]["error"].as_str().unwrap().contains("U+202E"), "{}", acks[2]);
    assert!(acks[3].to_string().contains("U+200B"), "{}", acks[3]);
}

#[test]
fn invisible_characters_do_not_hide_a_listed_name_and_a_name_without_letters_is_refused() {
    let cli = Cli::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/lists/un/consolidated_fixture.xml");
    cli.ok(&["lists", "import", &fixture.display().to_string()]);
    let plain: Value = serde_json::from_str(&cli.ok(&[
        "screen",
        "Marrowby Maritime Logistics",
        "--format",
        "json",
    ]))
    .unwrap();
    let top = |v: &Value| v["hits"][0]["reference"].as_str().map(str::to_owned);
    assert!(top(&plain).is_some(), "{plain}");
    for hidden in [
        "Marrow\u{200c}by Maritime Logistics",
        "Marrowby Mari\u{200b}time Log\u{ad}istics",
        "\u{feff}Marrowby \u{202e}Maritime\u{202c} Logistics",
    ] {
        let v: Value =
            serde_json::from_str(&cli.ok(&["screen", hidden, "--format", "json"])).unwrap();
        assert_eq!(top(&v), top(&plain), "{hidden:?}: {v}");
    }
    let out = cli.run(&["screen", "\u{200c}\u{200b} 42"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no letters"), "{}", stderr(&out));
}

#[test]
fn a_check_without_a_store_creates_none_and_says_no_screening_was_done() {
    let cli = Cli::new();
    let transfer = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/gna-2016-isil.json");
    let text = cli.ok(&["check", &transfer.display().to_string()]);
    assert!(text.contains("no screening was done"), "{text}");
    assert!(!text.contains("database error"), "{text}");
    assert!(!cli.path.exists(), "the check created a store");
}
