//! `embargo check FILE`: checks a proposed transfer (PRODUCT.md JSON, `-` for stdin) against
//! the UN arms embargoes as of a date; prints a table with citations or the JSON result.
//! Exit 0 for any verdict; exit 2 for invalid input.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use embargo_domain::{CheckResult, ProcedureKind, Transfer};

use crate::cmd::regimes::{emit, load_registry, parse_date, Format};
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
}

fn read_input(file: &PathBuf) -> anyhow::Result<(String, String)> {
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("cannot read stdin")?;
        let text = String::from_utf8(bytes)
            .map_err(|e| crate::exit::input(format!("stdin: not valid UTF-8 ({e})")))?;
        return Ok(("<stdin>".into(), text));
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

/// Runs the command.
pub async fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let registry = load_registry(global)?;
    let as_of = args.as_of.as_deref().map(|s| parse_date("--as-of", s)).transpose()?;
    let notified_on =
        args.notified_on.as_deref().map(|s| parse_date("--notified-on", s)).transpose()?;
    let (name, text) = read_input(&args.file)?;
    let transfer = Transfer::from_json(&text, registry.military())
        .map_err(|e| crate::exit::input(format!("{name}: invalid transfer: {e}")))?;
    let mut result = embargo_domain::check(&registry, &transfer, as_of, notified_on)
        .map_err(|e| crate::exit::input(format!("{name}: {e}")))?;
    crate::authorize::apply(global, &transfer, &mut result).await?;
    match args.format {
        Format::Json => emit(&format!("{}\n", serde_json::to_string_pretty(&result)?))?,
        Format::Text => emit(&render_text(&result, &transfer))?,
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

/// The readable table with citations.
pub fn render_text(r: &CheckResult, t: &Transfer) -> String {
    let mut out = String::new();
    let push = |out: &mut String, s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    push(&mut out, format!("Transfer check as of {}", r.as_of));
    push(
        &mut out,
        format!(
            "  {} → {} (origin {}), end user: {}{}",
            t.supplier_state.map(|c| c.to_string()).unwrap_or_else(|| "?".into()),
            t.destination,
            t.origin,
            if t.end_user.name.is_empty() { "(no name)" } else { &t.end_user.name },
            t.end_user.government.as_ref().map(|g| format!(" [{g}]")).unwrap_or_default()
        ),
    );
    push(&mut out, format!("  end user: {}", r.end_user.explanation));
    push(
        &mut out,
        format!(
            "OVERALL VERDICT: {}{}{}",
            r.verdict,
            r.authorization.as_ref().map(|a| format!(" (exemption {a})")).unwrap_or_default(),
            if r.unverified { "  (relies on UNVERIFIED facts, see below)" } else { "" }
        ),
    );
    if !r.regimes.is_empty() {
        push(&mut out, format!("regimes: {}", r.regimes.join(", ")));
    }
    push(&mut out, String::new());
    push(
        &mut out,
        format!("{:<3} {:<5} {:<34} {:<22} {}", "#", "cat", "item", "verdict", "ground"),
    );
    push(&mut out, "-".repeat(100));
    for i in &r.items {
        let mut desc = i.description.clone();
        if desc.chars().count() > 33 {
            desc = desc.chars().take(32).collect::<String>() + "…";
        }
        push(
            &mut out,
            format!(
                "{:<3} {:<5} {:<34} {:<22} {}",
                i.index,
                i.category.to_string(),
                desc,
                i.verdict.as_str(),
                i.ground
                    .clone()
                    .or_else(|| i.general_route.as_ref().map(|g| format!("only route: {g}")))
                    .unwrap_or_else(|| "-".into())
            ),
        );
    }
    for i in &r.items {
        push(&mut out, String::new());
        push(
            &mut out,
            format!("item {} ({} {}): {}", i.index, i.category, i.description, i.verdict),
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
        if !i.missing.is_empty() {
            let ids: Vec<&str> = i.missing.iter().map(|f| f.id()).collect();
            push(&mut out, format!("  missing information: {}", ids.join(", ")));
        }
        for reason in &i.reasons {
            push(&mut out, format!("  - {reason}"));
        }
        for u in &i.unverified_facts {
            push(&mut out, format!("  UNVERIFIED: {u}"));
        }
    }
    if !r.notes.is_empty() {
        push(&mut out, String::new());
        for n in &r.notes {
            push(&mut out, format!("note: {n}"));
        }
    }
    out
}
