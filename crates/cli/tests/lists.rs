//! End-to-end tests of `embargo lists`: import (atomic, idempotent, bad files → exit 2), the
//! version table, diff (files and stored versions) and fetch from a local HTTP server.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

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
        .args(["lists", "import", s(&dir)])
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
    let x =
        env.json(&["lists", "import", s(&fixtures().join("ofac/xml/sdn.xml")), "--format", "json"]);
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
