//! Deliveries under an approval, counted against the approved quantities, with the
//! post-delivery report they make due.

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
}
