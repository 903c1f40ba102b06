//! Webhooks on the API (admin only): add, list, remove, and the delivery log.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use embargo_engine::accounts::Role;
use embargo_engine::EngineError;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::Authed;
use crate::error::ApiError;
use crate::AppState;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct WebhookBody {
    url: String,
    events: Vec<String>,
}

pub(crate) async fn add_webhook(
    State(state): State<AppState>,
    authed: Authed,
    body: String,
) -> Result<Response, ApiError> {
    authed.require(&[Role::Admin], "manage webhooks")?;
    let b: WebhookBody = serde_json::from_str(&body).map_err(|e| {
        EngineError::invalid_field("body", format!("not a webhook ({{url, events}}): {e}"))
    })?;
    let new = state.engine.add_webhook(&b.url, &b.events, &authed.0.name).await?;
    Ok((StatusCode::CREATED, Json(json!(new))).into_response())
}

pub(crate) async fn list_webhooks(
    State(state): State<AppState>,
    authed: Authed,
) -> Result<Json<Value>, ApiError> {
    authed.require(&[Role::Admin], "manage webhooks")?;
    Ok(Json(json!(state.engine.webhooks().await?)))
}

pub(crate) async fn remove_webhook(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    authed.require(&[Role::Admin], "manage webhooks")?;
    let id: i64 = id.parse().map_err(|_| EngineError::NotFound(format!("webhook {id}")))?;
    state.engine.remove_webhook(id, &authed.0.name).await?;
    Ok(Json(json!({ "removed": id })))
}

#[derive(Debug, Deserialize)]
pub(crate) struct DeliveriesQuery {
    hook: Option<String>,
    limit: Option<String>,
}

pub(crate) async fn webhook_deliveries(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<DeliveriesQuery>,
) -> Result<Json<Value>, ApiError> {
    authed.require(&[Role::Admin], "read webhook deliveries")?;
    let num = |name: &str, v: Option<&str>| -> Result<Option<i64>, ApiError> {
        v.map(|v| {
            v.parse::<i64>().map_err(|_| {
                EngineError::invalid_field(name, format!("`{v}` is not a number")).into()
            })
        })
        .transpose()
    };
    let hook = num("hook", q.hook.as_deref())?;
    let limit = num("limit", q.limit.as_deref())?.unwrap_or(100);
    Ok(Json(json!(state.engine.deliveries(hook, limit).await?)))
}
