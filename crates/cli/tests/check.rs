//! Integration tests of `embargo check` and `embargo regimes`: the real binary, text and JSON
//! output, and exit codes (0 for any verdict, 2 for invalid input or data).

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn embargo() -> Command {
    let mut c = Command::cargo_bin("embargo").unwrap();
    c.arg("--regimes").arg(root().join("regimes"));
    c.env_remove("EMBARGO_REGIMES");
    // `embargo check` looks up approved exemptions in the store: keep it out of the user's data.
    let db = std::env::temp_dir().join(format!("embargo-check-tests-{}.db", std::process::id()));
    c.env("EMBARGO_DB", format!("sqlite://{}", db.display()));
    c
}

fn example(name: &str) -> PathBuf {
    root().join("examples").join(name)
}

fn json_of(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON on stdout")
}

#[test]
fn gna_example_json_matches_the_contract() {
    let out = embargo()
        .args(["check", "--format", "json"])
        .arg(example("gna-2016-isil.json"))
        .assert()
        .success();
    let v = json_of(&out.get_output().stdout);
    assert_eq!(v["as_of"], "2016-06-15");
    assert_eq!(v["verdict"], "approval_required");
    assert_eq!(v["regimes"], serde_json::json!(["un-libya"]));
    let item = &v["items"][0];
    assert_eq!(item["index"], 0);
    assert_eq!(item["verdict"], "approval_required");
    assert_eq!(item["ground"], "un-libya/res2174-p8");
    assert_eq!(item["procedure"]["kind"], "prior_approval");
    assert_eq!(
        item["procedure"]["body"],
        "Security Council Committee established pursuant to resolution 1970 (2011)"
    );
    let cites: Vec<&str> =
        item["citations"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert!(
        cites.contains(&"S/RES/1970 (2011) para 9") && cites.contains(&"S/RES/2174 (2014) para 8"),
        "{cites:?}"
    );
    assert!(item["missing"].is_array());
    assert!(v.get("authorization").is_none());
}

#[test]
fn gna_example_text_is_a_table_with_citations() {
    embargo()
        .arg("check")
        .arg(example("gna-2016-isil.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains("OVERALL VERDICT: approval_required"))
        .stdout(predicate::str::contains("un-libya/res2174-p8"))
        .stdout(predicate::str::contains("S/RES/2174 (2014) para 8"))
        .stdout(predicate::str::contains("Government of National Accord"));
}

#[test]
fn notification_reports_the_end_of_the_period() {
    let out = embargo()
        .args(["check", "--format", "json", "--notified-on", "2013-07-02"])
        .arg(example("gnc-2013-notification.json"))
        .assert()
        .success();
    let v = json_of(&out.get_output().stdout);
    assert_eq!(v["verdict"], "notification_required");
    assert_eq!(v["items"][0]["ground"], "un-libya/res2009-p13a");
    assert_eq!(v["items"][0]["procedure"]["working_days"], 5);
    assert_eq!(v["items"][0]["procedure"]["notified_on"], "2013-07-02");
    // 3 Jul, (4 Jul holiday), 5, 8, 9, 10 Jul.
    assert_eq!(v["items"][0]["procedure"]["period_ends"], "2013-07-10");
}

#[test]
fn as_of_overrides_the_date_and_stdin_works() {
    let text = std::fs::read_to_string(example("gnc-2013-notification.json")).unwrap();
    let out = embargo()
        .args(["check", "-", "--format", "json", "--as-of", "2016-06-15"])
        .write_stdin(text)
        .assert()
        .success();
    let v = json_of(&out.get_output().stdout);
    assert_eq!(v["as_of"], "2016-06-15");
    // On that date the GNC is no longer the recognised Government.
    assert_eq!(v["verdict"], "prohibited");
    assert_eq!(v["items"][0]["general_route"], "un-libya/res1970-p9c");
}

#[test]
fn prohibited_and_not_covered_exit_zero() {
    embargo()
        .arg("check")
        .arg(example("unrecognised-authority-2016.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains("OVERALL VERDICT: prohibited"))
        .stdout(predicate::str::contains("un-libya/res1970-p9c"));
    let t = r#"{"date":"2016-06-15","supplier_state":"IT","origin":"IT","destination":"FR",
        "end_user":{"name":"x","category":"private"},"purpose":"other",
        "items":[{"description":"rifles","category":"ML1","quantity":1,"lethal":true}]}"#;
    embargo()
        .args(["check", "-"])
        .write_stdin(t)
        .assert()
        .success()
        .stdout(predicate::str::contains("OVERALL VERDICT: not_covered"));
}

fn input_error(stdin: &str, args: &[&str], needle: &str) {
    embargo()
        .args(["check", "-"])
        .args(args)
        .write_stdin(stdin.to_string())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(needle));
}

const GOOD: &str = r#"{"date":"2016-06-15","origin":"IT","destination":"LY",
 "end_user":{"name":"x","category":"government_forces","government":"GNA"},"purpose":"security_assistance",
 "items":[{"description":"rifles","category":"ML1","quantity":1,"lethal":true}]}"#;

#[test]
fn invalid_input_exits_2_with_a_clear_message() {
    input_error(
        &GOOD.replace("\"LY\"", "\"XY\""),
        &[],
        "`XY` is not an assigned ISO 3166-1 alpha-2 country code",
    );
    input_error(&GOOD.replace("\"ML1\"", "\"ML40\""), &[], "ML40");
    input_error(&GOOD.replace("2016-06-15", "2016-02-30"), &[], "line 1");
    input_error(&GOOD.replace("\"lethal\":true", "\"lethal\":false"), &[], "items[0].lethal");
    input_error("{\"date\": \"2016-06-15\",\n \"origin\": }", &[], "line 2, column");
    input_error(GOOD, &["--as-of", "2016-13-01"], "--as-of");
    input_error(GOOD, &["--notified-on", "yesterday"], "--notified-on");
    embargo().args(["check", "/nonexistent/transfer.json"]).assert().code(2);
}

#[test]
fn regimes_commands() {
    embargo()
        .args(["regimes", "check"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok:"))
        .stdout(predicate::str::contains("22 military-list categories"));
    embargo()
        .args(["regimes", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("un-libya"));
    let out = embargo().args(["regimes", "list", "--format", "json"]).assert().success();
    assert!(json_of(&out.get_output().stdout).as_array().unwrap().len() >= 13);
    let out = embargo()
        .args(["regimes", "show", "un-libya", "--as-of", "2013-06-03", "--format", "json"])
        .assert()
        .success();
    let v = json_of(&out.get_output().stdout);
    let ids: Vec<&str> =
        v["grounds"].as_array().unwrap().iter().map(|g| g["id"].as_str().unwrap()).collect();
    assert!(
        ids.contains(&"un-libya/res2009-p13a") && !ids.contains(&"un-libya/res2174-p8"),
        "{ids:?}"
    );
    assert_eq!(v["governments"][0]["recognised_government"], "General National Congress");
    embargo()
        .args(["regimes", "show", "un-libya", "--as-of", "2016-06-15"])
        .assert()
        .success()
        .stdout(predicate::str::contains("res2174-p8"))
        .stdout(predicate::str::contains("S/RES/2174 (2014) para 8"))
        .stdout(predicate::str::contains("Government of National Accord"));
    embargo()
        .args(["regimes", "show", "un-nowhere"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown regime"));
}

#[test]
fn bad_data_file_exits_2_naming_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("regimes")).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    let f = dir.path().join("un-libya.toml");
    let text = std::fs::read_to_string(&f).unwrap();
    let line = text.lines().position(|l| l == "from = \"2014-08-27\"").unwrap() + 1;
    std::fs::write(&f, text.replacen("from = \"2014-08-27\"", "from = \"2014-02-30\"", 1)).unwrap();
    Command::cargo_bin("embargo")
        .unwrap()
        .arg("--regimes")
        .arg(dir.path())
        .args(["regimes", "check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("un-libya.toml:{line}:")))
        .stderr(predicate::str::contains(".from"));
}
