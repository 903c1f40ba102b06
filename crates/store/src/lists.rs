//! List versions and designations (issues 3 and 9).
//!
//! A list version is one imported file (or OFAC CSV set): source, format, publication date,
//! sha256, counts. Its designations are rows `(version_id, seq, reference, kind, primary_name,
//! body)` where `body` is the JSON of the full [`Designation`].
//!
//! Import is atomic for readers but never holds the write lock for long: the version row is
//! created incomplete (`complete = 0`, never current, never listed), its designations are written
//! in short transactions of [`TX_ROWS`] rows (SQLite's write lock is held for milliseconds, so
//! request commands wait at most that long), and one short final transaction completes it and
//! makes it current (unmarking the previous current version of that source). A parse error, an
//! empty list, a list that would drop more than [`ImportOptions::max_shrink`] of the current
//! designations, or a database error discards the incomplete version, so the current version
//! never changes to a failed or partial file. A killed import leaves an incomplete version that
//! no reader sees and that a later import removes once its heartbeat is older than
//! [`ABANDONED_AFTER`]. Importing a file whose sha256 is already stored for that source writes
//! nothing and says so.

use std::collections::BTreeMap;

use embargo_lists::model::{Designation, Kind, Source};
use sqlx::Row;

use crate::{Backend, Store, StoreError};

/// Rows per multi-row INSERT (6 parameters each; well under SQLite's and Postgres' limits).
const BATCH: usize = 250;

/// Designations per import transaction: each holds SQLite's write lock for milliseconds, so
/// other commands wait at most that long behind an import.
const TX_ROWS: usize = 1000;

/// An incomplete version whose heartbeat is older than this was left by a killed import.
pub const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// How an import treats a list much smaller than the current version.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImportOptions {
    /// Import even if the list drops more than `max_shrink` of the current designations.
    pub allow_shrink: bool,
    /// The largest share (0..1) of the current version's designations a new version may drop.
    pub max_shrink: f64,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { allow_shrink: false, max_shrink: DEFAULT_MAX_SHRINK }
    }
}

/// By default a new version may drop at most 10 % of the current version's designations.
pub const DEFAULT_MAX_SHRINK: f64 = 0.10;

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
    /// The list would drop more than the allowed share of the current version's designations
    /// (a truncated file, or the wrong file); nothing became current.
    #[error(
        "the new list has {new} designations, {} fewer than the {current} of current version {current_version} (more than {:.0} % fewer): refusing to replace it with a much shorter list (a truncated or wrong file?); use --allow-shrink if the list really shrank",
        current - new,
        max_shrink * 100.0
    )]
    Shrink {
        /// The current version.
        current_version: i64,
        /// Its designations.
        current: i64,
        /// Designations in the refused list.
        new: i64,
        /// The share that was allowed.
        max_shrink: f64,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<E: std::error::Error + 'static> From<sqlx::Error> for ImportError<E> {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Store(StoreError::from(e))
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
        let sql =
            format!("SELECT {VERSION_COLUMNS} FROM list_versions WHERE complete = 1 ORDER BY id");
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter().map(version_from_row).collect()
    }

    /// One version by id.
    pub async fn list_version(&self, id: i64) -> Result<ListVersion, StoreError> {
        let sql =
            format!("SELECT {VERSION_COLUMNS} FROM list_versions WHERE id = $1 AND complete = 1");
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
            "SELECT {VERSION_COLUMNS} FROM list_versions WHERE source = $1 AND sha256 = $2 AND complete = 1"
        );
        let row = sqlx::query(&sql)
            .bind(source.as_str())
            .bind(sha256)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(version_from_row).transpose()
    }

    /// Imports one list version with the default [`ImportOptions`] (see the module
    /// documentation).
    pub async fn import_list<I, E>(
        &self,
        meta: NewListVersion,
        designations: I,
    ) -> Result<ImportOutcome, ImportError<E>>
    where
        I: IntoIterator<Item = Result<Designation, E>>,
        E: std::error::Error + 'static,
    {
        self.import_list_with(meta, designations, ImportOptions::default()).await
    }

    /// Imports one list version (see the module documentation): designations are written in
    /// short transactions into a version that is not yet complete, then one short transaction
    /// completes it and makes it current, unless it would drop more than
    /// `options.max_shrink` of the current version's designations.
    ///
    /// `designations` is consumed lazily, so a streaming parser keeps memory bounded; the first
    /// `Err` aborts the import and discards what was written.
    pub async fn import_list_with<I, E>(
        &self,
        meta: NewListVersion,
        designations: I,
        options: ImportOptions,
    ) -> Result<ImportOutcome, ImportError<E>>
    where
        I: IntoIterator<Item = Result<Designation, E>>,
        E: std::error::Error + 'static,
    {
        if let Some(outcome) = self.reactivate_same(&meta).await? {
            return Ok(outcome);
        }
        self.discard_abandoned_imports(ABANDONED_AFTER).await?;

        let imported_at = meta.imported_at.to_string();
        let published = meta.published.map(|d| d.to_string());
        // Until complete, the sha256 column holds a unique placeholder, so an abandoned or
        // concurrent import of the same file never collides with this one.
        static IMPORTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let placeholder = format!(
            "partial:{}:{}:{}:{}",
            std::process::id(),
            IMPORTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            meta.imported_at.as_nanosecond(),
            meta.sha256
        );
        let sql = format!(
            "INSERT INTO list_versions (source, format, published, imported_at, sha256, file_name, records, aliases, kinds, is_current, complete, heartbeat) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, 0, '{{}}', 0, 0, {}) RETURNING id",
            self.db_now()
        );
        let row = sqlx::query(&sql)
            .bind(meta.source.as_str())
            .bind(&meta.format)
            .bind(published)
            .bind(&imported_at)
            .bind(&placeholder)
            .bind(meta.file_name.clone())
            .fetch_one(self.pool())
            .await?;
        let version_id: i64 = row.try_get("id")?;

        let written = self.write_designations(version_id, designations).await;
        let (records, aliases, kinds) = match written {
            Ok(counts) => counts,
            Err(e) => {
                // Best effort: a leftover is never current and is removed later anyway.
                let _ = self.discard_version(version_id).await;
                return Err(e);
            }
        };
        if records == 0 {
            self.discard_version(version_id).await?;
            return Err(ImportError::Empty);
        }
        let kinds_json =
            serde_json::to_string(&kinds).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let finished =
            self.complete_version(&meta, version_id, (records, aliases, kinds_json), options).await;
        match finished {
            Ok(outcome) => Ok(outcome),
            Err(e) => {
                let _ = self.discard_version(version_id).await;
                Err(e)
            }
        }
    }

    /// The same bytes already stored: nothing to import; made current again if it is not.
    async fn reactivate_same<E: std::error::Error + 'static>(
        &self,
        meta: &NewListVersion,
    ) -> Result<Option<ImportOutcome>, ImportError<E>> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM list_versions WHERE source = $1 AND sha256 = $2 AND complete = 1"
        );
        let existing = sqlx::query(&sql)
            .bind(meta.source.as_str())
            .bind(&meta.sha256)
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = existing else { return Ok(None) };
        let mut version = version_from_row(&row)?;
        let reactivated = !version.current;
        if reactivated {
            let mut tx = self.pool().begin().await?;
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
            let now = crate::audit::clock(&mut tx, self.backend()).await?;
            crate::webhooks::enqueue(
                &mut tx,
                "list.updated",
                now,
                serde_json::json!({ "version": version, "reactivated": true }),
            )
            .await?;
            tx.commit().await?;
        }
        Ok(Some(ImportOutcome::Unchanged { version, reactivated }))
    }

    /// Writes the designations in short transactions of [`TX_ROWS`] rows, refreshing the
    /// version's heartbeat with each. Parsing happens between transactions, never inside one.
    async fn write_designations<I, E>(
        &self,
        version_id: i64,
        designations: I,
    ) -> Result<(i64, i64, BTreeMap<String, i64>), ImportError<E>>
    where
        I: IntoIterator<Item = Result<Designation, E>>,
        E: std::error::Error + 'static,
    {
        let mut records: i64 = 0;
        let mut aliases: i64 = 0;
        let mut kinds: BTreeMap<String, i64> = BTreeMap::new();
        let mut pending: Vec<Pending> = Vec::with_capacity(TX_ROWS);
        for item in designations {
            let d = match item {
                Ok(d) => d,
                Err(source) => return Err(ImportError::Input { source, stored: records as u64 }),
            };
            let body = serde_json::to_string(&d)
                .map_err(|e| StoreError::Invalid(format!("designation {}: {e}", d.reference)))?;
            aliases += d.aliases.len() as i64;
            *kinds.entry(kind_name(d.kind).to_owned()).or_default() += 1;
            pending.push(Pending {
                reference: d.reference,
                kind: kind_name(d.kind),
                primary_name: d.primary_name,
                body,
            });
            records += 1;
            if pending.len() == TX_ROWS {
                self.write_chunk(version_id, records - pending.len() as i64, &pending).await?;
                pending.clear();
            }
        }
        if !pending.is_empty() {
            self.write_chunk(version_id, records - pending.len() as i64, &pending).await?;
        }
        Ok((records, aliases, kinds))
    }

    /// One short transaction: a chunk of designations and the heartbeat.
    async fn write_chunk(
        &self,
        version_id: i64,
        first_seq: i64,
        rows: &[Pending],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        // Write first, so SQLite takes the write lock at once (waiting for it if needed).
        let sql = format!(
            "UPDATE list_versions SET heartbeat = {} WHERE id = $1 AND complete = 0",
            self.db_now()
        );
        let alive = sqlx::query(&sql).bind(version_id).execute(&mut *tx).await?;
        if alive.rows_affected() != 1 {
            return Err(abandoned());
        }
        for (i, chunk) in rows.chunks(BATCH).enumerate() {
            insert_batch(&mut tx, version_id, first_seq + (i * BATCH) as i64, chunk).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The last, short transaction: checks the shrink limit against the version current now,
    /// completes the new version and makes it current.
    async fn complete_version<E: std::error::Error + 'static>(
        &self,
        meta: &NewListVersion,
        version_id: i64,
        (records, aliases, kinds_json): (i64, i64, String),
        options: ImportOptions,
    ) -> Result<ImportOutcome, ImportError<E>> {
        let mut tx = self.pool().begin().await?;
        // Completions queue behind the store's writer lock, so the look for the same file
        // below sees a concurrent import of it that completed first (on PostgreSQL nothing
        // else orders them, and the second would break the unique (source, sha256)).
        crate::audit::lock_head(&mut tx).await?;
        let alive = sqlx::query(
            "UPDATE list_versions SET records = $1, aliases = $2, kinds = $3 WHERE id = $4 AND complete = 0",
        )
        .bind(records)
        .bind(aliases)
        .bind(kinds_json)
        .bind(version_id)
        .execute(&mut *tx)
        .await?;
        if alive.rows_affected() != 1 {
            return Err(abandoned().into());
        }
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM list_versions WHERE source = $1 AND sha256 = $2 AND complete = 1"
        );
        let same = sqlx::query(&sql)
            .bind(meta.source.as_str())
            .bind(&meta.sha256)
            .fetch_optional(&mut *tx)
            .await?;
        if same.is_some() {
            // Another process imported the same file meanwhile: keep its version.
            tx.rollback().await?;
            self.discard_version(version_id).await?;
            return self.reactivate_same(meta).await?.ok_or_else(|| {
                StoreError::Corrupt("a list version vanished during the import".into()).into()
            });
        }
        let current = sqlx::query(
            "SELECT id, records FROM list_versions WHERE source = $1 AND is_current = 1",
        )
        .bind(meta.source.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let current_id: Option<i64> = match &current {
            Some(c) => Some(c.try_get("id")?),
            None => None,
        };
        if let Some(current) = current {
            let current_records: i64 = current.try_get("records")?;
            let floor = current_records as f64 * (1.0 - options.max_shrink);
            if !options.allow_shrink && (records as f64) < floor {
                tx.rollback().await?;
                return Err(ImportError::Shrink {
                    current_version: current.try_get("id")?,
                    current: current_records,
                    new: records,
                    max_shrink: options.max_shrink,
                });
            }
        }
        sqlx::query("UPDATE list_versions SET is_current = 0 WHERE source = $1 AND is_current = 1")
            .bind(meta.source.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE list_versions SET is_current = 1, complete = 1, sha256 = $1 WHERE id = $2",
        )
        .bind(&meta.sha256)
        .bind(version_id)
        .execute(&mut *tx)
        .await?;
        let sql = format!("SELECT {VERSION_COLUMNS} FROM list_versions WHERE id = $1");
        let row = sqlx::query(&sql).bind(version_id).fetch_one(&mut *tx).await?;
        let version = version_from_row(&row)?;
        let now = crate::audit::clock(&mut tx, self.backend()).await?;
        crate::webhooks::enqueue(
            &mut tx,
            "list.updated",
            now,
            serde_json::json!({ "version": version, "previous": current_id }),
        )
        .await?;
        tx.commit().await?;
        Ok(ImportOutcome::Imported(version))
    }

    /// Removes incomplete versions whose import stopped refreshing its heartbeat more than
    /// `older_than` ago (a killed process); every import does this with [`ABANDONED_AFTER`].
    /// A live import refreshes its heartbeat with every chunk. Returns how many were removed.
    pub async fn discard_abandoned_imports(
        &self,
        older_than: std::time::Duration,
    ) -> Result<usize, StoreError> {
        let sql = format!(
            "SELECT id FROM list_versions WHERE complete = 0 AND (heartbeat IS NULL OR heartbeat <= {} - $1)",
            self.db_now()
        );
        let rows =
            sqlx::query(&sql).bind(older_than.as_secs() as i64).fetch_all(self.pool()).await?;
        for row in &rows {
            self.discard_version(row.try_get("id")?).await?;
        }
        Ok(rows.len())
    }

    /// Deletes an incomplete version, its designations in short transactions first.
    async fn discard_version(&self, version_id: i64) -> Result<(), StoreError> {
        loop {
            let deleted = sqlx::query(
                "DELETE FROM list_designations WHERE version_id = $1 AND seq IN \
                 (SELECT seq FROM list_designations WHERE version_id = $1 ORDER BY seq LIMIT 2000)",
            )
            .bind(version_id)
            .execute(self.pool())
            .await?;
            if deleted.rows_affected() == 0 {
                break;
            }
        }
        sqlx::query("DELETE FROM list_versions WHERE id = $1 AND complete = 0")
            .bind(version_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Incomplete versions left behind (by killed imports, or under way now): `(id, records
    /// written so far)`. For tests and diagnostics; they are never current nor listed.
    pub async fn incomplete_list_versions(&self) -> Result<Vec<(i64, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT v.id AS id, (SELECT COUNT(*) FROM list_designations d WHERE d.version_id = v.id) AS n \
             FROM list_versions v WHERE v.complete = 0 ORDER BY v.id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("n")?))).collect()
    }
}

impl Store {
    /// The database's clock in Unix seconds, as SQL (the store itself reads no clock).
    fn db_now(&self) -> &'static str {
        match self.backend() {
            Backend::Sqlite => "CAST(strftime('%s', 'now') AS INTEGER)",
            Backend::Postgres => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS BIGINT)",
        }
    }
}

fn abandoned() -> StoreError {
    StoreError::Conflict(
        "this import's unfinished version was removed as abandoned by another process (no progress for a long time); nothing is current from it, run the import again".into(),
    )
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
