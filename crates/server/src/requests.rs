//! The request routes: the listing each role may read, creation, a request's view, commands,
//! validation and its events. The actor is the authenticated account, never the body.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use embargo_domain::procedure::intent::Intent;
use embargo_domain::procedure::RequestContent;
use embargo_engine::accounts::Role;
use embargo_engine::requests::ActOptions;
use embargo_engine::EngineError;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::Authed;
use crate::error::ApiError;
use crate::{date_param, views, AppState, AsOf};

#[derive(Debug, Deserialize)]
pub(crate) struct StatusFilter {
    status: Option<String>,
    regime: Option<String>,
    deadline_before: Option<String>,
}

pub(crate) async fn list_requests(
    State(state): State<AppState>,
    authed: Authed,
    Query(f): Query<StatusFilter>,
) -> Result<Json<Value>, ApiError> {
    authed.require(
        &[
            Role::Submitter,
            Role::Member,
            Role::Chair,
            Role::Secretariat,
            Role::Panel,
            Role::Auditor,
        ],
        "read requests",
    )?;
    let filter = embargo_engine::requests::RequestFilter {
        status: f
            .status
            .as_deref()
            .map(|s| {
                embargo_domain::procedure::machine::Status::parse(s)
                    .map_err(|e| EngineError::invalid_field("status", e))
            })
            .transpose()?,
        regime: f.regime.clone(),
        deadline_before: date_param("deadline_before", f.deadline_before.as_deref())?,
    };
    let rows = state.engine.list(&filter, |case| views::can_read(&authed.0, case)).await?;
    Ok(Json(json!(rows)))
}

fn act_options(headers: &HeaderMap, account: &str) -> Result<ActOptions, ApiError> {
    let key = headers
        .get("idempotency-key")
        .map(|v| v.to_str().map(str::to_owned))
        .transpose()
        .map_err(|_| EngineError::invalid_field("Idempotency-Key", "not text"))?;
    if key.as_ref().is_some_and(|k| k.is_empty() || k.len() > 200) {
        return Err(EngineError::invalid_field("Idempotency-Key", "1 to 200 characters").into());
    }
    let expected_version = headers
        .get("if-match")
        .map(|v| {
            v.to_str()
                .ok()
                .map(|s| s.trim().trim_matches('"'))
                .and_then(|s| s.parse::<i64>().ok())
                .ok_or_else(|| {
                    EngineError::invalid_field("If-Match", "the request's version, a number")
                })
        })
        .transpose()?;
    // Keys are per account: one account's key never replays another's command.
    Ok(ActOptions {
        expected_version,
        idempotency_key: key.map(|k| format!("{account}:{k}")),
        simulated_now: None,
    })
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewRequest {
    reference: String,
    content: RequestContent,
}

pub(crate) async fn create_request(
    State(state): State<AppState>,
    authed: Authed,
    headers: HeaderMap,
    body: String,
) -> Result<Response, ApiError> {
    authed.require(&[Role::Submitter], "create a request")?;
    let b: NewRequest = serde_json::from_str(&body)
        .map_err(|e| EngineError::invalid(format!("invalid body: {e}")))?;
    let actor =
        authed.0.actor().ok_or_else(|| EngineError::Forbidden("no procedure identity".into()))?;
    let options = act_options(&headers, &authed.0.name)?;
    let outcome =
        state.engine.act(&b.reference, Intent::New { content: b.content }, &actor, options).await?;
    Ok((StatusCode::CREATED, Json(json!(outcome))).into_response())
}

pub(crate) async fn readable(
    state: &AppState,
    authed: &Authed,
    reference: &str,
) -> Result<embargo_engine::requests::RequestView, ApiError> {
    let view = state.engine.show(reference).await?;
    if !views::can_read(&authed.0, &view.case) {
        return Err(EngineError::NotFound(format!("request {reference}")).into());
    }
    Ok(view)
}

pub(crate) async fn show_request(
    State(state): State<AppState>,
    authed: Authed,
    Path(reference): Path<String>,
) -> Result<Response, ApiError> {
    let view = readable(&state, &authed, &reference).await?;
    let version = view.version;
    let mut value =
        serde_json::to_value(&view).map_err(|e| EngineError::Internal(e.to_string()))?;
    if views::hides_members(&authed.0) {
        views::redact(&mut value);
    }
    let mut response = Json(value).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        response.headers_mut().insert("etag", v);
    }
    Ok(response)
}

pub(crate) async fn command(
    State(state): State<AppState>,
    authed: Authed,
    Path(reference): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Result<Json<Value>, ApiError> {
    let actor = authed.0.actor().ok_or_else(|| {
        EngineError::Forbidden(format!(
            "a {} account does not act in the procedure",
            authed.0.role.as_str()
        ))
    })?;
    let intent: Intent = serde_json::from_str(&body)
        .map_err(|e| EngineError::invalid_field("command", format!("invalid command: {e}")))?;
    if matches!(intent, Intent::New { .. }) {
        return Err(EngineError::invalid_field(
            "command",
            "create a request with POST /v1/requests",
        )
        .into());
    }
    readable(&state, &authed, &reference).await?;
    let options = act_options(&headers, &authed.0.name)?;
    let outcome = state.engine.act(&reference, intent, &actor, options).await?;
    let mut value = json!(outcome);
    if views::hides_members(&authed.0) {
        views::redact(&mut value);
    }
    Ok(Json(value))
}

pub(crate) async fn validate(
    State(state): State<AppState>,
    authed: Authed,
    Path(reference): Path<String>,
    Query(q): Query<AsOf>,
) -> Result<Json<Value>, ApiError> {
    readable(&state, &authed, &reference).await?;
    let date = date_param("as_of", q.as_of.as_deref())?;
    Ok(Json(json!(state.engine.validate_request(&reference, date).await?)))
}

pub(crate) async fn events(
    State(state): State<AppState>,
    authed: Authed,
    Path(reference): Path<String>,
) -> Result<Json<Value>, ApiError> {
    authed.require(
        &[Role::Submitter, Role::Chair, Role::Secretariat, Role::Panel, Role::Auditor],
        "read audit events",
    )?;
    readable(&state, &authed, &reference).await?;
    let mut value = json!(state.engine.audit_log(Some(&reference)).await?);
    if views::hides_members(&authed.0) {
        views::redact(&mut value);
    }
    Ok(Json(value))
}
