//! The engine's one error type, with stable codes: the CLI's exit codes and the API's HTTP
//! statuses are both derived from [`EngineError::code`].

use embargo_domain::procedure::machine::Refusal;
use embargo_domain::procedure::Problem;
use embargo_store::StoreError;

/// Everything a use case can answer instead of a result.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The input is wrong; `field` is the path of the offending field when there is one.
    #[error("{}{message}", field.as_deref().map(|f| format!("{f}: ")).unwrap_or_default())]
    Invalid {
        /// Field path (e.g. `command.reason`), if known.
        field: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// No credentials, or credentials that are not valid.
    #[error("not authenticated: {0}")]
    Unauthenticated(String),
    /// The account may not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The thing asked for does not exist (or the account may not know it exists).
    #[error("not found: {0}")]
    NotFound(String),
    /// A concurrent change won, a version did not match, or a key was reused.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The procedure refuses the command.
    #[error("refused: {0}")]
    Refused(Refusal),
    /// The store is busy (another writer holds the lock too long).
    #[error("{0}")]
    Busy(String),
    /// Anything else: the store, corrupt data, the environment.
    #[error("{0}")]
    Internal(String),
}

impl EngineError {
    /// The stable code of the error: `invalid_input`, `unauthenticated`, `forbidden`,
    /// `not_found`, `conflict`, `refused`, `busy`, `internal`.
    pub fn code(&self) -> &'static str {
        match self {
            EngineError::Invalid { .. } => "invalid_input",
            EngineError::Unauthenticated(_) => "unauthenticated",
            EngineError::Forbidden(_) => "forbidden",
            EngineError::NotFound(_) => "not_found",
            EngineError::Conflict(_) => "conflict",
            EngineError::Refused(_) => "refused",
            EngineError::Busy(_) => "busy",
            EngineError::Internal(_) => "internal",
        }
    }

    /// An input error without a field path.
    pub fn invalid(message: impl std::fmt::Display) -> EngineError {
        EngineError::Invalid { field: None, message: message.to_string() }
    }

    /// An input error naming a field.
    pub fn invalid_field(field: &str, message: impl std::fmt::Display) -> EngineError {
        EngineError::Invalid { field: Some(field.to_owned()), message: message.to_string() }
    }

    /// The validation problems of a refusal, if it is one.
    pub fn problems(&self) -> &[Problem] {
        match self {
            EngineError::Refused(Refusal::NotValid(p)) => p,
            _ => &[],
        }
    }
}

impl From<StoreError> for EngineError {
    fn from(e: StoreError) -> EngineError {
        match e {
            StoreError::NotFound(m) => EngineError::NotFound(m),
            StoreError::Conflict(m) => EngineError::Conflict(m),
            StoreError::Invalid(m) => EngineError::invalid(m),
            e @ StoreError::Busy => EngineError::Busy(e.to_string()),
            other => EngineError::Internal(other.to_string()),
        }
    }
}
