//! `embargo request`: exemption requests and the committee procedure.
//!
//! Every mutating subcommand takes `--actor role:id` (or `EMBARGO_ACTOR`), an optional
//! `--now` (RFC 3339; default: the real clock — the only place the clock is read),
//! `--idempotency-key` and `--expect-version`, runs one store transaction and prints the
//! outcome as text or JSON. `request batch` reads commands as JSON lines and acknowledges each
//! on stdout once it is committed (used for scripting and by the crash test).
//!
//! Exit codes: 0 accepted; 2 refused by the procedure or invalid input (the message names the
//! field); 1 any other failure (including a concurrency conflict: reload and retry).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use embargo_domain::procedure::intent::Intent;
use embargo_domain::procedure::machine::{
    date_in, date_of, Actor, DeliveryLine, ItemApproval, Refusal,
};
use embargo_domain::procedure::RequestContent;
use embargo_engine::requests::ActOptions;
use embargo_engine::{Engine, EngineError};
use embargo_store::requests::Outcome;
use jiff::Timestamp;

mod batch;
mod render;

use render::{case_text, outcome_text, problems_text, refusal_json};

use crate::cmd::regimes::{parse_date, Format};
use crate::exit;
use crate::global::GlobalArgs;

/// Options shared by the commands that change a request.
#[derive(Debug, Clone, clap::Args)]
pub struct Acting {
    /// Who acts: `submitter:ID`, `member:XX` (ISO code), `chair:ID`, `secretariat:ID`,
    /// `panel:ID`, `system:ID`.
    #[arg(long, env = "EMBARGO_ACTOR")]
    pub actor: Option<String>,
    /// The time of the action (RFC 3339, e.g. `2016-06-24T10:00:00Z`); default: now.
    #[arg(long)]
    pub now: Option<String>,
    /// Idempotency key: repeating a command with the same key returns the first outcome.
    #[arg(long = "idempotency-key")]
    pub idempotency_key: Option<String>,
    /// Refuse with a conflict unless the request is at this version.
    #[arg(long = "expect-version")]
    pub expect_version: Option<i64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Subcommands of `embargo request`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create a draft from a request JSON file (see `examples/requests/`).
    New {
        /// Reference of the new request, e.g. `LY-2016-014`.
        reference: String,
        /// Request JSON file, or `-` for stdin.
        #[arg(long)]
        file: PathBuf,
        #[command(flatten)]
        acting: Acting,
    },
    /// Replace the content of a draft.
    Amend {
        /// The request.
        reference: String,
        /// Request JSON file, or `-` for stdin.
        #[arg(long)]
        file: PathBuf,
        #[command(flatten)]
        acting: Acting,
    },
    /// Validate a stored draft (or a file) against its ground as of a date; all problems at once.
    Validate {
        /// The request (omit with --file).
        reference: Option<String>,
        /// Validate this request JSON file instead of a stored draft.
        #[arg(long)]
        file: Option<PathBuf>,
        /// Submission date to validate for (default: today, or the date of --now).
        #[arg(long = "as-of")]
        as_of: Option<String>,
        /// Time used when --as-of is absent (RFC 3339).
        #[arg(long)]
        now: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Clear a screening hit on a party, with a reason.
    Clear {
        /// The request.
        reference: String,
        /// Index of the party in `parties`.
        #[arg(long)]
        party: usize,
        /// Reference of the listed entry, e.g. `LYi.013`.
        #[arg(long = "listed")]
        listed: String,
        /// Why the hit is not the party.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        acting: Acting,
    },
    /// File the request under its ground as in force today (validated, parties screened).
    Submit {
        /// The request.
        reference: String,
        #[command(flatten)]
        acting: Acting,
    },
    /// Circulate it to the committee members.
    Circulate {
        /// The request.
        reference: String,
        #[command(flatten)]
        acting: Acting,
    },
    /// Place a hold (members).
    Hold {
        /// The request.
        reference: String,
        /// Why.
        #[arg(long)]
        reason: String,
        /// Information asked for.
        #[arg(long)]
        info: Option<String>,
        #[command(flatten)]
        acting: Acting,
    },
    /// Extend one's hold within the regime's limit.
    ExtendHold {
        /// The request.
        reference: String,
        /// Index of the hold.
        #[arg(long)]
        hold: usize,
        #[command(flatten)]
        acting: Acting,
    },
    /// Lift one's hold.
    Lift {
        /// The request.
        reference: String,
        /// Index of the hold.
        #[arg(long)]
        hold: usize,
        #[command(flatten)]
        acting: Acting,
    },
    /// Ask the submitter a question (stops the clock).
    Ask {
        /// The request.
        reference: String,
        /// The question.
        #[arg(long)]
        question: String,
        #[command(flatten)]
        acting: Acting,
    },
    /// Answer a question (restarts the clock).
    Answer {
        /// The request.
        reference: String,
        /// Index of the question.
        #[arg(long)]
        question: usize,
        /// The answer.
        #[arg(long)]
        answer: String,
        #[command(flatten)]
        acting: Acting,
    },
    /// Object: a negative decision (one objection suffices).
    Object {
        /// The request.
        reference: String,
        /// Why.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        acting: Acting,
    },
    /// Record the committee's approval; `--item N=QTY` for a partial approval.
    Approve {
        /// The request.
        reference: String,
        /// Approved quantity of item N (repeat; items not named get 0). Omit to approve all.
        #[arg(long = "item", value_name = "N=QTY")]
        items: Vec<String>,
        /// A condition attached to the approval (repeat).
        #[arg(long = "condition")]
        conditions: Vec<String>,
        #[command(flatten)]
        acting: Acting,
    },
    /// Record the committee's rejection.
    Reject {
        /// The request.
        reference: String,
        /// Why.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        acting: Acting,
    },
    /// Withdraw the request (submitter).
    Withdraw {
        /// The request.
        reference: String,
        /// Why.
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        acting: Acting,
    },
    /// Declare the request lapsed (chair, secretariat).
    Lapse {
        /// The request.
        reference: String,
        /// Why.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        acting: Acting,
    },
    /// Record a delivery against the approved quantities.
    Deliver {
        /// The request.
        reference: String,
        /// Delivery date (YYYY-MM-DD).
        #[arg(long)]
        date: String,
        /// Delivered quantity of item N, optionally with serial numbers (`N=QTY[:S1,S2]`).
        #[arg(long = "item", value_name = "N=QTY", required = true)]
        items: Vec<String>,
        #[command(flatten)]
        acting: Acting,
    },
    /// Record a post-delivery report.
    Report {
        /// The request.
        reference: String,
        /// Index of the delivery.
        #[arg(long)]
        delivery: usize,
        /// The report.
        #[arg(long)]
        text: String,
        #[command(flatten)]
        acting: Acting,
    },
    /// Record an incident (loss, theft, diversion, misuse).
    Incident {
        /// The request.
        reference: String,
        /// `loss`, `theft`, `diversion` or `misuse`.
        #[arg(long, value_parser = embargo_domain::procedure::machine::IncidentKind::parse)]
        kind: embargo_domain::procedure::machine::IncidentKind,
        /// When it happened (YYYY-MM-DD).
        #[arg(long)]
        date: String,
        /// What happened.
        #[arg(long)]
        description: String,
        #[command(flatten)]
        acting: Acting,
    },
    /// Let time act on every pending request (hold expiry, lapse, deemed approval) at --now.
    Tick {
        /// The time (RFC 3339); default: now.
        #[arg(long)]
        now: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Show a request with its audit events.
    Show {
        /// The request.
        reference: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// List requests, or with --overdue the overdue post-delivery reports.
    List {
        /// Only requests with this status (draft, submitted, under_consideration, on_hold, …).
        #[arg(long, value_parser = embargo_domain::procedure::machine::Status::parse)]
        status: Option<embargo_domain::procedure::machine::Status>,
        /// List overdue post-delivery reports instead (as of --now).
        #[arg(long)]
        overdue: bool,
        /// The time for --overdue (RFC 3339); default: now.
        #[arg(long)]
        now: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Run commands given as JSON lines on stdin; print one JSON line per command once it is
    /// committed. Each line: `{"reference", "actor", "now", "key"?, "command": {...}}` where
    /// `command` is `{"command": "new", "content": {...}}` or a procedure command such as
    /// `{"command": "hold", "reason": "…", "information_requested": null}`.
    Batch,
}

/// Runs the command.
pub async fn run(command: Command, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    match command {
        Command::New { reference, file, acting } => {
            let content = read_content(&file)?;
            acted(global, &acting, &reference, Intent::New { content }).await
        }
        Command::Amend { reference, file, acting } => {
            let content = read_content(&file)?;
            acted(global, &acting, &reference, Intent::Amend { content }).await
        }
        Command::Validate { reference, file, as_of, now, format } => {
            validate_cmd(global, reference, file, as_of, now, format).await
        }
        Command::Clear { reference, party, listed, reason, acting } => {
            embargo_domain::text::check_identifier("--listed", &listed).map_err(exit::input)?;
            acted(global, &acting, &reference, Intent::Clear { party, reference: listed, reason })
                .await
        }
        Command::Submit { reference, acting } => {
            acted(global, &acting, &reference, Intent::Submit {}).await
        }
        Command::Circulate { reference, acting } => {
            acted(global, &acting, &reference, Intent::Circulate {}).await
        }
        Command::Hold { reference, reason, info, acting } => {
            acted(global, &acting, &reference, Intent::Hold { reason, information_requested: info })
                .await
        }
        Command::ExtendHold { reference, hold, acting } => {
            acted(global, &acting, &reference, Intent::ExtendHold { hold }).await
        }
        Command::Lift { reference, hold, acting } => {
            acted(global, &acting, &reference, Intent::Lift { hold }).await
        }
        Command::Ask { reference, question, acting } => {
            acted(global, &acting, &reference, Intent::Ask { question }).await
        }
        Command::Answer { reference, question, answer, acting } => {
            acted(global, &acting, &reference, Intent::Answer { question, answer }).await
        }
        Command::Object { reference, reason, acting } => {
            acted(global, &acting, &reference, Intent::Object { reason }).await
        }
        Command::Approve { reference, items, conditions, acting } => {
            let items = if items.is_empty() {
                None
            } else {
                Some(
                    items
                        .iter()
                        .map(|s| {
                            parse_item_quantity(s)
                                .map(|(item, quantity, _)| ItemApproval { item, quantity })
                        })
                        .collect::<anyhow::Result<Vec<_>>>()?,
                )
            };
            acted(global, &acting, &reference, Intent::Approve { items, conditions }).await
        }
        Command::Reject { reference, reason, acting } => {
            acted(global, &acting, &reference, Intent::Reject { reason }).await
        }
        Command::Withdraw { reference, reason, acting } => {
            acted(global, &acting, &reference, Intent::Withdraw { reason }).await
        }
        Command::Lapse { reference, reason, acting } => {
            acted(global, &acting, &reference, Intent::Lapse { reason }).await
        }
        Command::Deliver { reference, date, items, acting } => {
            let date = parse_date("--date", &date)?;
            let lines =
                items
                    .iter()
                    .map(|s| {
                        parse_item_quantity(s).map(|(item, quantity, serial_numbers)| {
                            DeliveryLine { item, quantity, serial_numbers }
                        })
                    })
                    .collect::<anyhow::Result<Vec<_>>>()?;
            acted(global, &acting, &reference, Intent::Deliver { date, lines }).await
        }
        Command::Report { reference, delivery, text, acting } => {
            acted(global, &acting, &reference, Intent::Report { delivery, text }).await
        }
        Command::Incident { reference, kind, date, description, acting } => {
            let date = parse_date("--date", &date)?;
            acted(global, &acting, &reference, Intent::Incident { kind, date, description }).await
        }
        Command::Tick { now, format } => {
            let acting =
                Acting { actor: None, now, idempotency_key: None, expect_version: None, format };
            let env = Env::open(global, &acting).await?;
            let outcomes = env.engine.tick(env.now).await.map_err(engine_err)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&outcomes)?),
                Format::Text => {
                    if outcomes.is_empty() {
                        match env.now {
                            Some(t) => println!("nothing for the clock to do at {t}"),
                            None => println!("nothing for the clock to do now"),
                        }
                    }
                    for o in &outcomes {
                        print!("{}", outcome_text(o));
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { reference, format } => {
            let engine = global.engine().await?;
            let view = engine.show(&reference).await.map_err(engine_err)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&view)?),
                Format::Text => print!("{}", case_text(&view.case, view.version, &view.events)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::List { status, overdue, now, format } => {
            let engine = global.engine().await?;
            if overdue {
                let today = match parse_now(now.as_deref())? {
                    Some(t) => date_of(t),
                    None => engine.today(),
                };
                let rows = engine.overdue_reports(today).await.map_err(engine_err)?;
                match format {
                    Format::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
                    Format::Text => {
                        println!("overdue post-delivery reports on {today}: {}", rows.len());
                        for r in &rows {
                            println!(
                                "  {} delivery {} of {}: due {}, {} day(s) overdue",
                                r.reference, r.delivery, r.delivered_on, r.due, r.days_overdue
                            );
                        }
                    }
                }
            } else {
                let filter =
                    embargo_engine::requests::RequestFilter { status, ..Default::default() };
                let rows = engine.list(&filter, |_| true).await.map_err(engine_err)?;
                match format {
                    Format::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
                    Format::Text => {
                        for r in &rows {
                            println!(
                                "{:<20} {:<26} {:<28} v{} {}",
                                r.reference, r.status, r.ground, r.version, r.owner
                            );
                        }
                        if rows.is_empty() {
                            println!("no requests");
                        }
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Batch => batch::batch(global).await,
    }
}

/// What a command needs: the engine, the actor and a simulated time if one was given.
struct Env {
    engine: Engine,
    /// Simulated procedure time (`--now`, local SQLite stores only); `None`: the store's clock.
    now: Option<Timestamp>,
    actor: Option<String>,
}

impl Env {
    async fn open(global: &GlobalArgs, acting: &Acting) -> anyhow::Result<Env> {
        let now = parse_now(acting.now.as_deref())?;
        // Refused before the store is even opened.
        if now.is_some() && !global.db_url()?.starts_with("sqlite:") {
            return Err(exit::input(
                "--now simulates procedure time, which only a local SQLite store allows; on a shared store the procedure time is the store's clock",
            ));
        }
        let engine = global.engine().await?;
        Ok(Env { engine, now, actor: acting.actor.clone() })
    }

    fn actor(&self) -> anyhow::Result<Actor> {
        let raw = self
            .actor
            .as_deref()
            .ok_or_else(|| exit::input("--actor role:id (or EMBARGO_ACTOR) is required"))?;
        let actor = Actor::parse(raw).map_err(|e| exit::input(format!("--actor: {e}")))?;
        embargo_domain::text::check_identifier("--actor", &actor.id).map_err(exit::input)?;
        Ok(actor)
    }
}

async fn acted(
    global: &GlobalArgs,
    acting: &Acting,
    reference: &str,
    intent: Intent,
) -> anyhow::Result<ExitCode> {
    let env = Env::open(global, acting).await?;
    let actor = env.actor()?;
    let options = ActOptions {
        expected_version: acting.expect_version,
        idempotency_key: acting.idempotency_key.clone(),
        simulated_now: env.now,
    };
    finish(env.engine.act(reference, intent, &actor, options).await, acting.format)
}

/// A simulated procedure time (`--now`), or `None` for the store's clock.
fn parse_now(now: Option<&str>) -> anyhow::Result<Option<Timestamp>> {
    now.map(|s| {
        embargo_domain::dates::parse_timestamp(s).map_err(|e| {
            exit::input(format!(
                "--now `{s}` is not an RFC 3339 time such as 2016-06-24T10:00:00Z: {e}"
            ))
        })
    })
    .transpose()
}

/// See [`exit::engine`].
pub(crate) fn engine_err(e: EngineError) -> anyhow::Error {
    exit::engine(e)
}

fn read_content(file: &Path) -> anyhow::Result<RequestContent> {
    // Capped read (a request file is at most 4 MiB), then field paths and size limits.
    let (cap, what) =
        (embargo_domain::procedure::model::limits::FILE_BYTES, "a request file is at most 4 MiB");
    let text = if file.as_os_str() == "-" {
        embargo_cli::read_capped(std::io::stdin().lock(), cap, what).map_err(|e| match e {
            embargo_cli::ReadError::Io(e) => anyhow::Error::new(e).context("cannot read stdin"),
            e => exit::input(format!("stdin: {e}")),
        })?
    } else {
        let f = std::fs::File::open(file).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                exit::input(format!("{}: no such file", file.display()))
            } else {
                anyhow::Error::new(e).context(format!("cannot read {}", file.display()))
            }
        })?;
        embargo_cli::read_capped(f, cap, what).map_err(|e| match e {
            embargo_cli::ReadError::Io(e) => {
                anyhow::Error::new(e).context(format!("cannot read {}", file.display()))
            }
            e => exit::input(format!("{}: {e}", file.display())),
        })?
    };
    RequestContent::from_json(&text).map_err(|e| exit::input(format!("{}: {e}", file.display())))
}

/// `N=QTY` or `N=QTY:S1,S2`.
fn parse_item_quantity(s: &str) -> anyhow::Result<(usize, u64, Vec<String>)> {
    let bad =
        || exit::input(format!("--item `{s}`: expected N=QTY (item index = quantity), e.g. 0=500"));
    let (index, rest) = s.split_once('=').ok_or_else(bad)?;
    let (qty, serials) = match rest.split_once(':') {
        Some((q, list)) => {
            (q, list.split(',').map(|x| x.trim().to_owned()).filter(|x| !x.is_empty()).collect())
        }
        None => (rest, vec![]),
    };
    Ok((index.trim().parse().map_err(|_| bad())?, qty.trim().parse().map_err(|_| bad())?, serials))
}

async fn validate_cmd(
    global: &GlobalArgs,
    reference: Option<String>,
    file: Option<PathBuf>,
    as_of: Option<String>,
    now: Option<String>,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let engine = global.engine().await?;
    let date = match as_of {
        Some(s) => parse_date("--as-of", &s)?,
        None => match parse_now(now.as_deref())? {
            Some(t) => date_in(t, &engine.rules().time_zone),
            None => engine.today(),
        },
    };
    let view = match (&reference, &file) {
        (_, Some(path)) => {
            let content = read_content(path)?;
            engine.validate_content(&path.display().to_string(), &content, &[], date).await
        }
        (Some(r), None) => engine.validate_request(r, Some(date)).await,
        (None, None) => return Err(exit::input("give a request reference or --file")),
    }
    .map_err(engine_err)?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&view)?),
        Format::Text => {
            println!(
                "{}: {} under {} as of {date} ({})",
                view.request,
                view.filing.replace('_', " "),
                view.ground,
                view.citations.join("; ")
            );
            print!("{}", problems_text(&view.problems));
            println!("{}", if view.fileable { "ready to file" } else { "NOT ready to file" });
        }
    }
    Ok(if view.fileable { ExitCode::SUCCESS } else { ExitCode::from(exit::INPUT) })
}

/// Prints an accepted outcome (exit 0) or a refusal (exit 2).
fn finish(result: Result<Outcome, EngineError>, format: Format) -> anyhow::Result<ExitCode> {
    match result {
        Ok(outcome) => {
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&outcome)?),
                Format::Text => print!("{}", outcome_text(&outcome)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(EngineError::Refused(refusal)) => {
            match format {
                Format::Json => {
                    println!("{}", serde_json::to_string_pretty(&refusal_json(&refusal))?)
                }
                Format::Text => {
                    if let Refusal::NotValid(problems) = &refusal {
                        eprint!("{}", problems_text(problems));
                    }
                }
            }
            Err(exit::input(format!("refused: {refusal}")))
        }
        Err(other) => Err(engine_err(other)),
    }
}
