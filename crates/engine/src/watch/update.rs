//! The re-screen after a list update: what an update puts in scope, the incremental pass over
//! all subjects or one range of them (a chunk of a catch-up on the screening workers), the
//! catch-up from the store's mark to the snapshot's versions, and the [`Rescreener`] port
//! through which the workers take it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use embargo_lists::model::{Designation, Source};
use embargo_screening::{Index, Options};
use embargo_store::lists::ImportOutcome;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{any_hit, identity, Scope, ScreenReport, RETRIEVAL_FLOOR, SCREEN_PAGE};
use crate::screening::to_record;
use crate::{Engine, EngineError};

/// What [`Rescreener::rescreen`] returns.
pub type RescreenFuture<'a> = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Option<ScreenReport>, EngineError>> + Send + 'a>,
>;

/// Runs the incremental re-screen of a catch-up elsewhere: on the screening workers
/// (`embargo-worker`). The engine stays free of any queue.
pub trait Rescreener: Send + Sync {
    /// Re-screens every watched subject after `updates` (the snapshot of `engine` holds the new
    /// versions) as actor `by`; `Ok(None)` when it cannot take the work now (no worker is
    /// running): the engine does it itself.
    fn rescreen<'a>(
        &'a self,
        engine: &'a Engine,
        updates: &'a [ListUpdate],
        by: &'a str,
    ) -> RescreenFuture<'a>;
}

/// A list update: the version of `source` before (if any) and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListUpdate {
    /// The list.
    pub source: Source,
    /// The previous current version.
    pub old: Option<i64>,
    /// The new current version.
    pub new: i64,
}

/// The subjects whose ids are after `after` and at most `upto` (an end left out is open): a
/// chunk of a catch-up, stable across a restart of its dispatcher whatever was registered since.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectRange {
    /// Ids greater than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Ids at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upto: Option<String>,
}

impl SubjectRange {
    /// Whether `id` is in the range.
    pub fn contains(&self, id: &str) -> bool {
        self.after.as_deref().is_none_or(|a| id > a) && self.upto.as_deref().is_none_or(|u| id <= u)
    }
}

/// What a list update puts in scope (see [`Engine::rescreen_range_after_update`]).
pub(crate) struct UpdateScope {
    scope: Scope,
    /// A small index of the added and changed records.
    fresh: Option<Arc<Index>>,
    /// The changed and removed records: their open alerts are re-evaluated.
    touched: Vec<String>,
}

/// The last [`UpdateScope`] computed, with its updates.
pub(crate) type UpdateScopes = tokio::sync::Mutex<Option<(Vec<ListUpdate>, Arc<UpdateScope>)>>;

impl Engine {
    /// Re-screens what a list update can have changed (see the module documentation).
    pub async fn rescreen_after_update(
        &self,
        updates: &[ListUpdate],
        by: &str,
    ) -> Result<ScreenReport, EngineError> {
        self.rescreen_range_after_update(updates, &SubjectRange::default(), by).await
    }

    /// [`Engine::rescreen_after_update`] for the subjects whose ids are in `range` only: one
    /// chunk of a catch-up dispatched to workers. What the update puts in scope is computed
    /// once per update and kept for the next chunks.
    pub async fn rescreen_range_after_update(
        &self,
        updates: &[ListUpdate],
        range: &SubjectRange,
        by: &str,
    ) -> Result<ScreenReport, EngineError> {
        let catalog = self.catalog().await?;
        let update = self.update_scope(updates).await?;
        let mut report = ScreenReport {
            mode: "incremental",
            lists: catalog.versions.clone(),
            records_in_scope: update.scope.len(&catalog),
            ..ScreenReport::default()
        };
        if report.records_in_scope == 0 {
            return Ok(report);
        }
        // Subjects with open alerts on changed or removed records.
        let mut targets: BTreeSet<String> = self
            .store
            .subjects_alerted_on(&update.touched)
            .await?
            .into_iter()
            .filter(|id| range.contains(id))
            .collect();
        // Every subject against the small index of added and changed records.
        if let Some(small) = &update.fresh {
            let mut after: Option<String> = range.after.clone();
            loop {
                let mut page = match &range.upto {
                    Some(upto) => {
                        self.store.subjects_page_upto(after.as_deref(), upto, SCREEN_PAGE).await?
                    }
                    None => self.store.subjects_page(after.as_deref(), SCREEN_PAGE).await?,
                };
                let Some(last) = page.last() else { break };
                after = Some(last.subject.id.clone());
                let past_end = page.len() < SCREEN_PAGE || !range.contains(&last.subject.id);
                page.retain(|s| range.contains(&s.subject.id));
                report.subjects_considered += page.len() as u64;
                let small = Arc::clone(small);
                let found: Vec<String> = tokio::task::spawn_blocking(move || {
                    let floor = Options { threshold: RETRIEVAL_FLOOR, limit: 1, lists: None };
                    page.par_iter()
                        .filter(|s| any_hit(&small, &s.subject, &floor))
                        .map(|s| s.subject.id.clone())
                        .collect()
                })
                .await
                .map_err(|e| EngineError::Internal(format!("the screening task failed: {e}")))?;
                targets.extend(found);
                if past_end {
                    break;
                }
            }
        }
        let targets: Vec<String> = targets.into_iter().collect();
        for part in targets.chunks(SCREEN_PAGE) {
            let subjects = self.store.subjects_by_id(part).await?;
            self.screen_batch(&subjects, &update.scope, &catalog, by, &mut report).await?;
        }
        Ok(report)
    }

    /// What `updates` put in scope: the records added, changed (with their identity before)
    /// and removed, and a small index of the added and changed ones. Kept for the same updates
    /// (the chunks of one catch-up); computed from the stored versions, never from a caller.
    async fn update_scope(&self, updates: &[ListUpdate]) -> Result<Arc<UpdateScope>, EngineError> {
        let mut cached = self.update_scopes.lock().await;
        if let Some((key, scope)) = cached.as_ref() {
            if key.as_slice() == updates {
                return Ok(Arc::clone(scope));
            }
        }
        let mut added = HashSet::new();
        let mut changed = HashMap::new();
        let mut removed = HashSet::new();
        let mut fresh: Vec<embargo_screening::Record> = Vec::new();
        for u in updates {
            let new = self.store.version_designations(u.new).await?;
            let old = match u.old {
                Some(id) if id != u.new => self.store.version_designations(id).await?,
                Some(_) => continue,
                None => Vec::new(),
            };
            let diff = embargo_lists::diff::diff(&old, &new);
            let key = |r: &str| format!("{}:{}", u.source.as_str(), r);
            let old_by: HashMap<&str, &Designation> =
                old.iter().map(|d| (d.reference.as_str(), d)).collect();
            let new_by: HashMap<&str, &Designation> =
                new.iter().map(|d| (d.reference.as_str(), d)).collect();
            for e in &diff.added {
                added.insert(key(&e.reference));
                if let Some(d) = new_by.get(e.reference.as_str()) {
                    fresh.push(to_record(d));
                }
            }
            for c in &diff.changed {
                let before =
                    old_by.get(c.reference.as_str()).map(|d| identity(d)).unwrap_or_default();
                changed.insert(key(&c.reference), before);
                if let Some(d) = new_by.get(c.reference.as_str()) {
                    fresh.push(to_record(d));
                }
            }
            for e in &diff.removed {
                removed.insert(key(&e.reference));
            }
        }
        let touched: Vec<String> = changed.keys().chain(removed.iter()).cloned().collect();
        let fresh = if fresh.is_empty() {
            None
        } else {
            Some(Arc::new(
                tokio::task::spawn_blocking(move || Index::build(fresh))
                    .await
                    .map_err(|e| EngineError::Internal(format!("building an index: {e}")))?,
            ))
        };
        let scope = Arc::new(UpdateScope {
            scope: Scope::Records { added, changed, removed },
            fresh,
            touched,
        });
        *cached = Some((updates.to_vec(), Arc::clone(&scope)));
        Ok(scope)
    }

    /// Re-screens incrementally between two stored versions of one list (`old` → `new`), or
    /// fully when `full` (e.g. after an import made with re-screening turned off).
    pub async fn rescreen_between(
        &self,
        old: i64,
        new: i64,
        full: bool,
        by: &str,
    ) -> Result<ScreenReport, EngineError> {
        let (o, n) = (self.store.list_version(old).await?, self.store.list_version(new).await?);
        if o.source != n.source {
            return Err(EngineError::invalid_field(
                "to",
                format!(
                    "version {old} is a {} list, version {new} a {} list",
                    o.source.as_str(),
                    n.source.as_str()
                ),
            ));
        }
        if !n.current {
            return Err(EngineError::invalid_field(
                "to",
                format!("version {new} is not the current {} version: alerts are raised against the current lists", n.source.as_str()),
            ));
        }
        if full {
            return self.screen_subjects(by).await;
        }
        self.rescreen_updates(&[ListUpdate { source: n.source, old: Some(old), new }], by).await
    }

    /// [`Engine::rescreen_after_update`] through the rescreener (the screening workers) when
    /// the engine has one and it takes the work, here otherwise.
    pub async fn rescreen_updates(
        &self,
        updates: &[ListUpdate],
        by: &str,
    ) -> Result<ScreenReport, EngineError> {
        if let Some(r) = &self.rescreener {
            if let Some(report) = r.rescreen(self, updates, by).await? {
                return Ok(report);
            }
        }
        self.rescreen_after_update(updates, by).await
    }

    /// The current version of `source`, if any (read before an import, for [`Engine::after_import`]).
    pub async fn current_version_of(&self, source: Source) -> Result<Option<i64>, EngineError> {
        let current = self.store.current_list_versions().await?;
        Ok(current.iter().find(|v| v.source == source).map(|v| v.id))
    }

    /// After an import: when it made a version current, re-screens what changed since the
    /// version the subjects were last screened against ([`Engine::catch_up`]). The one code
    /// path of `lists import`, `lists fetch` and the API's import. `None`: nothing to
    /// re-screen. `_previous` (the version current before the import) is not needed: the
    /// store's mark says what was screened, even across a crash.
    pub async fn after_import(
        &self,
        _previous: Option<i64>,
        outcome: &ImportOutcome,
        by: &str,
    ) -> Result<Option<ScreenReport>, EngineError> {
        match outcome {
            ImportOutcome::Imported(_) | ImportOutcome::Unchanged { reactivated: true, .. } => {
                self.catch_up(by).await
            }
            ImportOutcome::Unchanged { reactivated: false, .. } => Ok(None),
        }
    }

    /// Re-screens the watched subjects incrementally from the list versions they were last
    /// re-screened against (the store's mark) to the versions of the screening snapshot, then
    /// moves the mark. Run after every import and by `serve` on every index poll, so an import
    /// whose re-screen was cut short (a crash, a time limit) or skipped is caught up; running it
    /// twice raises nothing twice (one open alert per subject and record). `None`: the subjects
    /// are up to date.
    pub async fn catch_up(&self, by: &str) -> Result<Option<ScreenReport>, EngineError> {
        self.refresh_index().await?;
        let loaded = self.index().await?;
        let marks = self.store.screened_versions().await?;
        // Only versions that are still current: a snapshot that another process's import has
        // overtaken since it was loaded must not re-screen (nor move the mark) backwards; the
        // next poll loads the new version and catches up to it.
        let current: HashSet<i64> =
            self.store.current_list_versions().await?.iter().map(|v| v.id).collect();
        let behind: Vec<(Source, Option<i64>, i64)> = loaded
            .versions
            .iter()
            .filter(|v| current.contains(&v.id))
            .filter(|v| marks.get(&v.source) != Some(&v.id))
            .filter_map(|v| {
                let source = Source::parse(&v.source).ok()?;
                Some((source, marks.get(&v.source).copied(), v.id))
            })
            .collect();
        if behind.is_empty() {
            return Ok(None);
        }
        let report = if self.store.subject_count().await? == 0 {
            None
        } else {
            let updates: Vec<ListUpdate> = behind
                .iter()
                .map(|(source, old, new)| ListUpdate { source: *source, old: *old, new: *new })
                .collect();
            Some(self.rescreen_updates(&updates, by).await?)
        };
        for (source, old, new) in behind {
            self.store.set_screened_version(source.as_str(), old, new).await?;
        }
        Ok(report)
    }
}
