//! Lists as a use case: import an uploaded file as a new version (then swap the screening
//! index), list the versions.

use embargo_lists::ParseError;
use embargo_store::lists::{
    ImportError, ImportOptions, ImportOutcome, ListVersion, NewListVersion,
};
use sha2::{Digest, Sha256};

use crate::{Engine, EngineError};

/// The actor of the re-screening that follows an import.
pub const LIST_IMPORT_ACTOR: &str = "system:list-import";

impl Engine {
    /// Imports one list file given as bytes (any format `embargo lists import` sniffs that is a
    /// single file; an OFAC CSV set needs its companion files, so only its primary file with
    /// `without_companions`). The import is atomic and refused if it would shrink the list by
    /// more than `options` allow; on success the screening index is rebuilt and swapped.
    pub async fn import_list_bytes(
        &self,
        name: &str,
        bytes: &[u8],
        options: ImportOptions,
        without_companions: bool,
    ) -> Result<ImportOutcome, EngineError> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let list = embargo_lists::parse(std::io::Cursor::new(bytes), None)
            .map_err(|e| EngineError::invalid_field("file", format!("{name}: {e}")))?;
        let header = list.header().clone();
        let format = header.format;
        if format == embargo_lists::Format::OfacCsv && !without_companions {
            return Err(EngineError::invalid_field(
                "file",
                format!("{name}: an OFAC CSV file without its companion files (alt.csv, add.csv) loses aliases and addresses; import the set with `embargo lists import DIR`, or ask for it without companions"),
            ));
        }
        let previous = self.current_version_of(format.source()).await?;
        let meta = NewListVersion {
            source: format.source(),
            format: format.as_str().to_owned(),
            published: header.published,
            sha256,
            file_name: Some(name.to_owned()),
            imported_at: self.clock.now(),
        };
        let outcome = self.store().import_list_with(meta, list, options).await.map_err(
            |e: ImportError<ParseError>| match e {
                ImportError::Input { source, stored } => EngineError::invalid_field(
                    "file",
                    format!("{name}: {source} (after {stored} good designations; nothing was stored, the current version is unchanged)"),
                ),
                e @ ImportError::Shrink { .. } => EngineError::Conflict(format!(
                    "{name}: {e}; nothing was stored, the current version is unchanged"
                )),
                ImportError::Empty => EngineError::invalid_field("file", format!("{name}: the list holds no designation")),
                ImportError::Store(e) => e.into(),
            },
        )?;
        self.reload_index().await?;
        // Subjects under watch are re-screened against what changed (alerts raised or closed).
        self.after_import(previous, &outcome, LIST_IMPORT_ACTOR).await.map_err(|e| {
            EngineError::Internal(format!(
                "{name}: imported, but re-screening the watched subjects failed: {e}; run `embargo watch screen`"
            ))
        })?;
        Ok(outcome)
    }

    /// Every stored list version.
    pub async fn list_versions(&self) -> Result<Vec<ListVersion>, EngineError> {
        Ok(self.store().list_versions().await?)
    }
}
