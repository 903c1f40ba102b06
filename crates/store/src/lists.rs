//! List versions and designations (issue 3).
//!
//! A list version is one imported file (or OFAC CSV set): source, format, publication date,
//! sha256, counts. Its designations are rows `(version_id, seq, reference, kind, primary_name,
//! body)` where `body` is the JSON of the full [`Designation`].
//!
//! Import is atomic: the version row and every designation are written in one transaction, and
//! only then is the version marked current (and the previous current version of that source
//! unmarked). A parse error, an empty list or a database error rolls everything back, so the
//! current version never changes to a failed or partial file. Importing a file whose sha256 is
//! already stored for that source writes nothing and says so.

use std::collections::BTreeMap;

use embargo_lists::model::{Designation, Kind, Source};
use sqlx::Row;

use crate::{Store, StoreError};

/// Rows per multi-row INSERT (6 parameters each; well under SQLite's and Postgres' limits).
const BATCH: usize = 250;

/// One stored list version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ListVersion {
    /// Store id (what `embargo lists diff` accepts).
    pub id: i64,
    /// The list.
    pub source: Source,
    /// The file format (`un-xml`, `ofac-csv`, …).
    pub format: String,
    /// Publication date stated by the file or given by the user; `None` when unknown.
    pub published: Option<jiff::civil::Date>,
    /// When it was imported (RFC 3339).
    pub imported_at: String,
    /// sha256 of the imported bytes (hex).
    pub sha256: String,
    /// The file name it was imported from, when known.
    pub file_name: Option<String>,
    /// Number of designations.
    pub records: i64,
    /// Number of aliases over all designations.
    pub aliases: i64,
    /// Designations per kind (`person`, `entity`, `vessel`, `aircraft`).
    pub kinds: BTreeMap<String, i64>,
    /// Whether this is the current version of its source.
    pub current: bool,
}

/// What the caller knows about a version before importing it.
#[derive(Debug, Clone)]
pub struct NewListVersion {
    /// The list.
    pub source: Source,
    /// The format short name.
    pub format: String,
    /// Publication date, when known.
    pub published: Option<jiff::civil::Date>,
    /// sha256 of the bytes (hex, lower case).
    pub sha256: String,
    /// File name, for display.
    pub file_name: Option<String>,
    /// Import time.
    pub imported_at: jiff::Timestamp,
}

/// The result of [`Store::import_list`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// A new version was stored and is now current.
    Imported(ListVersion),
    /// The same bytes were already stored: nothing was written, except that the version was
    /// made current again if it was not (`reactivated`).
    Unchanged {
        /// The version already stored.
        version: ListVersion,
        /// True when the stored version was not current and has been made current again.
        reactivated: bool,
    },
}

/// Why an import failed. Nothing was stored in any case.
#[derive(Debug, thiserror::Error)]
pub enum ImportError<E: std::error::Error + 'static> {
    /// The input could not be parsed (after `stored` designations had been read).
    #[error("{source} (after {stored} designations; nothing stored)")]
    Input {
        /// The parse error.
        #[source]
        source: E,
        /// Designations read successfully before the error.
        stored: u64,
    },
    /// The input held no designation at all.
    #[error(
        "the list holds no designation; refusing to replace the current version with an empty one"
    )]
    Empty,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<E: std::error::Error + 'static> From<sqlx::Error> for ImportError<E> {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Store(StoreError::Db(e))
    }
}

const VERSION_COLUMNS: &str =
    "id, source, format, published, imported_at, sha256, file_name, records, aliases, kinds, is_current";

fn version_from_row(row: &sqlx::any::AnyRow) -> Result<ListVersion, StoreError> {
    let source: String = row.try_get("source")?;
    let source = Source::parse(&source).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let published: Option<String> = row.try_get("published")?;
    let published = match published {
        Some(p) => Some(
            p.parse::<jiff::civil::Date>()
                .map_err(|e| StoreError::Corrupt(format!("published date `{p}`: {e}")))?,
        ),
        None => None,
    };
    let kinds: String = row.try_get("kinds")?;
    let kinds = serde_json::from_str(&kinds)
        .map_err(|e| StoreError::Corrupt(format!("kinds `{kinds}`: {e}")))?;
    let current: i64 = row.try_get("is_current")?;
    Ok(ListVersion {
        id: row.try_get("id")?,
        source,
        format: row.try_get("format")?,
        published,
        imported_at: row.try_get("imported_at")?,
        sha256: row.try_get("sha256")?,
        file_name: row.try_get("file_name")?,
        records: row.try_get("records")?,
        aliases: row.try_get("aliases")?,
        kinds,
        current: current != 0,
    })
}

fn designation_from_body(body: &str) -> Result<Designation, StoreError> {
    serde_json::from_str(body).map_err(|e| StoreError::Corrupt(format!("stored designation: {e}")))
}

struct Pending {
    reference: String,
    kind: &'static str,
    primary_name: String,
    body: String,
}

impl Store {
    /// Every stored list version, oldest first.
    pub async fn list_versions(&self) -> Result<Vec<ListVersion>, StoreError> {
        let sql = format!("SELECT {VERSION_COLUMNS} FROM list_versions ORDER BY id");
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter().map(version_from_row).collect()
    }

    /// One version by id.
    pub async fn list_version(&self, id: i64) -> Result<ListVersion, StoreError> {
        let sql = format!("SELECT {VERSION_COLUMNS} FROM list_versions WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("list version {id}")))?;
        version_from_row(&row)
    }

    /// The current version of each source that has one.
    pub async fn current_list_versions(&self) -> Result<Vec<ListVersion>, StoreError> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM list_versions WHERE is_current = 1 ORDER BY source"
        );
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter().map(version_from_row).collect()
    }

    /// The designations of the current version of each of `sources` (all sources when empty),
    /// in source order then file order.
    pub async fn current_designations(
        &self,
        sources: &[Source],
    ) -> Result<Vec<Designation>, StoreError> {
        let mut sql = String::from(
            "SELECT d.body FROM list_designations d JOIN list_versions v ON v.id = d.version_id WHERE v.is_current = 1",
        );
        if !sources.is_empty() {
            let marks: Vec<String> = (1..=sources.len()).map(|i| format!("${i}")).collect();
            sql.push_str(&format!(" AND v.source IN ({})", marks.join(", ")));
        }
        sql.push_str(" ORDER BY v.source, d.seq");
        let mut query = sqlx::query(&sql);
        for s in sources {
            query = query.bind(s.as_str());
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter().map(|r| designation_from_body(&r.try_get::<String, _>("body")?)).collect()
    }

    /// The designations of one stored version, in file order.
    pub async fn version_designations(
        &self,
        version_id: i64,
    ) -> Result<Vec<Designation>, StoreError> {
        self.list_version(version_id).await?;
        let rows =
            sqlx::query("SELECT body FROM list_designations WHERE version_id = $1 ORDER BY seq")
                .bind(version_id)
                .fetch_all(self.pool())
                .await?;
        rows.iter().map(|r| designation_from_body(&r.try_get::<String, _>("body")?)).collect()
    }

    /// The stored version of `source` with this sha256, if any.
    pub async fn find_list_version(
        &self,
        source: Source,
        sha256: &str,
    ) -> Result<Option<ListVersion>, StoreError> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM list_versions WHERE source = $1 AND sha256 = $2"
        );
        let row = sqlx::query(&sql)
            .bind(source.as_str())
            .bind(sha256)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(version_from_row).transpose()
    }

    /// Imports one list version atomically (see the module documentation).
    ///
    /// `designations` is consumed lazily, so a streaming parser keeps memory bounded; the first
    /// `Err` aborts and rolls back the whole import.
    pub async fn import_list<I, E>(
        &self,
        meta: NewListVersion,
        designations: I,
    ) -> Result<ImportOutcome, ImportError<E>>
    where
        I: IntoIterator<Item = Result<Designation, E>>,
        E: std::error::Error + 'static,
    {
        let mut tx = self.pool().begin().await?;
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM list_versions WHERE source = $1 AND sha256 = $2"
        );
        let existing = sqlx::query(&sql)
            .bind(meta.source.as_str())
            .bind(&meta.sha256)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = existing {
            let mut version = version_from_row(&row)?;
            let reactivated = !version.current;
            if reactivated {
                sqlx::query(
                    "UPDATE list_versions SET is_current = 0 WHERE source = $1 AND is_current = 1",
                )
                .bind(meta.source.as_str())
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE list_versions SET is_current = 1 WHERE id = $1")
                    .bind(version.id)
                    .execute(&mut *tx)
                    .await?;
                version.current = true;
            }
            tx.commit().await?;
            return Ok(ImportOutcome::Unchanged { version, reactivated });
        }

        let imported_at = meta.imported_at.to_string();
        let published = meta.published.map(|d| d.to_string());
        let row = sqlx::query(
            "INSERT INTO list_versions (source, format, published, imported_at, sha256, file_name, records, aliases, kinds, is_current) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, 0, '{}', 0) RETURNING id",
        )
        .bind(meta.source.as_str())
        .bind(&meta.format)
        .bind(published)
        .bind(&imported_at)
        .bind(&meta.sha256)
        .bind(meta.file_name.clone())
        .fetch_one(&mut *tx)
        .await?;
        let version_id: i64 = row.try_get("id")?;

        let mut records: i64 = 0;
        let mut aliases: i64 = 0;
        let mut kinds: BTreeMap<String, i64> = BTreeMap::new();
        let mut batch: Vec<Pending> = Vec::with_capacity(BATCH);
        for item in designations {
            let d = match item {
                Ok(d) => d,
                Err(source) => {
                    tx.rollback().await?;
                    return Err(ImportError::Input { source, stored: records as u64 });
                }
            };
            let body = serde_json::to_string(&d)
                .map_err(|e| StoreError::Invalid(format!("designation {}: {e}", d.reference)))?;
            aliases += d.aliases.len() as i64;
            *kinds.entry(kind_name(d.kind).to_owned()).or_default() += 1;
            batch.push(Pending {
                reference: d.reference,
                kind: kind_name(d.kind),
                primary_name: d.primary_name,
                body,
            });
            records += 1;
            if batch.len() == BATCH {
                insert_batch(&mut tx, version_id, records - batch.len() as i64, &batch).await?;
                batch.clear();
            }
        }
        if !batch.is_empty() {
            insert_batch(&mut tx, version_id, records - batch.len() as i64, &batch).await?;
        }
        if records == 0 {
            tx.rollback().await?;
            return Err(ImportError::Empty);
        }
        let kinds_json =
            serde_json::to_string(&kinds).map_err(|e| StoreError::Invalid(e.to_string()))?;
        sqlx::query(
            "UPDATE list_versions SET records = $1, aliases = $2, kinds = $3 WHERE id = $4",
        )
        .bind(records)
        .bind(aliases)
        .bind(kinds_json)
        .bind(version_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE list_versions SET is_current = 0 WHERE source = $1 AND is_current = 1")
            .bind(meta.source.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE list_versions SET is_current = 1 WHERE id = $1")
            .bind(version_id)
            .execute(&mut *tx)
            .await?;
        let sql = format!("SELECT {VERSION_COLUMNS} FROM list_versions WHERE id = $1");
        let row = sqlx::query(&sql).bind(version_id).fetch_one(&mut *tx).await?;
        let version = version_from_row(&row)?;
        tx.commit().await?;
        Ok(ImportOutcome::Imported(version))
    }
}

fn kind_name(kind: Kind) -> &'static str {
    kind.as_str()
}

async fn insert_batch(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    version_id: i64,
    first_seq: i64,
    rows: &[Pending],
) -> Result<(), StoreError> {
    let mut sql = String::from("INSERT INTO list_designations (version_id, seq, reference, kind, primary_name, body) VALUES ");
    for i in 0..rows.len() {
        let b = i * 6;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!(
            "(${}, ${}, ${}, ${}, ${}, ${})",
            b + 1,
            b + 2,
            b + 3,
            b + 4,
            b + 5,
            b + 6
        ));
    }
    let mut query = sqlx::query(&sql);
    for (i, row) in rows.iter().enumerate() {
        query = query
            .bind(version_id)
            .bind(first_seq + i as i64)
            .bind(row.reference.as_str())
            .bind(row.kind)
            .bind(row.primary_name.as_str())
            .bind(row.body.as_str());
    }
    query.execute(&mut **tx).await?;
    Ok(())
}
