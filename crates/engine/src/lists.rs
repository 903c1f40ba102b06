//! Lists as a use case: import a file as a new version (then swap the screening index), list
//! the versions, compare two versions.

use embargo_lists::diff::Diff;
use embargo_lists::{ListReader, ParseError};
use embargo_store::lists::{
    ImportError, ImportOptions, ImportOutcome, ListVersion, NewListVersion,
};
use jiff::civil::Date;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Engine, EngineError};

/// A parsed list file ready to import.
pub struct ListFile<'a> {
    /// How the file is named in messages and recorded (`file_name`).
    pub name: String,
    /// sha256 of the file's bytes (of the primary file for an OFAC CSV set).
    pub sha256: String,
    /// The parsed list (streamed into the store).
    pub list: ListReader<'a>,
    /// The publication date to record when the file states none.
    pub published: Option<Date>,
}

/// Two versions of one list and what changed between them.
#[derive(Debug, Clone, Serialize)]
pub struct VersionDiff {
    /// The older version.
    pub old: ListVersion,
    /// The newer version.
    pub new: ListVersion,
    /// Designations added, removed and changed.
    #[serde(flatten)]
    pub diff: Diff,
}

/// The actor of the re-screening that follows an import.
pub const LIST_IMPORT_ACTOR: &str = "system:list-import";

impl Engine {
    /// Imports one parsed list file as a new version: atomic, refused if it would shrink the
    /// list by more than `options` allow, the import time from the engine's clock. On success
    /// the screening index, if this engine has loaded one, is rebuilt and swapped (one that
    /// has not is built from the new version on first use).
    ///
    /// Subjects under watch are then re-screened against what changed (alerts raised or
    /// closed); see [`Engine::import_list_rescreening`] to skip that or to see its report.
    pub async fn import_list(
        &self,
        file: ListFile<'_>,
        options: ImportOptions,
    ) -> Result<ImportOutcome, EngineError> {
        Ok(self.import_list_rescreening(file, options, true).await?.0)
    }

    /// [`Engine::import_list`], re-screening the watched subjects only when `rescreen`, with
    /// the report of that re-screening (`None`: nothing to re-screen).
    pub async fn import_list_rescreening(
        &self,
        file: ListFile<'_>,
        options: ImportOptions,
        rescreen: bool,
    ) -> Result<(ImportOutcome, Option<crate::watch::ScreenReport>), EngineError> {
        let ListFile { name, sha256, list, published } = file;
        let header = list.header().clone();
        let previous = self.current_version_of(header.format.source()).await?;
        let meta = NewListVersion {
            source: header.format.source(),
            format: header.format.as_str().to_owned(),
            published: header.published.or(published),
            sha256,
            file_name: Some(name.clone()),
            imported_at: self.clock.now(),
        };
        let outcome = self.store().import_list_with(meta, list, options).await.map_err(
            |e: ImportError<ParseError>| match e {
                ImportError::Input { source, stored } => EngineError::invalid_field(
                    "file",
                    format!("{name}: {source} (after {stored} good designations; nothing was stored, the current version is unchanged)"),
                ),
                e @ ImportError::Shrink { .. } => EngineError::invalid_field(
                    "file",
                    format!("{name}: {e}; nothing was stored, the current version is unchanged"),
                ),
                ImportError::Empty => EngineError::invalid_field(
                    "file",
                    format!("{name}: the list holds no designation; nothing was stored"),
                ),
                ImportError::Store(e) => e.into(),
            },
        )?;
        if self.index_loaded() {
            self.reload_index().await?;
        }
        let report = if rescreen {
            self.after_import(previous, &outcome, LIST_IMPORT_ACTOR).await.map_err(|e| {
                EngineError::Internal(format!(
                    "{name}: imported, but re-screening the watched subjects failed: {e}; run `embargo watch screen`"
                ))
            })?
        } else {
            None
        };
        Ok((outcome, report))
    }

    /// Imports one list file given as bytes (any format `embargo lists import` sniffs that is a
    /// single file; an OFAC CSV set needs its companion files, so only its primary file with
    /// `without_companions`). See [`Engine::import_list`].
    pub async fn import_list_bytes(
        &self,
        name: &str,
        bytes: &[u8],
        options: ImportOptions,
        without_companions: bool,
    ) -> Result<ImportOutcome, EngineError> {
        self.import_list_bytes_rescreening(name, bytes, options, without_companions, true).await
    }

    /// [`Engine::import_list_bytes`], re-screening the watched subjects only when `rescreen`
    /// (otherwise the caller runs [`Engine::catch_up`], or the server's next index poll does).
    pub async fn import_list_bytes_rescreening(
        &self,
        name: &str,
        bytes: &[u8],
        options: ImportOptions,
        without_companions: bool,
        rescreen: bool,
    ) -> Result<ImportOutcome, EngineError> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let list = embargo_lists::parse(std::io::Cursor::new(bytes), None)
            .map_err(|e| EngineError::invalid_field("file", format!("{name}: {e}")))?;
        if list.header().format == embargo_lists::Format::OfacCsv && !without_companions {
            return Err(EngineError::invalid_field(
                "file",
                format!("{name}: an OFAC CSV file without its companion files (alt.csv, add.csv) loses aliases and addresses; import the set with `embargo lists import DIR`, or ask for it without companions"),
            ));
        }
        let file = ListFile { name: name.to_owned(), sha256, list, published: None };
        Ok(self.import_list_rescreening(file, options, rescreen).await?.0)
    }

    /// Every stored list version.
    pub async fn list_versions(&self) -> Result<Vec<ListVersion>, EngineError> {
        Ok(self.store().list_versions().await?)
    }

    /// The designations of one stored version.
    pub async fn version_designations(
        &self,
        id: i64,
    ) -> Result<Vec<embargo_lists::model::Designation>, EngineError> {
        Ok(self.store().version_designations(id).await?)
    }

    /// What changed from stored version `old` to stored version `new` of the same list.
    pub async fn diff_versions(&self, old: i64, new: i64) -> Result<VersionDiff, EngineError> {
        let old_v = self.store().list_version(old).await.map_err(|e| not_found("old", old, e))?;
        let new_v = self.store().list_version(new).await.map_err(|e| not_found("new", new, e))?;
        if old_v.source != new_v.source {
            return Err(EngineError::invalid_field(
                "new",
                format!(
                    "version {new} is of the {} list and version {old} of the {} list: only versions of one list can be compared",
                    new_v.source.as_str(),
                    old_v.source.as_str()
                ),
            ));
        }
        let a = self.store().version_designations(old).await?;
        let b = self.store().version_designations(new).await?;
        Ok(VersionDiff { old: old_v, new: new_v, diff: embargo_lists::diff::diff(&a, &b) })
    }
}

fn not_found(field: &str, id: i64, e: embargo_store::StoreError) -> EngineError {
    match e {
        embargo_store::StoreError::NotFound(_) => {
            EngineError::NotFound(format!("{field}: no stored list version {id}"))
        }
        e => e.into(),
    }
}
