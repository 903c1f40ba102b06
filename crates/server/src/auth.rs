//! Authentication (bearer tokens) and the rate limit per token.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use embargo_engine::accounts::{Account, Role};
use embargo_engine::EngineError;

use crate::error::ApiError;
use crate::AppState;

/// The authenticated account of a request.
#[derive(Debug, Clone)]
pub struct Authed(pub Account);

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                EngineError::Unauthenticated("send Authorization: Bearer TOKEN".into())
            })?;
        let token = header
            .strip_prefix("Bearer ")
            .ok_or_else(|| EngineError::Unauthenticated("expected a Bearer token".into()))?;
        state.limiter.check(token)?;
        let account = state.engine.authenticate(token).await?;
        Ok(Authed(account))
    }
}

impl Authed {
    /// Refuses unless the account has one of `roles`.
    pub fn require(&self, roles: &[Role], what: &str) -> Result<(), ApiError> {
        if roles.contains(&self.0.role) {
            Ok(())
        } else {
            Err(EngineError::Forbidden(format!(
                "a {} account may not {what}",
                self.0.role.as_str()
            ))
            .into())
        }
    }
}

/// A fixed-window rate limit per token.
#[derive(Debug)]
pub struct Limiter {
    per_window: u32,
    window: Duration,
    seen: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Limiter {
    /// At most `per_window` requests per token per `window`.
    pub fn new(per_window: u32, window: Duration) -> Limiter {
        Limiter { per_window, window, seen: Mutex::new(HashMap::new()) }
    }

    fn check(&self, token: &str) -> Result<(), ApiError> {
        let key = embargo_engine::accounts::token_hash(token);
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() > 100_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = seen.entry(key).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.per_window {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(ApiError::RateLimited(left.as_secs().max(1)));
        }
        Ok(())
    }
}
