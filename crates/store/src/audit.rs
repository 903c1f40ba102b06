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
use embargo_domain::procedure::machine::{Actor, Context};
use embargo_domain::procedure::replay::{first_difference, replay};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::{Backend, Store, StoreError};

/// Takes the writer lock (the `audit_head` row) and returns the chain's tail `(seq, hash)`.
pub(crate) async fn lock_head(tx: &mut Transaction<'_, Any>) -> Result<(i64, String), StoreError> {
    let updated = sqlx::query("UPDATE audit_head SET touched_at = touched_at WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    if updated.rows_affected() != 1 {
        return Err(StoreError::Corrupt(
            "the audit chain head (the audit_head row) is missing: it was deleted outside the store; nothing was done (run `embargo audit verify`)".into(),
        ));
    }
    let row =
        sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&mut **tx).await?;
    Ok((row.try_get::<i64, _>("seq")?, row.try_get::<String, _>("hash")?))
}

/// The store's real clock, read inside the transaction after the writer lock is taken, so
/// times written follow the order of the log. It is the database's clock (one clock for every
/// process that writes to the store), never a caller's.
pub(crate) async fn clock(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
) -> Result<Timestamp, StoreError> {
    let sql = match backend {
        Backend::Sqlite => "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS now",
        Backend::Postgres => {
            "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS now"
        }
    };
    let row = sqlx::query(sql).fetch_one(&mut **tx).await?;
    let text: String = row.try_get("now")?;
    text.parse().map_err(|e| StoreError::Corrupt(format!("the database clock gave `{text}`: {e}")))
}

/// An event of a record that is not a request (accounts, watched subjects, webhooks): case
/// `case` (e.g. `@accounts`), acted by `by` as the system, with no status to move.
pub(crate) fn system_event(
    case: &str,
    kind: &str,
    by: &str,
    at: &str,
    data: serde_json::Value,
) -> EventBody {
    EventBody {
        case: case.to_owned(),
        kind: kind.to_owned(),
        actor: embargo_domain::procedure::machine::Actor {
            role: embargo_domain::procedure::machine::Role::System,
            id: by.to_owned(),
        },
        at: at.to_owned(),
        from: "-".into(),
        to: "-".into(),
        data,
        recorded_at: None,
        command: None,
        state: None,
    }
}

/// What the store adds to the events of one command when it writes them.
pub(crate) struct Written {
    /// The store's clock.
    pub recorded_at: Timestamp,
    /// The command as the state machine applied it (on the last event).
    pub command: serde_json::Value,
    /// The state hash after the command (on the last event), for requests.
    pub state: Option<String>,
}

/// Appends `bodies` after the tail `(seq, hash)` and moves the head. Returns the chained events.
pub(crate) async fn append(
    tx: &mut Transaction<'_, Any>,
    tail: (i64, String),
    bodies: Vec<EventBody>,
    written: Written,
) -> Result<Vec<ChainedEvent>, StoreError> {
    let (mut seq, mut hash) = tail;
    let mut out = Vec::with_capacity(bodies.len());
    let last = bodies.len().saturating_sub(1);
    let recorded_at = written.recorded_at.to_string();
    for (i, mut body) in bodies.into_iter().enumerate() {
        seq += 1;
        body.recorded_at = Some(recorded_at.clone());
        if i == last {
            body.command = Some(written.command.clone());
            body.state = written.state.clone();
        }
        let event = ChainedEvent::link(seq as u64, body, &hash);
        let actor = serde_json::to_string(&event.body.actor)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        sqlx::query(
            "INSERT INTO audit_events (seq, case_ref, kind, actor, at, from_status, to_status, data, prev_hash, hash, recorded_at, command, state_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
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
        .bind(&event.body.recorded_at)
        .bind(event.body.command.as_ref().map(chain::canonical_json))
        .bind(&event.body.state)
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
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2, touched_at = $3 WHERE id = 1")
        .bind(seq)
        .bind(&hash)
        .bind(&recorded_at)
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
    let command = match row.try_get::<Option<String>, _>("command")? {
        Some(text) => {
            Some(serde_json::from_str(&text).map_err(|e| corrupt("command", e.to_string()))?)
        }
        None => None,
    };
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
            recorded_at: row.try_get("recorded_at")?,
            command,
            state: row.try_get("state_hash")?,
        },
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

const EVENT_COLUMNS: &str = "seq, case_ref, kind, actor, at, from_status, to_status, data, prev_hash, hash, recorded_at, command, state_hash";

/// The chain checked against the stored head, and every request against its events.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditReport {
    /// The chain verification (with every break found, in log order).
    #[serde(flatten)]
    pub verification: Verification,
    /// The head as recorded by the last command (`seq`, `hash`); `None` when the head row is
    /// missing.
    pub recorded_head: Option<(i64, String)>,
    /// Requests replayed through the state machine and found equal to their stored state.
    pub requests_replayed: u64,
    /// What could not be checked and why (e.g. events written before commands were recorded).
    pub notes: Vec<String>,
}

impl AuditReport {
    /// Whether the log is intact.
    pub fn ok(&self) -> bool {
        self.verification.ok()
    }
}

/// The head of the chain: its last event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Head {
    /// Sequence number of the last event (0: empty log).
    pub seq: i64,
    /// Its hash.
    pub hash: String,
    /// When it was written (the store's clock), if recorded.
    pub recorded_at: Option<String>,
}

fn brk(seq: u64, kind: chain::BreakKind, message: String) -> ChainBreak {
    ChainBreak { seq, kind, message }
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

    /// The store's real clock (the database's), for a command's procedure time when none is
    /// simulated.
    pub async fn clock(&self) -> Result<Timestamp, StoreError> {
        let mut tx = self.pool().begin().await?;
        let now = clock(&mut tx, self.backend()).await?;
        tx.rollback().await?;
        Ok(now)
    }

    /// The chain's last event (what a checkpoint signs).
    pub async fn audit_head(&self) -> Result<Head, StoreError> {
        let row = sqlx::query(
            "SELECT seq, hash, recorded_at FROM audit_events ORDER BY seq DESC LIMIT 1",
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(match row {
            Some(r) => Head {
                seq: r.try_get("seq")?,
                hash: r.try_get("hash")?,
                recorded_at: r.try_get("recorded_at")?,
            },
            None => Head { seq: 0, hash: chain::GENESIS.to_owned(), recorded_at: None },
        })
    }

    /// Verifies the whole log: the hash chain, its end against the recorded head, the times
    /// (procedure time never backwards along a request, no event dated after it was written,
    /// write times in log order), and every stored request against its events replayed
    /// through the state machine (`ctx`), naming the first field that differs.
    ///
    /// Rows whose columns cannot be read back are reported as altered events rather than
    /// aborting the verification.
    pub async fn verify_audit(&self, ctx: &Context<'_>) -> Result<AuditReport, StoreError> {
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
                    unreadable.push(brk(
                        u64::try_from(seq).unwrap_or(0),
                        chain::BreakKind::Altered,
                        format!("event {seq} cannot be read back ({e}): it was changed"),
                    ));
                }
            }
        }
        let mut verification = chain::verify(&events);
        verification.breaks.extend(unreadable);
        verification.breaks.extend(chain::verify_times(&events));
        let mut notes = Vec::new();
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_optional(self.pool())
            .await?;
        let last_seq = events.last().map_or(0, |e| e.seq as i64);
        let recorded = match head {
            None => {
                verification.breaks.push(brk(
                    u64::try_from(last_seq).unwrap_or(0),
                    chain::BreakKind::Missing,
                    "the chain head (the audit_head row) is missing: it was deleted, so the end of the log cannot be checked against it".into(),
                ));
                None
            }
            Some(head) => {
                Some((head.try_get::<i64, _>("seq")?, head.try_get::<String, _>("hash")?))
            }
        };
        if let Some(recorded) = &recorded {
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
                verification.breaks.push(brk(
                    u64::try_from(last_seq.max(recorded.0)).unwrap_or(0),
                    if recorded.0 > last_seq {
                        chain::BreakKind::Missing
                    } else {
                        chain::BreakKind::Altered
                    },
                    message,
                ));
            }
        }
        let replayed =
            self.verify_states(&events, ctx, &mut verification.breaks, &mut notes).await?;
        verification.breaks.sort_by_key(|b| b.seq);
        Ok(AuditReport {
            verification,
            recorded_head: recorded,
            requests_replayed: replayed,
            notes,
        })
    }

    /// Replays each request's events and compares the result with the stored request.
    async fn verify_states(
        &self,
        events: &[ChainedEvent],
        ctx: &Context<'_>,
        breaks: &mut Vec<ChainBreak>,
        notes: &mut Vec<String>,
    ) -> Result<u64, StoreError> {
        use std::collections::BTreeMap;
        let mut by_case: BTreeMap<&str, Vec<ChainedEvent>> = BTreeMap::new();
        for e in events {
            // `@…` are not requests (e.g. `@accounts`): chained and time-checked, not replayed.
            if !e.body.case.starts_with('@') {
                by_case.entry(e.body.case.as_str()).or_default().push(e.clone());
            }
        }
        let rows = sqlx::query(
            "SELECT reference, owner, status, phase, state FROM requests ORDER BY reference",
        )
        .fetch_all(self.pool())
        .await?;
        let mut stored_refs = std::collections::BTreeSet::new();
        let mut replayed = 0u64;
        for row in &rows {
            let reference: String = row.try_get("reference")?;
            stored_refs.insert(reference.clone());
            let Some(case_events) = by_case.get(reference.as_str()) else {
                breaks.push(brk(0, chain::BreakKind::Missing, format!("request {reference} has no event in the log: its events were removed or it was inserted directly")));
                continue;
            };
            let last = case_events.last().map_or(0, |e| e.seq);
            let status: String = row.try_get("status")?;
            let last_to = case_events.last().map(|e| e.body.to.as_str()).unwrap_or_default();
            if status != last_to {
                breaks.push(brk(last, chain::BreakKind::Altered, format!("request {reference} is stored as {status} but its last event ({last}) leads to {last_to}: the request was changed outside the procedure")));
            }
            if case_events.iter().all(|e| e.body.command.is_none()) {
                notes.push(format!("request {reference}: its events were written before commands were recorded in the log; only its status was checked, not replayed"));
                continue;
            }
            let stored_state: String = row.try_get("state")?;
            let stored: serde_json::Value = match serde_json::from_str(&stored_state) {
                Ok(v) => v,
                Err(e) => {
                    breaks.push(brk(last, chain::BreakKind::State, format!("request {reference}: its stored state cannot be read ({e}): it was changed outside the procedure")));
                    continue;
                }
            };
            match replay(case_events, ctx) {
                Err(e) => breaks.push(brk(
                    e.seq,
                    chain::BreakKind::State,
                    format!("request {reference} does not replay: {e}"),
                )),
                Ok(case) => {
                    replayed += 1;
                    let expected = serde_json::to_value(&case)
                        .map_err(|e| StoreError::Invalid(e.to_string()))?;
                    if let Some(d) = first_difference(&expected, &stored) {
                        breaks.push(brk(last, chain::BreakKind::State, format!("request {reference} is not the state its events lead to: {d}; it was changed outside the procedure")));
                        continue;
                    }
                    let phase: String = row.try_get("phase")?;
                    let owner: String = row.try_get("owner")?;
                    let phase_expected =
                        expected.get("phase").and_then(|p| p.as_str()).unwrap_or_default();
                    if phase != phase_expected || owner != case.owner {
                        breaks.push(brk(last, chain::BreakKind::State, format!("request {reference}: its listed phase or owner ({phase}, {owner}) is not its state's ({phase_expected}, {})", case.owner)));
                    }
                }
            }
        }
        for (reference, case_events) in &by_case {
            if !stored_refs.contains(*reference) {
                let seq = case_events.last().map_or(0, |e| e.seq);
                breaks.push(brk(seq, chain::BreakKind::Missing, format!("the log has events of request {reference} but the request is not stored: it was deleted")));
            }
        }
        Ok(replayed)
    }
}
