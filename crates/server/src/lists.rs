//! The list routes: stored versions, the diff of two, an upload, a refresh from the official
//! address (the re-screen of the watched subjects that follows an upload runs in its own task).

use std::time::{Duration, Instant};

use axum::extract::{Query, State};
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

pub(crate) async fn lists(
    State(state): State<AppState>,
    _: Authed,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(json!(state.engine.list_versions().await?)))
}

#[derive(Debug, Deserialize)]
pub(crate) struct RefreshQuery {
    source: Option<String>,
}

pub(crate) async fn refresh_list(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<RefreshQuery>,
) -> Result<Response, ApiError> {
    authed.require(&[Role::Admin], "refresh lists")?;
    let source = q.source.as_deref().unwrap_or("un");
    let source = embargo_lists::model::Source::parse(source)
        .map_err(|e| EngineError::invalid_field("source", e))?;
    let outcome = state.engine.refresh_list(source, Default::default()).await?;
    let (status, version) = match &outcome {
        embargo_store::lists::ImportOutcome::Imported(v) => ("imported", v),
        embargo_store::lists::ImportOutcome::Unchanged { version, reactivated } => {
            (if *reactivated { "reactivated" } else { "unchanged" }, version)
        }
    };
    let code = if status == "imported" { StatusCode::CREATED } else { StatusCode::OK };
    Ok((code, Json(json!({ "status": status, "version": version }))).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct DiffQuery {
    old: Option<String>,
    new: Option<String>,
}

pub(crate) async fn diff_lists(
    State(state): State<AppState>,
    _: Authed,
    Query(q): Query<DiffQuery>,
) -> Result<Json<Value>, ApiError> {
    let id = |name: &str, v: Option<&str>| -> Result<i64, ApiError> {
        let v =
            v.ok_or_else(|| EngineError::invalid_field(name, "a list version id is required"))?;
        v.parse().map_err(|_| {
            EngineError::invalid_field(name, format!("`{v}` is not a list version id")).into()
        })
    };
    let (old, new) = (id("old", q.old.as_deref())?, id("new", q.new.as_deref())?);
    Ok(Json(json!(state.engine.diff_versions(old, new).await?)))
}

#[derive(Debug, Deserialize)]
pub(crate) struct ImportQuery {
    name: Option<String>,
    #[serde(default)]
    allow_shrink: bool,
    #[serde(default)]
    without_companions: bool,
}

pub(crate) async fn import_list(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<ImportQuery>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    authed.require(&[Role::Admin], "import lists")?;
    let started = Instant::now();
    let name = q.name.unwrap_or_else(|| "upload".into());
    let options =
        embargo_store::lists::ImportOptions { allow_shrink: q.allow_shrink, ..Default::default() };
    let outcome = state
        .engine
        .import_list_bytes_rescreening(&name, &body, options, q.without_companions, false)
        .await?;
    // The re-screen of the watched subjects runs in its own task: a million subjects can take
    // longer than a request may. Within the request's time it is answered here; beyond, it goes
    // on, and if the process dies first, the next index poll catches up from the store's mark.
    let engine = state.engine.clone();
    let task =
        tokio::spawn(
            async move { engine.catch_up(embargo_engine::lists::LIST_IMPORT_ACTOR).await },
        );
    let budget = state
        .limits
        .timeout
        .saturating_sub(started.elapsed())
        .saturating_sub(Duration::from_secs(1));
    let rescreen = match tokio::time::timeout(budget, task).await {
        Ok(Ok(Ok(report))) => json!(report),
        Ok(Ok(Err(e))) => {
            tracing::error!(error = %e, "re-screening after an import failed; the next index poll retries");
            json!({ "status": "failed", "detail": e.to_string(), "retry": "on the next index poll" })
        }
        Ok(Err(e)) => {
            json!({ "status": "failed", "detail": e.to_string(), "retry": "on the next index poll" })
        }
        Err(_) => {
            json!({ "status": "running", "detail": "the re-screen goes on after this answer; alerts appear as it proceeds" })
        }
    };
    let (status, version) = match &outcome {
        embargo_store::lists::ImportOutcome::Imported(v) => ("imported", v),
        embargo_store::lists::ImportOutcome::Unchanged { version, reactivated } => {
            (if *reactivated { "reactivated" } else { "unchanged" }, version)
        }
    };
    let code = if status == "imported" { StatusCode::CREATED } else { StatusCode::OK };
    Ok((code, Json(json!({ "status": status, "version": version, "rescreen": rescreen })))
        .into_response())
}
