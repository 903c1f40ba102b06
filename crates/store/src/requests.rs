//! Exemption requests: the stored state of each case and the commands that change it.
//!
//! Every command is one transaction: take the writer lock (`audit_head`), read the store's
//! clock, check the idempotency key, read the case and check that it is the state its events
//! lead to (the state hash of its last command), run the pure state machine, write the new
//! state with a version compare-and-swap, append the audit events (with the time they were
//! written, the command and the new state's hash), remember the idempotency key; commit.
//!
//! Procedure time (`now`) is the store's clock unless the caller simulates it; a simulated
//! time is never later than the store's clock, and the state machine refuses one earlier than
//! the request's last command. The time each event was written always comes from the store's
//! clock, which nothing overrides.
//! A refusal by the state machine writes nothing and comes back as the inner `Err` of
//! [`Applied`]; infrastructure failures are the outer [`StoreError`].

use embargo_domain::procedure::audit::{canonical_json, state_hash, ChainedEvent};
use embargo_domain::procedure::machine::{
    self, Actor, Case, Command, Context, Phase, Refusal, Status,
};
use embargo_domain::procedure::model::RequestContent;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use crate::audit::{append, clock, lock_head, Written};
use crate::watch::{tail_after, watch_parties, PartyWatch};
use crate::{Store, StoreError};

/// The outcome of an accepted command.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The request.
    pub reference: String,
    /// Its status after the command.
    pub status: Status,
    /// Its version after the command.
    pub version: i64,
    /// The events written (empty when nothing changed).
    pub events: Vec<ChainedEvent>,
    /// Whether this is the stored outcome of an earlier command with the same idempotency key.
    #[serde(default)]
    pub replayed: bool,
}

/// A command's result: accepted with its outcome, or refused by the procedure.
pub type Applied = Result<Outcome, Refusal>;

/// A stored case with its version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredCase {
    /// The case.
    pub case: Case,
    /// Its version (incremented by every accepted command that changed it).
    pub version: i64,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// One line of a request listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Reference.
    pub reference: String,
    /// Ground.
    pub ground: String,
    /// Status.
    pub status: Status,
    /// Who created it.
    pub owner: String,
    /// Version.
    pub version: i64,
    /// Last change.
    pub updated_at: String,
}

/// A post-delivery report that is overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueReport {
    /// The request.
    pub reference: String,
    /// Index of the delivery.
    pub delivery: usize,
    /// Delivery date.
    pub delivered_on: Date,
    /// Report due date.
    pub due: Date,
    /// Days overdue on the date asked.
    pub days_overdue: i64,
}

/// Options of a command.
#[derive(Debug, Clone, Default)]
pub struct CommandOptions<'a> {
    /// Refuse with a conflict unless the case is at this version.
    pub expected_version: Option<i64>,
    /// Idempotency key: a repeated key with the same command returns the stored outcome; with
    /// another command it is a conflict.
    pub idempotency_key: Option<&'a str>,
    /// What the caller asked, when the command holds more than that (a submission's ground,
    /// parameters and hits are computed): the idempotency key is bound to this, so a repeated
    /// request replays even if what the engine computes has changed since.
    pub asked: Option<serde_json::Value>,
    /// The request's parties to watch after this command (an amendment): written in the
    /// command's transaction when the command changed the case.
    pub parties: Option<PartyWatch>,
}

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Invalid(e.to_string())
}

fn fingerprint(reference: &str, actor: &Actor, command: &serde_json::Value) -> String {
    let value = serde_json::json!({ "reference": reference, "actor": actor, "command": command });
    hex::encode(Sha256::digest(canonical_json(&value).as_bytes()))
}

/// Looks up an idempotency key inside the transaction: `Some(outcome)` to replay.
async fn idempotent_replay(
    tx: &mut Transaction<'_, Any>,
    key: Option<&str>,
    print: &str,
) -> Result<Option<Applied>, StoreError> {
    let Some(key) = key else { return Ok(None) };
    let row = sqlx::query("SELECT fingerprint, response FROM idempotency WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let stored: String = row.try_get("fingerprint")?;
    if stored != print {
        return Err(StoreError::Conflict(format!(
            "idempotency key `{key}` was already used for a different command"
        )));
    }
    let response: String = row.try_get("response")?;
    let mut outcome: Outcome = serde_json::from_str(&response)
        .map_err(|e| StoreError::Corrupt(format!("idempotency key `{key}`: {e}")))?;
    outcome.replayed = true;
    Ok(Some(Ok(outcome)))
}

async fn remember(
    tx: &mut Transaction<'_, Any>,
    key: Option<&str>,
    print: &str,
    outcome: &Outcome,
    now: &str,
) -> Result<(), StoreError> {
    let Some(key) = key else { return Ok(()) };
    sqlx::query("INSERT INTO idempotency (key, fingerprint, reference, response, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(key)
        .bind(print)
        .bind(&outcome.reference)
        .bind(serde_json::to_string(outcome).map_err(json_err)?)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn case_from_json(reference: &str, state: &str) -> Result<Case, StoreError> {
    serde_json::from_str(state)
        .map_err(|e| StoreError::Corrupt(format!("request {reference}: {e}")))
}

/// The procedure time of a command: the store's clock, or a simulated time that is not later.
fn procedure_time(now: Option<Timestamp>, clock: Timestamp) -> Result<Timestamp, StoreError> {
    match now {
        None => Ok(clock),
        Some(t) if t > clock => Err(StoreError::Invalid(format!(
            "procedure time {t} is after the store's clock ({clock}): a command cannot be dated in the future"
        ))),
        Some(t) => Ok(t),
    }
}

/// Refuses to act on a request whose stored state is not the one its last command produced.
async fn check_state(
    tx: &mut Transaction<'_, Any>,
    reference: &str,
    case: &Case,
) -> Result<(), StoreError> {
    let row = sqlx::query(
        "SELECT seq, state_hash FROM audit_events WHERE case_ref = $1 AND state_hash IS NOT NULL ORDER BY seq DESC LIMIT 1",
    )
    .bind(reference)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(()) };
    let recorded: String = row.try_get("state_hash")?;
    let seq: i64 = row.try_get("seq")?;
    let actual = state_hash(case).map_err(json_err)?;
    if actual != recorded {
        return Err(StoreError::Corrupt(format!(
            "request {reference}: its stored state is not the one its last command (audit event {seq}) produced: it was changed outside the procedure; nothing was done (run `embargo audit verify`)"
        )));
    }
    Ok(())
}

fn phase_name(phase: Phase) -> String {
    serde_json::to_value(phase).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

impl Store {
    /// Creates a draft request.
    pub async fn create_request(
        &self,
        reference: &str,
        content: &RequestContent,
        actor: &Actor,
        now: Option<Timestamp>,
        idempotency_key: Option<&str>,
    ) -> Result<Applied, StoreError> {
        self.create_request_watched(reference, content, actor, now, idempotency_key, None).await
    }

    /// Creates a draft request and registers `parties` as watched subjects in the same
    /// transaction: a request never exists without its parties being watched.
    pub async fn create_request_watched(
        &self,
        reference: &str,
        content: &RequestContent,
        actor: &Actor,
        now: Option<Timestamp>,
        idempotency_key: Option<&str>,
        parties: Option<&PartyWatch>,
    ) -> Result<Applied, StoreError> {
        let command = serde_json::json!({ "command": "new", "content": content });
        let print = fingerprint(reference, actor, &command);
        let mut tx = self.pool().begin().await?;
        let tail = lock_head(&mut tx).await?;
        let recorded = clock(&mut tx, self.backend()).await?;
        let now = procedure_time(now, recorded)?;
        let at = now.to_string();
        if let Some(replay) = idempotent_replay(&mut tx, idempotency_key, &print).await? {
            tx.rollback().await?;
            return Ok(replay);
        }
        let exists = sqlx::query("SELECT 1 AS one FROM requests WHERE reference = $1")
            .bind(reference)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(format!("request {reference} already exists")));
        }
        let transition = match machine::create(reference, content.clone(), actor, now) {
            Ok(t) => t,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let case = &transition.case;
        sqlx::query(
            "INSERT INTO requests (reference, owner, ground, regime, destination, status, phase, state, version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)",
        )
        .bind(reference)
        .bind(&case.owner)
        .bind(&case.content.ground)
        .bind(case.content.ground.split('/').next().map(str::to_owned))
        .bind(case.content.destination().map(str::to_owned))
        .bind(case.status().as_str())
        .bind(phase_name(case.phase))
        .bind(serde_json::to_string(case).map_err(json_err)?)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let written = Written {
            recorded_at: recorded,
            command,
            state: Some(state_hash(case).map_err(json_err)?),
        };
        let events = append(&mut tx, tail.clone(), transition.events, written).await?;
        if let Some(watch) = parties {
            watch_parties(&mut tx, tail_after(tail, &events), recorded, watch, &actor.to_string())
                .await?;
        }
        let outcome = Outcome {
            reference: reference.to_owned(),
            status: case.status(),
            version: 1,
            events,
            replayed: false,
        };
        remember(&mut tx, idempotency_key, &print, &outcome, &recorded.to_string()).await?;
        tx.commit().await?;
        Ok(Ok(outcome))
    }

    /// Applies `command` by `actor` at `now` to request `reference`, in one transaction.
    pub async fn apply_command(
        &self,
        reference: &str,
        command: &Command,
        actor: &Actor,
        now: Option<Timestamp>,
        ctx: &Context<'_>,
        options: CommandOptions<'_>,
    ) -> Result<Applied, StoreError> {
        let command_json = serde_json::to_value(command).map_err(json_err)?;
        let print = fingerprint(reference, actor, options.asked.as_ref().unwrap_or(&command_json));
        let mut tx = self.pool().begin().await?;
        let tail = lock_head(&mut tx).await?;
        let recorded = clock(&mut tx, self.backend()).await?;
        let now = procedure_time(now, recorded)?;
        let at = now.to_string();
        if let Some(replay) = idempotent_replay(&mut tx, options.idempotency_key, &print).await? {
            tx.rollback().await?;
            return Ok(replay);
        }
        let row = sqlx::query("SELECT state, version FROM requests WHERE reference = $1")
            .bind(reference)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("request {reference}")))?;
        let version: i64 = row.try_get("version")?;
        let case = case_from_json(reference, &row.try_get::<String, _>("state")?)?;
        check_state(&mut tx, reference, &case).await?;
        if let Some(expected) = options.expected_version {
            if expected != version {
                return Err(StoreError::Conflict(format!(
                    "request {reference} is at version {version}, not {expected}: someone acted first; reload and retry"
                )));
            }
        }
        let transition = match machine::apply(&case, command, actor, now, ctx) {
            Ok(t) => t,
            Err(refusal) => return Ok(Err(refusal)),
        };
        if transition.events.is_empty() {
            let outcome = Outcome {
                reference: reference.to_owned(),
                status: case.status(),
                version,
                events: vec![],
                replayed: false,
            };
            remember(&mut tx, options.idempotency_key, &print, &outcome, &recorded.to_string())
                .await?;
            tx.commit().await?;
            return Ok(Ok(outcome));
        }
        let new = &transition.case;
        let updated = sqlx::query(
            "UPDATE requests SET status = $1, phase = $2, state = $3, version = version + 1, updated_at = $4 \
             WHERE reference = $5 AND version = $6",
        )
        .bind(new.status().as_str())
        .bind(phase_name(new.phase))
        .bind(serde_json::to_string(new).map_err(json_err)?)
        .bind(&at)
        .bind(reference)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!(
                "request {reference} changed concurrently; reload and retry"
            )));
        }
        let written = Written {
            recorded_at: recorded,
            command: command_json,
            state: Some(state_hash(new).map_err(json_err)?),
        };
        let events = append(&mut tx, tail.clone(), transition.events, written).await?;
        if let Some(watch) = &options.parties {
            watch_parties(&mut tx, tail_after(tail, &events), recorded, watch, &actor.to_string())
                .await?;
        }
        let outcome = Outcome {
            reference: reference.to_owned(),
            status: new.status(),
            version: version + 1,
            events,
            replayed: false,
        };
        remember(&mut tx, options.idempotency_key, &print, &outcome, &recorded.to_string()).await?;
        tx.commit().await?;
        Ok(Ok(outcome))
    }

    /// A request by reference.
    pub async fn request(&self, reference: &str) -> Result<StoredCase, StoreError> {
        let row = sqlx::query(
            "SELECT state, version, created_at, updated_at FROM requests WHERE reference = $1",
        )
        .bind(reference)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("request {reference}")))?;
        Ok(StoredCase {
            case: case_from_json(reference, &row.try_get::<String, _>("state")?)?,
            version: row.try_get("version")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }

    /// Every request with its case (not its events), optionally only those with `status`, by
    /// reference: one query.
    pub async fn request_cases(
        &self,
        status: Option<Status>,
    ) -> Result<Vec<(Summary, StoredCase)>, StoreError> {
        let sql = match status {
            Some(_) => "SELECT reference, ground, status, owner, version, created_at, updated_at, state FROM requests WHERE status = $1 ORDER BY reference",
            None => "SELECT reference, ground, status, owner, version, created_at, updated_at, state FROM requests ORDER BY reference",
        };
        let mut query = sqlx::query(sql);
        if let Some(s) = status {
            query = query.bind(s.as_str());
        }
        let rows = query.fetch_all(self.pool()).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let reference: String = r.try_get("reference")?;
            let summary = Summary {
                reference: reference.clone(),
                ground: r.try_get("ground")?,
                status: Status::parse(&r.try_get::<String, _>("status")?)
                    .map_err(|e| StoreError::Corrupt(format!("stored request status: {e}")))?,
                owner: r.try_get("owner")?,
                version: r.try_get("version")?,
                updated_at: r.try_get("updated_at")?,
            };
            let stored = StoredCase {
                case: case_from_json(&reference, &r.try_get::<String, _>("state")?)?,
                version: summary.version,
                created_at: r.try_get("created_at")?,
                updated_at: summary.updated_at.clone(),
            };
            out.push((summary, stored));
        }
        Ok(out)
    }

    /// Cases in the given phases (e.g. approved ones, for the transfer check).
    pub async fn requests_in_phases(
        &self,
        phases: &[Phase],
    ) -> Result<Vec<StoredCase>, StoreError> {
        if phases.is_empty() {
            return Ok(vec![]);
        }
        let marks: Vec<String> = (1..=phases.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT reference, state, version, created_at, updated_at FROM requests WHERE phase IN ({}) ORDER BY reference",
            marks.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for p in phases {
            query = query.bind(phase_name(*p));
        }
        let rows = query.fetch_all(self.pool()).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let reference: String = r.try_get("reference")?;
            out.push(StoredCase {
                case: case_from_json(&reference, &r.try_get::<String, _>("state")?)?,
                version: r.try_get("version")?,
                created_at: r.try_get("created_at")?,
                updated_at: r.try_get("updated_at")?,
            });
        }
        Ok(out)
    }

    /// Post-delivery reports overdue on `today`, oldest due first.
    pub async fn overdue_reports(&self, today: Date) -> Result<Vec<OverdueReport>, StoreError> {
        let mut out = Vec::new();
        for stored in self.requests_in_phases(&[Phase::Approved, Phase::DeemedApproved]).await? {
            for (delivery, due) in stored.case.overdue_reports(today) {
                let delivered_on = stored.case.deliveries[delivery].date;
                let days_overdue = (today - due).get_days() as i64;
                out.push(OverdueReport {
                    reference: stored.case.reference.clone(),
                    delivery,
                    delivered_on,
                    due,
                    days_overdue,
                });
            }
        }
        out.sort_by(|a, b| {
            (a.due, &a.reference, a.delivery).cmp(&(b.due, &b.reference, b.delivery))
        });
        Ok(out)
    }

    /// Lets time act on every pending request (`tick` at `now`, default the store's clock),
    /// one transaction each. Returns the outcomes that changed something; a request whose last
    /// command is later than a simulated `now` is left alone.
    pub async fn tick_all(
        &self,
        now: Option<Timestamp>,
        ctx: &Context<'_>,
    ) -> Result<Vec<Outcome>, StoreError> {
        let system = Actor { role: machine::Role::System, id: "clock".into() };
        let mut out = Vec::new();
        for stored in self.requests_in_phases(&[Phase::Submitted, Phase::Pending]).await? {
            let applied = self
                .apply_command(
                    &stored.case.reference,
                    &Command::Tick,
                    &system,
                    now,
                    ctx,
                    CommandOptions::default(),
                )
                .await;
            let applied = match applied {
                // A request changed outside the procedure is not acted on, and does not stop
                // time from acting on the others; `audit verify` names it.
                Err(StoreError::Corrupt(message)) => {
                    tracing::warn!(reference = %stored.case.reference, %message, "tick skipped");
                    continue;
                }
                other => other?,
            };
            if let Ok(outcome) = applied {
                if !outcome.events.is_empty() {
                    out.push(outcome);
                }
            }
        }
        Ok(out)
    }
}
