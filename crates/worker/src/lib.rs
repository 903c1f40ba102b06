//! Scale-out of embargo on NATS JetStream and PostgreSQL.
//!
//! PostgreSQL is the one source of truth (lists, jobs, results); JetStream only dispatches
//! work. [`queue`] names and creates what a deployment shares on NATS: the work-queue stream
//! and the durable pull consumer every worker pulls from, the dead-letter stream, the
//! subject of list-version announcements. [`worker`] is `embargo worker`: it pulls
//! chunks, screens them with the engine's snapshot, commits the result in the store keyed by
//! its deterministic id and only then acknowledges; a poison job goes to the dead-letter
//! subject with its reason. [`dispatch`] publishes the chunks of a job and waits for their
//! results in order (`embargo screen --input … --via nats://…`). [`versions`] tells every
//! process of a new list version so it swaps its index.
//!
//! Delivery is at least once (JetStream), the effect exactly once (the store's
//! `ON CONFLICT DO NOTHING` on the result's key).

pub mod catchup;
pub mod dispatch;
pub mod queue;
pub mod versions;
pub mod worker;

use embargo_engine::EngineError;
use embargo_store::StoreError;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// NATS or JetStream refused or failed.
    #[error("NATS: {0}")]
    Nats(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The engine failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// An argument is wrong.
    #[error("{0}")]
    Invalid(String),
    /// A job could not be completed (it went to the dead-letter subject).
    #[error("{0}")]
    Failed(String),
}

/// `WorkerError::Nats` with what was being done.
pub(crate) fn nats<E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> WorkerError + '_ {
    move |e| WorkerError::Nats(format!("{what}: {e}"))
}
