//! Problem details (RFC 9457, `application/problem+json`) from the engine's errors.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use embargo_engine::EngineError;
use serde_json::json;

/// An API error: an engine error, or one of the server's own (body too large, rate limit).
#[derive(Debug)]
pub enum ApiError {
    /// From the engine.
    Engine(EngineError),
    /// Too many requests for this token; retry after so many seconds.
    RateLimited(u64),
    /// A body the server will not read.
    TooLarge(String),
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> ApiError {
        ApiError::Engine(e)
    }
}

/// The HTTP status of an engine error code.
pub fn status_of(e: &EngineError) -> StatusCode {
    match e {
        EngineError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        EngineError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        EngineError::Forbidden(_) => StatusCode::FORBIDDEN,
        EngineError::NotFound(_) => StatusCode::NOT_FOUND,
        EngineError::Conflict(_) => StatusCode::CONFLICT,
        EngineError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
        EngineError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
        EngineError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, detail, extra) = match &self {
            ApiError::Engine(e) => {
                let status = status_of(e);
                let mut extra = serde_json::Map::new();
                if let EngineError::Invalid { field: Some(f), .. } = e {
                    extra.insert("field".into(), json!(f));
                }
                if !e.problems().is_empty() {
                    extra.insert("problems".into(), json!(e.problems()));
                }
                let detail = match e {
                    // Never leak internals to a caller; the log has them.
                    EngineError::Internal(m) => {
                        tracing::error!(error = %m, "internal error");
                        "internal error".to_owned()
                    }
                    other => other.to_string(),
                };
                (status, e.code(), detail, extra)
            }
            ApiError::RateLimited(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many requests for this token".to_owned(),
                serde_json::Map::new(),
            ),
            ApiError::TooLarge(m) => {
                (StatusCode::PAYLOAD_TOO_LARGE, "too_large", m.clone(), serde_json::Map::new())
            }
        };
        let mut body = json!({
            "type": format!("https://embargo.invalid/problems/{code}"),
            "title": status.canonical_reason().unwrap_or("error"),
            "status": status.as_u16(),
            "code": code,
            "detail": detail,
        });
        if let Some(map) = body.as_object_mut() {
            map.extend(extra);
        }
        let mut response = (status, body.to_string()).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let ApiError::RateLimited(secs) = self {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}
