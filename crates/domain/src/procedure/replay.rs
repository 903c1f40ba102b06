//! Replaying a request's audit events through the state machine.
//!
//! Each command's last event carries the command as the machine applied it and the hash of
//! the state it produced. [`replay`] re-runs those commands from nothing, checks that the
//! machine produces exactly the stored events (kind, actor, procedure time, statuses, data)
//! and the recorded state hashes, and returns the state the events lead to; [`first_difference`]
//! then compares it with the stored state field by field. A request edited in the database
//! (an approved quantity raised, a hold removed) is named with the field that differs.

use jiff::Timestamp;
use serde_json::Value;

use super::audit::{state_hash, ChainedEvent};
use super::machine::{self, Case, Command, Context};

/// Why the events of a request do not replay.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event {seq}: {message}")]
pub struct ReplayError {
    /// The event where replay fails.
    pub seq: u64,
    /// What is wrong.
    pub message: String,
}

/// Replays `events` (one request's, in log order) and returns the state they lead to.
pub fn replay(events: &[ChainedEvent], ctx: &Context<'_>) -> Result<Case, ReplayError> {
    let mut case: Option<Case> = None;
    let mut group_start = 0usize;
    for (i, event) in events.iter().enumerate() {
        let Some(command_json) = &event.body.command else { continue };
        let err = |message: String| ReplayError { seq: event.seq, message };
        let command: Command = serde_json::from_value(command_json.clone())
            .map_err(|e| err(format!("the recorded command cannot be read: {e}")))?;
        let now: Timestamp = event
            .body
            .at
            .parse()
            .map_err(|e| err(format!("procedure time `{}`: {e}", event.body.at)))?;
        let actor = &event.body.actor;
        let transition = match (&case, command) {
            (None, Command::New { content }) => {
                machine::create(&event.body.case, content, actor, now)
            }
            (None, other) => {
                return Err(err(format!(
                    "the request's first command is `{}`, not `new`: its creation is missing",
                    other.name()
                )))
            }
            (Some(_), Command::New { .. }) => {
                return Err(err("a second `new` for a request that exists".into()))
            }
            (Some(c), command) => machine::apply(c, &command, actor, now, ctx),
        }
        .map_err(|refusal| {
            err(format!("the state machine refuses this command on replay: {refusal}"))
        })?;
        let stored = &events[group_start..=i];
        if transition.events.len() != stored.len() {
            return Err(ReplayError {
                seq: stored[0].seq,
                message: format!(
                    "the command `{}` produces {} event(s) on replay, {} are stored",
                    command_json.get("command").and_then(Value::as_str).unwrap_or("?"),
                    transition.events.len(),
                    stored.len()
                ),
            });
        }
        for (produced, stored) in transition.events.iter().zip(stored) {
            if *produced != stored.body.as_produced() {
                let a = serde_json::to_value(produced).unwrap_or_default();
                let b = serde_json::to_value(stored.body.as_produced()).unwrap_or_default();
                let at = first_difference(&a, &b).map(|d| d.to_string()).unwrap_or_default();
                return Err(ReplayError {
                    seq: stored.seq,
                    message: format!(
                        "the stored event differs from what the command produces on replay: {at}"
                    ),
                });
            }
        }
        let hash = state_hash(&transition.case).map_err(|e| err(e.to_string()))?;
        match &event.body.state {
            Some(recorded) if *recorded != hash => {
                return Err(err(format!(
                "the state after this command hashes to {hash} on replay, {recorded} was recorded"
            )))
            }
            _ => {}
        }
        case = Some(transition.case);
        group_start = i + 1;
    }
    if let Some(rest) = events.get(group_start) {
        return Err(ReplayError {
            seq: rest.seq,
            message:
                "this event belongs to no recorded command: it was added outside the procedure"
                    .into(),
        });
    }
    case.ok_or(ReplayError { seq: 0, message: "the request has no events".into() })
}

/// A place where two JSON values differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The field path, e.g. `ledger[0].approved`.
    pub path: String,
    /// The value on the left (the events' state), `null` when absent.
    pub expected: Value,
    /// The value on the right (the stored state), `null` when absent.
    pub found: Value,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() { "(the whole value)" } else { &self.path };
        write!(f, "{path}: the events give {}, stored {}", self.expected, self.found)
    }
}

/// The first field (in key order) where `expected` and `found` differ.
pub fn first_difference(expected: &Value, found: &Value) -> Option<Difference> {
    fn walk(path: &str, a: &Value, b: &Value) -> Option<Difference> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                keys.sort();
                keys.dedup();
                keys.into_iter().find_map(|k| {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    walk(&p, x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null))
                })
            }
            (Value::Array(x), Value::Array(y)) => (0..x.len().max(y.len())).find_map(|i| {
                walk(
                    &format!("{path}[{i}]"),
                    x.get(i).unwrap_or(&Value::Null),
                    y.get(i).unwrap_or(&Value::Null),
                )
            }),
            _ if a == b => None,
            _ => Some(Difference { path: path.to_owned(), expected: a.clone(), found: b.clone() }),
        }
    }
    walk("", expected, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_first_difference_names_the_field_path() {
        let a = json!({"ledger": [{"approved": 3000, "item": 0}], "phase": "approved"});
        let b = json!({"ledger": [{"approved": 5000, "item": 0}], "phase": "approved"});
        let d = first_difference(&a, &b).unwrap();
        assert_eq!(d.path, "ledger[0].approved");
        assert_eq!(d.to_string(), "ledger[0].approved: the events give 3000, stored 5000");
        assert!(first_difference(&a, &a).is_none());
        let c = json!({"ledger": [{"approved": 3000, "item": 0}, {"approved": 1}], "phase": "approved"});
        assert_eq!(first_difference(&a, &c).unwrap().path, "ledger[1]");
    }
}
