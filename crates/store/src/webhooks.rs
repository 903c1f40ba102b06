//! Webhooks: subscriptions to events (`list.updated`, `alert.raised`) and their deliveries.
//!
//! A delivery is written by [`enqueue`] inside the transaction of the change that caused it,
//! so it exists exactly when the change does and a restart loses none; the sender claims due
//! deliveries with a lease (so two servers never send one twice at once), and records every
//! attempt: delivered, retried later with exponential backoff, or failed after the last try.
//! Times are milliseconds since the epoch from the store's clock.

use embargo_domain::procedure::audit::EventBody;
use serde::Serialize;
use serde_json::{json, Value};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::audit::{append, clock, lock_head, Written};
use crate::{Store, StoreError};

/// The audit log's case for webhook changes.
pub const WEBHOOKS_CASE: &str = "@webhooks";

/// The events a webhook may ask for.
pub const EVENTS: &[&str] = &["list.updated", "alert.raised"];

/// A webhook (its secret is never read back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Webhook {
    /// Id.
    pub id: i64,
    /// Where deliveries are POSTed.
    pub url: String,
    /// The events it receives.
    pub events: Vec<String>,
    /// When it was added.
    pub created_at: String,
    /// Who added it.
    pub created_by: String,
    /// When it was removed, if it was.
    pub revoked_at: Option<String>,
}

/// One delivery of one event to one webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    /// Id (also sent as `X-Embargo-Delivery`).
    pub id: i64,
    /// The webhook.
    pub hook_id: i64,
    /// The event.
    pub event: String,
    /// The JSON body sent.
    pub body: String,
    /// When it was enqueued (ms).
    pub created_ms: i64,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Attempts made.
    pub attempts: i64,
    /// When the next attempt is due (ms).
    pub next_attempt_ms: i64,
    /// When it was delivered (ms).
    pub delivered_ms: Option<i64>,
    /// The HTTP status of the last attempt.
    pub last_status: Option<i64>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// A due delivery with what sending needs.
#[derive(Debug, Clone)]
pub struct Due {
    /// The delivery.
    pub delivery: Delivery,
    /// The webhook's address.
    pub url: String,
    /// The webhook's secret (the HMAC key).
    pub secret: String,
}

const DELIVERY_COLUMNS: &str = "d.id, d.hook_id, d.event, d.body, d.created_ms, d.status, d.attempts, d.next_attempt_ms, d.delivered_ms, d.last_status, d.last_error";

fn delivery(r: &AnyRow) -> Result<Delivery, StoreError> {
    Ok(Delivery {
        id: r.try_get("id")?,
        hook_id: r.try_get("hook_id")?,
        event: r.try_get("event")?,
        body: r.try_get("body")?,
        created_ms: r.try_get("created_ms")?,
        status: r.try_get("status")?,
        attempts: r
            .try_get::<i64, _>("attempts")
            .or_else(|_| r.try_get::<i32, _>("attempts").map(i64::from))?,
        next_attempt_ms: r.try_get("next_attempt_ms")?,
        delivered_ms: r.try_get("delivered_ms")?,
        last_status: r
            .try_get::<Option<i64>, _>("last_status")
            .or_else(|_| r.try_get::<Option<i32>, _>("last_status").map(|v| v.map(i64::from)))?,
        last_error: r.try_get("last_error")?,
    })
}

fn webhook(r: &AnyRow) -> Result<Webhook, StoreError> {
    let events: String = r.try_get("events")?;
    Ok(Webhook {
        id: r.try_get("id")?,
        url: r.try_get("url")?,
        events: events.split(',').map(str::to_owned).collect(),
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

fn event(kind: &str, by: &str, at: &str, data: serde_json::Value) -> EventBody {
    crate::audit::system_event(WEBHOOKS_CASE, kind, by, at, data)
}

/// Enqueues `payload` as event `name` for every active webhook that asked for it, inside the
/// transaction `tx` of the change it reports. The body is `{event, at, data}`.
pub(crate) async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    name: &str,
    at: jiff::Timestamp,
    payload: Value,
) -> Result<(), StoreError> {
    let body = json!({ "event": name, "at": at.to_string(), "data": payload }).to_string();
    let ms = at.as_millisecond();
    sqlx::query(
        "INSERT INTO webhook_deliveries (hook_id, event, body, created_ms, next_attempt_ms) \
         SELECT id, $1, $2, $3, $4 FROM webhooks \
         WHERE revoked_at IS NULL AND (',' || events || ',') LIKE ('%,' || $5 || ',%')",
    )
    .bind(name)
    .bind(&body)
    .bind(ms)
    .bind(ms)
    .bind(name)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Adds a webhook for `events` (each one of [`EVENTS`]) with its HMAC `secret`.
    pub async fn add_webhook(
        &self,
        url: &str,
        events: &[String],
        secret: &str,
        by: &str,
    ) -> Result<Webhook, StoreError> {
        let mut tx = self.pool().begin().await?;
        let tail = lock_head(&mut tx).await?;
        let recorded = clock(&mut tx, self.backend()).await?;
        let at = recorded.to_string();
        let row = sqlx::query(
            "INSERT INTO webhooks (url, events, secret, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(url)
        .bind(events.join(","))
        .bind(secret)
        .bind(&at)
        .bind(by)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get("id")?;
        let body =
            event("webhook_added", by, &at, json!({ "id": id, "url": url, "events": events }));
        let written = Written {
            recorded_at: recorded,
            command: json!({"command": "webhook_added"}),
            state: None,
        };
        append(&mut tx, tail, vec![body], written).await?;
        tx.commit().await?;
        Ok(Webhook {
            id,
            url: url.to_owned(),
            events: events.to_vec(),
            created_at: at,
            created_by: by.to_owned(),
            revoked_at: None,
        })
    }

    /// Removes webhook `id`: nothing more is enqueued for it (pending deliveries still go).
    pub async fn remove_webhook(&self, id: i64, by: &str) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let tail = lock_head(&mut tx).await?;
        let recorded = clock(&mut tx, self.backend()).await?;
        let at = recorded.to_string();
        let updated =
            sqlx::query("UPDATE webhooks SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(&at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::NotFound(format!("active webhook {id}")));
        }
        let body = event("webhook_removed", by, &at, json!({ "id": id }));
        let written = Written {
            recorded_at: recorded,
            command: json!({"command": "webhook_removed"}),
            state: None,
        };
        append(&mut tx, tail, vec![body], written).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every webhook, by id.
    pub async fn webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, url, events, created_at, created_by, revoked_at FROM webhooks ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(webhook).collect()
    }

    /// Deliveries, newest first, of one webhook or all.
    pub async fn deliveries(
        &self,
        hook: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Delivery>, StoreError> {
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE ($1 < 0 OR d.hook_id = $1) ORDER BY d.id DESC LIMIT $2"
        );
        let rows =
            sqlx::query(&sql).bind(hook.unwrap_or(-1)).bind(limit).fetch_all(self.pool()).await?;
        rows.iter().map(delivery).collect()
    }

    /// The store's clock in milliseconds since the epoch.
    pub async fn now_ms(&self) -> Result<i64, StoreError> {
        Ok(self.clock().await?.as_millisecond())
    }

    /// Claims up to `limit` pending deliveries due at `now_ms` for `lease_ms` (another sender
    /// skips them until the lease ends), oldest first.
    pub async fn claim_due_deliveries(
        &self,
        now_ms: i64,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<Due>, StoreError> {
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS}, w.url, w.secret FROM webhook_deliveries d JOIN webhooks w ON w.id = d.hook_id \
             WHERE d.status = 'pending' AND d.next_attempt_ms <= $1 AND (d.lease_until_ms IS NULL OR d.lease_until_ms <= $1) \
             ORDER BY d.id LIMIT $2"
        );
        let rows = sqlx::query(&sql).bind(now_ms).bind(limit).fetch_all(self.pool()).await?;
        let mut out = Vec::new();
        for r in &rows {
            let d = delivery(r)?;
            // The claim: only one sender's conditional update succeeds.
            let claimed = sqlx::query(
                "UPDATE webhook_deliveries SET lease_until_ms = $1 WHERE id = $2 AND status = 'pending' AND (lease_until_ms IS NULL OR lease_until_ms <= $3)",
            )
            .bind(now_ms + lease_ms)
            .bind(d.id)
            .bind(now_ms)
            .execute(self.pool())
            .await?;
            if claimed.rows_affected() == 1 {
                out.push(Due { delivery: d, url: r.try_get("url")?, secret: r.try_get("secret")? });
            }
        }
        Ok(out)
    }

    /// Records an attempt at delivery `id`: delivered (`next_ms` = `None`, `failed` false),
    /// to be retried at `next_ms`, or failed for good (`failed`).
    pub async fn record_attempt(
        &self,
        id: i64,
        now_ms: i64,
        status: Option<u16>,
        error: Option<&str>,
        next_ms: Option<i64>,
        failed: bool,
    ) -> Result<(), StoreError> {
        let (state, delivered) = match (next_ms, failed) {
            (_, true) => ("failed", None),
            (None, false) => ("delivered", Some(now_ms)),
            (Some(_), false) => ("pending", None),
        };
        sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, status = $1, delivered_ms = $2, next_attempt_ms = $3, lease_until_ms = NULL, last_status = $4, last_error = $5 WHERE id = $6",
        )
        .bind(state)
        .bind(delivered)
        .bind(next_ms.unwrap_or(now_ms))
        .bind(status.map(i64::from))
        .bind(error)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
