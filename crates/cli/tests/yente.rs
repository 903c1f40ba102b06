//! End-to-end tests of `embargo match` (yente's `/match` body in, its answer out) and of
//! `embargo lists export --format ftm`: the UN and OFAC fixtures imported, exported as
//! FollowTheMoney, the export imported into another store, and the designations compared
//! field by field (what FtM cannot hold is named in `embargo_lists::ftm_export`); the same on
//! the real UN and OFAC lists of `../shared/data` when present.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use embargo_lists::ftm_export::birth_date_values;
use embargo_lists::model::{AliasQuality, CountryRef, Designation, Kind, Source};
use predicates::str::contains;
use serde_json::{json, Value};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lists").join(path)
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }

    fn url(&self, db: &str) -> String {
        format!("sqlite://{}", self.dir.path().join(db).display())
    }

    fn cmd(&self, db: &str) -> Command {
        let mut c = Command::cargo_bin("embargo").unwrap();
        c.arg("--db").arg(self.url(db));
        c.env_remove("EMBARGO_DB");
        c
    }

    fn import(&self, db: &str, file: &Path) {
        self.cmd(db).args(["lists", "import"]).arg(file).assert().success();
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, body: &Value) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, body.to_string()).unwrap();
        p
    }
}

#[test]
fn match_answers_as_yente_does() {
    let env = Env::new();
    env.import("a.db", &fixture("un/consolidated_fixture.xml"));
    env.import("a.db", &fixture("ofac/sdn_set"));
    let body = env.write(
        "body.json",
        &json!({"queries": {
            "p": {"schema": "Person", "properties": {"name": ["Орвел Марроуби"], "birthDate": ["1971-08-14"], "passportNumber": ["ZZ0099887"]}},
            "c": {"schema": "Company", "properties": {"name": "Marrowby Maritime Logistics"}}
        }}),
    );
    let out = env.cmd("a.db").arg("match").arg("--input").arg(&body).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["limit"], 5);
    let p = &v["responses"]["p"];
    assert_eq!(p["status"], 200);
    assert_eq!(p["total"]["value"], 2, "{p}");
    assert_eq!(p["results"][0]["score"], 1.0);
    assert_eq!(p["results"][0]["match"], true);
    assert!(p["results"][0]["explanations"]["document"].is_object(), "{p}");
    assert_eq!(v["responses"]["c"]["results"][0]["schema"], "Organization");
    // Options: one list, a limit, a threshold, an excluded entity.
    let out = env
        .cmd("a.db")
        .args(["match", "--dataset", "ofac", "--limit", "1", "--threshold", "0.99"])
        .args(["--exclude-entity-id", "ofac:99902", "--input"])
        .arg(&body)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["limit"], 1);
    assert_eq!(v["responses"]["p"]["results"].as_array().unwrap().len(), 1);
    assert_eq!(v["responses"]["p"]["results"][0]["datasets"], json!(["ofac"]));
    assert!(v["responses"]["c"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["id"] != "ofac:99902"));
    // Input errors exit 2 and name the field; an unknown dataset too.
    let bad = env.write(
        "bad.json",
        &json!({"queries": {"x": {"schema": "Banana", "properties": {"name": "a"}}}}),
    );
    env.cmd("a.db")
        .arg("match")
        .arg("--input")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(contains("queries.x.schema"));
    env.cmd("a.db")
        .args(["match", "--dataset", "eu", "--input"])
        .arg(&body)
        .assert()
        .code(2)
        .stderr(contains("No such dataset"));
    env.cmd("a.db")
        .args(["match", "--input"])
        .arg(env.path("missing.json"))
        .assert()
        .code(2)
        .stderr(contains("missing.json"));
}

/// A designation as FollowTheMoney can hold it (see the module documentation of
/// `embargo_lists::ftm_export` for each difference), keyed by the export's entity id.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Comparable {
    id: String,
    kind: String,
    primary_name: String,
    aliases: BTreeSet<(String, bool, bool)>,
    original_script_names: Vec<String>,
    birth_dates: BTreeSet<String>,
    birth_places: Vec<(String, Option<String>)>,
    nationalities: BTreeSet<String>,
    documents: BTreeSet<(String, String, Option<String>)>,
    addresses: Vec<(String, Option<String>)>,
    programmes: Vec<String>,
    regimes: BTreeSet<String>,
    listed_on: Option<jiff::civil::Date>,
    remarks: Option<String>,
}

/// The names of the fields in which two comparables differ.
fn differing_fields(x: &Comparable, y: &Comparable) -> Vec<&'static str> {
    let mut out = Vec::new();
    macro_rules! check {
        ($($f:ident),*) => { $( if x.$f != y.$f { out.push(stringify!($f)); } )* };
    }
    check!(
        id,
        kind,
        primary_name,
        aliases,
        original_script_names,
        birth_dates,
        birth_places,
        nationalities,
        documents,
        addresses,
        programmes,
        regimes,
        listed_on,
        remarks
    );
    out
}

fn iso(c: &Option<CountryRef>) -> Option<String> {
    c.as_ref().and_then(|c| c.iso2.clone())
}

fn comparable(d: &Designation) -> Comparable {
    let first_country = d.birth_places.iter().find_map(|p| iso(&p.country));
    // A former name reads back strong (FtM's previousName has no quality).
    // An alias identical to the primary name is the primary name.
    let mut aliases: BTreeSet<(String, bool, bool)> = d
        .aliases
        .iter()
        .filter(|a| a.name != d.primary_name)
        .map(|a| (a.name.clone(), a.quality == AliasQuality::Strong || a.former, a.former))
        .collect();
    // FtM holds original-script names as `name`s: one equal to the primary name is the primary
    // name, one in Latin script reads back as a strong alias.
    let mut original_script_names = Vec::new();
    for n in &d.original_script_names {
        if *n == d.primary_name {
            continue;
        }
        if embargo_lists::text::has_non_latin(n) {
            original_script_names.push(n.clone());
        } else if !aliases.iter().any(|a| a.0 == *n) {
            aliases.insert((n.clone(), true, false));
        }
    }
    // One birthCountry for all places of birth; places of the same text are one.
    let mut birth_places: Vec<(String, Option<String>)> = Vec::new();
    for p in &d.birth_places {
        if !birth_places.iter().any(|b| b.0 == p.text) {
            birth_places.push((p.text.clone(), first_country.clone()));
        }
    }
    // Documents of the same number are one (the first is kept).
    let mut documents: Vec<(String, String, Option<String>)> = Vec::new();
    for x in &d.documents {
        if !documents.iter().any(|y| y.1 == x.number) {
            documents.push((x.doc_type.clone(), x.number.clone(), iso(&x.country)));
        }
    }
    Comparable {
        id: embargo_lists::ftm_export::entity_id(d),
        kind: format!("{:?}", d.kind),
        primary_name: d.primary_name.clone(),
        aliases,
        original_script_names,
        birth_dates: d.birth_dates.iter().flat_map(birth_date_values).collect(),
        birth_places,
        // Nationalities without an ISO code, and those of non-persons, are not read back.
        nationalities: if d.kind == Kind::Person {
            d.nationalities.iter().filter_map(|c| c.iso2.clone()).collect()
        } else {
            BTreeSet::new()
        },
        documents: documents.into_iter().collect(),
        addresses: d.addresses.iter().map(|a| (a.text.clone(), iso(&a.country))).collect(),
        programmes: d.programmes.clone(),
        regimes: d.regimes.iter().cloned().collect(),
        listed_on: d.listed_on,
        remarks: d.remarks.clone(),
    }
}

async fn designations(url: &str) -> Vec<Designation> {
    let store = embargo_store::Store::connect(url).await.unwrap();
    let out = store.current_designations(&[]).await.unwrap();
    store.close().await;
    out
}

/// Exports the store `a.db`, imports the export into `b.db`, and returns the designations of
/// both, comparable.
fn round_trip(env: &Env) -> (Vec<Comparable>, Vec<Comparable>, Vec<Designation>) {
    let export = env.path("export.ftm.json");
    env.cmd("a.db")
        .args(["lists", "export", "--format", "ftm", "--output"])
        .arg(&export)
        .assert()
        .success()
        .stderr(contains("designations written"));
    env.import("b.db", &export);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let before = rt.block_on(designations(&env.url("a.db")));
    let after = rt.block_on(designations(&env.url("b.db")));
    assert!(after.iter().all(|d| d.source == Source::Ftm));
    let mut a: Vec<Comparable> = before.iter().map(comparable).collect();
    let mut b: Vec<Comparable> =
        after.iter().map(|d| Comparable { id: d.reference.clone(), ..comparable(d) }).collect();
    a.sort();
    b.sort();
    (a, b, before)
}

#[test]
fn exported_lists_import_as_the_same_designations() {
    let env = Env::new();
    env.import("a.db", &fixture("un/consolidated_fixture.xml"));
    env.import("a.db", &fixture("ofac/sdn_set"));
    let (a, b, before) = round_trip(&env);
    assert_eq!(a.len(), 6);
    assert_eq!(a, b);
    // What the fixtures exercise: Arabic script, weak and former aliases, a range of birth
    // years, documents with countries, addresses, regimes, listing dates.
    let un = before.iter().find(|d| d.reference == "LYi.950").unwrap();
    assert!(!un.original_script_names.is_empty() && !un.documents.is_empty());
    assert!(un.regimes == ["un-libya"] && un.listed_on.is_some());
    assert!(before.iter().flat_map(|d| &d.aliases).any(|a| a.quality == AliasQuality::Weak));
    assert!(before.iter().flat_map(|d| &d.aliases).any(|a| a.former));
    // Standard output, one list only.
    let out = env
        .cmd("a.db")
        .args(["lists", "export", "--format", "ftm", "--source", "un"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<Value> = out
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    let targets: Vec<&Value> = lines.iter().filter(|e| e["target"] == true).collect();
    assert_eq!(targets.len(), 2);
    assert!(targets.iter().all(
        |t| t["datasets"] == json!(["un"]) && t["properties"]["topics"] == json!(["sanction"])
    ));
    assert!(lines.iter().any(|e| e["schema"] == "Sanction"));
    assert!(lines.iter().any(|e| e["schema"] == "Passport"));
    assert!(lines.iter().any(|e| e["schema"] == "Address"));
}

/// Real data, when present: the UN list of 2026-02-27 and the OFAC SDN CSV set of 2021-06-29
/// (skipped when absent; required in CI). Every difference is counted by field and must be
/// one FollowTheMoney cannot hold.
#[test]
fn real_lists_round_trip() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let un = data.join("un/consolidated_2026-02-27.xml");
    if !un.exists() {
        assert!(std::env::var_os("CI").is_none(), "{} is missing in CI", un.display());
        eprintln!("skipping: {} is absent", un.display());
        return;
    }
    let env = Env::new();
    env.import("a.db", &un);
    env.import("a.db", &data.join("ofac/sdn_2021-06-29"));
    let (a, b, before) = round_trip(&env);
    assert!(before.iter().any(|d| d.source == Source::Ofac));
    assert_eq!(a.len(), b.len());
    let mut differing = Vec::new();
    for (x, y) in a.iter().zip(&b) {
        let fields = differing_fields(x, y);
        if !fields.is_empty() {
            differing.push(format!("{}: {fields:?}\n{x:#?}\n---\n{y:#?}", x.id));
        }
    }
    assert!(
        differing.is_empty(),
        "{} of {} differ:\n{}",
        differing.len(),
        a.len(),
        differing.join("\n\n")
    );
}
