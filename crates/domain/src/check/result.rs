//! What a transfer check answers ([`CheckResult`]): the verdict of each item and of the
//! transfer, the procedure and deadline, the parties' screening, the obligations that follow,
//! and one sentence saying what to do next ([`action`]). The public contract other tools read.

use std::fmt;

use serde::Serialize;

use jiff::civil::Date;

use crate::authority::AuthorityMatch;
use crate::military::MlCategory;
use crate::regime::{EndUserCategory, InfoField, ProcedureKind};
use crate::transfer::{ServiceKind, TransferError};

/// The verdict for an item or a transfer.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No embargo applies.
    NotCovered,
    /// A standing exemption applies: nothing to file.
    Exempt,
    /// May proceed if no negative decision within the ground's period (or: advance notice).
    NotificationRequired,
    /// Prior committee approval needed under a specific ground.
    ApprovalRequired,
    /// No ground fits.
    Prohibited,
    /// An approved exemption covers the transfer (set by the exemption procedure).
    Authorized,
}

impl Verdict {
    /// Restrictiveness rank, `not_covered` lowest; `authorized` ranks with `exempt`.
    pub fn rank(self) -> u8 {
        match self {
            Verdict::NotCovered => 0,
            Verdict::Exempt | Verdict::Authorized => 1,
            Verdict::NotificationRequired => 2,
            Verdict::ApprovalRequired => 3,
            Verdict::Prohibited => 4,
        }
    }

    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::NotCovered => "not_covered",
            Verdict::Exempt => "exempt",
            Verdict::NotificationRequired => "notification_required",
            Verdict::ApprovalRequired => "approval_required",
            Verdict::Prohibited => "prohibited",
            Verdict::Authorized => "authorized",
        }
    }

    pub(super) fn of(kind: ProcedureKind) -> Self {
        match kind {
            ProcedureKind::Standing => Verdict::Exempt,
            ProcedureKind::Notification => Verdict::NotificationRequired,
            ProcedureKind::PriorApproval => Verdict::ApprovalRequired,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Invalid input to the check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// The transfer is invalid.
    #[error(transparent)]
    Transfer(#[from] TransferError),
}

/// The procedure a ground requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ProcedureInfo {
    /// `standing`, `notification` or `prior_approval`.
    pub kind: ProcedureKind,
    /// Deciding body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// No-objection period in working days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_days: Option<u32>,
    /// Lead time before delivery, in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_days: Option<u32>,
    /// Whether `lead_days` are working days.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lead_working_days: bool,
    /// Who may file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filed_by: Option<String>,
    /// Date the notification is (assumed) received: the no-objection period is counted from
    /// the day after it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notified_on: Option<Date>,
    /// Where `notified_on` came from: `given` (the caller's `--notified-on`) or `assumed` (the
    /// date checked, for want of one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notified_on_source: Option<&'static str>,
    /// Last day of the no-objection period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_ends: Option<Date>,
    /// How the period was counted, or why it could not be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_note: Option<String>,
    /// With a lead time and delivery dates: the last day to file before the earliest delivery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_by: Option<Date>,
}

/// The verdict for one item (or one service).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ItemResult {
    /// Index in the transfer's `items` (or `services`).
    pub index: usize,
    /// The item's description.
    pub description: String,
    /// Its category (absent for a service).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<MlCategory>,
    /// For a service: its kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceKind>,
    /// Verdict.
    pub verdict: Verdict,
    /// The regime deciding the verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regime: Option<String>,
    /// The measure deciding the verdict (`regime/measure`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// The ground that applies (`regime/ground`).
    pub ground: Option<String>,
    /// The procedure of that ground.
    pub procedure: Option<ProcedureInfo>,
    /// For `prohibited`: the general prior-approval route, the only way forward.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub general_route: Option<String>,
    /// Citations behind the verdict.
    pub citations: Vec<String>,
    /// Required information absent from the transfer.
    pub missing: Vec<InfoField>,
    /// Why the ground applies, and why others do not.
    pub reasons: Vec<String>,
    /// Whether an unverified ([U]) fact was used.
    pub unverified: bool,
    /// The unverified facts used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unverified_facts: Vec<String>,
    /// Grounds in force that do not apply, one line each (`regime/ground: why`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_applying: Vec<String>,
    /// Points the officer must look at (incoherent purpose, diversion risk, justification
    /// asked for, weaker screening hits …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// How the end user was classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EndUserStatus {
    /// The category given.
    pub category: EndUserCategory,
    /// The category used for eligibility (forces of an unrecognised authority: `non_state`).
    pub effective_category: EndUserCategory,
    /// Whether the end user counts as forces of the recognised Government of the destination.
    pub recognised_government: bool,
    /// The matching of `end_user.government`, when the destination has authorities data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<AuthorityMatch>,
    /// Explanation.
    pub explanation: String,
}

/// One party's screening hit, as the caller's screening found it (input of the check).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct PartyHit {
    /// The party's role: `end_user`, `consignee` or `intermediaries[i]`.
    pub party: String,
    /// The name screened.
    pub name: String,
    /// The list (`un`, `ofac`, …).
    pub list: String,
    /// The list version screened (e.g. `un 2026-02-27 (version 3)`).
    pub list_version: String,
    /// The listed reference (`QDi.001`).
    pub reference: String,
    /// The listed primary name.
    pub listed_name: String,
    /// Score in [0, 1].
    pub score: f64,
    /// Regime ids the designation is under (`un-isil-aq`, `un-1267` …), matched against the
    /// `lists` of listed-persons measures.
    pub regimes: Vec<String>,
    /// How the names aligned.
    pub explanation: String,
}

/// The screening of the transfer's parties (input of the check; the CLI does the IO).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Screening {
    /// The list versions screened against (empty: no list was stored).
    pub list_versions: Vec<String>,
    /// Hits at or above this score are matches; below it, down to the search threshold, they
    /// are for review.
    pub threshold: f64,
    /// The parties screened (role: name).
    pub parties: Vec<String>,
    /// Every hit returned.
    pub hits: Vec<PartyHit>,
}

/// What the check says about screening.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScreeningResult {
    /// Whether the parties were screened.
    pub done: bool,
    /// One sentence: what was screened against what, or why nothing was.
    pub summary: String,
    /// The list versions screened against.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub list_versions: Vec<String>,
    /// Parties screened.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<String>,
    /// Hits at or above the threshold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<PartyHit>,
    /// Weaker hits, to review.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub to_review: Vec<PartyHit>,
    /// Clearing a hit by a recorded decision is not available yet.
    pub clearing: &'static str,
}

/// A duty attached to the transfer (end-user documentation, post-sale notification).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ObligationResult {
    /// `regime/id`.
    pub id: String,
    /// What must be done.
    pub title: String,
    /// Items it concerns.
    pub items: Vec<usize>,
    /// Information of the duty absent from the transfer.
    pub missing: Vec<InfoField>,
    /// Deadline (after-sale duties), counted from the transfer date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
    /// How the deadline was counted, or why it could not be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline_note: Option<String>,
    /// Who must act.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Citations.
    pub citations: Vec<String>,
    /// Whether it rests on unverified data.
    pub unverified: bool,
    /// Remarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Options of a check beyond the transfer.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Evaluate as of this date (default: the transfer's date).
    pub as_of: Option<Date>,
    /// The day the committee receives a notification (default: the date evaluated).
    pub notified_on: Option<Date>,
    /// The parties' screening; `None`: not screened (the result says so).
    pub screening: Option<Screening>,
}

/// The result of a check (PRODUCT.md contract plus extensions).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CheckResult {
    /// The date evaluated.
    pub as_of: Date,
    /// Overall verdict: the most restrictive item verdict, or `authorized`.
    pub verdict: Verdict,
    /// Regimes with at least one applicable measure.
    pub regimes: Vec<String>,
    /// Per item.
    pub items: Vec<ItemResult>,
    /// Reference of the approved exemption covering the transfer (with `authorized`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<String>,
    /// End-user classification.
    pub end_user: EndUserStatus,
    /// Whether any unverified fact was used.
    pub unverified: bool,
    /// General remarks (dating rules applied, assumptions).
    pub notes: Vec<String>,
    /// What to do next, in one sentence.
    pub action: String,
    /// Per service (technical assistance, training, financial assistance, mercenaries).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ItemResult>,
    /// Duties on the transfer whatever the verdict (end-user documentation, post-sale
    /// notification).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<ObligationResult>,
    /// The screening of the parties.
    pub screening: ScreeningResult,
    /// Transfer-level warnings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// One sentence saying what to do next, from the overall verdict and the item that decides it.
pub fn action(r: &CheckResult) -> String {
    let deciding = r
        .items
        .iter()
        .chain(&r.services)
        .filter(|i| i.verdict == r.verdict)
        .max_by_key(|i| (i.general_route.is_none(), i.missing.len()));
    let duties = if r.obligations.is_empty() {
        String::new()
    } else {
        format!(
            "; meet the duties listed below ({})",
            r.obligations.iter().map(|o| o.title.as_str()).collect::<Vec<_>>().join("; ")
        )
    };
    let missing = |i: &ItemResult| {
        if i.missing.is_empty() {
            String::new()
        } else {
            format!(
                " with the information still missing ({})",
                i.missing.iter().map(|f| f.id()).collect::<Vec<_>>().join(", ")
            )
        }
    };
    let cites = |i: &ItemResult| i.citations.last().cloned().unwrap_or_default();
    match (r.verdict, deciding) {
        (Verdict::Authorized, _) => format!(
            "Authorized by approved exemption {}: ship within the approved quantities and validity, and report the delivery{duties}.",
            r.authorization.as_deref().unwrap_or("?")
        ),
        (Verdict::NotCovered, _) => format!(
            "No UN arms embargo covers this transfer on {}: nothing to file with a UN sanctions committee{duties}.",
            r.as_of
        ),
        (Verdict::Exempt, Some(i)) => format!(
            "Nothing to file: the standing exemption {} ({}) applies; keep the records showing the transfer fits it{duties}.",
            i.ground.as_deref().unwrap_or("?"),
            cites(i)
        ),
        (Verdict::NotificationRequired, Some(i)) => {
            let p = i.procedure.as_ref();
            let body = p.and_then(|p| p.body.clone()).unwrap_or_else(|| "committee".into());
            let when = match p {
                Some(p) if p.period_ends.is_some() => format!(
                    ", then wait: the transfer may proceed if no negative decision is taken by {} (counted from the day after {}, {})",
                    p.period_ends.map(|d| d.to_string()).unwrap_or_default(),
                    p.notified_on.map(|d| d.to_string()).unwrap_or_default(),
                    if p.notified_on_source == Some("given") { "the notification date given" } else { "assumed to be the date checked" }
                ),
                Some(p) if p.lead_days.is_some() => format!(
                    " at least {} {}days before delivery{}",
                    p.lead_days.unwrap_or_default(),
                    if p.lead_working_days { "working " } else { "" },
                    p.file_by.map(|d| format!(" (by {d})")).unwrap_or_default()
                ),
                _ => " in advance of delivery".into(),
            };
            format!(
                "Notify the {body} under {} ({}){}{when}{duties}.",
                cites(i),
                i.ground.as_deref().unwrap_or("?"),
                missing(i)
            )
        }
        (Verdict::ApprovalRequired, Some(i)) => {
            let p = i.procedure.as_ref();
            format!(
                "Not permitted unless the {} approves it under {} ({}): file an approval request{}{}{duties}.",
                p.and_then(|p| p.body.clone()).unwrap_or_else(|| "committee".into()),
                cites(i),
                i.ground.as_deref().unwrap_or("?"),
                p.and_then(|p| p.filed_by.as_ref()).map(|f| format!(" (filed by: {f})")).unwrap_or_default(),
                missing(i)
            )
        }
        (Verdict::Prohibited, Some(i)) => match &i.general_route {
            Some(route) => format!(
                "Prohibited as it stands: no specific exemption fits, and the only route is prior approval under {route} ({}): file a request{} and do not ship unless it is approved{duties}.",
                cites(i),
                missing(i)
            ),
            None => format!(
                "Prohibited: {} forbids it and no exemption route exists; do not ship{duties}.",
                i.measure.as_deref().unwrap_or("the embargo")
            ),
        },
        (v, None) => format!("Overall verdict {v}."),
    }
}
