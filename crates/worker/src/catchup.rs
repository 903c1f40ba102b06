//! The re-screen after a list update, on the workers: `embargo serve --nats` hands every
//! catch-up ([`embargo_engine::Engine::catch_up`]) to the screening workers, split in ranges of
//! subject ids, instead of screening a million subjects on the replica that imported.
//!
//! - The job's id is deterministic over the updates, the list versions and the actor, so a
//!   replica that dies mid-way and the next poll (on any replica) resume the same job: the
//!   chunks already committed are not published again, the others are (a redelivery changes
//!   nothing: results are keyed, alert changes idempotent).
//! - The ranges are fixed when the job is first stored (its parameters keep their bounds), so
//!   a resumed job's chunk `k` covers the same subjects whatever was registered since (a new
//!   subject is screened by the pending sweep anyway).
//! - Each worker computes what the updates put in scope from the stored versions (never from
//!   the message) and keeps it for the job's next chunks; the actor is the job's.
//! - With no worker pulling from the queue, the replica re-screens itself
//!   ([`Rescreener::rescreen`] answers `None`); a wait that finds no worker for the grace
//!   period fails, and the next poll catches up (here, if still no worker).

use std::collections::BTreeSet;
use std::time::Duration;

use embargo_engine::jobs::{version_ids, RescreenChunk, RESCREEN};
use embargo_engine::watch::{
    Dispatched, ListUpdate, RescreenFuture, Rescreener, ScreenReport, SubjectRange,
};
use embargo_engine::{Engine, EngineError};

use crate::dispatch::{job_id, Dispatcher};
use crate::queue::Queue;
use crate::WorkerError;

/// Hands catch-ups to the workers of one queue.
#[derive(Clone)]
pub struct WorkerRescreener {
    client: async_nats::Client,
    queue: Queue,
    chunk_subjects: usize,
    grace: Duration,
}

impl std::fmt::Debug for WorkerRescreener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerRescreener")
            .field("queue", &self.queue)
            .field("chunk_subjects", &self.chunk_subjects)
            .finish_non_exhaustive()
    }
}

impl WorkerRescreener {
    /// Catch-ups of `chunk_subjects` subjects per chunk on the workers of `queue`.
    pub fn new(
        client: async_nats::Client,
        queue: Queue,
        chunk_subjects: usize,
    ) -> Result<WorkerRescreener, WorkerError> {
        if chunk_subjects == 0 {
            return Err(WorkerError::Invalid("subjects per re-screen chunk: at least 1".into()));
        }
        Ok(WorkerRescreener {
            client,
            queue,
            chunk_subjects,
            grace: crate::dispatch::NO_WORKER_GRACE,
        })
    }

    /// How long a wait may go without any worker pulling before the catch-up fails.
    pub fn with_no_worker_grace(mut self, grace: Duration) -> WorkerRescreener {
        self.grace = grace;
        self
    }

    async fn run(
        &self,
        engine: &Engine,
        updates: &[ListUpdate],
        by: &str,
    ) -> Result<Option<ScreenReport>, WorkerError> {
        let store = engine.store().clone();
        let mut dispatcher = Dispatcher::new(self.client.clone(), self.queue.clone(), store)
            .await?
            .with_no_worker_grace(self.grace);
        if !dispatcher.any_worker(5).await? {
            tracing::info!(
                queue = self.queue.name(),
                "no screening worker is pulling: re-screening here"
            );
            return Ok(None);
        }
        let loaded = engine.index().await?;
        let versions = version_ids(&loaded.versions);
        let lists = loaded.versions.clone();
        drop(loaded);
        let updates_json = serde_json::to_value(updates)
            .map_err(|e| WorkerError::Invalid(format!("serialising the updates: {e}")))?;
        let versions_json = serde_json::to_string(&versions).unwrap_or_default();
        let job = job_id(&[
            b"catch-up",
            updates_json.to_string().as_bytes(),
            versions_json.as_bytes(),
            by.as_bytes(),
        ]);
        let bounds: Vec<String> = match engine.store().job(&job).await? {
            Some(stored) => {
                let params: serde_json::Value =
                    serde_json::from_str(&stored.params).map_err(|e| {
                        WorkerError::Failed(format!("job {job}: unreadable parameters: {e}"))
                    })?;
                serde_json::from_value(params["bounds"].clone()).map_err(|e| {
                    WorkerError::Failed(format!("job {job}: unreadable bounds: {e}"))
                })?
            }
            None => self.bounds(engine).await?,
        };
        let params = serde_json::json!({
            "by": by,
            "updates": updates_json,
            "bounds": bounds,
            "chunk_subjects": self.chunk_subjects,
        })
        .to_string();
        let done = dispatcher.start_job(&job, RESCREEN, &versions, &params).await?;
        let ranges = ranges(&bounds);
        for (n, range) in ranges.iter().enumerate() {
            if done.contains(&(n as u64)) {
                continue;
            }
            let chunk = RescreenChunk {
                job: job.clone(),
                chunk: n as u64,
                subjects: Vec::new(),
                range: Some(range.clone()),
            };
            dispatcher.publish_rescreen(&chunk).await?;
        }
        tracing::info!(%job, chunks = ranges.len(), "catch-up dispatched to the screening workers");
        let mut report = ScreenReport { mode: "incremental", lists, ..ScreenReport::default() };
        let mut workers = BTreeSet::new();
        for n in 0..ranges.len() {
            let stored = dispatcher.wait_stored(&job, n as u64).await?;
            let part: serde_json::Value = serde_json::from_str(&stored.result).map_err(|e| {
                WorkerError::Failed(format!(
                    "the stored result of job {job} chunk {n} is unreadable: {e}"
                ))
            })?;
            let count = |f: &str| part[f].as_u64().unwrap_or(0);
            report.add(&ScreenReport {
                subjects_screened: count("subjects_screened"),
                subjects_considered: count("subjects_considered"),
                hits: count("hits"),
                raised: count("raised"),
                closed: count("closed"),
                suppressed: count("suppressed"),
                kept: count("kept"),
                ..ScreenReport::default()
            });
            report.records_in_scope =
                report.records_in_scope.max(count("records_in_scope") as usize);
            workers.insert(stored.worker);
        }
        report.dispatched = Some(Dispatched {
            job,
            chunks: ranges.len() as u64,
            workers: workers.into_iter().collect(),
        });
        Ok(Some(report))
    }

    /// The last id of every full chunk of the active subjects, in id order (a last full
    /// chunk needs no open range after it).
    async fn bounds(&self, engine: &Engine) -> Result<Vec<String>, WorkerError> {
        let mut bounds = engine.subject_bounds(self.chunk_subjects).await?;
        let count = engine.store().subject_count().await?;
        if count > 0 && (count as usize) % self.chunk_subjects == 0 {
            bounds.pop();
        }
        Ok(bounds)
    }
}

/// The ranges cut by `bounds`: `(…, b0]`, `(b0, b1]`, …, `(b_last, …)`.
pub fn ranges(bounds: &[String]) -> Vec<SubjectRange> {
    let mut out = Vec::with_capacity(bounds.len() + 1);
    let mut after: Option<String> = None;
    for b in bounds {
        out.push(SubjectRange { after: after.clone(), upto: Some(b.clone()) });
        after = Some(b.clone());
    }
    out.push(SubjectRange { after, upto: None });
    out
}

impl Rescreener for WorkerRescreener {
    fn rescreen<'a>(
        &'a self,
        engine: &'a Engine,
        updates: &'a [ListUpdate],
        by: &'a str,
    ) -> RescreenFuture<'a> {
        Box::pin(async move {
            self.run(engine, updates, by).await.map_err(|e| match e {
                WorkerError::Engine(e) => e,
                WorkerError::Store(e) => e.into(),
                other => EngineError::Busy(other.to_string()),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_every_id_once() {
        let bounds: Vec<String> = ["b", "d"].iter().map(|s| s.to_string()).collect();
        let r = ranges(&bounds);
        assert_eq!(r.len(), 3);
        for id in ["a", "b", "c", "d", "e", "zz"] {
            assert_eq!(r.iter().filter(|x| x.contains(id)).count(), 1, "{id}");
        }
        assert!(r[0].contains("b") && !r[0].contains("c"));
        assert!(r[2].contains("e") && !r[2].contains("d"));
        assert_eq!(ranges(&[]), vec![SubjectRange::default()]);
    }
}
