//! Every replica and worker learns of a new list version through the NATS subject
//! `N.versions` (the sorted ids of the current list versions, as JSON).
//!
//! [`follow`] runs in each process: when an announcement names other versions than its
//! snapshot holds, it refreshes its index from the store (`Engine::refresh_index`: the store is
//! the truth, the announcement only says "look"); when its own snapshot changes (it imported or
//! refreshed a list, or its poll of the store found a new version), it announces the new ids,
//! unless the last announcement already named them — so one import is announced once, and
//! echoes stop. A process that starts loads the store's current versions, so it needs no
//! earlier announcement; one that missed an announcement (disconnected), or a list imported by
//! `embargo lists import` on a machine that runs no server, is caught by polling the store
//! every `poll`. (A JetStream key-value bucket would keep the last value for late joiners;
//! they do not need it, and the key-value API of `async-nats` 0.42 fails against the
//! nats-server 2.9 of Debian 12.)

use std::time::Duration;

use embargo_engine::jobs::version_ids;
use embargo_engine::Engine;
use futures_util::StreamExt;

/// How often the local snapshot is compared with the last announcement.
const LOCAL_CHECK: Duration = Duration::from_millis(250);

fn parse(value: &[u8]) -> Option<Vec<i64>> {
    let mut ids: Vec<i64> = serde_json::from_slice(value).ok()?;
    ids.sort_unstable();
    Some(ids)
}

/// Follows the announcements on `subject` and announces local changes (see the module
/// documentation). Runs until aborted.
pub async fn follow(engine: Engine, client: async_nats::Client, subject: String, poll: Duration) {
    let mut announced: Option<Vec<i64>> = None;
    let mut watch = loop {
        match client.subscribe(subject.clone()).await {
            Ok(w) => break w,
            Err(e) => {
                tracing::warn!(error = %e, "cannot follow the list-version announcements; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    };
    let mut last_local: Option<Vec<i64>> = None;
    let mut local_tick = tokio::time::interval(LOCAL_CHECK);
    let mut poll_tick = tokio::time::interval(poll);
    poll_tick.tick().await;
    loop {
        tokio::select! {
            entry = watch.next() => match entry {
                Some(entry) => {
                    let Some(ids) = parse(&entry.payload) else { continue };
                    let local = local_ids(&engine).await;
                    announced = Some(ids.clone());
                    if local.as_ref() != Some(&ids) {
                        tracing::info!(versions = ?ids, "new list versions announced");
                        refresh(&engine, "an announcement").await;
                    }
                }
                None => {
                    tracing::warn!("the list-version announcements ended; following again");
                    if let Ok(w) = client.subscribe(subject.clone()).await {
                        watch = w;
                    } else {
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            },
            _ = local_tick.tick() => {
                let Some(local) = local_ids(&engine).await else { continue };
                // Announce a change of this snapshot, once: a process whose refresh failed
                // never re-announces its older versions over newer ones.
                if last_local.as_ref() == Some(&local) {
                    continue;
                }
                last_local = Some(local.clone());
                if announced.as_ref() != Some(&local) {
                    let body = serde_json::to_vec(&local).unwrap_or_default();
                    match client.publish(subject.clone(), body.into()).await {
                        Ok(()) => {
                            tracing::info!(versions = ?local, "list versions announced");
                            announced = Some(local);
                        }
                        Err(e) => tracing::warn!(error = %e, "cannot announce the list versions"),
                    }
                }
            }
            _ = poll_tick.tick() => refresh(&engine, "the poll").await,
        }
    }
}

async fn local_ids(engine: &Engine) -> Option<Vec<i64>> {
    if !engine.index_loaded() {
        return None;
    }
    engine.index().await.ok().map(|l| version_ids(&l.versions))
}

async fn refresh(engine: &Engine, why: &str) {
    match engine.refresh_index().await {
        Ok(true) => tracing::info!(%why, "screening index reloaded"),
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, %why, "screening index not reloaded"),
    }
}

/// Connects to `url` and follows the versions of `queue` in a background task (the server's
/// `--nats`).
pub async fn start(
    engine: Engine,
    url: &str,
    queue: &crate::queue::Queue,
    poll: Duration,
) -> Result<tokio::task::JoinHandle<()>, crate::WorkerError> {
    let client = crate::queue::connect(url).await?;
    Ok(tokio::spawn(follow(engine, client, queue.versions_subject(), poll)))
}
