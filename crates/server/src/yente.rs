//! The yente-compatible routes: `POST /match/{dataset}`, `GET /catalog`, `GET /algorithms`
//! (shapes of OpenSanctions' yente 5.5; see `embargo_engine::yente`). Same authentication as
//! `/v1/screen` (every role, bearer token); errors are problem details like the rest of the API
//! (an unknown dataset 404, a bad field 422 naming it, a body over the limit 413).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use embargo_engine::yente::MatchParams;
use embargo_engine::EngineError;
use serde_json::Value;

use crate::auth::Authed;
use crate::error::ApiError;
use crate::AppState;

fn json<T: serde::Serialize>(value: &T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|e| EngineError::Internal(e.to_string()).into())
}

/// `POST /match/{dataset}`: yente's body (`{"queries": {ID: {schema, properties}}}`) and query
/// parameters (`threshold`, `cutoff`, `limit`, `algorithm`, `include_dataset`,
/// `exclude_dataset`, `exclude_schema`, `exclude_entity_ids`, `topics`; repeatable ones may be
/// repeated).
pub async fn match_entities(
    State(state): State<AppState>,
    _: Authed,
    Path(dataset): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body = std::str::from_utf8(&body)
        .map_err(|e| EngineError::invalid(format!("invalid body: not UTF-8 ({e})")))?;
    let Query(pairs) =
        query.map_err(|e| EngineError::invalid(format!("invalid query string: {e}")))?;
    let params = MatchParams::from_pairs(pairs)?;
    let result = state.engine.yente_match(&dataset, body, &params).await?;
    let batch = result.responses.len();
    let mut response = Json(json(&result)?).into_response();
    if let Ok(v) = HeaderValue::from_str(&batch.to_string()) {
        response.headers_mut().insert("x-batch-size", v);
    }
    Ok(response)
}

/// `GET /catalog`: `default` and one dataset per stored list, with versions.
pub async fn catalog(State(state): State<AppState>, _: Authed) -> Result<Json<Value>, ApiError> {
    Ok(Json(json(&state.engine.yente_catalog().await?)?))
}

/// `GET /algorithms`: embargo's one algorithm, in yente's shape.
pub async fn algorithms(_: Authed) -> Json<Value> {
    Json(embargo_engine::yente::algorithms())
}
