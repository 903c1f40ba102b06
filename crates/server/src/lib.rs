//! `embargo serve`: the HTTP API over the engine.
//!
//! JSON endpoints under `/v1` for what the CLI does, authenticated by bearer tokens (accounts
//! from `embargo users add`); what each role sees and does is decided here route by route
//! ([`views`]) and by the procedure's own rules in the engine. Errors are problem details
//! ([`error`]). The actor of every command is the authenticated account, never a field of the
//! body; procedure time is the store's clock, never the caller's.
//!
//! `/healthz`, `/readyz`, `/metrics` (Prometheus), `/openapi.json` (OpenAPI 3.1, built from the
//! route table [`ROUTES`] that the router is built from too) and `/docs` (a reference page
//! served from the binary).

pub mod auth;
pub mod error;
pub mod lists;
pub mod metrics;
pub mod openapi;
pub mod requests;
pub mod views;
pub mod watch;
pub mod web;
pub mod webhooks;
pub mod yente;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, MatchedPath, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use embargo_engine::accounts::Role;
use embargo_engine::{Engine, EngineError};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::{Authed, Limiter};
use crate::error::ApiError;
use crate::metrics::Metrics;

/// Limits of the service.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body, bytes.
    pub body_bytes: usize,
    /// Largest screening batch.
    pub batch: usize,
    /// Requests per token per minute.
    pub per_minute: u32,
    /// Time allowed per request.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            body_bytes: 4 << 20,
            batch: 1000,
            per_minute: 6000,
            timeout: Duration::from_secs(30),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The engine.
    pub engine: Engine,
    /// Metrics.
    pub metrics: Arc<Metrics>,
    /// Rate limit per token.
    pub limiter: Arc<Limiter>,
    /// Limits.
    pub limits: Limits,
}

/// One documented route.
#[derive(Debug, Clone, Copy)]
pub struct RouteDoc {
    /// HTTP method.
    pub method: &'static str,
    /// Path template (`{name}` parameters).
    pub path: &'static str,
    /// What it does.
    pub summary: &'static str,
    /// Who may call it (empty: no authentication).
    pub roles: &'static [&'static str],
}

const EVERYONE: &[&str] = &[
    "submitter",
    "member",
    "chair",
    "secretariat",
    "panel",
    "licensing",
    "analyst",
    "auditor",
    "admin",
];
const PROCEDURE_READERS: &[&str] =
    &["submitter", "member", "chair", "secretariat", "panel", "auditor"];
const ACTORS: &[&str] = &["submitter", "member", "chair", "secretariat", "panel"];

/// Every route of the API: the router and the OpenAPI document are both built from it.
pub const ROUTES: &[RouteDoc] = &[
    RouteDoc { method: "get", path: "/healthz", summary: "The process is alive.", roles: &[] },
    RouteDoc { method: "get", path: "/readyz", summary: "The store is reachable, migrations applied and the screening index loaded.", roles: &[] },
    RouteDoc { method: "get", path: "/metrics", summary: "Prometheus metrics.", roles: &[] },
    RouteDoc { method: "get", path: "/openapi.json", summary: "This document.", roles: &[] },
    RouteDoc { method: "get", path: "/docs", summary: "A human-readable reference of the API.", roles: &[] },
    RouteDoc { method: "get", path: "/v1/me", summary: "The authenticated account.", roles: EVERYONE },
    RouteDoc { method: "get", path: "/v1/regimes", summary: "The regimes.", roles: EVERYONE },
    RouteDoc { method: "get", path: "/v1/regimes/{id}", summary: "A regime's grounds in force on a date (?as_of=YYYY-MM-DD), with citations.", roles: EVERYONE },
    RouteDoc { method: "post", path: "/v1/check", summary: "Check a transfer (PRODUCT.md's transfer contract; ?as_of=, ?notified_on=).", roles: EVERYONE },
    RouteDoc { method: "post", path: "/v1/screen", summary: "Screen a name ({name, kind?, birth_date?, nationality?, documents?, lists?, threshold?, limit?}), or a batch ({queries: [...]}) of up to 1,000.", roles: EVERYONE },
    RouteDoc { method: "get", path: "/v1/lists", summary: "Stored list versions.", roles: EVERYONE },
    RouteDoc { method: "post", path: "/v1/lists", summary: "Import a list file (the body; ?name=, ?allow_shrink=true, ?without_companions=true for an OFAC CSV primary file) as a new version, then swap the screening index.", roles: &["admin"] },
    RouteDoc { method: "get", path: "/v1/lists/diff", summary: "What changed between two stored versions of one list (?old=ID&new=ID): designations added, removed and changed, with the fields that differ.", roles: EVERYONE },
    RouteDoc { method: "post", path: "/v1/lists/refresh", summary: "Download the current file of a list from its official address (?source=un|ofac|eu|uk) and import it as a new version; a failed download keeps the current version (503).", roles: &["admin"] },
    RouteDoc { method: "get", path: "/v1/webhooks", summary: "Webhooks (never their secrets).", roles: &["admin"] },
    RouteDoc { method: "post", path: "/v1/webhooks", summary: "Add a webhook ({url, events: [list.updated, alert.raised]}); its signing secret is in the response, once. Deliveries are POSTed with X-Embargo-Event, X-Embargo-Delivery and X-Embargo-Signature: t=SECONDS,v1=HMAC-SHA256(secret, SECONDS.BODY), retried with exponential backoff.", roles: &["admin"] },
    RouteDoc { method: "delete", path: "/v1/webhooks/{id}", summary: "Remove a webhook.", roles: &["admin"] },
    RouteDoc { method: "get", path: "/v1/webhooks/deliveries", summary: "The delivery log, newest first (?hook=ID, ?limit=).", roles: &["admin"] },
    RouteDoc { method: "get", path: "/v1/requests", summary: "Requests the account may read (?status=, ?regime=, ?deadline_before=YYYY-MM-DD: no-objection periods ending by then).", roles: PROCEDURE_READERS },
    RouteDoc { method: "post", path: "/v1/requests", summary: "Create a draft ({reference, content}); header Idempotency-Key.", roles: &["submitter"] },
    RouteDoc { method: "get", path: "/v1/requests/{reference}", summary: "A request with its events (a submitter never sees members' identities).", roles: PROCEDURE_READERS },
    RouteDoc { method: "post", path: "/v1/requests/{reference}/commands", summary: "A command of the procedure ({command: hold|lift|...}); headers Idempotency-Key, If-Match (version).", roles: ACTORS },
    RouteDoc { method: "get", path: "/v1/requests/{reference}/validate", summary: "Every problem that blocks filing (?as_of=).", roles: PROCEDURE_READERS },
    RouteDoc { method: "get", path: "/v1/requests/{reference}/events", summary: "The request's audit events.", roles: &["submitter", "chair", "secretariat", "panel", "auditor"] },
    RouteDoc { method: "get", path: "/v1/audit/verify", summary: "Verify the audit log: chain, times, every request replayed.", roles: &["chair", "secretariat", "panel", "auditor"] },
    RouteDoc { method: "get", path: "/v1/users", summary: "Accounts (never tokens).", roles: &["admin"] },
    RouteDoc { method: "post", path: "/v1/users", summary: "Create an account ({name, role, state?, submitter?}); the token is in the response, once.", roles: &["admin"] },
    RouteDoc { method: "delete", path: "/v1/users/{name}", summary: "Revoke an account.", roles: &["admin"] },
    RouteDoc { method: "post", path: "/match/{dataset}", summary: "yente-compatible matching (yente 5.5 shapes): {queries: {ID: {schema, properties}}} against `default` or one list; ?threshold=, ?limit=, ?exclude_entity_ids=, ?include_dataset=, ?exclude_dataset=, ?exclude_schema=, ?topics=; at most 100 queries.", roles: EVERYONE },
    RouteDoc { method: "get", path: "/catalog", summary: "yente-compatible catalog: `default` and each stored list with its version and whether the index holds it.", roles: EVERYONE },
    RouteDoc { method: "get", path: "/algorithms", summary: "yente-compatible list of matching algorithms (embargo's one).", roles: EVERYONE },
    RouteDoc { method: "post", path: "/v1/subjects", summary: "Register subjects under watch (a JSON array of {id, name, kind, aliases?, birth_date?, nationality?, documents?}, or CSV with Content-Type text/csv) and screen them.", roles: watch::WATCH_WRITERS },
    RouteDoc { method: "get", path: "/v1/subjects", summary: "Subjects under watch, by id (?after=ID, ?limit=).", roles: watch::WATCH_READERS },
    RouteDoc { method: "delete", path: "/v1/subjects/{id}", summary: "Stop watching a subject (its open alerts close).", roles: watch::WATCH_WRITERS },
    RouteDoc { method: "get", path: "/v1/alerts", summary: "Alerts on watched subjects, newest first (?open=true, ?limit=).", roles: watch::WATCH_READERS },
    RouteDoc { method: "get", path: "/v1/alerts/{id}", summary: "An alert: the hit and its explanation, the list versions, the change that raised it, the decisions.", roles: watch::WATCH_READERS },
    RouteDoc { method: "post", path: "/v1/alerts/{id}/decision", summary: "Decide on an alert ({outcome: confirmed|cleared|escalated, reason}); the actor is the account.", roles: watch::DECIDERS },
];

/// The router over `engine`.
pub fn router(engine: Engine, limits: Limits) -> Router {
    let state = AppState {
        engine,
        metrics: Arc::new(Metrics::default()),
        limiter: Arc::new(Limiter::new(limits.per_minute, Duration::from_secs(60))),
        limits: limits.clone(),
    };
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .route("/openapi.json", get(|| async { Json(openapi::openapi()) }))
        .route("/docs", get(|| async { Html(openapi::docs_page()) }))
        .route("/v1/me", get(me))
        .route("/v1/regimes", get(regimes))
        .route("/v1/regimes/{id}", get(regime))
        .route("/v1/check", post(check))
        .route("/v1/screen", post(screen))
        .route("/v1/lists", get(lists::lists).post(lists::import_list))
        .route("/v1/lists/diff", get(lists::diff_lists))
        .route("/v1/lists/refresh", post(lists::refresh_list))
        .route("/v1/webhooks", get(webhooks::list_webhooks).post(webhooks::add_webhook))
        .route("/v1/webhooks/{id}", delete(webhooks::remove_webhook))
        .route("/v1/webhooks/deliveries", get(webhooks::webhook_deliveries))
        .route("/v1/requests", get(requests::list_requests).post(requests::create_request))
        .route("/v1/requests/{reference}", get(requests::show_request))
        .route("/v1/requests/{reference}/commands", post(requests::command))
        .route("/v1/requests/{reference}/validate", get(requests::validate))
        .route("/v1/requests/{reference}/events", get(requests::events))
        .route("/v1/audit/verify", get(verify))
        .route("/v1/users", get(users).post(add_user))
        .route("/v1/users/{name}", delete(revoke_user))
        .route("/match/{dataset}", post(yente::match_entities))
        .route("/catalog", get(yente::catalog))
        .route("/algorithms", get(yente::algorithms))
        .route("/v1/subjects", get(watch::list_subjects).post(watch::add_subjects))
        .route("/v1/subjects/{id}", delete(watch::remove_subject))
        .route("/v1/alerts", get(watch::list_alerts))
        .route("/v1/alerts/{id}", get(watch::show_alert))
        .route("/v1/alerts/{id}/decision", post(watch::decide))
        .merge(web::router())
        .fallback(|| async { ApiError::from(EngineError::NotFound("no such route".into())) })
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .with_state(state)
}

/// Request id (echoed, or made), latency and status into the metrics, one log line.
async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = request.method().as_str().to_owned();
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.len() <= 128 && v.chars().all(|c| c.is_ascii_graphic()))
        .map(str::to_owned)
        .unwrap_or_else(new_request_id);
    let timeout = state.limits.timeout;
    let mut response = match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(r) => r,
        Err(_) => ApiError::from(EngineError::Busy(format!(
            "the request took longer than its time limit ({} ms) and was abandoned; nothing it began was written",
            timeout.as_millis()
        )))
        .into_response(),
    };
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE
        && response.headers().get("content-type").is_none_or(|v| v != "application/problem+json")
    {
        response = ApiError::TooLarge(format!(
            "the body is larger than {} bytes",
            state.limits.body_bytes
        ))
        .into_response();
    }
    let status = response.status().as_u16();
    let seconds = started.elapsed().as_secs_f64();
    state.metrics.observe(&route, &method, status, seconds);
    tracing::info!(request_id = %id, %method, %route, status, ms = seconds * 1000.0, "request");
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", v);
    }
    response
}

fn new_request_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("{:x}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

async fn readyz(State(state): State<AppState>) -> Response {
    let store = state.engine.store().clock().await.is_ok();
    let index = state.engine.index().await.is_ok();
    let body = json!({ "store": store, "migrations": store, "screening_index": index });
    let status = if store && index { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(body)).into_response()
}

async fn metrics_text(State(state): State<AppState>) -> Response {
    use std::fmt::Write;
    let mut out = String::new();
    state.metrics.render_http(&mut out);
    if let Ok(loaded) = state.engine.index().await {
        let stats = loaded.index.stats();
        let _ = writeln!(out, "# HELP embargo_screening_index_records Records in the screening index.\n# TYPE embargo_screening_index_records gauge\nembargo_screening_index_records {}", stats.records);
        out.push_str("# HELP embargo_list_published_timestamp_seconds Publication date of each current list version.\n# TYPE embargo_list_published_timestamp_seconds gauge\n");
        for v in &loaded.versions {
            if let Some(d) = v.published {
                if let Ok(ts) = d.to_zoned(jiff::tz::TimeZone::UTC) {
                    let _ = writeln!(out, "embargo_list_published_timestamp_seconds{{source=\"{}\",version=\"{}\"}} {}", v.source, v.id, ts.timestamp().as_second());
                }
            }
        }
    }
    let refreshes = state.engine.refresh_status();
    if !refreshes.is_empty() {
        out.push_str("# HELP embargo_list_refresh_last_success_timestamp_seconds When a refresh of the list last succeeded.\n# TYPE embargo_list_refresh_last_success_timestamp_seconds gauge\n");
        for (source, r) in &refreshes {
            if let Some(t) = r.last_success {
                let _ = writeln!(
                    out,
                    "embargo_list_refresh_last_success_timestamp_seconds{{source=\"{source}\"}} {}",
                    t.as_second()
                );
            }
        }
        out.push_str("# HELP embargo_list_refresh_last_failure_timestamp_seconds When a refresh of the list last failed (the current version was kept).\n# TYPE embargo_list_refresh_last_failure_timestamp_seconds gauge\n");
        for (source, r) in &refreshes {
            if let Some(t) = r.last_failure {
                let _ = writeln!(
                    out,
                    "embargo_list_refresh_last_failure_timestamp_seconds{{source=\"{source}\"}} {}",
                    t.as_second()
                );
            }
        }
    }
    if let Ok(rows) = state.engine.list(&Default::default(), |_| true).await {
        let mut by: std::collections::BTreeMap<&str, u64> = Default::default();
        for r in rows {
            *by.entry(r.status.as_str()).or_default() += 1;
        }
        out.push_str("# HELP embargo_requests Exemption requests by status.\n# TYPE embargo_requests gauge\n");
        for (status, n) in by {
            let _ = writeln!(out, "embargo_requests{{status=\"{status}\"}} {n}");
        }
    }
    ([("content-type", "text/plain; version=0.0.4")], out).into_response()
}

async fn me(Authed(account): Authed) -> Json<Value> {
    Json(
        json!({ "name": account.name, "role": account.role, "state": account.state, "submitter": account.submitter, "actor": account.actor().map(|a| a.to_string()) }),
    )
}

async fn regimes(State(state): State<AppState>, _: Authed) -> Json<Value> {
    Json(embargo_engine::regimes::regimes_view(&state.engine.rules().registry))
}

#[derive(Debug, Deserialize)]
pub(crate) struct AsOf {
    as_of: Option<String>,
    notified_on: Option<String>,
}

pub(crate) fn date_param(
    name: &str,
    value: Option<&str>,
) -> Result<Option<jiff::civil::Date>, ApiError> {
    value
        .map(|s| {
            s.parse().map_err(|e| {
                EngineError::invalid_field(name, format!("`{s}` is not a date (YYYY-MM-DD): {e}"))
                    .into()
            })
        })
        .transpose()
}

async fn regime(
    State(state): State<AppState>,
    _: Authed,
    Path(id): Path<String>,
    Query(q): Query<AsOf>,
) -> Result<Json<Value>, ApiError> {
    let date = date_param("as_of", q.as_of.as_deref())?.unwrap_or_else(|| state.engine.today());
    Ok(Json(embargo_engine::regimes::regime_view(&state.engine.rules().registry, &id, Some(date))?))
}

async fn check(
    State(state): State<AppState>,
    _: Authed,
    Query(q): Query<AsOf>,
    body: String,
) -> Result<Json<Value>, ApiError> {
    let as_of = date_param("as_of", q.as_of.as_deref())?;
    let notified_on = date_param("notified_on", q.notified_on.as_deref())?;
    let params = embargo_engine::check::CheckParams { as_of, notified_on, ..Default::default() };
    let (_, result) = state.engine.check_transfer("body", &body, &params).await?;
    Ok(Json(serde_json::to_value(result).map_err(|e| EngineError::Internal(e.to_string()))?))
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScreenBody {
    name: Option<String>,
    kind: Option<String>,
    birth_date: Option<String>,
    nationality: Option<String>,
    #[serde(default)]
    documents: Vec<String>,
    lists: Option<Vec<String>>,
    threshold: Option<f64>,
    limit: Option<usize>,
    queries: Option<Vec<ScreenBody>>,
}

fn screen_query(
    b: &ScreenBody,
    path: &str,
) -> Result<(embargo_screening::Query, embargo_screening::Options), ApiError> {
    let name = b
        .name
        .clone()
        .ok_or_else(|| EngineError::invalid_field(&format!("{path}name"), "required"))?;
    let kind = b
        .kind
        .as_deref()
        .map(|k| {
            embargo_screening::Kind::parse(k).ok_or_else(|| {
                EngineError::invalid_field(
                    &format!("{path}kind"),
                    format!("`{k}`: person, entity, vessel or aircraft"),
                )
            })
        })
        .transpose()?;
    let birth_date = b
        .birth_date
        .as_deref()
        .map(|d| {
            embargo_screening::BirthDate::parse(d).ok_or_else(|| {
                EngineError::invalid_field(
                    &format!("{path}birth_date"),
                    format!("`{d}` is not a date or year"),
                )
            })
        })
        .transpose()?;
    let threshold = b.threshold.unwrap_or(embargo_screening::DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        return Err(
            EngineError::invalid_field(&format!("{path}threshold"), "between 0 and 1").into()
        );
    }
    let limit = b.limit.unwrap_or(10).min(100);
    let query = embargo_screening::Query {
        name,
        kind,
        birth_date,
        nationality: b.nationality.clone(),
        documents: b.documents.clone(),
    };
    let options = embargo_screening::Options { threshold, limit, lists: b.lists.clone() };
    Ok((query, options))
}

async fn screen(
    State(state): State<AppState>,
    _: Authed,
    body: String,
) -> Result<Json<Value>, ApiError> {
    let b: ScreenBody = serde_json::from_str(&body)
        .map_err(|e| EngineError::invalid(format!("invalid body: {e}")))?;
    match &b.queries {
        Some(queries) => {
            if queries.len() > state.limits.batch {
                return Err(EngineError::invalid_field(
                    "queries",
                    format!("{} queries, at most {}", queries.len(), state.limits.batch),
                )
                .into());
            }
            let mut out = Vec::with_capacity(queries.len());
            for (i, q) in queries.iter().enumerate() {
                let (query, options) = screen_query(q, &format!("queries[{i}]."))?;
                out.push(state.engine.screen(query, &options).await?);
            }
            Ok(Json(json!({ "results": out })))
        }
        None => {
            let (query, options) = screen_query(&b, "")?;
            Ok(Json(
                serde_json::to_value(state.engine.screen(query, &options).await?)
                    .map_err(|e| EngineError::Internal(e.to_string()))?,
            ))
        }
    }
}

async fn verify(State(state): State<AppState>, authed: Authed) -> Result<Json<Value>, ApiError> {
    authed.require(
        &[Role::Chair, Role::Secretariat, Role::Panel, Role::Auditor],
        "verify the audit log",
    )?;
    let report = state.engine.verify_audit(None).await?;
    Ok(Json(json!({ "ok": report.ok(), "report": report })))
}

async fn users(State(state): State<AppState>, authed: Authed) -> Result<Json<Value>, ApiError> {
    authed.require(&[Role::Admin], "list accounts")?;
    Ok(Json(json!(state.engine.accounts().await?)))
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewUser {
    name: String,
    role: String,
    state: Option<String>,
    submitter: Option<String>,
}

async fn add_user(
    State(state): State<AppState>,
    authed: Authed,
    body: String,
) -> Result<Response, ApiError> {
    authed.require(&[Role::Admin], "create accounts")?;
    let b: NewUser = serde_json::from_str(&body)
        .map_err(|e| EngineError::invalid(format!("invalid body: {e}")))?;
    let role = Role::parse(&b.role)?;
    let new = state
        .engine
        .add_account(
            &b.name,
            role,
            b.state.as_deref(),
            b.submitter.as_deref(),
            &format!("admin:{}", authed.0.name),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "account": new.account, "token": new.token })))
        .into_response())
}

async fn revoke_user(
    State(state): State<AppState>,
    authed: Authed,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    authed.require(&[Role::Admin], "revoke accounts")?;
    Ok(Json(json!(state.engine.revoke_account(&name, &format!("admin:{}", authed.0.name)).await?)))
}

/// Serves `router` on `listener` until SIGTERM or Ctrl-C, then finishes in-flight requests.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router).with_graceful_shutdown(shutdown()).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing in-flight requests");
}
