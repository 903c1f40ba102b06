//! The store's one error type.

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database reported an error.
    #[error("database error: {0}")]
    Db(sqlx::Error),
    /// SQLite's write lock stayed held by another process for longer than
    /// [`crate::BUSY_TIMEOUT`]: one clear message instead of the driver's repeated one.
    #[error(
        "the store is busy (another process has held its write lock for more than {} s); try again",
        crate::BUSY_TIMEOUT.as_secs()
    )]
    Busy,
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The thing asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// A concurrent change won, or an idempotency key was reused with other content.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The caller's input was rejected.
    #[error("invalid: {0}")]
    Invalid(String),
    /// Stored data could not be read back (a row that fails validation).
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if is_busy(&e) {
            StoreError::Busy
        } else {
            StoreError::Db(e)
        }
    }
}

/// SQLite's "database is locked" (`SQLITE_BUSY` and its extended codes), once the busy timeout
/// has run out.
fn is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            let code = db.code();
            let code = code.as_deref().and_then(|c| c.parse::<i32>().ok());
            code.is_some_and(|c| c & 0xFF == 5)
        }
        _ => false,
    }
}
