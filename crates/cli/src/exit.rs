//! Exit codes and how errors are printed.

use std::process::ExitCode;

/// An error caused by the user's input (a file, an argument, a field): exit code 2.
///
/// Wrap such errors with [`input`] so `main` can tell them from internal failures (exit code 1).
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Builds an input error (exit code 2) from anything displayable.
pub fn input(message: impl std::fmt::Display) -> anyhow::Error {
    anyhow::Error::new(InputError(message.to_string()))
}

/// The exit code of an engine error, from its stable code: what the user gave is wrong or
/// refused (`invalid_input`, `not_found`, `refused`, `forbidden`, `unauthenticated`) exits 2;
/// a conflict with the store's state (a stale version, a reused idempotency key), a busy or a
/// broken store (`conflict`, `busy`, `internal`) exits 1 — trying again may succeed.
pub fn engine(e: embargo_engine::EngineError) -> anyhow::Error {
    match e.code() {
        "conflict" | "busy" | "internal" => anyhow::Error::new(e),
        _ => input(e),
    }
}

/// Exit code for invalid input.
pub const INPUT: u8 = 2;
/// Exit code for any other failure.
pub const FAILURE: u8 = 1;

/// Prints the error chain to stderr and picks the exit code.
pub fn report(err: &anyhow::Error) -> ExitCode {
    eprintln!("error: {err:#}");
    if err.chain().any(|cause| cause.is::<InputError>()) {
        ExitCode::from(INPUT)
    } else {
        ExitCode::from(FAILURE)
    }
}
