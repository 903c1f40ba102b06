//! What time alone decides at `now`: holds past their limit expire, a question left
//! unanswered too long makes the request lapse, a notification whose period ended without
//! objection is deemed approved.

use super::*;

impl Machine<'_, '_> {
    pub(super) fn tick(&mut self) -> Result<(), Refusal> {
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
