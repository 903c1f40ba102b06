//! `embargo audit` (placeholder until its issue lands).

use std::process::ExitCode;

use crate::global::GlobalArgs;

/// Subcommands of `embargo audit`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Placeholder.
    Placeholder,
}

/// Runs the command.
pub async fn run(_command: Command, _global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`embargo audit` is not implemented yet")
}
