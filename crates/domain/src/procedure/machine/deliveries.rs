//! Deliveries under an approval, counted against the approved quantities, with the
//! post-delivery report they make due, and the incidents (loss, theft, diversion) reported
//! on approved materiel.

use super::*;

impl Machine<'_, '_> {
    pub(super) fn deliver(&mut self, date: Date, lines: &[DeliveryLine]) -> Result<(), Refusal> {
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

    pub(super) fn report(
        &mut self,
        name: &'static str,
        delivery: usize,
        text: &str,
    ) -> Result<(), Refusal> {
        self.require_role(
            name,
            self.is_owner() || self.is_committee_office(),
            "only the submitter or the secretariat records a post-delivery report",
        )?;
        let d = self
            .case
            .deliveries
            .get_mut(delivery)
            .ok_or_else(|| Refusal::Invalid(format!("there is no delivery {delivery}")))?;
        if d.reported_on.is_some() {
            return Err(Refusal::Invalid(format!("delivery {delivery} is already reported")));
        }
        if text.trim().is_empty() {
            return Err(Refusal::Invalid("the report is empty".into()));
        }
        d.reported_on = Some(self.today);
        d.report = Some(text.to_owned());
        let late = self.today > d.report_due;
        self.emit(
            EventKind::ReportReceived,
            json!({ "delivery": delivery, "text": text, "late": late }),
        );
        Ok(())
    }

    pub(super) fn incident(
        &mut self,
        name: &'static str,
        kind: IncidentKind,
        date: Date,
        description: &str,
    ) -> Result<(), Refusal> {
        if !self.case.phase.is_approved() {
            return Err(self.wrong_state(name));
        }
        if date > self.today {
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
            kind,
            date,
            description: description.to_owned(),
            reported_by: self.actor.to_string(),
        };
        self.case.incidents.push(incident.clone());
        self.emit(EventKind::IncidentReported, json!(incident));
        Ok(())
    }
}
