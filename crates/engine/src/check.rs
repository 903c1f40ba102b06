//! The transfer check as a use case: parse the transfer (PRODUCT.md's contract), screen its
//! parties against the stored lists, check it against the rules as of a date, and look up an
//! approved exemption that covers it. The CLI and the API give the same result.

use embargo_domain::check::{check_with, CheckOptions, PartyHit, Screening};
use embargo_domain::procedure::authorization::covering;
use std::sync::Arc;

use embargo_domain::procedure::machine::{Case, Phase};
use embargo_domain::{CheckResult, Transfer, Verdict};
use jiff::civil::Date;

use crate::screen::VersionRef;
use crate::{Engine, EngineError};

/// How a check is run.
#[derive(Debug, Clone)]
pub struct CheckParams {
    /// The date to judge by (default: the transfer's date).
    pub as_of: Option<Date>,
    /// The day a notification's no-objection period is counted from.
    pub notified_on: Option<Date>,
    /// A party hit at or above this on a listed-persons measure prohibits.
    pub match_threshold: f64,
    /// A weaker hit at or above this is a warning to review.
    pub review_threshold: f64,
}

impl Default for CheckParams {
    fn default() -> CheckParams {
        CheckParams {
            as_of: None,
            notified_on: None,
            match_threshold: embargo_screening::DEFAULT_THRESHOLD,
            review_threshold: 0.55,
        }
    }
}

impl Engine {
    /// Checks a transfer given as JSON text (`name` names it in errors).
    pub async fn check_transfer(
        &self,
        name: &str,
        text: &str,
        params: &CheckParams,
    ) -> Result<(Transfer, CheckResult), EngineError> {
        for (field, v) in [
            ("match_threshold", params.match_threshold),
            ("review_threshold", params.review_threshold),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(EngineError::invalid_field(field, format!("{v} is outside 0–1")));
            }
        }
        let registry = &self.rules().registry;
        let transfer = Transfer::from_json(text, registry.military())
            .map_err(|e| EngineError::invalid(format!("{name}: invalid transfer: {e}")))?;
        let mut notes = Vec::new();
        let screening = self.screen_transfer(&transfer, params, &mut notes).await;
        let options =
            CheckOptions { as_of: params.as_of, notified_on: params.notified_on, screening };
        let mut result = check_with(registry, &transfer, &options)
            .map_err(|e| EngineError::invalid(format!("{name}: {e}")))?;
        result.notes.extend(notes);
        self.authorize(&transfer, &mut result).await;
        Ok((transfer, result))
    }

    /// Screens the end user, the consignee and the intermediaries; `None` (with a note) when
    /// the lists cannot be read.
    async fn screen_transfer(
        &self,
        transfer: &Transfer,
        params: &CheckParams,
        notes: &mut Vec<String>,
    ) -> Option<Screening> {
        let mut parties: Vec<(String, String)> =
            vec![("end_user".into(), transfer.end_user.name.clone())];
        if let Some(c) = &transfer.consignee {
            parties.push(("consignee".into(), c.name.clone()));
        }
        for (i, p) in transfer.intermediaries.iter().enumerate() {
            parties.push((format!("intermediaries[{i}]"), p.name.clone()));
        }
        parties.retain(|(_, n)| n.chars().any(char::is_alphanumeric));
        // The snapshot names the versions its index was built from: the versions cited are
        // exactly the ones screened against.
        let loaded = match self.index().await {
            Ok(l) => l,
            Err(e) => {
                notes.push(format!("the parties were not screened: {e}"));
                return None;
            }
        };
        let list_versions: Vec<String> = loaded.versions.iter().map(VersionRef::label).collect();
        let mut hits = Vec::new();
        let options = embargo_screening::Options {
            threshold: params.review_threshold.min(params.match_threshold),
            limit: 5,
            lists: None,
        };
        for (role, name) in &parties {
            let query = embargo_screening::Query { name: name.clone(), ..Default::default() };
            for h in loaded.index.search(&query, &options) {
                hits.push(PartyHit {
                    party: role.clone(),
                    name: name.clone(),
                    list: h.list.clone(),
                    list_version: loaded
                        .version(&h.list)
                        .map(VersionRef::label)
                        .unwrap_or_default(),
                    reference: h.reference.clone(),
                    listed_name: h.name.clone(),
                    score: h.score,
                    regimes: loaded.regimes.get(&h.id).cloned().unwrap_or_default(),
                    explanation: explain_hit(&h),
                });
            }
        }
        Some(Screening {
            list_versions,
            threshold: params.match_threshold,
            parties: parties.iter().map(|(r, n)| format!("{r} `{n}`")).collect(),
            hits,
        })
    }

    /// Marks the result `authorized` when an approved exemption covers the transfer. If the
    /// store cannot be read, the (more restrictive) verdict stands with a note.
    async fn authorize(&self, transfer: &Transfer, result: &mut CheckResult) {
        if matches!(result.verdict, Verdict::NotCovered | Verdict::Exempt | Verdict::Authorized) {
            return;
        }
        let cases = match self.approved_cases().await {
            Ok(c) => c,
            Err(e) => {
                result.notes.push(format!("approved exemptions were not consulted: {e}"));
                return;
            }
        };
        if let Some(coverage) = covering(&cases, transfer) {
            result.verdict = Verdict::Authorized;
            for item in &mut result.items {
                if !matches!(item.verdict, Verdict::NotCovered | Verdict::Exempt) {
                    item.verdict = Verdict::Authorized;
                }
            }
            let left: Vec<String> = coverage
                .items
                .iter()
                .map(|(item, line, left)| {
                    format!(
                        "item {item} under approved line {line} ({left} left before this transfer)"
                    )
                })
                .collect();
            result.notes.push(format!(
                "authorized by approved exemption {} under {}{}: {}",
                coverage.reference,
                coverage.ground,
                coverage.valid_until.map(|d| format!(", valid until {d}")).unwrap_or_default(),
                left.join("; ")
            ));
            result.authorization = Some(coverage.reference);
            result.action = embargo_domain::check::action(result);
        }
    }
}

/// How a hit's names aligned, in one line.
pub fn explain_hit(h: &embargo_screening::Hit) -> String {
    let e = &h.explanation;
    let mut parts: Vec<String> = e
        .alignments
        .iter()
        .map(|a| format!("{}={} ({:.2})", a.query, a.listed, a.similarity))
        .collect();
    if !e.unmatched_query.is_empty() {
        let t: Vec<&str> = e.unmatched_query.iter().map(|u| u.token.as_str()).collect();
        parts.push(format!("not found: {}", t.join(" ")));
    }
    if !e.unmatched_listed.is_empty() {
        let t: Vec<&str> = e.unmatched_listed.iter().map(|u| u.token.as_str()).collect();
        parts.push(format!("listed only: {}", t.join(" ")));
    }
    format!("matched `{}`: {}", h.matched_name, parts.join("; "))
}

/// The approved cases, with the audit seq they were read at. Every change to a request appends
/// an audit event in its own transaction, so an unchanged head means unchanged cases.
#[derive(Debug, Default)]
pub(crate) struct ApprovedCache(std::sync::Mutex<Option<(i64, Arc<Vec<Case>>)>>);

impl Engine {
    /// The requests whose approval can cover a transfer, read again only when the audit log
    /// has moved since the last read (a delivery recorded by any process moves it).
    async fn approved_cases(&self) -> Result<Arc<Vec<Case>>, EngineError> {
        let seq = self.store().audit_head().await?.seq;
        if let Ok(cached) = self.approved.0.lock() {
            if let Some((at, cases)) = cached.as_ref() {
                if *at == seq {
                    return Ok(Arc::clone(cases));
                }
            }
        }
        // Read after the head: a change in between is newer than `seq`, so the next call
        // reads again; never the reverse.
        let cases: Vec<Case> = self
            .store()
            .requests_in_phases(&[Phase::Approved, Phase::DeemedApproved])
            .await?
            .into_iter()
            .map(|s| s.case)
            .collect();
        let cases = Arc::new(cases);
        if let Ok(mut cached) = self.approved.0.lock() {
            *cached = Some((seq, Arc::clone(&cases)));
        }
        Ok(cases)
    }
}
