//! `embargo check FILE`: checks a proposed transfer (PRODUCT.md JSON, `-` for stdin) against
//! the UN arms embargoes as of a date; prints a table with citations or the JSON result.
//! Exit 0 for any verdict; exit 2 for invalid input.
//!
//! When sanctions lists are stored, the end user, the consignee and every named intermediary
//! are screened against them first (the IO is here; the pure check takes the hits as input):
//! a match at or above `--match-threshold` on a designation under a regime's listed-persons
//! measure makes every item `prohibited`; weaker hits are warnings to review.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use embargo_domain::check::ItemResult;
use embargo_domain::{CheckResult, ProcedureKind, Transfer};
use embargo_engine::check::CheckParams;

use crate::cmd::regimes::{emit, parse_date, Format};
use crate::global::GlobalArgs;

/// Arguments of `embargo check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Transfer JSON file, or `-` for stdin.
    pub file: PathBuf,
    /// Evaluate as of this date (YYYY-MM-DD) instead of the transfer's date.
    #[arg(long = "as-of")]
    pub as_of: Option<String>,
    /// Date the committee receives the notification (starts no-objection periods); default:
    /// the date evaluated.
    #[arg(long = "notified-on")]
    pub notified_on: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Text output: the full reasoning for every item (every measure and ground considered).
    #[arg(long)]
    pub explain: bool,
    /// Screening: a hit scoring at least this is a match (0–1).
    #[arg(long = "match-threshold", default_value_t = embargo_screening::DEFAULT_THRESHOLD)]
    pub match_threshold: f64,
    /// Screening: hits down to this score are reported as warnings to review (0–1).
    #[arg(long = "review-threshold", default_value_t = 0.55)]
    pub review_threshold: f64,
}

fn read_input(file: &PathBuf) -> anyhow::Result<(String, String)> {
    let too_big = |n: u64| {
        crate::exit::input(format!(
            "{}: {n} bytes is larger than the limit of {} bytes for a transfer",
            file.display(),
            embargo_domain::transfer::limits::MAX_INPUT_BYTES
        ))
    };
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(embargo_domain::transfer::limits::MAX_INPUT_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
        if bytes.len() > embargo_domain::transfer::limits::MAX_INPUT_BYTES {
            return Err(too_big(bytes.len() as u64));
        }
        let text = String::from_utf8(bytes)
            .map_err(|e| crate::exit::input(format!("stdin: not valid UTF-8 ({e})")))?;
        return Ok(("<stdin>".into(), text));
    }
    if let Ok(meta) = std::fs::metadata(file) {
        if meta.len() > embargo_domain::transfer::limits::MAX_INPUT_BYTES as u64 {
            return Err(too_big(meta.len()));
        }
    }
    let bytes = std::fs::read(file).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            crate::exit::input(format!("{}: no such file", file.display()))
        } else {
            anyhow::Error::new(e).context(format!("cannot read {}", file.display()))
        }
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| crate::exit::input(format!("{}: not valid UTF-8 ({e})", file.display())))?;
    Ok((file.display().to_string(), text))
}

/// Screens the transfer's parties against the stored lists; `None` when no store exists (the
/// check then says no screening was done). A store that cannot be read is an error note.
/// Streams the JSON result to stdout (a 64,000-item result is not built as one string first);
/// a closed pipe is not an error.
fn emit_json(result: &CheckResult) -> anyhow::Result<()> {
    use std::io::Write;
    let stdout = std::io::stdout().lock();
    let mut w = std::io::BufWriter::with_capacity(1 << 16, stdout);
    let written = serde_json::to_writer_pretty(&mut w, result)
        .map_err(std::io::Error::from)
        .and_then(|()| w.write_all(b"\n"))
        .and_then(|()| w.flush());
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write to stdout"))
        }
        _ => Ok(()),
    }
}

/// Runs the command: the engine's check (the API's too), on the store when there is one.
/// Without a store file, nothing is created: the check runs on an empty in-memory store and
/// says that no screening was done.
pub async fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let as_of = args.as_of.as_deref().map(|s| parse_date("--as-of", s)).transpose()?;
    let notified_on =
        args.notified_on.as_deref().map(|s| parse_date("--notified-on", s)).transpose()?;
    let (name, text) = read_input(&args.file)?;
    let url = global.db_url()?;
    let absent = crate::global::sqlite_file(&url).is_some_and(|p| !p.exists());
    let mut notes = Vec::new();
    let engine = if absent {
        global.engine_on("sqlite::memory:").await?
    } else {
        match global.engine().await {
            Ok(e) => e,
            Err(e) => {
                notes.push(format!("the parties were not screened and approved exemptions were not consulted: {e:#}"));
                global.engine_on("sqlite::memory:").await?
            }
        }
    };
    let params = CheckParams {
        as_of,
        notified_on,
        match_threshold: args.match_threshold,
        review_threshold: args.review_threshold,
    };
    let (transfer, mut result) = engine
        .check_transfer(&name, &text, &params)
        .await
        .map_err(crate::cmd::request::engine_err)?;
    result.notes.extend(notes);
    match args.format {
        Format::Json => emit_json(&result)?,
        Format::Text => emit(&render_text(&result, &transfer, args.explain))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn procedure_text(p: &embargo_domain::ProcedureInfo) -> String {
    let mut s = match p.kind {
        ProcedureKind::Standing => "standing exemption: nothing to file".to_string(),
        ProcedureKind::Notification => match p.working_days {
            Some(n) => format!(
                "notification; may proceed absent a negative decision within {n} working days"
            ),
            None => "advance notification (for information)".to_string(),
        },
        ProcedureKind::PriorApproval => "prior approval".to_string(),
    };
    if let Some(b) = &p.body {
        if p.kind != ProcedureKind::Standing {
            s.push_str(&format!(" by the {b}"));
        }
    }
    if let Some(d) = p.lead_days {
        s.push_str(&format!(
            "; file at least {d} {}days before delivery",
            if p.lead_working_days { "working " } else { "" }
        ));
    }
    if let Some(d) = p.file_by {
        s.push_str(&format!(" (file by {d} for the first delivery)"));
    }
    if let Some(end) = p.period_ends {
        s.push_str(&format!(
            "; notified {} → no-objection period ends {end}",
            p.notified_on.map(|d| d.to_string()).unwrap_or_default()
        ));
    }
    s
}

/// One line for an item or service.
fn item_line(i: &ItemResult, service: bool) -> String {
    let mut desc = i.description.clone();
    if desc.chars().count() > 33 {
        desc = desc.chars().take(32).collect::<String>() + "…";
    }
    let what = if service {
        i.service.map(|k| k.as_str().to_string()).unwrap_or_default()
    } else {
        i.category.map(|c| c.to_string()).unwrap_or_default()
    };
    let basis = match (&i.ground, &i.general_route, &i.measure) {
        (Some(g), _, _) => g.clone(),
        (None, Some(r), _) => format!("only route: {r}"),
        (None, None, Some(m)) => format!("no route ({m})"),
        _ => "-".into(),
    };
    let mut line =
        format!("  {:<3} {:<20} {:<34} {:<22} {}", i.index, what, desc, i.verdict.as_str(), basis);
    if let Some(c) = i.citations.last() {
        line.push_str(&format!(" [{c}]"));
    }
    if !i.missing.is_empty() {
        let ids: Vec<&str> = i.missing.iter().map(|f| f.id()).collect();
        line.push_str(&format!("; missing: {}", ids.join(", ")));
    }
    if i.unverified {
        line.push_str("  UNVERIFIED");
    }
    line
}

/// The readable answer: the overall verdict and what to do next first, then one line per item
/// (grounds that do not apply one line each), duties, screening, warnings; full reasoning with
/// `explain`.
pub fn render_text(r: &CheckResult, t: &Transfer, explain: bool) -> String {
    let mut out = String::new();
    let push = |out: &mut String, s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    push(
        &mut out,
        format!(
            "OVERALL VERDICT: {}{} — {}",
            r.verdict.as_str(),
            r.authorization.as_ref().map(|a| format!(" (exemption {a})")).unwrap_or_default(),
            r.action
        ),
    );
    push(
        &mut out,
        format!(
            "as of {} · {} → {} (origin {}) · end user: {}{} — {}",
            r.as_of,
            t.supplier_state.map(|c| c.to_string()).unwrap_or_else(|| "?".into()),
            t.destination,
            t.origin,
            if t.end_user.name.is_empty() { "(no name)" } else { &t.end_user.name },
            t.end_user.government.as_ref().map(|g| format!(" [{g}]")).unwrap_or_default(),
            r.end_user.explanation
        ),
    );
    if r.unverified {
        push(&mut out, "This answer relies on UNVERIFIED facts (listed below).".into());
    }
    if !r.regimes.is_empty() {
        push(&mut out, format!("regimes: {}", r.regimes.join(", ")));
    }
    let block = |out: &mut String, title: &str, list: &[ItemResult], service: bool| {
        if list.is_empty() {
            return;
        }
        push(out, String::new());
        push(out, title.to_string());
        for i in list {
            push(out, item_line(i, service));
            if let Some(p) = &i.procedure {
                if p.kind != ProcedureKind::Standing {
                    push(out, format!("        procedure: {}", procedure_text(p)));
                }
                if let (Some(n), true) = (&p.notified_on, p.working_days.is_some()) {
                    push(
                        out,
                        format!(
                            "        counted from the day after {n} ({})",
                            if p.notified_on_source == Some("given") {
                                "given with --notified-on"
                            } else {
                                "assumed: the date checked; give --notified-on for the day the committee receives it"
                            }
                        ),
                    );
                }
            }
            if !explain {
                for na in &i.not_applying {
                    push(out, format!("        does not apply: {na}"));
                }
            }
            for w in &i.warnings {
                push(out, format!("        WARNING: {w}"));
            }
        }
    };
    block(&mut out, "items:", &r.items, false);
    block(&mut out, "services:", &r.services, true);
    if !r.obligations.is_empty() {
        push(&mut out, String::new());
        push(&mut out, "duties:".into());
        for o in &r.obligations {
            let mut line = format!("  {} — {} [{}]", o.id, o.title, o.citations.join("; "));
            if let Some(d) = o.deadline {
                line.push_str(&format!("; by {d}"));
            }
            if !o.missing.is_empty() {
                let ids: Vec<&str> = o.missing.iter().map(|f| f.id()).collect();
                line.push_str(&format!("; missing: {}", ids.join(", ")));
            }
            if o.unverified {
                line.push_str("  UNVERIFIED");
            }
            push(&mut out, line);
            if explain {
                if let Some(n) = &o.deadline_note {
                    push(&mut out, format!("    {n}"));
                }
                if let Some(n) = &o.note {
                    push(&mut out, format!("    {n}"));
                }
            }
        }
    }
    push(&mut out, String::new());
    push(&mut out, format!("screening: {}", r.screening.summary));
    for h in &r.screening.matches {
        push(
            &mut out,
            format!(
                "  MATCH {} `{}` = {} {} `{}` ({:.2}, {}): {}",
                h.party,
                h.name,
                h.list,
                h.reference,
                h.listed_name,
                h.score,
                h.list_version,
                h.explanation
            ),
        );
    }
    if !r.screening.matches.is_empty() || !r.screening.to_review.is_empty() {
        push(&mut out, format!("  note: {}", r.screening.clearing));
    }
    for w in &r.warnings {
        push(&mut out, format!("WARNING: {w}"));
    }
    let unverified: Vec<&String> =
        r.items.iter().chain(&r.services).flat_map(|i| &i.unverified_facts).collect();
    let mut seen = std::collections::BTreeSet::new();
    for u in unverified {
        if seen.insert(u) {
            push(&mut out, format!("UNVERIFIED: {u}"));
        }
    }
    for n in &r.notes {
        push(&mut out, format!("note: {n}"));
    }
    if explain {
        for (label, list) in [("item", &r.items), ("service", &r.services)] {
            for i in list {
                push(&mut out, String::new());
                push(
                    &mut out,
                    format!(
                        "{label} {} ({} {}): {}",
                        i.index,
                        i.category
                            .map(|c| c.to_string())
                            .or(i.service.map(|s| s.as_str().to_string()))
                            .unwrap_or_default(),
                        i.description,
                        i.verdict
                    ),
                );
                if let Some(p) = &i.procedure {
                    push(&mut out, format!("  procedure: {}", procedure_text(p)));
                    if let Some(n) = &p.period_note {
                        push(&mut out, format!("  period: {n}"));
                    }
                    if let Some(f) = &p.filed_by {
                        push(&mut out, format!("  filed by: {f}"));
                    }
                }
                if let Some(g) = &i.general_route {
                    push(&mut out, format!("  only route: {g} (prior approval)"));
                }
                if !i.citations.is_empty() {
                    push(&mut out, format!("  citations: {}", i.citations.join("; ")));
                }
                for reason in &i.reasons {
                    push(&mut out, format!("  - {reason}"));
                }
            }
        }
    } else {
        push(&mut out, String::new());
        push(&mut out, "(full reasoning: --explain; JSON: --format json)".into());
    }
    out
}
