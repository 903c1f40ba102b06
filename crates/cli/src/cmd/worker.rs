//! `embargo worker --nats URL --db postgres://…`: a screening worker of the JetStream work
//! queue (see `embargo-worker`), and the dispatcher of `embargo screen --input FILE.csv --via
//! nats://…`, which fans the file out in chunks and writes the hits back in input order —
//! the same output as the local mode, through the same temporary-file-then-rename sink.

use std::collections::VecDeque;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use embargo_cli::bulk;
use embargo_domain::text::thousands;
use embargo_engine::jobs::{JobQuery, ScreenChunk};
use embargo_worker::dispatch::{job_id, Dispatcher};
use embargo_worker::queue::{connect, Queue};
use embargo_worker::WorkerError;

use crate::cmd::screen::{progress_bar, Progress, Sink, HEADER};
use crate::exit;
use crate::global::GlobalArgs;

/// `embargo worker`: run a worker, or `embargo worker rescreen`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    #[command(flatten)]
    run: RunArgs,
}

/// What `embargo worker` may do besides working.
#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Re-screen every watched subject through the workers, in chunks of subjects (after a
    /// list update; the alert changes are written by the workers, in the store's audited
    /// transactions, as `embargo watch screen` writes them here).
    Rescreen(RescreenArgs),
}

/// Options of `embargo worker rescreen`.
#[derive(Debug, clap::Args)]
struct RescreenArgs {
    /// The NATS server (with JetStream).
    #[arg(long, env = "EMBARGO_NATS")]
    nats: String,
    /// The queue the workers pull from.
    #[arg(long, default_value = "embargo")]
    queue: String,
    /// Subjects per job chunk.
    #[arg(long = "chunk-subjects", default_value_t = 1000)]
    chunk_subjects: usize,
    /// Who acts (recorded in the audit log with the alert changes); default `cli`.
    #[arg(long, env = "EMBARGO_ACTOR", default_value = "cli")]
    actor: String,
    /// Give up (the job is kept; the same command resumes it) when no worker has pulled from
    /// the queue for this many seconds.
    #[arg(long = "worker-wait", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    worker_wait: u64,
}

/// Options of a worker.
#[derive(Debug, clap::Args)]
struct RunArgs {
    /// The NATS server (with JetStream), e.g. `nats://127.0.0.1:4222`.
    #[arg(long, env = "EMBARGO_NATS")]
    nats: Option<String>,
    /// The queue: names the work stream `Q`, its subject `Q.jobs`, the consumer `Q-workers`,
    /// the dead letters `Q.dead` and the list-version announcements `Q.versions`.
    #[arg(long, default_value = "embargo")]
    queue: String,
    /// This worker's name in results and heartbeats (default: host name and process id).
    #[arg(long)]
    name: Option<String>,
    /// Seconds a delivered chunk may go unacknowledged before it is delivered to another
    /// worker (when this worker creates the consumer); long chunks send in-progress signals.
    #[arg(long = "ack-wait", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    ack_wait: u64,
    /// Deliveries of a chunk before it goes to the dead-letter subject (idem).
    #[arg(long = "max-deliver", default_value_t = 5, value_parser = clap::value_parser!(i64).range(1..))]
    max_deliver: i64,
    /// Milliseconds before a chunk that could not be done now is delivered again.
    #[arg(long = "retry-delay-ms", default_value_t = 1000)]
    retry_delay_ms: u64,
    /// Copies of the streams and the consumer this worker creates (3 on a three-node NATS
    /// cluster; existing ones keep theirs).
    #[arg(long, default_value_t = 1)]
    replicas: usize,
    /// Seconds between heartbeats in the store.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    heartbeat: u64,
    /// Seconds between checks of the store's list versions without a notification.
    #[arg(long = "index-poll", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    index_poll: u64,
}

/// Runs a worker until SIGTERM or Ctrl-C (a chunk being screened then is not acknowledged
/// and goes to another worker), or `embargo worker rescreen`.
pub async fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        Some(Action::Rescreen(r)) => rescreen(r, global).await,
        None => work(args.run, global).await,
    }
}

async fn work(args: RunArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let nats = args
        .nats
        .clone()
        .ok_or_else(|| exit::input("give the NATS server with --nats nats://HOST:PORT"))?;
    let queue = Queue::new(&args.queue)
        .and_then(|q| q.with_replicas(args.replicas))
        .map_err(exit::input)?;
    let engine = global.engine().await?;
    let name = args.name.clone().unwrap_or_else(|| {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "worker".to_owned());
        format!("{host}-{}", std::process::id())
    });
    let client = connect(&nats).await?;
    let loaded = engine.index().await.map_err(exit::engine)?;
    eprintln!(
        "embargo worker {name} ready on queue {} ({} listed records indexed, list versions {:?})",
        args.queue,
        loaded.designations.len(),
        embargo_engine::jobs::version_ids(&loaded.versions)
    );
    drop(loaded);
    let settings = embargo_worker::worker::Settings {
        name,
        queue,
        ack_wait: Duration::from_secs(args.ack_wait),
        max_deliver: args.max_deliver,
        retry_delay: Duration::from_millis(args.retry_delay_ms),
        heartbeat: Duration::from_secs(args.heartbeat),
        index_poll: Duration::from_secs(args.index_poll),
    };
    let done = embargo_worker::worker::run(engine, client, settings, shutdown()).await?;
    eprintln!("embargo worker stopped after committing {done} chunks");
    Ok(ExitCode::SUCCESS)
}

/// `embargo worker rescreen`: every watched subject, in chunks, through the workers.
async fn rescreen(args: RescreenArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let queue = Queue::new(&args.queue).map_err(exit::input)?;
    if args.chunk_subjects == 0 {
        return Err(exit::input("--chunk-subjects must be at least 1"));
    }
    let actor = args.actor.trim();
    if actor.is_empty() {
        return Err(exit::input("--actor: empty"));
    }
    embargo_domain::text::check_identifier("--actor", actor).map_err(exit::input)?;
    let engine = global.engine().await?;
    let current =
        engine.store().current_list_versions().await.map_err(|e| exit::engine(e.into()))?;
    let mut versions: Vec<i64> = current.iter().map(|v| v.id).collect();
    versions.sort_unstable();
    let mut ids: Vec<String> = Vec::new();
    loop {
        let page = engine
            .subject_ids_page(ids.last().map(String::as_str), 10_000)
            .await
            .map_err(exit::engine)?;
        if page.is_empty() {
            break;
        }
        ids.extend(page);
    }
    let started = Instant::now();
    let digest = {
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        for id in &ids {
            h.update(id.as_bytes());
            h.update([0]);
        }
        hex::encode(h.finalize())
    };
    let params = serde_json::json!({
        "by": actor,
        "subjects": ids.len(),
        "subjects_sha256": digest,
        "chunk_subjects": args.chunk_subjects,
    })
    .to_string();
    let versions_json = serde_json::to_string(&versions)?;
    let job = job_id(&[b"rescreen", params.as_bytes(), versions_json.as_bytes()]);
    let client = connect(&args.nats).await?;
    let mut dispatcher = Dispatcher::new(client, queue, engine.store().clone())
        .await?
        .with_no_worker_grace(Duration::from_secs(args.worker_wait));
    let done =
        dispatcher.start_job(&job, embargo_engine::jobs::RESCREEN, &versions, &params).await?;
    let chunks: Vec<&[String]> = ids.chunks(args.chunk_subjects).collect();
    for (n, part) in chunks.iter().enumerate() {
        if done.contains(&(n as u64)) {
            continue;
        }
        let chunk = embargo_engine::jobs::RescreenChunk {
            job: job.clone(),
            chunk: n as u64,
            subjects: part.to_vec(),
            range: None,
        };
        dispatcher.publish_rescreen(&chunk).await?;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(chunks.len() as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    let mut sums = std::collections::BTreeMap::<&str, u64>::new();
    let fields = ["subjects_screened", "hits", "raised", "closed", "suppressed", "kept"];
    let mut workers = std::collections::BTreeSet::new();
    for n in 0..chunks.len() {
        let stored = dispatcher.wait_stored(&job, n as u64).await?;
        let report: serde_json::Value = serde_json::from_str(&stored.result)
            .with_context(|| format!("the stored result of job {job} chunk {n} is unreadable"))?;
        for f in fields {
            *sums.entry(f).or_default() += report[f].as_u64().unwrap_or(0);
        }
        workers.insert(stored.worker);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let sum = |f: &str| sums.get(f).copied().unwrap_or(0);
    println!(
        "re-screened {} subjects in {} chunks on {} workers in {:.1}s against list versions {versions:?} (job {job}): {} hits, {} alerts raised, {} closed, {} suppressed by decisions, {} kept open",
        sum("subjects_screened"),
        chunks.len(),
        workers.len(),
        started.elapsed().as_secs_f64(),
        sum("hits"),
        sum("raised"),
        sum("closed"),
        sum("suppressed"),
        sum("kept"),
    );
    Ok(ExitCode::SUCCESS)
}

async fn shutdown() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Chunks published ahead of the one awaited (bounds the dispatcher's memory and the stream).
const WINDOW: usize = 64;

/// One published chunk the dispatcher waits for: its rows' ids and names, and where the input
/// was read to after it (the progress bar).
struct Pending {
    chunk: u64,
    rows: Vec<(String, String)>,
    position: u64,
}

fn sha256_file(path: &Path) -> anyhow::Result<String> {
    use sha2::Digest;
    let mut f =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).with_context(|| format!("cannot read {}", path.display()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

/// `embargo screen --input FILE --via nats://…`: see the module documentation.
pub async fn screen_via(
    args: &crate::cmd::screen::Args,
    via: &str,
    global: &GlobalArgs,
) -> anyhow::Result<ExitCode> {
    let input = args.input.as_deref().ok_or_else(|| exit::input("--via needs --input FILE.csv"))?;
    if args.limit == 0 {
        return Err(exit::input("--limit must be at least 1"));
    }
    if args.chunk_rows == 0 {
        return Err(exit::input("--chunk-rows must be at least 1"));
    }
    let queue = Queue::new(&args.queue).map_err(exit::input)?;
    let file = input.display().to_string();
    let size = match std::fs::metadata(input) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(exit::input(format!("{file}: no such file")))
        }
        Err(e) => return Err(anyhow::Error::new(e).context(format!("cannot read {file}"))),
    };
    let store = global.store().await?;
    let lists: Option<Vec<String>> = (!args.lists.is_empty())
        .then(|| args.lists.iter().map(|s| s.as_str().to_owned()).collect());
    let current = store.current_list_versions().await.map_err(|e| exit::engine(e.into()))?;
    let version_of: crate::cmd::screen::VersionOf =
        current.iter().map(|v| (v.source.as_str().to_owned(), v.id)).collect();
    let mut versions: Vec<i64> = current.iter().map(|v| v.id).collect();
    versions.sort_unstable();
    let screened = current
        .iter()
        .filter(|v| lists.as_ref().is_none_or(|l| l.iter().any(|s| s == v.source.as_str())))
        .count();
    if screened == 0 {
        let which = match &lists {
            None => "no sanctions list is stored".to_owned(),
            Some(names) => format!("no stored version of the list(s) {}", names.join(", ")),
        };
        return Err(exit::input(format!(
            "{which}: import one first with `embargo lists import FILE` (e.g. the UN consolidated list XML) or `embargo lists fetch --source un`"
        )));
    }
    // The job's id: the input's content, the options, the list versions, the chunking. The
    // same run again resumes the job (chunks already committed are not sent again).
    let digest = {
        let input = input.to_owned();
        tokio::task::spawn_blocking(move || sha256_file(&input)).await??
    };
    let params = serde_json::json!({
        "input": digest,
        "threshold": args.threshold,
        "limit": args.limit,
        "lists": lists,
        "chunk_rows": args.chunk_rows,
    })
    .to_string();
    let versions_json = serde_json::to_string(&versions)?;
    let job = job_id(&[params.as_bytes(), versions_json.as_bytes()]);
    let client = connect(via).await?;
    let mut dispatcher = Dispatcher::new(client, queue, store)
        .await?
        .with_no_worker_grace(Duration::from_secs(args.worker_wait));
    let done = dispatcher.start_job(&job, embargo_engine::jobs::SCREEN, &versions, &params).await?;
    tracing::info!(%job, resumed = done.len(), "job dispatched");

    let source = std::fs::File::open(input).with_context(|| format!("cannot open {file}"))?;
    let mut reader = bulk::Reader::new(std::io::BufReader::with_capacity(1 << 20, source))
        .map_err(|e| exit::input(format!("{file}: {e}")))?;
    let (sink, out) = Sink::open(args.output.as_deref())?;
    let mut writer = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, out));
    let bar = progress_bar(size);
    let started = Instant::now();
    let mut progress = Progress::default();
    let template = ScreenChunk {
        job: job.clone(),
        chunk: 0,
        versions,
        threshold: args.threshold,
        limit: args.limit,
        lists,
        rows: Vec::new(),
    };
    let run = async {
        writer.write_record(HEADER).context("writing the output")?;
        let mut pending: VecDeque<Pending> = VecDeque::new();
        let mut next_chunk = 0u64;
        let mut eof = false;
        loop {
            while !eof && pending.len() < WINDOW {
                let mut chunk = ScreenChunk { chunk: next_chunk, ..template.clone() };
                let mut rows = Vec::with_capacity(args.chunk_rows);
                while rows.len() < args.chunk_rows {
                    match reader.next_row()? {
                        Some(row) => {
                            chunk.rows.push(JobQuery::from(&row.query));
                            rows.push((row.id, row.query.name));
                        }
                        None => {
                            eof = true;
                            break;
                        }
                    }
                    progress.rows_read = reader.rows_read();
                }
                if rows.is_empty() {
                    break;
                }
                if !done.contains(&next_chunk) {
                    dispatcher.publish(&chunk).await?;
                }
                pending.push_back(Pending {
                    chunk: next_chunk,
                    rows,
                    position: reader.byte_position(),
                });
                next_chunk += 1;
            }
            let Some(p) = pending.pop_front() else { break };
            let result = dispatcher.wait_result(&job, p.chunk).await?;
            if result.rows.len() != p.rows.len() {
                anyhow::bail!(
                    "the result of chunk {} of job {job} has {} rows, the chunk {}",
                    p.chunk,
                    result.rows.len(),
                    p.rows.len()
                );
            }
            for ((id, name), hits) in p.rows.iter().zip(&result.rows) {
                for h in hits {
                    // The hit's list is its first column; its version the job's (a worker
                    // screens a chunk only against the versions the job names).
                    let version = h
                        .first()
                        .and_then(|list| version_of.get(list))
                        .map(i64::to_string)
                        .unwrap_or_default();
                    writer
                        .write_record(
                            [id.as_str(), name.as_str()]
                                .into_iter()
                                .chain(h.iter().map(String::as_str))
                                .chain([version.as_str()]),
                        )
                        .context("writing the output")?;
                }
                progress.rows_screened += 1;
                progress.hits += hits.len() as u64;
                progress.rows_hit += u64::from(!hits.is_empty());
            }
            bar.set_position(p.position);
            bar.set_message(format!(
                "{} rows, {} with hits",
                progress.rows_screened, progress.rows_hit
            ));
        }
        writer.flush().context("writing the output")?;
        Ok::<(), anyhow::Error>(())
    }
    .await;
    drop(writer);
    bar.finish_and_clear();
    if let Err(err) = run {
        let stopped = format!(
            "stopped after reading {} rows ({} screened, {} hits); {}",
            thousands(progress.rows_read),
            thousands(progress.rows_screened),
            thousands(progress.hits),
            sink.outcome(&progress)
        );
        return Err(match err.downcast::<embargo_cli::ReadError>() {
            Ok(e) => exit::input(format!("{file}: {e}; {stopped}")),
            Err(other) => match other.downcast::<WorkerError>() {
                Ok(e) => anyhow::Error::new(e).context(stopped),
                Err(other) => other.context(stopped),
            },
        });
    }
    sink.commit()?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "screened {} rows in {secs:.1}s ({:.0} rows/s): {} rows with {} hits at or above {:.2}",
        progress.rows_screened,
        progress.rows_screened as f64 / secs.max(1e-9),
        progress.rows_hit,
        progress.hits,
        args.threshold
    );
    Ok(ExitCode::SUCCESS)
}
