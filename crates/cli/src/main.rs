//! `embargo`: the command-line front end.
//!
//! This is the only crate that uses `anyhow` and the only `main`.
//! Exit codes: 0 success (any verdict); 2 invalid input or usage (the message names the file,
//! line or field); 1 any other failure (database, network, IO).

mod cmd;
mod exit;
mod global;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc rather than the system allocator: screening allocates many small, short-lived
/// buffers per name (prepared tokens, candidate pairs); glibc's allocator took about 15 % of
/// a profile of screening, and with mimalloc bulk screening runs about a quarter faster
/// (`bench/screening/speed_vs_rapidfuzz.sh`, `bulk_vs_base.sh`; figures in
/// `bench/screening/README.md`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Arms embargoes and sanctions: rules as cited data, transfer checks, list screening and the
/// exemption procedure of a UN sanctions committee.
#[derive(Debug, Parser)]
#[command(name = "embargo", version, about)]
struct Cli {
    #[command(flatten)]
    global: global::GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a proposed transfer against the UN arms embargoes.
    Check(cmd::check::Args),
    /// Inspect and validate the regime data files.
    #[command(subcommand)]
    Regimes(cmd::regimes::Command),
    /// Import, list, diff and fetch official sanctions lists.
    Lists(cmd::lists::Args),
    /// Screen names against the stored sanctions lists.
    Screen(cmd::screen::Args),
    /// Match FollowTheMoney entities as yente's `POST /match/{dataset}` does.
    Match(cmd::matching::Args),
    /// Exemption requests and the committee procedure.
    #[command(subcommand)]
    Request(cmd::request::Command),
    /// Verify the hash-chained audit log; sign checkpoints of it.
    #[command(subcommand)]
    Audit(cmd::audit::Command),
    /// Accounts of the service (`embargo serve`).
    #[command(subcommand)]
    Users(cmd::users::Command),
    /// Webhooks: who is told of list updates and new alerts; the delivery log.
    #[command(subcommand)]
    Webhooks(cmd::webhooks::Command),
    /// Serve the HTTP API.
    Serve(cmd::serve::Args),
    /// Subjects under continuous screening: add, list, remove, screen.
    #[command(subcommand)]
    Watch(cmd::watch::WatchCommand),
    /// Alerts raised on watched subjects: list, show, decide.
    #[command(subcommand)]
    Alerts(cmd::watch::AlertsCommand),
    /// Screen job chunks from a NATS JetStream work queue (scale-out; see `screen --via`).
    Worker(cmd::worker::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        global::init_tracing();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(run(cli));
    match result {
        Ok(code) => code,
        Err(err) => exit::report(&err),
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let global = cli.global;
    match cli.command {
        Command::Check(args) => cmd::check::run(args, &global).await,
        Command::Regimes(command) => cmd::regimes::run(command, &global),
        Command::Lists(args) => cmd::lists::run(args, &global).await,
        Command::Screen(args) => cmd::screen::run(args, &global).await,
        Command::Match(args) => cmd::matching::run(args, &global).await,
        Command::Request(command) => cmd::request::run(command, &global).await,
        Command::Audit(command) => cmd::audit::run(command, &global).await,
        Command::Users(command) => cmd::users::run(command, &global).await,
        Command::Webhooks(command) => cmd::webhooks::run(command, &global).await,
        Command::Serve(args) => cmd::serve::run(args, &global).await,
        Command::Watch(command) => cmd::watch::run_watch(command, &global).await,
        Command::Alerts(command) => cmd::watch::run_alerts(command, &global).await,
        Command::Worker(args) => cmd::worker::run(args, &global).await,
    }
}
