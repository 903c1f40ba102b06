//! List refresh as a use case: download the current file of a list through the [`Fetcher`]
//! port (the edge implements it: HTTP with size, type, time and redirect limits), import it as
//! a new version (atomic, with the shrink guard), swap the screening index, and remember the
//! last success and failure per list for `/metrics`. A failed download, an HTML page, an
//! oversize or unparsable file keeps the current version. A refresh runs once across the
//! replicas of a store: it holds the store's refresh lock for the list (a PostgreSQL advisory
//! lock) from the download to the import.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Arc, Mutex};

use embargo_lists::model::Source;
use embargo_store::lists::{ImportOptions, ImportOutcome};
use jiff::Timestamp;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::lists::ListFile;
use crate::{Engine, EngineError};

/// A downloaded list file.
#[derive(Debug)]
pub struct Fetched {
    /// Where it came from (after redirects, as the fetcher reports it).
    pub url: String,
    /// The file; removed when dropped.
    pub file: tempfile::TempPath,
}

/// The port through which the engine downloads a list.
pub trait Fetcher: Send + Sync + std::fmt::Debug {
    /// Downloads the current file of `source`. The error says what went wrong (the address,
    /// the HTTP status, the limit exceeded).
    fn fetch(&self, source: Source) -> Result<Fetched, String>;
}

/// The last refresh of one list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RefreshStatus {
    /// When a refresh last succeeded (imported, or found the list unchanged).
    pub last_success: Option<Timestamp>,
    /// What it found: `imported`, `unchanged`, `reactivated`.
    pub last_outcome: Option<String>,
    /// When a refresh last failed.
    pub last_failure: Option<Timestamp>,
    /// Why it failed.
    pub last_error: Option<String>,
}

/// Refresh statuses by list.
#[derive(Debug, Default)]
pub(crate) struct Refreshes(Mutex<BTreeMap<String, RefreshStatus>>);

impl Engine {
    /// Downloads and imports the current file of `source` (see the module documentation).
    pub async fn refresh_list(
        &self,
        source: Source,
        options: ImportOptions,
    ) -> Result<ImportOutcome, EngineError> {
        // Once across replicas: the store's lock (PostgreSQL advisory lock) is held for the
        // download and the import; another replica asking meanwhile is told so, and one asking
        // after finds the list unchanged.
        let Some(lock) = self.store().refresh_lock(source.as_str()).await? else {
            return Err(EngineError::Conflict(format!(
                "a refresh of the {source} list is already running on another replica; its version will be current when it finishes"
            )));
        };
        let result = self.refresh_inner(source, options).await;
        // A lock that cannot be released ends with its connection (the transaction's).
        let _ = lock.release().await;
        let now = self.clock.now();
        if let Ok(mut all) = self.refreshes.0.lock() {
            let status = all.entry(source.as_str().to_owned()).or_default();
            match &result {
                Ok(outcome) => {
                    status.last_success = Some(now);
                    status.last_outcome = Some(outcome_name(outcome).to_owned());
                }
                Err(e) => {
                    status.last_failure = Some(now);
                    status.last_error = Some(e.to_string());
                }
            }
        }
        result
    }

    async fn refresh_inner(
        &self,
        source: Source,
        options: ImportOptions,
    ) -> Result<ImportOutcome, EngineError> {
        let fetcher = self.fetcher.clone().ok_or_else(|| {
            EngineError::invalid("this server downloads no list (no fetcher is configured)")
        })?;
        let fetched = tokio::task::spawn_blocking(move || fetcher.fetch(source))
            .await
            .map_err(|e| EngineError::Internal(format!("the download task failed: {e}")))?
            .map_err(|e| {
                EngineError::Busy(format!(
                    "the {source} list could not be downloaded: {e}; the current version is kept"
                ))
            })?;
        let url = fetched.url.clone();
        let path = fetched.file.to_path_buf();
        let sha256 = tokio::task::spawn_blocking(move || -> std::io::Result<String> {
            let mut f = std::fs::File::open(&path)?;
            let mut h = Sha256::new();
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let n = f.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                h.update(&buf[..n]);
            }
            Ok(hex::encode(h.finalize()))
        })
        .await
        .map_err(|e| EngineError::Internal(format!("hashing the download: {e}")))?
        .map_err(|e| EngineError::Internal(format!("reading the download: {e}")))?;
        let file = std::fs::File::open(&fetched.file)
            .map_err(|e| EngineError::Internal(format!("reading the download: {e}")))?;
        let list = embargo_lists::parse(std::io::BufReader::new(file), None).map_err(|e| {
            EngineError::invalid_field(
                "file",
                format!("{url}: {e}; nothing imported, the current version is kept"),
            )
        })?;
        let format = list.header().format;
        if format.source() != source {
            return Err(EngineError::invalid_field(
                "file",
                format!(
                    "{url}: the download is a {} list ({format}), not {source}; nothing imported",
                    format.source()
                ),
            ));
        }
        if format == embargo_lists::Format::OfacCsv {
            return Err(EngineError::invalid_field(
                "file",
                format!("{url}: an OFAC CSV primary file comes without its aliases and addresses; refresh from SDN.XML; nothing imported"),
            ));
        }
        let outcome = self
            .import_list(ListFile { name: url, sha256, list, published: None }, options)
            .await?;
        drop(fetched);
        Ok(outcome)
    }

    /// The last refresh of each list this engine refreshed.
    pub fn refresh_status(&self) -> BTreeMap<String, RefreshStatus> {
        self.refreshes.0.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Lets the engine download lists through `fetcher`.
    pub fn with_fetcher(mut self, fetcher: Arc<dyn Fetcher>) -> Engine {
        self.fetcher = Some(fetcher);
        self
    }
}

/// `imported`, `unchanged` or `reactivated`.
pub fn outcome_name(outcome: &ImportOutcome) -> &'static str {
    match outcome {
        ImportOutcome::Imported(_) => "imported",
        ImportOutcome::Unchanged { reactivated: true, .. } => "reactivated",
        ImportOutcome::Unchanged { .. } => "unchanged",
    }
}
