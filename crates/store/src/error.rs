//! The store's one error type.

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database reported an error.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
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
