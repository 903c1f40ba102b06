//! `embargo worker`: pulls chunks from the shared durable consumer, screens each with the
//! engine's snapshot, commits its result in the store under the chunk's deterministic key
//! (`ON CONFLICT DO NOTHING`) and only then acknowledges (a double ack: the server confirms).
//!
//! - While a chunk is screened, an in-progress signal is sent every third of the ack wait, so
//!   a long chunk is not redelivered to another worker; a worker that dies stops sending them
//!   and its chunk is redelivered once the ack wait has passed.
//! - A chunk is a bulk-screening chunk, or (header `Embargo-Kind: rescreen`) a chunk of
//!   watched subjects to re-screen after a list update, whose alert changes the engine writes.
//! - A payload that is not a job, or a job whose result cannot be stored (no such job), is a
//!   poison job: it goes at once to the dead-letter subject with the reason, and is acked.
//! - A job that cannot be done now (the lists changed since its dispatch, the store is down)
//!   is nak'ed with a delay; at its last delivery it goes to the dead-letter subject instead.
//! - A job that was delivered the maximum number of times without any answer (the workers that
//!   took it died on it) is announced by JetStream's advisory: one worker (a queue group) moves
//!   it to the dead-letter subject and deletes it from the work stream, so it never blocks it.
//! - A heartbeat in the store names the worker and the list versions of its snapshot.

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{self, AckKind};
use embargo_engine::jobs::{
    version_ids, ChunkOutcome, RescreenChunk, ScreenChunk, RESCREEN, SCREEN,
};
use embargo_engine::{Engine, EngineError};
use embargo_store::StoreError;
use futures_util::StreamExt;

use crate::queue::{self, Queue};
use crate::{nats, WorkerError};

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Its name (in results and heartbeats).
    pub name: String,
    /// The queue.
    pub queue: Queue,
    /// How long a delivered chunk may go unacknowledged before it is redelivered (used when
    /// this worker creates the consumer).
    pub ack_wait: Duration,
    /// Deliveries of a chunk before it goes to the dead-letter subject (idem).
    pub max_deliver: i64,
    /// The wait before a nak'ed chunk is delivered again.
    pub retry_delay: Duration,
    /// How often the heartbeat is written.
    pub heartbeat: Duration,
    /// How often the store's list versions are checked without a notification.
    pub index_poll: Duration,
}

/// How long one pull request waits for a job.
const PULL_EXPIRES: Duration = Duration::from_secs(5);

/// What the worker did with one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    /// Result committed (`true`) or already there from an earlier delivery (`false`), then acked.
    Done { first: bool },
    /// Nak'ed, to be delivered again later.
    Retry(String),
    /// Moved to the dead-letter subject.
    Dead(String),
}

/// Runs a worker until `stop` resolves; returns how many chunks it committed.
pub async fn run(
    engine: Engine,
    client: async_nats::Client,
    settings: Settings,
    stop: impl std::future::Future<Output = ()>,
) -> Result<u64, WorkerError> {
    let js = jetstream::new(client.clone());
    let (work, _dead) = settings.queue.streams(&js).await?;
    let consumer =
        settings.queue.consumer_on(&work, settings.ack_wait, settings.max_deliver).await?;
    let loaded = engine.index().await?;
    tracing::info!(worker = %settings.name, versions = ?version_ids(&loaded.versions), "worker ready");
    drop(loaded);

    let followers = vec![
        tokio::spawn(crate::versions::follow(
            engine.clone(),
            client.clone(),
            settings.queue.versions_subject(),
            settings.index_poll,
        )),
        tokio::spawn(heartbeats(engine.clone(), settings.name.clone(), settings.heartbeat)),
        tokio::spawn(dead_letter_exhausted(js.clone(), client.clone(), settings.queue.clone())),
    ];
    let settings = Arc::new(settings);
    let mut done = 0u64;
    tokio::pin!(stop);
    // One short pull request at a time (one chunk, expiring after PULL_EXPIRES): a request
    // lost while a clustered consumer elects its leader costs seconds, not a stalled worker.
    let result = 'work: loop {
        let batch = tokio::select! {
            () = &mut stop => break Ok(done),
            batch = consumer.batch().max_messages(1).expires(PULL_EXPIRES).messages() => batch,
        };
        let mut batch = match batch {
            Ok(b) => b,
            Err(e) => {
                tracing::warn!(error = %e, "pulling a job failed; pulling again");
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
        };
        loop {
            let next = tokio::select! {
                () = &mut stop => break 'work Ok(done),
                next = batch.next() => next,
            };
            let msg = match next {
                None => break,
                Some(Err(e)) => {
                    tracing::warn!(error = %e, "pulling a job failed; pulling again");
                    break;
                }
                Some(Ok(msg)) => msg,
            };
            match handle(&engine, &js, &settings, &msg).await {
                Ok(Handled::Done { first }) => {
                    done += u64::from(first);
                }
                Ok(Handled::Retry(why)) => tracing::info!(%why, "job delayed"),
                Ok(Handled::Dead(why)) => tracing::warn!(%why, "job dead-lettered"),
                Err(e) => {
                    tracing::warn!(error = %e, "job not acknowledged; it will be delivered again")
                }
            }
        }
    };
    for f in followers {
        f.abort();
    }
    result
}

/// What a delivery asks, once screened.
enum Step {
    /// Commit this result, then ack.
    Commit { versions: Vec<i64>, rows: i64, hits: i64, body: String },
    /// A poison job: dead-letter it at once.
    Poison(String),
    /// Cannot be done now: nak (or dead-letter at the last delivery).
    Later(String),
}

/// Handles one delivery (see the module documentation).
pub async fn handle(
    engine: &Engine,
    js: &jetstream::Context,
    settings: &Settings,
    msg: &jetstream::Message,
) -> Result<Handled, WorkerError> {
    let delivered = msg.info().map(|i| i.delivered).unwrap_or(1);
    let last = delivered >= settings.max_deliver;
    let kind = msg
        .headers
        .as_ref()
        .and_then(|h| h.get(queue::KIND))
        .map(|v| v.as_str().to_owned())
        .unwrap_or_else(|| SCREEN.to_owned());
    let decoded: Result<(String, u64), String> = match kind.as_str() {
        SCREEN => serde_json::from_slice::<ScreenChunk>(&msg.payload)
            .map(|c| (c.job, c.chunk))
            .map_err(|e| format!("not a screening job: {e}")),
        RESCREEN => serde_json::from_slice::<RescreenChunk>(&msg.payload)
            .map(|c| (c.job, c.chunk))
            .map_err(|e| format!("not a re-screening job: {e}")),
        other => Err(format!("unknown job kind `{other}`")),
    };
    let id = match decoded {
        Ok(id) => id,
        Err(why) => return dead_letter(js, &settings.queue, msg, None, delivered, why).await,
    };
    // Keep the chunk ours while it is screened.
    let progress = {
        let msg = msg.clone();
        let every = (settings.ack_wait / 3).max(Duration::from_millis(100));
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tick.tick().await;
                if let Err(e) = msg.ack_with(AckKind::Progress).await {
                    tracing::debug!(error = %e, "in-progress signal failed");
                }
            }
        })
    };
    let started = std::time::Instant::now();
    let step = if kind == SCREEN { screen(engine, msg).await } else { rescreen(engine, msg).await };
    let committed = match step {
        Step::Commit { versions, rows, hits, body } => {
            let versions = serde_json::to_string(&versions).unwrap_or_default();
            engine
                .store()
                .put_job_result(&id.0, id.1 as i64, &versions, &settings.name, rows, hits, &body)
                .await
        }
        Step::Poison(why) => {
            progress.abort();
            return dead_letter(js, &settings.queue, msg, Some(&id), delivered, why).await;
        }
        Step::Later(why) => Err(StoreError::Conflict(why)),
    };
    progress.abort();
    match committed {
        Ok(first) => {
            msg.double_ack().await.map_err(nats("acknowledging a job"))?;
            tracing::info!(job = %id.0, chunk = id.1, %kind, ms = started.elapsed().as_millis() as u64, "chunk committed");
            if !first {
                tracing::info!(job = %id.0, chunk = id.1, "redelivered chunk: its result was already committed");
            }
            Ok(Handled::Done { first })
        }
        Err(StoreError::NotFound(what)) => {
            let why = format!("{what} is not in the store (a job must be created before its chunks are published)");
            dead_letter(js, &settings.queue, msg, Some(&id), delivered, why).await
        }
        Err(e) if last => {
            let why = format!("gave up after {delivered} deliveries: {e}");
            dead_letter(js, &settings.queue, msg, Some(&id), delivered, why).await
        }
        Err(e) => {
            msg.ack_with(AckKind::Nak(Some(settings.retry_delay)))
                .await
                .map_err(nats("delaying a job"))?;
            Ok(Handled::Retry(format!("job {} chunk {} (delivery {delivered}): {e}", id.0, id.1)))
        }
    }
}

async fn screen(engine: &Engine, msg: &jetstream::Message) -> Step {
    let Ok(chunk) = serde_json::from_slice::<ScreenChunk>(&msg.payload) else {
        return Step::Poison("not a screening job".into());
    };
    match engine.screen_chunk(&chunk).await {
        Ok(ChunkOutcome::Done(result)) => match serde_json::to_string(&result) {
            Ok(body) => Step::Commit {
                versions: result.versions.clone(),
                rows: chunk.rows.len() as i64,
                hits: result.hits() as i64,
                body,
            },
            Err(e) => Step::Later(format!("serialising a result: {e}")),
        },
        Ok(ChunkOutcome::NotCurrent { wanted, current }) => Step::Later(format!(
            "the job is screened against list versions {wanted:?} but the store's current versions are {current:?} (the lists changed since it was dispatched)"
        )),
        Err(e @ EngineError::Invalid { .. }) => Step::Poison(e.to_string()),
        Err(e) => Step::Later(e.to_string()),
    }
}

async fn rescreen(engine: &Engine, msg: &jetstream::Message) -> Step {
    let Ok(chunk) = serde_json::from_slice::<RescreenChunk>(&msg.payload) else {
        return Step::Poison("not a re-screening job".into());
    };
    match engine.rescreen_chunk(&chunk).await {
        Ok(report) => match serde_json::to_string(&report) {
            Ok(body) => Step::Commit {
                versions: version_ids(&report.lists),
                rows: chunk.subjects.len() as i64,
                hits: report.hits as i64,
                body,
            },
            Err(e) => Step::Later(format!("serialising a result: {e}")),
        },
        Err(e @ EngineError::Invalid { .. }) => Step::Poison(e.to_string()),
        Err(e) => Step::Later(e.to_string()),
    }
}

/// Publishes `msg` to the dead-letter subject with `why` (waiting for JetStream to store it),
/// then acknowledges it on the work stream.
async fn dead_letter(
    js: &jetstream::Context,
    queue: &Queue,
    msg: &jetstream::Message,
    id: Option<&(String, u64)>,
    delivered: i64,
    why: String,
) -> Result<Handled, WorkerError> {
    publish_dead(js, queue, msg.payload.clone(), id, delivered, &why).await?;
    msg.double_ack().await.map_err(nats("acknowledging a dead-lettered job"))?;
    Ok(Handled::Dead(why))
}

async fn publish_dead(
    js: &jetstream::Context,
    queue: &Queue,
    payload: bytes::Bytes,
    id: Option<&(String, u64)>,
    delivered: i64,
    why: &str,
) -> Result<(), WorkerError> {
    let mut headers = async_nats::HeaderMap::new();
    // Header values are one line.
    headers.insert(queue::REASON, why.replace(['\r', '\n'], " ").as_str());
    headers.insert(queue::DELIVERIES, delivered.to_string().as_str());
    if let Some((job, chunk)) = id {
        headers.insert(queue::JOB, job.as_str());
        headers.insert(queue::CHUNK, chunk.to_string().as_str());
    }
    js.publish_with_headers(queue.dead_subject(), headers, payload)
        .await
        .map_err(nats("publishing a dead letter"))?
        .await
        .map_err(nats("storing a dead letter"))?;
    Ok(())
}

/// What every kind of chunk carries.
#[derive(serde::Deserialize)]
struct ChunkId {
    job: String,
    chunk: u64,
}

/// Moves the jobs JetStream gave up on (maximum deliveries reached without an answer) to the
/// dead-letter subject: one worker of the queue group handles each advisory.
pub async fn dead_letter_exhausted(
    js: jetstream::Context,
    client: async_nats::Client,
    queue: Queue,
) {
    let mut sub = match client
        .queue_subscribe(
            queue.max_deliveries_advisory(),
            format!("{}-dead-letters", queue.stream()),
        )
        .await
    {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "cannot follow the max-deliveries advisory");
            return;
        }
    };
    while let Some(advisory) = sub.next().await {
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&advisory.payload) else {
            continue;
        };
        let Some(seq) = v["stream_seq"].as_u64() else { continue };
        let deliveries = v["deliveries"].as_i64().unwrap_or(0);
        let Ok(work) = js.get_stream(queue.stream()).await else { continue };
        let Ok(stored) = work.get_raw_message(seq).await else { continue };
        // Any kind of chunk names its job and number.
        let id = serde_json::from_slice::<ChunkId>(&stored.payload).ok().map(|c| (c.job, c.chunk));
        let why = format!(
            "delivered {deliveries} times without an answer (the workers that took it died or ran past the ack wait)"
        );
        match publish_dead(&js, &queue, stored.payload.clone(), id.as_ref(), deliveries, &why).await
        {
            Ok(()) => {
                if let Err(e) = work.delete_message(seq).await {
                    tracing::warn!(error = %e, seq, "dead-lettered job not deleted from the work stream");
                }
                tracing::warn!(seq, %why, "job dead-lettered");
            }
            Err(e) => tracing::error!(error = %e, seq, "cannot dead-letter an exhausted job"),
        }
    }
}

/// Writes the heartbeat: the worker's name and the list versions of its snapshot.
async fn heartbeats(engine: Engine, name: String, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        let versions = match engine.index().await {
            Ok(l) => serde_json::to_string(&version_ids(&l.versions)).unwrap_or_default(),
            Err(e) => {
                tracing::warn!(error = %e, "no screening index");
                continue;
            }
        };
        if let Err(e) = engine.store().worker_heartbeat(&name, &versions).await {
            tracing::warn!(error = %e, "heartbeat not written");
        }
    }
}
