//! End-to-end tests of `embargo watch` and `embargo alerts`: registration from CSV (bad rows →
//! exit 2, nothing registered), the first screening, decisions with `--actor`, and the
//! re-screen that follows `lists import`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lists/un/consolidated_fixture.xml")
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("embargo").unwrap();
        c.env("EMBARGO_DB", format!("sqlite://{}", self.dir.path().join("w.db").display()));
        c.env_remove("EMBARGO_ACTOR");
        c
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd().args(args).assert().success().get_output().stdout.clone();
        serde_json::from_slice(&out).unwrap()
    }
}

#[test]
fn subjects_alerts_and_decisions_from_the_command_line() {
    let env = Env { dir: tempfile::tempdir().unwrap() };
    let bad = env.file("bad.csv", "id,name,kind\na,Alpha,person\nb,,person\nc,Gamma,planet\n");
    env.cmd()
        .args(["watch", "add", "--input", &bad])
        .assert()
        .code(2)
        .stderr(contains("line 3, name: empty"))
        .stderr(contains("line 4, kind"));
    assert_eq!(env.json(&["watch", "list", "--format", "json"]), Value::Array(vec![]));

    // No list yet: registered, nothing to screen against.
    let good = env.file(
        "s.csv",
        "id,name,kind,aliases,birth_date,nationality,documents\nk-1,Orvel Quintas Marrowby,person,,,LY,\nk-2,Jane Roe,person,J. Roe,1980,GB,P1;P2\n",
    );
    env.cmd()
        .args(["watch", "add", "--input", &good])
        .assert()
        .success()
        .stdout(contains("registered 2 subjects"));
    let subjects = env.json(&["watch", "list", "--format", "json"]);
    assert_eq!(subjects[1]["documents"], serde_json::json!(["P1", "P2"]));

    // The first import of a list re-screens every subject against it.
    env.cmd()
        .args(["lists", "import", fixture().to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("(2 considered, 1 scored): 1 alerts raised"));
    let alerts = env.json(&["alerts", "list", "--open", "--format", "json"]);
    let alerts = alerts.as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["record_id"], "un:LYi.950");
    assert_eq!(alerts[0]["change"], "new record");
    let id = alerts[0]["id"].to_string();

    env.cmd()
        .args(["alerts", "decide", &id, "--outcome", "dismissed", "--reason", "not him at all"])
        .assert()
        .code(2)
        .stderr(contains("outcome"));
    let decided = env.json(&[
        "alerts",
        "decide",
        &id,
        "--outcome",
        "cleared",
        "--reason",
        "born 1990, another man",
        "--actor",
        "analyst-7",
        "--format",
        "json",
    ]);
    assert_eq!(decided["status"], "closed");
    assert_eq!(decided["decisions"][0]["actor"], "analyst-7");
    env.cmd()
        .args(["alerts", "show", &id])
        .assert()
        .success()
        .stdout(contains("cleared by analyst-7"));

    // A full re-screen keeps the cleared hit cleared.
    env.cmd()
        .args(["watch", "screen"])
        .assert()
        .success()
        .stdout(contains("0 alerts raised, 0 closed, 1 suppressed"));
    env.cmd().args(["watch", "remove", "k-2"]).assert().success();
    env.cmd().args(["watch", "remove", "k-2"]).assert().code(2);
    env.cmd().args(["audit", "verify"]).assert().success();
}

#[test]
fn subjects_registered_without_screening_are_screened_by_the_pending_sweep() {
    let env = Env { dir: tempfile::tempdir().unwrap() };
    env.cmd().args(["lists", "import", fixture().to_str().unwrap()]).assert().success();
    let good =
        env.file("s.csv", "id,name,kind\nk-1,Orvel Quintas Marrowby,person\nk-2,Jane Roe,person\n");
    env.cmd().args(["watch", "add", "--input", &good, "--no-screen"]).assert().success();
    assert_eq!(env.json(&["alerts", "list", "--open", "--format", "json"]), Value::Array(vec![]));
    // What a crash between registration and screening leaves is found and screened.
    let report = env.json(&["watch", "screen", "--pending", "--format", "json"]);
    assert_eq!(report["mode"], "pending");
    assert_eq!(report["subjects_screened"], 2);
    assert_eq!(report["raised"], 1);
    let again = env.json(&["watch", "screen", "--pending", "--format", "json"]);
    assert_eq!(again["subjects_screened"], 0);
    // Ids of requests' parties are the engine's, not a client's.
    let planted = env.file("p.csv", "id,name,kind\nrequest:R-1#0,Jane Roe,person\n");
    env.cmd()
        .args(["watch", "add", "--input", &planted])
        .assert()
        .code(2)
        .stderr(contains("reserved for the parties of exemption requests"));
}
