//! End-to-end tests of `embargo lists`: import (atomic, idempotent, bad files → exit 2), the
//! version table, diff (files and stored versions) and fetch from a local HTTP server.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lists")
}

fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "shared data {} absent and CI is set", dir.display());
    eprintln!("SKIPPED: shared data {} absent", dir.display());
    None
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("embargo").unwrap();
        c.env("EMBARGO_DB", format!("sqlite://{}", self.dir.path().join("e.db").display()));
        for s in ["UN", "OFAC", "EU", "UK", "FTM"] {
            c.env_remove(format!("EMBARGO_LIST_URL_{s}"));
        }
        c
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn import_is_reported_and_idempotent() {
    let env = Env::new();
    let un = fixtures().join("un/consolidated_fixture.xml");
    env.cmd().args(["lists", "import", s(&un)]).assert().success().stdout(
        contains("imported un list")
            .and(contains("2 designations"))
            .and(contains("published 2026-03-02")),
    );
    let v = env.json(&["lists", "import", s(&un), "--format", "json"]);
    assert_eq!(v["status"], "unchanged");
    assert_eq!(v["version"], 1);
    assert_eq!(v["records"], 2);
    assert_eq!(v["kinds"]["person"], 1);
    assert_eq!(v["published"], "2026-03-02");
    assert_eq!(v["sha256"].as_str().unwrap().len(), 64);
    assert!(v["duration_ms"].is_number() && v["aliases"] == 2 && v["source"] == "un");
    env.cmd().args(["lists", "import", s(&un)]).assert().success().stdout(contains("unchanged"));

    let versions = env.json(&["lists", "--format", "json"]);
    assert_eq!(versions.as_array().unwrap().len(), 1);
    env.cmd()
        .args(["lists"])
        .assert()
        .success()
        .stdout(contains("un-xml").and(contains("2026-03-02")).and(contains("yes")));
}

#[test]
fn bad_files_exit_2_name_the_file_and_store_nothing() {
    let env = Env::new();
    let un = fixtures().join("un/consolidated_fixture.xml");
    env.cmd().args(["lists", "import", s(&un)]).assert().success();

    let text = std::fs::read(&un).unwrap();
    let truncated = env.path("truncated.xml");
    std::fs::write(&truncated, &text[..text.len() - 200]).unwrap();
    env.cmd().args(["lists", "import", s(&truncated)]).assert().code(2).stderr(
        contains("truncated.xml").and(contains("line ")).and(contains("nothing was stored")),
    );

    let garbage = env.path("garbage.bin");
    std::fs::write(&garbage, [0x8Fu8; 4096]).unwrap();
    env.cmd()
        .args(["lists", "import", s(&garbage)])
        .assert()
        .code(2)
        .stderr(contains("garbage.bin"));

    let mut short = std::fs::read(fixtures().join("ofac/sdn_set/sdn.csv")).unwrap();
    short.pop();
    short.extend_from_slice(b"99905,\"SHORT\",-0- \r\n");
    let dir = env.path("ofac");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("sdn.csv"), short).unwrap();
    env.cmd()
        .args(["lists", "import", s(&dir), "--without-companions"])
        .assert()
        .code(2)
        .stderr(contains("sdn.csv").and(contains("line 5")).and(contains("expected 12 columns")));

    env.cmd()
        .args(["lists", "import", "/nonexistent/list.xml"])
        .assert()
        .code(2)
        .stderr(contains("/nonexistent/list.xml"));
    env.cmd()
        .args(["lists", "import", s(&un), "--source", "uk"])
        .assert()
        .code(2)
        .stderr(contains("cannot be a `uk` list"));

    let versions = env.json(&["lists", "--format", "json"]);
    assert_eq!(versions.as_array().unwrap().len(), 1, "only the good import is stored");
    assert_eq!(versions[0]["current"], true);
}

#[test]
fn a_sparse_two_gigabyte_file_is_rejected_at_once() {
    let env = Env::new();
    let big = env.path("big.xml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(2 << 30).unwrap();
    drop(f);
    let started = std::time::Instant::now();
    env.cmd()
        .args(["lists", "import", s(&big)])
        .assert()
        .code(2)
        .stderr(contains("big.xml").and(contains("binary data")));
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
    assert_eq!(env.json(&["lists", "--format", "json"]), serde_json::json!([]));
}

#[test]
fn ofac_csv_directory_picks_up_companions_and_published_flag() {
    let env = Env::new();
    let v = env.json(&[
        "lists",
        "import",
        s(&fixtures().join("ofac/sdn_set")),
        "--published",
        "2026-03-02",
        "--format",
        "json",
    ]);
    assert_eq!(v["format"], "ofac-csv");
    assert_eq!(v["records"], 4);
    assert_eq!(v["published"], "2026-03-02");
    // alt.csv: 2 strong aliases; remarks: ABU QUINTAS and SEA WOLF.
    assert_eq!(v["aliases"], 4);
    assert_eq!(v["kinds"]["vessel"], 1);
    // The XML states its own date.
    // Two designations after four: the shrink guard must be lifted.
    let x = env.json(&[
        "lists",
        "import",
        s(&fixtures().join("ofac/xml/sdn.xml")),
        "--allow-shrink",
        "--format",
        "json",
    ]);
    assert_eq!(
        (x["published"].as_str(), x["records"].as_i64(), x["version"].as_i64()),
        (Some("2026-03-02"), Some(2), Some(2))
    );
    for (file, source) in
        [("eu/fsf_fixture.xml", "eu"), ("uk/ConList.csv", "uk"), ("ftm/entities.ftm.json", "ftm")]
    {
        let v = env.json(&["lists", "import", s(&fixtures().join(file)), "--format", "json"]);
        assert_eq!(v["source"], source, "{file}");
    }
    let versions = env.json(&["lists", "--format", "json"]);
    let current: Vec<&str> = versions
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["current"] == true)
        .map(|v| v["source"].as_str().unwrap())
        .collect();
    assert_eq!(current, vec!["ofac", "eu", "uk", "ftm"]);
}

#[test]
fn diff_files_and_stored_versions() {
    let env = Env::new();
    let old = fixtures().join("un/consolidated_fixture.xml");
    let text = std::fs::read_to_string(&old).unwrap();
    let new_text = text
        .replace(
            "<FIRST_NAME>MARROWBY MARITIME LOGISTICS</FIRST_NAME>",
            "<FIRST_NAME>MARROWBY SEA LOGISTICS</FIRST_NAME>",
        )
        .replace(
            "<REFERENCE_NUMBER>LYi.950</REFERENCE_NUMBER>",
            "<REFERENCE_NUMBER>LYi.951</REFERENCE_NUMBER>",
        );
    let new = env.path("new.xml");
    std::fs::write(&new, new_text).unwrap();
    let d = env.json(&["lists", "diff", s(&old), s(&new), "--format", "json"]);
    assert_eq!(d["added"][0]["reference"], "LYi.951");
    assert_eq!(d["removed"][0]["reference"], "LYi.950");
    assert_eq!(d["changed"][0]["reference"], "LYe.950");
    assert_eq!(d["changed"][0]["fields"], serde_json::json!(["primary_name"]));
    assert_eq!(d["changed"][0]["old_name"], "MARROWBY MARITIME LOGISTICS");

    env.cmd().args(["lists", "import", s(&old)]).assert().success();
    env.cmd().args(["lists", "import", s(&new)]).assert().success();
    env.cmd()
        .args(["lists", "diff", "1", "2"])
        .assert()
        .success()
        .stdout(contains("1 added, 1 removed, 1 changed"));
    env.cmd()
        .args(["lists", "diff", "1", "99"])
        .assert()
        .code(2)
        .stderr(contains("no stored list version"));
    env.cmd()
        .args(["lists", "diff", "1", "nope.xml"])
        .assert()
        .code(2)
        .stderr(contains("nope.xml"));
    // Versions of two different lists are not compared.
    env.cmd()
        .args(["lists", "import", s(&fixtures().join("eu/fsf_fixture.xml"))])
        .assert()
        .success();
    env.cmd()
        .args(["lists", "diff", "1", "3"])
        .assert()
        .code(2)
        .stderr(contains("only versions of one list can be compared"));
}

/// Serves `responses` (status line, content type, body) one per connection on 127.0.0.1:0.
fn serve(responses: Vec<(&'static str, &'static str, Vec<u8>)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for (status, content_type, body) in responses {
            let (mut stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
            let _ = stream.flush();
        }
    });
    format!("http://{addr}")
}

#[test]
fn fetch_from_a_local_server() {
    let env = Env::new();
    let body = std::fs::read(fixtures().join("un/consolidated_fixture.xml")).unwrap();
    let base = serve(vec![
        ("200 OK", "application/xml; charset=utf-8", body.clone()),
        ("200 OK", "text/html; charset=utf-8", b"<html><body>maintenance</body></html>".to_vec()),
        ("200 OK", "application/xml", body.clone()),
        ("404 Not Found", "text/plain", b"no".to_vec()),
        (
            "200 OK",
            "application/xml",
            std::fs::read(fixtures().join("eu/fsf_fixture.xml")).unwrap(),
        ),
        ("200 OK", "application/xml", body),
    ]);
    let url = format!("{base}/consolidated.xml");
    let v = env.json(&["lists", "fetch", "--source", "un", "--url", &url, "--format", "json"]);
    assert_eq!(
        (v["status"].as_str(), v["records"].as_i64(), v["file"].as_str()),
        (Some("imported"), Some(2), Some(url.as_str()))
    );
    env.cmd()
        .args(["lists", "fetch", "--url", &url])
        .assert()
        .code(2)
        .stderr(contains("content type").and(contains("text/html")));
    env.cmd()
        .args(["lists", "fetch", "--url", &url, "--max-bytes", "100"])
        .assert()
        .code(2)
        .stderr(contains("limit of 100"));
    env.cmd().args(["lists", "fetch", "--url", &url]).assert().code(1).stderr(contains("HTTP 404"));
    env.cmd()
        .args(["lists", "fetch", "--source", "un", "--url", &url])
        .assert()
        .code(2)
        .stderr(contains("is a eu list"));
    // The address can come from the environment too; same bytes → unchanged.
    env.cmd()
        .args(["lists", "fetch"])
        .env("EMBARGO_LIST_URL_UN", &url)
        .assert()
        .success()
        .stdout(contains("downloaded").and(contains("unchanged")));
    env.cmd()
        .args(["lists", "fetch", "--source", "ftm"])
        .assert()
        .code(2)
        .stderr(contains("EMBARGO_LIST_URL_FTM"));
}

#[test]
fn real_lists_import_and_diff() {
    let Some(data) = shared_data() else { return };
    let env = Env::new();
    let un = data.join("un/consolidated_2026-02-27.xml");
    let v = env.json(&["lists", "import", s(&un), "--format", "json"]);
    assert_eq!(
        (v["records"].as_i64(), v["kinds"]["person"].as_i64(), v["kinds"]["entity"].as_i64()),
        (Some(1003), Some(730), Some(273))
    );
    assert_eq!(v["sha256"], "66b392a4090868d2d39161e8d748efd39138377b0e6e60b7921aa67a4f99c8bf");
    assert_eq!(v["published"], "2026-02-27");
    let o =
        env.json(&["lists", "import", s(&data.join("ofac/sdn_2021-06-29")), "--format", "json"]);
    assert_eq!(o["records"], 8976);
    assert_eq!(o["kinds"]["vessel"], 406);
    let old = data.join("un/consolidated_2025-08-02.xml");
    let d = env.json(&["lists", "diff", s(&old), "1", "--format", "json"]);
    assert_eq!(d["added"].as_array().unwrap().len(), 127);
    assert_eq!(d["removed"].as_array().unwrap().len(), 3);
    assert_eq!(d["changed"].as_array().unwrap().len(), 12);
}

// ---------------------------------------------------------------------------------------------
// Issue 9: no silently shortened list, a fetch that cannot hang or leave files behind, a store
// that survives concurrent processes.

/// Copies the OFAC CSV set in `from` to `to`, with `sdn.csv` replaced by `primary`.
fn ofac_set_with(from: &Path, to: &Path, primary: &[u8]) {
    std::fs::create_dir_all(to).unwrap();
    for name in ["alt.csv", "add.csv", "sdn_comments.csv"] {
        std::fs::copy(from.join(name), to.join(name)).unwrap();
    }
    std::fs::write(to.join("sdn.csv"), primary).unwrap();
}

#[test]
fn truncated_ofac_csv_sets_are_refused_and_the_current_version_stays() {
    let Some(data) = shared_data() else { return };
    let env = Env::new();
    let real = data.join("ofac/sdn_2021-06-29");
    let sdn = std::fs::read(real.join("sdn.csv")).unwrap();
    // Ten cuts spread over the file: inside records and exactly at line ends (where every
    // record read is complete and only the missing end-of-file marker tells).
    let mut cuts: Vec<usize> = (1..=5).map(|i| sdn.len() * i / 6 + 17).collect();
    for i in 1..=5 {
        let at = sdn.len() * i / 6;
        cuts.push(at + sdn[at..].iter().position(|&b| b == b'\n').unwrap() + 1);
    }
    for (i, at) in cuts.iter().enumerate() {
        let dir = env.path(&format!("cut{i}"));
        ofac_set_with(&real, &dir, &sdn[..*at]);
        env.cmd()
            .args(["lists", "import", s(&dir)])
            .assert()
            .code(2)
            .stderr(contains("sdn.csv").and(contains("line ")).and(contains("nothing was stored")));
        if i == 0 {
            // Then the whole set, which stays current through every later refusal.
            let v = env.json(&["lists", "import", s(&real), "--format", "json"]);
            assert_eq!(v["records"], 8976);
        }
    }
    let versions = env.json(&["lists", "--format", "json"]);
    assert_eq!(versions.as_array().unwrap().len(), 1, "{versions}");
    assert_eq!(
        (versions[0]["records"].as_i64(), versions[0]["current"].as_bool()),
        (Some(8976), Some(true))
    );
    // A companion that names an id the primary file lacks.
    let dir = env.path("orphan");
    ofac_set_with(&real, &dir, &sdn);
    let mut alt = std::fs::read(real.join("alt.csv")).unwrap();
    alt.pop();
    alt.extend_from_slice(b"99999999,1,\"aka\",\"NOBODY\",-0- \r\n\x1a");
    std::fs::write(dir.join("alt.csv"), alt).unwrap();
    env.cmd()
        .args(["lists", "import", s(&dir)])
        .assert()
        .code(2)
        .stderr(contains("alt.csv").and(contains("99999999")).and(contains("line 11911")));
}

#[test]
fn missing_companions_are_an_error_unless_asked_for() {
    let env = Env::new();
    let dir = env.path("ofac");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(fixtures().join("ofac/sdn_set/sdn.csv"), dir.join("sdn.csv")).unwrap();
    env.cmd()
        .args(["lists", "import", s(&dir)])
        .assert()
        .code(2)
        .stderr(contains("alt.csv and add.csv").and(contains("--without-companions")));
    assert_eq!(env.json(&["lists", "--format", "json"]), serde_json::json!([]));
    let v = env.json(&["lists", "import", s(&dir), "--without-companions", "--format", "json"]);
    assert_eq!(v["records"], 4);
    // With the flag, companions present beside the file are ignored too.
    let v = env.json(&[
        "lists",
        "import",
        s(&fixtures().join("ofac/sdn_set")),
        "--without-companions",
        "--allow-shrink",
        "--format",
        "json",
    ]);
    assert_eq!(v["aliases"], 2, "only the weak aliases of the remarks: {v}");
}

#[test]
fn a_much_shorter_list_is_refused_unless_allow_shrink() {
    let env = Env::new();
    let un = fixtures().join("un/consolidated_fixture.xml");
    env.cmd().args(["lists", "import", s(&un)]).assert().success();
    // The same list without its entity: one of two designations dropped.
    let text = std::fs::read_to_string(&un).unwrap();
    let (start, end) = (text.find("<ENTITY>").unwrap(), text.find("</ENTITY>").unwrap() + 9);
    let smaller = env.path("smaller.xml");
    std::fs::write(&smaller, format!("{}{}", &text[..start], &text[end..])).unwrap();
    env.cmd().args(["lists", "import", s(&smaller)]).assert().code(2).stderr(
        contains("smaller.xml")
            .and(contains("1 designations"))
            .and(contains("the 2 of current version 1"))
            .and(contains("--allow-shrink")),
    );
    let versions = env.json(&["lists", "--format", "json"]);
    assert_eq!(versions.as_array().unwrap().len(), 1);
    // A limit can be raised, or the guard lifted.
    env.cmd().args(["lists", "import", s(&smaller), "--max-shrink", "50"]).assert().success();
    env.cmd().args(["lists", "import", s(&un)]).assert().success();
    let v = env.json(&["lists", "import", s(&smaller), "--allow-shrink", "--format", "json"]);
    assert_eq!((v["status"].as_str(), v["records"].as_i64()), (Some("reactivated"), Some(1)));
    assert_eq!(v["current"], true);
}

/// A scripted HTTP server: each connection is handed to the next handler.
fn serve_with(handlers: Vec<Box<dyn FnOnce(TcpStream) + Send>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for handler in handlers {
            let Ok((stream, _)) = listener.accept() else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            std::thread::spawn(move || handler(stream));
        }
    });
    format!("http://{addr}")
}

/// A response without Content-Length: the body ends when the connection closes.
fn unsized_body(content_type: &'static str, body: Vec<u8>) -> Box<dyn FnOnce(TcpStream) + Send> {
    Box::new(move |mut stream| {
        let head =
            format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n");
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&body);
    })
}

/// Headers and the first bytes of a body, then silence for a minute (or a trickle).
fn stalling(trickle: bool) -> Box<dyn FnOnce(TcpStream) + Send> {
    Box::new(move |mut stream| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(b"<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-01-01T00:00:00Z\">\n");
        let _ = stream.flush();
        for _ in 0..600 {
            std::thread::sleep(Duration::from_millis(100));
            if trickle && stream.write_all(b" ").is_err() {
                return;
            }
        }
    })
}

fn redirect(location: String) -> Box<dyn FnOnce(TcpStream) + Send> {
    Box::new(move |mut stream| {
        let head = format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        let _ = stream.write_all(head.as_bytes());
    })
}

/// Temporary download files left in the store's directory.
fn leftovers(env: &Env) -> Vec<String> {
    std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".embargo-fetch-"))
        .collect()
}

/// Runs `cmd`, killing it (and failing) if it takes longer than `limit`.
fn run_within(mut cmd: std::process::Command, limit: Duration) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!("still running after {limit:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (child.wait_with_output().unwrap(), started.elapsed())
}

impl Env {
    fn std_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_embargo"));
        c.env("EMBARGO_DB", format!("sqlite://{}", self.dir.path().join("e.db").display()));
        c
    }
}

#[test]
fn fetch_refuses_a_body_cut_short_without_content_length() {
    let env = Env::new();
    let un = std::fs::read(fixtures().join("un/consolidated_fixture.xml")).unwrap();
    let sdn = std::fs::read(fixtures().join("ofac/sdn_set/sdn.csv")).unwrap();
    let line_end =
        sdn.len() / 2 + sdn[sdn.len() / 2..].iter().position(|&b| b == b'\n').unwrap() + 1;
    let base = serve_with(vec![
        unsized_body("application/xml", un[..un.len() - 300].to_vec()),
        unsized_body("text/csv", sdn[..line_end].to_vec()),
        unsized_body("text/csv", sdn.clone()),
        unsized_body("text/csv", sdn.clone()),
    ]);
    env.cmd()
        .args(["lists", "fetch", "--url", &format!("{base}/un.xml")])
        .assert()
        .code(2)
        .stderr(contains("/un.xml").and(contains("truncated")));
    let url = format!("{base}/sdn.csv");
    env.cmd()
        .args(["lists", "fetch", "--source", "ofac", "--without-companions", "--url", &url])
        .assert()
        .code(2)
        .stderr(contains("/sdn.csv").and(contains("end-of-file marker")).and(contains("line ")));
    // A whole primary file needs the explicit flag, then imports.
    env.cmd()
        .args(["lists", "fetch", "--source", "ofac", "--url", &url])
        .assert()
        .code(2)
        .stderr(contains("--without-companions"));
    env.cmd()
        .args(["lists", "fetch", "--source", "ofac", "--without-companions", "--url", &url])
        .assert()
        .success()
        .stdout(contains("4 designations"));
    assert_eq!(leftovers(&env), Vec::<String>::new());
}

#[test]
fn fetch_abandons_a_stalled_or_endless_body() {
    let env = Env::new();
    let base = serve_with(vec![stalling(false), stalling(true)]);
    let mut cmd = env.std_cmd();
    cmd.args(["lists", "fetch", "--url", &format!("{base}/stall.xml"), "--read-timeout", "1"]);
    let (out, took) = run_within(cmd, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no data for 1 s") && stderr.contains("abandoned"), "{stderr}");
    assert!(took < Duration::from_secs(15), "{took:?}");
    let mut cmd = env.std_cmd();
    cmd.args([
        "lists",
        "fetch",
        "--url",
        &format!("{base}/trickle.xml"),
        "--read-timeout",
        "5",
        "--deadline",
        "2",
    ]);
    let (out, took) = run_within(cmd, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("deadline of 2 s"), "{stderr}");
    assert!(took < Duration::from_secs(15), "{took:?}");
    assert_eq!(leftovers(&env), Vec::<String>::new());
}

#[test]
fn fetch_follows_redirects_only_to_http() {
    let env = Env::new();
    let body = std::fs::read(fixtures().join("un/consolidated_fixture.xml")).unwrap();
    let listener_base = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let shared = listener_base.clone();
    let base = serve_with(vec![
        redirect("file:///etc/passwd".into()),
        Box::new(move |stream| {
            redirect(format!("{}/moved/un.xml", shared.lock().unwrap()))(stream)
        }),
        unsized_body("application/xml", body),
    ]);
    *listener_base.lock().unwrap() = base.clone();
    let out =
        env.cmd().args(["lists", "fetch", "--url", &format!("{base}/a.xml")]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("file:///etc/passwd") && stderr.contains("refused"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    env.cmd()
        .args(["lists", "fetch", "--url", &format!("{base}/b.xml")])
        .assert()
        .success()
        .stdout(contains("imported un list"));
    assert_eq!(leftovers(&env), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn sigterm_during_fetch_removes_the_temporary_file() {
    let env = Env::new();
    let base = serve_with(vec![stalling(false)]);
    let mut child = env
        .std_cmd()
        .args(["lists", "fetch", "--url", &format!("{base}/stall.xml")])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the download to be under way: its temporary file beside the store.
    let started = Instant::now();
    while leftovers(&env).is_empty() {
        assert!(started.elapsed() < Duration::from_secs(20), "no temporary file appeared");
        assert!(child.try_wait().unwrap().is_none(), "the fetch ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    assert!(stderr.contains("SIGTERM") && stderr.contains("removed"), "{stderr}");
    assert_eq!(leftovers(&env), Vec::<String>::new());
}

#[test]
fn eight_processes_opening_a_fresh_store_at_once_all_succeed() {
    for round in 0..3 {
        let env = Env::new();
        let children: Vec<_> = (0..8)
            .map(|_| {
                env.std_cmd()
                    .args(["lists"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// A valid OFAC primary file of `n` synthetic designations.
fn synthetic_sdn(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 1..=n {
        out.extend_from_slice(
            format!(
                "{i},\"SYNTHETIC{i}, Person Number\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 01 Jan 1970; POB Tripoli, Libya; nationality Libya; Passport P{i:08} (Libya); a.k.a. 'SYN {i}'.\"\r\n"
            )
            .as_bytes(),
        );
    }
    out.push(0x1A);
    out
}

/// A request command run while a large import is under way succeeds at once: the import holds
/// the write lock only for short transactions. (Before, it held it for the whole import, and
/// the command waited for all of it, or failed with "database is locked".)
#[test]
fn a_request_command_during_a_large_import_succeeds_while_the_import_runs() {
    let env = Env::new();
    let dir = env.path("big");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("sdn.csv"), synthetic_sdn(80_000)).unwrap();
    env.cmd().args(["lists"]).assert().success(); // migrate first
    let started = Instant::now();
    let mut import = env
        .std_cmd()
        .args(["lists", "import", s(&dir), "--without-companions", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    assert!(import.try_wait().unwrap().is_none(), "the import is still under way");
    let request = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/requests/2009-p13b-notification.json");
    let mut cmd = env.std_cmd();
    cmd.args(["request", "new", "DURING-IMPORT", "--file", s(&request), "--actor", "submitter:uk"]);
    let (out, took) = run_within(cmd, Duration::from_secs(60));
    assert!(out.status.success(), "request new failed: {}", String::from_utf8_lossy(&out.stderr));
    let import_running = import.try_wait().unwrap().is_none();
    let out = import.wait_with_output().unwrap();
    let total = started.elapsed();
    assert!(out.status.success(), "the import failed: {}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["records"], 80_000);
    assert!(
        import_running,
        "the request command ({took:?}) had to wait for the whole import ({total:?})"
    );
    eprintln!("request new took {took:?} during an import of {total:?}");
    let shown = env.json(&["request", "show", "DURING-IMPORT", "--format", "json"]);
    assert!(shown.is_object());
}
