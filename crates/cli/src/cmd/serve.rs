//! `embargo serve`: the HTTP API (see `embargo-server`), SQLite by default, PostgreSQL with
//! `--db postgres://…` (several servers against one PostgreSQL are safe: they share nothing
//! but the database; each reloads its screening index when another imports a list, see
//! `--index-poll`). SIGTERM finishes in-flight requests, then exits.

use std::process::ExitCode;

use anyhow::Context;

use crate::global::GlobalArgs;

/// Options of `embargo serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: String,
    /// Log format on stderr.
    #[arg(long = "log-format", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// Requests per token per minute.
    #[arg(long = "rate-limit", default_value_t = 6000)]
    rate_limit: u32,
    /// Sign a checkpoint of the audit chain's head with this key (from `audit keygen`)
    /// every `--checkpoint-every`, appended to `--checkpoint-file`.
    #[arg(long = "checkpoint-key", requires = "checkpoint_file")]
    checkpoint_key: Option<std::path::PathBuf>,
    /// Where scheduled checkpoints are appended.
    #[arg(long = "checkpoint-file")]
    checkpoint_file: Option<std::path::PathBuf>,
    /// How often to checkpoint, in minutes.
    #[arg(long = "checkpoint-every", default_value_t = 60)]
    checkpoint_every: u64,
    /// How often to look for list versions imported by another process (another replica,
    /// `embargo lists import`), in seconds; a new version is loaded and swapped in.
    #[arg(long = "index-poll", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    index_poll: u64,
    /// Download and import the lists of `--refresh` every this many minutes (0: never; an
    /// admin can still ask with `POST /v1/lists/refresh?source=`). A failed download keeps
    /// the current version and shows in `/metrics`.
    #[arg(long = "refresh-every", default_value_t = 0)]
    refresh_every: u64,
    /// The lists a scheduled refresh downloads (comma-separated: un, ofac, eu, uk).
    #[arg(long = "refresh", value_delimiter = ',', default_value = "un", value_parser = parse_source)]
    refresh: Vec<embargo_lists::model::Source>,
    /// Webhook deliveries: the wait before the second attempt, in milliseconds (doubled for
    /// each next one, up to `--webhook-backoff-cap-ms`).
    #[arg(long = "webhook-backoff-ms", default_value_t = 5_000)]
    webhook_backoff_ms: u64,
    /// Webhook deliveries: the longest wait between attempts, in milliseconds.
    #[arg(long = "webhook-backoff-cap-ms", default_value_t = 3_600_000)]
    webhook_backoff_cap_ms: u64,
    /// Webhook deliveries: attempts before a delivery is marked failed.
    #[arg(long = "webhook-attempts", default_value_t = 10)]
    webhook_attempts: u32,
    /// Webhook deliveries: how long one attempt may take, in milliseconds.
    #[arg(long = "webhook-timeout-ms", default_value_t = 10_000)]
    webhook_timeout_ms: u64,
    /// The only networks webhook deliveries may go to (repeat or comma-separate, e.g.
    /// `10.0.0.0/8,192.0.2.7`). Without it every address may be, except link-local (cloud
    /// metadata), unspecified, multicast and broadcast ones, which must be named here.
    #[arg(long = "webhook-allow", value_delimiter = ',')]
    webhook_allow: Vec<String>,
    /// Learn of new list versions from the replicas and workers sharing this NATS server
    /// (subject `QUEUE.versions`), and announce this replica's.
    #[arg(long, env = "EMBARGO_NATS")]
    nats: Option<String>,
    /// With `--nats`: the queue whose version announcements are shared (as `embargo worker --queue`),
    /// and whose workers re-screen the watched subjects after a list update.
    #[arg(long = "nats-queue", default_value = "embargo")]
    nats_queue: String,
    /// With `--nats`: subjects per chunk of the re-screen after a list update, handed to the
    /// workers of `--nats-queue` (with no worker pulling, this replica re-screens itself).
    #[arg(long = "rescreen-chunk", default_value_t = 5_000, value_parser = clap::value_parser!(u64).range(1..))]
    rescreen_chunk: u64,
}

fn parse_source(s: &str) -> Result<embargo_lists::model::Source, String> {
    embargo_lists::model::Source::parse(s).map_err(|e| e.to_string())
}

/// How logs are written.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Runs the server until SIGTERM.
pub async fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let filter = tracing_subscriber::EnvFilter::try_from_env("EMBARGO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match args.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
    // The server never simulates procedure time, whatever the store.
    let rules = std::sync::Arc::new(global.rules()?);
    let store = global.store().await?;
    let mut engine =
        embargo_engine::Engine::new(store, rules, std::sync::Arc::new(embargo_engine::SystemClock))
            .with_fetcher(std::sync::Arc::new(crate::cmd::lists::fetch::HttpFetcher::default()))
            .with_webhook_destinations(
                embargo_engine::webhooks::Destinations::parse(&args.webhook_allow)
                    .map_err(crate::exit::engine)?,
            );
    let nats = match &args.nats {
        Some(url) => {
            let queue =
                embargo_worker::queue::Queue::new(&args.nats_queue).map_err(crate::exit::input)?;
            let client = embargo_worker::queue::connect(url).await?;
            let rescreener = embargo_worker::catchup::WorkerRescreener::new(
                client,
                queue.clone(),
                usize::try_from(args.rescreen_chunk).unwrap_or(usize::MAX),
            )
            .map_err(crate::exit::input)?;
            engine = engine.with_rescreener(std::sync::Arc::new(rescreener));
            Some((url.clone(), queue))
        }
        None => None,
    };
    let records = engine.reload_index().await.context("cannot load the screening index")?;
    if let (Some(key), Some(file)) = (&args.checkpoint_key, &args.checkpoint_file) {
        let secret = std::fs::read_to_string(key)
            .with_context(|| format!("cannot read the signing key {}", key.display()))?;
        let key = embargo_domain::procedure::checkpoint::signing_key(&secret)
            .map_err(|e| crate::exit::input(format!("--checkpoint-key: {e}")))?;
        let every = std::time::Duration::from_secs(args.checkpoint_every.max(1) * 60);
        tokio::spawn(checkpoints(engine.clone(), key, file.clone(), every));
    }
    tokio::spawn(poll_index(engine.clone(), std::time::Duration::from_secs(args.index_poll)));
    if let Some((url, queue)) = &nats {
        let poll = std::time::Duration::from_secs(args.index_poll);
        embargo_worker::versions::start(engine.clone(), url, queue, poll).await?;
    }
    let retry = embargo_engine::webhooks::Retry {
        base: std::time::Duration::from_millis(args.webhook_backoff_ms.max(1)),
        cap: std::time::Duration::from_millis(args.webhook_backoff_cap_ms.max(1)),
        attempts: args.webhook_attempts.max(1),
        timeout: std::time::Duration::from_millis(args.webhook_timeout_ms.max(1)),
    };
    tokio::spawn(send_webhooks(engine.clone(), retry));
    if args.refresh_every > 0 {
        let every = std::time::Duration::from_secs(args.refresh_every * 60);
        tokio::spawn(refresh_lists(engine.clone(), args.refresh.clone(), every));
    }
    let limits = embargo_server::Limits { per_minute: args.rate_limit, ..Default::default() };
    let router = embargo_server::router(engine, limits);
    let listener = tokio::net::TcpListener::bind(&args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, records, "embargo serve listening");
    eprintln!("embargo serve listening on http://{addr} ({records} listed records indexed)");
    embargo_server::serve(listener, router).await.context("server failed")?;
    Ok(ExitCode::SUCCESS)
}

/// Sends the webhook deliveries that are due, every 200 ms (each stored before it is sent, in
/// the transaction of its change: a restart resumes them).
async fn send_webhooks(engine: embargo_engine::Engine, retry: embargo_engine::webhooks::Retry) {
    let poster: std::sync::Arc<dyn embargo_engine::webhooks::Poster> = std::sync::Arc::new(
        crate::cmd::webhooks::HttpPoster::new(engine.webhook_destinations().clone()),
    );
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(200));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match engine.send_due_webhooks(std::sync::Arc::clone(&poster), retry).await {
            Ok(r) if r.delivered + r.retried + r.failed > 0 => tracing::info!(
                delivered = r.delivered,
                retried = r.retried,
                failed = r.failed,
                "webhook deliveries"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot send webhook deliveries"),
        }
    }
}

/// Downloads and imports `sources` every `every` (the first time at once).
async fn refresh_lists(
    engine: embargo_engine::Engine,
    sources: Vec<embargo_lists::model::Source>,
    every: std::time::Duration,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        for source in &sources {
            match engine.refresh_list(*source, Default::default()).await {
                Ok(outcome) => tracing::info!(
                    %source,
                    outcome = embargo_engine::refresh::outcome_name(&outcome),
                    "list refreshed"
                ),
                Err(e) => {
                    tracing::error!(%source, error = %e, "list refresh failed; the current version is kept")
                }
            }
        }
    }
}

/// Reloads the screening index whenever the store's current list versions change, and screens
/// the subjects left pending (registered or changed, not screened: after a crash, say).
async fn poll_index(engine: embargo_engine::Engine, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match engine.refresh_index().await {
            Ok(true) => tracing::info!("a new list version was loaded into the screening index"),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "cannot look for new list versions"),
        }
        // A list update whose re-screen was cut short (a crash, the import's time limit) or
        // made by another process is caught up here.
        match engine.catch_up(embargo_engine::lists::LIST_IMPORT_ACTOR).await {
            Ok(Some(r)) => tracing::info!(
                screened = r.subjects_screened,
                raised = r.raised,
                closed = r.closed,
                "watched subjects re-screened against the new list versions"
            ),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "cannot re-screen after a list update"),
        }
        match engine.screen_pending(embargo_engine::watch::SWEEP_ACTOR).await {
            Ok(r) if r.subjects_screened > 0 => tracing::info!(
                screened = r.subjects_screened,
                raised = r.raised,
                "pending subjects screened"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "cannot screen the pending subjects"),
        }
    }
}

/// Signs and appends a checkpoint every `every` (the first one at start).
async fn checkpoints(
    engine: embargo_engine::Engine,
    key: embargo_engine::audit::ed25519::SigningKey,
    file: std::path::PathBuf,
    every: std::time::Duration,
) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        let line = match engine.checkpoint(&key).await.map(|c| serde_json::to_string(&c)) {
            Ok(Ok(line)) => line,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "checkpoint not written");
                continue;
            }
            Err(e) => {
                tracing::error!(error = %e, "checkpoint not written");
                continue;
            }
        };
        let written =
            std::fs::OpenOptions::new().create(true).append(true).open(&file).and_then(|mut f| {
                use std::io::Write;
                writeln!(f, "{line}")?;
                f.sync_all()
            });
        match written {
            Ok(()) => tracing::info!(file = %file.display(), "audit checkpoint written"),
            Err(e) => tracing::error!(error = %e, file = %file.display(), "checkpoint not written"),
        }
    }
}
