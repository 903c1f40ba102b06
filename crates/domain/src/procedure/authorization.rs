//! Whether an approved exemption covers a proposed transfer: same destination and end user,
//! every item matched by category with approved quantity left, and the transfer date within
//! the approval's validity.

use crate::authority::normalise;
use crate::military::MlCategory;
use crate::transfer::Transfer;

use super::machine::Case;

/// How an approved case covers a transfer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Coverage {
    /// The request's reference.
    pub reference: String,
    /// Its ground.
    pub ground: String,
    /// For each transfer item, the ledger line that covers it and what is left there before
    /// this transfer.
    pub items: Vec<(usize, usize, u64)>,
    /// Last day of validity.
    pub valid_until: Option<jiff::civil::Date>,
}

/// The first of `cases` (in the order given) that covers `transfer`.
pub fn covering(cases: &[Case], transfer: &Transfer) -> Option<Coverage> {
    cases.iter().find_map(|case| covers(case, transfer))
}

/// Whether `case` covers `transfer`, and how.
pub fn covers(case: &Case, transfer: &Transfer) -> Option<Coverage> {
    if !case.phase.is_approved() {
        return None;
    }
    let decision = case.decision.as_ref()?;
    if transfer.date < decision.on
        || decision.valid_until.is_some_and(|until| transfer.date > until)
    {
        return None;
    }
    let (_, end_user) = case.content.end_user()?;
    if !end_user.country.eq_ignore_ascii_case(transfer.destination.as_str()) {
        return None;
    }
    if normalise(&end_user.name) != normalise(&transfer.end_user.name) {
        return None;
    }
    let mut left: Vec<u64> = case.ledger.iter().map(|l| l.remaining()).collect();
    let mut items = Vec::new();
    for (index, item) in transfer.items.iter().enumerate() {
        let wanted = item.quantity.unwrap_or(1).max(1);
        let line = case.ledger.iter().position(|l| {
            MlCategory::parse(&l.category).ok() == Some(item.category) && left[l.item] >= wanted
        })?;
        items.push((index, line, left[line]));
        left[line] -= wanted;
    }
    Some(Coverage {
        reference: case.reference.clone(),
        ground: case
            .ground
            .as_ref()
            .map(|g| g.id.clone())
            .unwrap_or_else(|| case.content.ground.clone()),
        items,
        valid_until: decision.valid_until,
    })
}
