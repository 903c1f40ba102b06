//! `embargo watch` (subjects under continuous screening) and `embargo alerts` (their hits, and
//! the decisions on them).
//!
//! Decisions are taken on an alert: `embargo alerts decide ID --outcome cleared --reason …`,
//! as `POST /v1/alerts/{id}/decision` on the API. The alert names the subject, the record and
//! the fingerprint of the record's content the decision is about.

use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use embargo_engine::watch::{read_subjects_csv, AlertView, ScreenReport, ORIGIN_WATCH};
use embargo_store::watch::AlertRow;

use crate::cmd::regimes::Format;
use crate::cmd::request::engine_err;
use crate::exit;
use crate::global::GlobalArgs;

/// Errors reported at once when a subjects file is checked before it is registered.
const MAX_REPORTED: usize = 20;

/// Who acts, for the log.
#[derive(Debug, Clone, clap::Args)]
pub struct ActorArg {
    /// Who acts (recorded in the audit log); default `cli`.
    #[arg(long, env = "EMBARGO_ACTOR", default_value = "cli")]
    pub actor: String,
}

impl ActorArg {
    fn checked(&self) -> anyhow::Result<&str> {
        let a = self.actor.trim();
        if a.is_empty() {
            return Err(exit::input("--actor: empty"));
        }
        embargo_domain::text::check_identifier("--actor", a).map_err(exit::input)?;
        Ok(a)
    }
}

/// Subcommands of `embargo watch`.
#[derive(Debug, clap::Subcommand)]
pub enum WatchCommand {
    /// Register subjects from a CSV file (`id,name,kind[,aliases,birth_date,nationality,documents]`,
    /// aliases and documents `;`-separated) and screen them against the current lists.
    Add {
        /// The CSV file.
        #[arg(long)]
        input: PathBuf,
        /// Register only; screen later with `embargo watch screen`.
        #[arg(long)]
        no_screen: bool,
        #[command(flatten)]
        actor: ActorArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// List the subjects under watch, by id.
    List {
        /// Start after this id.
        #[arg(long)]
        after: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 1000)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Stop watching a subject (its open alerts are closed; its id is not reused).
    Remove {
        /// The subject's id.
        id: String,
        #[command(flatten)]
        actor: ActorArg,
    },
    /// Re-screen after a list update made with `lists import --no-rescreen`: every subject
    /// against the records added or changed from version FROM to the current version TO, and
    /// the subjects with open alerts on changed or removed records (`--full`: everything).
    Rescreen {
        /// The previous version of the list.
        #[arg(long)]
        from: i64,
        /// The new (current) version.
        #[arg(long)]
        to: i64,
        /// Screen every subject against every record instead.
        #[arg(long)]
        full: bool,
        /// Hand the incremental re-screen to the `embargo worker`s of `--queue` on this NATS
        /// server, in ranges of `--chunk-subjects` subjects (with no worker pulling, it runs here).
        #[arg(long, conflicts_with = "full")]
        via: Option<String>,
        /// With `--via`: the queue the workers pull from.
        #[arg(long, default_value = "embargo", requires = "via")]
        queue: String,
        /// With `--via`: subjects per chunk.
        #[arg(long = "chunk-subjects", default_value_t = 5_000, requires = "via", value_parser = clap::value_parser!(u64).range(1..))]
        chunk_subjects: u64,
        #[command(flatten)]
        actor: ActorArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Screen every subject against the current lists (full re-screen).
    Screen {
        #[command(flatten)]
        actor: ActorArg,
        /// Only the subjects registered or changed and not screened since (what a crash between
        /// a registration and its screening left; `embargo serve` does this on every index poll).
        #[arg(long)]
        pending: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// Subcommands of `embargo alerts`.
#[derive(Debug, clap::Subcommand)]
pub enum AlertsCommand {
    /// Alerts, newest first.
    List {
        /// Only open alerts.
        #[arg(long)]
        open: bool,
        /// At most this many.
        #[arg(long, default_value_t = 1000)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// One alert: the hit, its explanation, the list change that raised it, the decisions.
    Show {
        /// The alert id.
        id: i64,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Decide on an alert: `confirmed` (a true match), `cleared` (a false positive: stays
    /// cleared until the record's identifying content changes) or `escalated` (stays open).
    Decide {
        /// The alert id.
        id: i64,
        /// confirmed, cleared or escalated.
        #[arg(long)]
        outcome: String,
        /// Why (at least 10 characters).
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: ActorArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

fn print_report(report: &ScreenReport) {
    let lists: Vec<String> = report
        .lists
        .iter()
        .map(|v| {
            format!(
                "{} version {} ({})",
                v.source,
                v.id,
                v.published.map(|d| d.to_string()).unwrap_or_else(|| "undated".into())
            )
        })
        .collect();
    println!(
        "screened {} subjects ({} mode, {} records in scope) against {}: {} hits, {} alerts raised, {} closed, {} suppressed by decisions, {} kept open",
        report.subjects_screened,
        report.mode,
        report.records_in_scope,
        if lists.is_empty() { "no stored list".to_owned() } else { lists.join(", ") },
        report.hits,
        report.raised,
        report.closed,
        report.suppressed,
        report.kept
    );
    if let Some(d) = &report.dispatched {
        println!(
            "on the screening workers: job {}, {} chunks, workers {}",
            d.job,
            d.chunks,
            d.workers.join(", ")
        );
    }
}

/// Runs `embargo watch …`.
pub async fn run_watch(command: WatchCommand, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    match command {
        WatchCommand::Add { input, no_screen, actor, format } => {
            let actor = actor.checked()?.to_owned();
            let open = || -> anyhow::Result<BufReader<std::fs::File>> {
                Ok(BufReader::new(
                    std::fs::File::open(&input)
                        .with_context(|| format!("cannot open {}", input.display()))?,
                ))
            };
            // First pass: every bad row at once, before anything is written.
            let mut errors = Vec::new();
            let mut rows = 0u64;
            for row in read_subjects_csv(open()?, ORIGIN_WATCH) {
                match row {
                    Ok(_) => rows += 1,
                    Err(e) => {
                        errors.push(format!("{}: {e}", input.display()));
                        if errors.len() >= MAX_REPORTED {
                            errors.push("(further rows not checked)".into());
                            break;
                        }
                    }
                }
            }
            if !errors.is_empty() {
                return Err(exit::input(format!(
                    "{} bad row(s); nothing registered:\n{}",
                    errors.len(),
                    errors.join("\n")
                )));
            }
            let engine = global.engine().await?;
            let rows_iter = read_subjects_csv(open()?, ORIGIN_WATCH);
            let registration = if no_screen {
                let registered = engine.add_subjects(rows_iter, &actor).await.map_err(add_err)?;
                embargo_engine::watch::Registration { registered, screening: None }
            } else {
                engine.add_and_screen_subjects(rows_iter, &actor).await.map_err(add_err)?
            };
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&registration)?),
                Format::Text => {
                    println!(
                        "registered {} subjects from {} ({} already registered, unchanged; {rows} rows)",
                        registration.registered.added,
                        input.display(),
                        registration.registered.unchanged
                    );
                    if let Some(r) = &registration.screening {
                        print_report(r);
                    }
                }
            }
        }
        WatchCommand::List { after, limit, format } => {
            let engine = global.engine().await?;
            let subjects = engine.subjects(after.as_deref(), limit).await.map_err(engine_err)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&subjects)?),
                Format::Text => {
                    for s in &subjects {
                        let s = &s.subject;
                        let extra: Vec<String> = [
                            (!s.aliases.is_empty())
                                .then(|| format!("aka {}", s.aliases.join("; "))),
                            s.birth_date.as_ref().map(|b| format!("born {b}")),
                            s.nationality.as_ref().map(|n| format!("nationality {n}")),
                            (!s.documents.is_empty())
                                .then(|| format!("documents {}", s.documents.join("; "))),
                        ]
                        .into_iter()
                        .flatten()
                        .collect();
                        println!(
                            "{:<24} {:<8} {}{}",
                            s.id,
                            s.kind,
                            s.name,
                            if extra.is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", extra.join(", "))
                            }
                        );
                    }
                    if subjects.is_empty() {
                        println!("no subjects under watch");
                    }
                }
            }
        }
        WatchCommand::Remove { id, actor } => {
            let engine = global.engine().await?;
            let removed = engine.remove_subject(&id, actor.checked()?).await.map_err(engine_err)?;
            println!(
                "subject {} removed at {}; its open alerts are closed",
                removed.subject.id,
                removed.removed_at.unwrap_or_default()
            );
        }
        WatchCommand::Rescreen { from, to, full, via, queue, chunk_subjects, actor, format } => {
            let mut engine = global.engine().await?;
            if let Some(url) = via {
                let queue =
                    embargo_worker::queue::Queue::new(&queue).map_err(crate::exit::input)?;
                let client = embargo_worker::queue::connect(&url).await?;
                let rescreener = embargo_worker::catchup::WorkerRescreener::new(
                    client,
                    queue,
                    usize::try_from(chunk_subjects).unwrap_or(usize::MAX),
                )
                .map_err(crate::exit::input)?;
                engine = engine.with_rescreener(std::sync::Arc::new(rescreener));
            }
            let report = engine
                .rescreen_between(from, to, full, actor.checked()?)
                .await
                .map_err(engine_err)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                Format::Text => print_report(&report),
            }
        }
        WatchCommand::Screen { actor, pending, format } => {
            let engine = global.engine().await?;
            let report = if pending {
                engine.screen_pending(actor.checked()?).await
            } else {
                engine.screen_subjects(actor.checked()?).await
            }
            .map_err(engine_err)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                Format::Text => print_report(&report),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A subject id already taken with other content is the file's problem (exit 2).
fn add_err(e: embargo_engine::EngineError) -> anyhow::Error {
    match e {
        embargo_engine::EngineError::Conflict(_) => exit::input(e),
        other => engine_err(other),
    }
}

fn alert_line(a: &AlertRow) -> String {
    format!(
        "{:>6} {:<6} {:<24} {:<16} {:.2} {} -> {}  [{}]",
        a.id,
        a.status,
        a.alert.subject_id,
        a.alert.record_id,
        a.alert.score,
        a.alert.hit.get("query").and_then(|v| v.as_str()).unwrap_or("?"),
        a.alert.hit.get("listed_name").and_then(|v| v.as_str()).unwrap_or("?"),
        a.alert.change
    )
}

fn print_alert(v: &AlertView) {
    let a = &v.alert;
    println!("alert {} ({})", a.id, a.status);
    if let Some(s) = &v.subject {
        println!(
            "  subject   {} `{}` ({}, origin {})",
            s.subject.id, s.subject.name, s.subject.kind, s.subject.origin
        );
    } else {
        println!("  subject   {}", a.alert.subject_id);
    }
    let hit = &a.alert.hit;
    let text = |k: &str| hit.get(k).and_then(|v| v.as_str()).unwrap_or("?").to_owned();
    println!(
        "  record    {} `{}` (matched name `{}`, queried `{}`), score {:.3}",
        a.alert.record_id,
        text("listed_name"),
        text("matched_name"),
        text("query"),
        a.alert.score
    );
    if let Some(alignments) = hit.pointer("/explanation/alignments").and_then(|v| v.as_array()) {
        for al in alignments {
            println!("            {al}");
        }
    }
    println!(
        "  raised    {} by list version {}: {}",
        a.raised_at, a.alert.list_version, a.alert.change
    );
    println!("  lists     {}", a.alert.lists);
    println!("  content   fingerprint {} {}", a.alert.fingerprint, a.alert.identity);
    if let Some(reason) = &a.closed_reason {
        println!("  closed    {} ({reason})", a.closed_at.as_deref().unwrap_or("?"));
    }
    for d in &v.decisions {
        println!(
            "  decision  {} {} by {} at {} (fingerprint {}): {}",
            d.id, d.outcome, d.actor, d.decided_at, d.fingerprint, d.reason
        );
    }
}

/// Runs `embargo alerts …`.
pub async fn run_alerts(command: AlertsCommand, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let engine = global.engine().await?;
    match command {
        AlertsCommand::List { open, limit, format } => {
            let alerts = engine.alerts(open, limit).await.map_err(engine_err)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&alerts)?),
                Format::Text => {
                    for a in &alerts {
                        println!("{}", alert_line(a));
                    }
                    if alerts.is_empty() {
                        println!("no {}alerts", if open { "open " } else { "" });
                    }
                }
            }
        }
        AlertsCommand::Show { id, format } => {
            let view = engine.alert(id).await.map_err(engine_err)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&view)?),
                Format::Text => print_alert(&view),
            }
        }
        AlertsCommand::Decide { id, outcome, reason, actor, format } => {
            let view =
                engine.decide(id, &outcome, &reason, actor.checked()?).await.map_err(engine_err)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&view)?),
                Format::Text => print_alert(&view),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
