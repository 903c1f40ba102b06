//! `embargo screen` (placeholder until its issue lands).

use std::process::ExitCode;

use crate::global::GlobalArgs;

/// Arguments of `embargo screen`.
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Runs the command.
pub async fn run(_args: Args, _global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`embargo screen` is not implemented yet")
}
