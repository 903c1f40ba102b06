//! Screening as a use case: one index over the current stored lists, built once and swapped
//! atomically after an import; every result names the list versions it was screened against.
//!
//! The index, the versions it was built from, the designations and the regimes of its records
//! are one snapshot, swapped as a whole: a result never names versions other than those it was
//! screened against. Reloads are serialised and each reads the store after the previous one
//! finished, so a later reload never installs older lists than an earlier one; a reload reads
//! the current versions before and after the designations and starts again if they differ.
//! Another process importing into the same store is picked up by [`Engine::refresh_index`]
//! (the server polls it).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use embargo_lists::model::Designation;
use embargo_screening::{Hit, Index, Options, Query};
use embargo_store::lists::ListVersion;
use serde::Serialize;

use crate::screening::to_record;
use crate::{Engine, EngineError};

/// The screening index and the list versions it was built from (one snapshot).
#[derive(Debug)]
pub struct Loaded {
    /// The index.
    pub index: Arc<Index>,
    /// The versions it holds.
    pub versions: Vec<VersionRef>,
    /// The regimes of each record, by record id (`source:reference`).
    pub regimes: HashMap<String, Vec<String>>,
    /// The designations the index was built from, by record id (`source:reference`).
    pub designations: HashMap<String, Designation>,
}

impl Loaded {
    /// The versions the index holds, restricted to `only` when given.
    pub fn versions_of(&self, only: Option<&[String]>) -> Vec<VersionRef> {
        match only {
            Some(only) => {
                self.versions.iter().filter(|v| only.contains(&v.source)).cloned().collect()
            }
            None => self.versions.clone(),
        }
    }

    /// The version of `source` in this snapshot.
    pub fn version(&self, source: &str) -> Option<&VersionRef> {
        self.versions.iter().find(|v| v.source == source)
    }
}

/// A list version, as named in screening results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct VersionRef {
    /// Store id.
    pub id: i64,
    /// The list.
    pub source: String,
    /// Publication date, if known.
    pub published: Option<jiff::civil::Date>,
    /// sha256 of the file.
    pub sha256: String,
    /// When it was imported.
    #[serde(skip)]
    pub imported_at: String,
}

impl VersionRef {
    /// `un 2026-02-27 (version 3)`, as transfer checks cite it.
    pub fn label(&self) -> String {
        format!(
            "{} {} (version {})",
            self.source,
            self.published
                .map(|d| d.to_string())
                .unwrap_or_else(|| format!("imported {}", self.imported_at)),
            self.id
        )
    }
}

impl From<&ListVersion> for VersionRef {
    fn from(v: &ListVersion) -> VersionRef {
        VersionRef {
            id: v.id,
            source: v.source.as_str().to_owned(),
            published: v.published,
            sha256: v.sha256.clone(),
            imported_at: v.imported_at.to_string(),
        }
    }
}

/// A screening result.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ScreenResult {
    /// The query as given.
    pub query: Query,
    /// Hits scoring at least this are reported.
    pub threshold: f64,
    /// The list versions screened against (empty: no list is stored).
    pub lists: Vec<VersionRef>,
    /// Ranked hits, with explanations.
    pub hits: Vec<Hit>,
}

/// The engine's screening index slot.
#[derive(Debug, Default)]
pub(crate) struct IndexSlot {
    current: RwLock<Option<Arc<Loaded>>>,
    reloading: tokio::sync::Mutex<()>,
}

impl IndexSlot {
    fn get(&self) -> Option<Arc<Loaded>> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set(&self, loaded: Arc<Loaded>) {
        match self.current.write() {
            Ok(mut g) => *g = Some(loaded),
            Err(poisoned) => *poisoned.into_inner() = Some(loaded),
        }
    }
}

/// The ids of `versions`, sorted: what a snapshot is compared by.
fn ids(versions: &[VersionRef]) -> Vec<i64> {
    let mut ids: Vec<i64> = versions.iter().map(|v| v.id).collect();
    ids.sort_unstable();
    ids
}

impl Engine {
    /// Builds the index from the current stored lists and swaps it in (serialised with every
    /// other reload). Returns the number of records indexed.
    pub async fn reload_index(&self) -> Result<usize, EngineError> {
        let _guard = self.index.reloading.lock().await;
        self.load_snapshot().await
    }

    /// Reloads the index if the store's current list versions differ from the ones it holds
    /// (another process imported a list). Returns whether it reloaded.
    pub async fn refresh_index(&self) -> Result<bool, EngineError> {
        let _guard = self.index.reloading.lock().await;
        let current: Vec<VersionRef> =
            self.store().current_list_versions().await?.iter().map(VersionRef::from).collect();
        if let Some(loaded) = self.index.get() {
            if ids(&loaded.versions) == ids(&current) {
                return Ok(false);
            }
        }
        self.load_snapshot().await?;
        Ok(true)
    }

    async fn load_snapshot(&self) -> Result<usize, EngineError> {
        // Versions first, then their designations: an import finishing in between makes the
        // designations newer than the versions named, so read the versions again after and
        // retry until both agree.
        for _ in 0..5 {
            let versions: Vec<VersionRef> =
                self.store().current_list_versions().await?.iter().map(VersionRef::from).collect();
            let designations = self.store().current_designations(&[]).await?;
            let after: Vec<VersionRef> =
                self.store().current_list_versions().await?.iter().map(VersionRef::from).collect();
            if ids(&after) != ids(&versions) {
                continue;
            }
            let records: Vec<_> = designations.iter().map(to_record).collect();
            let regimes: HashMap<String, Vec<String>> = designations
                .iter()
                .map(|d| (format!("{}:{}", d.source.as_str(), d.reference), d.regimes.clone()))
                .collect();
            let designations: HashMap<String, Designation> = designations
                .into_iter()
                .map(|d| (format!("{}:{}", d.source.as_str(), d.reference), d))
                .collect();
            let n = records.len();
            let index = tokio::task::spawn_blocking(move || Index::build(records))
                .await
                .map_err(|e| EngineError::Internal(format!("building the screening index: {e}")))?;
            self.index.set(Arc::new(Loaded {
                index: Arc::new(index),
                versions,
                regimes,
                designations,
            }));
            return Ok(n);
        }
        Err(EngineError::Conflict(
            "the lists kept changing while the screening index was built; try again".into(),
        ))
    }

    /// The current snapshot, built on first use.
    pub async fn index(&self) -> Result<Arc<Loaded>, EngineError> {
        if let Some(loaded) = self.index.get() {
            return Ok(loaded);
        }
        let _guard = self.index.reloading.lock().await;
        if self.index.get().is_none() {
            self.load_snapshot().await?;
        }
        self.index
            .get()
            .ok_or_else(|| EngineError::Internal("the screening index is not loaded".into()))
    }

    /// Whether the index is loaded (readiness).
    pub fn index_loaded(&self) -> bool {
        self.index.get().is_some()
    }

    /// Screens one query.
    pub async fn screen(
        &self,
        query: Query,
        options: &Options,
    ) -> Result<ScreenResult, EngineError> {
        if query.name.trim().is_empty() {
            return Err(EngineError::invalid_field("name", "the name to screen is empty"));
        }
        query.validate().map_err(|e| EngineError::invalid_field("name", e))?;
        let loaded = self.index().await?;
        let hits = loaded.index.search(&query, options);
        let lists = loaded.versions_of(options.lists.as_deref());
        Ok(ScreenResult { query, threshold: options.threshold, lists, hits })
    }
}
