//! The dispatcher's side of a job: publish its chunks to the work stream, then wait for each
//! chunk's result in the store, in order. A chunk's message id is `job:chunk:dispatch`: a
//! publication retried by one dispatcher is de-duplicated by JetStream, while a later
//! dispatch of the same job (the same command run again after a chunk was dead-lettered, the
//! next poll's catch-up) is stored and delivered again — were the id only `job:chunk`, JetStream
//! would drop it inside its de-duplication window and the dispatcher would wait for a result
//! that never comes. A chunk computed twice changes nothing: its result's key is the same. A chunk of the job that lands in the dead-letter
//! subject fails the wait with its reason instead of waiting for ever.

use std::collections::BTreeSet;
use std::time::Duration;

use async_nats::jetstream::{self, context::Publish};
use embargo_engine::jobs::{ChunkResult, RescreenChunk, ScreenChunk, RESCREEN, SCREEN};
use embargo_store::jobs::JobResult;
use embargo_store::Store;
use futures_util::FutureExt;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::queue::{self, Queue};
use crate::{nats, WorkerError};

/// Attempts to publish a chunk before giving up (250 ms apart).
const PUBLISH_ATTEMPTS: u32 = 40;

/// How often the store is asked for the awaited result.
const POLL: Duration = Duration::from_millis(20);

/// How long a wait may go without any worker pulling from the queue before it fails.
pub const NO_WORKER_GRACE: Duration = Duration::from_secs(60);

/// How often, while waiting without a result, the queue's consumer is asked whether a worker
/// is pulling.
const ATTACHED_CHECK: Duration = Duration::from_secs(2);

/// A job's deterministic id: SHA-256 over its parts (the input's content, the options, the
/// list versions, the chunk size), 32 hex digits.
pub fn job_id(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    hex::encode(&h.finalize()[..16])
}

/// Publishes chunks and gathers their results.
pub struct Dispatcher {
    js: jetstream::Context,
    queue: Queue,
    store: Store,
    dead: async_nats::Subscriber,
    no_worker_grace: Duration,
    /// This dispatch's part of the message ids.
    dispatch: String,
}

/// An id of this dispatch, unique enough across processes and time for message ids.
fn dispatch_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    job_id(&[&nanos.to_be_bytes(), &std::process::id().to_be_bytes(), &n.to_be_bytes()])[..12]
        .to_owned()
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher").field("queue", &self.queue).finish_non_exhaustive()
    }
}

impl Dispatcher {
    /// Opens the queue's streams on `client` and listens to its dead letters.
    pub async fn new(
        client: async_nats::Client,
        queue: Queue,
        store: Store,
    ) -> Result<Dispatcher, WorkerError> {
        let js = jetstream::new(client.clone());
        queue.streams(&js).await?;
        let dead = client
            .subscribe(queue.dead_subject())
            .await
            .map_err(nats("listening to the dead letters"))?;
        Ok(Dispatcher {
            js,
            queue,
            store,
            dead,
            no_worker_grace: NO_WORKER_GRACE,
            dispatch: dispatch_id(),
        })
    }

    /// How long a wait may go without any worker pulling before it fails (default
    /// [`NO_WORKER_GRACE`]).
    pub fn with_no_worker_grace(mut self, grace: Duration) -> Dispatcher {
        self.no_worker_grace = grace;
        self
    }

    /// Whether a worker is attached to the queue now: a pull request of one is waiting on the
    /// shared consumer, or a chunk is delivered and not yet acknowledged. (A worker between two
    /// pull requests is missed for an instant: callers look more than once.) A consumer that
    /// does not exist yet has no worker.
    pub async fn worker_attached(&self) -> Result<bool, WorkerError> {
        let stream = self
            .js
            .get_stream(self.queue.stream())
            .await
            .map_err(nats("opening the work stream"))?;
        match stream.consumer_info(self.queue.consumer()).await {
            Ok(info) => Ok(info.num_waiting > 0 || info.num_ack_pending > 0),
            Err(e) if e.to_string().contains("not found") => Ok(false),
            Err(e) => Err(nats("reading the workers' consumer")(e)),
        }
    }

    /// Whether a worker is attached, looking `tries` times 200 ms apart.
    pub async fn any_worker(&self, tries: u32) -> Result<bool, WorkerError> {
        for n in 0..tries.max(1) {
            if self.worker_attached().await? {
                return Ok(true);
            }
            if n + 1 < tries {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
        Ok(false)
    }

    /// Records the job (a job already recorded is resumed) and returns the chunks whose
    /// results are already committed.
    pub async fn start_job(
        &self,
        job: &str,
        kind: &str,
        versions: &[i64],
        params: &str,
    ) -> Result<BTreeSet<u64>, WorkerError> {
        let versions = serde_json::to_string(versions).unwrap_or_default();
        self.store.create_job(job, kind, &versions, params).await?;
        if let Some(stored) = self.store.job(job).await? {
            if stored.kind != kind {
                return Err(WorkerError::Invalid(format!(
                    "job {job} is stored as a {} job, not {kind}",
                    stored.kind
                )));
            }
        }
        Ok(self.store.job_results(job).await?.iter().map(|r| r.chunk as u64).collect())
    }

    /// Publishes one chunk of a bulk screening and waits until JetStream has stored it.
    pub async fn publish(&self, chunk: &ScreenChunk) -> Result<(), WorkerError> {
        let payload = serde_json::to_vec(chunk)
            .map_err(|e| WorkerError::Invalid(format!("serialising a chunk: {e}")))?;
        self.send(SCREEN, &chunk.job, chunk.chunk, payload).await
    }

    /// Publishes one chunk of a re-screening and waits until JetStream has stored it.
    pub async fn publish_rescreen(&self, chunk: &RescreenChunk) -> Result<(), WorkerError> {
        let payload = serde_json::to_vec(chunk)
            .map_err(|e| WorkerError::Invalid(format!("serialising a chunk: {e}")))?;
        self.send(RESCREEN, &chunk.job, chunk.chunk, payload).await
    }

    async fn send(
        &self,
        kind: &str,
        job: &str,
        chunk: u64,
        payload: Vec<u8>,
    ) -> Result<(), WorkerError> {
        let id = format!("{job}:{chunk}:{}", self.dispatch);
        // A stream just created on a cluster has no leader for a moment ("no stream found"):
        // publishing again is safe (the message id de-duplicates).
        let mut attempt = 0;
        loop {
            attempt += 1;
            let publish = Publish::build()
                .payload(payload.clone().into())
                .message_id(id.as_str())
                .header(queue::KIND, kind);
            let stored = match self.js.send_publish(self.queue.work_subject(), publish).await {
                Ok(ack) => ack.await.map(|_| ()).map_err(nats("storing a chunk")),
                Err(e) => Err(nats("publishing a chunk")(e)),
            };
            match stored {
                Ok(()) => return Ok(()),
                Err(e) if attempt < PUBLISH_ATTEMPTS => {
                    tracing::debug!(error = %e, attempt, "publishing a chunk again");
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Waits for the result of `chunk` of `job`; fails with the reason when a chunk of the job
    /// was dead-lettered.
    pub async fn wait_result(&mut self, job: &str, chunk: u64) -> Result<ChunkResult, WorkerError> {
        let r = self.wait_stored(job, chunk).await?;
        serde_json::from_str(&r.result).map_err(|e| {
            WorkerError::Failed(format!(
                "the stored result of job {job} chunk {chunk} is unreadable: {e}"
            ))
        })
    }

    /// Waits for the stored result of `chunk` of `job` (any kind); fails with the reason when
    /// a chunk of the job was dead-lettered, or when no worker has pulled from the queue for
    /// the grace period (the job is kept: the same command resumes it).
    pub async fn wait_stored(&mut self, job: &str, chunk: u64) -> Result<JobResult, WorkerError> {
        let mut last_seen = tokio::time::Instant::now();
        let mut last_check = tokio::time::Instant::now();
        loop {
            if let Some(r) = self.store.job_result(job, chunk as i64).await? {
                return Ok(r);
            }
            if last_check.elapsed() >= ATTACHED_CHECK {
                last_check = tokio::time::Instant::now();
                if self.worker_attached().await? {
                    last_seen = last_check;
                } else if last_seen.elapsed() >= self.no_worker_grace {
                    return Err(WorkerError::Failed(format!(
                        "no screening worker has pulled from queue {} (stream {}, consumer {}) for {} s: start `embargo worker --nats URL --queue {}` on this store; job {job} is kept, and the same command resumes it from chunk {chunk}",
                        self.queue.name(),
                        self.queue.stream(),
                        self.queue.consumer(),
                        self.no_worker_grace.as_secs(),
                        self.queue.name(),
                    )));
                }
            }
            while let Some(Some(dead)) = self.dead.next().now_or_never() {
                let header = |name: &str| {
                    dead.headers.as_ref().and_then(|h| h.get(name)).map(|v| v.as_str().to_owned())
                };
                if header(queue::JOB).as_deref() == Some(job) {
                    return Err(WorkerError::Failed(format!(
                        "chunk {} of job {job} went to the dead-letter subject {}: {}",
                        header(queue::CHUNK).unwrap_or_default(),
                        self.queue.dead_subject(),
                        header(queue::REASON).unwrap_or_default()
                    )));
                }
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_ids_are_deterministic_and_separate_their_parts() {
        assert_eq!(job_id(&[b"ab", b"c"]), job_id(&[b"ab", b"c"]));
        assert_ne!(job_id(&[b"ab", b"c"]), job_id(&[b"a", b"bc"]));
        assert_eq!(job_id(&[b"x"]).len(), 32);
    }
}
