//! Options every command shares, and how the store is opened.

use std::path::PathBuf;

use anyhow::Context;

/// Options that apply to every command.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Database URL (`sqlite:///path/embargo.db` or `postgres://…`). Defaults to a SQLite file in
    /// the per-user data directory.
    #[arg(long = "db", env = "EMBARGO_DB", global = true, hide_env_values = true)]
    pub db: Option<String>,
    /// Directory of regime data files. Defaults to the `regimes/` shipped with embargo.
    #[arg(long = "regimes", env = "EMBARGO_REGIMES", global = true)]
    pub regimes: Option<PathBuf>,
}

impl GlobalArgs {
    /// The database URL to use: `--db`, then `EMBARGO_DB`, then the per-user default.
    pub fn db_url(&self) -> anyhow::Result<String> {
        if let Some(url) = &self.db {
            return Ok(url.clone());
        }
        let dir = dirs::data_dir()
            .or_else(|| dirs::home_dir().map(|h| h.join(".local/share")))
            .context("cannot find a per-user data directory; pass --db")?
            .join("embargo");
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create data directory {}", dir.display()))?;
        Ok(format!("sqlite://{}", dir.join("embargo.db").display()))
    }

    /// Opens (and migrates) the store.
    pub async fn store(&self) -> anyhow::Result<embargo_store::Store> {
        let url = self.db_url()?;
        embargo_store::Store::connect(&url)
            .await
            .with_context(|| format!("cannot open the store at {}", embargo_store::redact(&url)))
    }

    /// The rules: from `--regimes DIR` / `EMBARGO_REGIMES` when given, else the regime data
    /// compiled into the binary.
    pub fn rules(&self) -> anyhow::Result<embargo_engine::Rules> {
        let rules = match &self.regimes {
            Some(dir) => embargo_engine::Rules::load(dir),
            None => embargo_engine::Rules::embedded(),
        };
        rules.map_err(|e| match e {
            embargo_engine::EngineError::Invalid { .. } => crate::exit::input(e),
            other => anyhow::Error::new(other),
        })
    }

    /// The engine on the store at `url` (e.g. an empty in-memory one) and the rules.
    pub async fn engine_on(&self, url: &str) -> anyhow::Result<embargo_engine::Engine> {
        let rules = std::sync::Arc::new(self.rules()?);
        let store = embargo_store::Store::connect(url)
            .await
            .with_context(|| format!("cannot open the store at {}", embargo_store::redact(url)))?;
        Ok(embargo_engine::Engine::new(
            store,
            rules,
            std::sync::Arc::new(embargo_engine::SystemClock),
        ))
    }

    /// The engine on the store and the rules. On a local SQLite store, commands may simulate
    /// procedure time (`--now`); on a shared store they may not.
    pub async fn engine(&self) -> anyhow::Result<embargo_engine::Engine> {
        let rules = std::sync::Arc::new(self.rules()?);
        let store = self.store().await?;
        let local = store.backend() == embargo_store::Backend::Sqlite;
        let engine = embargo_engine::Engine::new(
            store,
            rules,
            std::sync::Arc::new(embargo_engine::SystemClock),
        );
        Ok(if local { engine.allow_simulated_time() } else { engine })
    }
}

/// Sets up `tracing` to stderr, filtered by `EMBARGO_LOG` (default: warnings).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("EMBARGO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// The file of a SQLite URL (`sqlite:///path/x.db`, `sqlite:x.db`), or `None`.
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path.contains(":memory:") {
        return None;
    }
    Some(std::path::PathBuf::from(path))
}
