//! The web interface: server-rendered HTML pages under `/ui/` for committee work, transfer
//! checks and screening, served by `embargo serve` beside the API.
//!
//! - Templates are compiled into the binary (`templates/*.html`, embedded with
//!   `include_str!` into one minijinja environment, HTML-escaped by default); the one script
//!   (htmx, vendored in `assets/`) only enhances: every page reads and every form posts without
//!   JavaScript.
//! - Sign-in with an account's API token gives a session ([`session`]): a random secret in an
//!   `HttpOnly`, `SameSite=Strict` cookie (`Secure` behind TLS), kept in the store as its
//!   SHA-256 so every server over one PostgreSQL shares it; every form carries the session's
//!   CSRF token and every POST checks it.
//! - Pages apply the API's role matrix ([`crate::views`] for requests, the engine's role checks
//!   for commands); a submitter never sees which member held, objected or asked.
//! - Every page calls the engine, never the store's SQL.

mod charts;
mod draft;
mod pages;
mod session;
mod tools;

use std::sync::OnceLock;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use embargo_engine::accounts::{Account, Role};
use embargo_engine::EngineError;
use minijinja::Environment;
use serde_json::{json, Value};

use crate::AppState;

pub use session::Web;

/// The routes of the web interface (merged into the API's router).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/ui/") }))
        .route("/ui", get(|| async { Redirect::to("/ui/") }))
        .route("/ui/", get(pages::dashboard))
        .route("/ui/sign-in", get(session::sign_in_page).post(session::sign_in))
        .route("/ui/sign-out", post(session::sign_out))
        .route("/ui/assets/{file}", get(asset))
        .route("/ui/requests/{reference}", get(pages::request_page))
        .route("/ui/requests/{reference}/act", post(pages::act))
        .route("/ui/draft", get(draft::draft_page).post(draft::draft_post))
        .route("/ui/check", get(tools::check_page).post(tools::check_post))
        .route("/ui/check/file", post(tools::check_file))
        .route("/ui/screening", get(tools::screening_page))
        .route("/ui/screening/watch", post(tools::watch_name))
        .route("/ui/screening/bulk", post(tools::bulk))
        .route("/ui/alerts", get(tools::alerts_page))
        .route("/ui/alerts/{id}", get(tools::alert_page).post(tools::decide))
        .route("/ui/lists", get(tools::lists_page))
        .route("/ui/regimes", get(tools::regimes_page))
        .route("/ui/charts", get(charts::charts_page))
        .layer(axum::Extension(std::sync::Arc::new(pages::VerifyCache::default())))
}

/// The page templates, compiled into the binary.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("sign_in.html", include_str!("../../templates/sign_in.html")),
    ("error.html", include_str!("../../templates/error.html")),
    ("dashboard.html", include_str!("../../templates/dashboard.html")),
    ("request.html", include_str!("../../templates/request.html")),
    ("draft.html", include_str!("../../templates/draft.html")),
    ("check.html", include_str!("../../templates/check.html")),
    ("screening.html", include_str!("../../templates/screening.html")),
    ("alerts.html", include_str!("../../templates/alerts.html")),
    ("alert.html", include_str!("../../templates/alert.html")),
    ("lists.html", include_str!("../../templates/lists.html")),
    ("regimes.html", include_str!("../../templates/regimes.html")),
    ("charts.html", include_str!("../../templates/charts.html")),
];

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // `.html` templates escape every value by default.
        for (name, source) in TEMPLATES {
            if let Err(e) = env.add_template(name, source) {
                // A broken template is a build defect; the test of every page catches it.
                tracing::error!(template = name, error = %e, "template does not compile");
            }
        }
        env.add_filter("status_label", |s: String| status_label(&s).to_owned());
        env.add_filter("pct", |v: f64| format!("{:.0}%", v * 100.0));
        env
    })
}

/// How a status reads on a page.
pub fn status_label(status: &str) -> &'static str {
    match status {
        "draft" => "draft",
        "submitted" => "submitted",
        "awaiting_information" => "awaiting information",
        "on_hold" => "on hold",
        "objection_period_running" => "no-objection period running",
        "under_consideration" => "under consideration",
        "approved" => "approved",
        "deemed_approved" => "deemed approved",
        "negative_decision" => "negative decision",
        "rejected" => "rejected",
        "withdrawn" => "withdrawn",
        "lapsed" => "lapsed",
        _ => "unknown",
    }
}

const PROCEDURE_ROLES: &[Role] =
    &[Role::Submitter, Role::Member, Role::Chair, Role::Secretariat, Role::Panel, Role::Auditor];
const WATCH_READER_ROLES: &[Role] =
    &[Role::Analyst, Role::Licensing, Role::Admin, Role::Auditor, Role::Panel];

/// The navigation a role sees.
fn nav(account: &Account) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![("/ui/", "Dashboard")];
    if account.role == Role::Submitter {
        out.push(("/ui/draft", "Draft a request"));
    }
    out.push(("/ui/check", "Transfer check"));
    out.push(("/ui/screening", "Screening"));
    if WATCH_READER_ROLES.contains(&account.role) {
        out.push(("/ui/alerts", "Alerts"));
    }
    out.push(("/ui/lists", "Lists"));
    out.push(("/ui/regimes", "Regimes"));
    out.push(("/ui/charts", "Charts"));
    out
}

/// A page: `template` with `ctx`, in the layout of `web`'s account.
pub(crate) fn page(web: &Web, template: &str, title: &str, path: &str, ctx: Value) -> Response {
    page_with_status(web, StatusCode::OK, template, title, path, ctx)
}

pub(crate) fn page_with_status(
    web: &Web,
    status: StatusCode,
    template: &str,
    title: &str,
    path: &str,
    mut ctx: Value,
) -> Response {
    let nav: Vec<Value> = nav(&web.account)
        .into_iter()
        .map(|(href, label)| json!({"href": href, "label": label, "current": href == path}))
        .collect();
    if let Value::Object(map) = &mut ctx {
        map.insert(
            "me".into(),
            json!({"name": web.account.name, "role": web.account.role.as_str()}),
        );
        map.insert("csrf".into(), json!(web.csrf));
        map.insert("nav".into(), json!(nav));
        map.insert("title".into(), json!(title));
    }
    render(status, template, ctx)
}

/// Renders `template` with `ctx` (the security headers on every page).
pub(crate) fn render(status: StatusCode, template: &str, ctx: Value) -> Response {
    let body = env().get_template(template).and_then(|t| t.render(&ctx));
    let mut response = match body {
        Ok(html) => (status, html).into_response(),
        Err(e) => {
            tracing::error!(template, error = %e, "page not rendered");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error: the page could not be rendered")
                .into_response()
        }
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    security_headers(h);
    response
}

fn security_headers(h: &mut axum::http::HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
}

/// What a page answers instead of itself.
#[derive(Debug)]
pub(crate) enum PageError {
    /// From the engine (its code gives the status).
    Engine(EngineError),
    /// The role may not see this page.
    Forbidden(String),
}

impl From<EngineError> for PageError {
    fn from(e: EngineError) -> PageError {
        PageError::Engine(e)
    }
}

impl PageError {
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            PageError::Engine(e) => crate::error::status_of(e),
            PageError::Forbidden(_) => StatusCode::FORBIDDEN,
        }
    }

    pub(crate) fn message(&self) -> String {
        match self {
            PageError::Engine(EngineError::Internal(m)) => {
                tracing::error!(error = %m, "internal error");
                "internal error".into()
            }
            PageError::Engine(e) => e.to_string(),
            PageError::Forbidden(m) => m.clone(),
        }
    }

    /// The error page in `web`'s layout.
    pub(crate) fn page(self, web: &Web) -> Response {
        let status = self.status();
        let title = status.canonical_reason().unwrap_or("Error").to_owned();
        let problems: Vec<Value> = match &self {
            PageError::Engine(e) => e.problems().iter().map(|p| json!(p)).collect(),
            PageError::Forbidden(_) => vec![],
        };
        page_with_status(
            web,
            status,
            "error.html",
            &title,
            "",
            json!({"status": status.as_u16(), "message": self.message(), "problems": problems}),
        )
    }
}

/// Refuses unless the account has one of `roles`.
pub(crate) fn require(web: &Web, roles: &[Role], what: &str) -> Result<(), PageError> {
    if roles.contains(&web.account.role) {
        Ok(())
    } else {
        Err(PageError::Forbidden(format!("a {} account may not {what}", web.account.role.as_str())))
    }
}

/// The fields of a posted form, after its CSRF token was checked.
#[derive(Debug, Default)]
pub(crate) struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`, trimmed; empty counts as absent.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }
}

/// Checks the form's CSRF token against the session's.
pub(crate) fn checked(web: &Web, form: Vec<(String, String)>) -> Result<Fields, PageError> {
    let fields = Fields(form);
    let sent = fields.get("csrf").unwrap_or("");
    if !same(sent.as_bytes(), web.csrf.as_bytes()) {
        return Err(PageError::Forbidden(
            "the form's security token does not match this session: reload the page and try again"
                .into(),
        ));
    }
    Ok(fields)
}

/// Compares in time independent of where the inputs differ.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn asset(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (body, kind): (&'static [u8], &str) = match file.as_str() {
        "htmx.min.js" => {
            (include_bytes!("../../assets/htmx.min.js"), "text/javascript; charset=utf-8")
        }
        "style.css" => (include_bytes!("../../assets/style.css"), "text/css; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "no such asset").into_response(),
    };
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(kind) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    r
}

/// Whether the account may read requests at all.
pub(crate) fn reads_requests(account: &Account) -> bool {
    PROCEDURE_ROLES.contains(&account.role)
}

/// Whether the account may read watched subjects and alerts.
pub(crate) fn reads_alerts(account: &Account) -> bool {
    WATCH_READER_ROLES.contains(&account.role)
}
