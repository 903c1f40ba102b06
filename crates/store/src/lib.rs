//! Persistence for embargo, on SQLite (the embedded default) or PostgreSQL.
//!
//! One [`Store`] wraps an `sqlx::AnyPool`; the backend is picked once, from the URL scheme.
//! Queries are runtime `sqlx::query` with `$N` placeholders, which both backends accept, so each
//! query is written once; only the migrations differ per backend (`migrations/{sqlite,postgres}`).
//!
//! Architecture invariants:
//! - Only this crate names sqlx.
//! - Every state change is written in the same transaction as its audit event.
//! - An import of a list version is atomic: a failed import leaves the previous current version.

pub mod accounts;
pub mod audit;
pub mod error;
pub mod jobs;
pub mod lists;
pub mod requests;
pub mod sessions;
pub mod watch;
pub mod webhooks;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use error::StoreError;

/// How long a SQLite command waits for another process's write lock before giving up with
/// [`StoreError::Busy`] (SQLite's `busy_timeout`).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How often opening a SQLite store retries migrations that another process applied at the
/// same moment (SQLite has no migration lock: the loser sees "table … already exists").
const MIGRATE_ATTEMPTS: u32 = 10;

/// Which database engine a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, one file (WAL mode).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A connected, migrated store.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the URL: it may carry a password.
        f.debug_struct("Store").field("backend", &self.backend).finish_non_exhaustive()
    }
}

impl Store {
    /// Connects to `url` (`sqlite:///path/file.db`, `sqlite::memory:`, `postgres://…`),
    /// creating the SQLite file if needed, and runs the migrations.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::Invalid(format!(
                "unsupported database URL scheme in `{}` (expected sqlite: or postgres://)",
                redact(url)
            )));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") && !url.contains(":memory:") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let mut pool_options = AnyPoolOptions::new();
        if backend == Backend::Sqlite {
            // Each connection to `:memory:` is its own empty database: one connection only.
            let max = if url.contains(":memory:") { 1 } else { 8 };
            pool_options = pool_options.max_connections(max).after_connect(|conn, _meta| {
                Box::pin(async move {
                    // The busy timeout first: switching a fresh file to WAL needs a lock that
                    // another process opening the same file at once may hold.
                    let busy = format!("PRAGMA busy_timeout={}", BUSY_TIMEOUT.as_millis());
                    conn.execute(busy.as_str()).await?;
                    conn.execute("PRAGMA journal_mode=WAL").await?;
                    conn.execute("PRAGMA synchronous=FULL").await?;
                    conn.execute("PRAGMA foreign_keys=ON").await?;
                    Ok(())
                })
            });
        }
        let pool = pool_options.connect_with(options).await?;
        let store = Store { pool, backend };
        store.migrate().await?;
        Ok(store)
    }

    /// Runs the pending migrations. PostgreSQL serialises concurrent migrators with an advisory
    /// lock; SQLite has none, so two processes opening a fresh file at once may both try the
    /// same migration and the loser fails ("table … already exists") after the winner committed.
    /// Each migration is one transaction, so the loser changed nothing: it simply runs the
    /// migrator again, which now finds that migration applied.
    async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&self.pool).await?,
            Backend::Sqlite => {
                let migrator = sqlx::migrate!("./migrations/sqlite");
                let mut attempt = 1;
                loop {
                    match migrator.run(&self.pool).await {
                        Ok(()) => break,
                        Err(e) if attempt < MIGRATE_ATTEMPTS => {
                            tracing::debug!(attempt, error = %e, "migration raced; retrying");
                            tokio::time::sleep(Duration::from_millis(20 * u64::from(attempt)))
                                .await;
                            attempt += 1;
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
            }
        }
        Ok(())
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The underlying pool, for the modules of this crate.
    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes every connection (waits for them to be returned).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Hides a password in a database URL.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}://{}:***@{}", &url[..scheme_end], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}
