//! Screening as a use case: one index over the current stored lists, built once and swapped
//! atomically after an import; every result names the list versions it was screened against.

use std::sync::Arc;

use embargo_lists::model::Designation;
use embargo_screening::{Hit, Index, IndexHandle, Options, Query};
use embargo_store::lists::ListVersion;
use serde::Serialize;

use crate::screening::to_record;
use crate::{Engine, EngineError};

/// The screening index and the list versions it was built from.
#[derive(Debug)]
pub struct Loaded {
    /// The index.
    pub index: Arc<Index>,
    /// The versions it holds.
    pub versions: Vec<VersionRef>,
    /// The regimes of each record, by record id (`source:reference`).
    pub regimes: Arc<std::collections::HashMap<String, Vec<String>>>,
    /// The designations the index was built from, by record id (`source:reference`).
    pub designations: Arc<std::collections::HashMap<String, Designation>>,
}

/// A list version, as named in screening results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionRef {
    /// Store id.
    pub id: i64,
    /// The list.
    pub source: String,
    /// Publication date, if known.
    pub published: Option<jiff::civil::Date>,
    /// sha256 of the file.
    pub sha256: String,
}

impl From<&ListVersion> for VersionRef {
    fn from(v: &ListVersion) -> VersionRef {
        VersionRef {
            id: v.id,
            source: v.source.as_str().to_owned(),
            published: v.published,
            sha256: v.sha256.clone(),
        }
    }
}

/// A screening result.
#[derive(Debug, Clone, Serialize)]
pub struct ScreenResult {
    /// The query as given.
    pub query: Query,
    /// The list versions screened against.
    pub lists: Vec<VersionRef>,
    /// Ranked hits, with explanations.
    pub hits: Vec<Hit>,
}

/// The engine's screening index slot.
#[derive(Debug, Default)]
pub(crate) struct IndexSlot {
    handle: std::sync::OnceLock<IndexHandle>,
    versions: std::sync::RwLock<Vec<VersionRef>>,
    regimes: std::sync::RwLock<Arc<std::collections::HashMap<String, Vec<String>>>>,
    designations: std::sync::RwLock<Arc<std::collections::HashMap<String, Designation>>>,
}

impl Engine {
    /// Builds the index from the current stored lists and swaps it in.
    pub async fn reload_index(&self) -> Result<usize, EngineError> {
        let versions = self.store().current_list_versions().await?;
        let designations = self.store().current_designations(&[]).await?;
        let records: Vec<_> = designations.iter().map(to_record).collect();
        let regimes: std::collections::HashMap<String, Vec<String>> = designations
            .iter()
            .map(|d| (format!("{}:{}", d.source.as_str(), d.reference), d.regimes.clone()))
            .collect();
        let designations: std::collections::HashMap<String, Designation> = designations
            .into_iter()
            .map(|d| (format!("{}:{}", d.source.as_str(), d.reference), d))
            .collect();
        let n = records.len();
        let index = Index::build(records);
        let slot = &self.index;
        match slot.handle.get() {
            Some(h) => {
                h.store(index);
            }
            None => {
                let _ = slot.handle.set(IndexHandle::new(index));
            }
        }
        if let Ok(mut v) = slot.versions.write() {
            *v = versions.iter().map(VersionRef::from).collect();
        }
        if let Ok(mut r) = slot.regimes.write() {
            *r = Arc::new(regimes);
        }
        if let Ok(mut d) = slot.designations.write() {
            *d = Arc::new(designations);
        }
        Ok(n)
    }

    /// The current index, built on first use.
    pub async fn index(&self) -> Result<Loaded, EngineError> {
        if self.index.handle.get().is_none() {
            self.reload_index().await?;
        }
        let index = self
            .index
            .handle
            .get()
            .map(IndexHandle::load)
            .ok_or_else(|| EngineError::Internal("the screening index is not loaded".into()))?;
        let versions = self.index.versions.read().map(|v| v.clone()).unwrap_or_default();
        let regimes = self.index.regimes.read().map(|r| Arc::clone(&r)).unwrap_or_default();
        let designations =
            self.index.designations.read().map(|d| Arc::clone(&d)).unwrap_or_default();
        Ok(Loaded { index, versions, regimes, designations })
    }

    /// Whether the index is loaded (readiness).
    pub fn index_loaded(&self) -> bool {
        self.index.handle.get().is_some()
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
        let lists = match &options.lists {
            Some(only) => {
                loaded.versions.iter().filter(|v| only.contains(&v.source)).cloned().collect()
            }
            None => loaded.versions.clone(),
        };
        Ok(ScreenResult { query, lists, hits })
    }
}
