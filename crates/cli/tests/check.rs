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

/// Without `--regimes`, from a directory with no checkout: the data compiled into the binary.
#[test]
fn the_regime_data_is_compiled_into_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("embargo")
        .unwrap()
        .current_dir(dir.path())
        .env_remove("EMBARGO_REGIMES")
        .args(["regimes", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("compiled into the binary"));
    Command::cargo_bin("embargo")
        .unwrap()
        .current_dir(dir.path())
        .env_remove("EMBARGO_REGIMES")
        .args(["regimes", "show", "un-libya", "--as-of", "2016-06-15"])
        .assert()
        .success()
        .stdout(predicate::str::contains("S/RES/2174 (2014) para 8"));
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

#[test]
fn text_opens_with_the_verdict_and_what_to_do_next() {
    let out = embargo().arg("check").arg(example("gna-2016-isil.json")).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("OVERALL VERDICT: approval_required — Not permitted unless the Security Council Committee established pursuant to resolution 1970 (2011) approves it under S/RES/2174 (2014) para 8"),
        "{first}"
    );
    // One line per item, grounds that do not apply one line each, no full reasoning by default.
    assert!(text.contains("does not apply: un-libya/res2095-p10: covers non-lethal items only"));
    assert!(!text.contains("res1970-p9 applies: supply to LY"), "{text}");
    assert!(text.contains("no screening was done"));
    embargo()
        .args(["check", "--explain"])
        .arg(example("gna-2016-isil.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains("un-libya/res1970-p9 applies: supply to LY"));
}

#[test]
fn notification_states_its_counting_day_and_where_it_came_from() {
    embargo().arg("check").arg(example("gnc-2013-notification.json")).assert().success().stdout(
        predicate::str::contains(
            "counted from the day after 2013-06-03 (assumed: the date checked",
        ),
    );
    let out = embargo()
        .args(["check", "--format", "json", "--notified-on", "2013-07-02"])
        .arg(example("gnc-2013-notification.json"))
        .assert()
        .success();
    let v = json_of(&out.get_output().stdout);
    assert_eq!(v["items"][0]["procedure"]["notified_on_source"], "given");
    assert!(v["action"].as_str().unwrap().contains("2013-07-10"));
    assert_eq!(v["screening"]["done"], false);
}

#[test]
fn services_and_duties_are_in_the_json() {
    let t = r#"{"date":"2016-06-15","supplier_state":"IT","origin":"IT","destination":"SD",
        "destination_area":"Khartoum",
        "end_user":{"name":"Sudanese Armed Forces","category":"government_forces"},"purpose":"training",
        "items":[],"services":[{"kind":"training","description":"officer course","location":"IT"}]}"#;
    let out = embargo().args(["check", "-", "--format", "json"]).write_stdin(t).assert().success();
    let v = json_of(&out.get_output().stdout);
    assert_eq!(v["services"][0]["service"], "training");
    assert_eq!(v["verdict"], "not_covered");
    let t = r#"{"date":"2016-06-15","supplier_state":"IT","origin":"IT","destination":"SD",
        "destination_area":"Khartoum",
        "end_user":{"name":"Sudanese Armed Forces","category":"government_forces"},"purpose":"security_assistance",
        "items":[{"description":"rifles","category":"ML1","quantity":1,"lethal":true}]}"#;
    let out = embargo().args(["check", "-", "--format", "json"]).write_stdin(t).assert().success();
    let v = json_of(&out.get_output().stdout);
    assert_eq!(v["obligations"][0]["id"], "un-sudan-darfur/res1945-p8-end-user-documentation");
    assert_eq!(v["obligations"][0]["missing"][0], "end_user_documentation");
}

#[test]
fn dates_beyond_9999_and_limits_are_named() {
    let t = r#"{"date":"10000-01-01","origin":"IT","destination":"LY",
        "end_user":{"name":"x","category":"private"},"purpose":"other",
        "items":[{"description":"rifles","category":"ML1","quantity":1,"lethal":true}]}"#;
    input_error(t, &[], "date: year 10000 is out of range (dates run to 9999-12-31)");
    let long = "y".repeat(5000);
    let t = format!(
        r#"{{"date":"2016-06-15","origin":"IT","destination":"LY",
        "end_user":{{"name":"{long}","category":"private"}},"purpose":"other",
        "items":[{{"description":"rifles","category":"ML1","quantity":1,"lethal":true}}]}}"#
    );
    input_error(&t, &[], "end_user.name");
}

const UN_LIST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T10:00:00.000-05:00">
  <INDIVIDUALS></INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>9900101</DATAID><VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>AL-NUSRAH FRONT FOR THE PEOPLE OF THE LEVANT</FIRST_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDe.137</REFERENCE_NUMBER><LISTED_ON>2013-05-14</LISTED_ON>
      <LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Jabhat al-Nusrah</ALIAS_NAME></ENTITY_ALIAS>
    </ENTITY>
    <ENTITY>
      <DATAID>9900102</DATAID><VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>LIBYAN INVESTMENT AUTHORITY</FIRST_NAME>
      <UN_LIST_TYPE>Libya</UN_LIST_TYPE><REFERENCE_NUMBER>LYe.001</REFERENCE_NUMBER><LISTED_ON>2011-03-17</LISTED_ON>
      <LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"#;

#[test]
fn parties_are_screened_when_lists_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("s.db").display());
    let list = dir.path().join("un.xml");
    std::fs::write(&list, UN_LIST).unwrap();
    let cmd = || {
        let mut c = Command::cargo_bin("embargo").unwrap();
        c.arg("--regimes").arg(root().join("regimes")).arg("--db").arg(&db);
        c.env_remove("EMBARGO_REGIMES").env_remove("EMBARGO_DB");
        c
    };
    cmd().args(["lists", "import"]).arg(&list).assert().success();
    // A clean transfer: screened, nothing found, still not covered.
    let clean = r#"{"date":"2016-06-15","origin":"IT","destination":"TR",
        "end_user":{"name":"Ankara Hunting Supplies","category":"private"},"purpose":"other",
        "items":[{"description":"rifles","category":"ML1","quantity":1,"lethal":true}]}"#;
    let out = cmd().args(["check", "-", "--format", "json"]).write_stdin(clean).assert().success();
    let v = json_of(&out.get_output().stdout);
    assert_eq!(v["screening"]["done"], true, "{v}");
    assert_eq!(v["verdict"], "not_covered");
    // The consignee is an Al-Qaida-listed entity: every item prohibited under the 1267 measure.
    let listed = r#"{"date":"2016-06-15","origin":"IT","destination":"TR",
        "end_user":{"name":"Ankara Hunting Supplies","category":"private"},"purpose":"other",
        "consignee":{"name":"Jabhat al-Nusrah"},
        "items":[{"description":"rifles","category":"ML1","quantity":1,"lethal":true}]}"#;
    let out = cmd().args(["check", "-", "--format", "json"]).write_stdin(listed).assert().success();
    let v = json_of(&out.get_output().stdout);
    assert_eq!(v["verdict"], "prohibited", "{v}");
    assert_eq!(v["items"][0]["measure"], "un-isil-al-qaida/res1989-arms");
    let reason = v["items"][0]["reasons"][0].as_str().unwrap();
    assert!(reason.contains("QDe.137") && reason.contains("version"), "{reason}");
    assert!(v["screening"]["clearing"].as_str().unwrap().contains("not available yet"));
    // A Libya-listed end user: no arms measure on Libya's listed persons, a warning to review.
    let libya = r#"{"date":"2016-06-15","origin":"IT","destination":"TR",
        "end_user":{"name":"Libyan Investment Authority","category":"private"},"purpose":"other",
        "items":[{"description":"rifles","category":"ML1","quantity":1,"lethal":true}]}"#;
    cmd()
        .args(["check", "-"])
        .write_stdin(libya)
        .assert()
        .success()
        .stdout(predicate::str::contains("OVERALL VERDICT: not_covered"))
        .stdout(predicate::str::contains("LYe.001"));
}
