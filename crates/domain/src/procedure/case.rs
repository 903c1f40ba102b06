//! A case's state: who acts ([`Role`], [`Actor`]), where it stands ([`Phase`], [`Status`],
//! [`Outcome`]), the audit event kinds, and what it has gathered (holds, questions, objections,
//! decisions, the ledger of approved quantities, deliveries, incidents) in [`Case`]. The
//! transitions between states are [`super::machine`]'s.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::ground::{GroundRules, ProcedureKind, ProcedureParams};
use super::model::RequestContent;
use super::validate::Clearance;

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
