//! Continuous screening (issue 11): watched subjects, their alerts, decisions on hits, and the
//! re-screening that follows a new list version.
//!
//! - A subject is registered once (`add_subjects`, streamed in chunks) and screened against the
//!   current lists; a hit becomes an *alert* unless a decision already covers it.
//! - A decision (`confirmed`, `cleared`, `escalated`) is keyed by the subject, the record
//!   (`source:reference`) and the [`fingerprint`] of the record's identifying content: a
//!   `cleared` hit stays cleared while that content is unchanged; when it changes, the hit is
//!   raised again saying what changed ([`describe_change`]).
//! - After a list update, [`Engine::rescreen_after_update`] re-screens only what can have
//!   changed: every subject against the added and changed records (retrieved from a small index
//!   of those records, then scored by the full index, so that the scores are the ones a full
//!   re-screen gives), and the subjects whose open alerts point at changed or removed records.
//!   Hits on removed records are closed with the reason. [`Engine::screen_subjects`] is the full
//!   path; both go through the same per-subject evaluation.
//! - A confirmed hit on a party of an exemption request (subject `request:REF#party`) blocks
//!   its filing ([`Engine::confirmed_hit_problems`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use embargo_domain::procedure::validate::{Problem, ScreeningHit, Severity};
use embargo_screening::{BirthDate, Hit, Index, Kind, Options, Query};
use embargo_store::watch::{
    outcomes, AlertChanges, AlertRow, DecisionRow, NewAlert, NewSubject, PartyWatch, Registered,
    SubjectRow,
};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

mod identity;
mod input;
mod parties;
mod update;

pub use identity::{describe_change, fingerprint, identity, Identity};
pub use input::{read_subjects_csv, SubjectInput, CSV_COLUMNS};
pub(crate) use parties::REQUEST_PREFIX;
pub use parties::{party_watch, request_subject};

pub(crate) use update::UpdateScopes;
pub use update::{ListUpdate, RescreenFuture, Rescreener, SubjectRange};

use crate::screen::VersionRef;
use crate::{Engine, EngineError};

/// The actor of the sweep that screens pending subjects ([`Engine::screen_pending`]).
pub const SWEEP_ACTOR: &str = "system:pending-screening";

/// Origin of subjects registered by a client.
pub const ORIGIN_WATCH: &str = "watch";

/// The kind of a request party's subject: screened against every kind of record.
pub const PARTY_KIND: &str = "party";

/// Subjects per registration transaction.
pub const REGISTER_CHUNK: usize = 5_000;

/// Subjects screened per page (read, screened on all cores, then their alerts written).
const SCREEN_PAGE: usize = 10_000;

/// Alert changes per transaction.
const ALERTS_PER_TX: usize = 1_000;

/// Retrieval floor of the small index of added and changed records: a subject whose best
/// score there reaches it is scored by the full index. Token rarity in a small index differs
/// from the full index's, so the floor is well under the alert threshold; the test
/// `incremental_equals_full` checks on real updates that nothing is missed.
pub const RETRIEVAL_FLOOR: f64 = 0.35;

/// A stored alert with its decisions.
#[derive(Debug, Clone, Serialize)]
pub struct AlertView {
    /// The alert.
    #[serde(flatten)]
    pub alert: AlertRow,
    /// The subject (removed ones too).
    pub subject: Option<SubjectRow>,
    /// Every decision on this subject and record, oldest first.
    pub decisions: Vec<DecisionRow>,
}

/// What a screening pass did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScreenReport {
    /// `full` or `incremental`.
    pub mode: &'static str,
    /// The list versions screened against.
    pub lists: Vec<VersionRef>,
    /// Records re-screened (all of them for a full pass).
    pub records_in_scope: usize,
    /// Subjects scored by the full index.
    pub subjects_screened: u64,
    /// Subjects looked at (for an incremental pass: every subject, against the small index).
    pub subjects_considered: u64,
    /// Hits at or above the threshold on records in scope.
    pub hits: u64,
    /// Alerts raised.
    pub raised: u64,
    /// Alerts closed.
    pub closed: u64,
    /// Hits suppressed by a decision on the same content.
    pub suppressed: u64,
    /// Open alerts left as they were.
    pub kept: u64,
    /// When the pass ran on the screening workers: its job, chunks and workers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dispatched: Option<Dispatched>,
}

/// How a pass was split over the screening workers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dispatched {
    /// The job's deterministic id.
    pub job: String,
    /// Its chunks.
    pub chunks: u64,
    /// The names of the workers that committed them.
    pub workers: Vec<String>,
}

impl ScreenReport {
    /// Adds the counts of `other` (a chunk's report) to this one.
    pub fn add(&mut self, other: &ScreenReport) {
        self.subjects_screened += other.subjects_screened;
        self.subjects_considered += other.subjects_considered;
        self.hits += other.hits;
        self.raised += other.raised;
        self.closed += other.closed;
        self.suppressed += other.suppressed;
        self.kept += other.kept;
    }
}

/// What a registration did.
#[derive(Debug, Clone, Serialize)]
pub struct Registration {
    /// Subjects written and subjects already registered with the same content.
    pub registered: Registered,
    /// The first screening of the registered subjects, when asked for.
    pub screening: Option<ScreenReport>,
}

/// A record of the current lists, as the watch sees it.
struct RecordInfo {
    fingerprint: String,
    identity: Identity,
    version: i64,
}

/// The current lists: index, versions, and every record's fingerprint.
struct Catalog {
    index: Arc<Index>,
    versions: Vec<VersionRef>,
    lists_json: serde_json::Value,
    records: HashMap<String, RecordInfo>,
    version_of: HashMap<String, i64>,
}

/// Which records a pass re-screens.
enum Scope {
    All,
    Records {
        added: HashSet<String>,
        /// Changed records with their previous identity.
        changed: HashMap<String, Identity>,
        removed: HashSet<String>,
    },
}

impl Scope {
    fn contains(&self, record: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Records { added, changed, removed } => {
                added.contains(record) || changed.contains_key(record) || removed.contains(record)
            }
        }
    }

    fn len(&self, catalog: &Catalog) -> usize {
        match self {
            Scope::All => catalog.records.len(),
            Scope::Records { added, changed, removed } => {
                added.len() + changed.len() + removed.len()
            }
        }
    }

    /// Why a first hit on `record` is raised.
    fn reason(&self, record: &str, now: &Identity) -> String {
        match self {
            Scope::All => "new hit".into(),
            Scope::Records { added, changed, .. } => {
                if added.contains(record) {
                    "new record".into()
                } else if let Some(old) = changed.get(record) {
                    format!("record changed: {}", describe_change(old, now))
                } else {
                    "new hit".into()
                }
            }
        }
    }
}

/// The options of every watch screening.
pub fn watch_options() -> Options {
    Options::default()
}

/// The queries of a subject: its name and each alias, with its secondary attributes.
fn queries(s: &NewSubject) -> Vec<Query> {
    let kind = Kind::parse(&s.kind);
    let birth_date = s.birth_date.as_deref().and_then(BirthDate::parse);
    std::iter::once(&s.name)
        .chain(&s.aliases)
        .map(|name| Query {
            name: name.clone(),
            kind,
            birth_date,
            nationality: s.nationality.clone(),
            documents: s.documents.clone(),
        })
        .collect()
}

/// The best hit per record over every name of the subject.
fn search_subject(index: &Index, s: &NewSubject, options: &Options) -> Vec<(String, Hit)> {
    let mut best: HashMap<String, (String, Hit)> = HashMap::new();
    for q in queries(s) {
        for hit in index.search(&q, options) {
            match best.get(&hit.id) {
                Some((_, h)) if h.score >= hit.score => {}
                _ => {
                    best.insert(hit.id.clone(), (q.name.clone(), hit));
                }
            }
        }
    }
    let mut out: Vec<(String, Hit)> = best.into_values().collect();
    out.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    out
}

/// Whether any name of the subject reaches `options.threshold` in `index`.
fn any_hit(index: &Index, s: &NewSubject, options: &Options) -> bool {
    queries(s).iter().any(|q| !index.search(q, options).is_empty())
}

/// The outcome of evaluating one subject.
#[derive(Default)]
struct Evaluation {
    changes: AlertChanges,
    hits: u64,
    suppressed: u64,
    kept: u64,
}

/// The one per-subject rule of every pass: hits on records in scope become alerts unless an
/// open alert or a decision on the same content covers them; open alerts on records in scope
/// that no longer hit close when their record was removed or changed.
fn evaluate(
    subject: &str,
    hits: &[(String, Hit)],
    open: &[&AlertRow],
    decisions: &HashMap<&str, &DecisionRow>,
    scope: &Scope,
    catalog: &Catalog,
    out: &mut Evaluation,
) {
    let open_by_record: HashMap<&str, &AlertRow> =
        open.iter().map(|a| (a.alert.record_id.as_str(), *a)).collect();
    let mut hit_records = HashSet::new();
    for (queried, hit) in hits {
        if !scope.contains(&hit.id) {
            continue;
        }
        let Some(info) = catalog.records.get(&hit.id) else { continue };
        hit_records.insert(hit.id.as_str());
        out.hits += 1;
        let change = match (open_by_record.get(hit.id.as_str()), decisions.get(hit.id.as_str())) {
            (Some(a), _) if a.alert.fingerprint == info.fingerprint => {
                out.kept += 1;
                continue;
            }
            (Some(a), _) => {
                let old: Identity =
                    serde_json::from_value(a.alert.identity.clone()).unwrap_or_default();
                out.changes.close.push((
                    a.id,
                    format!("superseded: record changed in list version {}", info.version),
                ));
                format!("record changed: {}", describe_change(&old, &info.identity))
            }
            (None, Some(d)) if d.fingerprint == info.fingerprint => {
                out.suppressed += 1;
                continue;
            }
            (None, Some(d)) => {
                let old: Identity = serde_json::from_value(d.identity.clone()).unwrap_or_default();
                let what = describe_change(&old, &info.identity);
                if d.outcome == outcomes::CLEARED {
                    format!("reopened: the cleared record's content changed: {what}")
                } else {
                    format!("record changed since it was {}: {what}", d.outcome)
                }
            }
            (None, None) => scope.reason(&hit.id, &info.identity),
        };
        out.changes.raise.push(NewAlert {
            subject_id: subject.to_owned(),
            record_id: hit.id.clone(),
            fingerprint: info.fingerprint.clone(),
            identity: serde_json::to_value(&info.identity).unwrap_or_default(),
            score: hit.score,
            hit: json!({
                "query": queried,
                "list": hit.list,
                "reference": hit.reference,
                "kind": hit.kind,
                "listed_name": hit.name,
                "matched_name": hit.matched_name,
                "explanation": hit.explanation,
            }),
            list_version: info.version,
            lists: catalog.lists_json.clone(),
            change,
        });
    }
    for a in open {
        let record = a.alert.record_id.as_str();
        if !scope.contains(record) || hit_records.contains(record) {
            continue;
        }
        match catalog.records.get(record) {
            None => {
                let source = record.split(':').next().unwrap_or_default();
                let reason = match catalog.version_of.get(source) {
                    Some(v) => format!("record removed from list version {v}"),
                    None => format!("record removed: no {source} list is current"),
                };
                out.changes.close.push((a.id, reason));
            }
            Some(info) if info.fingerprint != a.alert.fingerprint => {
                out.changes.close.push((
                    a.id,
                    format!(
                        "record changed in list version {} and no longer matches",
                        info.version
                    ),
                ));
            }
            Some(_) => out.kept += 1,
        }
    }
}

fn parse_outcome(outcome: &str) -> Result<&'static str, EngineError> {
    outcomes::ALL.into_iter().find(|o| *o == outcome.trim()).ok_or_else(|| {
        EngineError::invalid_field(
            "outcome",
            format!("`{outcome}` is not one of confirmed, cleared, escalated"),
        )
    })
}

impl Engine {
    /// Registers subjects from `rows` (line numbers and validated subjects, e.g. from
    /// [`read_subjects_csv`]) in transactions of [`REGISTER_CHUNK`], without screening them.
    /// The first bad row stops the registration: the chunks before it are registered
    /// (registering the same file again skips them as unchanged), the error names the line.
    pub async fn add_subjects<I>(&self, rows: I, by: &str) -> Result<Registered, EngineError>
    where
        I: IntoIterator<Item = Result<(u64, NewSubject), EngineError>>,
    {
        Ok(self.register(rows, by, false).await?.registered)
    }

    /// Registers subjects as [`Engine::add_subjects`] does and screens each chunk against the
    /// current lists as soon as it is registered (the first screening): a registered subject
    /// is always screened, even against records that no later update touches.
    pub async fn add_and_screen_subjects<I>(
        &self,
        rows: I,
        by: &str,
    ) -> Result<Registration, EngineError>
    where
        I: IntoIterator<Item = Result<(u64, NewSubject), EngineError>>,
    {
        self.register(rows, by, true).await
    }

    async fn register<I>(
        &self,
        rows: I,
        by: &str,
        screen: bool,
    ) -> Result<Registration, EngineError>
    where
        I: IntoIterator<Item = Result<(u64, NewSubject), EngineError>>,
    {
        let catalog = if screen { Some(self.catalog().await?) } else { None };
        let mut out = Registration {
            registered: Registered::default(),
            screening: catalog.as_ref().map(|c| ScreenReport {
                mode: "full",
                lists: c.versions.clone(),
                records_in_scope: c.records.len(),
                ..ScreenReport::default()
            }),
        };
        let mut chunk: Vec<NewSubject> = Vec::with_capacity(REGISTER_CHUNK);
        let mut lines: Vec<u64> = Vec::with_capacity(REGISTER_CHUNK);
        let mut rows = rows.into_iter();
        loop {
            let next = rows.next();
            let done = next.is_none();
            let mut failed = None;
            match next {
                Some(Err(e)) => failed = Some(e),
                Some(Ok((line, s))) => {
                    chunk.push(s);
                    lines.push(line);
                }
                None => {}
            }
            if chunk.len() >= REGISTER_CHUNK || ((done || failed.is_some()) && !chunk.is_empty()) {
                let pending = self.flush_subjects(&chunk, &lines, by, &mut out.registered).await?;
                if let (Some(catalog), Some(report)) = (&catalog, &mut out.screening) {
                    let rows: Vec<SubjectRow> = chunk
                        .drain(..)
                        .map(|subject| SubjectRow {
                            subject,
                            created_at: String::new(),
                            removed_at: None,
                            pending,
                        })
                        .collect();
                    report.subjects_considered += rows.len() as u64;
                    self.screen_batch(&rows, &Scope::All, catalog, by, report).await?;
                }
                chunk.clear();
                lines.clear();
            }
            if let Some(e) = failed {
                let before = out.registered.added + out.registered.unchanged;
                return Err(match e {
                    EngineError::Invalid { field, message } => EngineError::Invalid {
                        field,
                        message: format!(
                            "{message} ({before} subjects registered before this row; registering the corrected file again skips them)"
                        ),
                    },
                    other => other,
                });
            }
            if done {
                return Ok(out);
            }
        }
    }

    async fn flush_subjects(
        &self,
        chunk: &[NewSubject],
        lines: &[u64],
        by: &str,
        total: &mut Registered,
    ) -> Result<i64, EngineError> {
        if chunk.is_empty() {
            return Ok(0);
        }
        match self.store.add_subjects(chunk, by).await {
            Ok(r) => {
                total.added += r.added;
                total.unchanged += r.unchanged;
                Ok(r.pending)
            }
            Err(embargo_store::StoreError::Conflict(m)) => {
                // Name the line of the subject the conflict is about.
                let line = chunk
                    .iter()
                    .zip(lines.iter())
                    .find(|(s, _)| m.starts_with(&format!("subject {} ", s.id)))
                    .map(|(_, l)| *l);
                Err(EngineError::Conflict(match line {
                    Some(l) => format!(
                        "line {l}: {m} ({} subjects registered before its chunk)",
                        total.added + total.unchanged
                    ),
                    None => m,
                }))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Active subjects after `after` (by id), at most `limit`.
    pub async fn subjects(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SubjectRow>, EngineError> {
        Ok(self.store.subjects_page(after, limit).await?)
    }

    /// Removes a subject and closes its open alerts.
    pub async fn remove_subject(&self, id: &str, by: &str) -> Result<SubjectRow, EngineError> {
        Ok(self.store.remove_subject(id, by).await?)
    }

    /// Alerts, newest first.
    pub async fn alerts(
        &self,
        open_only: bool,
        limit: usize,
    ) -> Result<Vec<AlertRow>, EngineError> {
        Ok(self.store.alerts(open_only, limit).await?)
    }

    /// One alert with its subject and the decisions on its pair.
    pub async fn alert(&self, id: i64) -> Result<AlertView, EngineError> {
        let alert = self.store.alert(id).await?;
        let subject = match self.store.subject(&alert.alert.subject_id).await {
            Ok(s) => Some(s),
            Err(embargo_store::StoreError::NotFound(_)) => None,
            Err(e) => return Err(e.into()),
        };
        let decisions =
            self.store.decisions(&alert.alert.subject_id, &alert.alert.record_id).await?;
        Ok(AlertView { alert, subject, decisions })
    }

    /// Decides on alert `id`: `actor` comes from authentication (the server) or `--actor`
    /// (the CLI), never from a body.
    pub async fn decide(
        &self,
        id: i64,
        outcome: &str,
        reason: &str,
        actor: &str,
    ) -> Result<AlertView, EngineError> {
        let outcome = parse_outcome(outcome)?;
        let reason = reason.trim();
        if reason.chars().count() < 10 {
            return Err(EngineError::invalid_field(
                "reason",
                "a decision needs a reason (at least 10 characters)",
            ));
        }
        embargo_domain::text::check_text("reason", reason)
            .map_err(|e| EngineError::invalid_field("reason", e))?;
        embargo_domain::text::check_length("reason", reason, 4096)
            .map_err(|e| EngineError::invalid_field("reason", e))?;
        self.store.decide_alert(id, outcome, reason, actor).await?;
        self.alert(id).await
    }

    /// The current lists as the watch sees them: the engine's screening snapshot, reloaded
    /// first if the store's current versions are not the ones it holds. The index, the
    /// versions and the designations come from the one snapshot, so they always agree.
    async fn catalog(&self) -> Result<Catalog, EngineError> {
        self.refresh_index().await?;
        let loaded = self.index().await?;
        let version_of: HashMap<String, i64> =
            loaded.versions.iter().map(|v| (v.source.clone(), v.id)).collect();
        let records = loaded
            .designations
            .iter()
            .map(|(key, d)| {
                let id = identity(d);
                let version = version_of.get(d.source.as_str()).copied().unwrap_or_default();
                (key.clone(), RecordInfo { fingerprint: fingerprint(&id), identity: id, version })
            })
            .collect();
        Ok(Catalog {
            index: Arc::clone(&loaded.index),
            lists_json: serde_json::to_value(&loaded.versions)
                .map_err(|e| EngineError::Internal(e.to_string()))?,
            versions: loaded.versions.clone(),
            records,
            version_of,
        })
    }

    /// Scores `subjects` with the full index and writes the alert changes for records in
    /// `scope`.
    async fn screen_batch(
        &self,
        subjects: &[SubjectRow],
        scope: &Scope,
        catalog: &Catalog,
        by: &str,
        report: &mut ScreenReport,
    ) -> Result<(), EngineError> {
        // Screening is CPU work on all cores: off the async runtime's workers.
        let index = Arc::clone(&catalog.index);
        let people: Vec<NewSubject> = subjects.iter().map(|s| s.subject.clone()).collect();
        let mut hits: Vec<Vec<(String, Hit)>> = tokio::task::spawn_blocking(move || {
            let options = watch_options();
            people.par_iter().map(|s| search_subject(&index, s, &options)).collect()
        })
        .await
        .map_err(|e| EngineError::Internal(format!("the screening task failed: {e}")))?;
        for h in &mut hits {
            h.retain(|(_, hit)| scope.contains(&hit.id));
        }
        report.subjects_screened += subjects.len() as u64;
        let ids: Vec<String> = subjects.iter().map(|s| s.subject.id.clone()).collect();
        let open = self.store.open_alerts_of(&ids).await?;
        let with_hits: Vec<String> = subjects
            .iter()
            .zip(&hits)
            .filter(|(_, h)| !h.is_empty())
            .map(|(s, _)| s.subject.id.clone())
            .collect();
        let decisions = self.store.latest_decisions_of(&with_hits).await?;
        let mut open_by: HashMap<&str, Vec<&AlertRow>> = HashMap::new();
        for a in &open {
            open_by.entry(a.alert.subject_id.as_str()).or_default().push(a);
        }
        let mut decided_by: HashMap<&str, HashMap<&str, &DecisionRow>> = HashMap::new();
        for d in &decisions {
            decided_by.entry(d.subject_id.as_str()).or_default().insert(d.record_id.as_str(), d);
        }
        let empty_open = Vec::new();
        let empty_decided = HashMap::new();
        let mut eval = Evaluation::default();
        for (s, h) in subjects.iter().zip(&hits) {
            let id = s.subject.id.as_str();
            evaluate(
                id,
                h,
                open_by.get(id).unwrap_or(&empty_open),
                decided_by.get(id).unwrap_or(&empty_decided),
                scope,
                catalog,
                &mut eval,
            );
        }
        report.hits += eval.hits;
        report.suppressed += eval.suppressed;
        report.kept += eval.kept;
        let AlertChanges { raise, close } = eval.changes;
        let mut close = close.into_iter().peekable();
        let mut raise = raise.into_iter().peekable();
        while close.peek().is_some() || raise.peek().is_some() {
            let changes = AlertChanges {
                close: close.by_ref().take(ALERTS_PER_TX).collect(),
                raise: raise.by_ref().take(ALERTS_PER_TX).collect(),
            };
            let applied = self.store.apply_alert_changes(&changes, by).await?;
            report.raised += applied.raised.len() as u64;
            report.closed += applied.closed.len() as u64;
        }
        if matches!(scope, Scope::All) {
            // Screened against everything: no longer pending (unless changed since it was read).
            let marks: Vec<(String, i64)> =
                subjects.iter().map(|s| (s.subject.id.clone(), s.pending)).collect();
            self.store.mark_screened(&marks).await?;
        }
        Ok(())
    }

    /// Screens every active subject against the current lists (the first screening, or a full
    /// re-screen): new hits become alerts, alerts on removed or changed records that no longer
    /// hit are closed.
    pub async fn screen_subjects(&self, by: &str) -> Result<ScreenReport, EngineError> {
        self.screen_pages(false, by).await
    }

    /// Screens every watched subject (`pending_only`: those registered or changed and not
    /// screened since) against the whole catalog, a page at a time.
    async fn screen_pages(
        &self,
        pending_only: bool,
        by: &str,
    ) -> Result<ScreenReport, EngineError> {
        let catalog = self.catalog().await?;
        let mut report = ScreenReport {
            mode: if pending_only { "pending" } else { "full" },
            lists: catalog.versions.clone(),
            records_in_scope: Scope::All.len(&catalog),
            ..ScreenReport::default()
        };
        let mut after: Option<String> = None;
        loop {
            let page = if pending_only {
                self.store.pending_subjects(after.as_deref(), SCREEN_PAGE).await?
            } else {
                self.store.subjects_page(after.as_deref(), SCREEN_PAGE).await?
            };
            let Some(last) = page.last() else { break };
            after = Some(last.subject.id.clone());
            report.subjects_considered += page.len() as u64;
            self.screen_batch(&page, &Scope::All, &catalog, by, &mut report).await?;
        }
        Ok(report)
    }

    /// Screens the subjects `ids` against the whole current lists (e.g. the parties of a new
    /// request).
    pub async fn screen_subjects_by_id(
        &self,
        ids: &[String],
        by: &str,
    ) -> Result<ScreenReport, EngineError> {
        let catalog = self.catalog().await?;
        let scope = Scope::All;
        let mut report = ScreenReport {
            mode: "full",
            lists: catalog.versions.clone(),
            records_in_scope: scope.len(&catalog),
            ..ScreenReport::default()
        };
        let subjects = self.store.subjects_by_id(ids).await?;
        report.subjects_considered = subjects.len() as u64;
        self.screen_batch(&subjects, &scope, &catalog, by, &mut report).await?;
        Ok(report)
    }

    /// Screens every subject registered or changed and not screened since (after a crash
    /// between a registration and its screening, for instance), a page at a time. Run by the
    /// server at start and on every index poll, and by `embargo watch screen --pending`.
    pub async fn screen_pending(&self, by: &str) -> Result<ScreenReport, EngineError> {
        if self.store.pending_subjects(None, 1).await?.is_empty() {
            return Ok(ScreenReport { mode: "pending", ..ScreenReport::default() });
        }
        self.screen_pages(true, by).await
    }
}
