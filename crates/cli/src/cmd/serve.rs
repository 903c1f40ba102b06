//! `embargo serve`: the HTTP API (see `embargo-server`), SQLite by default, PostgreSQL with
//! `--db postgres://…` (several servers against one PostgreSQL are safe: they share nothing
//! but the database). SIGTERM finishes in-flight requests, then exits.

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
    let engine =
        embargo_engine::Engine::new(store, rules, std::sync::Arc::new(embargo_engine::SystemClock));
    let records = engine.reload_index().await.context("cannot load the screening index")?;
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
