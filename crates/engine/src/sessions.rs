//! Sessions of the web interface: signing in with an account's token gives a random session
//! secret (for a cookie) and a CSRF token (for every form); the store keeps only the secret's
//! SHA-256, so a copy of the table signs nobody in. Sessions live in the store, not in a
//! server's memory: several servers over one PostgreSQL share them.

use embargo_domain::country::CountryCode;
use embargo_store::accounts::AccountRow;

use crate::accounts::{token_hash, Account, Role};
use crate::{Engine, EngineError};

/// How long a session lasts, in seconds (a working day and a half).
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// A new session: the secret goes into the cookie, the CSRF token into every form.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The session secret (shown to the browser once, never stored).
    pub secret: String,
    /// The CSRF token of the session's forms.
    pub csrf: String,
    /// The account signed in.
    pub account: Account,
}

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The account signed in.
    pub account: Account,
    /// The CSRF token of the session's forms.
    pub csrf: String,
}

/// 32 random bytes, hex.
pub fn random_secret() -> Result<String, EngineError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| EngineError::Internal(format!("no randomness for a session: {e}")))?;
    Ok(hex::encode(bytes))
}

fn account_of(r: &AccountRow) -> Result<Account, EngineError> {
    Ok(Account {
        name: r.name.clone(),
        role: Role::parse(&r.role)
            .map_err(|_| EngineError::Internal(format!("account {}: role `{}`", r.name, r.role)))?,
        state: r
            .state
            .as_deref()
            .map(CountryCode::parse)
            .transpose()
            .map_err(|e| EngineError::Internal(format!("account {}: state: {e}", r.name)))?,
        submitter: r.submitter.clone(),
    })
}

impl Engine {
    fn unix_now(&self) -> i64 {
        self.clock().now().as_second()
    }

    /// Signs in with an account's API token: a new session for that account.
    pub async fn sign_in(&self, token: &str) -> Result<NewSession, EngineError> {
        let account = self.authenticate(token).await?;
        let secret = random_secret()?;
        let csrf = random_secret()?;
        let now = self.unix_now();
        self.store()
            .create_session(&token_hash(&secret), &account.name, &csrf, now, now + SESSION_SECONDS)
            .await?;
        Ok(NewSession { secret, csrf, account })
    }

    /// The live session of a cookie's secret, if any (expired, signed out or of a revoked
    /// account: none).
    pub async fn session(&self, secret: &str) -> Result<Option<Session>, EngineError> {
        let Some(row) = self.store().session(&token_hash(secret), self.unix_now()).await? else {
            return Ok(None);
        };
        Ok(Some(Session { account: account_of(&row.account)?, csrf: row.csrf }))
    }

    /// Signs out: the session ends in the store, for every server.
    pub async fn sign_out(&self, secret: &str) -> Result<(), EngineError> {
        Ok(self.store().end_session(&token_hash(secret)).await?)
    }
}
