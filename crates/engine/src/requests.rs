//! Exemption requests: one path for every command (a CLI line, a batch line, an HTTP body),
//! validation, the clock's tick, show and list.

use embargo_domain::procedure::audit::ChainedEvent;
use embargo_domain::procedure::from_registry::ground_rules;
use embargo_domain::procedure::intent::{Filing, Intent};
use embargo_domain::procedure::machine::{date_in, Actor, Case, Refusal, Status};
use embargo_domain::procedure::validate::{blocks_filing, validate, Problem, ScreeningHit};
use embargo_domain::procedure::RequestContent;
use embargo_store::requests::{CommandOptions, Outcome, StoredCase};
use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;

use crate::{Engine, EngineError};

/// Options of a command.
#[derive(Debug, Clone, Default)]
pub struct ActOptions {
    /// Refuse with a conflict unless the request is at this version.
    pub expected_version: Option<i64>,
    /// Repeating a command with the same key returns the first outcome.
    pub idempotency_key: Option<String>,
    /// A simulated procedure time (refused unless the engine allows it).
    pub simulated_now: Option<Timestamp>,
}

/// A validation of a request against its ground as of a date.
#[derive(Debug, Clone, Serialize)]
pub struct ValidationView {
    /// The request's reference or file name.
    pub request: String,
    /// The submission date validated for.
    pub as_of: Date,
    /// The ground's id.
    pub ground: String,
    /// `notification`, `approval_request`, …
    pub filing: &'static str,
    /// The procedure.
    pub procedure: embargo_domain::procedure::ProcedureKind,
    /// Citations.
    pub citations: Vec<String>,
    /// Whether nothing blocks filing.
    pub fileable: bool,
    /// Every problem, with field path, severity and citation.
    pub problems: Vec<Problem>,
    /// Screening hits on the parties.
    pub screening_hits: Vec<ScreeningHit>,
}

/// A request with its events.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RequestView {
    /// The request.
    pub reference: String,
    /// Its status.
    pub status: embargo_domain::procedure::machine::Status,
    /// Its version.
    pub version: i64,
    /// Created.
    pub created_at: String,
    /// Last changed.
    pub updated_at: String,
    /// The case.
    pub case: embargo_domain::procedure::machine::Case,
    /// Its audit events.
    pub events: Vec<ChainedEvent>,
}

/// Which requests to list.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    /// Only this status.
    pub status: Option<Status>,
    /// Only this regime (e.g. `un-libya`).
    pub regime: Option<String>,
    /// Only requests whose running period (no-objection period, consideration) ends on or
    /// before this date.
    pub deadline_before: Option<Date>,
}

/// One line of a request listing: the same for `request list --format json` and the API.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RequestRow {
    /// Reference.
    pub reference: String,
    /// The ground it was filed under (pinned at submission), or as drafted.
    pub ground: String,
    /// The regime.
    pub regime: String,
    /// Where it stands.
    pub status: Status,
    /// When its running period ends, if one runs.
    pub deadline: Option<Date>,
    /// Who created it.
    pub owner: String,
    /// Its version (for `If-Match` / `--expect-version`).
    pub version: i64,
    /// Last changed.
    pub updated_at: String,
}

impl Engine {
    /// Applies `intent` by `actor` to request `reference`: the one path of every command.
    /// A submission's ground (in force on the procedure date), parameters and screening hits
    /// are computed here; procedure time is the store's clock unless a simulated time is
    /// allowed and given.
    pub async fn act(
        &self,
        reference: &str,
        intent: Intent,
        actor: &Actor,
        options: ActOptions,
    ) -> Result<Outcome, EngineError> {
        if options.simulated_now.is_some() && !self.simulated_time {
            return Err(EngineError::invalid_field(
                "now",
                "a simulated procedure time is only allowed on a local SQLite store; the procedure time is the store's clock",
            ));
        }
        let now = match (options.simulated_now, &self.procedure_clock) {
            (Some(t), _) => t,
            (None, Some(clock)) => clock.now(),
            (None, None) => self.store.clock().await?,
        };
        let key = options.idempotency_key.as_deref();
        embargo_domain::text::check_identifier("reference", reference)
            .map_err(|e| EngineError::invalid_field("reference", e))?;
        if let Intent::Clear { reference: listed, .. } = &intent {
            embargo_domain::text::check_identifier("command.reference", listed)
                .map_err(|e| EngineError::invalid_field("command.reference", e))?;
        }
        let applied = if let Intent::New { content } = &intent {
            // The parties are watched from now on, registered in the request's own transaction:
            // their hits become alerts to decide.
            let parties = crate::watch::party_watch(reference, content);
            let created = self
                .store
                .create_request_watched(reference, content, actor, Some(now), key, Some(&parties))
                .await?;
            if created.is_ok() {
                self.screen_parties_or_leave_pending(reference, &actor.to_string()).await;
            }
            created
        } else {
            let filing = if intent.is_submit() {
                let stored = self.store.request(reference).await?;
                let today = date_in(now, &self.rules.time_zone);
                let ground = ground_rules(&self.rules.registry, &stored.case.content.ground, today)
                    .map_err(|e| EngineError::invalid_field("ground", e))?;
                let params = self.rules.params.for_regime(&ground.regime);
                let hits = self.screen_parties(&stored.case.content).await?;
                // A hit an analyst confirmed as a true match blocks filing, whatever the case's
                // clearances say.
                let confirmed =
                    self.confirmed_hit_problems(reference, &stored.case.content, &hits).await?;
                if !confirmed.is_empty() {
                    return Err(EngineError::Refused(Refusal::NotValid(confirmed)));
                }
                Some(Filing { ground, params, hits })
            } else {
                None
            };
            // An amendment changes the watched parties in the command's own transaction (new
            // names screened, decisions on the old names no longer count).
            let parties = match &intent {
                Intent::Amend { content } => Some(crate::watch::party_watch(reference, content)),
                _ => None,
            };
            let amended = parties.is_some();
            let asked =
                serde_json::to_value(&intent).map_err(|e| EngineError::Internal(e.to_string()))?;
            let command = intent
                .into_command(filing)
                .map_err(|e| EngineError::Internal(e.to_owned()))?
                .ok_or_else(|| EngineError::Internal("`new` creates; it does not act".into()))?;
            let store_options = CommandOptions {
                expected_version: options.expected_version,
                idempotency_key: key,
                asked: Some(asked),
                parties,
            };
            let applied = self
                .store
                .apply_command(
                    reference,
                    &command,
                    actor,
                    Some(now),
                    &self.rules.ctx(),
                    store_options,
                )
                .await?;
            if applied.is_ok() && amended {
                self.screen_parties_or_leave_pending(reference, &actor.to_string()).await;
            }
            applied
        };
        applied.map_err(EngineError::Refused)
    }

    /// Validates `content` (named `name`) against its ground as in force on `date`, with
    /// the parties screened against the stored lists and `clearances` applied.
    pub async fn validate_content(
        &self,
        name: &str,
        content: &RequestContent,
        clearances: &[embargo_domain::procedure::validate::Clearance],
        date: Date,
    ) -> Result<ValidationView, EngineError> {
        let ground = ground_rules(&self.rules.registry, &content.ground, date)
            .map_err(|e| EngineError::invalid_field("ground", format!("{name}: {e}")))?;
        let hits = self.screen_parties(content).await?;
        let mut problems = validate(content, &ground, date, &hits, clearances);
        problems.extend(self.confirmed_hit_problems(name, content, &hits).await?);
        Ok(ValidationView {
            request: name.to_owned(),
            as_of: date,
            ground: ground.id.clone(),
            filing: ground.procedure.filing_name(),
            procedure: ground.procedure,
            citations: ground.citations.clone(),
            fileable: !blocks_filing(&problems),
            problems,
            screening_hits: hits,
        })
    }

    /// Validates a stored request as of `date` (default: today in the committee's zone).
    pub async fn validate_request(
        &self,
        reference: &str,
        date: Option<Date>,
    ) -> Result<ValidationView, EngineError> {
        let stored = self.store.request(reference).await?;
        let date = date.unwrap_or_else(|| self.today());
        self.validate_content(reference, &stored.case.content, &stored.case.clearances, date).await
    }

    /// Today in the committee's time zone, by the engine's clock.
    pub fn today(&self) -> Date {
        date_in(self.clock.now(), &self.rules.time_zone)
    }

    /// Lets time act on every pending request at `simulated_now` (default the store's clock).
    pub async fn tick(
        &self,
        simulated_now: Option<Timestamp>,
    ) -> Result<Vec<Outcome>, EngineError> {
        if simulated_now.is_some() && !self.simulated_time {
            return Err(EngineError::invalid_field(
                "now",
                "a simulated procedure time is only allowed on a local SQLite store",
            ));
        }
        let now = simulated_now.or_else(|| self.procedure_clock.as_ref().map(|c| c.now()));
        Ok(self.store.tick_all(now, &self.rules.ctx()).await?)
    }

    /// A request with its events.
    pub async fn show(&self, reference: &str) -> Result<RequestView, EngineError> {
        let stored: StoredCase = self.store.request(reference).await?;
        let events = self.store.audit_events(Some(reference)).await?;
        Ok(RequestView {
            reference: reference.to_owned(),
            status: stored.case.status(),
            version: stored.version,
            created_at: stored.created_at,
            updated_at: stored.updated_at,
            case: stored.case,
            events,
        })
    }

    /// Post-delivery reports overdue on `today`.
    pub async fn overdue_reports(
        &self,
        today: Date,
    ) -> Result<Vec<embargo_store::requests::OverdueReport>, EngineError> {
        Ok(self.store.overdue_reports(today).await?)
    }

    /// Requests matching `filter` that `may_read` lets the caller see, by reference (one
    /// query; the CLI on a local store reads them all, the server passes the role's rule).
    pub async fn list(
        &self,
        filter: &RequestFilter,
        may_read: impl Fn(&Case) -> bool,
    ) -> Result<Vec<RequestRow>, EngineError> {
        let mut out = Vec::new();
        for (summary, stored) in self.store.request_cases(filter.status).await? {
            let case = &stored.case;
            if !may_read(case)
                || filter.regime.as_deref().is_some_and(|r| case.regime() != r)
                || filter.deadline_before.is_some_and(|d| case.deadline.is_none_or(|end| end > d))
            {
                continue;
            }
            out.push(RequestRow {
                reference: summary.reference,
                ground: summary.ground,
                regime: case.regime().to_owned(),
                status: summary.status,
                deadline: case.deadline,
                owner: summary.owner,
                version: summary.version,
                updated_at: summary.updated_at,
            });
        }
        Ok(out)
    }
}
