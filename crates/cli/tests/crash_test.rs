//! Crash test: the real `embargo request batch` process is killed with SIGKILL in the middle
//! of a stream of 1,000 commands against a SQLite file; after a restart every acknowledged
//! command is present (its events, with the same hashes, in the log, and its idempotency key
//! replays the same outcome), the chain verifies, and re-sending the whole stream completes it
//! without duplicating anything.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

const COMMANDS: usize = 1000;
const PER_REQUEST: usize = 20;
const MEMBERS: [&str; 5] = ["FR", "RU", "GB", "US", "ES"];

fn embargo() -> Command {
    Command::new(env!("CARGO_BIN_EXE_embargo"))
}

fn example() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/requests/2016-gna-request.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The i-th command of the stream: 50 requests, each created, submitted, circulated, held and
/// released by five members, approved and delivered six times.
fn stream() -> Vec<String> {
    let content = example();
    let mut lines = Vec::with_capacity(COMMANDS);
    for i in 0..COMMANDS {
        let r = i / PER_REQUEST;
        let step = i % PER_REQUEST;
        let reference = format!("CRASH-{r:03}");
        // Ten simulated minutes per command from 2016-06-24 (all within the 2016 Council year).
        let now = jiff::Timestamp::from_second(1_466_726_400 + (i as i64) * 600).unwrap();
        // The committee's day is the New York date (2016-06-24T00:00Z is still the 23rd there).
        let day = embargo_domain::procedure::date_of(now).to_string();
        let (actor, command) = match step {
            0 => ("submitter:gna".to_owned(), json!({"command": "new", "content": content})),
            1 => ("submitter:gna".to_owned(), json!({"command": "submit"})),
            2 => ("secretariat:scsob".to_owned(), json!({"command": "circulate"})),
            3..=7 => (
                format!("member:{}", MEMBERS[step - 3]),
                json!({"command": "hold", "reason": "information on transport", "information_requested": null}),
            ),
            8..=12 => (
                format!("member:{}", MEMBERS[step - 8]),
                json!({"command": "lift", "hold": step - 8}),
            ),
            13 => (
                "chair:MY".to_owned(),
                json!({"command": "approve", "items": null, "conditions": ["no re-transfer"]}),
            ),
            _ => (
                "submitter:gna".to_owned(),
                json!({"command": "deliver", "date": day, "lines": [{"item": 0, "quantity": 1, "serial_numbers": []}]}),
            ),
        };
        let line = json!({"reference": reference, "actor": actor, "now": now.to_string(), "key": format!("crash-{i}"), "command": command});
        lines.push(line.to_string());
    }
    lines
}

/// Runs `embargo request batch` on `lines`; kills it with SIGKILL after `kill_after` acks
/// (if given). Returns the acks read.
fn run_batch(db: &str, lines: &[String], kill_after: Option<(usize, u64)>) -> Vec<Value> {
    let mut child = embargo()
        .args(["request", "batch"])
        .env("EMBARGO_DB", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input: Vec<String> = lines.to_vec();
    let writer = std::thread::spawn(move || {
        for line in input {
            if writeln!(stdin, "{line}").is_err() {
                return; // the process was killed
            }
        }
    });
    let mut acks = Vec::new();
    let reader = BufReader::new(child.stdout.take().unwrap());
    for line in reader.lines() {
        let Ok(line) = line else { break };
        acks.push(serde_json::from_str::<Value>(&line).unwrap());
        if let Some((after, delay_us)) = kill_after {
            if acks.len() == after {
                // A random delay lands the kill anywhere in the next command: before, inside or
                // after its transaction (acks written meanwhile are not read: unacknowledged).
                std::thread::sleep(std::time::Duration::from_micros(delay_us));
                child.kill().unwrap(); // SIGKILL on Unix
                break;
            }
        }
    }
    let status = child.wait().unwrap();
    if kill_after.is_some() {
        assert!(!status.success(), "the process was killed");
    }
    let _ = writer.join();
    acks
}

fn json_of(args: &[&str], db: &str) -> (bool, Value) {
    let out = embargo().args(args).env("EMBARGO_DB", db).output().unwrap();
    (out.status.success(), serde_json::from_slice(&out.stdout).unwrap_or(Value::Null))
}

#[test]
fn sigkill_during_a_stream_of_1000_commands_loses_no_acknowledged_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("crash.db").display());
    let lines = stream();
    // Kill somewhere in the middle; the position varies from run to run.
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()
            as usize;
    let kill_after = 300 + nanos % 400;
    let delay_us = (nanos / 400 % 8000) as u64;
    let started = std::time::Instant::now();
    let acks = run_batch(&db, &lines, Some((kill_after, delay_us)));
    let first_run = started.elapsed();
    assert_eq!(acks.len(), kill_after);
    for (i, ack) in acks.iter().enumerate() {
        assert_eq!(ack["line"], i + 1);
        assert_eq!(ack["ok"], true, "command {i} was refused: {ack}");
    }

    // After the crash: the chain is intact and holds every acknowledged event.
    let (ok, verify) = json_of(&["audit", "verify", "--format", "json"], &db);
    assert!(ok && verify["ok"] == true, "{verify}");
    let (_, log) = json_of(&["audit", "log", "--format", "json"], &db);
    let log = log.as_array().unwrap().clone();
    let acked_events: Vec<&Value> =
        acks.iter().flat_map(|a| a["outcome"]["events"].as_array().unwrap().iter()).collect();
    for event in &acked_events {
        let seq = event["seq"].as_u64().unwrap();
        let stored = &log[(seq - 1) as usize];
        assert_eq!(
            stored["hash"], event["hash"],
            "acknowledged event {seq} is missing or different after the crash"
        );
    }
    eprintln!(
        "crash test: {} commands acknowledged in {:?}, SIGKILL {} µs later; {} events stored ({} of them acknowledged), chain intact",
        acks.len(),
        first_run,
        delay_us,
        log.len(),
        acked_events.len(),
    );

    // Restart and re-send the whole stream with the same idempotency keys.
    let again = run_batch(&db, &lines, None);
    assert_eq!(again.len(), COMMANDS);
    for (i, ack) in again.iter().enumerate() {
        assert_eq!(ack["ok"], true, "command {i} after restart: {ack}");
        if i < acks.len() {
            assert_eq!(ack["outcome"]["replayed"], true, "acknowledged command {i} must replay");
            assert_eq!(ack["outcome"]["events"], acks[i]["outcome"]["events"]);
        }
    }
    // Exactly the commands committed before the kill replay: a prefix of the stream that
    // includes every acknowledged one, and whose events are exactly those stored at the crash.
    let replays = again.iter().filter(|a| a["outcome"]["replayed"] == true).count();
    assert!(replays >= acks.len(), "{replays} replays for {} acks", acks.len());
    assert!(
        again[..replays].iter().all(|a| a["outcome"]["replayed"] == true),
        "replays form a prefix"
    );
    let committed_events: usize =
        again[..replays].iter().map(|a| a["outcome"]["events"].as_array().unwrap().len()).sum();
    // The parties of each new request are registered for continuous screening under `@watch`
    // (not a command's event, never replayed).
    let watch_events = |log: &[Value]| log.iter().filter(|e| e["case"] == "@watch").count();
    assert_eq!(
        committed_events,
        log.len() - watch_events(&log),
        "what was stored at the crash is what replays"
    );
    let (ok, verify) = json_of(&["audit", "verify", "--format", "json"], &db);
    assert!(ok && verify["ok"] == true, "{verify}");
    let total_events: usize =
        again.iter().map(|a| a["outcome"]["events"].as_array().unwrap().len()).sum();
    let (_, log_after) = json_of(&["audit", "log", "--format", "json"], &db);
    let watch_after = watch_events(log_after.as_array().unwrap());
    assert_eq!(
        verify["events"].as_u64().unwrap() as usize - watch_after,
        total_events,
        "no event lost or duplicated"
    );
    let (_, listed) = json_of(&["request", "list", "--format", "json"], &db);
    assert_eq!(listed.as_array().unwrap().len(), COMMANDS / PER_REQUEST);
    let (_, shown) = json_of(&["request", "show", "CRASH-000", "--format", "json"], &db);
    assert_eq!(shown["case"]["ledger"][0]["delivered"], (PER_REQUEST - 14) as u64);
    eprintln!(
        "crash test: after restart {} commands, {} replayed ({} committed but unacknowledged), {} events, chain intact",
        again.len(),
        replays,
        replays - acks.len(),
        total_events
    );
}

/// A valid OFAC primary file of `n` synthetic designations (`tag` makes the bytes differ).
fn synthetic_sdn(n: usize, tag: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 1..=n {
        out.extend_from_slice(
            format!(
                "{i},\"{tag}{i}, Person\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 01 Jan 1970; nationality Libya; a.k.a. '{tag} {i}'.\"\r\n"
            )
            .as_bytes(),
        );
    }
    out.push(0x1A);
    out
}

/// Waits until the import run by `child` has written at least `rows` designations into its
/// incomplete version; `false` when it completed (or stopped) first.
fn wait_for_partial_import(db: &str, child: &mut std::process::Child, rows: i64) -> bool {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(db).await.unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let mut seen = false;
        while std::time::Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            let n: Result<i64, _> = sqlx::query_scalar(
                "SELECT COUNT(*) FROM list_designations d JOIN list_versions v ON v.id = d.version_id WHERE v.complete = 0",
            )
            .fetch_one(&pool)
            .await;
            if n.is_ok_and(|n| n >= rows) {
                seen = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        pool.close().await;
        seen
    })
}

/// SIGKILL in the middle of an import that writes in short transactions: the previous version
/// stays current and complete, nothing of the killed import is visible, and importing the same
/// file again stores it exactly once.
#[test]
fn sigkill_during_an_import_loses_nothing_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("import.db").display());
    let write = |name: &str, n: usize, tag: &str| {
        let d = dir.path().join(name);
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("sdn.csv"), synthetic_sdn(n, tag)).unwrap();
        d.display().to_string()
    };
    let (first, second) = (write("first", 20_000, "FIRST"), write("second", 21_000, "SECOND"));
    let import = |path: &str| {
        embargo()
            .args(["lists", "import", path, "--without-companions", "--format", "json"])
            .env("EMBARGO_DB", &db)
            .output()
            .unwrap()
    };
    assert!(import(&first).status.success());
    let (_, before) = json_of(&["lists", "--format", "json"], &db);

    let mut child = embargo()
        .args(["lists", "import", &second, "--without-companions"])
        .env("EMBARGO_DB", &db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed once the import has written some of its designations, not after a fixed time
    // (a fast machine completes the version within any fixed delay).
    let written = wait_for_partial_import(&db, &mut child, 2_000);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(written, "the import completed before the kill: make the file larger");

    let (ok, after) = json_of(&["lists", "--format", "json"], &db);
    assert!(ok);
    assert_eq!(after, before, "nothing of the killed import is visible");
    assert_eq!(
        (after[0]["records"].as_i64(), after[0]["current"].as_bool()),
        (Some(20_000), Some(true))
    );

    let out = import(&second);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["status"].as_str(), v["records"].as_i64()), (Some("imported"), Some(21_000)));
    let again: Value = serde_json::from_slice(&import(&second).stdout).unwrap();
    assert_eq!(again["status"], "unchanged");
    let (_, versions) = json_of(&["lists", "--format", "json"], &db);
    let versions = versions.as_array().unwrap();
    assert_eq!(versions.len(), 2, "{versions:?}");
    assert_eq!(
        (versions[1]["records"].as_i64(), versions[1]["current"].as_bool()),
        (Some(21_000), Some(true))
    );
}
