//! Holds: a sitting member stops the clock on a request; the member who placed a hold
//! extends it (within the regime's limit) or lifts it.

use super::*;

impl Machine<'_, '_> {
    pub(super) fn place_hold(
        &mut self,
        name: &'static str,
        reason: &str,
        information_requested: &Option<String>,
    ) -> Result<(), Refusal> {
        self.require_phase(name, &[Phase::Pending])?;
        self.require(
            name,
            self.is_sitting_member(),
            "only a member of the committee this year places a hold",
        )?;
        if reason.trim().is_empty() {
            return Err(Refusal::Invalid("a hold needs a reason".into()));
        }
        if self.case.holds.iter().any(|h| h.member == self.actor.id && h.lifted_on.is_none()) {
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
            reason: reason.to_owned(),
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

    pub(super) fn extend_hold(&mut self, name: &'static str, hold: usize) -> Result<(), Refusal> {
        self.require_phase(name, &[Phase::Pending])?;
        let params = self.case.params.unwrap_or_default();
        let h = self.own_active_hold(name, hold, "extends", "is no longer active")?;
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
        let h = &mut self.case.holds[hold];
        h.extensions += 1;
        h.expires_on = Some(new_expiry);
        self.emit(EventKind::HoldExtended, json!({ "hold": hold, "expires_on": new_expiry }));
        Ok(())
    }

    pub(super) fn lift_hold(&mut self, name: &'static str, hold: usize) -> Result<(), Refusal> {
        self.require_phase(name, &[Phase::Pending])?;
        self.own_active_hold(name, hold, "lifts", "is already lifted")?;
        let h = &mut self.case.holds[hold];
        h.lifted_on = Some(self.today);
        h.lifted_how = Some(HoldEnd::Lifted);
        let deadline = self.resume_clock()?;
        self.emit(EventKind::HoldLifted, json!({ "hold": hold, "deadline": deadline }));
        Ok(())
    }

    /// Hold `hold`, when it exists, the actor is the member who placed it (who `verb` it) and
    /// it is not lifted (else refused: it `lifted`).
    fn own_active_hold(
        &self,
        name: &'static str,
        hold: usize,
        verb: &str,
        lifted: &str,
    ) -> Result<&Hold, Refusal> {
        let h = self
            .case
            .holds
            .get(hold)
            .ok_or_else(|| Refusal::Invalid(format!("there is no hold {hold}")))?;
        self.require(
            name,
            self.actor.role == Role::Member && h.member == self.actor.id,
            &format!("only the member who placed a hold {verb} it"),
        )?;
        if h.lifted_on.is_some() {
            return Err(Refusal::Invalid(format!("hold {hold} {lifted}")));
        }
        Ok(h)
    }
}
