//! What a deployment shares on NATS, derived from one queue name `N` (default `embargo`):
//!
//! - stream `N` (work-queue retention, file storage, publish de-duplication over
//!   [`DUPLICATE_WINDOW`]) on subject `N.jobs`, with the durable pull consumer `N-workers`
//!   that every worker shares (explicit ack, ack wait, maximum deliveries);
//! - stream `N-dead` on `N.dead`: dead letters, kept [`DEAD_LETTER_AGE`], each with the job's
//!   payload and headers naming the job, the chunk and the reason;
//! - subject `N.versions`: announcements of the ids of the current list versions.

use std::time::Duration;

use async_nats::jetstream::{self, consumer, stream};

use crate::{nats, WorkerError};

/// How long JetStream remembers a message id to drop a re-published chunk.
pub const DUPLICATE_WINDOW: Duration = Duration::from_secs(20 * 60);

/// How long dead letters are kept.
pub const DEAD_LETTER_AGE: Duration = Duration::from_secs(30 * 24 * 3600);

/// Header naming why a job was dead-lettered.
pub const REASON: &str = "Embargo-Reason";
/// Header naming the job.
pub const JOB: &str = "Embargo-Job";
/// Header naming the chunk.
pub const CHUNK: &str = "Embargo-Chunk";
/// Header naming the kind of a job (`screen` when absent, `rescreen`).
pub const KIND: &str = "Embargo-Kind";
/// Header counting deliveries.
pub const DELIVERIES: &str = "Embargo-Deliveries";

/// The names of one queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    name: String,
    replicas: usize,
}

impl Queue {
    /// The queue `name` (letters, digits, `-`, `_`).
    pub fn new(name: &str) -> Result<Queue, WorkerError> {
        if name.is_empty()
            || name.len() > 64
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(WorkerError::Invalid(format!(
                "--queue `{name}`: use 1 to 64 letters, digits, `-` or `_`"
            )));
        }
        Ok(Queue { name: name.to_owned(), replicas: 1 })
    }

    /// Streams created by this process keep `replicas` copies (1 to 5; 3 on a three-node
    /// cluster). An existing stream keeps the replicas it was created with.
    pub fn with_replicas(mut self, replicas: usize) -> Result<Queue, WorkerError> {
        if !(1..=5).contains(&replicas) {
            return Err(WorkerError::Invalid(format!("--replicas {replicas}: use 1 to 5")));
        }
        self.replicas = replicas;
        Ok(self)
    }

    /// The queue's name (as `--queue`).
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The work stream.
    pub fn stream(&self) -> String {
        self.name.clone()
    }
    /// The subject jobs are published on.
    pub fn work_subject(&self) -> String {
        format!("{}.jobs", self.name)
    }
    /// The shared durable consumer.
    pub fn consumer(&self) -> String {
        format!("{}-workers", self.name)
    }
    /// The dead-letter stream.
    pub fn dead_stream(&self) -> String {
        format!("{}-dead", self.name)
    }
    /// The dead-letter subject.
    pub fn dead_subject(&self) -> String {
        format!("{}.dead", self.name)
    }
    /// The subject of list-version announcements.
    pub fn versions_subject(&self) -> String {
        format!("{}.versions", self.name)
    }
    /// The advisory JetStream publishes when a job exceeded its deliveries.
    pub fn max_deliveries_advisory(&self) -> String {
        format!("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{}.{}", self.stream(), self.consumer())
    }

    /// Creates (or opens) the work stream and the dead-letter stream.
    pub async fn streams(
        &self,
        js: &jetstream::Context,
    ) -> Result<(stream::Stream, stream::Stream), WorkerError> {
        let work = js
            .get_or_create_stream(stream::Config {
                name: self.stream(),
                subjects: vec![self.work_subject()],
                retention: stream::RetentionPolicy::WorkQueue,
                storage: stream::StorageType::File,
                duplicate_window: DUPLICATE_WINDOW,
                num_replicas: self.replicas,
                ..Default::default()
            })
            .await
            .map_err(nats("creating the work stream"))?;
        let dead = js
            .get_or_create_stream(stream::Config {
                name: self.dead_stream(),
                subjects: vec![self.dead_subject()],
                retention: stream::RetentionPolicy::Limits,
                storage: stream::StorageType::File,
                max_age: DEAD_LETTER_AGE,
                num_replicas: self.replicas,
                ..Default::default()
            })
            .await
            .map_err(nats("creating the dead-letter stream"))?;
        Ok((work, dead))
    }

    /// Creates (or opens: an existing consumer keeps the settings it was created with) the
    /// durable pull consumer all workers share.
    pub async fn consumer_on(
        &self,
        work: &stream::Stream,
        ack_wait: Duration,
        max_deliver: i64,
    ) -> Result<consumer::PullConsumer, WorkerError> {
        work.get_or_create_consumer(
            &self.consumer(),
            consumer::pull::Config {
                durable_name: Some(self.consumer()),
                ack_policy: consumer::AckPolicy::Explicit,
                ack_wait,
                max_deliver,
                filter_subject: self.work_subject(),
                num_replicas: self.replicas,
                ..Default::default()
            },
        )
        .await
        .map_err(nats("creating the workers' consumer"))
    }
}

/// Connects to NATS at `url`, or any of the comma-separated servers of a cluster (a clear
/// error naming the address when nothing answers).
pub async fn connect(url: &str) -> Result<async_nats::Client, WorkerError> {
    let servers: Vec<&str> = url.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    async_nats::ConnectOptions::new()
        .name("embargo")
        .connection_timeout(Duration::from_secs(5))
        .connect(servers)
        .await
        .map_err(|e| WorkerError::Nats(format!("cannot connect to {url}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_derive_from_the_queue() {
        let q = Queue::new("t-1").unwrap();
        assert_eq!(q.work_subject(), "t-1.jobs");
        assert_eq!(q.dead_subject(), "t-1.dead");
        assert_eq!(q.consumer(), "t-1-workers");
        assert!(Queue::new("a.b").is_err());
        assert!(Queue::new("").is_err());
    }
}
