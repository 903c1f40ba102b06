//! Jobs dispatched to workers (through NATS JetStream, see `embargo-worker`) and their results.
//!
//! JetStream delivers at least once, so the effect is made exactly once here: a job has a
//! deterministic id (derived by the dispatcher from its input, its options and the list
//! versions it is screened against), a result is keyed by `(job, chunk)` and written with
//! `ON CONFLICT DO NOTHING`, so a redelivered chunk changes nothing and [`Store::put_job_result`]
//! says whether this write was the first. Workers record a heartbeat naming the list versions
//! of their snapshot. [`Store::refresh_lock`] runs a list refresh once across replicas.
//!
//! Bulk screening results are not audited (the local bulk mode is not either): they change no
//! decision, and they are reproducible from the input and the list versions the job names.

use sqlx::{Any, Row, Transaction};

use crate::{Backend, Store, StoreError};

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Deterministic id.
    pub id: String,
    /// What it does (`screen`).
    pub kind: String,
    /// The list versions it is screened against (JSON array of version ids).
    pub versions: String,
    /// Its parameters (JSON).
    pub params: String,
    /// When it was first dispatched (ms).
    pub created_ms: i64,
}

/// The result of one chunk of a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobResult {
    /// The job.
    pub job_id: String,
    /// The chunk, from 0.
    pub chunk: i64,
    /// The list versions it was screened against (JSON array of version ids).
    pub versions: String,
    /// The worker that committed it.
    pub worker: String,
    /// Rows screened.
    pub rows: i64,
    /// Hits found.
    pub hits: i64,
    /// The result (JSON, as the worker wrote it).
    pub result: String,
    /// When it was committed (ms).
    pub created_ms: i64,
}

/// A worker's last heartbeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerBeat {
    /// The worker's name.
    pub name: String,
    /// The list versions of its snapshot (JSON array of version ids).
    pub versions: String,
    /// When it was last seen (ms).
    pub seen_ms: i64,
}

/// Held while a list refresh runs: no other replica gets the same lock until it is released
/// (or its connection dies). On PostgreSQL a transaction-level advisory lock, released when the
/// transaction ends; on SQLite (one machine) nothing to hold.
pub struct RefreshLock {
    tx: Option<Transaction<'static, Any>>,
}

impl std::fmt::Debug for RefreshLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshLock").field("held", &self.tx.is_some()).finish()
    }
}

impl RefreshLock {
    /// Releases the lock.
    pub async fn release(mut self) -> Result<(), StoreError> {
        if let Some(tx) = self.tx.take() {
            tx.rollback().await?;
        }
        Ok(())
    }
}

fn result_row(r: &sqlx::any::AnyRow) -> Result<JobResult, StoreError> {
    Ok(JobResult {
        job_id: r.try_get("job_id")?,
        chunk: r.try_get("chunk")?,
        versions: r.try_get("versions")?,
        worker: r.try_get("worker")?,
        rows: r.try_get("rows")?,
        hits: r.try_get("hits")?,
        result: r.try_get("result")?,
        created_ms: r.try_get("created_ms")?,
    })
}

const RESULT_COLUMNS: &str = "job_id, chunk, versions, worker, rows, hits, result, created_ms";

impl Store {
    /// Records a job (nothing if a job with this id exists: a dispatcher run again on the same
    /// input resumes it). Returns whether it was new.
    pub async fn create_job(
        &self,
        id: &str,
        kind: &str,
        versions: &str,
        params: &str,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms().await?;
        let done = sqlx::query(
            "INSERT INTO jobs (id, kind, versions, params, created_ms) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(kind)
        .bind(versions)
        .bind(params)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The job `id`.
    pub async fn job(&self, id: &str) -> Result<Option<Job>, StoreError> {
        let row =
            sqlx::query("SELECT id, kind, versions, params, created_ms FROM jobs WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        row.map(|r| {
            Ok(Job {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                versions: r.try_get("versions")?,
                params: r.try_get("params")?,
                created_ms: r.try_get("created_ms")?,
            })
        })
        .transpose()
    }

    /// Writes the result of one chunk, keyed by `(job, chunk)`: a second write of the same key
    /// (a redelivery) changes nothing. Returns whether this write was the first. The job must
    /// exist.
    #[allow(clippy::too_many_arguments)]
    pub async fn put_job_result(
        &self,
        job_id: &str,
        chunk: i64,
        versions: &str,
        worker: &str,
        rows: i64,
        hits: i64,
        result: &str,
    ) -> Result<bool, StoreError> {
        let now = self.now_ms().await?;
        let done = sqlx::query(
            "INSERT INTO job_results (job_id, chunk, versions, worker, rows, hits, result, created_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (job_id, chunk) DO NOTHING",
        )
        .bind(job_id)
        .bind(chunk)
        .bind(versions)
        .bind(worker)
        .bind(rows)
        .bind(hits)
        .bind(result)
        .bind(now)
        .execute(self.pool())
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.message().contains("foreign key") => {
                StoreError::NotFound(format!("job {job_id}"))
            }
            _ => StoreError::from(e),
        })?;
        Ok(done.rows_affected() == 1)
    }

    /// The result of chunk `chunk` of `job_id`, once committed.
    pub async fn job_result(
        &self,
        job_id: &str,
        chunk: i64,
    ) -> Result<Option<JobResult>, StoreError> {
        let sql =
            format!("SELECT {RESULT_COLUMNS} FROM job_results WHERE job_id = $1 AND chunk = $2");
        let row = sqlx::query(&sql).bind(job_id).bind(chunk).fetch_optional(self.pool()).await?;
        row.as_ref().map(result_row).transpose()
    }

    /// Every committed result of `job_id` without its payload (`result` empty), by chunk.
    pub async fn job_results(&self, job_id: &str) -> Result<Vec<JobResult>, StoreError> {
        let rows = sqlx::query(
            "SELECT job_id, chunk, versions, worker, rows, hits, '' AS result, created_ms \
             FROM job_results WHERE job_id = $1 ORDER BY chunk",
        )
        .bind(job_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(result_row).collect()
    }

    /// Records that worker `name` is alive and screens with the list versions `versions`.
    pub async fn worker_heartbeat(&self, name: &str, versions: &str) -> Result<(), StoreError> {
        let now = self.now_ms().await?;
        sqlx::query(
            "INSERT INTO job_workers (name, versions, seen_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET versions = excluded.versions, seen_ms = excluded.seen_ms",
        )
        .bind(name)
        .bind(versions)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Every worker's last heartbeat, by name.
    pub async fn workers(&self) -> Result<Vec<WorkerBeat>, StoreError> {
        let rows = sqlx::query("SELECT name, versions, seen_ms FROM job_workers ORDER BY name")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(WorkerBeat {
                    name: r.try_get("name")?,
                    versions: r.try_get("versions")?,
                    seen_ms: r.try_get("seen_ms")?,
                })
            })
            .collect()
    }

    /// Takes the lock named `name` for a list refresh if no other process holds it; `None`
    /// when another holds it. PostgreSQL: `pg_try_advisory_xact_lock` in a transaction kept
    /// open until [`RefreshLock::release`] (or drop, or the connection's death). SQLite: always
    /// granted (one machine; imports are serialised by its writer lock).
    pub async fn refresh_lock(&self, name: &str) -> Result<Option<RefreshLock>, StoreError> {
        match self.backend() {
            Backend::Sqlite => Ok(Some(RefreshLock { tx: None })),
            Backend::Postgres => {
                let mut tx = self.pool().begin().await?;
                let row =
                    sqlx::query("SELECT pg_try_advisory_xact_lock(hashtext($1)::bigint) AS locked")
                        .bind(format!("embargo.refresh.{name}"))
                        .fetch_one(&mut *tx)
                        .await?;
                let locked: bool = row.try_get("locked")?;
                if locked {
                    Ok(Some(RefreshLock { tx: Some(tx) }))
                } else {
                    tx.rollback().await?;
                    Ok(None)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_result_is_written_once_per_key() {
        let store = Store::connect("sqlite::memory:").await.unwrap();
        assert!(store.create_job("j1", "screen", "[1]", "{}").await.unwrap());
        assert!(!store.create_job("j1", "screen", "[1]", "{}").await.unwrap());
        assert!(store.put_job_result("j1", 0, "[1]", "w1", 10, 2, "first").await.unwrap());
        // A redelivery, by another worker with another payload, changes nothing.
        assert!(!store.put_job_result("j1", 0, "[1]", "w2", 10, 3, "second").await.unwrap());
        let r = store.job_result("j1", 0).await.unwrap().unwrap();
        assert_eq!((r.worker.as_str(), r.hits, r.result.as_str()), ("w1", 2, "first"));
        assert!(store.job_result("j1", 1).await.unwrap().is_none());
        assert_eq!(store.job_results("j1").await.unwrap().len(), 1);
        assert!(store.put_job_result("nope", 0, "[1]", "w1", 1, 0, "x").await.is_err());
    }

    #[tokio::test]
    async fn heartbeats_keep_the_last_versions() {
        let store = Store::connect("sqlite::memory:").await.unwrap();
        store.worker_heartbeat("w1", "[1]").await.unwrap();
        store.worker_heartbeat("w1", "[2]").await.unwrap();
        let w = store.workers().await.unwrap();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].versions, "[2]");
    }
}
