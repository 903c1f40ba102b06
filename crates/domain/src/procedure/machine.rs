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
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::audit::EventBody;
use super::committee::{Committee, Offices};
use super::ground::{
    time_zone, GroundRules, ProcedureKind, ProcedureParams, WorkingDays, COMMITTEE_TIME_ZONE,
};
use super::model::RequestContent;
use super::validate::{blocks_filing, validate, Clearance, Problem, ScreeningHit};

/// The kind of actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Whoever files the request (mission, organisation, focal point).
    Submitter,
    /// A committee member (its id is the member's ISO alpha-2 code).
    Member,
    /// The committee chair (its id is the ISO alpha-2 code of the State that chairs).
    Chair,
    /// The committee secretariat.
    Secretariat,
    /// The Panel of Experts.
    Panel,
    /// The system itself (the clock).
    System,
}

/// Who acts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Actor {
    /// The kind of actor.
    pub role: Role,
    /// Its identity (a member's country code; a submitter's name).
    pub id: String,
}

impl Actor {
    /// Parses `role:id`, e.g. `member:ES`, `submitter:IT-mission`, `secretariat:sec`.
    pub fn parse(s: &str) -> Result<Actor, String> {
        let (role, id) =
            s.split_once(':').ok_or_else(|| format!("actor `{s}`: expected role:id"))?;
        let role = match role {
            "submitter" => Role::Submitter,
            "member" => Role::Member,
            "chair" => Role::Chair,
            "secretariat" => Role::Secretariat,
            "panel" => Role::Panel,
            "system" => Role::System,
            other => return Err(format!("actor `{s}`: unknown role `{other}`")),
        };
        let id = id.trim();
        if id.is_empty() {
            return Err(format!("actor `{s}`: empty id"));
        }
        if let Err(e) = crate::text::check_identifier("actor id", id) {
            return Err(format!("actor `{s}`: {e}"));
        }
        // Members and the chair are States: their ids are ISO alpha-2 codes, in capitals.
        let id = if matches!(role, Role::Member | Role::Chair) {
            id.to_ascii_uppercase()
        } else {
            id.to_owned()
        };
        Ok(Actor { role, id })
    }
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let role = serde_json::to_value(self.role).ok();
        let role = role.as_ref().and_then(|v| v.as_str()).unwrap_or("?");
        write!(f, "{role}:{}", self.id)
    }
}

/// The phase of a case (the status without the hold/question overlay).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Being prepared.
    Draft,
    /// Received by the secretariat.
    Submitted,
    /// Circulated to the members, no decision yet.
    Pending,
    /// Approved by the committee.
    Approved,
    /// Notification not objected to within its period.
    DeemedApproved,
    /// A member objected to a notification.
    NegativeDecision,
    /// The committee rejected an approval request.
    Rejected,
    /// The submitter withdrew it.
    Withdrawn,
    /// It lapsed.
    Lapsed,
}

impl Phase {
    /// Whether nothing more can happen to the case's decision.
    pub fn is_terminal(self) -> bool {
        matches!(self, Phase::NegativeDecision | Phase::Rejected | Phase::Withdrawn | Phase::Lapsed)
    }

    /// Whether the case authorises deliveries.
    pub fn is_approved(self) -> bool {
        matches!(self, Phase::Approved | Phase::DeemedApproved)
    }
}

/// Where a request stands: its phase, with what stops the clock while it is pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being prepared.
    Draft,
    /// Received by the secretariat, not yet circulated.
    Submitted,
    /// Pending, with a question to the submitter open (the clock is stopped).
    AwaitingInformation,
    /// Pending, with a hold in place (the clock is stopped).
    OnHold,
    /// A notification's no-objection period is running.
    ObjectionPeriodRunning,
    /// An approval request is before the committee.
    UnderConsideration,
    /// Approved.
    Approved,
    /// A notification not objected to within its period.
    DeemedApproved,
    /// A member objected to a notification.
    NegativeDecision,
    /// Rejected.
    Rejected,
    /// Withdrawn.
    Withdrawn,
    /// Lapsed.
    Lapsed,
}

/// How a committee decision came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Approved as requested.
    Approved,
    /// Approved for some items or smaller quantities.
    PartlyApproved,
    /// A notification not objected to within its period.
    DeemedApproved,
    /// A member objected to a notification.
    NegativeDecision,
    /// Rejected (by decision or by a member's objection to an approval request).
    Rejected,
    /// Withdrawn by the submitter.
    Withdrawn,
    /// Lapsed.
    Lapsed,
}

/// How a hold ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HoldEnd {
    /// The member lifted it.
    Lifted,
    /// It reached the regime's hold limit.
    Expired,
}

/// What happened to delivered items (States report loss, theft or diversion; misuse by the
/// recipient is reported likewise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    /// Lost.
    Loss,
    /// Stolen.
    Theft,
    /// Diverted to an unauthorised end user.
    Diversion,
    /// Used contrary to the approval's conditions.
    Misuse,
}

/// What an event of a request's log records. The stored event keeps the name
/// ([`EventKind::as_str`]) so the log stays readable by any version; [`EventKind::parse`]
/// reads it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A draft was created.
    Created,
    /// The draft's content was amended.
    Amended,
    /// A screening hit on a party was cleared with a reason.
    ScreeningHitCleared,
    /// Submitted to the committee, with the ground and parameters pinned.
    Submitted,
    /// Circulated to the members.
    Circulated,
    /// A member placed a hold.
    HoldPlaced,
    /// A hold was extended.
    HoldExtended,
    /// A member lifted its hold.
    HoldLifted,
    /// A hold reached its limit and ended by itself.
    HoldExpired,
    /// A question was put to the submitter.
    QuestionAsked,
    /// The submitter answered a question.
    QuestionAnswered,
    /// A member objected.
    Objected,
    /// The committee approved (in whole or in part).
    Approved,
    /// A notification's period ended without objection.
    DeemedApproved,
    /// The committee rejected the request.
    Rejected,
    /// The submitter withdrew it.
    Withdrawn,
    /// It lapsed.
    Lapsed,
    /// A delivery was recorded.
    Delivered,
    /// A post-delivery report was received.
    ReportReceived,
    /// A loss, theft, diversion or misuse was reported.
    IncidentReported,
}

/// The snake_case names of a unit-variant enum, for `as_str`, `parse` and `Display`.
macro_rules! names {
    ($t:ty { $($v:ident => $s:literal),* $(,)? }) => {
        impl $t {
            /// Every value.
            pub const ALL: &'static [$t] = &[$(<$t>::$v),*];

            /// The name, as serialised.
            pub fn as_str(self) -> &'static str {
                match self { $(<$t>::$v => $s),* }
            }

            /// The value of a name; the error lists the names.
            pub fn parse(s: &str) -> Result<$t, String> {
                match s {
                    $($s => Ok(<$t>::$v),)*
                    other => Err(format!(
                        "`{other}` is not one of {}",
                        [$($s),*].join(", ")
                    )),
                }
            }
        }

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<$t, String> {
                <$t>::parse(s)
            }
        }
    };
}

names!(Outcome {
    Approved => "approved",
    PartlyApproved => "partly_approved",
    DeemedApproved => "deemed_approved",
    NegativeDecision => "negative_decision",
    Rejected => "rejected",
    Withdrawn => "withdrawn",
    Lapsed => "lapsed",
});
names!(Status {
    Draft => "draft",
    Submitted => "submitted",
    AwaitingInformation => "awaiting_information",
    OnHold => "on_hold",
    ObjectionPeriodRunning => "objection_period_running",
    UnderConsideration => "under_consideration",
    Approved => "approved",
    DeemedApproved => "deemed_approved",
    NegativeDecision => "negative_decision",
    Rejected => "rejected",
    Withdrawn => "withdrawn",
    Lapsed => "lapsed",
});
names!(HoldEnd { Lifted => "lifted", Expired => "expired" });
names!(IncidentKind { Loss => "loss", Theft => "theft", Diversion => "diversion", Misuse => "misuse" });
names!(EventKind {
    Created => "created",
    Amended => "amended",
    ScreeningHitCleared => "screening_hit_cleared",
    Submitted => "submitted",
    Circulated => "circulated",
    HoldPlaced => "hold_placed",
    HoldExtended => "hold_extended",
    HoldLifted => "hold_lifted",
    HoldExpired => "hold_expired",
    QuestionAsked => "question_asked",
    QuestionAnswered => "question_answered",
    Objected => "objected",
    Approved => "approved",
    DeemedApproved => "deemed_approved",
    Rejected => "rejected",
    Withdrawn => "withdrawn",
    Lapsed => "lapsed",
    Delivered => "delivered",
    ReportReceived => "report_received",
    IncidentReported => "incident_reported",
});

/// A hold placed by a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Hold {
    /// The member.
    pub member: String,
    /// Why.
    pub reason: String,
    /// The information asked for.
    pub information_requested: Option<String>,
    /// When placed.
    pub placed_on: Date,
    /// When it expires by itself (regime hold limit).
    pub expires_on: Option<Date>,
    /// Extensions used.
    pub extensions: u32,
    /// When lifted (by the member, or by expiry).
    pub lifted_on: Option<Date>,
    /// How it ended.
    pub lifted_how: Option<HoldEnd>,
}

/// A question to the submitter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Question {
    /// Who asked.
    pub asked_by: String,
    /// The question.
    pub text: String,
    /// When.
    pub asked_on: Date,
    /// The answer.
    pub answer: Option<String>,
    /// When answered.
    pub answered_on: Option<Date>,
}

/// An objection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Objection {
    /// The member.
    pub member: String,
    /// Why.
    pub reason: String,
    /// When.
    pub on: Date,
}

/// The committee's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Decision {
    /// How it came out.
    pub outcome: Outcome,
    /// Effective date.
    pub on: Date,
    /// Conditions attached to an approval.
    pub conditions: Vec<String>,
    /// Reason given, if any.
    pub reason: Option<String>,
    /// Last day deliveries are covered (approvals only).
    pub valid_until: Option<Date>,
}

/// Requested, approved and delivered quantities of one item line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LedgerLine {
    /// Index in the item list.
    pub item: usize,
    /// Military-list category, as filed.
    pub category: String,
    /// Description, as filed.
    pub description: String,
    /// Requested quantity.
    pub requested: u64,
    /// Approved quantity (0 until approved).
    pub approved: u64,
    /// Delivered so far.
    pub delivered: u64,
}

impl LedgerLine {
    /// Approved but not yet delivered.
    pub fn remaining(&self) -> u64 {
        self.approved.saturating_sub(self.delivered)
    }
}

/// One line of a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DeliveryLine {
    /// Index in the item list.
    pub item: usize,
    /// How many.
    pub quantity: u64,
    /// Serial numbers delivered.
    #[serde(default)]
    pub serial_numbers: Vec<String>,
}

/// A recorded delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Delivery {
    /// Delivery date.
    pub date: Date,
    /// What was delivered.
    pub lines: Vec<DeliveryLine>,
    /// Post-delivery report due date.
    pub report_due: Date,
    /// When the report was received.
    pub reported_on: Option<Date>,
    /// The report's content.
    pub report: Option<String>,
}

/// A loss, theft, diversion or misuse of delivered items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Incident {
    /// What happened to the items.
    pub kind: IncidentKind,
    /// When it happened.
    pub date: Date,
    /// What happened.
    pub description: String,
    /// Who reported it.
    pub reported_by: String,
}

/// An exemption request or notification and everything that happened to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Case {
    /// Its reference, e.g. `LY-2016-001`.
    pub reference: String,
    /// Who created it (the submitter actor's id).
    pub owner: String,
    /// What it says.
    pub content: RequestContent,
    /// Its phase.
    pub phase: Phase,
    /// The ground as in force on the submission date (pinned at submission).
    pub ground: Option<GroundRules>,
    /// The regime's procedure parameters (pinned at submission).
    pub params: Option<ProcedureParams>,
    /// Submission date.
    pub submitted_on: Option<Date>,
    /// Circulation date.
    pub circulated_on: Option<Date>,
    /// Last day of the no-objection period (notifications, while the clock runs).
    pub deadline: Option<Date>,
    /// Working days left when the clock was stopped.
    pub clock_stopped_with: Option<u32>,
    /// Holds, active and lifted.
    pub holds: Vec<Hold>,
    /// Questions to the submitter.
    pub questions: Vec<Question>,
    /// Objections.
    pub objections: Vec<Objection>,
    /// Clearances of screening hits.
    pub clearances: Vec<Clearance>,
    /// The decision.
    pub decision: Option<Decision>,
    /// Quantities per item line.
    pub ledger: Vec<LedgerLine>,
    /// Deliveries.
    pub deliveries: Vec<Delivery>,
    /// Incidents.
    pub incidents: Vec<Incident>,
    /// The procedure time of the last command that changed the case: a later command may not
    /// be dated before it (procedure time never goes backwards along a request's events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure_time: Option<Timestamp>,
}

impl Case {
    /// The regime whose committee handles the case: the pinned ground's once submitted, the
    /// first segment of the ground id (`un-libya/…`) before.
    pub fn regime(&self) -> &str {
        match &self.ground {
            Some(g) => &g.regime,
            None => self.content.ground.split('/').next().unwrap_or_default(),
        }
    }

    /// The status shown to users: the phase, refined by holds and questions while pending.
    pub fn status(&self) -> Status {
        match self.phase {
            Phase::Draft => Status::Draft,
            Phase::Submitted => Status::Submitted,
            Phase::Pending if self.open_questions() > 0 => Status::AwaitingInformation,
            Phase::Pending if self.active_holds() > 0 => Status::OnHold,
            Phase::Pending => match self.kind() {
                Some(ProcedureKind::Notification { .. }) => Status::ObjectionPeriodRunning,
                _ => Status::UnderConsideration,
            },
            Phase::Approved => Status::Approved,
            Phase::DeemedApproved => Status::DeemedApproved,
            Phase::NegativeDecision => Status::NegativeDecision,
            Phase::Rejected => Status::Rejected,
            Phase::Withdrawn => Status::Withdrawn,
            Phase::Lapsed => Status::Lapsed,
        }
    }

    /// The procedure, once submitted.
    pub fn kind(&self) -> Option<ProcedureKind> {
        self.ground.as_ref().map(|g| g.procedure)
    }

    /// Holds not lifted.
    pub fn active_holds(&self) -> usize {
        self.holds.iter().filter(|h| h.lifted_on.is_none()).count()
    }

    /// Questions not answered.
    pub fn open_questions(&self) -> usize {
        self.questions.iter().filter(|q| q.answer.is_none()).count()
    }

    /// Whether the clock is stopped (any active hold or open question).
    pub fn clock_stopped(&self) -> bool {
        self.active_holds() > 0 || self.open_questions() > 0
    }

    /// Deliveries whose report is overdue on `today`: (delivery index, due date).
    pub fn overdue_reports(&self, today: Date) -> Vec<(usize, Date)> {
        self.deliveries
            .iter()
            .enumerate()
            .filter(|(_, d)| d.reported_on.is_none() && d.report_due < today)
            .map(|(i, d)| (i, d.report_due))
            .collect()
    }
}

/// A command on a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Create a draft.
    New {
        /// Its content.
        content: RequestContent,
    },
    /// Replace the content of a draft.
    Amend {
        /// The new content.
        content: RequestContent,
    },
    /// Clear a screening hit on a party with a reason.
    ClearHit {
        /// Index of the party.
        party: usize,
        /// Listed entity reference.
        reference: String,
        /// Why it is not the party.
        reason: String,
    },
    /// File the request under the ground in force today.
    Submit {
        /// The ground as in force on the submission date.
        ground: GroundRules,
        /// The regime's procedure parameters.
        params: ProcedureParams,
        /// Screening hits on the parties, from the stored lists.
        hits: Vec<ScreeningHit>,
    },
    /// Circulate it to the members.
    Circulate,
    /// Place a hold.
    Hold {
        /// Why.
        reason: String,
        /// What information is asked for.
        information_requested: Option<String>,
    },
    /// Extend one's own hold (within the regime's limit).
    ExtendHold {
        /// Index of the hold.
        hold: usize,
    },
    /// Lift one's own hold.
    Lift {
        /// Index of the hold.
        hold: usize,
    },
    /// Ask the submitter a question.
    Ask {
        /// The question.
        question: String,
    },
    /// Answer a question.
    Answer {
        /// Index of the question.
        question: usize,
        /// The answer.
        answer: String,
    },
    /// Object (a negative decision: consensus).
    Object {
        /// Why.
        reason: String,
    },
    /// Record the committee's approval (consensus, no hold, no open question).
    Approve {
        /// Per-item approved quantities; `None` approves everything as requested.
        items: Option<Vec<ItemApproval>>,
        /// Conditions attached.
        conditions: Vec<String>,
    },
    /// Record the committee's rejection.
    Reject {
        /// Why.
        reason: String,
    },
    /// Withdraw the request.
    Withdraw {
        /// Why.
        reason: Option<String>,
    },
    /// Declare the request lapsed.
    Lapse {
        /// Why.
        reason: String,
    },
    /// Record a delivery against the approved quantities.
    Deliver {
        /// Delivery date.
        date: Date,
        /// What was delivered.
        lines: Vec<DeliveryLine>,
    },
    /// Record a post-delivery report.
    Report {
        /// Index of the delivery.
        delivery: usize,
        /// The report.
        text: String,
    },
    /// Record an incident.
    Incident {
        /// What happened to the items.
        kind: IncidentKind,
        /// When it happened.
        date: Date,
        /// What happened.
        description: String,
    },
    /// Let time act: hold expiry, lapse of unanswered questions, deemed approval.
    Tick,
}

impl Command {
    /// The command's name, as on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Command::New { .. } => "new",
            Command::Amend { .. } => "amend",
            Command::ClearHit { .. } => "clear",
            Command::Submit { .. } => "submit",
            Command::Circulate => "circulate",
            Command::Hold { .. } => "hold",
            Command::ExtendHold { .. } => "extend-hold",
            Command::Lift { .. } => "lift",
            Command::Ask { .. } => "ask",
            Command::Answer { .. } => "answer",
            Command::Object { .. } => "object",
            Command::Approve { .. } => "approve",
            Command::Reject { .. } => "reject",
            Command::Withdraw { .. } => "withdraw",
            Command::Lapse { .. } => "lapse",
            Command::Deliver { .. } => "deliver",
            Command::Report { .. } => "report",
            Command::Incident { .. } => "incident",
            Command::Tick => "tick",
        }
    }
}

/// Approved quantity of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemApproval {
    /// Index in the item list.
    pub item: usize,
    /// Approved quantity (0: not approved).
    pub quantity: u64,
}

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// The actor may not do this.
    #[error("{actor} may not {command}: {reason}")]
    NotAllowed {
        /// The actor.
        actor: String,
        /// The command.
        command: &'static str,
        /// Why not.
        reason: String,
    },
    /// The case is not in a state that allows this.
    #[error("cannot {command} a request that is {status}")]
    WrongState {
        /// The command.
        command: &'static str,
        /// The case's status.
        status: Status,
    },
    /// The request is not ready to file.
    #[error("the request cannot be filed: {} problem(s), first: {}", .0.len(), .0.first().map(|p| format!("{}: {}", p.path, p.message)).unwrap_or_default())]
    NotValid(Vec<Problem>),
    /// An argument is wrong (unknown index, over-delivery, …).
    #[error("{0}")]
    Invalid(String),
    /// The calendar cannot count the deadline.
    #[error("working-day calendar: {0}")]
    Calendar(String),
    /// The command is dated before the last command on the request.
    #[error("procedure time {now} is before {last}, the time of the last command on this request: procedure time never goes backwards")]
    TimeBackwards {
        /// The command's procedure time.
        now: Timestamp,
        /// The last command's procedure time.
        last: Timestamp,
    },
}

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
                self.require_phase(name, &[Phase::Pending])?;
                self.require(
                    name,
                    self.is_sitting_member(),
                    "only a member of the committee this year places a hold",
                )?;
                if reason.trim().is_empty() {
                    return Err(Refusal::Invalid("a hold needs a reason".into()));
                }
                if self
                    .case
                    .holds
                    .iter()
                    .any(|h| h.member == self.actor.id && h.lifted_on.is_none())
                {
                    return Err(Refusal::Invalid(format!(
                        "{} already has a hold on this request",
                        self.actor.id
                    )));
                }
                let was_stopped = self.case.clock_stopped();
                let limit = self.case.params.and_then(|p| p.hold_max_days);
                let expires_on = match limit {
                    Some(days) => Some(self.add_days(self.today, days)?),
                    None => None,
                };
                let hold = Hold {
                    member: self.actor.id.clone(),
                    reason: reason.clone(),
                    information_requested: information_requested.clone(),
                    placed_on: self.today,
                    expires_on,
                    extensions: 0,
                    lifted_on: None,
                    lifted_how: None,
                };
                if !was_stopped {
                    self.stop_clock()?;
                }
                self.case.holds.push(hold.clone());
                let index = self.case.holds.len() - 1;
                self.emit(EventKind::HoldPlaced, json!({ "hold": index, "detail": hold }));
                Ok(())
            }
            Command::ExtendHold { hold } => {
                self.require_phase(name, &[Phase::Pending])?;
                let params = self.case.params.unwrap_or_default();
                let h = self
                    .case
                    .holds
                    .get(*hold)
                    .ok_or_else(|| Refusal::Invalid(format!("there is no hold {hold}")))?;
                self.require(
                    name,
                    self.actor.role == Role::Member && h.member == self.actor.id,
                    "only the member who placed a hold extends it",
                )?;
                if h.lifted_on.is_some() {
                    return Err(Refusal::Invalid(format!("hold {hold} is no longer active")));
                }
                let Some(expires) = h.expires_on else {
                    return Err(Refusal::Invalid("holds do not expire under this regime".into()));
                };
                if h.extensions >= params.hold_max_extensions {
                    return Err(Refusal::Invalid(format!(
                        "hold {hold} has had {} extension(s), the regime allows {}",
                        h.extensions, params.hold_max_extensions
                    )));
                }
                let new_expiry = self.add_days(expires, params.hold_extension_days)?;
                let h = &mut self.case.holds[*hold];
                h.extensions += 1;
                h.expires_on = Some(new_expiry);
                self.emit(
                    EventKind::HoldExtended,
                    json!({ "hold": hold, "expires_on": new_expiry }),
                );
                Ok(())
            }
            Command::Lift { hold } => {
                self.require_phase(name, &[Phase::Pending])?;
                let h = self
                    .case
                    .holds
                    .get(*hold)
                    .ok_or_else(|| Refusal::Invalid(format!("there is no hold {hold}")))?;
                self.require(
                    name,
                    self.actor.role == Role::Member && h.member == self.actor.id,
                    "only the member who placed a hold lifts it",
                )?;
                if h.lifted_on.is_some() {
                    return Err(Refusal::Invalid(format!("hold {hold} is already lifted")));
                }
                let h = &mut self.case.holds[*hold];
                h.lifted_on = Some(self.today);
                h.lifted_how = Some(HoldEnd::Lifted);
                let deadline = self.resume_clock()?;
                self.emit(EventKind::HoldLifted, json!({ "hold": hold, "deadline": deadline }));
                Ok(())
            }
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
            Command::Report { delivery, text } => {
                self.require_role(
                    name,
                    self.is_owner() || self.is_committee_office(),
                    "only the submitter or the secretariat records a post-delivery report",
                )?;
                let d =
                    self.case.deliveries.get_mut(*delivery).ok_or_else(|| {
                        Refusal::Invalid(format!("there is no delivery {delivery}"))
                    })?;
                if d.reported_on.is_some() {
                    return Err(Refusal::Invalid(format!(
                        "delivery {delivery} is already reported"
                    )));
                }
                if text.trim().is_empty() {
                    return Err(Refusal::Invalid("the report is empty".into()));
                }
                d.reported_on = Some(self.today);
                d.report = Some(text.clone());
                let late = self.today > d.report_due;
                self.emit(
                    EventKind::ReportReceived,
                    json!({ "delivery": delivery, "text": text, "late": late }),
                );
                Ok(())
            }
            Command::Incident { kind, date, description } => {
                if !self.case.phase.is_approved() {
                    return Err(self.wrong_state(name));
                }
                if *date > self.today {
                    return Err(Refusal::Invalid(format!("incident date {date} is in the future")));
                }
                // Who reports: the State that filed the request (States report loss, theft or
                // diversion of exempted materiel, domain.md §1 Libya guidance 2014), the
                // committee's chair or secretariat, the Panel of Experts, and the States that
                // sit on the committee that year. Nobody else, and no other submitter.
                self.require_role(
                    name,
                    self.is_owner()
                        || self.is_committee_office()
                        || self.actor.role == Role::Panel
                        || self.is_sitting_member(),
                    "only the submitter of the request, the chair, the secretariat, the Panel of Experts or a member of the committee reports an incident",
                )?;
                let incident = Incident {
                    kind: *kind,
                    date: *date,
                    description: description.clone(),
                    reported_by: self.actor.to_string(),
                };
                self.case.incidents.push(incident.clone());
                self.emit(EventKind::IncidentReported, json!(incident));
                Ok(())
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

    fn deliver(&mut self, date: Date, lines: &[DeliveryLine]) -> Result<(), Refusal> {
        let name = "deliver";
        if !self.case.phase.is_approved() {
            return Err(self.wrong_state(name));
        }
        self.require_role(
            name,
            self.is_owner() || self.is_committee_office(),
            "only the submitter or the secretariat records a delivery",
        )?;
        let decision = self
            .case
            .decision
            .clone()
            .ok_or_else(|| Refusal::Invalid("no decision recorded".into()))?;
        if date < decision.on {
            return Err(Refusal::Invalid(format!(
                "delivery on {date} is before the approval on {}",
                decision.on
            )));
        }
        if date > self.today {
            return Err(Refusal::Invalid(format!("delivery on {date} is in the future")));
        }
        if let Some(until) = decision.valid_until {
            if date > until {
                return Err(Refusal::Invalid(format!(
                    "the approval covered deliveries until {until}"
                )));
            }
        }
        if lines.is_empty() {
            return Err(Refusal::Invalid("a delivery needs at least one line".into()));
        }
        let mut ledger = self.case.ledger.clone();
        for line in lines {
            let entry = ledger
                .get_mut(line.item)
                .ok_or_else(|| Refusal::Invalid(format!("there is no item {}", line.item)))?;
            if line.quantity == 0 {
                return Err(Refusal::Invalid(format!(
                    "item {}: quantity must be positive",
                    line.item
                )));
            }
            let total = entry.delivered.saturating_add(line.quantity);
            if total > entry.approved {
                return Err(Refusal::Invalid(format!(
                    "over-delivery of item {} ({}): {} delivered + {} > {} approved",
                    line.item, entry.description, entry.delivered, line.quantity, entry.approved
                )));
            }
            entry.delivered = total;
        }
        let due_days = self.case.params.unwrap_or_default().report_due_days;
        let report_due = self.add_days(date, due_days)?;
        self.case.ledger = ledger;
        self.case.deliveries.push(Delivery {
            date,
            lines: lines.to_vec(),
            report_due,
            reported_on: None,
            report: None,
        });
        let index = self.case.deliveries.len() - 1;
        let remaining: Vec<_> = self
            .case
            .ledger
            .iter()
            .map(|l| json!({ "item": l.item, "remaining": l.remaining() }))
            .collect();
        self.emit(
            EventKind::Delivered,
            json!({ "delivery": index, "date": date, "lines": lines, "report_due": report_due, "remaining": remaining }),
        );
        Ok(())
    }

    fn tick(&mut self) -> Result<(), Refusal> {
        if self.case.phase != Phase::Pending && self.case.phase != Phase::Submitted {
            return Ok(());
        }
        // 1. Holds past the regime's limit expire.
        let today = self.today;
        let expired: Vec<usize> = self
            .case
            .holds
            .iter()
            .enumerate()
            .filter(|(_, h)| h.lifted_on.is_none() && h.expires_on.is_some_and(|e| e < today))
            .map(|(i, _)| i)
            .collect();
        for i in expired {
            let h = &mut self.case.holds[i];
            let expired_on = h.expires_on.and_then(|e| e.tomorrow().ok()).unwrap_or(today);
            h.lifted_on = Some(expired_on);
            h.lifted_how = Some(HoldEnd::Expired);
            let member = h.member.clone();
            let deadline = self.resume_clock()?;
            self.emit(
                EventKind::HoldExpired,
                json!({ "hold": i, "member": member, "deadline": deadline }),
            );
        }
        // 2. A question unanswered for too long makes the request lapse.
        if let Some(days) = self.case.params.and_then(|p| p.question_lapse_days) {
            let stale = self.case.questions.iter().position(|q| {
                q.answer.is_none()
                    && q.asked_on.checked_add(i64::from(days).days()).is_ok_and(|d| d < today)
            });
            if let Some(q) = stale {
                let reason = format!("question {q} unanswered for more than {days} days");
                self.finish(Phase::Lapsed, Outcome::Lapsed, Some(reason.clone()));
                self.emit(EventKind::Lapsed, json!({ "reason": reason }));
                return Ok(());
            }
        }
        // 3. A notification whose period ended without objection is deemed approved.
        if let (Phase::Pending, Some(deadline)) = (self.case.phase, self.case.deadline) {
            if today > deadline && !self.case.clock_stopped() {
                let effective = deadline.tomorrow().map_err(|e| Refusal::Invalid(e.to_string()))?;
                let validity = self.case.params.unwrap_or_default().approval_validity_days;
                let valid_until = self.add_days(effective, validity)?;
                for line in &mut self.case.ledger {
                    line.approved = line.requested;
                }
                self.case.phase = Phase::DeemedApproved;
                self.case.deadline = None;
                self.case.decision = Some(Decision {
                    outcome: Outcome::DeemedApproved,
                    on: effective,
                    conditions: vec![],
                    reason: Some(format!("no negative decision by the end of {deadline}")),
                    valid_until: Some(valid_until),
                });
                self.emit(EventKind::DeemedApproved, json!({ "deadline": deadline, "effective": effective, "valid_until": valid_until }));
            }
        }
        Ok(())
    }
}
