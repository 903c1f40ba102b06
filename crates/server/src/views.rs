//! What each role may see of a request, and the submitter's view without members' identities.

use embargo_domain::procedure::machine::{Case, Phase};
use embargo_engine::accounts::{Account, Role};
use serde_json::Value;

/// Whether `account` may read `case` (a request it may not read is answered 404, so its
/// existence is not revealed).
pub fn can_read(account: &Account, case: &Case) -> bool {
    match account.role {
        Role::Submitter => account.actor().is_some_and(|a| a.id == case.owner),
        Role::Member => !matches!(case.phase, Phase::Draft | Phase::Submitted),
        Role::Chair | Role::Secretariat | Role::Panel | Role::Auditor => true,
        Role::Licensing | Role::Analyst | Role::Admin => false,
    }
}

/// Whether `account`'s view hides who held, objected or asked.
pub fn hides_members(account: &Account) -> bool {
    account.role == Role::Submitter
}

const WITHHELD: &str = "withheld";

/// Removes members' identities from a JSON view of a request (its case and its events): the
/// submitter sees that a request is on hold and what information is asked, never by whom.
pub fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match (key.as_str(), &*v) {
                    ("member", Value::String(_)) => *v = Value::String(WITHHELD.into()),
                    ("asked_by" | "reported_by" | "by", Value::String(s))
                        if s.starts_with("member:") || s.starts_with("chair:") =>
                    {
                        *v = Value::String(format!(
                            "{}:{WITHHELD}",
                            s.split(':').next().unwrap_or("")
                        ));
                    }
                    ("reason", Value::String(s)) if s.starts_with("objection by ") => {
                        let rest = s.split_once(": ").map(|(_, r)| r).unwrap_or("");
                        *v = Value::String(format!("objection by a member: {rest}"));
                    }
                    ("actor", Value::Object(a))
                        if matches!(
                            a.get("role").and_then(Value::as_str),
                            Some("member" | "chair")
                        ) =>
                    {
                        let role = a.get("role").cloned().unwrap_or(Value::Null);
                        *v = serde_json::json!({ "role": role, "id": WITHHELD });
                    }
                    _ => redact(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_identities_are_withheld_everywhere() {
        let mut v = json!({
            "case": {"holds": [{"member": "RU", "reason": "quantities", "information_requested": "need"}],
                      "objections": [{"member": "FR", "reason": "x"}],
                      "questions": [{"asked_by": "member:GB", "text": "q"}, {"asked_by": "secretariat:scsob"}],
                      "decision": {"reason": "objection by FR: diversion risk"}},
            "events": [{"actor": {"role": "member", "id": "RU"}, "data": {"hold": 0, "detail": {"member": "RU"}}},
                       {"actor": {"role": "secretariat", "id": "scsob"}, "data": {}}]
        });
        redact(&mut v);
        let text = v.to_string();
        for id in ["\"RU\"", "\"FR\"", "GB"] {
            assert!(!text.contains(id), "{id} in {text}");
        }
        assert!(text.contains("need") && text.contains("diversion risk") && text.contains("scsob"));
    }
}
