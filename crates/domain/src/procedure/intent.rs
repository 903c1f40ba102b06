//! What a user asks of a request: the command as it arrives from a command line, a batch line
//! or (later) an HTTP body.
//!
//! An [`Intent`] never carries what the engine decides: a submission names no ground, no
//! procedure parameters and no screening hits — they are computed from the stored request, the
//! regime data and the stored lists, then [`Intent::into_command`] builds the state machine's
//! [`Command`]. Unknown fields are refused, so a line that tries to supply a ground, a
//! deadline or hits is an input error, not something quietly ignored or, worse, believed.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::ground::{GroundRules, ProcedureParams};
use super::machine::{Command, DeliveryLine, IncidentKind, ItemApproval};
use super::model::RequestContent;
use super::validate::ScreeningHit;

/// A user's command on a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "command", rename_all = "snake_case", deny_unknown_fields)]
pub enum Intent {
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
    #[serde(alias = "clear_hit")]
    Clear {
        /// Index of the party.
        party: usize,
        /// Listed entity reference.
        reference: String,
        /// Why it is not the party.
        reason: String,
    },
    /// File the request: the ground in force on the submission date, its parameters and the
    /// screening of its parties are computed, never given.
    Submit {},
    /// Circulate it to the members.
    Circulate {},
    /// Place a hold.
    Hold {
        /// Why.
        reason: String,
        /// What information is asked for.
        #[serde(default)]
        information_requested: Option<String>,
    },
    /// Extend one's own hold.
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
    /// Object.
    Object {
        /// Why.
        reason: String,
    },
    /// Record the committee's approval.
    Approve {
        /// Per-item approved quantities; absent approves everything as requested.
        #[serde(default)]
        items: Option<Vec<ItemApproval>>,
        /// Conditions attached.
        #[serde(default)]
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
        #[serde(default)]
        reason: Option<String>,
    },
    /// Declare the request lapsed.
    Lapse {
        /// Why.
        reason: String,
    },
    /// Record a delivery.
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
        /// `loss`, `theft`, `diversion` or `misuse`.
        kind: IncidentKind,
        /// When it happened.
        date: Date,
        /// What happened.
        description: String,
    },
}

/// What the engine computed for a submission: the ground as in force on the submission date,
/// the regime's procedure parameters and the screening hits on the parties.
#[derive(Debug, Clone, PartialEq)]
pub struct Filing {
    /// The ground.
    pub ground: GroundRules,
    /// The parameters.
    pub params: ProcedureParams,
    /// The hits.
    pub hits: Vec<ScreeningHit>,
}

impl Intent {
    /// Whether this intent files the request (the engine must compute a [`Filing`] first).
    pub fn is_submit(&self) -> bool {
        matches!(self, Intent::Submit {})
    }

    /// The state machine's command. `filing` is what the engine computed for a `submit`; it
    /// is required for a submission and ignored otherwise. `None` for `new`, which creates a
    /// request rather than acting on one.
    pub fn into_command(self, filing: Option<Filing>) -> Result<Option<Command>, &'static str> {
        Ok(Some(match self {
            Intent::New { .. } => return Ok(None),
            Intent::Amend { content } => Command::Amend { content },
            Intent::Clear { party, reference, reason } => {
                Command::ClearHit { party, reference, reason }
            }
            Intent::Submit {} => {
                let f = filing.ok_or("a submission needs the ground computed by the engine")?;
                Command::Submit { ground: f.ground, params: f.params, hits: f.hits }
            }
            Intent::Circulate {} => Command::Circulate,
            Intent::Hold { reason, information_requested } => {
                Command::Hold { reason, information_requested }
            }
            Intent::ExtendHold { hold } => Command::ExtendHold { hold },
            Intent::Lift { hold } => Command::Lift { hold },
            Intent::Ask { question } => Command::Ask { question },
            Intent::Answer { question, answer } => Command::Answer { question, answer },
            Intent::Object { reason } => Command::Object { reason },
            Intent::Approve { items, conditions } => Command::Approve { items, conditions },
            Intent::Reject { reason } => Command::Reject { reason },
            Intent::Withdraw { reason } => Command::Withdraw { reason },
            Intent::Lapse { reason } => Command::Lapse { reason },
            Intent::Deliver { date, lines } => Command::Deliver { date, lines },
            Intent::Report { delivery, text } => Command::Report { delivery, text },
            Intent::Incident { kind, date, description } => {
                Command::Incident { kind, date, description }
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Intent, String> {
        serde_json::from_str(s).map_err(|e| e.to_string())
    }

    #[test]
    fn a_submission_that_brings_its_own_ground_parameters_or_hits_is_refused() {
        assert_eq!(parse(r#"{"command": "submit"}"#).unwrap(), Intent::Submit {});
        for extra in [
            r#""ground": {"id": "un-libya/2009-p13b-notification"}"#,
            r#""params": {"approval_validity_days": 36500}"#,
            r#""hits": []"#,
        ] {
            let line = format!(r#"{{"command": "submit", {extra}}}"#);
            let err = parse(&line).unwrap_err();
            assert!(err.contains("unknown field"), "{line}: {err}");
        }
    }

    #[test]
    fn no_intent_carries_a_computed_field_or_lets_time_act() {
        for line in [
            r#"{"command": "hold", "reason": "x", "deadline": "2016-01-01"}"#,
            r#"{"command": "approve", "valid_until": "2116-01-01"}"#,
            r#"{"command": "tick"}"#,
            r#"{"command": "circulate", "now": "2016-01-01T00:00:00Z"}"#,
        ] {
            assert!(parse(line).is_err(), "{line} was accepted");
        }
    }

    #[test]
    fn intents_become_the_machine_commands() {
        let i = parse(r#"{"command": "clear", "party": 1, "reference": "LYi.001", "reason": "not the same person at all"}"#).unwrap();
        assert!(matches!(i.into_command(None), Ok(Some(Command::ClearHit { party: 1, .. }))));
        assert!(Intent::Submit {}.into_command(None).is_err());
        let approve = parse(r#"{"command": "approve"}"#).unwrap();
        assert_eq!(
            approve.into_command(None),
            Ok(Some(Command::Approve { items: None, conditions: vec![] }))
        );
    }
}
