//! Continuous screening (issue 11): watched subjects, decisions on their hits and alerts.
//!
//! Every state change — subjects added or removed, a decision, alerts raised or closed — is
//! written with its audit event (case [`WATCH_CASE`]) in the same transaction, after the writer
//! lock ([`lock_head`]). Bulk changes are written by the caller in chunks, one transaction and
//! one audit event per chunk: the event names every subject or alert id of the chunk and the
//! SHA-256 of their content, so the log proves what was registered without one event per row.
//!
//! The store decides nothing about screening: which hit raises an alert, which decision
//! suppresses it and why an alert closes are the engine's; the store only refuses a second open
//! alert on the same subject and record (a unique partial index) and a decision on a closed
//! alert.

use embargo_domain::procedure::audit::{canonical_json, ChainedEvent, EventBody};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use crate::audit::{append, clock, lock_head, Written};
use crate::{Store, StoreError};

mod alerts;
mod parties;
mod versions;

pub(crate) use parties::watch_parties;
pub use parties::PartyWatch;

/// The pseudo-request under which watch changes are logged.
pub const WATCH_CASE: &str = "@watch";

/// Event kinds of the watch log (kept here as strings, beside the procedure's own).
pub mod kinds {
    /// Subjects registered (one event per chunk).
    pub const SUBJECTS_ADDED: &str = "subjects_added";
    /// A subject removed.
    pub const SUBJECT_REMOVED: &str = "subject_removed";
    /// A decision on a hit.
    pub const DECISION: &str = "hit_decided";
    /// Alerts raised (one event per chunk).
    pub const ALERTS_RAISED: &str = "alerts_raised";
    /// Alerts closed (one event per chunk).
    pub const ALERTS_CLOSED: &str = "alerts_closed";
    /// A request's party amended: its subject's content replaced.
    pub const SUBJECT_AMENDED: &str = "subject_amended";
}

/// Decision outcomes.
pub mod outcomes {
    /// A true match.
    pub const CONFIRMED: &str = "confirmed";
    /// A false positive.
    pub const CLEARED: &str = "cleared";
    /// Passed on for a second opinion; the alert stays open.
    pub const ESCALATED: &str = "escalated";
    /// Every outcome.
    pub const ALL: [&str; 3] = [CONFIRMED, CLEARED, ESCALATED];
}

/// Alert statuses.
pub mod statuses {
    /// Waiting for a decision.
    pub const OPEN: &str = "open";
    /// Decided, or its record was removed or no longer matches.
    pub const CLOSED: &str = "closed";
}

/// A subject to register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewSubject {
    /// The client's id (unique, forever).
    pub id: String,
    /// The name.
    pub name: String,
    /// `person`, `entity`, `vessel`, `aircraft`.
    pub kind: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Date of birth as given (validated by the engine).
    pub birth_date: Option<String>,
    /// Nationality as given.
    pub nationality: Option<String>,
    /// Identity document numbers.
    pub documents: Vec<String>,
    /// `watch` (registered by a client) or `request:REF#party`.
    pub origin: String,
}

/// A stored subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectRow {
    /// The subject.
    #[serde(flatten)]
    pub subject: NewSubject,
    /// When registered (the store's clock).
    pub created_at: String,
    /// When removed, if it was.
    pub removed_at: Option<String>,
    /// 0 when its content has been screened; otherwise the audit seq of the event that
    /// registered or changed it, not yet screened (see [`Store::mark_screened`]).
    #[serde(skip)]
    pub pending: i64,
}

/// What a bulk registration did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Registered {
    /// New subjects written.
    pub added: u64,
    /// Subjects already registered with the same content (nothing written).
    pub unchanged: u64,
    /// The `pending` mark the new subjects were written with (0 when none was new).
    #[serde(skip)]
    pub pending: i64,
}

/// A stored decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionRow {
    /// Store id.
    pub id: i64,
    /// The subject.
    pub subject_id: String,
    /// The record (`source:reference`).
    pub record_id: String,
    /// Fingerprint of the record's identifying content decided on.
    pub fingerprint: String,
    /// That content (JSON).
    pub identity: serde_json::Value,
    /// `confirmed`, `cleared` or `escalated`.
    pub outcome: String,
    /// Why.
    pub reason: String,
    /// Who (the authenticated account, or the CLI's actor).
    pub actor: String,
    /// The alert decided on.
    pub alert_id: Option<i64>,
    /// When (the store's clock).
    pub decided_at: String,
}

/// An alert to raise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewAlert {
    /// The subject.
    pub subject_id: String,
    /// The record (`source:reference`).
    pub record_id: String,
    /// Fingerprint of the record's identifying content.
    pub fingerprint: String,
    /// That content.
    pub identity: serde_json::Value,
    /// The score.
    pub score: f64,
    /// The hit: listed name, matched name, explanation.
    pub hit: serde_json::Value,
    /// The version of the record's list that raised it.
    pub list_version: i64,
    /// Every list version screened against.
    pub lists: serde_json::Value,
    /// What raised it.
    pub change: String,
}

/// A stored alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertRow {
    /// Store id.
    pub id: i64,
    /// The alert.
    #[serde(flatten)]
    pub alert: NewAlert,
    /// `open` or `closed`.
    pub status: String,
    /// When raised (the store's clock).
    pub raised_at: String,
    /// When closed.
    pub closed_at: Option<String>,
    /// Why closed.
    pub closed_reason: Option<String>,
}

/// The alerts of one screening transaction: what to raise and what to close.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertChanges {
    /// Alerts to raise.
    pub raise: Vec<NewAlert>,
    /// Open alerts to close, with the reason.
    pub close: Vec<(i64, String)>,
}

/// What [`Store::apply_alert_changes`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// Ids of the alerts raised.
    pub raised: Vec<i64>,
    /// Ids of the alerts closed.
    pub closed: Vec<i64>,
    /// Raises skipped because an open alert on the same pair was written meanwhile, and closes
    /// of alerts already closed meanwhile.
    pub skipped: u64,
}

const SUBJECT_COLUMNS: &str =
    "id, name, kind, aliases, birth_date, nationality, documents, origin, created_at, removed_at";
/// What a stored subject is read with.
const SUBJECT_READ: &str = "id, name, kind, aliases, birth_date, nationality, documents, origin, created_at, removed_at, pending";
const ALERT_COLUMNS: &str = "id, subject_id, record_id, fingerprint, identity, score, hit, list_version, lists, change, status, raised_at, closed_at, closed_reason";
const DECISION_COLUMNS: &str =
    "id, subject_id, record_id, fingerprint, identity, outcome, reason, actor, alert_id, decided_at";

/// Rows per multi-row INSERT of subjects (10 parameters each).
const SUBJECT_BATCH: usize = 200;

fn json_col<T: serde::de::DeserializeOwned>(
    r: &sqlx::any::AnyRow,
    col: &str,
) -> Result<T, StoreError> {
    let text: String = r.try_get(col)?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("{col} `{text}`: {e}")))
}

fn to_json(v: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn subject_row(r: &sqlx::any::AnyRow) -> Result<SubjectRow, StoreError> {
    Ok(SubjectRow {
        subject: NewSubject {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            kind: r.try_get("kind")?,
            aliases: json_col(r, "aliases")?,
            birth_date: r.try_get("birth_date")?,
            nationality: r.try_get("nationality")?,
            documents: json_col(r, "documents")?,
            origin: r.try_get("origin")?,
        },
        created_at: r.try_get("created_at")?,
        removed_at: r.try_get("removed_at")?,
        pending: r.try_get("pending")?,
    })
}

fn alert_row(r: &sqlx::any::AnyRow) -> Result<AlertRow, StoreError> {
    Ok(AlertRow {
        id: r.try_get("id")?,
        alert: NewAlert {
            subject_id: r.try_get("subject_id")?,
            record_id: r.try_get("record_id")?,
            fingerprint: r.try_get("fingerprint")?,
            identity: json_col(r, "identity")?,
            score: r.try_get("score")?,
            hit: json_col(r, "hit")?,
            list_version: r.try_get("list_version")?,
            lists: json_col(r, "lists")?,
            change: r.try_get("change")?,
        },
        status: r.try_get("status")?,
        raised_at: r.try_get("raised_at")?,
        closed_at: r.try_get("closed_at")?,
        closed_reason: r.try_get("closed_reason")?,
    })
}

fn decision_row(r: &sqlx::any::AnyRow) -> Result<DecisionRow, StoreError> {
    Ok(DecisionRow {
        id: r.try_get("id")?,
        subject_id: r.try_get("subject_id")?,
        record_id: r.try_get("record_id")?,
        fingerprint: r.try_get("fingerprint")?,
        identity: json_col(r, "identity")?,
        outcome: r.try_get("outcome")?,
        reason: r.try_get("reason")?,
        actor: r.try_get("actor")?,
        alert_id: r.try_get("alert_id")?,
        decided_at: r.try_get("decided_at")?,
    })
}

fn event(kind: &str, by: &str, at: &str, data: serde_json::Value) -> EventBody {
    crate::audit::system_event(WATCH_CASE, kind, by, at, data)
}

fn written(recorded_at: jiff::Timestamp, command: &str) -> Written {
    Written { recorded_at, command: json!({ "command": command }), state: None }
}

/// The tail of the chain after `events` were appended at `tail`.
pub(crate) fn tail_after(tail: (i64, String), events: &[ChainedEvent]) -> (i64, String) {
    match events.last() {
        Some(e) => (e.seq as i64, e.hash.clone()),
        None => tail,
    }
}

/// Registers `subjects` inside `tx` (pending their first screening), with one audit event;
/// returns what was registered and the chain's new tail. See [`Store::add_subjects`].
async fn insert_subjects(
    tx: &mut Transaction<'_, Any>,
    mut tail: (i64, String),
    recorded: Timestamp,
    subjects: &[NewSubject],
    by: &str,
) -> Result<(Registered, (i64, String)), StoreError> {
    let at = recorded.to_string();
    let mut existing = std::collections::HashMap::new();
    for part in subjects.chunks(SUBJECT_BATCH * 4) {
        let sql = format!(
            "SELECT {SUBJECT_READ} FROM watch_subjects WHERE id IN ({})",
            marks(1, part.len())
        );
        let mut q = sqlx::query(&sql);
        for s in part {
            q = q.bind(&s.id);
        }
        for r in q.fetch_all(&mut **tx).await? {
            let row = subject_row(&r)?;
            existing.insert(row.subject.id.clone(), row);
        }
    }
    let mut fresh: Vec<&NewSubject> = Vec::with_capacity(subjects.len());
    let mut seen = std::collections::HashSet::new();
    let mut unchanged = 0u64;
    for s in subjects {
        if !seen.insert(s.id.as_str()) {
            return Err(StoreError::Conflict(format!("subject {} is given twice", s.id)));
        }
        match existing.get(&s.id) {
            Some(row) if row.removed_at.is_some() => {
                return Err(StoreError::Conflict(format!(
                    "subject {} was removed on {}; a removed subject's id is not reused",
                    s.id,
                    row.removed_at.as_deref().unwrap_or_default()
                )))
            }
            Some(row) if row.subject == *s => unchanged += 1,
            Some(_) => {
                return Err(StoreError::Conflict(format!(
                    "subject {} is already registered with other content",
                    s.id
                )))
            }
            None => fresh.push(s),
        }
    }
    let mut digest = Sha256::new();
    for part in fresh.chunks(SUBJECT_BATCH) {
        let rows: Vec<String> = (0..part.len())
            .map(|i| format!("({}, {})", marks(i * 10 + 1, 10), tail.0 + 1))
            .collect();
        let sql = format!(
            "INSERT INTO watch_subjects ({SUBJECT_COLUMNS}, pending) VALUES {}",
            rows.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for s in part {
            let aliases = to_json(&s.aliases)?;
            let documents = to_json(&s.documents)?;
            digest.update(canonical_json(&json!(s)).as_bytes());
            digest.update(b"\n");
            q = q
                .bind(&s.id)
                .bind(&s.name)
                .bind(&s.kind)
                .bind(aliases)
                .bind(&s.birth_date)
                .bind(&s.nationality)
                .bind(documents)
                .bind(&s.origin)
                .bind(&at)
                .bind(None::<String>);
        }
        q.execute(&mut **tx).await?;
    }
    if !fresh.is_empty() {
        let ids: Vec<&str> = fresh.iter().map(|s| s.id.as_str()).collect();
        let body = event(
            kinds::SUBJECTS_ADDED,
            by,
            &at,
            json!({ "count": ids.len(), "ids": ids, "content_sha256": hex::encode(digest.finalize()) }),
        );
        let events =
            append(tx, tail.clone(), vec![body], written(recorded, kinds::SUBJECTS_ADDED)).await?;
        tail = tail_after(tail, &events);
    }
    let pending = if fresh.is_empty() { 0 } else { tail.0 };
    Ok((Registered { added: fresh.len() as u64, unchanged, pending }, tail))
}

/// Runs the query `sql(placeholders)` once per chunk of `ids` (bound as `$1 … $n` in the
/// placeholders' place) and maps each row; rows come chunk after chunk.
async fn select_in<T>(
    store: &Store,
    ids: &[String],
    sql: impl Fn(&str) -> String,
    row: impl Fn(&sqlx::any::AnyRow) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    for part in ids.chunks(500) {
        let sql = sql(&marks(1, part.len()));
        let mut q = sqlx::query(&sql);
        for id in part {
            q = q.bind(id);
        }
        for r in q.fetch_all(store.pool()).await? {
            out.push(row(&r)?);
        }
    }
    Ok(out)
}

/// `$first, …, $(first+n-1)`.
fn marks(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// Registers `subjects` in one transaction with one audit event (the caller chunks a large
    /// registration). A subject already registered with the same content is counted as
    /// unchanged; an id already taken with other content (or by a removed subject) is a
    /// conflict naming the id, and nothing of this chunk is written.
    pub async fn add_subjects(
        &self,
        subjects: &[NewSubject],
        by: &str,
    ) -> Result<Registered, StoreError> {
        if subjects.is_empty() {
            return Ok(Registered::default());
        }
        let mut tx = self.pool().begin().await?;
        let tail = lock_head(&mut tx).await?;
        let recorded = clock(&mut tx, self.backend()).await?;
        let (registered, _) = insert_subjects(&mut tx, tail, recorded, subjects, by).await?;
        tx.commit().await?;
        Ok(registered)
    }

    /// Removes a subject (its row stays, stamped) and closes its open alerts.
    pub async fn remove_subject(&self, id: &str, by: &str) -> Result<SubjectRow, StoreError> {
        let mut tx = self.pool().begin().await?;
        let tail = lock_head(&mut tx).await?;
        let recorded = clock(&mut tx, self.backend()).await?;
        let (row, _) = remove_subject_in(&mut tx, tail, recorded, id, by).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The ids of the active subjects whose id starts with `prefix` (a request's parties).
    pub async fn subjects_with_prefix(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let mut tx = self.pool().begin().await?;
        let ids = subjects_with_prefix_in(&mut tx, prefix).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Replaces the content of subject `new.id` (a request's party amended, or a party
    /// removed by an earlier amendment that is back): its open alerts close, and the decisions
    /// taken before (on the old content) stop counting. Returns whether anything changed; a
    /// subject that does not exist is `NotFound`.
    pub async fn amend_subject(&self, new: &NewSubject, by: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool().begin().await?;
        let tail = lock_head(&mut tx).await?;
        let recorded = clock(&mut tx, self.backend()).await?;
        let (changed, _) = amend_subject_in(&mut tx, tail, recorded, new, by).await?;
        if changed {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(changed)
    }

    /// Marks `subjects` (id and the `pending` mark they were read with) as screened. A subject
    /// registered or changed again since it was read keeps its new mark: it is screened again.
    pub async fn mark_screened(&self, subjects: &[(String, i64)]) -> Result<u64, StoreError> {
        // Subjects registered together share their mark: one statement per mark and chunk.
        let mut by_mark: std::collections::BTreeMap<i64, Vec<&str>> = Default::default();
        for (id, mark) in subjects.iter().filter(|(_, m)| *m != 0) {
            by_mark.entry(*mark).or_default().push(id);
        }
        let mut marked = 0;
        for (mark, ids) in by_mark {
            for part in ids.chunks(SUBJECT_BATCH * 4) {
                let sql = format!(
                    "UPDATE watch_subjects SET pending = 0 WHERE pending = $1 AND id IN ({})",
                    marks(2, part.len())
                );
                let mut q = sqlx::query(&sql).bind(mark);
                for id in part {
                    q = q.bind(*id);
                }
                marked += q.execute(self.pool()).await?.rows_affected();
            }
        }
        Ok(marked)
    }

    /// Active subjects registered or changed and not screened since, with an id after `after`,
    /// by id, at most `limit`.
    pub async fn pending_subjects(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SubjectRow>, StoreError> {
        self.active_subjects(true, after, None, limit).await
    }

    /// Active subjects with an id after `after`, by id, at most `limit` (keyset paging: a
    /// million subjects are read a page at a time).
    pub async fn subjects_page(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SubjectRow>, StoreError> {
        self.active_subjects(false, after, None, limit).await
    }

    /// Active subjects with ids after `after` and at most `upto`, by id, at most `limit`.
    pub async fn subjects_page_upto(
        &self,
        after: Option<&str>,
        upto: &str,
        limit: usize,
    ) -> Result<Vec<SubjectRow>, StoreError> {
        self.active_subjects(false, after, Some(upto), limit).await
    }

    /// Active subjects (only those pending a screening if `pending`) with ids after `after`
    /// and at most `upto`, by id, at most `limit`.
    async fn active_subjects(
        &self,
        pending: bool,
        after: Option<&str>,
        upto: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SubjectRow>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let pending = if pending { "pending <> 0 AND " } else { "" };
        let upto_clause = if upto.is_some() { " AND id <= $3" } else { "" };
        let sql = format!(
            "SELECT {SUBJECT_READ} FROM watch_subjects WHERE {pending}removed_at IS NULL AND id > $1{upto_clause} ORDER BY id LIMIT $2"
        );
        let mut query = sqlx::query(&sql).bind(after.unwrap_or("")).bind(limit);
        if let Some(upto) = upto {
            query = query.bind(upto);
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter().map(subject_row).collect()
    }

    /// The id of every `every`-th active subject in id order (the last ids of full chunks of
    /// `every` subjects), read in one query.
    pub async fn subject_bounds(&self, every: usize) -> Result<Vec<String>, StoreError> {
        let every = i64::try_from(every.max(1)).unwrap_or(i64::MAX);
        let rows = sqlx::query(
            "SELECT id FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM watch_subjects WHERE removed_at IS NULL) numbered WHERE n % $1 = 0 ORDER BY id",
        )
        .bind(every)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| Ok(r.try_get::<String, _>("id")?)).collect()
    }

    /// Active subjects among `ids`.
    pub async fn subjects_by_id(&self, ids: &[String]) -> Result<Vec<SubjectRow>, StoreError> {
        let sql = |m: &str| {
            format!("SELECT {SUBJECT_READ} FROM watch_subjects WHERE removed_at IS NULL AND id IN ({m}) ORDER BY id")
        };
        select_in(self, ids, sql, subject_row).await
    }

    /// One subject (removed ones too).
    pub async fn subject(&self, id: &str) -> Result<SubjectRow, StoreError> {
        let r = sqlx::query(&format!("SELECT {SUBJECT_READ} FROM watch_subjects WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("subject {id}")))?;
        subject_row(&r)
    }

    /// How many active subjects there are.
    pub async fn subject_count(&self) -> Result<i64, StoreError> {
        let r = sqlx::query("SELECT COUNT(*) AS n FROM watch_subjects WHERE removed_at IS NULL")
            .fetch_one(self.pool())
            .await?;
        Ok(r.try_get("n")?)
    }
}

/// Removes subject `id` inside `tx` (see [`Store::remove_subject`]); returns its row and the
/// chain's new tail.
async fn remove_subject_in(
    tx: &mut Transaction<'_, Any>,
    tail: (i64, String),
    recorded: Timestamp,
    id: &str,
    by: &str,
) -> Result<(SubjectRow, (i64, String)), StoreError> {
    let at = recorded.to_string();
    let updated = sqlx::query(
        "UPDATE watch_subjects SET removed_at = $1, pending = 0 WHERE id = $2 AND removed_at IS NULL",
    )
    .bind(&at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(StoreError::NotFound(format!("subject {id}")));
    }
    let reason = format!("subject {id} removed by {by}");
    let closed = close_open_alerts(tx, id, &at, &reason).await?;
    let body = event(
        kinds::SUBJECT_REMOVED,
        by,
        &at,
        json!({ "id": id, "alerts_closed": closed, "reason": reason }),
    );
    let events =
        append(tx, tail.clone(), vec![body], written(recorded, kinds::SUBJECT_REMOVED)).await?;
    let r = sqlx::query(&format!("SELECT {SUBJECT_READ} FROM watch_subjects WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    Ok((subject_row(&r)?, tail_after(tail, &events)))
}

/// Closes the open alerts of subject `id` with `reason`; returns their ids.
async fn close_open_alerts(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    at: &str,
    reason: &str,
) -> Result<Vec<i64>, StoreError> {
    let open: Vec<i64> = sqlx::query(
        "SELECT id FROM watch_alerts WHERE subject_id = $1 AND status = 'open' ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| r.try_get::<i64, _>("id"))
    .collect::<Result<_, _>>()?;
    sqlx::query(
        "UPDATE watch_alerts SET status = 'closed', closed_at = $1, closed_reason = $2 WHERE subject_id = $3 AND status = 'open'",
    )
    .bind(at)
    .bind(reason)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(open)
}

/// The ids of the active subjects whose id starts with `prefix`, inside `tx`.
async fn subjects_with_prefix_in(
    tx: &mut Transaction<'_, Any>,
    prefix: &str,
) -> Result<Vec<String>, StoreError> {
    let mut pattern = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '%' | '_' | '!') {
            pattern.push('!');
        }
        pattern.push(c);
    }
    pattern.push('%');
    let rows = sqlx::query(
        "SELECT id FROM watch_subjects WHERE id LIKE $1 ESCAPE '!' AND removed_at IS NULL ORDER BY id",
    )
    .bind(pattern)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(|r| Ok(r.try_get::<String, _>("id")?)).collect()
}

/// Replaces subject `new.id`'s content inside `tx` (see [`Store::amend_subject`]); a subject
/// removed before is reinstated with the new content. Returns whether anything changed and the
/// chain's new tail.
async fn amend_subject_in(
    tx: &mut Transaction<'_, Any>,
    tail: (i64, String),
    recorded: Timestamp,
    new: &NewSubject,
    by: &str,
) -> Result<(bool, (i64, String)), StoreError> {
    let at = recorded.to_string();
    let r = sqlx::query(&format!("SELECT {SUBJECT_READ} FROM watch_subjects WHERE id = $1"))
        .bind(&new.id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("subject {}", new.id)))?;
    let old = subject_row(&r)?;
    if old.subject.origin != new.origin {
        return Err(StoreError::Conflict(format!(
            "subject {} was registered by {}, not as {}",
            new.id, old.subject.origin, new.origin
        )));
    }
    let reinstated = old.removed_at.is_some();
    if old.subject == *new && !reinstated {
        return Ok((false, tail));
    }
    sqlx::query(
        "UPDATE watch_subjects SET name = $1, kind = $2, aliases = $3, birth_date = $4, nationality = $5, documents = $6, \
         decisions_after = (SELECT COALESCE(MAX(id), 0) FROM watch_decisions), removed_at = NULL, pending = $7 WHERE id = $8",
    )
    .bind(&new.name)
    .bind(&new.kind)
    .bind(to_json(&new.aliases)?)
    .bind(&new.birth_date)
    .bind(&new.nationality)
    .bind(to_json(&new.documents)?)
    .bind(tail.0 + 1)
    .bind(&new.id)
    .execute(&mut **tx)
    .await?;
    let reason =
        format!("subject {} amended by {by}: `{}` is now `{}`", new.id, old.subject.name, new.name);
    let closed = close_open_alerts(tx, &new.id, &at, &reason).await?;
    let body = event(
        kinds::SUBJECT_AMENDED,
        by,
        &at,
        json!({ "id": new.id, "from": old.subject, "to": new, "alerts_closed": closed, "reinstated": reinstated }),
    );
    let events =
        append(tx, tail.clone(), vec![body], written(recorded, kinds::SUBJECT_AMENDED)).await?;
    Ok((true, tail_after(tail, &events)))
}
