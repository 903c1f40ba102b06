//! The append-only, hash-chained audit log.
//!
//! Events are appended only by [`append`], inside the transaction of the command that caused
//! them, after the transaction has taken the `audit_head` row (the first write of every
//! command transaction): the tail is therefore read and extended under one lock, and the
//! primary key on `seq` makes a fork impossible even if that lock were bypassed. Triggers
//! refuse UPDATE and DELETE on `audit_events`; [`Store::verify_audit`] re-computes the chain
//! and compares its end with `audit_head`, so a changed, deleted, reordered or truncated log
//! is reported with the place where it breaks; it also checks that every stored request's
//! status is where its own events lead.

use embargo_domain::procedure::audit::{
    self as chain, ChainBreak, ChainedEvent, EventBody, Verification,
};
use embargo_domain::procedure::machine::Actor;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::{Store, StoreError};

/// Takes the writer lock (the `audit_head` row) and returns the chain's tail `(seq, hash)`.
pub(crate) async fn lock_head(
    tx: &mut Transaction<'_, Any>,
    now: &str,
) -> Result<(i64, String), StoreError> {
    let updated = sqlx::query("UPDATE audit_head SET touched_at = $1 WHERE id = 1")
        .bind(now)
        .execute(&mut **tx)
        .await?;
    if updated.rows_affected() != 1 {
        return Err(StoreError::Corrupt("the audit_head row is missing".into()));
    }
    let row =
        sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&mut **tx).await?;
    Ok((row.try_get::<i64, _>("seq")?, row.try_get::<String, _>("hash")?))
}

/// Appends `bodies` after the tail `(seq, hash)` and moves the head. Returns the chained events.
pub(crate) async fn append(
    tx: &mut Transaction<'_, Any>,
    tail: (i64, String),
    bodies: Vec<EventBody>,
) -> Result<Vec<ChainedEvent>, StoreError> {
    let (mut seq, mut hash) = tail;
    let mut out = Vec::with_capacity(bodies.len());
    for body in bodies {
        seq += 1;
        let event = ChainedEvent::link(seq as u64, body, &hash);
        let actor = serde_json::to_string(&event.body.actor)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        sqlx::query(
            "INSERT INTO audit_events (seq, case_ref, kind, actor, at, from_status, to_status, data, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(seq)
        .bind(&event.body.case)
        .bind(&event.body.kind)
        .bind(actor)
        .bind(&event.body.at)
        .bind(&event.body.from)
        .bind(&event.body.to)
        .bind(chain::canonical_json(&event.body.data))
        .bind(&event.prev_hash)
        .bind(&event.hash)
        .execute(&mut **tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(format!("audit event {seq} was written concurrently"))
            }
            _ => StoreError::Db(e),
        })?;
        hash = event.hash.clone();
        out.push(event);
    }
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(out)
}

fn event_from_row(row: &AnyRow) -> Result<ChainedEvent, StoreError> {
    let seq: i64 = row.try_get("seq")?;
    let corrupt =
        |what: &str, e: String| StoreError::Corrupt(format!("audit event {seq}: {what}: {e}"));
    let actor: Actor = serde_json::from_str(&row.try_get::<String, _>("actor")?)
        .map_err(|e| corrupt("actor", e.to_string()))?;
    let data = serde_json::from_str(&row.try_get::<String, _>("data")?)
        .map_err(|e| corrupt("data", e.to_string()))?;
    Ok(ChainedEvent {
        seq: u64::try_from(seq).map_err(|e| corrupt("seq", e.to_string()))?,
        body: EventBody {
            case: row.try_get("case_ref")?,
            kind: row.try_get("kind")?,
            actor,
            at: row.try_get("at")?,
            from: row.try_get("from_status")?,
            to: row.try_get("to_status")?,
            data,
        },
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

const EVENT_COLUMNS: &str =
    "seq, case_ref, kind, actor, at, from_status, to_status, data, prev_hash, hash";

/// The chain checked against the stored head.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditReport {
    /// The chain verification.
    #[serde(flatten)]
    pub verification: Verification,
    /// The head as recorded by the last command (`seq`, `hash`).
    pub recorded_head: (i64, String),
}

impl AuditReport {
    /// Whether the log is intact.
    pub fn ok(&self) -> bool {
        self.verification.ok()
    }
}

impl Store {
    /// Every audit event, in sequence order (optionally only those of one request).
    pub async fn audit_events(&self, case: Option<&str>) -> Result<Vec<ChainedEvent>, StoreError> {
        let rows = match case {
            Some(reference) => {
                sqlx::query(&format!(
                    "SELECT {EVENT_COLUMNS} FROM audit_events WHERE case_ref = $1 ORDER BY seq"
                ))
                .bind(reference)
                .fetch_all(self.pool())
                .await?
            }
            None => {
                sqlx::query(&format!("SELECT {EVENT_COLUMNS} FROM audit_events ORDER BY seq"))
                    .fetch_all(self.pool())
                    .await?
            }
        };
        rows.iter().map(event_from_row).collect()
    }

    /// Verifies the whole chain and compares its end with the recorded head.
    ///
    /// Rows whose columns cannot be read back are reported as altered events rather than
    /// aborting the verification.
    pub async fn verify_audit(&self) -> Result<AuditReport, StoreError> {
        let rows = sqlx::query(&format!("SELECT {EVENT_COLUMNS} FROM audit_events ORDER BY seq"))
            .fetch_all(self.pool())
            .await?;
        let mut events = Vec::with_capacity(rows.len());
        let mut unreadable = Vec::new();
        for row in &rows {
            match event_from_row(row) {
                Ok(e) => events.push(e),
                Err(e) => {
                    let seq = row.try_get::<i64, _>("seq").unwrap_or(-1);
                    unreadable.push(ChainBreak {
                        seq: u64::try_from(seq).unwrap_or(0),
                        kind: chain::BreakKind::Altered,
                        message: format!("event {seq} cannot be read back ({e}): it was changed"),
                    });
                }
            }
        }
        let mut verification = chain::verify(&events);
        verification.breaks.extend(unreadable);
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(self.pool())
            .await?;
        let recorded: (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
        let last_seq = events.last().map_or(0, |e| e.seq as i64);
        if recorded.0 != last_seq || (recorded.0 > 0 && recorded.1 != verification.head) {
            let message = if recorded.0 > last_seq {
                format!("the log ends at event {last_seq} but event {} was written: events after {last_seq} were removed", recorded.0)
            } else if recorded.0 < last_seq {
                format!(
                    "the log has events after {}, the last one written through the store",
                    recorded.0
                )
            } else {
                format!(
                    "the last event {last_seq} does not have the hash recorded when it was written"
                )
            };
            verification.breaks.push(ChainBreak {
                seq: u64::try_from(last_seq.max(recorded.0)).unwrap_or(0),
                kind: if recorded.0 > last_seq {
                    chain::BreakKind::Missing
                } else {
                    chain::BreakKind::Altered
                },
                message,
            });
        }
        // Each request's stored status must be where its own events lead.
        let mut last_status: std::collections::BTreeMap<&str, (u64, &str)> =
            std::collections::BTreeMap::new();
        for e in &events {
            last_status.insert(e.body.case.as_str(), (e.seq, e.body.to.as_str()));
        }
        let rows = sqlx::query("SELECT reference, status FROM requests ORDER BY reference")
            .fetch_all(self.pool())
            .await?;
        for row in &rows {
            let reference: String = row.try_get("reference")?;
            let status: String = row.try_get("status")?;
            match last_status.get(reference.as_str()) {
                Some((seq, to)) if *to != status => verification.breaks.push(ChainBreak {
                    seq: *seq,
                    kind: chain::BreakKind::Altered,
                    message: format!(
                        "request {reference} is stored as {status} but its last event ({seq}) leads to {to}: the request was changed outside the procedure"
                    ),
                }),
                Some(_) => {}
                None => verification.breaks.push(ChainBreak {
                    seq: 0,
                    kind: chain::BreakKind::Missing,
                    message: format!("request {reference} has no event in the log: its events were removed or it was inserted directly"),
                }),
            }
        }
        verification.breaks.sort_by_key(|b| b.seq);
        Ok(AuditReport { verification, recorded_head: recorded })
    }
}
