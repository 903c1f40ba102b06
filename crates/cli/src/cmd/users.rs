//! `embargo users`: accounts of the service. `users add` prints the account's API token
//! alone on its last line: it is shown once and stored only as a hash.

use std::process::ExitCode;

use embargo_engine::accounts::Role;

use crate::cmd::regimes::Format;
use crate::cmd::request::engine_err;
use crate::global::GlobalArgs;

/// Subcommands of `embargo users`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create an account; its token is printed alone on the last line (shown once).
    Add {
        /// Account name (1-64 of A-Z a-z 0-9 - _ .). A secretariat account's name must be one
        /// of the secretariat's identifiers in `regimes/procedure/committee-offices.json`.
        name: String,
        /// submitter, member, chair, secretariat, panel, licensing, analyst, auditor or admin.
        #[arg(long)]
        role: String,
        /// The State a member or chair account acts for (ISO alpha-2).
        #[arg(long)]
        state: Option<String>,
        /// The submitter identity a submitter account acts as (default: its name).
        #[arg(long)]
        submitter: Option<String>,
    },
    /// List the accounts (never their tokens).
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Revoke an account: its token stops working at once.
    Revoke {
        /// Account name.
        name: String,
    },
}

/// Runs the command. Accounts changed from the CLI are logged as made by `cli` (whoever can
/// run the CLI on the store administers it).
pub async fn run(command: Command, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let engine = global.engine().await?;
    match command {
        Command::Add { name, role, state, submitter } => {
            let role = Role::parse(&role).map_err(engine_err)?;
            let new = engine
                .add_account(&name, role, state.as_deref(), submitter.as_deref(), "cli")
                .await
                .map_err(engine_err)?;
            let a = &new.account;
            let acts_for = a.state.as_deref().or(a.submitter.as_deref()).unwrap_or("-");
            println!(
                "account {} ({}, acts for {acts_for}) created; its token, shown once:",
                a.name, a.role
            );
            println!("{}", new.token);
        }
        Command::List { format } => {
            let accounts = engine.accounts().await.map_err(engine_err)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&accounts)?),
                Format::Text => {
                    for a in &accounts {
                        println!(
                            "{:<24} {:<12} {:<16} created {}{}",
                            a.name,
                            a.role,
                            a.state.as_deref().or(a.submitter.as_deref()).unwrap_or("-"),
                            a.created_at,
                            a.revoked_at
                                .as_deref()
                                .map(|r| format!(", revoked {r}"))
                                .unwrap_or_default()
                        );
                    }
                    if accounts.is_empty() {
                        println!("no accounts");
                    }
                }
            }
        }
        Command::Revoke { name } => {
            let a = engine.revoke_account(&name, "cli").await.map_err(engine_err)?;
            println!("account {} revoked at {}", a.name, a.revoked_at.unwrap_or_default());
        }
    }
    Ok(ExitCode::SUCCESS)
}
