//! `embargo serve` killed with SIGKILL during a stream of concurrent commands from several
//! accounts loses no acknowledged command, and the audit chain verifies after restart.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

mod common;

use common::{content, embargo, token};

/// Starts the server on a free port; returns it and its base URL.
fn start(db: &str) -> (Child, String) {
    let mut child = embargo(db)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let base = loop {
        let line = lines.next().expect("the server printed its address").unwrap();
        if let Some(rest) = line.split("listening on ").nth(1) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, base)
}

#[test]
fn a_server_killed_mid_stream_loses_no_acknowledged_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("s.db").display());
    let tokens: Vec<String> =
        ["m1", "m2", "m3"].iter().map(|n| token(&db, n, "submitter")).collect();
    let (mut server, base) = start(&db);
    let acked: Arc<Mutex<Vec<(usize, usize, String)>>> = Arc::default();
    let mut threads = Vec::new();
    for (who, tok) in tokens.iter().enumerate() {
        let (tok, base, acked) = (tok.clone(), base.clone(), acked.clone());
        threads.push(std::thread::spawn(move || {
            for i in 0..400 {
                let reference = format!("S{who}-{i}");
                let body = json!({"reference": reference, "content": content(&reference)});
                let r = ureq::post(&format!("{base}/v1/requests"))
                    .set("authorization", &format!("Bearer {tok}"))
                    .set("idempotency-key", &reference)
                    .set("content-type", "application/json")
                    .send_string(&body.to_string());
                match r {
                    Ok(resp) if resp.status() == 201 => {
                        let v: Value = serde_json::from_str(&resp.into_string().unwrap()).unwrap();
                        acked.lock().unwrap().push((
                            who,
                            i,
                            v["events"][0]["hash"].as_str().unwrap().to_owned(),
                        ));
                    }
                    Ok(resp) => panic!("unexpected {}", resp.status()),
                    Err(_) => break, // the server is gone
                }
            }
        }));
    }
    std::thread::sleep(std::time::Duration::from_millis(1500));
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    for t in threads {
        t.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(!acked.is_empty(), "some commands were acknowledged before the kill");
    // After restart every acknowledged command is there, with the same event hash, and
    // repeating it with its key replays it instead of doing it twice.
    let (mut server, base) = start(&db);
    for (who, i, hash) in &acked {
        let reference = format!("S{who}-{i}");
        let body = json!({"reference": reference, "content": content(&reference)});
        let resp = ureq::post(&format!("{base}/v1/requests"))
            .set("authorization", &format!("Bearer {}", tokens[*who]))
            .set("idempotency-key", &reference)
            .set("content-type", "application/json")
            .send_string(&body.to_string())
            .unwrap();
        let v: Value = serde_json::from_str(&resp.into_string().unwrap()).unwrap();
        assert_eq!(v["replayed"], true, "{reference}");
        assert_eq!(v["events"][0]["hash"].as_str().unwrap(), hash);
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let out = embargo(&db).args(["audit", "verify"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    eprintln!("serve crash test: {} commands acknowledged before SIGKILL, all present after restart, chain intact", acked.len());
}
