//! Webhooks end to end: deliveries stored before they are sent (enqueued while no server
//! runs, sent once it starts), signed, retried with backoff until a failing receiver recovers,
//! bounded by a timeout against one that never answers, then marked failed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;

use common::{embargo, Server};

/// What a receiver got: (headers, body) per request.
type Got = Arc<Mutex<Vec<(Vec<(String, String)>, String)>>>;

/// A receiver on 127.0.0.1 answering each request with the next status of `statuses` (the last
/// repeats); `None` never answers (holds the connection).
fn receiver(statuses: Vec<Option<u16>>) -> (String, Got) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let got: Got = Arc::default();
    let seen = Arc::clone(&got);
    std::thread::spawn(move || {
        let mut n = 0usize;
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let status = statuses[n.min(statuses.len() - 1)];
            n += 1;
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut headers = Vec::new();
            let mut line = String::new();
            let _ = reader.read_line(&mut line); // request line
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((k, v)) = line.trim_end().split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
                }
            }
            let len: usize = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0; len];
            let _ = reader.read_exact(&mut body);
            seen.lock().unwrap().push((headers, String::from_utf8_lossy(&body).into_owned()));
            match status {
                Some(code) => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {code} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    );
                }
                None => {
                    // Never answer: hold the connection open in the background.
                    std::thread::spawn(move || {
                        std::thread::sleep(Duration::from_secs(120));
                        drop(stream);
                    });
                }
            }
        }
    });
    (format!("http://{addr}/hook"), got)
}

fn run(db: &str, args: &[&str]) -> String {
    let out = embargo(db).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ok() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> &'a str {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

#[test]
fn deliveries_are_stored_signed_retried_and_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("w.db").display());
    let (ok_url, ok_got) = receiver(vec![Some(200)]);
    let (flaky_url, flaky_got) = receiver(vec![Some(500), Some(503), Some(200)]);
    let (dead_url, dead_got) = receiver(vec![None]);
    let secret = |out: String| out.lines().last().unwrap().to_owned();
    let ok_secret =
        secret(run(&db, &["webhooks", "add", &ok_url, "--events", "list.updated,alert.raised"]));
    secret(run(&db, &["webhooks", "add", &flaky_url, "--events", "list.updated"]));
    secret(run(&db, &["webhooks", "add", &dead_url, "--events", "list.updated"]));
    let bad = embargo(&db)
        .args(["webhooks", "add", "ftp://x", "--events", "list.updated"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let bad = embargo(&db)
        .args(["webhooks", "add", &ok_url, "--events", "list.deleted"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));

    // No server runs: the events are stored, in the transactions of their changes.
    let fixture =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/lists/un/consolidated_fixture.xml");
    run(&db, &["lists", "import", fixture]);
    let subjects = dir.path().join("subjects.csv");
    std::fs::write(&subjects, "id,name,kind\nc1,Orvel Quintas,person\n").unwrap();
    run(&db, &["watch", "add", "--input", subjects.to_str().unwrap()]);
    let log: Value =
        serde_json::from_str(&run(&db, &["webhooks", "deliveries", "--format", "json"])).unwrap();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 4, "3 list.updated + 1 alert.raised: {log:?}");
    assert!(log.iter().all(|d| d["status"] == "pending" && d["attempts"] == 0));

    let _server = Server::start(
        &db,
        &["--webhook-backoff-ms", "100", "--webhook-timeout-ms", "500", "--webhook-attempts", "4"],
        &[],
    );

    // The answering receiver gets both events, signed with its secret.
    wait_for("two deliveries to the answering receiver", || ok_got.lock().unwrap().len() >= 2);
    for (headers, body) in ok_got.lock().unwrap().iter() {
        let sig = header(headers, "x-embargo-signature");
        let t: i64 = sig.split(',').next().unwrap().trim_start_matches("t=").parse().unwrap();
        assert_eq!(sig, embargo_engine::webhooks::signature(&ok_secret, t, body));
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["event"], header(headers, "x-embargo-event"));
        assert!(!header(headers, "x-embargo-delivery").is_empty());
    }
    let events: Vec<String> = ok_got
        .lock()
        .unwrap()
        .iter()
        .map(|(h, _)| header(h, "x-embargo-event").to_owned())
        .collect();
    assert!(events.contains(&"list.updated".into()) && events.contains(&"alert.raised".into()));

    // The failing receiver recovers on its third attempt; the one that never answers is given
    // up after four attempts, each bounded by the 500 ms timeout.
    let status_of = |url_hook: usize| -> Value {
        let log: Value = serde_json::from_str(&run(
            &db,
            &["webhooks", "deliveries", "--hook", &url_hook.to_string(), "--format", "json"],
        ))
        .unwrap();
        log[0].clone()
    };
    wait_for("the flaky receiver's delivery", || status_of(2)["status"] == "delivered");
    assert_eq!(status_of(2)["attempts"], 3);
    assert_eq!(flaky_got.lock().unwrap().len(), 3);
    let started = Instant::now();
    wait_for("the dead receiver's delivery to fail", || status_of(3)["status"] == "failed");
    let dead = status_of(3);
    assert_eq!(dead["attempts"], 4, "{dead}");
    assert!(
        dead["last_error"].as_str().unwrap_or("").to_lowercase().contains("timed out"),
        "{dead}"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(dead_got.lock().unwrap().len() >= 4);
    // Nothing delivered twice.
    assert_eq!(ok_got.lock().unwrap().len(), 2);
}

#[test]
fn deliveries_go_only_to_allowed_destinations() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("w.db").display());
    // A cloud metadata address is refused when the webhook is added.
    let bad = embargo(&db)
        .args([
            "webhooks",
            "add",
            "http://169.254.169.254/latest/meta-data",
            "--events",
            "list.updated",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("link-local"), "{bad:?}");

    // A receiver on loopback, while the server allows only 10.0.0.0/8: judged when sent.
    let (url, got) = receiver(vec![Some(200)]);
    run(&db, &["webhooks", "add", &url, "--events", "list.updated"]);
    let fixture =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/lists/un/consolidated_fixture.xml");
    run(&db, &["lists", "import", fixture]);
    let _server = Server::start(
        &db,
        &[
            "--webhook-allow",
            "10.0.0.0/8",
            "--webhook-attempts",
            "1",
            "--webhook-timeout-ms",
            "500",
        ],
        &[],
    );
    let last = || -> Value {
        let log: Value =
            serde_json::from_str(&run(&db, &["webhooks", "deliveries", "--format", "json"]))
                .unwrap();
        log[0].clone()
    };
    wait_for("the delivery to fail", || last()["status"] == "failed");
    let d = last();
    assert!(
        d["last_error"].as_str().unwrap_or("").contains("outside the allowed webhook destinations"),
        "{d}"
    );
    assert!(got.lock().unwrap().is_empty(), "a delivery reached a refused destination");
}
