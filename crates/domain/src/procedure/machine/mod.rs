//! The committee procedure as a pure state machine:
//! `(case, command, actor, now) → (new case, audit events)` or a [`Refusal`].
//!
//! A case moves `draft → submitted → (circulated) objection_period_running | under_consideration
//! → approved | deemed_approved | negative_decision | rejected`, or leaves by `withdrawn` /
//! `lapsed`. Holds (by any member) and questions to the submitter overlay the pending phase:
//! they stop the clock of a notification and block an approval. One objection is a negative
//! decision (consensus). After approval, deliveries are counted against the approved
//! quantities, post-delivery reports fall due, incidents are recorded.
//!
//! Time comes in as `now`; it becomes a civil date in the committee's time zone
//! ([`Context::time_zone`], America/New_York: the receipt date, the end of a no-objection
//! period, hold expiry, report due dates and lapses are New York days, so a notification is
//! deemed approved only once the last working day has ended in New York). The zone comes from
//! the tz database bundled into the binary, never from the system. Deadlines come from a
//! [`WorkingDays`] calendar; a `tick` at `now` applies everything that time alone decides (hold expiry, lapse
//! of unanswered questions, deemed approval).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde_json::json;

use super::audit::EventBody;
use super::committee::{Committee, Offices};
use super::ground::{time_zone, ProcedureKind, WorkingDays, COMMITTEE_TIME_ZONE};
use super::model::RequestContent;
use super::validate::{blocks_filing, validate, Clearance, Problem};

pub use super::case::*;
pub use super::command::*;

mod deliveries;
mod holds;
mod time;

/// What the state machine needs besides the case.
pub struct Context<'a> {
    /// The working-day calendar of the committee's duty station.
    pub calendar: &'a dyn WorkingDays,
    /// Committee membership per year.
    pub committee: &'a Committee,
    /// Who chairs each committee per year, and the secretariat's identifiers.
    pub offices: &'a Offices,
    /// The time zone the committee's days are counted in (`ParamsFile::zone`, normally
    /// America/New_York): `now` becomes a civil date there.
    pub time_zone: &'a TimeZone,
}

/// The outcome of an accepted command.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// The case after the command.
    pub case: Case,
    /// What happened, in order (empty only for a `tick` with nothing to do).
    pub events: Vec<EventBody>,
}

/// The civil date of `now` at UN Headquarters ([`COMMITTEE_TIME_ZONE`], New York).
pub fn date_of(now: Timestamp) -> Date {
    static NEW_YORK: std::sync::OnceLock<TimeZone> = std::sync::OnceLock::new();
    let tz = NEW_YORK.get_or_init(|| {
        time_zone(COMMITTEE_TIME_ZONE).expect("the bundled tz database has America/New_York")
    });
    date_in(now, tz)
}

/// The civil date of `now` in `tz`.
pub fn date_in(now: Timestamp, tz: &TimeZone) -> Date {
    now.to_zoned(tz.clone()).date()
}

/// Creates a draft.
pub fn create(
    reference: &str,
    content: RequestContent,
    actor: &Actor,
    now: Timestamp,
) -> Result<Transition, Refusal> {
    if actor.role != Role::Submitter {
        return Err(Refusal::NotAllowed {
            actor: actor.to_string(),
            command: "new",
            reason: "only a submitter creates a request".into(),
        });
    }
    super::model::check_new(reference, &actor.id, &content)
        .map_err(|e| Refusal::Invalid(e.to_string()))?;
    if reference.trim().is_empty()
        || reference.len() > 64
        || reference.chars().any(|c| c.is_whitespace())
    {
        return Err(Refusal::Invalid(format!(
            "`{reference}` is not a valid reference (1-64 characters, no spaces)"
        )));
    }
    let ledger = ledger_of(&content);
    let case = Case {
        reference: reference.to_owned(),
        owner: actor.id.clone(),
        content,
        phase: Phase::Draft,
        ground: None,
        params: None,
        submitted_on: None,
        circulated_on: None,
        deadline: None,
        clock_stopped_with: None,
        holds: vec![],
        questions: vec![],
        objections: vec![],
        clearances: vec![],
        decision: None,
        ledger,
        deliveries: vec![],
        incidents: vec![],
        procedure_time: Some(now),
    };
    let event = EventBody {
        case: reference.to_owned(),
        kind: EventKind::Created.as_str().into(),
        actor: actor.clone(),
        at: now.to_string(),
        from: "none".into(),
        to: "draft".into(),
        data: json!({ "content": case.content }),
        recorded_at: None,
        command: None,
        state: None,
    };
    Ok(Transition { case, events: vec![event] })
}

fn ledger_of(content: &RequestContent) -> Vec<LedgerLine> {
    content
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| LedgerLine {
            item: i,
            category: it.category.clone(),
            description: it.description.clone(),
            requested: u64::try_from(it.quantity).unwrap_or(0),
            approved: 0,
            delivered: 0,
        })
        .collect()
}

/// Applies `command` by `actor` at `now` to `case`.
pub fn apply(
    case: &Case,
    command: &Command,
    actor: &Actor,
    now: Timestamp,
    ctx: &Context<'_>,
) -> Result<Transition, Refusal> {
    if let Some(last) = case.procedure_time {
        if now < last {
            return Err(Refusal::TimeBackwards { now, last });
        }
    }
    let mut m = Machine {
        before: case.status(),
        case: case.clone(),
        actor: actor.clone(),
        now,
        today: date_in(now, ctx.time_zone),
        events: vec![],
        ctx,
    };
    if !matches!(command, Command::Tick) {
        // What time alone decided before this command happened first, by the clock.
        m.actor = Actor { role: Role::System, id: "clock".into() };
        m.tick()?;
        m.actor = actor.clone();
    }
    m.run(command)?;
    if !m.events.is_empty() {
        m.case.procedure_time = Some(now);
    }
    Ok(Transition { case: m.case, events: m.events })
}

struct Machine<'a, 'c> {
    before: Status,
    case: Case,
    actor: Actor,
    now: Timestamp,
    today: Date,
    events: Vec<EventBody>,
    ctx: &'a Context<'c>,
}

impl Machine<'_, '_> {
    fn emit(&mut self, kind: EventKind, data: serde_json::Value) {
        let to = self.case.status();
        let from = self
            .events
            .last()
            .map(|e| e.to.clone())
            .unwrap_or_else(|| self.before.as_str().to_owned());
        self.events.push(EventBody {
            case: self.case.reference.clone(),
            kind: kind.as_str().to_owned(),
            actor: self.actor.clone(),
            at: self.now.to_string(),
            from,
            to: to.as_str().to_owned(),
            data,
            recorded_at: None,
            command: None,
            state: None,
        });
    }

    fn wrong_state(&self, command: &'static str) -> Refusal {
        Refusal::WrongState { command, status: self.case.status() }
    }

    fn require_phase(&self, command: &'static str, phases: &[Phase]) -> Result<(), Refusal> {
        if phases.contains(&self.case.phase) {
            Ok(())
        } else {
            Err(self.wrong_state(command))
        }
    }

    fn require(&self, command: &'static str, ok: bool, reason: &str) -> Result<(), Refusal> {
        if ok {
            Ok(())
        } else {
            Err(Refusal::NotAllowed {
                actor: self.actor.to_string(),
                command,
                reason: reason.to_owned(),
            })
        }
    }

    fn is_owner(&self) -> bool {
        self.actor.role == Role::Submitter && self.actor.id == self.case.owner
    }

    fn is_sitting_member(&self) -> bool {
        self.actor.role == Role::Member
            && self.ctx.committee.is_member(self.today.year(), &self.actor.id)
    }

    /// Whether the actor holds the office it claims: the chair of this regime's committee in
    /// the year of the action (`committee-offices.json`), or one of the secretariat's
    /// identifiers. `Err` says why not, for the refusal.
    fn office(&self) -> Result<(), String> {
        let year = self.today.year();
        let regime = self.case.regime();
        match self.actor.role {
            Role::Chair => match self.ctx.offices.chair(regime, year) {
                Some(c) if c.state.as_str() == self.actor.id => Ok(()),
                Some(c) => Err(format!(
                    "{} chairs the {regime} committee in {year}, not {}",
                    c.state, self.actor.id
                )),
                None => Err(format!(
                    "no chair of the {regime} committee is recorded for {year} (regimes/procedure/committee-offices.json)"
                )),
            },
            Role::Secretariat if self.ctx.offices.is_secretariat(&self.actor.id) => Ok(()),
            Role::Secretariat => Err(format!(
                "`{}` is not one of the secretariat's identifiers (regimes/procedure/committee-offices.json)",
                self.actor.id
            )),
            _ => Err("only the chair or the secretariat may".into()),
        }
    }

    fn is_committee_office(&self) -> bool {
        self.office().is_ok()
    }

    /// Refuses unless `allowed`, naming why a chair or secretariat actor that claims an office
    /// it does not hold was refused.
    fn require_role(
        &self,
        command: &'static str,
        allowed: bool,
        reason: &str,
    ) -> Result<(), Refusal> {
        if allowed {
            return Ok(());
        }
        let reason = match (self.actor.role, self.office()) {
            (Role::Chair | Role::Secretariat, Err(why)) => format!("{reason}; {why}"),
            _ => reason.to_owned(),
        };
        Err(Refusal::NotAllowed { actor: self.actor.to_string(), command, reason })
    }

    fn add_days(&self, date: Date, days: u32) -> Result<Date, Refusal> {
        date.checked_add(i64::from(days).days()).map_err(|e| Refusal::Invalid(e.to_string()))
    }

    fn working_deadline(&self, start: Date, n: u32) -> Result<Date, Refusal> {
        self.ctx.calendar.add_working_days(start, n).map_err(Refusal::Calendar)
    }

    /// Stops a running notification clock, keeping the working days left.
    fn stop_clock(&mut self) -> Result<(), Refusal> {
        let Some(deadline) = self.case.deadline else { return Ok(()) };
        let mut left = 0u32;
        while self.working_deadline(self.today, left + 1)? <= deadline {
            left += 1;
        }
        self.case.clock_stopped_with = Some(left);
        self.case.deadline = None;
        Ok(())
    }

    /// Restarts a stopped notification clock once nothing stops it any more.
    fn resume_clock(&mut self) -> Result<Option<Date>, Refusal> {
        if self.case.clock_stopped() {
            return Ok(None);
        }
        let Some(left) = self.case.clock_stopped_with.take() else { return Ok(None) };
        let deadline = self.working_deadline(self.today, left)?;
        self.case.deadline = Some(deadline);
        Ok(Some(deadline))
    }

    fn run(&mut self, command: &Command) -> Result<(), Refusal> {
        let name = command.name();
        if self.actor.role == Role::System && !matches!(command, Command::Tick) {
            return Err(Refusal::NotAllowed {
                actor: self.actor.to_string(),
                command: name,
                reason: "the system only lets time act (tick)".into(),
            });
        }
        match command {
            Command::New { .. } => {
                Err(Refusal::Invalid(format!("request {} already exists", self.case.reference)))
            }
            Command::Amend { content } => {
                self.require_phase(name, &[Phase::Draft])?;
                self.require(
                    name,
                    self.is_owner(),
                    "only the submitter who created the draft amends it",
                )?;
                // The same size limits and character policy as at creation.
                content.check_limits().map_err(|e| Refusal::Invalid(e.to_string()))?;
                self.case.content = content.clone();
                self.case.ledger = ledger_of(content);
                // Clearances refer to parties by index: they no longer hold for changed parties.
                let parties = &self.case.content.parties;
                let before = self.case.clearances.len();
                self.case.clearances.retain(|c| c.party < parties.len());
                let dropped = before - self.case.clearances.len();
                self.emit(
                    EventKind::Amended,
                    json!({ "content": content, "clearances_dropped": dropped }),
                );
                Ok(())
            }
            Command::ClearHit { party, reference, reason } => {
                self.require_phase(name, &[Phase::Draft])?;
                self.require_role(
                    name,
                    self.is_owner() || self.is_committee_office(),
                    "only the submitter or the secretariat clears a screening hit",
                )?;
                if *party >= self.case.content.parties.len() {
                    return Err(Refusal::Invalid(format!("there is no party {party}")));
                }
                if reason.trim().len() < 10 {
                    return Err(Refusal::Invalid(
                        "a clearance needs a reason (at least 10 characters)".into(),
                    ));
                }
                let clearance = Clearance {
                    party: *party,
                    reference: reference.clone(),
                    reason: reason.clone(),
                    by: self.actor.to_string(),
                };
                self.case.clearances.retain(|c| !(c.party == *party && c.reference == *reference));
                self.case.clearances.push(clearance.clone());
                self.emit(EventKind::ScreeningHitCleared, json!(clearance));
                Ok(())
            }
            Command::Submit { ground, params, hits } => {
                self.require_phase(name, &[Phase::Draft])?;
                self.require(
                    name,
                    self.is_owner(),
                    "only the submitter who created the draft files it",
                )?;
                let problems =
                    validate(&self.case.content, ground, self.today, hits, &self.case.clearances);
                if blocks_filing(&problems) {
                    return Err(Refusal::NotValid(problems));
                }
                self.case.phase = Phase::Submitted;
                self.case.ground = Some(ground.clone());
                self.case.params = Some(*params);
                self.case.submitted_on = Some(self.today);
                let warnings: Vec<&Problem> = problems.iter().collect();
                self.emit(
                    EventKind::Submitted,
                    json!({
                        "ground": ground.id,
                        "filing": ground.procedure.filing_name(),
                        "procedure": ground.procedure,
                        "citations": ground.citations,
                        "screening_hits": hits,
                        "clearances": self.case.clearances,
                        "warnings": warnings,
                    }),
                );
                Ok(())
            }
            Command::Circulate => {
                self.require_phase(name, &[Phase::Submitted])?;
                self.require_role(
                    name,
                    self.is_committee_office(),
                    "only the secretariat or the chair circulates",
                )?;
                self.case.phase = Phase::Pending;
                self.case.circulated_on = Some(self.today);
                let mut data = json!({ "circulated_on": self.today });
                if let Some(ProcedureKind::Notification { working_days }) = self.case.kind() {
                    if self.case.clock_stopped() {
                        // A question asked before circulation: the period starts stopped.
                        self.case.clock_stopped_with = Some(working_days);
                        data = json!({ "circulated_on": self.today, "working_days": working_days, "clock_stopped": true });
                    } else {
                        let deadline = self.working_deadline(self.today, working_days)?;
                        self.case.deadline = Some(deadline);
                        data = json!({ "circulated_on": self.today, "working_days": working_days, "deadline": deadline });
                    }
                }
                self.emit(EventKind::Circulated, data);
                Ok(())
            }
            Command::Hold { reason, information_requested } => {
                self.place_hold(name, reason, information_requested)
            }
            Command::ExtendHold { hold } => self.extend_hold(name, *hold),
            Command::Lift { hold } => self.lift_hold(name, *hold),
            Command::Ask { question } => {
                self.require_phase(name, &[Phase::Submitted, Phase::Pending])?;
                self.require_role(
                    name,
                    self.is_sitting_member()
                        || self.is_committee_office()
                        || self.actor.role == Role::Panel,
                    "only members, the chair, the secretariat or the panel ask questions",
                )?;
                if question.trim().is_empty() {
                    return Err(Refusal::Invalid("the question is empty".into()));
                }
                let was_stopped = self.case.clock_stopped();
                if !was_stopped {
                    self.stop_clock()?;
                }
                self.case.questions.push(Question {
                    asked_by: self.actor.to_string(),
                    text: question.clone(),
                    asked_on: self.today,
                    answer: None,
                    answered_on: None,
                });
                let index = self.case.questions.len() - 1;
                self.emit(EventKind::QuestionAsked, json!({ "question": index, "text": question }));
                Ok(())
            }
            Command::Answer { question, answer } => {
                self.require_phase(name, &[Phase::Submitted, Phase::Pending])?;
                self.require(name, self.is_owner(), "only the submitter answers")?;
                let q =
                    self.case.questions.get_mut(*question).ok_or_else(|| {
                        Refusal::Invalid(format!("there is no question {question}"))
                    })?;
                if q.answer.is_some() {
                    return Err(Refusal::Invalid(format!(
                        "question {question} is already answered"
                    )));
                }
                if answer.trim().is_empty() {
                    return Err(Refusal::Invalid("the answer is empty".into()));
                }
                q.answer = Some(answer.clone());
                q.answered_on = Some(self.today);
                let deadline = self.resume_clock()?;
                self.emit(
                    EventKind::QuestionAnswered,
                    json!({ "question": question, "answer": answer, "deadline": deadline }),
                );
                Ok(())
            }
            Command::Object { reason } => {
                self.require_phase(name, &[Phase::Pending])?;
                self.require(
                    name,
                    self.is_sitting_member(),
                    "only a member of the committee this year objects",
                )?;
                if reason.trim().is_empty() {
                    return Err(Refusal::Invalid("an objection needs a reason".into()));
                }
                self.case.objections.push(Objection {
                    member: self.actor.id.clone(),
                    reason: reason.clone(),
                    on: self.today,
                });
                let (phase, outcome) = match self.case.kind() {
                    Some(ProcedureKind::Notification { .. }) => {
                        (Phase::NegativeDecision, Outcome::NegativeDecision)
                    }
                    _ => (Phase::Rejected, Outcome::Rejected),
                };
                self.case.phase = phase;
                self.case.deadline = None;
                self.case.decision = Some(Decision {
                    outcome,
                    on: self.today,
                    conditions: vec![],
                    reason: Some(format!("objection by {}: {reason}", self.actor.id)),
                    valid_until: None,
                });
                self.emit(
                    EventKind::Objected,
                    json!({ "member": self.actor.id, "reason": reason, "outcome": outcome }),
                );
                Ok(())
            }
            Command::Approve { items, conditions } => {
                self.require_phase(name, &[Phase::Pending])?;
                self.require_role(
                    name,
                    self.is_committee_office(),
                    "the chair or the secretariat records the committee's approval",
                )?;
                if matches!(self.case.kind(), Some(ProcedureKind::Notification { .. })) {
                    return Err(Refusal::Invalid(
                        "a notification is not approved: it is deemed approved when its period ends without objection".into(),
                    ));
                }
                if self.case.active_holds() > 0 {
                    return Err(Refusal::Invalid(format!(
                        "{} hold(s) are active: no consensus to approve",
                        self.case.active_holds()
                    )));
                }
                if self.case.open_questions() > 0 {
                    return Err(Refusal::Invalid(format!(
                        "{} question(s) are unanswered",
                        self.case.open_questions()
                    )));
                }
                let mut partly = false;
                if let Some(items) = items {
                    let mut seen = std::collections::BTreeSet::new();
                    for a in items {
                        let line = self.case.ledger.get(a.item).ok_or_else(|| {
                            Refusal::Invalid(format!("there is no item {}", a.item))
                        })?;
                        if !seen.insert(a.item) {
                            return Err(Refusal::Invalid(format!(
                                "item {} is listed twice",
                                a.item
                            )));
                        }
                        if a.quantity > line.requested {
                            return Err(Refusal::Invalid(format!(
                                "item {}: {} approved exceeds the {} requested",
                                a.item, a.quantity, line.requested
                            )));
                        }
                    }
                    for line in &mut self.case.ledger {
                        line.approved =
                            items.iter().find(|a| a.item == line.item).map_or(0, |a| a.quantity);
                        partly |= line.approved < line.requested;
                    }
                    if self.case.ledger.iter().all(|l| l.approved == 0) {
                        return Err(Refusal::Invalid("nothing approved: use reject".into()));
                    }
                } else {
                    for line in &mut self.case.ledger {
                        line.approved = line.requested;
                    }
                }
                let validity = self.case.params.unwrap_or_default().approval_validity_days;
                let valid_until = self.add_days(self.today, validity)?;
                let outcome = if partly { Outcome::PartlyApproved } else { Outcome::Approved };
                self.case.phase = Phase::Approved;
                self.case.decision = Some(Decision {
                    outcome,
                    on: self.today,
                    conditions: conditions.clone(),
                    reason: None,
                    valid_until: Some(valid_until),
                });
                let approved: Vec<_> =
                    self.case.ledger.iter().map(|l| json!({ "item": l.item, "requested": l.requested, "approved": l.approved })).collect();
                self.emit(
                    EventKind::Approved,
                    json!({ "outcome": outcome, "items": approved, "conditions": conditions, "valid_until": valid_until }),
                );
                Ok(())
            }
            Command::Reject { reason } => {
                self.require_phase(name, &[Phase::Pending])?;
                self.require_role(
                    name,
                    self.is_committee_office(),
                    "the chair or the secretariat records a rejection",
                )?;
                if matches!(self.case.kind(), Some(ProcedureKind::Notification { .. })) {
                    return Err(Refusal::Invalid(
                        "a notification gets a negative decision through an objection".into(),
                    ));
                }
                self.case.phase = Phase::Rejected;
                self.case.decision = Some(Decision {
                    outcome: Outcome::Rejected,
                    on: self.today,
                    conditions: vec![],
                    reason: Some(reason.clone()),
                    valid_until: None,
                });
                self.emit(EventKind::Rejected, json!({ "reason": reason }));
                Ok(())
            }
            Command::Withdraw { reason } => {
                self.require_phase(name, &[Phase::Draft, Phase::Submitted, Phase::Pending])?;
                self.require(name, self.is_owner(), "only the submitter withdraws")?;
                self.finish(Phase::Withdrawn, Outcome::Withdrawn, reason.clone());
                self.emit(EventKind::Withdrawn, json!({ "reason": reason }));
                Ok(())
            }
            Command::Lapse { reason } => {
                self.require_phase(name, &[Phase::Submitted, Phase::Pending])?;
                self.require_role(
                    name,
                    self.is_committee_office(),
                    "only the chair or the secretariat declares a lapse",
                )?;
                self.finish(Phase::Lapsed, Outcome::Lapsed, Some(reason.clone()));
                self.emit(EventKind::Lapsed, json!({ "reason": reason }));
                Ok(())
            }
            Command::Deliver { date, lines } => self.deliver(*date, lines),
            Command::Report { delivery, text } => self.report(name, *delivery, text),
            Command::Incident { kind, date, description } => {
                self.incident(name, *kind, *date, description)
            }
            Command::Tick => self.tick(),
        }
    }

    fn finish(&mut self, phase: Phase, outcome: Outcome, reason: Option<String>) {
        self.case.phase = phase;
        self.case.deadline = None;
        self.case.decision = Some(Decision {
            outcome,
            on: self.today,
            conditions: vec![],
            reason,
            valid_until: None,
        });
    }
}
