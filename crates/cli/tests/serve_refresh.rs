//! `embargo serve` refreshes a list from its address: on a schedule and when an admin asks.
//! A download that is not a list (an HTML error page) keeps the current version and shows in
//! `/metrics` as a failure; a good one is imported, swapped into the screening index and shows
//! as a success.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use serde_json::Value;

mod common;

use common::{token, Server};

/// Answers every request with the next of `bodies` (content type, body); the last repeats.
fn list_server(bodies: Vec<(&'static str, Vec<u8>)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let bodies = Arc::new(Mutex::new(bodies));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                if line == "\r\n" {
                    break;
                }
                line.clear();
            }
            let (ct, body) = {
                let mut b = bodies.lock().unwrap();
                if b.len() > 1 {
                    b.remove(0)
                } else {
                    b[0].clone()
                }
            };
            // `; short`: announce twice the bytes sent, then close (a connection cut).
            let short = ct.ends_with("; short");
            let (ct, announced) = match ct.strip_suffix("; short") {
                Some(ct) => (ct, body.len() * 2),
                None => (ct, body.len()),
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: {ct}\r\ncontent-length: {announced}\r\nconnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
            let _ = stream.flush();
            if short {
                let _ = stream.shutdown(std::net::Shutdown::Both);
                continue;
            }
            let mut rest = Vec::new();
            let _ = reader.read_to_end(&mut rest);
        }
    });
    format!("http://{addr}/consolidated.xml")
}

fn get(base: &str, path: &str, token: Option<&str>) -> (u16, String) {
    let mut r = ureq::get(&format!("{base}{path}"));
    if let Some(t) = token {
        r = r.set("authorization", &format!("Bearer {t}"));
    }
    match r.call() {
        Ok(resp) => (resp.status(), resp.into_string().unwrap()),
        Err(ureq::Error::Status(code, resp)) => (code, resp.into_string().unwrap()),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_scheduled_refresh_keeps_the_list_on_a_bad_download_and_an_admin_refresh_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("r.db").display());
    let fixture = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/lists/un/consolidated_fixture.xml"
    ))
    .unwrap();
    // A download cut short: the first half of the file, honestly sized, and then one that
    // announces the whole file but stops half way.
    let half = fixture[..fixture.len() / 2].to_vec();
    let url = list_server(vec![
        ("text/html", b"<html><body>Service unavailable</body></html>".to_vec()),
        ("application/xml", fixture.clone()),
        ("application/xml", half.clone()),
        ("application/xml; short", half),
        ("application/xml", fixture),
    ]);
    let admin = token(&db, "root", "admin");
    let analyst = token(&db, "ana", "analyst");
    let server = Server::start(
        &db,
        &["--refresh-every", "60", "--refresh", "un"],
        &[("EMBARGO_LIST_URL_UN", &url)],
    );
    let base = server.base.clone();

    // The scheduled refresh ran at start and got the HTML page: a failure, nothing imported.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (_, metrics) = get(&base, "/metrics", None);
        if metrics.contains("embargo_list_refresh_last_failure_timestamp_seconds{source=\"un\"}") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no failed refresh in /metrics:\n{metrics}");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let (_, lists) = get(&base, "/v1/lists", Some(&analyst));
    assert_eq!(lists, "[]", "a bad download imported something");

    // Only an admin may ask; the next download is the list.
    let refresh = |tok: &str| match ureq::post(&format!("{base}/v1/lists/refresh?source=un"))
        .set("authorization", &format!("Bearer {tok}"))
        .call()
    {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap()),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(refresh(&analyst).0, 403);
    let (status, body) = refresh(&admin);
    assert_eq!(status, 201, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "imported");
    assert_eq!(v["version"]["file_name"].as_str(), Some(url.as_str()));
    // Screened against at once, and the success is in /metrics.
    let hit: Value = serde_json::from_str(
        &ureq::post(&format!("{base}/v1/screen"))
            .set("authorization", &format!("Bearer {analyst}"))
            .set("content-type", "application/json")
            .send_string(r#"{"name": "Marrowby Maritime Logistics"}"#)
            .unwrap()
            .into_string()
            .unwrap(),
    )
    .unwrap();
    assert!(hit["hits"].as_array().is_some_and(|h| !h.is_empty()), "{hit}");
    let (_, metrics) = get(&base, "/metrics", None);
    assert!(
        metrics.contains("embargo_list_refresh_last_success_timestamp_seconds{source=\"un\"}"),
        "{metrics}"
    );
    let version = v["version"]["id"].clone();
    // A file cut short, whether the server says so or not, is refused and keeps the version.
    // The half file does not parse (422); the cut connection is a failed download (503).
    for (expected, says) in [(422, "end"), (503, "before all bytes were read")] {
        let (status, body) = refresh(&admin);
        assert_eq!(status, expected, "{body}");
        assert!(body.contains(says), "{body}");
        let (_, lists) = get(&base, "/v1/lists", Some(&analyst));
        let lists: Value = serde_json::from_str(&lists).unwrap();
        assert_eq!(lists.as_array().map(Vec::len), Some(1), "{lists}");
        assert_eq!(lists[0]["id"], version, "{lists}");
    }
    // The same file again changes nothing.
    let (status, body) = refresh(&admin);
    assert_eq!(
        (status, serde_json::from_str::<Value>(&body).unwrap()["status"].clone()),
        (200, "unchanged".into())
    );
}
