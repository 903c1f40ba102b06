//! What the web interface reads that no other front door needs: the readable cases with their
//! content (the dashboard and the charts), the parties' explained hits, counts in UN working
//! days, and the chart series (approved against delivered per military-list category,
//! requests and decisions per month, alerts per list version).

use std::collections::BTreeMap;

use embargo_domain::procedure::machine::{Case, Status};
use embargo_domain::procedure::model::PartyRole;
use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;

use crate::{Engine, EngineError};

/// A request the caller may read, with its case.
#[derive(Debug, Clone)]
pub struct CaseSummary {
    /// Reference.
    pub reference: String,
    /// Status.
    pub status: Status,
    /// Version.
    pub version: i64,
    /// Last changed.
    pub updated_at: String,
    /// The case.
    pub case: Case,
}

/// The explained hits on one party of a request.
#[derive(Debug, Clone, Serialize)]
pub struct PartyHits {
    /// Index of the party.
    pub party: usize,
    /// Its role.
    pub role: String,
    /// Its name.
    pub name: String,
    /// Its country.
    pub country: String,
    /// Hits at or above the default threshold, with their explanations.
    pub hits: Vec<ExplainedHit>,
}

/// A hit with its explanation in one line.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedHit {
    /// List.
    pub list: String,
    /// Listed entity reference.
    pub reference: String,
    /// Listed primary name.
    pub listed_name: String,
    /// Score.
    pub score: f64,
    /// How the names aligned.
    pub explanation: String,
}

/// Per military-list category: requested, approved and delivered quantities.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct CategoryTotals {
    /// Category (`ML1`…).
    pub category: String,
    /// Requested.
    pub requested: u64,
    /// Approved.
    pub approved: u64,
    /// Delivered.
    pub delivered: u64,
}

/// Requests submitted and decisions taken in one month.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct MonthCounts {
    /// `YYYY-MM`.
    pub month: String,
    /// Requests submitted.
    pub submitted: u64,
    /// Decisions taken (approved, deemed approved, negative, rejected).
    pub decided: u64,
}

impl Engine {
    /// Every request `may_read` lets the caller see, with its case, by reference.
    pub async fn readable_cases(
        &self,
        may_read: impl Fn(&Case) -> bool,
    ) -> Result<Vec<CaseSummary>, EngineError> {
        Ok(self
            .store()
            .request_cases(None)
            .await?
            .into_iter()
            .filter(|(_, stored)| may_read(&stored.case))
            .map(|(summary, stored)| CaseSummary {
                reference: summary.reference,
                status: summary.status,
                version: summary.version,
                updated_at: summary.updated_at,
                case: stored.case,
            })
            .collect())
    }

    /// The parties of `case` (but the supplier State) screened on the current snapshot, each
    /// hit with its explanation.
    pub async fn explained_party_hits(&self, case: &Case) -> Result<Vec<PartyHits>, EngineError> {
        let loaded = self.index().await?;
        let options = embargo_screening::Options::default();
        let mut out = Vec::new();
        for (p, party) in case.content.parties.iter().enumerate() {
            if party.role() == Some(PartyRole::SupplierState) || party.name.trim().is_empty() {
                continue;
            }
            let query = embargo_screening::Query {
                name: party.name.clone(),
                ..embargo_screening::Query::default()
            };
            let hits = if query.validate().is_ok() {
                loaded
                    .index
                    .search(&query, &options)
                    .iter()
                    .map(|h| ExplainedHit {
                        list: h.list.clone(),
                        reference: h.reference.clone(),
                        listed_name: h.name.clone(),
                        score: h.score,
                        explanation: crate::check::explain_hit(h),
                    })
                    .collect()
            } else {
                vec![]
            };
            out.push(PartyHits {
                party: p,
                role: party.role.clone(),
                name: party.name.clone(),
                country: party.country.clone(),
                hits,
            });
        }
        Ok(out)
    }

    /// UN working days after `today` up to and including `end` (0 when `end` is not after
    /// `today`); `None` when the calendar does not cover the days between.
    pub fn working_days_until(&self, today: Date, end: Date) -> Option<u32> {
        let calendar = &self.rules().calendar;
        let mut n = 0u32;
        let mut day = today;
        while day < end {
            day = day.checked_add(1.day()).ok()?;
            if calendar.is_working_day(day).ok()? {
                n += 1;
            }
            if n > 5000 {
                return None;
            }
        }
        Some(n)
    }
}

/// Requested, approved and delivered quantities per category over `cases`.
pub fn category_totals(cases: &[CaseSummary]) -> Vec<CategoryTotals> {
    let mut by: BTreeMap<String, CategoryTotals> = BTreeMap::new();
    for c in cases {
        for line in &c.case.ledger {
            let t = by.entry(line.category.clone()).or_insert_with(|| CategoryTotals {
                category: line.category.clone(),
                ..CategoryTotals::default()
            });
            t.requested += line.requested;
            t.approved += line.approved;
            t.delivered += line.delivered;
        }
    }
    let mut out: Vec<CategoryTotals> = by.into_values().collect();
    // ML1, ML2, …, ML10 in numeric order.
    out.sort_by_key(|t| {
        (t.category.trim_start_matches("ML").parse::<u32>().unwrap_or(u32::MAX), t.category.clone())
    });
    out
}

/// Requests submitted and decided per month over `cases`, oldest first.
pub fn month_counts(cases: &[CaseSummary]) -> Vec<MonthCounts> {
    let mut by: BTreeMap<String, MonthCounts> = BTreeMap::new();
    let month = |d: Date| format!("{:04}-{:02}", d.year(), d.month());
    for c in cases {
        if let Some(d) = c.case.submitted_on {
            let m = month(d);
            by.entry(m.clone())
                .or_insert_with(|| MonthCounts { month: m, ..Default::default() })
                .submitted += 1;
        }
        if let Some(d) = &c.case.decision {
            let m = month(d.on);
            by.entry(m.clone())
                .or_insert_with(|| MonthCounts { month: m, ..Default::default() })
                .decided += 1;
        }
    }
    by.into_values().collect()
}

impl Engine {
    /// Today in the committee's time zone by procedure time (the store's clock, or the
    /// procedure clock tests give): the date a submission made now is judged by.
    pub async fn procedure_today(&self) -> Result<Date, EngineError> {
        let now = match &self.procedure_clock {
            Some(clock) => clock.now(),
            None => self.store.clock().await?,
        };
        Ok(embargo_domain::procedure::machine::date_in(now, &self.rules.time_zone))
    }
}

/// What analysts decided about one party of a request, and its open alerts.
#[derive(Debug, Clone, Serialize)]
pub struct PartyWatch {
    /// Index of the party.
    pub party: usize,
    /// Its open alerts.
    pub open_alerts: Vec<embargo_store::watch::AlertRow>,
    /// The latest decision on each listed record (those taken since its last amendment).
    pub decisions: Vec<embargo_store::watch::DecisionRow>,
}

impl Engine {
    /// The sequence number of the audit log's head (what a cached verification is keyed by).
    pub async fn audit_head_seq(&self) -> Result<i64, EngineError> {
        Ok(self.store.audit_head().await?.seq)
    }

    /// The open alerts and analysts' decisions on the first `parties` parties of request
    /// `reference` (each party is a watched subject, see [`crate::watch::request_subject`]).
    pub async fn party_watch(
        &self,
        reference: &str,
        parties: usize,
    ) -> Result<Vec<PartyWatch>, EngineError> {
        let ids: Vec<String> =
            (0..parties).map(|p| crate::watch::request_subject(reference, p)).collect();
        let alerts = self.store.open_alerts_of(&ids).await?;
        let decisions = self.store.latest_decisions_of(&ids).await?;
        Ok(ids
            .iter()
            .enumerate()
            .map(|(p, id)| PartyWatch {
                party: p,
                open_alerts: alerts.iter().filter(|a| &a.alert.subject_id == id).cloned().collect(),
                decisions: decisions.iter().filter(|d| &d.subject_id == id).cloned().collect(),
            })
            .collect())
    }
}
