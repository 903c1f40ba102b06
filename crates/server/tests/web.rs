//! The web interface in process (the real router, a fresh store per test), on SQLite always
//! and on PostgreSQL when reachable at `EMBARGO_TEST_POSTGRES` (required in CI): sign-in and
//! sessions (cookie flags, CSRF, sign-out, revocation), every page for every role, and the 2016
//! request through the pages: drafted with problems shown beside their fields, filed,
//! circulated, held (the submitter sees "on hold", never by whom), partly approved, delivered
//! (the chart moves); a hit cleared by an analyst.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use embargo_engine::accounts::Role;
use embargo_engine::{Engine, Rules, SettableClock, SystemClock};
use embargo_server::{router, Limits};
use http_body_util::BodyExt;
use tower::ServiceExt;

mod common;
use common::Db;

macro_rules! on_both {
    ($name:ident, $body:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let db = Db::sqlite("web");
            $body(&db).await;
            db.cleanup().await;
            if let Some(db) = Db::postgres("web").await {
                $body(&db).await;
                db.cleanup().await;
            }
        }
    };
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

/// A response: status, headers, body text.
struct Page {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    fn csrf(&self) -> String {
        let at = self.body.find("name=\"csrf\" value=\"").expect("a form with a CSRF token");
        let rest = &self.body[at + 19..];
        rest[..rest.find('"').unwrap()].to_owned()
    }
}

struct Web {
    engine: Engine,
    router: axum::Router,
    clock: Arc<SettableClock>,
    tokens: HashMap<&'static str, String>,
}

/// A signed-in browser: its session cookie and CSRF token.
#[derive(Clone)]
struct Session {
    cookie: String,
    csrf: String,
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl Web {
    async fn new(db: &Db) -> Web {
        let store = embargo_store::Store::connect(&db.url).await.unwrap();
        let clock = Arc::new(SettableClock::default());
        let engine =
            Engine::new(store, Arc::new(Rules::embedded().unwrap()), Arc::new(SystemClock))
                .with_procedure_clock(clock.clone());
        let mut tokens = HashMap::new();
        for (name, role, state) in ACCOUNTS {
            let new = engine.add_account(name, *role, *state, None, "test").await.unwrap();
            tokens.insert(*name, new.token);
        }
        let router = router(engine.clone(), Limits::default());
        Web { engine, router, clock, tokens }
    }

    fn at(&self, t: &str) {
        self.clock.set(t.parse().unwrap());
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        body: Option<String>,
        extra: &[(&str, &str)],
    ) -> Page {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        if body.is_some() {
            req = req.header("content-type", "application/x-www-form-urlencoded");
        }
        let req = req.body(body.map(Body::from).unwrap_or_else(Body::empty)).unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        // minijinja escapes `/` in values; read pages as a browser shows them.
        let body = String::from_utf8_lossy(&bytes).replace("&#x2f;", "/");
        Page { status, headers, body }
    }

    async fn sign_in(&self, who: &str) -> Session {
        self.sign_in_with(who, &[]).await.0
    }

    /// Signs in; returns the session and the Set-Cookie of the session.
    async fn sign_in_with(&self, who: &str, extra: &[(&str, &str)]) -> (Session, String) {
        let form_page = self.send("GET", "/ui/sign-in", None, None, extra).await;
        assert_eq!(form_page.status, StatusCode::OK);
        let pre = form_page.headers.get("set-cookie").unwrap().to_str().unwrap();
        let pre_cookie = pre.split(';').next().unwrap().to_owned();
        let csrf = form_page.csrf();
        let body = form(&[("csrf", &csrf), ("token", &self.tokens[who])]);
        let r = self.send("POST", "/ui/sign-in", Some(&pre_cookie), Some(body), extra).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{who}: {}", r.body);
        assert_eq!(r.location(), "/ui/");
        let set = r
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("embargo_session="))
            .unwrap();
        let cookie = set.split(';').next().unwrap().to_owned();
        let home = self.send("GET", "/ui/", Some(&cookie), None, &[]).await;
        assert_eq!(home.status, StatusCode::OK, "{}", home.body);
        (Session { cookie, csrf: home.csrf() }, set)
    }

    async fn get(&self, s: &Session, path: &str) -> Page {
        self.send("GET", path, Some(&s.cookie), None, &[]).await
    }

    async fn post(&self, s: &Session, path: &str, pairs: &[(&str, &str)]) -> Page {
        let mut all = vec![("csrf", s.csrf.as_str())];
        all.extend_from_slice(pairs);
        self.send("POST", path, Some(&s.cookie), Some(form(&all)), &[]).await
    }
}

fn gna_content() -> serde_json::Value {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/requests/2016-gna-request.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The draft form's fields for `content` (as the form names them).
fn draft_fields(content: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let s = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    for k in ["ground", "title", "end_use", "purpose", "national_licence"] {
        out.push((k.to_owned(), s(&content[k])));
    }
    for k in ["kind", "name", "country"] {
        out.push((format!("submitter.{k}"), s(&content["submitter"][k])));
    }
    for (i, p) in content["parties"].as_array().unwrap().iter().enumerate() {
        for f in ["role", "name", "country", "category", "government", "details"] {
            out.push((format!("parties[{i}].{f}"), s(&p[f])));
        }
    }
    for (i, it) in content["items"].as_array().unwrap().iter().enumerate() {
        for f in ["description", "category", "quantity", "unit", "lethal_justification", "calibre"]
        {
            out.push((format!("items[{i}].{f}"), s(&it[f])));
        }
        if it["lethal"] == true {
            out.push((format!("items[{i}].lethal"), "on".into()));
        }
    }
    for (i, d) in content["documents"].as_array().into_iter().flatten().enumerate() {
        for f in ["kind", "reference", "date", "issued_by"] {
            out.push((format!("documents[{i}].{f}"), s(&d[f])));
        }
    }
    let dates: Vec<String> = content["delivery"]["dates"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| d.as_str().unwrap().to_owned())
        .collect();
    out.push(("delivery.dates".into(), dates.join(", ")));
    for k in ["mode_of_transport", "point_of_entry"] {
        out.push((format!("delivery.{k}"), s(&content["delivery"][k])));
    }
    let mut other = serde_json::json!({});
    if let Some(w) = content.get("weapons_in_service") {
        other["weapons_in_service"] = w.clone();
    }
    for k in ["route", "transit_states", "temporary", "return_date"] {
        if let Some(v) = content["delivery"].get(k) {
            other["delivery"][k] = v.clone();
        }
    }
    let items: Vec<serde_json::Value> = content["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| {
            let mut o = serde_json::json!({});
            for k in ["value", "serial_numbers", "origin"] {
                if let Some(v) = it.get(k) {
                    o[k] = v.clone();
                }
            }
            o
        })
        .collect();
    other["items"] = serde_json::json!(items);
    out.push(("other".into(), other.to_string()));
    out
}

async fn sessions_body(db: &Db) {
    let web = Web::new(db).await;
    // Not signed in: every page sends the browser to the sign-in form.
    for path in ["/ui/", "/ui/check", "/ui/requests/X", "/ui/charts"] {
        let r = web.send("GET", path, None, None, &[]).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/ui/sign-in"), "{path}");
    }
    let r = web.send("GET", "/", None, None, &[]).await;
    assert_eq!(r.location(), "/ui/");
    // The session cookie: HttpOnly, SameSite=Strict; Secure behind TLS.
    let (s, set) = web.sign_in_with("gna", &[]).await;
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    assert!(!set.contains("Secure"), "{set}");
    let (_, set_tls) = web.sign_in_with("gna", &[("x-forwarded-proto", "https")]).await;
    assert!(set_tls.contains("; Secure"), "{set_tls}");
    let home = web.get(&s, "/ui/").await;
    assert!(home.body.contains("Signed in as <strong>gna</strong>"), "{}", home.body);
    let csp = home.headers.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    // A wrong token is refused on the form, with no session.
    let form_page = web.send("GET", "/ui/sign-in", None, None, &[]).await;
    let pre = form_page
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let bad = form(&[("csrf", &form_page.csrf()), ("token", "emb_0000")]);
    let r = web.send("POST", "/ui/sign-in", Some(&pre), Some(bad), &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("not valid or was revoked"));
    assert!(r
        .headers
        .get_all("set-cookie")
        .iter()
        .all(|c| !c.to_str().unwrap().starts_with("embargo_session=")));
    // The sign-in form itself is CSRF-protected (double submit).
    let forged = form(&[("csrf", "abcd"), ("token", &web.tokens["gna"])]);
    let r = web.send("POST", "/ui/sign-in", Some(&pre), Some(forged), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The session is in the store: a second router over the same engine (another server)
    // knows it.
    let other = router(web.engine.clone(), Limits::default());
    let req =
        Request::builder().uri("/ui/").header("cookie", &s.cookie).body(Body::empty()).unwrap();
    assert_eq!(other.oneshot(req).await.unwrap().status(), StatusCode::OK);
    // A POST without the session's CSRF token changes nothing.
    let no_csrf = web
        .send(
            "POST",
            "/ui/draft",
            Some(&s.cookie),
            Some(form(&[("action", "save"), ("reference", "X-1")])),
            &[],
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN, "{}", no_csrf.body);
    let wrong = web
        .send(
            "POST",
            "/ui/draft",
            Some(&s.cookie),
            Some(form(&[("csrf", "00"), ("action", "save")])),
            &[],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    // Signing out ends the session for every server.
    let out = web.post(&s, "/ui/sign-out", &[]).await;
    assert_eq!((out.status, out.location()), (StatusCode::SEE_OTHER, "/ui/sign-in"));
    assert_eq!(web.get(&s, "/ui/").await.status, StatusCode::SEE_OTHER);
    // A revoked account's sessions end with it.
    let s = web.sign_in("officer").await;
    assert_eq!(web.get(&s, "/ui/check").await.status, StatusCode::OK);
    web.engine.revoke_account("officer", "test").await.unwrap();
    assert_eq!(web.get(&s, "/ui/check").await.location(), "/ui/sign-in");
}
on_both!(sessions_cookies_csrf_and_sign_out, sessions_body);

async fn every_page_for_every_role_body(db: &Db) {
    let web = Web::new(db).await;
    web.at("2016-06-23T10:00:00Z");
    let list = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/names/un_screening.xml"
    ))
    .unwrap();
    web.engine
        .import_list_bytes("un_screening.xml", &list, Default::default(), false)
        .await
        .unwrap();
    let gna = web.sign_in("gna").await;
    let body: Vec<(String, String)> = draft_fields(&gna_content());
    let mut pairs: Vec<(&str, &str)> = body.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    pairs.push(("reference", "LY-2016-020"));
    pairs.push(("action", "save"));
    let r = web.post(&gna, "/ui/draft", &pairs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A watched name with a hit, so there is an alert to read.
    let analyst = web.sign_in("analyst").await;
    let r = web
        .post(&analyst, "/ui/screening/watch", &[("name", "Muammar Qadhafi"), ("kind", "person")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let alert = web.engine.alerts(true, 10).await.unwrap()[0].id;
    let alert_path = format!("/ui/alerts/{alert}");
    // Order: gna, other-mission, ru, my-chair, scsob, poe, officer, analyst, auditor, admin.
    let who = [
        "gna",
        "other-mission",
        "ru",
        "my-chair",
        "scsob",
        "poe",
        "officer",
        "analyst",
        "auditor",
        "admin",
    ];
    let (ok, no, nf) = (200u16, 403u16, 404u16);
    let pages: &[(&str, [u16; 10])] = &[
        ("/ui/", [ok; 10]),
        ("/ui/draft", [ok, ok, no, no, no, no, no, no, no, no]),
        ("/ui/draft?reference=LY-2016-020", [ok, nf, no, no, no, no, no, no, no, no]),
        // A draft: its owner, the chair, secretariat, panel and auditor read it; a member
        // reads it once circulated; another submitter does not learn it exists.
        ("/ui/requests/LY-2016-020", [ok, nf, nf, ok, ok, ok, no, no, ok, no]),
        ("/ui/requests/NOPE", [nf, nf, nf, nf, nf, nf, no, no, nf, no]),
        ("/ui/check", [ok; 10]),
        ("/ui/screening", [ok; 10]),
        ("/ui/screening?name=Muammar%20Qadhafi", [ok; 10]),
        ("/ui/alerts", [no, no, no, no, no, ok, ok, ok, ok, ok]),
        (&alert_path, [no, no, no, no, no, ok, ok, ok, ok, ok]),
        ("/ui/lists", [ok; 10]),
        ("/ui/regimes", [ok; 10]),
        ("/ui/regimes?id=un-libya&as_of=2016-06-24", [ok; 10]),
        ("/ui/charts", [ok; 10]),
    ];
    let mut sessions = Vec::new();
    for w in who {
        sessions.push(web.sign_in(w).await);
    }
    for (path, expected) in pages {
        for (i, w) in who.iter().enumerate() {
            let r = web.get(&sessions[i], path).await;
            assert_eq!(r.status.as_u16(), expected[i], "{w} GET {path}: {}", r.body);
            assert!(r.body.contains("</html>"), "{w} GET {path}: not a whole page");
        }
    }
    // The navigation follows the role.
    assert!(web.get(&sessions[0], "/ui/").await.body.contains("href=\"/ui/draft\""));
    assert!(!web.get(&sessions[2], "/ui/").await.body.contains("href=\"/ui/draft\""));
    assert!(web.get(&sessions[7], "/ui/").await.body.contains("href=\"/ui/alerts\""));
    // Roles that do not act in the procedure are refused commands; only an analyst decides.
    let r = web.post(&sessions[6], "/ui/requests/LY-2016-020/act", &[("command", "submit")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = web
        .post(
            &sessions[5],
            &alert_path,
            &[("outcome", "cleared"), ("reason", "not the same person at all")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Another submitter cannot act on or edit the draft.
    let r =
        web.post(&sessions[1], "/ui/requests/LY-2016-020/act", &[("command", "withdraw")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
on_both!(every_page_for_every_role, every_page_for_every_role_body);

async fn the_2016_request_through_the_pages_body(db: &Db) {
    let web = Web::new(db).await;
    let r = "/ui/requests/LY-2016-014";
    web.at("2016-06-23T10:00:00Z");
    let gna = web.sign_in("gna").await;
    // A draft with mistakes: every problem beside its field, with its citation; nothing filed.
    let mut content = gna_content();
    content["items"][0]["quantity"] = serde_json::json!(0);
    content["parties"][3]["category"] = serde_json::json!("");
    let fields = draft_fields(&content);
    let mut pairs: Vec<(&str, &str)> =
        fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    pairs.push(("reference", "LY-2016-014"));
    pairs.push(("action", "file"));
    let page = web.post(&gna, "/ui/draft", &pairs).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    assert!(page.body.contains("Not filed"), "{}", page.body);
    let beside = page.body.find("id=\"f-items[0].quantity\"").expect("the quantity field");
    let problem = page.body[beside..].find("class=\"problem error\"").unwrap();
    assert!(problem < 600, "the quantity's problem is beside its field");
    assert!(page.body.contains("S/RES/"), "problems cite their rule");
    assert!(web.engine.show("LY-2016-014").await.is_err(), "nothing was stored");
    // A quantity that is not a number is named too.
    let mut bad = pairs.clone();
    for p in bad.iter_mut() {
        if p.0 == "items[1].quantity" {
            p.1 = "lots";
        }
    }
    let page = web.post(&gna, "/ui/draft", &bad).await;
    assert!(page.body.contains("`lots` is not a whole number"), "{}", page.body);
    // Validate shows it fileable once fixed; then it is filed.
    let fields = draft_fields(&gna_content());
    let mut pairs: Vec<(&str, &str)> =
        fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    pairs.push(("reference", "LY-2016-014"));
    pairs.push(("action", "validate"));
    let page = web.post(&gna, "/ui/draft", &pairs).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Nothing blocks filing"), "{}", page.body);
    web.at("2016-06-24T10:00:00Z");
    pairs.pop();
    pairs.push(("action", "file"));
    let page = web.post(&gna, "/ui/draft", &pairs).await;
    assert_eq!((page.status, page.location()), (StatusCode::SEE_OTHER, r), "{}", page.body);
    let stored = web.engine.show("LY-2016-014").await.unwrap();
    assert_eq!(stored.status.as_str(), "submitted");
    assert_eq!(
        stored.case.content,
        serde_json::from_value(gna_content()).unwrap(),
        "the form round-trips the content"
    );
    // The secretariat circulates; a member holds.
    web.at("2016-06-24T11:00:00Z");
    let scsob = web.sign_in("scsob").await;
    let v = stored.version.to_string();
    let p =
        web.post(&scsob, &format!("{r}/act"), &[("command", "circulate"), ("version", &v)]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    web.at("2016-06-28T09:00:00Z");
    let ru = web.sign_in("ru").await;
    let page = web.get(&ru, r).await;
    assert!(
        page.body.contains("Place a hold") && !page.body.contains("act-approve"),
        "{}",
        page.body
    );
    let p = web
        .post(
            &ru,
            &format!("{r}/act"),
            &[
                ("command", "hold"),
                ("reason", "quantities"),
                ("information_requested", "need for 200 heavy machine guns"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    // The submitter's page says on hold and what is asked, never by whom.
    let page = web.get(&gna, r).await;
    assert!(page.body.contains("on hold") && page.body.contains("need for 200 heavy machine guns"));
    for leak in ["RU", "member:RU", "ru"] {
        assert!(
            !page.body.contains(&format!(">{leak}<"))
                && !page.body.contains(&format!(" {leak} "))
                && !page.body.contains(&format!("by {leak}")),
            "{leak} in the submitter's page"
        );
    }
    assert!(!page.body.contains("member:RU"));
    let dash = web.get(&gna, "/ui/").await;
    assert!(dash.body.contains("need for 200 heavy machine guns") && !dash.body.contains(">RU<"));
    // A member sees who held; the chair cannot approve while the hold stands.
    assert!(web.get(&web.sign_in("fr").await, r).await.body.contains("by RU"));
    web.at("2016-07-05T09:00:00Z");
    let p = web.post(&ru, &format!("{r}/act"), &[("command", "lift"), ("hold", "0")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    // The chair approves part of the items.
    web.at("2016-07-06T09:00:00Z");
    let chair = web.sign_in("my-chair").await;
    let page = web.get(&chair, r).await;
    assert!(page.body.contains("act-approve"), "{}", page.body);
    let ledger = web.engine.show("LY-2016-014").await.unwrap().case.ledger;
    let mut approve: Vec<(String, String)> =
        vec![("command".into(), "approve".into()), ("conditions".into(), "no re-transfer".into())];
    for l in &ledger {
        let q = if l.item == 0 { l.requested / 2 } else { l.requested };
        approve.push((format!("approve_{}", l.item), q.to_string()));
        approve.push((format!("requested_{}", l.item), l.requested.to_string()));
    }
    let approve_pairs: Vec<(&str, &str)> =
        approve.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let p = web.post(&chair, &format!("{r}/act"), &approve_pairs).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let case = web.engine.show("LY-2016-014").await.unwrap().case;
    assert_eq!(case.ledger[0].approved, ledger[0].requested / 2);
    assert_eq!(case.decision.as_ref().unwrap().outcome.as_str(), "partly_approved");
    // A delivery is recorded and the chart changes.
    let before = web.get(&gna, "/ui/charts").await.body;
    assert!(before.contains("data-series=\"delivered\" data-value=\"0\""), "{before}");
    web.at("2016-08-16T09:00:00Z");
    let p = web
        .post(
            &gna,
            &format!("{r}/act"),
            &[("command", "deliver"), ("date", "2016-08-15"), ("deliver_0", "100")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let after = web.get(&gna, "/ui/charts").await.body;
    let cat = &ledger[0].category;
    assert!(
        after.contains(&format!(
            "data-label=\"{cat}\" data-series=\"delivered\" data-value=\"100\""
        )),
        "{after}"
    );
    // A refused command is shown on the page, with nothing changed.
    let p = web
        .post(
            &gna,
            &format!("{r}/act"),
            &[("command", "deliver"), ("date", "2016-08-15"), ("deliver_0", "999999999")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.body);
    assert!(p.body.contains("role=\"alert\""));
    // The timeline shows the verified chain.
    let page = web.get(&web.sign_in("auditor").await, r).await;
    assert!(page.body.contains("The audit chain is verified"), "{}", page.body);
    assert!(page.body.contains("<strong>hold placed</strong> by member:RU"), "{}", page.body);
}
on_both!(the_2016_request_through_the_pages, the_2016_request_through_the_pages_body);

async fn screening_and_decisions_body(db: &Db) {
    let web = Web::new(db).await;
    let list = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/names/un_screening.xml"
    ))
    .unwrap();
    web.engine
        .import_list_bytes("un_screening.xml", &list, Default::default(), false)
        .await
        .unwrap();
    let analyst = web.sign_in("analyst").await;
    let page = web.get(&analyst, "/ui/screening?name=Muammar+Gaddafi").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("LYi.009") && page.body.contains("matched `"), "{}", page.body);
    assert!(
        page.body.contains("gaddafi") || page.body.contains("Gaddafi"),
        "the explanation aligns the names"
    );
    // Watch it: the hit becomes an alert, which the analyst clears with a reason.
    let r = web
        .post(&analyst, "/ui/screening/watch", &[("name", "Muammar Gaddafi"), ("kind", "person")])
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/ui/alerts"));
    let alerts = web.get(&analyst, "/ui/alerts").await;
    assert!(alerts.body.contains("LYi.009"), "{}", alerts.body);
    let id = web.engine.alerts(true, 10).await.unwrap()[0].id;
    let path = format!("/ui/alerts/{id}");
    let short = web.post(&analyst, &path, &[("outcome", "cleared"), ("reason", "no")]).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("at least 10 characters"));
    let r = web
        .post(
            &analyst,
            &path,
            &[("outcome", "cleared"), ("reason", "a different person: born 1985 in Misrata")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = web.get(&analyst, &path).await;
    assert!(
        page.body.contains("cleared by analyst") && page.body.contains("born 1985 in Misrata"),
        "{}",
        page.body
    );
    // Bulk: a CSV in, a CSV of hits with explanations streamed out.
    let upload = |csv: &str| {
        let boundary = "XBOUNDARY";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"names.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n",
            analyst.csrf
        );
        Request::builder()
            .method("POST")
            .uri("/ui/screening/bulk")
            .header("cookie", &analyst.cookie)
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap()
    };
    let resp = web
        .router
        .clone()
        .oneshot(upload("name,kind\nMuammar Gaddafi,person\n\"Nobody, Jane\",person\n"))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    assert_eq!(resp.headers()["x-embargo-rows"], "2");
    let csv =
        String::from_utf8(resp.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(csv.starts_with("line,name,hit_list"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("2,Muammar Gaddafi,un,LYi.009")), "{csv}");
    assert!(
        csv.lines().any(|l| l.starts_with("3,\"Nobody, Jane\"") && l.ends_with("no hit")),
        "{csv}"
    );
    // A bad row is named before anything is screened.
    let resp = web
        .router
        .clone()
        .oneshot(upload("name,kind\nMuammar Gaddafi,person\nJane,spaceship\n"))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page =
        String::from_utf8(resp.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(page.contains("line 3: kind: `spaceship`"), "{page}");
    // The transfer check form: a verdict per item, the next step, citations.
    let officer = web.sign_in("officer").await;
    let transfer = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/gna-2016-isil.json"
    ))
    .unwrap();
    let page = web.post(&officer, "/ui/check", &[("transfer_json", &transfer)]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("Verdict:")
            && page.body.contains("Next step:")
            && page.body.contains("S/RES/"),
        "{}",
        page.body
    );
    let page = web
        .post(
            &officer,
            "/ui/check",
            &[
                ("date", "2016-06-15"),
                ("origin", "IT"),
                ("destination", "LY"),
                ("end_user.name", "Presidential Guard"),
                ("end_user.category", "government_forces"),
                ("end_user.government", "Government of National Accord"),
                ("purpose", "security_assistance"),
                ("items[0].description", "assault rifles"),
                ("items[0].category", "ML1"),
                ("items[0].quantity", "500"),
                ("items[0].lethal", "on"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("approval required") || page.body.contains("prohibited"),
        "{}",
        page.body
    );
    // The same from a JSON file.
    let file_req = |content: &str| {
        let boundary = "YBOUNDARY";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"transfer.json\"\r\nContent-Type: application/json\r\n\r\n{content}\r\n--{boundary}--\r\n",
            officer.csrf
        );
        Request::builder()
            .method("POST")
            .uri("/ui/check/file")
            .header("cookie", &officer.cookie)
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap()
    };
    let resp = web.router.clone().oneshot(file_req(&transfer)).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let page =
        String::from_utf8(resp.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(page.contains("Verdict:") && page.contains("Next step:"), "{page}");
    let resp = web.router.clone().oneshot(file_req("{\"date\": 12}")).await.unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page =
        String::from_utf8(resp.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(page.contains("transfer.json: invalid transfer"), "{page}");
    let page = web.post(&officer, "/ui/check", &[("transfer_json", "{not json")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("invalid transfer"), "{}", page.body);
    // Lists: versions and a diff; regimes: grounds in force on a date, the Libya timeline.
    let lists = web.get(&officer, "/ui/lists").await;
    assert!(lists.body.contains("un_screening.xml"), "{}", lists.body);
    let regimes = web.get(&officer, "/ui/regimes?id=un-libya&as_of=2016-06-24").await;
    assert!(
        regimes.body.contains("un-libya/res2174-p8") && regimes.body.contains("2011-02-26"),
        "{}",
        regimes.body
    );
    // A party with a hit on a draft: the hit and its explanation on the request's page, and
    // its owner clears it with a reason.
    web.at("2016-06-23T10:00:00Z");
    let gna = web.sign_in("gna").await;
    let mut content = gna_content();
    content["parties"][1]["name"] = serde_json::json!("Muammar Qadhafi");
    let actor = embargo_domain::procedure::machine::Actor::parse("submitter:gna").unwrap();
    web.engine
        .act(
            "LY-HIT-1",
            embargo_domain::procedure::intent::Intent::New {
                content: serde_json::from_value(content.clone()).unwrap(),
            },
            &actor,
            Default::default(),
        )
        .await
        .unwrap();
    // The dashboard lists the open alert on the party.
    let dash = web.get(&gna, "/ui/").await;
    assert!(
        dash.body.contains("2. Muammar Qadhafi") && dash.body.contains("un:LYi.009"),
        "{}",
        dash.body
    );
    // Before the clearance the draft form names the hit as a problem; after it, not.
    let hit_problem = |body: &str| {
        body.split("class=\"summary\"")
            .nth(1)
            .is_some_and(|s| s.split("</section>").next().unwrap_or("").contains("LYi.009"))
    };
    let fields = draft_fields(&content);
    let mut validate: Vec<(&str, &str)> =
        fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    validate.push(("reference", "LY-HIT-1"));
    validate.push(("action", "validate"));
    let before = web.post(&gna, "/ui/draft", &validate).await;
    assert!(hit_problem(&before.body), "{}", before.body);
    let page = web.get(&gna, "/ui/requests/LY-HIT-1").await;
    assert!(page.body.contains("LYi.009") && page.body.contains("matched `"), "{}", page.body);
    assert!(page.body.contains("act-clear"), "{}", page.body);
    let p = web
        .post(
            &gna,
            "/ui/requests/LY-HIT-1/act",
            &[
                ("command", "clear"),
                ("party", "1"),
                ("reference", "LYi.009"),
                ("reason", "the exporter is a company registered in Italy"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let page = web.get(&gna, "/ui/requests/LY-HIT-1").await;
    assert!(
        page.body.contains("cleared LYi.009: the exporter is a company registered in Italy"),
        "{}",
        page.body
    );
    let after = web.post(&gna, "/ui/draft", &validate).await;
    assert!(!hit_problem(&after.body), "{}", after.body);
    // The party is watched: its open alert shows on the page, then the analyst's decision
    // (who decided only to those who read alerts).
    assert!(page.body.contains("open alert on un:LYi.009"), "{}", page.body);
    let party_alert = web
        .engine
        .alerts(true, 100)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.alert.subject_id == embargo_engine::watch::request_subject("LY-HIT-1", 1))
        .unwrap();
    let r = web
        .post(
            &analyst,
            &format!("/ui/alerts/{}", party_alert.id),
            &[("outcome", "cleared"), ("reason", "an Italian company, not the person")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = web.get(&gna, "/ui/requests/LY-HIT-1").await;
    assert!(
        page.body.contains("un:LYi.009 cleared on")
            && page.body.contains("an Italian company, not the person"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("by analyst"), "{}", page.body);
    let page = web.get(&web.sign_in("auditor").await, "/ui/requests/LY-HIT-1").await;
    assert!(page.body.contains("un:LYi.009 cleared by analyst on"), "{}", page.body);
    // Alerts per list update on the charts.
    let charts = web.get(&analyst, "/ui/charts").await;
    assert!(charts.body.contains("id=\"chart-alerts\""), "{}", charts.body);
}
on_both!(screening_checks_lists_and_decisions, screening_and_decisions_body);
