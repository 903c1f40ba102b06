//! The API in process (the real router, a fresh store per test), on SQLite always and on
//! PostgreSQL when reachable at `EMBARGO_TEST_POSTGRES` (required in CI): the 2016 GNA
//! request over HTTP by four accounts, the role matrix route by route, errors and limits.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use embargo_engine::accounts::Role;
use embargo_engine::{Engine, Rules, SettableClock, SystemClock};
use embargo_server::{router, Limits};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

mod common;
use common::Db;

struct Api {
    engine: Engine,
    router: axum::Router,
    clock: Arc<SettableClock>,
    tokens: std::collections::HashMap<&'static str, String>,
}

/// One account per role; `name`, role, state.
const ACCOUNTS: &[(&str, Role, Option<&str>)] = &[
    ("gna", Role::Submitter, None),
    ("other-mission", Role::Submitter, None),
    ("ru", Role::Member, Some("RU")),
    ("fr", Role::Member, Some("FR")),
    ("my-chair", Role::Chair, Some("MY")),
    ("scsob", Role::Secretariat, None),
    ("poe", Role::Panel, None),
    ("officer", Role::Licensing, None),
    ("analyst", Role::Analyst, None),
    ("auditor", Role::Auditor, None),
    ("admin", Role::Admin, None),
];

impl Api {
    async fn new(db: &Db, limits: Limits) -> Api {
        let store = embargo_store::Store::connect(&db.url).await.unwrap();
        let clock = Arc::new(SettableClock::default());
        let engine =
            Engine::new(store, Arc::new(Rules::embedded().unwrap()), Arc::new(SystemClock))
                .with_procedure_clock(clock.clone());
        let mut tokens = std::collections::HashMap::new();
        for (name, role, state) in ACCOUNTS {
            let new = engine.add_account(name, *role, *state, None, "test").await.unwrap();
            tokens.insert(*name, new.token);
        }
        let router = router(engine.clone(), limits);
        Api { engine, router, clock, tokens }
    }

    async fn call(
        &self,
        who: Option<&str>,
        method: &str,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, Value, axum::http::HeaderMap) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(who) = who {
            req = req.header("authorization", format!("Bearer {}", self.tokens[who]));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
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

    async fn upload(&self, who: &str, path: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
        let req = Request::builder()
            .method("POST")
            .uri(path)
            .header("authorization", format!("Bearer {}", self.tokens[who]))
            .body(Body::from(bytes))
            .unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    async fn ok(&self, who: &str, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, value, _) = self.call(Some(who), method, path, body, &[]).await;
        assert!(status.is_success(), "{who} {method} {path}: {status} {value}");
        value
    }

    fn at(&self, t: &str) {
        self.clock.set(t.parse().unwrap());
    }
}

fn isil_transfer() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/gna-2016-isil.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn gna_content() -> Value {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/requests/2016-gna-request.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

macro_rules! on_both {
    ($name:ident, $body:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let db = Db::sqlite("api");
            $body(&db).await;
            db.cleanup().await;
            if let Some(db) = Db::postgres("api").await {
                $body(&db).await;
                db.cleanup().await;
            }
        }
    };
}

async fn the_2016_request_over_http_body(db: &Db) {
    let api = Api::new(db, Limits::default()).await;
    let r = "/v1/requests/LY-2016-014";
    api.at("2016-06-23T10:00:00Z");
    let (status, _, _) = api
        .call(
            Some("gna"),
            "POST",
            "/v1/requests",
            Some(json!({"reference": "LY-2016-014", "content": gna_content()})),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    api.at("2016-06-24T10:00:00Z");
    api.ok("gna", "POST", &format!("{r}/commands"), Some(json!({"command": "submit"}))).await;
    api.at("2016-06-24T11:00:00Z");
    api.ok("scsob", "POST", &format!("{r}/commands"), Some(json!({"command": "circulate"}))).await;
    api.at("2016-06-28T09:00:00Z");
    api.ok("ru", "POST", &format!("{r}/commands"), Some(json!({"command": "hold", "reason": "quantities", "information_requested": "need for 200 heavy machine guns"}))).await;
    // The submitter sees the hold and what is asked, never by whom.
    let view = api.ok("gna", "GET", r, None).await;
    assert_eq!(view["status"], "on_hold");
    let text = view.to_string();
    assert!(text.contains("need for 200 heavy machine guns"), "{text}");
    assert!(
        !text.contains("\"RU\"") && !text.contains("member:RU") && !text.contains("\"ru\""),
        "{text}"
    );
    let events = api.ok("gna", "GET", &format!("{r}/events"), None).await.to_string();
    assert!(!events.contains("\"RU\"") && !events.contains("member:RU"), "{events}");
    // A member sees who held.
    assert!(api.ok("fr", "GET", r, None).await.to_string().contains("\"RU\""));
    // Only the member who placed it lifts it.
    api.at("2016-07-05T09:00:00Z");
    let (status, problem, _) = api
        .call(
            Some("fr"),
            "POST",
            &format!("{r}/commands"),
            Some(json!({"command": "lift", "hold": 0})),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["code"], "refused");
    api.ok("ru", "POST", &format!("{r}/commands"), Some(json!({"command": "lift", "hold": 0})))
        .await;
    api.at("2016-07-06T09:00:00Z");
    let approve = json!({"command": "approve", "items": [{"item": 0, "quantity": 3000}, {"item": 1, "quantity": 600000}], "conditions": ["no re-transfer"]});
    let version = api.ok("my-chair", "GET", r, None).await["version"].as_i64().unwrap();
    // If-Match with a stale version is a conflict.
    let stale = (version - 1).to_string();
    let (status, _, _) = api
        .call(
            Some("my-chair"),
            "POST",
            &format!("{r}/commands"),
            Some(approve.clone()),
            &[("if-match", &stale)],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let current = version.to_string();
    let (status, v, _) = api
        .call(
            Some("my-chair"),
            "POST",
            &format!("{r}/commands"),
            Some(approve),
            &[("if-match", &current)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "approved");
    api.at("2016-08-16T09:00:00Z");
    let deliver = json!({"command": "deliver", "date": "2016-08-15", "lines": [{"item": 0, "quantity": 2000}, {"item": 1, "quantity": 400000}]});
    let (s1, first, _) = api
        .call(
            Some("gna"),
            "POST",
            &format!("{r}/commands"),
            Some(deliver.clone()),
            &[("idempotency-key", "d-1")],
        )
        .await;
    assert_eq!(s1, StatusCode::OK, "{first}");
    let (s2, replay, _) = api
        .call(
            Some("gna"),
            "POST",
            &format!("{r}/commands"),
            Some(deliver),
            &[("idempotency-key", "d-1")],
        )
        .await;
    assert_eq!((s2, &replay["replayed"]), (StatusCode::OK, &json!(true)));
    let other =
        json!({"command": "deliver", "date": "2016-08-15", "lines": [{"item": 0, "quantity": 1}]});
    let (s3, _, _) = api
        .call(
            Some("gna"),
            "POST",
            &format!("{r}/commands"),
            Some(other),
            &[("idempotency-key", "d-1")],
        )
        .await;
    assert_eq!(s3, StatusCode::CONFLICT, "a key reused with another body");
    let view = api.ok("auditor", "GET", r, None).await;
    assert_eq!(view["case"]["ledger"][0]["delivered"], 2000);
    // The actor recorded is the authenticated account, whatever a body might say.
    let events = api.ok("auditor", "GET", &format!("{r}/events"), None).await;
    let actors: Vec<String> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e["actor"]["role"].as_str().unwrap(),
                e["actor"]["id"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        actors.contains(&"chair:MY".to_owned()) && actors.contains(&"member:RU".to_owned()),
        "{actors:?}"
    );
    let verified = api.ok("auditor", "GET", "/v1/audit/verify", None).await;
    assert_eq!(verified["ok"], true, "{verified}");
    drop(api.engine);
}
on_both!(the_2016_request_over_http, the_2016_request_over_http_body);

/// Expected status per role for each route, in the order of [`ACCOUNTS`]'s roles:
/// submitter, member, chair, secretariat, panel, licensing, analyst, auditor, admin.
async fn the_role_matrix_body(db: &Db) {
    let api = Api::new(db, Limits::default()).await;
    api.at("2016-06-23T10:00:00Z");
    api.ok(
        "gna",
        "POST",
        "/v1/requests",
        Some(json!({"reference": "D-1", "content": gna_content()})),
    )
    .await;
    let roles = ["gna", "ru", "my-chair", "scsob", "poe", "officer", "analyst", "auditor", "admin"];
    let ok = 200u16;
    let cases: &[(&str, &str, Option<Value>, [u16; 9])] = &[
        ("GET", "/v1/me", None, [ok; 9]),
        ("GET", "/v1/regimes", None, [ok; 9]),
        ("GET", "/v1/regimes/un-libya?as_of=2016-06-24", None, [ok; 9]),
        ("GET", "/v1/lists", None, [ok; 9]),
        ("GET", "/v1/lists/diff?old=1&new=2", None, [404; 9]),
        ("GET", "/v1/webhooks", None, [403, 403, 403, 403, 403, 403, 403, 403, ok]),
        ("DELETE", "/v1/webhooks/7", None, [403, 403, 403, 403, 403, 403, 403, 403, 404]),
        ("POST", "/v1/check", Some(isil_transfer()), [ok; 9]),
        (
            "POST",
            "/match/default",
            Some(
                json!({"queries": {"q1": {"schema": "Person", "properties": {"name": ["Muammar Gaddafi"]}}}}),
            ),
            [ok; 9],
        ),
        ("GET", "/catalog", None, [ok; 9]),
        ("GET", "/algorithms", None, [ok; 9]),
        ("GET", "/v1/webhooks/deliveries", None, [403, 403, 403, 403, 403, 403, 403, 403, ok]),
        (
            "POST",
            "/v1/webhooks",
            Some(json!({"url": "ftp://x", "events": ["list.updated"]})),
            [403, 403, 403, 403, 403, 403, 403, 403, 422],
        ),
        // No fetcher in these tests: an admin's refresh is refused as input, others forbidden.
        (
            "POST",
            "/v1/lists/refresh?source=un",
            None,
            [403, 403, 403, 403, 403, 403, 403, 403, 422],
        ),
        // A draft: its submitter, the chair, the secretariat, the panel and auditors read it;
        // a member only once circulated; licensing, analysts and admins never.
        ("GET", "/v1/requests/D-1", None, [ok, 404, ok, ok, ok, 404, 404, ok, 404]),
        ("GET", "/v1/requests", None, [ok, ok, ok, ok, ok, 403, 403, ok, 403]),
        ("GET", "/v1/requests/D-1/events", None, [ok, 403, ok, ok, ok, 403, 403, ok, 403]),
        (
            "GET",
            "/v1/requests/D-1/validate?as_of=2016-06-24",
            None,
            [ok, 404, ok, ok, ok, 404, 404, ok, 404],
        ),
        (
            "POST",
            "/v1/requests",
            Some(json!({"reference": "D-2", "content": {}})),
            [422, 403, 403, 403, 403, 403, 403, 403, 403],
        ),
        ("POST", "/v1/lists", Some(json!({})), [403, 403, 403, 403, 403, 403, 403, 403, 422]),
        (
            "POST",
            "/v1/users",
            Some(json!({"name": "x y", "role": "analyst"})),
            [403, 403, 403, 403, 403, 403, 403, 403, 422],
        ),
        ("DELETE", "/v1/users/nobody", None, [403, 403, 403, 403, 403, 403, 403, 403, 404]),
        ("GET", "/v1/audit/verify", None, [403, 403, ok, ok, ok, 403, 403, ok, 403]),
        ("GET", "/v1/users", None, [403, 403, 403, 403, 403, 403, 403, 403, ok]),
        // Roles that do not act in the procedure may not command; those that do are judged
        // by the procedure (a member cannot amend a draft it cannot even see).
        (
            "POST",
            "/v1/requests/D-1/commands",
            Some(json!({"command": "ask", "question": "end-user certificate?"})),
            [422, 404, 422, 422, 422, 403, 403, 403, 403],
        ),
        ("POST", "/v1/screen", Some(json!({"name": "Muammar Gaddafi"})), [ok; 9]),
        // Continuous screening: analysts, licensing and admins register; panel and auditors
        // read too; only analysts decide.
        (
            "POST",
            "/v1/subjects",
            Some(json!([{"id": "", "name": "x", "kind": "person"}])),
            [403, 403, 403, 403, 403, 422, 422, 403, 422],
        ),
        ("GET", "/v1/subjects", None, [403, 403, 403, 403, ok, ok, ok, ok, ok]),
        ("DELETE", "/v1/subjects/nobody", None, [403, 403, 403, 403, 403, 404, 404, 403, 404]),
        ("GET", "/v1/alerts?open=true", None, [403, 403, 403, 403, ok, ok, ok, ok, ok]),
        ("GET", "/v1/alerts/999", None, [403, 403, 403, 403, 404, 404, 404, 404, 404]),
        (
            "POST",
            "/v1/alerts/999/decision",
            Some(json!({"outcome": "cleared", "reason": "not the listed person"})),
            [403, 403, 403, 403, 403, 403, 404, 403, 403],
        ),
    ];
    for (method, path, body, expected) in cases {
        for (who, want) in roles.iter().zip(expected) {
            let (status, value, _) = api.call(Some(who), method, path, body.clone(), &[]).await;
            assert_eq!(status.as_u16(), *want, "{who} {method} {path}: {value}");
        }
    }
    // The submitter's list holds only its own requests; another submitter sees none of them.
    let theirs = api.ok("other-mission", "GET", "/v1/requests", None).await;
    assert_eq!(theirs, json!([]));
    let (status, _, _) =
        api.call(Some("other-mission"), "GET", "/v1/requests/D-1", None, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
on_both!(the_role_matrix, the_role_matrix_body);

async fn errors_and_limits_body(db: &Db) {
    let api =
        Api::new(db, Limits { per_minute: 20, body_bytes: 64 * 1024, ..Limits::default() }).await;
    let (status, p, headers) = api.call(None, "GET", "/v1/me", None, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers["content-type"], "application/problem+json");
    assert_eq!(p["code"], "unauthenticated");
    let (status, _, _) =
        api.call(None, "GET", "/v1/me", None, &[("authorization", "Bearer emb_forged")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A revoked token stops working at once.
    api.ok("admin", "DELETE", "/v1/users/analyst", None).await;
    let (status, _, _) = api.call(Some("analyst"), "GET", "/v1/me", None, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Invalid input names the field.
    let (status, p, _) = api
        .call(
            Some("officer"),
            "POST",
            "/v1/screen",
            Some(json!({"name": "x", "threshold": 7})),
            &[],
        )
        .await;
    assert_eq!(
        (status, p["code"].as_str(), p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_input"), Some("threshold"))
    );
    // A name with no letters (here only invisible characters and digits) is an input error.
    let (status, p, _) = api
        .call(
            Some("officer"),
            "POST",
            "/v1/screen",
            Some(json!({"name": "\u{200c}\u{200b} 42"})),
            &[],
        )
        .await;
    assert_eq!(
        (status, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name")),
        "{p}"
    );
    // A command body cannot choose the ground, the hits, the time or the actor.
    api.at("2016-06-23T10:00:00Z");
    api.ok(
        "gna",
        "POST",
        "/v1/requests",
        Some(json!({"reference": "E-1", "content": gna_content()})),
    )
    .await;
    for forged in [
        json!({"command": "submit", "ground": {"id": "x"}}),
        json!({"command": "submit", "hits": []}),
        json!({"command": "submit", "now": "2016-06-24T10:00:00Z"}),
        json!({"command": "submit", "actor": "chair:MY"}),
    ] {
        let (status, p, _) = api
            .call(Some("gna"), "POST", "/v1/requests/E-1/commands", Some(forged.clone()), &[])
            .await;
        assert_eq!(
            (status, p["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_input")),
            "{forged}: {p}"
        );
    }
    let (status, _, _) = api.call(Some("gna"), "GET", "/v1/nothing", None, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let big = json!({"name": "x".repeat(100 * 1024)});
    let (status, p, _) = api.call(Some("officer"), "POST", "/v1/screen", Some(big), &[]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{p}");
    let many =
        json!({"queries": (0..1001).map(|i| json!({"name": format!("n{i}")})).collect::<Vec<_>>()});
    let (status, p, _) = api.call(Some("auditor"), "POST", "/v1/screen", Some(many), &[]).await;
    assert_eq!(
        (status, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("queries")),
        "{p}"
    );
    // The rate limit per token: 429 with Retry-After.
    let mut limited = None;
    for _ in 0..30 {
        let (status, _, headers) = api.call(Some("poe"), "GET", "/v1/me", None, &[]).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(headers);
            break;
        }
    }
    let headers = limited.expect("the rate limit applies");
    assert!(headers.contains_key("retry-after"));
    // The request id is echoed.
    let (_, _, headers) =
        api.call(Some("admin"), "GET", "/v1/me", None, &[("x-request-id", "abc-123")]).await;
    assert_eq!(headers["x-request-id"], "abc-123");
}
on_both!(errors_and_limits, errors_and_limits_body);

/// A request over its time limit is abandoned with 503 `busy`, and what it began is not
/// written: another connection holds the store's writer lock (the audit head), so the creation
/// waits on it until the time limit drops it, and its transaction with it.
async fn the_time_limit_body(db: &Db) {
    use sqlx::Connection;
    let api = Api::new(db, Limits::default()).await;
    api.at("2016-06-23T10:00:00Z");
    let hurried = router(
        api.engine.clone(),
        Limits { timeout: std::time::Duration::from_millis(300), ..Limits::default() },
    );
    let mut blocker = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    sqlx::query("BEGIN").execute(&mut blocker).await.unwrap();
    sqlx::query("UPDATE audit_head SET touched_at = touched_at WHERE id = 1")
        .execute(&mut blocker)
        .await
        .unwrap();
    let req = Request::builder()
        .method("POST")
        .uri("/v1/requests")
        .header("authorization", format!("Bearer {}", api.tokens["gna"]))
        .header("content-type", "application/json")
        .body(Body::from(json!({"reference": "LY-2016-099", "content": gna_content()}).to_string()))
        .unwrap();
    let resp = hurried.oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let p: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{p}");
    assert_eq!(p["code"], "busy", "{p}");
    assert!(p["detail"].as_str().unwrap().contains("time limit"), "{p}");
    sqlx::query("ROLLBACK").execute(&mut blocker).await.unwrap();
    blocker.close().await.unwrap();
    let (status, _, _) =
        api.call(Some("auditor"), "GET", "/v1/requests/LY-2016-099", None, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, v, _) = api.call(Some("auditor"), "GET", "/v1/audit/verify", None, &[]).await;
    assert_eq!((status, v["ok"].as_bool()), (StatusCode::OK, Some(true)), "{v}");
    // Once the lock is free, the same creation goes through.
    api.ok(
        "gna",
        "POST",
        "/v1/requests",
        Some(json!({"reference": "LY-2016-099", "content": gna_content()})),
    )
    .await;
}
on_both!(the_time_limit, the_time_limit_body);

#[tokio::test]
async fn every_route_is_documented_and_every_documented_path_answers() {
    let db = Db::sqlite("api");
    let api = Api::new(&db, Limits::default()).await;
    let doc = api.ok("admin", "GET", "/openapi.json", None).await;
    assert_eq!(doc["openapi"], "3.1.0");
    // Bodies are schemas generated from the types the handlers parse and return, and every
    // reference in the document resolves.
    let check = &doc["paths"]["/v1/check"]["post"];
    assert_eq!(
        check["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Transfer"
    );
    assert_eq!(
        check["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/CheckResult"
    );
    assert!(doc["components"]["schemas"]["Hit"]["properties"].get("explanation").is_some());
    let transfer = &doc["components"]["schemas"]["Transfer"];
    for field in ["date", "origin", "destination", "end_user", "purpose", "items"] {
        assert!(transfer["properties"].get(field).is_some(), "Transfer lacks {field}: {transfer}");
    }
    let intent = doc["components"]["schemas"]["Intent"].to_string();
    for command in ["submit", "hold", "approve", "deliver", "incident"] {
        assert!(intent.contains(&format!("\"{command}\"")), "Intent lacks {command}");
    }
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == "$ref" {
                        out.push(x.as_str().unwrap_or_default().to_owned());
                    } else {
                        refs(x, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.len() > 20, "{all:?}");
    for r in &all {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("{r}"));
        assert!(doc["components"]["schemas"].get(name).is_some(), "{r} does not resolve");
    }
    let paths = doc["paths"].as_object().unwrap();
    for route in embargo_server::ROUTES {
        assert!(
            paths.get(route.path).and_then(|p| p.get(route.method)).is_some(),
            "{} {} undocumented",
            route.method,
            route.path
        );
        let path = route
            .path
            .replace("{id}", "un-libya")
            .replace("{reference}", "NONE")
            .replace("{name}", "nobody");
        let method = route.method.to_uppercase();
        let (status, value, _) =
            api.call(Some("admin"), &method, &path, Some(json!({})), &[]).await;
        let unrouted = status == StatusCode::METHOD_NOT_ALLOWED
            || value.get("detail").and_then(Value::as_str) == Some("not found: no such route");
        assert!(!unrouted, "{method} {path} is documented but not routed: {status} {value}");
    }
    let (status, _, _) = api.call(None, "GET", "/docs", None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, metrics, _) = api.call(None, "GET", "/metrics", None, &[]).await;
    let text = metrics.as_str().unwrap();
    assert!(
        text.contains(
            "embargo_http_requests_total{route=\"/v1/me\",method=\"GET\",status=\"200\"}"
        ),
        "{text}"
    );
    assert!(text.contains("embargo_http_request_duration_seconds_bucket"));
}

async fn an_uploaded_list_is_screened_against_and_named_body(db: &Db) {
    let api = Api::new(db, Limits::default()).await;
    let fixture = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/lists/un/consolidated_fixture.xml"
    ))
    .unwrap();
    let (status, _) = api.upload("officer", "/v1/lists?name=un.xml", fixture.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, p) =
        api.upload("admin", "/v1/lists?name=garbage", b"<html>not a list</html>".to_vec()).await;
    assert_eq!(
        (status, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("file")),
        "{p}"
    );
    let (status, v) = api.upload("admin", "/v1/lists?name=un.xml", fixture.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let version = v["version"]["id"].as_i64().unwrap();
    // The index was swapped: the new list is screened against at once, and named.
    let hit = api
        .ok("officer", "POST", "/v1/screen", Some(json!({"name": "Marrowby Maritime Logistics"})))
        .await;
    assert_eq!(hit["lists"][0]["id"], version, "{hit}");
    assert!(hit["hits"].as_array().is_some_and(|h| !h.is_empty()), "{hit}");
    // The same file again changes nothing.
    let (status, v) = api.upload("admin", "/v1/lists?name=un.xml", fixture.clone()).await;
    assert_eq!((status, v["status"].as_str()), (StatusCode::OK, Some("unchanged")));
    // A new version with one name changed: the diff between the two names it.
    let text = String::from_utf8(fixture).unwrap();
    let renamed = text.replacen("MARROWBY MARITIME LOGISTICS", "MARROWBY OCEAN LOGISTICS", 1);
    assert_ne!(renamed, text);
    let (status, v) = api.upload("admin", "/v1/lists?name=un2.xml", renamed.into_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let newer = v["version"]["id"].as_i64().unwrap();
    let d =
        api.ok("analyst", "GET", &format!("/v1/lists/diff?old={version}&new={newer}"), None).await;
    assert_eq!((d["old"]["id"].as_i64(), d["new"]["id"].as_i64()), (Some(version), Some(newer)));
    assert_eq!(d["added"], json!([]), "{d}");
    assert_eq!(d["removed"], json!([]), "{d}");
    assert_eq!(d["changed"].as_array().map(Vec::len), Some(1), "{d}");
    assert!(d["changed"][0]["old_name"].as_str().unwrap().contains("MARITIME"), "{d}");
    let (status, p, _) =
        api.call(Some("analyst"), "GET", "/v1/lists/diff?old=x&new=1", None, &[]).await;
    assert_eq!((status, p["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("old")));
    // Requests filter by regime.
    api.at("2016-06-23T10:00:00Z");
    api.ok(
        "gna",
        "POST",
        "/v1/requests",
        Some(json!({"reference": "F-1", "content": gna_content()})),
    )
    .await;
    assert_eq!(
        api.ok("gna", "GET", "/v1/requests?regime=un-libya", None).await.as_array().unwrap().len(),
        1
    );
    assert_eq!(api.ok("gna", "GET", "/v1/requests?regime=un-dprk", None).await, json!([]));
    let (status, p, _) = api.call(Some("gna"), "GET", "/v1/requests?status=bogus", None, &[]).await;
    assert_eq!(
        (status, p["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("status")),
        "{p}"
    );
    assert_eq!(
        api.ok("gna", "GET", "/v1/requests?status=draft", None).await.as_array().unwrap().len(),
        1
    );
    assert_eq!(
        api.ok("gna", "GET", "/v1/requests?deadline_before=2030-01-01", None).await,
        json!([]),
        "a draft has no deadline"
    );
}
on_both!(
    an_uploaded_list_is_screened_against_and_named,
    an_uploaded_list_is_screened_against_and_named_body
);

/// Continuous screening over HTTP: subjects from a JSON body and a CSV body, alerts with the
/// list versions and the explanation, decisions by the authenticated analyst only (a body
/// naming an actor is refused), and a confirmed hit on a request's party blocking its filing
/// even though the submitter cleared that hit with a reason.
async fn watch_over_http_body(db: &Db) {
    let api = Api::new(db, Limits::default()).await;
    let fixture = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/lists/un/consolidated_fixture.xml"
    ))
    .unwrap();
    let (status, v) = api.upload("admin", "/v1/lists?name=un.xml", fixture).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    // No subject yet: nothing to re-screen (the answer says so rather than a report of zeros).
    assert!(v["rescreen"].is_null(), "{v}");

    let added = api
        .ok(
            "analyst",
            "POST",
            "/v1/subjects",
            Some(json!([{"id": "k-1", "name": "Orvel Quintas Marrowby", "kind": "person", "birth_date": "1961"}])),
        )
        .await;
    assert_eq!(added["registered"]["added"], 1, "{added}");
    assert!(added["screening"]["raised"].as_u64() >= Some(1), "{added}");
    assert_eq!(added["screening"]["lists"][0]["source"], "un", "{added}");
    let (status, p, _) = api
        .call(
            Some("analyst"),
            "POST",
            "/v1/subjects",
            Some(json!([{"id": "k-2", "name": "A B", "kind": "person", "actor": "someone"}])),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    // CSV body.
    let req = Request::builder()
        .method("POST")
        .uri("/v1/subjects")
        .header("authorization", format!("Bearer {}", api.tokens["officer"]))
        .header("content-type", "text/csv")
        .body(Body::from("id,name,kind\nk-3,Jane Roe,person\nk-4,,person\n"))
        .unwrap();
    let resp = api.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    let p: Value = serde_json::from_slice(&body).unwrap();
    assert!(p["detail"].as_str().unwrap_or_default().contains("line 3, name"), "{p}");

    // A request whose consignee is listed: its parties are watched from creation.
    api.at("2016-06-23T10:00:00Z");
    let mut content = gna_content();
    content["parties"][2]["name"] = json!("Marrowby Maritime Logistics");
    api.ok("gna", "POST", "/v1/requests", Some(json!({"reference": "W-1", "content": content})))
        .await;
    let alerts = api.ok("auditor", "GET", "/v1/alerts?open=true", None).await;
    let list = alerts["alerts"].as_array().unwrap();
    let on_party = list
        .iter()
        .find(|a| a["subject_id"] == "request:W-1#2")
        .unwrap_or_else(|| panic!("no alert on the consignee: {alerts}"));
    assert_eq!(on_party["record_id"], "un:LYe.950");
    assert!(on_party["hit"]["explanation"]["alignments"].is_array(), "{on_party}");
    let id = on_party["id"].as_i64().unwrap();
    let path = format!("/v1/alerts/{id}/decision");
    let decision = json!({"outcome": "confirmed", "reason": "the same company, same registration"});
    let (status, _, _) =
        api.call(Some("officer"), "POST", &path, Some(decision.clone()), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut with_actor = decision.clone();
    with_actor["actor"] = json!("someone-else");
    let (status, p, _) = api.call(Some("analyst"), "POST", &path, Some(with_actor), &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let decided = api.ok("analyst", "POST", &path, Some(decision)).await;
    assert_eq!(decided["status"], "closed");
    assert_eq!(decided["decisions"][0]["actor"], "analyst");
    assert_eq!(decided["decisions"][0]["outcome"], "confirmed");

    // The submitter clears the hit on its draft; the confirmed decision still blocks filing.
    api.ok(
        "gna",
        "POST",
        "/v1/requests/W-1/commands",
        Some(json!({"command": "clear", "party": 2, "reference": "LYe.950", "reason": "we think this is another company"})),
    )
    .await;
    let (status, p, _) = api
        .call(
            Some("gna"),
            "POST",
            "/v1/requests/W-1/commands",
            Some(json!({"command": "submit"})),
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert!(p.to_string().contains("screening_hit_confirmed"), "{p}");
    let shown = api.ok("auditor", "GET", &format!("/v1/alerts/{id}"), None).await;
    assert_eq!(shown["decisions"].as_array().map(Vec::len), Some(1), "{shown}");

    // The submitter amends the consignee to another, unlisted company: the watch follows the
    // new name, and the confirmation of the old name no longer blocks filing.
    let mut amended = gna_content();
    amended["parties"][2]["name"] = json!("Brightwater Harbour Services");
    api.ok(
        "gna",
        "POST",
        "/v1/requests/W-1/commands",
        Some(json!({"command": "amend", "content": amended})),
    )
    .await;
    let alerts = api.ok("auditor", "GET", "/v1/alerts?open=true", None).await;
    assert!(
        !alerts["alerts"].as_array().unwrap().iter().any(|a| a["subject_id"] == "request:W-1#2"),
        "{alerts}"
    );
    let subjects = api.ok("auditor", "GET", "/v1/subjects", None).await;
    assert!(subjects.to_string().contains("Brightwater Harbour Services"), "{subjects}");
    let (status, p, _) = api
        .call(
            Some("gna"),
            "POST",
            "/v1/requests/W-1/commands",
            Some(json!({"command": "submit"})),
            &[],
        )
        .await;
    assert!(!p.to_string().contains("screening_hit_confirmed"), "{status} {p}");
    assert_eq!(status, StatusCode::OK, "{p}");
    let verified = api.ok("auditor", "GET", "/v1/audit/verify", None).await;
    assert_eq!(verified["ok"], true, "{verified}");
}
on_both!(watch_over_http, watch_over_http_body);
