//! The yente-compatible routes in process (the real router, a fresh store per test):
//! `POST /match/{dataset}` with request bodies written from yente's public API documentation
//! (FtM names, aliases in Arabic and Cyrillic script, a birth date, a passport number),
//! `GET /catalog`, `GET /algorithms`; on SQLite always and on PostgreSQL when reachable at
//! `EMBARGO_TEST_POSTGRES` (required in CI).

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use embargo_engine::accounts::Role;
use embargo_engine::{Engine, Rules, SystemClock};
use embargo_server::{router, Limits};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

mod common;
use common::Db;

struct Api {
    router: axum::Router,
    tokens: std::collections::HashMap<&'static str, String>,
}

const ACCOUNTS: &[(&str, Role, Option<&str>)] = &[
    ("officer", Role::Licensing, None),
    ("analyst", Role::Analyst, None),
    ("ru", Role::Member, Some("RU")),
    ("admin", Role::Admin, None),
];

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../../fixtures/lists/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

impl Api {
    async fn new(db: &Db, limits: Limits) -> Api {
        let store = embargo_store::Store::connect(&db.url).await.unwrap();
        let engine =
            Engine::new(store, Arc::new(Rules::embedded().unwrap()), Arc::new(SystemClock));
        let mut tokens = std::collections::HashMap::new();
        for (name, role, state) in ACCOUNTS {
            let new = engine.add_account(name, *role, *state, None, "test").await.unwrap();
            tokens.insert(*name, new.token);
        }
        Api { router: router(engine, limits), tokens }
    }

    /// With the UN fixture and the OFAC XML fixture stored.
    async fn with_lists(db: &Db, limits: Limits) -> Api {
        let api = Api::new(db, limits).await;
        api.load_lists().await;
        api
    }

    async fn load_lists(&self) {
        let api = self;
        for (name, file) in
            [("un.xml", "un/consolidated_fixture.xml"), ("sdn.xml", "ofac/xml/sdn.xml")]
        {
            let (status, v) =
                api.raw("admin", "POST", &format!("/v1/lists?name={name}"), fixture(file)).await;
            assert_eq!(status, StatusCode::CREATED, "{v}");
        }
    }

    async fn raw(&self, who: &str, method: &str, path: &str, body: Vec<u8>) -> (StatusCode, Value) {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {}", self.tokens[who]))
            .body(Body::from(body))
            .unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    async fn call(
        &self,
        who: Option<&str>,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value, axum::http::HeaderMap) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(who) = who {
            req = req.header("authorization", format!("Bearer {}", self.tokens[who]));
        }
        let req = req
            .header("content-type", "application/json")
            .body(body.map(|b| Body::from(b.to_string())).unwrap_or_else(Body::empty))
            .unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, value, headers)
    }

    async fn ok(&self, who: &str, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, value, _) = self.call(Some(who), method, path, body).await;
        assert_eq!(status, StatusCode::OK, "{who} {method} {path}: {value}");
        value
    }
}

macro_rules! on_both {
    ($name:ident, $body:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let db = Db::sqlite("yente");
            $body(&db).await;
            db.cleanup().await;
            if let Some(db) = Db::postgres("yente").await {
                $body(&db).await;
                db.cleanup().await;
            }
        }
    };
}

/// The example of yente's `/match` documentation, with our fixture's people: a person by
/// name, birth date, nationality and passport number; the same person by an alias in Arabic
/// script only and in Cyrillic script only; a company.
fn documented_body() -> Value {
    json!({
        "queries": {
            "entity1": {
                "schema": "Person",
                "properties": {
                    "name": ["Orvel Marrowby"],
                    "birthDate": ["1971-08-14"],
                    "nationality": ["ly"],
                    "passportNumber": ["ZZ0099887"]
                }
            },
            "arabic": {
                "id": "client-7",
                "schema": "Person",
                "properties": { "name": ["Someone Else"], "alias": ["اورفل قنطاس ماروبي"] }
            },
            "cyrillic": {
                "schema": "Person",
                "properties": { "name": "Орвел Марроуби", "birthDate": 1971 }
            },
            "entity2": {
                "schema": "Company",
                "properties": { "name": ["Marrowby Maritime Logistics"], "jurisdiction": ["Libya"] }
            }
        }
    })
}

fn ids(response: &Value) -> Vec<&str> {
    response["results"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect()
}

/// Every result has yente's `ScoredEntityResponse` keys and types.
fn assert_entity_shape(r: &Value) {
    for key in [
        "id",
        "caption",
        "schema",
        "properties",
        "datasets",
        "referents",
        "target",
        "first_seen",
        "last_seen",
        "last_change",
        "score",
        "explanations",
        "match",
    ] {
        assert!(r.get(key).is_some(), "{key} missing from {r}");
    }
    assert!(r["id"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(r["caption"].as_str().is_some_and(|s| !s.is_empty()));
    for (_, values) in r["properties"].as_object().unwrap() {
        assert!(values.as_array().unwrap().iter().all(Value::is_string), "{values}");
    }
    assert!(r["datasets"].as_array().unwrap().iter().all(Value::is_string));
    assert!(r["target"].is_boolean() && r["match"].is_boolean());
    let score = r["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score));
    for (_, f) in r["explanations"].as_object().unwrap() {
        assert!(f["score"].is_number() && f.get("detail").is_some(), "{f}");
    }
}

async fn documented_queries_are_answered_body(db: &Db) {
    let api = Api::with_lists(db, Limits::default()).await;
    let (status, v, headers) =
        api.call(Some("officer"), "POST", "/match/default", Some(documented_body())).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(headers["x-batch-size"], "4");
    assert_eq!(v["limit"], 5);
    let responses = v["responses"].as_object().unwrap();
    // The client's ids are echoed, with the query as read.
    let keys: Vec<&str> = responses.keys().map(String::as_str).collect();
    assert_eq!(keys, vec!["arabic", "cyrillic", "entity1", "entity2"]);
    assert_eq!(responses["arabic"]["query"]["id"], "client-7");
    assert_eq!(responses["entity1"]["query"]["id"], Value::Null);
    assert_eq!(responses["cyrillic"]["query"]["properties"]["birthDate"], json!(["1971"]));
    assert_eq!(responses["entity2"]["query"]["properties"]["jurisdiction"], json!(["ly"]));
    assert_eq!(responses["entity2"]["query"]["schema"], "Company");
    for r in responses.values() {
        assert_eq!(r["status"], 200);
        assert_eq!(r["total"]["relation"], "eq");
        r["results"].as_array().unwrap().iter().for_each(assert_entity_shape);
    }
    // The person, found in both lists, confirmed by date of birth and passport.
    let e1 = &responses["entity1"];
    assert_eq!(ids(e1), vec!["ofac:99901", "un:LYi.950"], "{e1}");
    assert_eq!(e1["total"]["value"], 2);
    let top = &e1["results"][0];
    assert_eq!(top["score"], 1.0);
    assert_eq!(top["match"], true);
    assert_eq!(top["schema"], "Person");
    assert_eq!(top["datasets"], json!(["ofac"]));
    assert_eq!(top["referents"], json!(["ofac-99901"]));
    assert_eq!(top["properties"]["passportNumber"], json!(["ZZ0099887"]));
    assert_eq!(top["properties"]["topics"], json!(["sanction"]));
    assert!(top["explanations"]["document"]["score"].as_f64().unwrap() > 0.0, "{top}");
    assert!(top["explanations"]["birth_date"]["score"].as_f64().unwrap() > 0.0, "{top}");
    assert_eq!(top["explanations"]["name_match"]["query"], "Orvel Marrowby");
    let un = &e1["results"][1];
    assert_eq!(un["properties"]["name"][1], "اورفل قنطاس ماروبي");
    assert_eq!(un["last_seen"], "2026-03-02T00:00:00");
    // Arabic: the original-script name listed by the UN; the other name found nothing, and the
    // explanation says the best of the two names counts.
    let ar = &responses["arabic"];
    assert_eq!(ids(ar)[0], "un:LYi.950", "{ar}");
    assert_eq!(ar["results"][0]["score"], 1.0);
    let detail = ar["results"][0]["explanations"]["name_match"]["detail"].as_str().unwrap();
    assert!(detail.contains("the best of 2 query names"), "{detail}");
    assert_eq!(ar["results"][0]["explanations"]["name_match"]["query"], "اورفل قنطاس ماروبي");
    // Cyrillic: transliterated, and the birth year agrees.
    let cy = &responses["cyrillic"];
    assert!(ids(cy).contains(&"un:LYi.950"), "{cy}");
    assert!(cy["results"].as_array().unwrap().iter().all(|r| r["match"] == true));
    // The company, and only organisations for a Company query.
    let e2 = &responses["entity2"];
    assert_eq!(ids(e2)[0], "un:LYe.950", "{e2}");
    assert!(e2["results"].as_array().unwrap().iter().all(|r| r["schema"] == "Organization"));
}
on_both!(documented_queries_are_answered, documented_queries_are_answered_body);

fn one(query: Value) -> Value {
    json!({ "queries": { "q": query } })
}

fn person(name: &str) -> Value {
    one(json!({ "schema": "Person", "properties": { "name": [name] } }))
}

#[tokio::test]
async fn parameters_filter_and_limit_results() {
    let db = Db::sqlite("yente");
    let api = Api::with_lists(&db, Limits::default()).await;
    let body = person("Orvel Marrowby");
    let r = api.ok("analyst", "POST", "/match/default", Some(body.clone())).await;
    assert_eq!(ids(&r["responses"]["q"]), vec!["ofac:99901", "un:LYi.950"]);
    // limit: one result, the total still counts both matches.
    let r = api.ok("analyst", "POST", "/match/default?limit=1", Some(body.clone())).await;
    assert_eq!(r["limit"], 1);
    assert_eq!(ids(&r["responses"]["q"]), vec!["ofac:99901"]);
    assert_eq!(r["responses"]["q"]["total"]["value"], 2);
    // exclude_entity_ids: by record id, and by the export id (a referent), repeated.
    let r = api
        .ok("analyst", "POST", "/match/default?exclude_entity_ids=un:LYi.950", Some(body.clone()))
        .await;
    assert_eq!(ids(&r["responses"]["q"]), vec!["ofac:99901"]);
    let r = api
        .ok(
            "analyst",
            "POST",
            "/match/default?exclude_entity_ids=un:LYi.950&exclude_entity_ids=ofac-99901",
            Some(body.clone()),
        )
        .await;
    assert_eq!(ids(&r["responses"]["q"]), Vec::<&str>::new());
    assert_eq!(r["responses"]["q"]["total"]["value"], 0);
    // threshold: results above the cutoff are returned, and are matches only above it.
    let r = api.ok("analyst", "POST", "/match/default?threshold=0.99", Some(body.clone())).await;
    let results = r["responses"]["q"]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        assert_eq!(result["match"], result["score"].as_f64().unwrap() >= 0.99, "{result}");
    }
    let matches = results.iter().filter(|x| x["match"] == true).count();
    assert_eq!(r["responses"]["q"]["total"]["value"], matches);
    // One dataset; include/exclude datasets; topics; exclude_schema.
    let r = api.ok("analyst", "POST", "/match/un", Some(body.clone())).await;
    assert_eq!(ids(&r["responses"]["q"]), vec!["un:LYi.950"]);
    let r =
        api.ok("analyst", "POST", "/match/default?include_dataset=ofac", Some(body.clone())).await;
    assert_eq!(ids(&r["responses"]["q"]), vec!["ofac:99901"]);
    let r =
        api.ok("analyst", "POST", "/match/default?exclude_dataset=ofac", Some(body.clone())).await;
    assert_eq!(ids(&r["responses"]["q"]), vec!["un:LYi.950"]);
    let r =
        api.ok("analyst", "POST", "/match/default?topics=crime.cyber", Some(body.clone())).await;
    assert_eq!(ids(&r["responses"]["q"]), Vec::<&str>::new());
    let r = api.ok("analyst", "POST", "/match/default?topics=sanction", Some(body.clone())).await;
    assert_eq!(ids(&r["responses"]["q"]).len(), 2);
    let r =
        api.ok("analyst", "POST", "/match/default?exclude_schema=Person", Some(body.clone())).await;
    assert_eq!(ids(&r["responses"]["q"]), Vec::<&str>::new());
    // The algorithm asked for is accepted; ours scores.
    let r = api.ok("analyst", "POST", "/match/default?algorithm=logic-v2", Some(body)).await;
    assert_eq!(ids(&r["responses"]["q"]).len(), 2);
    // A vessel query finds the vessel only; a LegalEntity never a vessel; Thing anything.
    let vessel =
        |schema: &str| one(json!({"schema": schema, "properties": {"name": "Sea Marrow"}}));
    for (schema, expected) in [
        ("Vessel", vec!["ofac:99903"]),
        ("LegalEntity", vec![]),
        ("Thing", vec!["ofac:99903"]),
        ("Person", vec![]),
    ] {
        let r = api.ok("analyst", "POST", "/match/default", Some(vessel(schema))).await;
        let got: Vec<&str> =
            ids(&r["responses"]["q"]).into_iter().filter(|i| i.starts_with("ofac:99903")).collect();
        assert_eq!(got, expected, "{schema}: {r}");
    }
    db.cleanup().await;
}

async fn problem(api: &Api, who: Option<&str>, path: &str, body: Value) -> (StatusCode, Value) {
    let (status, v, headers) = api.call(who, "POST", path, Some(body)).await;
    assert_eq!(headers["content-type"], "application/problem+json", "{v}");
    (status, v)
}

#[tokio::test]
async fn bad_requests_are_problems_naming_the_field() {
    let db = Db::sqlite("yente");
    let api = Api::with_lists(&db, Limits { body_bytes: 64 * 1024, ..Limits::default() }).await;
    let q = |status: StatusCode, v: &Value| (status, v["field"].as_str().map(str::to_owned));
    // Unknown schema, missing schema, no name.
    let (s, v) = problem(
        &api,
        Some("officer"),
        "/match/default",
        json!({"queries": {"ok": {"schema": "Person", "properties": {"name": "x y"}}, "bad": {"schema": "Banana", "properties": {"name": "x"}}}}),
    )
    .await;
    assert_eq!(
        q(s, &v),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("queries.bad.schema".into())),
        "{v}"
    );
    assert!(v["detail"].as_str().unwrap().contains("Banana"), "{v}");
    let (s, v) = problem(
        &api,
        Some("officer"),
        "/match/default",
        json!({"queries": {"a": {"properties": {"name": "x"}}}}),
    )
    .await;
    assert_eq!(q(s, &v), (StatusCode::UNPROCESSABLE_ENTITY, Some("queries.a.schema".into())));
    let (s, v) = problem(
        &api,
        Some("officer"),
        "/match/default",
        one(json!({"schema": "Person", "properties": {"passportNumber": "ZZ0099887"}})),
    )
    .await;
    assert_eq!(
        q(s, &v),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("queries.q.properties.name".into()))
    );
    let (s, v) = problem(
        &api,
        Some("officer"),
        "/match/default",
        one(json!({"schema": "Person", "properties": {"name": "x", "birthDate": "last year"}})),
    )
    .await;
    assert_eq!(
        q(s, &v),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("queries.q.properties.birthDate".into()))
    );
    let (s, v) = problem(&api, Some("officer"), "/match/default", json!({"queries": {}})).await;
    assert_eq!(q(s, &v), (StatusCode::UNPROCESSABLE_ENTITY, Some("queries".into())));
    // Parameters.
    for (param, field) in [
        ("threshold=2", "threshold"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=many", "limit"),
        ("changed_since=2026-01-01", "changed_since"),
    ] {
        let (s, v) =
            problem(&api, Some("officer"), &format!("/match/default?{param}"), person("x y")).await;
        assert_eq!(
            q(s, &v),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field.into())),
            "{param}: {v}"
        );
    }
    let many: String = (0..51).map(|i| format!("exclude_entity_ids=x{i}&")).collect();
    let (s, v) =
        problem(&api, Some("officer"), &format!("/match/default?{many}"), person("x y")).await;
    assert_eq!(q(s, &v), (StatusCode::UNPROCESSABLE_ENTITY, Some("exclude_entity_ids".into())));
    // More queries than yente's batch of 100.
    let queries: serde_json::Map<String, Value> = (0..101)
        .map(|i| (format!("q{i}"), json!({"schema": "Person", "properties": {"name": "x y"}})))
        .collect();
    let (s, v) =
        problem(&api, Some("officer"), "/match/default", json!({ "queries": queries })).await;
    assert_eq!(q(s, &v), (StatusCode::UNPROCESSABLE_ENTITY, Some("queries".into())));
    assert!(v["detail"].as_str().unwrap().contains("limit: 100"), "{v}");
    // Not JSON, not UTF-8.
    let (s, v) = api.raw("officer", "POST", "/match/default", b"\xff\xfe".to_vec()).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_input")),
        "{v}"
    );
    let (s, v) = api.raw("officer", "POST", "/match/default", b"queries".to_vec()).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_input")),
        "{v}"
    );
    // A body over the limit.
    let big = person(&"x".repeat(70 * 1024));
    let (s, v) = problem(&api, Some("officer"), "/match/default", big).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("too_large")));
    // Unknown dataset: 404, as yente.
    let (s, v) = problem(&api, Some("officer"), "/match/sanctions", person("x y")).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    assert!(v["detail"].as_str().unwrap().contains("No such dataset"), "{v}");
    let (s, _) = problem(&api, Some("officer"), "/match/eu", person("x y")).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "no EU list is stored");
    // No credentials: 401 on every yente route.
    let (s, v) = problem(&api, None, "/match/default", person("x y")).await;
    assert_eq!((s, v["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthenticated")));
    for path in ["/catalog", "/algorithms"] {
        let (s, _, _) = api.call(None, "GET", path, None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{path}");
    }
    db.cleanup().await;
}

#[tokio::test]
async fn the_catalog_and_the_algorithms() {
    let db = Db::sqlite("yente");
    let api = Api::new(&db, Limits::default()).await;
    // Nothing stored: `default` alone, empty.
    let c = api.ok("ru", "GET", "/catalog", None).await;
    assert_eq!(c["datasets"][0]["name"], "default");
    assert_eq!(c["datasets"][0]["children"], json!([]));
    assert_eq!(c["datasets"].as_array().unwrap().len(), 1);
    api.load_lists().await;
    let c = api.ok("ru", "GET", "/catalog", None).await;
    let names: Vec<&str> =
        c["datasets"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["default", "un", "ofac"]);
    let default = &c["datasets"][0];
    assert_eq!(default["children"], json!(["un", "ofac"]));
    assert_eq!(default["entity_count"], 2 + c["datasets"][2]["entity_count"].as_i64().unwrap());
    let un = &c["datasets"][1];
    assert_eq!(un["entity_count"], 2);
    assert!(un["version"].as_str().unwrap().starts_with("20260302-"), "{un}");
    assert_eq!(un["index_version"], un["version"]);
    assert_eq!(un["index_current"], true);
    assert_eq!(c["current"], json!(["default", "un", "ofac"]));
    assert_eq!(c["outdated"], json!([]));
    assert_eq!(c["index_stale"], false);
    let a = api.ok("analyst", "GET", "/algorithms", None).await;
    assert_eq!(a["default"], "embargo-v1");
    assert_eq!(a["best"], "embargo-v1");
    let algo = &a["algorithms"][0];
    assert_eq!(algo["name"], "embargo-v1");
    assert!(algo["description"].as_str().unwrap().contains("transliteration"));
    assert!(algo["features"]["name_match"]["coefficient"].is_number());
    assert_eq!(algo["docs"]["config"], json!({}));
    db.cleanup().await;
}

/// Real data: the UN list of 2026-02-27, if present (`../shared/data`); skipped otherwise
/// (required in CI).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_un_list_is_matched() {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/un/consolidated_2026-02-27.xml");
    let Ok(bytes) = std::fs::read(path) else {
        assert!(std::env::var_os("CI").is_none(), "{path} is missing in CI");
        eprintln!("skipping: {path} is absent");
        return;
    };
    let db = Db::sqlite("yente");
    let api = Api::new(&db, Limits::default()).await;
    let (status, v) = api.raw("admin", "POST", "/v1/lists?name=un.xml", bytes).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let body = json!({"queries": {
        "hannibal": {"schema": "Person", "properties": {"name": ["Hannibal Gaddafi"], "birthDate": ["1975-09-20"], "nationality": ["Libya"]}},
        "arabic": {"schema": "Person", "properties": {"name": ["هانيبال القذافي"]}},
        "cyrillic": {"schema": "Person", "properties": {"name": ["Ганнибал Каддафи"]}},
        "nobody": {"schema": "Person", "properties": {"name": ["Margarethe Lindqvist-Obermeier"]}}
    }});
    let r = api.ok("officer", "POST", "/match/un", Some(body)).await;
    let h = &r["responses"]["hannibal"];
    assert_eq!(h["results"][0]["id"], "un:LYi.010", "{h}");
    assert_eq!(h["results"][0]["match"], true);
    assert_eq!(h["results"][0]["properties"]["birthDate"], json!(["1975-09-20"]));
    for script in ["arabic", "cyrillic"] {
        let top = &r["responses"][script]["results"][0];
        assert_eq!(
            (top["id"].as_str(), top["match"].as_bool()),
            (Some("un:LYi.010"), Some(true)),
            "{script}: {top}"
        );
    }
    assert_eq!(r["responses"]["nobody"]["total"]["value"], 0);
    db.cleanup().await;
}
