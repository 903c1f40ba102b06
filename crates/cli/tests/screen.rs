//! End-to-end tests of `embargo screen`: an empty store says how to import lists, a hand-written
//! UN fixture is imported with `embargo lists import` and screened by name (text and JSON, any
//! script), and bulk CSV screening writes one row per hit and rejects bad CSV naming the line.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::str::contains;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/names/un_screening.xml")
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
        c.arg("--db").arg(format!("sqlite://{}", self.dir.path().join("s.db").display()));
        c.env_remove("EMBARGO_DB");
        c
    }

    fn imported() -> Env {
        let env = Env::new();
        env.cmd().args(["lists", "import"]).arg(fixture()).assert().success();
        env
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.cmd().arg("screen").args(args).args(["--format", "json"]).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

#[test]
fn empty_store_says_how_to_import() {
    let env = Env::new();
    env.cmd()
        .args(["screen", "Muammar Gaddafi"])
        .assert()
        .code(2)
        .stderr(contains("embargo lists import"));
}

#[test]
fn gaddafi_in_any_script_finds_the_un_entry_and_explains_it() {
    let env = Env::imported();
    for q in [
        "Muammar Gaddafi",
        "Moammar Qaddafi",
        "معمر القذافي",
        "Муаммар Каддафи",
        "Col. Muammar al-Kadhafi",
    ] {
        let v = env.json(&[q]);
        let hits = v["hits"].as_array().unwrap();
        assert!(!hits.is_empty(), "{q}: no hit");
        let h = &hits[0];
        assert_eq!(h["reference"], "LYi.009", "{q}");
        assert_eq!(h["list"], "un");
        assert_eq!(h["kind"], "person");
        assert_eq!(h["name"], "MUAMMAR MOHAMMED ABU MINYAR QADHAFI");
        let score = h["score"].as_f64().unwrap();
        assert!((0.7..=1.0).contains(&score), "{q}: {score}");
        let aligned = h["explanation"]["alignments"].as_array().unwrap();
        assert_eq!(aligned.len(), 2, "{q}: {aligned:?}");
        assert!(aligned.iter().all(|a| a["kind"].is_string() && a["query_weight"].is_number()));
        assert_eq!(v["query"]["name"], q);
    }
}

#[test]
fn threshold_limit_kind_and_list_filter_hits() {
    let env = Env::imported();
    // Nothing unrelated alerts.
    let v = env.json(&["Patricia Lucas Wheeler"]);
    assert_eq!(v["hits"].as_array().unwrap().len(), 0);
    // An entity query does not return persons.
    let v = env.json(&["Muammar Gaddafi", "--kind", "entity"]);
    assert_eq!(v["hits"].as_array().unwrap().len(), 0);
    let v = env.json(&["Libyan Investment Authority", "--kind", "entity"]);
    assert_eq!(v["hits"][0]["reference"], "LYe.001");
    // Only OFAC: nothing stored.
    env.cmd().args(["screen", "Muammar Gaddafi", "--list", "ofac"]).assert().code(2);
    // Threshold above the score hides the hit; a low threshold keeps hits ordered best first.
    let v = env.json(&["Muammar Gaddafi", "--threshold", "0.99"]);
    assert_eq!(v["hits"].as_array().unwrap().len(), 0);
    let v = env.json(&["Mohammed", "--threshold", "0.05", "--limit", "2"]);
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.len() <= 2);
    if hits.len() == 2 {
        assert!(hits[0]["score"].as_f64() >= hits[1]["score"].as_f64());
    }
}

#[test]
fn date_of_birth_and_nationality_move_the_score() {
    let env = Env::imported();
    let base = env.json(&["Muammar Gaddafi"])["hits"][0]["score"].as_f64().unwrap();
    let same = env.json(&["Muammar Gaddafi", "--dob", "1942", "--nationality", "LY"])["hits"][0]
        ["score"]
        .as_f64()
        .unwrap();
    assert!(same > base, "{same} <= {base}");
    let v = env.json(&["Muammar Gaddafi", "--dob", "1985-03-04", "--threshold", "0.3"]);
    let other = v["hits"][0]["score"].as_f64().unwrap();
    assert!(other < base, "{other} >= {base}");
    let adj = v["hits"][0]["explanation"]["adjustments"].as_array().unwrap();
    assert_eq!(adj[0]["attribute"], "birth_date");
}

#[test]
fn text_output_names_the_hit_and_why() {
    let env = Env::imported();
    env.cmd()
        .args(["screen", "Muammar Gaddafi"])
        .assert()
        .success()
        .stdout(contains("LYi.009"))
        .stdout(contains("gaddafi=qadhafi phonetic"))
        .stdout(predicates::str::is_match(r"^screened against un \S+ \(version \d+\)\n").unwrap());
}

#[test]
fn bad_arguments_exit_2() {
    let env = Env::imported();
    env.cmd().args(["screen"]).assert().code(2);
    env.cmd().args(["screen", "X", "--threshold", "1.5"]).assert().code(2);
    env.cmd().args(["screen", "X", "--dob", "yesterday"]).assert().code(2);
    env.cmd().args(["screen", "X", "--kind", "dragon"]).assert().code(2);
    env.cmd()
        .args(["screen", "--input"])
        .arg(env.path("missing.csv"))
        .assert()
        .code(2)
        .stderr(contains("no such file"));
}

#[test]
fn bulk_csv_writes_one_row_per_hit() {
    let env = Env::imported();
    let input = env.path("parties.csv");
    std::fs::write(
        &input,
        "id,name,kind,dob,nationality\n\
         p1,Muammar Gaddafi,person,1942,LY\n\
         p2,Patricia Lucas Wheeler,,,\n\
         p3,\"Baghdadi, Abdul Qader\",person,,\n\
         p4,Libyan Investment Authority,entity,,\n",
    )
    .unwrap();
    let output = env.path("hits.csv");
    env.cmd()
        .args(["screen", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .assert()
        .success()
        .stderr(contains("screened 4 rows"));
    let mut rdr = csv::Reader::from_path(&output).unwrap();
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "input_id");
    assert!(headers.iter().any(|h| h == "score"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let ids: Vec<(&str, &str)> = rows.iter().map(|r| (&r[0], &r[3])).collect();
    assert!(ids.contains(&("p1", "LYi.009")), "{ids:?}");
    assert!(ids.contains(&("p3", "LYi.002")), "{ids:?}");
    assert!(ids.contains(&("p4", "LYe.001")), "{ids:?}");
    assert!(!ids.iter().any(|(id, _)| *id == "p2"), "{ids:?}");
    // Every hit names the version of its list it was screened against.
    assert_eq!(&headers[9], "list_version");
    let lists: serde_json::Value = serde_json::from_slice(
        &env.cmd().args(["lists", "--format", "json"]).output().unwrap().stdout,
    )
    .unwrap();
    let un =
        lists.as_array().unwrap().iter().find(|v| v["source"] == "un").unwrap()["id"].to_string();
    assert!(rows.iter().all(|r| r[2] != *"un" || r[9] == *un), "{rows:?}");
}

#[test]
fn bad_csv_names_the_line() {
    let env = Env::imported();
    let no_name = env.path("no_name.csv");
    std::fs::write(&no_name, "id,full\n1,Muammar Gaddafi\n").unwrap();
    env.cmd()
        .args(["screen", "--input"])
        .arg(&no_name)
        .assert()
        .code(2)
        .stderr(contains("no_name.csv: line 1"))
        .stderr(contains("`name`"));
    let ragged = env.path("ragged.csv");
    std::fs::write(&ragged, "id,name\n1,Muammar Gaddafi\n2,Eric,Badege\n").unwrap();
    env.cmd()
        .args(["screen", "--input"])
        .arg(&ragged)
        .assert()
        .code(2)
        .stderr(contains("ragged.csv: line 3"));
    let bad_dob = env.path("bad_dob.csv");
    std::fs::write(&bad_dob, "name,dob\nEric Badege,1971\nMuammar Gaddafi,soon\n").unwrap();
    env.cmd()
        .args(["screen", "--input"])
        .arg(&bad_dob)
        .assert()
        .code(2)
        .stderr(contains("bad_dob.csv: line 3, row 2: invalid dob"));
    let not_utf8 = env.path("latin1.csv");
    std::fs::write(&not_utf8, b"name\nFran\xe7ois\n").unwrap();
    env.cmd()
        .args(["screen", "--input"])
        .arg(&not_utf8)
        .assert()
        .code(2)
        .stderr(contains("line 2"));
}

/// A file whose bad row comes after the first screening batch (16,384 rows), so hits have
/// already been written when the row is read.
fn late_failure(env: &Env, rows: usize) -> PathBuf {
    let input = env.path("late.csv");
    let mut text = String::from("id,name,dob\n");
    for i in 1..rows {
        text.push_str(&format!("p{i},Muammar Gaddafi,1942\n"));
    }
    text.push_str(&format!("p{rows},Muammar Gaddafi,soon\n"));
    std::fs::write(&input, text).unwrap();
    input
}

#[test]
fn a_bad_row_late_in_a_bulk_file_leaves_nothing_at_the_output_and_says_how_far_it_got() {
    let env = Env::imported();
    let input = late_failure(&env, 20_000);
    let out_dir = env.path("out");
    std::fs::create_dir(&out_dir).unwrap();
    let output = out_dir.join("hits.csv");
    env.cmd()
        .args(["screen", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .assert()
        .code(2)
        .stderr(contains("late.csv: line 20001, row 20000: invalid dob `soon`"))
        .stderr(contains("stopped after reading 19,999 rows (16,384 screened, 16,384 hits)"))
        .stderr(contains("hits.csv not created"));
    assert!(!output.exists(), "a failed run left {}", output.display());
    let left: Vec<_> = std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");

    // An earlier result at the output path is left as it was, not half overwritten.
    std::fs::write(&output, "earlier\n").unwrap();
    env.cmd()
        .args(["screen", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .assert()
        .code(2)
        .stderr(contains("hits.csv left as it was"));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "earlier\n");
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 1);

    // Once the row is fixed, the whole result replaces it.
    let fixed = std::fs::read_to_string(&input).unwrap().replace(",soon", ",1942");
    std::fs::write(&input, fixed).unwrap();
    env.cmd()
        .args(["screen", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .assert()
        .success()
        .stderr(contains("screened 20000 rows"));
    let rows = csv::Reader::from_path(&output).unwrap().records().count();
    assert_eq!(rows, 20_000);
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 1);
}

#[test]
fn a_bad_row_on_standard_output_says_the_output_is_incomplete() {
    let env = Env::imported();
    let input = env.path("short.csv");
    std::fs::write(&input, "name,kind\nMuammar Gaddafi,person\nEric Badege,dragon\n").unwrap();
    env.cmd()
        .args(["screen", "--input"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(contains("short.csv: line 3, row 2: unknown kind `dragon`"))
        .stderr(contains("stopped after reading 1 rows (0 screened, 0 hits)"))
        .stderr(contains("INCOMPLETE"));
}
