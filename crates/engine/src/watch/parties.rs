//! The parties of exemption requests as watched subjects: their subject ids, the subjects the
//! store keeps in step with a request, their screening, and the confirmed hits that block a
//! filing.

use super::*;

impl Engine {
    /// Screens the watched parties of request `reference` against the whole current lists.
    pub async fn screen_request_parties(
        &self,
        reference: &str,
        by: &str,
    ) -> Result<ScreenReport, EngineError> {
        let prefix = party_prefix(reference);
        let mut ids = self.store.subjects_with_prefix(&prefix).await?;
        // `request:A#` also prefixes the parties of a request named `A#0`.
        ids.retain(|id| id[prefix.len()..].bytes().all(|b| b.is_ascii_digit()));
        self.screen_subjects_by_id(&ids, by).await
    }

    /// Screens the parties of request `reference` after the command that registered or changed
    /// them committed. A failure here loses nothing: they stay pending and the next sweep
    /// ([`Engine::screen_pending`]) screens them; it is logged, and the command stands.
    pub(crate) async fn screen_parties_or_leave_pending(&self, reference: &str, by: &str) {
        if let Err(e) = self.screen_request_parties(reference, by).await {
            tracing::warn!(
                request = reference,
                error = %e,
                "screening the parties failed; they stay pending for the next sweep"
            );
        }
    }

    /// The problems that block filing because a hit on a party of request `reference` was
    /// confirmed as a true match (the latest decision on that party and record).
    pub async fn confirmed_hit_problems(
        &self,
        reference: &str,
        content: &embargo_domain::procedure::RequestContent,
        hits: &[ScreeningHit],
    ) -> Result<Vec<Problem>, EngineError> {
        let mut problems = Vec::new();
        let subjects: Vec<String> =
            (0..content.parties.len()).map(|i| request_subject(reference, i)).collect();
        let decisions = self.store.latest_decisions_of(&subjects).await?;
        for d in decisions.iter().filter(|d| d.outcome == outcomes::CONFIRMED) {
            let Some(party) = subjects.iter().position(|s| *s == d.subject_id) else { continue };
            let hit = hits
                .iter()
                .find(|h| h.party == party && format!("{}:{}", h.list, h.reference) == d.record_id);
            let listed = hit.map(|h| format!(" `{}`", h.listed_name)).unwrap_or_default();
            let name = content.parties.get(party).map(|p| p.name.as_str()).unwrap_or("?");
            problems.push(Problem {
                severity: Severity::Error,
                code: "screening_hit_confirmed".into(),
                path: format!("parties[{party}]"),
                message: format!(
                    "`{name}` was confirmed as the listed {}{listed} by {} on {} ({}): a confirmed match blocks filing",
                    d.record_id, d.actor, d.decided_at, d.reason
                ),
                citation: "a confirmed screening hit is a listed party (issue 11, decisions on hits)".into(),
            });
        }
        Ok(problems)
    }
}

/// The watched subjects of a request's parties, written by the store in the transaction that
/// creates or amends the request (a request never exists without its parties watched; a party
/// amended, added or removed changes its subject in the same transaction).
pub fn party_watch(
    reference: &str,
    content: &embargo_domain::procedure::RequestContent,
) -> PartyWatch {
    PartyWatch { prefix: party_prefix(reference), subjects: party_subjects(reference, content) }
}

/// The prefix of the subject ids of request `reference`'s parties.
fn party_prefix(reference: &str) -> String {
    format!("{REQUEST_PREFIX}{reference}#")
}

/// The prefix reserved for the subjects of requests' parties.
pub(crate) const REQUEST_PREFIX: &str = "request:";

/// The subjects of a request's parties: all but the supplier State and parties whose name
/// has no letter (validation names those).
fn party_subjects(
    reference: &str,
    content: &embargo_domain::procedure::RequestContent,
) -> Vec<NewSubject> {
    let mut rows = Vec::new();
    for (i, party) in content.parties.iter().enumerate() {
        if party.role() == Some(embargo_domain::procedure::model::PartyRole::SupplierState) {
            continue;
        }
        let id = request_subject(reference, i);
        let input = SubjectInput {
            id: id.clone(),
            name: party.name.clone(),
            kind: "person".into(),
            ..SubjectInput::default()
        };
        if let Ok(mut s) = input.validate(&id) {
            // A party may be a person or an organisation: screened against every kind, as the
            // request's own party screening does.
            s.kind = PARTY_KIND.into();
            rows.push(s);
        }
    }
    rows
}

/// The subject id of party `party` of request `reference`.
pub fn request_subject(reference: &str, party: usize) -> String {
    format!("{}{party}", party_prefix(reference))
}
