//! Sign-in, sign-out and the session of a page request.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use embargo_engine::accounts::Account;
use embargo_engine::sessions::SESSION_SECONDS;
use embargo_engine::EngineError;
use serde_json::json;

use super::{render, same};
use crate::AppState;

const SESSION_COOKIE: &str = "embargo_session";
const SIGN_IN_COOKIE: &str = "embargo_sign_in";

/// The signed-in account of a page request, with its session's CSRF token.
#[derive(Debug, Clone)]
pub struct Web {
    /// The account.
    pub account: Account,
    /// The CSRF token of the session's forms.
    pub csrf: String,
    secret: String,
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Whether the browser reached us over TLS (directly or through a proxy that says so).
fn over_tls(parts_uri: &axum::http::Uri, headers: &HeaderMap) -> bool {
    parts_uri.scheme_str() == Some("https")
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("embargo_invalid=; Max-Age=0"))
}

impl FromRequestParts<AppState> for Web {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let to_sign_in = || Redirect::to("/ui/sign-in").into_response();
        let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_sign_in());
        };
        match state.engine.session(secret).await {
            Ok(Some(s)) => Ok(Web { account: s.account, csrf: s.csrf, secret: secret.to_owned() }),
            Ok(None) => Err(to_sign_in()),
            Err(e) => Err(error_page(&e)),
        }
    }
}

fn error_page(e: &EngineError) -> Response {
    let status = crate::error::status_of(e);
    let message = match e {
        EngineError::Internal(m) => {
            tracing::error!(error = %m, "internal error");
            "internal error".to_owned()
        }
        other => other.to_string(),
    };
    render(
        status,
        "error.html",
        json!({"title": status.canonical_reason().unwrap_or("Error"), "status": status.as_u16(), "message": message, "problems": []}),
    )
}

fn sign_in_form(status: StatusCode, error: Option<&str>, secure: bool) -> Response {
    let token = match embargo_engine::sessions::random_secret() {
        Ok(t) => t,
        Err(e) => return error_page(&e),
    };
    let mut r =
        render(status, "sign_in.html", json!({"title": "Sign in", "csrf": token, "error": error}));
    r.headers_mut().append(header::SET_COOKIE, set_cookie(SIGN_IN_COOKIE, &token, 3600, secure));
    r
}

/// `GET /ui/sign-in`: the form (its CSRF token is also set in a short-lived cookie: a
/// double-submit check, since there is no session yet).
pub(crate) async fn sign_in_page(uri: axum::http::Uri, headers: HeaderMap) -> Response {
    sign_in_form(StatusCode::OK, None, over_tls(&uri, &headers))
}

/// `POST /ui/sign-in` `{token, csrf}`: a session for the token's account.
pub(crate) async fn sign_in(
    State(state): State<AppState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let secure = over_tls(&uri, &headers);
    let field = |n: &str| form.iter().find(|(k, _)| k == n).map(|(_, v)| v.trim()).unwrap_or("");
    let expected = cookie(&headers, SIGN_IN_COOKIE).unwrap_or("");
    if expected.is_empty() || !same(field("csrf").as_bytes(), expected.as_bytes()) {
        return sign_in_form(
            StatusCode::FORBIDDEN,
            Some("The form expired or did not come from this site: please sign in again."),
            secure,
        );
    }
    let token = field("token");
    if token.is_empty() {
        return sign_in_form(StatusCode::UNPROCESSABLE_ENTITY, Some("Enter your token."), secure);
    }
    match state.engine.sign_in(token).await {
        Ok(s) => {
            let mut r = Redirect::to("/ui/").into_response();
            let h = r.headers_mut();
            h.append(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &s.secret, SESSION_SECONDS, secure),
            );
            h.append(header::SET_COOKIE, set_cookie(SIGN_IN_COOKIE, "", 0, secure));
            r
        }
        Err(EngineError::Unauthenticated(_)) => sign_in_form(
            StatusCode::UNAUTHORIZED,
            Some("That token is not valid or was revoked."),
            secure,
        ),
        Err(e) => error_page(&e),
    }
}

/// `POST /ui/sign-out` `{csrf}`: ends the session in the store.
pub(crate) async fn sign_out(
    State(state): State<AppState>,
    web: Web,
    uri: axum::http::Uri,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if let Err(e) = super::checked(&web, form) {
        return e.page(&web);
    }
    if let Err(e) = state.engine.sign_out(&web.secret).await {
        return error_page(&e);
    }
    let mut r = Redirect::to("/ui/sign-in").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, over_tls(&uri, &headers)));
    r
}
