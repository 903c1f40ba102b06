//! What can be asked of a case ([`Command`]) and why the state machine may refuse it
//! ([`Refusal`]); [`super::machine`] applies them.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::case::*;
use super::ground::{GroundRules, ProcedureParams};
use super::model::RequestContent;
use super::validate::{Problem, ScreeningHit};

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
