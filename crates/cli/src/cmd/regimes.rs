//! `embargo regimes` (placeholder until its issue lands).

use std::process::ExitCode;

use crate::global::GlobalArgs;

/// Subcommands of `embargo regimes`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Placeholder.
    Placeholder,
}

/// Runs the command.
pub fn run(_command: Command, _global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`embargo regimes` is not implemented yet")
}
