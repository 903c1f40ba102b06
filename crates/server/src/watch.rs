//! Continuous screening over HTTP: subjects under watch, their alerts, decisions on alerts.
//! The actor of every change is the authenticated account, never a field of the body (a body
//! that names one is refused as an unknown field).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use embargo_engine::accounts::Role;
use embargo_engine::watch::{read_subjects_csv, SubjectInput, ORIGIN_WATCH};
use embargo_engine::EngineError;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::Authed;
use crate::error::ApiError;
use crate::AppState;

/// Who may register and remove subjects.
pub const WATCH_WRITERS: &[&str] = &["analyst", "licensing", "admin"];
/// Who may read subjects and alerts.
pub const WATCH_READERS: &[&str] = &["analyst", "licensing", "admin", "auditor", "panel"];
/// Who decides on alerts.
pub const DECIDERS: &[&str] = &["analyst"];

const WRITER_ROLES: &[Role] = &[Role::Analyst, Role::Licensing, Role::Admin];
const READER_ROLES: &[Role] =
    &[Role::Analyst, Role::Licensing, Role::Admin, Role::Auditor, Role::Panel];

/// Most subjects listed in one response.
const MAX_PAGE: usize = 10_000;

fn to_json(v: &impl serde::Serialize) -> Result<Json<Value>, ApiError> {
    Ok(Json(serde_json::to_value(v).map_err(|e| EngineError::Internal(e.to_string()))?))
}

/// `POST /v1/subjects`: a JSON array of subjects, or a CSV body (`Content-Type: text/csv`);
/// registered and screened at once.
pub(crate) async fn add_subjects(
    State(state): State<AppState>,
    authed: Authed,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    authed.require(WRITER_ROLES, "register subjects")?;
    let csv = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/csv"));
    let by = authed.0.name.clone();
    let registration = if csv {
        // Every bad row first, before anything is written.
        let bad: Vec<String> = read_subjects_csv(&body[..], ORIGIN_WATCH)
            .filter_map(Result::err)
            .take(20)
            .map(|e| e.to_string())
            .collect();
        if !bad.is_empty() {
            return Err(EngineError::invalid_field("body", bad.join("; ")).into());
        }
        state
            .engine
            .add_and_screen_subjects(read_subjects_csv(&body[..], ORIGIN_WATCH), &by)
            .await?
    } else {
        let inputs: Vec<SubjectInput> = serde_json::from_slice(&body).map_err(|e| {
            EngineError::invalid_field(
                "body",
                format!("a JSON array of subjects ({{id, name, kind, aliases?, birth_date?, nationality?, documents?}}) or a CSV body with Content-Type text/csv: {e}"),
            )
        })?;
        let mut rows = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.into_iter().enumerate() {
            let subject = input
                .validate(ORIGIN_WATCH)
                .map_err(|(field, m)| EngineError::invalid_field(&format!("[{i}].{field}"), m))?;
            rows.push(Ok((i as u64, subject)));
        }
        state.engine.add_and_screen_subjects(rows, &by).await?
    };
    let status =
        if registration.registered.added > 0 { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, to_json(&registration)?).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct Page {
    after: Option<String>,
    limit: Option<usize>,
}

/// `GET /v1/subjects`: active subjects by id (`?after=ID&limit=N`).
pub(crate) async fn list_subjects(
    State(state): State<AppState>,
    authed: Authed,
    Query(page): Query<Page>,
) -> Result<Json<Value>, ApiError> {
    authed.require(READER_ROLES, "read subjects")?;
    let limit = page.limit.unwrap_or(1000).min(MAX_PAGE);
    let subjects = state.engine.subjects(page.after.as_deref(), limit).await?;
    let next = (subjects.len() == limit).then(|| subjects.last().map(|s| s.subject.id.clone()));
    Ok(Json(json!({ "subjects": subjects, "next_after": next.flatten() })))
}

/// `DELETE /v1/subjects/{id}`.
pub(crate) async fn remove_subject(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    authed.require(WRITER_ROLES, "remove subjects")?;
    to_json(&state.engine.remove_subject(&id, &authed.0.name).await?)
}

#[derive(Debug, Deserialize)]
pub(crate) struct AlertFilter {
    #[serde(default)]
    open: bool,
    limit: Option<usize>,
}

/// `GET /v1/alerts` (`?open=true`).
pub(crate) async fn list_alerts(
    State(state): State<AppState>,
    authed: Authed,
    Query(f): Query<AlertFilter>,
) -> Result<Json<Value>, ApiError> {
    authed.require(READER_ROLES, "read alerts")?;
    let alerts = state.engine.alerts(f.open, f.limit.unwrap_or(1000).min(MAX_PAGE)).await?;
    Ok(Json(json!({ "alerts": alerts })))
}

fn alert_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .map_err(|_| EngineError::invalid_field("id", format!("`{raw}` is not an alert id")).into())
}

/// `GET /v1/alerts/{id}`: the hit, its explanation, the list change that raised it, the
/// decisions.
pub(crate) async fn show_alert(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    authed.require(READER_ROLES, "read alerts")?;
    to_json(&state.engine.alert(alert_id(&id)?).await?)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionBody {
    outcome: String,
    reason: String,
}

/// `POST /v1/alerts/{id}/decision` `{outcome, reason}`: by the authenticated analyst.
pub(crate) async fn decide(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    body: String,
) -> Result<Json<Value>, ApiError> {
    authed.require(&[Role::Analyst], "decide on alerts")?;
    let id = alert_id(&id)?;
    let b: DecisionBody = serde_json::from_str(&body)
        .map_err(|e| EngineError::invalid(format!("invalid body: {e}")))?;
    to_json(&state.engine.decide(id, &b.outcome, &b.reason, &authed.0.name).await?)
}
