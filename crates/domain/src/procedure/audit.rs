//! Audit events and the SHA-256 hash chain.
//!
//! Each stored event carries the hash of its predecessor and its own hash, computed as
//! `SHA-256(prev_hash ‖ "\n" ‖ canonical_json(event))`, where the canonical JSON has sorted
//! keys and no insignificant whitespace (written here, so it does not depend on how
//! `serde_json` is configured elsewhere in the build). Changing, deleting or reordering any
//! stored event breaks the chain at a place [`verify`] names.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::machine::Actor;

/// The hash the first event links to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What the state machine produces for one change: an event not yet placed in the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EventBody {
    /// The request's reference.
    pub case: String,
    /// What happened, e.g. `hold_placed`.
    pub kind: String,
    /// Who did it.
    pub actor: Actor,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Status before.
    pub from: String,
    /// Status after.
    pub to: String,
    /// The details.
    pub data: Value,
    /// When the event was written, from the store's real clock (RFC 3339, UTC). `at` is the
    /// procedure time the state machine counted with; it may be simulated on a local store,
    /// this one never is. Set by the store, never by a caller; absent only before it is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<String>,
    /// On the last event a command wrote: the command exactly as the state machine applied it
    /// (for a submission, with the ground, parameters and screening hits the engine computed),
    /// so `audit verify` can replay the request's events through the state machine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Value>,
    /// On the last event a command wrote: [`state_hash`] of the request after the command,
    /// so a stored state that no longer matches its events is caught before a command acts on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

impl EventBody {
    /// What the event records, when it is an event of a request's procedure (accounts and
    /// other records have kinds of their own).
    pub fn procedure_kind(&self) -> Option<super::machine::EventKind> {
        super::machine::EventKind::parse(&self.kind).ok()
    }
}

impl EventBody {
    /// The event as the state machine produced it: without what the store adds when it writes
    /// it (`recorded_at`, `command`, `state`). Replays compare these.
    pub fn as_produced(&self) -> EventBody {
        EventBody { recorded_at: None, command: None, state: None, ..self.clone() }
    }
}

/// SHA-256 of the canonical JSON of a request's state (anything serialisable).
pub fn state_hash<T: Serialize>(state: &T) -> Result<String, serde_json::Error> {
    let value = serde_json::to_value(state)?;
    Ok(hex::encode(Sha256::digest(canonical_json(&value).as_bytes())))
}

/// An event in the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChainedEvent {
    /// Position in the log, from 1, without gaps.
    pub seq: u64,
    /// The event.
    #[serde(flatten)]
    pub body: EventBody,
    /// Hash of the previous event ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

impl ChainedEvent {
    /// Places `body` after an event with hash `prev_hash` at position `seq`.
    pub fn link(seq: u64, body: EventBody, prev_hash: &str) -> ChainedEvent {
        let hash = event_hash(prev_hash, seq, &body);
        ChainedEvent { seq, body, prev_hash: prev_hash.to_owned(), hash }
    }
}

/// The canonical encoding of an event at `seq`.
pub fn canonical_event(seq: u64, body: &EventBody) -> String {
    let mut value = serde_json::json!({
        "seq": seq,
        "case": body.case,
        "kind": body.kind,
        "actor": body.actor,
        "at": body.at,
        "from": body.from,
        "to": body.to,
        "data": body.data,
    });
    // Fields added later enter the hash only when present, so events written before them keep
    // their hashes.
    if let Value::Object(map) = &mut value {
        if let Some(t) = &body.recorded_at {
            map.insert("recorded_at".into(), Value::String(t.clone()));
        }
        if let Some(c) = &body.command {
            map.insert("command".into(), c.clone());
        }
        if let Some(s) = &body.state {
            map.insert("state".into(), Value::String(s.clone()));
        }
    }
    canonical_json(&value)
}

/// The hash of an event at `seq` after `prev_hash`.
pub fn event_hash(prev_hash: &str, seq: u64, body: &EventBody) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(b"\n");
    hasher.update(canonical_event(seq, body).as_bytes());
    hex::encode(hasher.finalize())
}

/// JSON with object keys sorted (by UTF-8 bytes) and no whitespace.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// What is wrong at one place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// The event's content no longer matches its hash.
    Altered,
    /// Events are missing before this one (a gap in the sequence, or a truncated head).
    Missing,
    /// The event is not where it was written: it links to another event than its predecessor.
    Reordered,
    /// The event links to a hash no stored event has (its predecessor was changed or removed).
    BrokenLink,
    /// Times do not add up: procedure time going backwards along a request, an event dated
    /// after it was written, or write times going backwards along the log.
    Time,
    /// A stored request is not the state its events lead to when replayed through the state
    /// machine, or its events do not replay.
    State,
    /// A signed checkpoint of the chain's head is no longer in the chain.
    Checkpoint,
}

/// One break in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChainBreak {
    /// Sequence number of the event where the break shows.
    pub seq: u64,
    /// What kind of break.
    pub kind: BreakKind,
    /// A sentence for the auditor.
    pub message: String,
}

/// The result of verifying a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Verification {
    /// How many events were read.
    pub events: u64,
    /// Hash of the last event (the head), to compare with a copy kept elsewhere.
    pub head: String,
    /// Every break found, in log order; empty when the chain is intact.
    pub breaks: Vec<ChainBreak>,
}

impl Verification {
    /// Whether the chain is intact.
    pub fn ok(&self) -> bool {
        self.breaks.is_empty()
    }
}

/// Verifies `events` as read from storage in sequence order.
pub fn verify(events: &[ChainedEvent]) -> Verification {
    let mut breaks = Vec::new();
    let mut prev_hash = GENESIS.to_owned();
    let mut expected_seq = 1u64;
    let seqs: std::collections::HashSet<u64> = events.iter().map(|e| e.seq).collect();
    for event in events {
        let recomputed = event_hash(&event.prev_hash, event.seq, &event.body);
        if recomputed != event.hash {
            breaks.push(ChainBreak {
                seq: event.seq,
                kind: BreakKind::Altered,
                message: format!(
                    "event {} ({} on {}) was changed: its content no longer matches its hash",
                    event.seq, event.body.kind, event.body.case
                ),
            });
        }
        if event.seq != expected_seq {
            let gap_later =
                event.seq > expected_seq && (expected_seq..event.seq).any(|s| seqs.contains(&s));
            let (kind, message) = if event.seq > expected_seq && !gap_later {
                (
                    BreakKind::Missing,
                    format!(
                        "event(s) {}..={} are missing before event {}",
                        expected_seq,
                        event.seq - 1,
                        event.seq
                    ),
                )
            } else {
                (
                    BreakKind::Reordered,
                    format!(
                        "event {} is stored where event {} belongs: the log is out of order",
                        event.seq, expected_seq
                    ),
                )
            };
            breaks.push(ChainBreak { seq: event.seq, kind, message });
        } else if event.prev_hash != prev_hash {
            let linked_to = events.iter().find(|e| e.hash == event.prev_hash);
            let (kind, message) = match linked_to {
                Some(other) => (
                    BreakKind::Reordered,
                    format!(
                        "event {} was written after event {} but is stored after event {}: events were reordered",
                        event.seq,
                        other.seq,
                        expected_seq - 1
                    ),
                ),
                None if event.seq == 1 => (
                    BreakKind::Missing,
                    "the first stored event does not start the chain: earlier events were removed".to_owned(),
                ),
                None => (
                    BreakKind::BrokenLink,
                    format!(
                        "event {} links to a hash no stored event has: event {} was changed or replaced",
                        event.seq,
                        event.seq - 1
                    ),
                ),
            };
            breaks.push(ChainBreak { seq: event.seq, kind, message });
        }
        prev_hash = event.hash.clone();
        expected_seq = expected_seq.max(event.seq + 1);
    }
    Verification { events: events.len() as u64, head: prev_hash, breaks }
}

/// Checks the times of `events` (in log order): along each request, procedure time (`at`)
/// never goes backwards; no event is dated after the moment it was written (`recorded_at`);
/// along the log, write times never go backwards. Events written before write times were kept
/// have no `recorded_at` and are checked for procedure time only.
pub fn verify_times(events: &[ChainedEvent]) -> Vec<ChainBreak> {
    use std::collections::HashMap;
    let mut breaks = Vec::new();
    let mut last_at: HashMap<&str, (u64, jiff::Timestamp)> = HashMap::new();
    let mut last_recorded: Option<(u64, jiff::Timestamp)> = None;
    for e in events {
        let mut fail = |message: String| {
            breaks.push(ChainBreak { seq: e.seq, kind: BreakKind::Time, message })
        };
        let Ok(at) = e.body.at.parse::<jiff::Timestamp>() else {
            fail(format!("event {}: procedure time `{}` is not a time", e.seq, e.body.at));
            continue;
        };
        if let Some((seq, prev)) = last_at.get(e.body.case.as_str()) {
            if at < *prev {
                fail(format!(
                    "event {} of {} is dated {at}, before event {seq} of the same request ({prev}): procedure time went backwards",
                    e.seq, e.body.case
                ));
            }
        }
        last_at.insert(e.body.case.as_str(), (e.seq, at));
        let Some(text) = &e.body.recorded_at else { continue };
        let Ok(recorded) = text.parse::<jiff::Timestamp>() else {
            fail(format!("event {}: write time `{text}` is not a time", e.seq));
            continue;
        };
        if at > recorded {
            fail(format!(
                "event {} is dated {at}, after it was written ({recorded}): its procedure time was in the future",
                e.seq
            ));
        }
        if let Some((seq, prev)) = last_recorded {
            if recorded < prev {
                fail(format!(
                    "event {} was written at {recorded}, before event {seq} ({prev}) that precedes it in the log",
                    e.seq
                ));
            }
        }
        last_recorded = Some((e.seq, recorded));
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::machine::{Actor, Role};

    fn body(n: u64) -> EventBody {
        EventBody {
            case: "C-1".into(),
            kind: format!("k{n}"),
            actor: Actor { role: Role::Secretariat, id: "sec".into() },
            at: "2016-05-01T00:00:00Z".into(),
            from: "a".into(),
            to: "b".into(),
            data: serde_json::json!({"z": 1, "a": [n, {"y": true, "b": null}]}),
            recorded_at: None,
            command: None,
            state: None,
        }
    }

    fn chain(n: u64) -> Vec<ChainedEvent> {
        let mut out: Vec<ChainedEvent> = Vec::new();
        for i in 1..=n {
            let prev = out.last().map(|e| e.hash.clone()).unwrap_or_else(|| GENESIS.to_owned());
            out.push(ChainedEvent::link(i, body(i), &prev));
        }
        out
    }

    #[test]
    fn times_that_do_not_add_up_are_named() {
        let mut c = chain(3);
        assert!(verify_times(&c).is_empty());
        c[1].body.at = "2016-04-30T00:00:00Z".into();
        let b = verify_times(&c);
        assert_eq!((b.len(), b[0].seq, &b[0].kind), (1, 2, &BreakKind::Time), "{b:?}");
        assert!(b[0].message.contains("went backwards"), "{}", b[0].message);
        let mut c = chain(3);
        for (e, t) in c.iter_mut().zip([
            "2026-01-01T00:00:00Z",
            "2026-01-02T00:00:00Z",
            "2026-01-01T12:00:00Z",
        ]) {
            e.body.recorded_at = Some(t.into());
        }
        let b = verify_times(&c);
        assert_eq!(b.len(), 1, "{b:?}");
        assert!(b[0].seq == 3 && b[0].message.contains("before event 2"), "{b:?}");
        let mut c = chain(1);
        c[0].body.recorded_at = Some("2016-04-30T00:00:00Z".into());
        assert!(verify_times(&c)[0].message.contains("after it was written"));
    }

    #[test]
    fn canonical_json_sorts_keys_and_drops_whitespace() {
        let v = serde_json::json!({"b": 1, "a": {"d": [1, 2], "c": "x"}});
        assert_eq!(canonical_json(&v), r#"{"a":{"c":"x","d":[1,2]},"b":1}"#);
    }

    #[test]
    fn an_intact_chain_verifies() {
        let v = verify(&chain(5));
        assert!(v.ok(), "{:?}", v.breaks);
        assert_eq!(v.events, 5);
    }

    #[test]
    fn a_changed_event_is_named() {
        let mut c = chain(5);
        c[2].body.data = serde_json::json!({"z": 2});
        let v = verify(&c);
        assert_eq!(v.breaks.len(), 1);
        assert_eq!((v.breaks[0].seq, &v.breaks[0].kind), (3, &BreakKind::Altered));
    }

    #[test]
    fn a_deleted_event_is_named() {
        let mut c = chain(5);
        c.remove(2);
        let v = verify(&c);
        assert_eq!(v.breaks.len(), 1);
        assert_eq!((v.breaks[0].seq, &v.breaks[0].kind), (4, &BreakKind::Missing));
        let mut c = chain(5);
        c.remove(0);
        assert_eq!(verify(&c).breaks[0].kind, BreakKind::Missing);
        let mut c = chain(5);
        c.pop();
        assert!(verify(&c).ok(), "a truncated tail is only visible against a kept head hash");
    }

    #[test]
    fn reordered_events_are_named() {
        let mut c = chain(5);
        c.swap(1, 2);
        let v = verify(&c);
        assert!(v.breaks.iter().any(|b| b.kind == BreakKind::Reordered), "{:?}", v.breaks);
        // Renumbering the swapped rows to hide the swap changes their hashes.
        let mut c = chain(5);
        let (s1, s2) = (c[1].seq, c[2].seq);
        c.swap(1, 2);
        c[1].seq = s1;
        c[2].seq = s2;
        let v = verify(&c);
        assert!(
            v.breaks.iter().any(|b| b.kind == BreakKind::Altered && b.seq == 2),
            "{:?}",
            v.breaks
        );
    }
}
