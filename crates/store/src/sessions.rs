//! Sessions of the web interface: the SHA-256 of a browser's session secret, the account it
//! signed in as, the CSRF token of its forms and its expiry (Unix seconds, from the engine's
//! clock). Reads join the account, so a revoked account's sessions end with it.

use sqlx::Row;

use crate::accounts::AccountRow;
use crate::{Store, StoreError};

/// A live session: its account and the CSRF token of its forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// The account signed in.
    pub account: AccountRow,
    /// The CSRF token every form of this session carries.
    pub csrf: String,
    /// When it expires (Unix seconds).
    pub expires_at: i64,
}

impl Store {
    /// Stores a new session (and removes the expired ones, so the table stays small).
    pub async fn create_session(
        &self,
        secret_hash: &str,
        account: &str,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM web_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO web_sessions (secret_hash, account, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(secret_hash)
        .bind(account)
        .bind(csrf)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live session whose secret hashes to `secret_hash` at `now`, with its active account.
    pub async fn session(
        &self,
        secret_hash: &str,
        now: i64,
    ) -> Result<Option<SessionRow>, StoreError> {
        let r = sqlx::query(
            "SELECT a.name, a.role, a.state, a.submitter, a.created_at, a.revoked_at, s.csrf, s.expires_at \
             FROM web_sessions s JOIN accounts a ON a.name = s.account \
             WHERE s.secret_hash = $1 AND s.expires_at > $2 AND a.revoked_at IS NULL",
        )
        .bind(secret_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = r else { return Ok(None) };
        Ok(Some(SessionRow {
            account: AccountRow {
                name: r.try_get("name")?,
                role: r.try_get("role")?,
                state: r.try_get("state")?,
                submitter: r.try_get("submitter")?,
                created_at: r.try_get("created_at")?,
                revoked_at: r.try_get("revoked_at")?,
            },
            csrf: r.try_get("csrf")?,
            expires_at: r.try_get("expires_at")?,
        }))
    }

    /// Ends a session (signing out); ending one that does not exist is not an error.
    pub async fn end_session(&self, secret_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM web_sessions WHERE secret_hash = $1")
            .bind(secret_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
