//! `embargo audit`: verify the hash-chained audit log, or print it.
//!
//! `audit verify` re-computes every event's SHA-256 link and compares the end of the chain
//! with the head recorded by the last command; it exits 0 when the log is intact and 1 naming
//! each changed, missing or reordered event otherwise.

use std::process::ExitCode;

use crate::cmd::regimes::Format;
use crate::global::GlobalArgs;

/// Subcommands of `embargo audit`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Verify the whole chain; name every event that was changed, deleted or reordered.
    Verify {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Print the audit events (all, or those of one request).
    Log {
        /// Only the events of this request.
        #[arg(long)]
        request: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// Runs the command.
pub async fn run(command: Command, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let store = global.store().await?;
    match command {
        Command::Verify { format } => {
            let report = store.verify_audit().await?;
            match format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({
                        "ok": report.ok(),
                        "events": report.verification.events,
                        "head": report.verification.head,
                        "recorded_head": { "seq": report.recorded_head.0, "hash": report.recorded_head.1 },
                        "breaks": report.verification.breaks,
                    }))?
                ),
                Format::Text => {
                    if report.ok() {
                        println!(
                            "audit log intact: {} event(s), head {}",
                            report.verification.events, report.verification.head
                        );
                    } else {
                        println!(
                            "audit log BROKEN: {} problem(s) in {} event(s)",
                            report.verification.breaks.len(),
                            report.verification.events
                        );
                        for b in &report.verification.breaks {
                            let kind = serde_json::to_value(&b.kind)?;
                            println!(
                                "  event {}: {} — {}",
                                b.seq,
                                kind.as_str().unwrap_or("?"),
                                b.message
                            );
                        }
                    }
                }
            }
            Ok(if report.ok() { ExitCode::SUCCESS } else { ExitCode::from(crate::exit::FAILURE) })
        }
        Command::Log { request, format } => {
            let events = store.audit_events(request.as_deref()).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&events)?),
                Format::Text => {
                    for e in &events {
                        println!(
                            "#{} {} {} {} by {}: {} -> {} {} {}",
                            e.seq,
                            e.body.at,
                            e.body.case,
                            e.body.kind,
                            e.body.actor,
                            e.body.from,
                            e.body.to,
                            &e.hash[..16],
                            embargo_domain::procedure::audit::canonical_json(&e.body.data)
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
