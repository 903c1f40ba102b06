//! Accounts: name, role, the State or submitter identity they act for, and the SHA-256 of
//! their API token. Every change is written with an audit event (case `@accounts`) in the same
//! transaction.

use embargo_domain::procedure::audit::EventBody;
use serde::Serialize;
use serde_json::json;
use sqlx::Row;

use crate::audit::{append, clock, lock_head, Written};
use crate::{Store, StoreError};

/// A stored account (never its token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountRow {
    /// Unique name.
    pub name: String,
    /// Role (`submitter`, `member`, `chair`, `secretariat`, `panel`, `licensing`, `analyst`,
    /// `auditor`, `admin`).
    pub role: String,
    /// The State it acts for (members, chairs).
    pub state: Option<String>,
    /// The submitter identity it acts for (submitters).
    pub submitter: Option<String>,
    /// When created (the store's clock).
    pub created_at: String,
    /// When revoked, if it was.
    pub revoked_at: Option<String>,
}

/// The pseudo-request under which account changes are logged.
pub const ACCOUNTS_CASE: &str = "@accounts";

fn row(r: &sqlx::any::AnyRow) -> Result<AccountRow, StoreError> {
    Ok(AccountRow {
        name: r.try_get("name")?,
        role: r.try_get("role")?,
        state: r.try_get("state")?,
        submitter: r.try_get("submitter")?,
        created_at: r.try_get("created_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

impl Store {
    /// Creates an account whose token hashes to `token_hash`; `by` is who created it.
    pub async fn create_account(
        &self,
        account: &AccountRow,
        token_hash: &str,
        by: &str,
    ) -> Result<AccountRow, StoreError> {
        let mut tx = self.pool().begin().await?;
        let tail = lock_head(&mut tx).await?;
        let recorded = clock(&mut tx, self.backend()).await?;
        let exists = sqlx::query("SELECT 1 AS one FROM accounts WHERE name = $1")
            .bind(&account.name)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(format!("account {} already exists", account.name)));
        }
        let at = recorded.to_string();
        sqlx::query(
            "INSERT INTO accounts (name, role, state, submitter, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&account.name)
        .bind(&account.role)
        .bind(&account.state)
        .bind(&account.submitter)
        .bind(token_hash)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let body = account_event(
            "account_created",
            by,
            &at,
            json!({
                "name": account.name, "role": account.role, "state": account.state, "submitter": account.submitter,
            }),
        );
        let written = Written {
            recorded_at: recorded,
            command: json!({"command": "account_created"}),
            state: None,
        };
        append(&mut tx, tail, vec![body], written).await?;
        tx.commit().await?;
        Ok(AccountRow { created_at: at, revoked_at: None, ..account.clone() })
    }

    /// Revokes an account (its token stops working at once).
    pub async fn revoke_account(&self, name: &str, by: &str) -> Result<AccountRow, StoreError> {
        let mut tx = self.pool().begin().await?;
        let tail = lock_head(&mut tx).await?;
        let recorded = clock(&mut tx, self.backend()).await?;
        let at = recorded.to_string();
        let updated = sqlx::query(
            "UPDATE accounts SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
        )
        .bind(&at)
        .bind(name)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::NotFound(format!("active account {name}")));
        }
        let body = account_event("account_revoked", by, &at, json!({ "name": name }));
        let written = Written {
            recorded_at: recorded,
            command: json!({"command": "account_revoked"}),
            state: None,
        };
        append(&mut tx, tail, vec![body], written).await?;
        let r = sqlx::query("SELECT name, role, state, submitter, created_at, revoked_at FROM accounts WHERE name = $1")
            .bind(name)
            .fetch_one(&mut *tx)
            .await?;
        let account = row(&r)?;
        tx.commit().await?;
        Ok(account)
    }

    /// Every account, by name.
    pub async fn accounts(&self) -> Result<Vec<AccountRow>, StoreError> {
        let rows = sqlx::query("SELECT name, role, state, submitter, created_at, revoked_at FROM accounts ORDER BY name")
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(row).collect()
    }

    /// The active account whose token hashes to `token_hash`.
    pub async fn account_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<AccountRow>, StoreError> {
        let r = sqlx::query("SELECT name, role, state, submitter, created_at, revoked_at FROM accounts WHERE token_hash = $1 AND revoked_at IS NULL")
            .bind(token_hash)
            .fetch_optional(self.pool())
            .await?;
        r.as_ref().map(row).transpose()
    }
}

fn account_event(kind: &str, by: &str, at: &str, data: serde_json::Value) -> EventBody {
    crate::audit::system_event(ACCOUNTS_CASE, kind, by, at, data)
}
