//! `embargo regimes`: list, show (as of a date) and validate the regime data: the data
//! compiled into the binary, or the directory given by `--regimes` / `EMBARGO_REGIMES`.

use std::process::ExitCode;

use embargo_domain::regime::{Ground, Measure};
use embargo_domain::Registry;
use jiff::civil::Date;

use crate::global::GlobalArgs;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Human-readable text.
    #[default]
    Text,
    /// JSON.
    Json,
}

/// Subcommands of `embargo regimes`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the regimes with their measures' periods.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Show a regime: measures and exemption grounds in force on a date, with citations.
    Show {
        /// Regime id (e.g. `un-libya`).
        id: String,
        /// Date to evaluate (YYYY-MM-DD); default: all periods.
        #[arg(long = "as-of")]
        as_of: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Validate every data file; exit 2 naming file, line and field on error.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// Writes command output to stdout; a closed pipe (`| head`) is not an error.
pub fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write to stdout"))
        }
        _ => Ok(()),
    }
}

/// Parses a `YYYY-MM-DD` command-line date; impossible dates are input errors, and a year
/// beyond ±9999 is named as such (`embargo_domain::dates::parse_date`).
pub fn parse_date(flag: &str, s: &str) -> anyhow::Result<Date> {
    embargo_domain::dates::parse_date(s).map_err(|e| match e {
        embargo_domain::dates::DateError::Invalid { reason, .. } => {
            crate::exit::input(format!("{flag} `{s}` is not a valid date (YYYY-MM-DD): {reason}"))
        }
        other => crate::exit::input(format!("{flag} `{s}`: {other}")),
    })
}

/// The registry of the rules: compiled into the binary, or from `--regimes DIR` /
/// `EMBARGO_REGIMES` when given. Data errors are input errors (exit 2) naming file, line and
/// field.
pub fn load_registry(global: &GlobalArgs) -> anyhow::Result<Registry> {
    Ok(global.rules()?.registry)
}

/// The serde (snake_case) name of an enum value.
fn name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn period(from: Date, to: Option<Date>) -> String {
    match to {
        Some(t) => format!("{from} – {t}"),
        None => format!("{from} –"),
    }
}

fn unverified_tag(c: embargo_domain::Confidence) -> String {
    if c.is_unverified() {
        "[U] UNVERIFIED".to_string()
    } else {
        format!("[{c}]")
    }
}

/// Runs the command.
pub fn run(command: Command, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let mut out = String::new();
    macro_rules! say {
        ($($arg:tt)*) => {{
            use std::fmt::Write as _;
            let _ = writeln!(out, $($arg)*);
        }};
    }
    match command {
        Command::Check { format } => {
            let rules = global.rules()?;
            let s = rules.registry.summary();
            match format {
                Format::Json => say!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({"ok": true, "origin": rules.origin, "summary": s}))?
                ),
                Format::Text => say!(
                    "ok: {} files in {}: {} regimes, {} measures, {} grounds, {} authorities, {} holidays, {} military-list categories",
                    s.files,
                    if rules.origin == "embedded" { "the regime data compiled into the binary".to_owned() } else { rules.origin.clone() },
                    s.regimes,
                    s.measures,
                    s.grounds,
                    s.authorities,
                    s.holidays,
                    s.categories
                ),
            }
        }
        Command::List { format } => {
            let reg = load_registry(global)?;
            match format {
                Format::Json => {
                    let list = embargo_engine::regimes::regimes_view(&reg);
                    say!("{}", serde_json::to_string_pretty(&list)?);
                }
                Format::Text => {
                    say!("{:<17} {:<8} {:>8} {:>7}  name", "id", "targets", "measures", "grounds");
                    for r in reg.regimes() {
                        let targets: std::collections::BTreeSet<String> = r
                            .measure
                            .iter()
                            .map(|m| m.target.map_or_else(|| "any".to_string(), |c| c.to_string()))
                            .collect();
                        say!(
                            "{:<17} {:<8} {:>8} {:>7}  {}",
                            r.id(),
                            targets.into_iter().collect::<Vec<_>>().join(","),
                            r.measure.len(),
                            r.ground.len(),
                            r.name
                        );
                    }
                }
            }
        }
        Command::Show { id, as_of, format } => {
            let reg = load_registry(global)?;
            let as_of = as_of.map(|s| parse_date("--as-of", &s)).transpose()?;
            let r = reg.regime(&id).ok_or_else(|| {
                let ids: Vec<&str> = reg.regimes().iter().map(|r| r.id()).collect();
                crate::exit::input(format!("unknown regime `{id}` (known: {})", ids.join(", ")))
            })?;
            let measures: Vec<&Measure> =
                r.measure.iter().filter(|m| as_of.is_none_or(|d| m.period().contains(d))).collect();
            let grounds: Vec<&Ground> =
                r.ground.iter().filter(|g| as_of.is_none_or(|d| g.period().contains(d))).collect();
            let view = embargo_engine::regimes::regime_view(&reg, &id, as_of)
                .map_err(crate::exit::engine)?;
            let governments: &[serde_json::Value] =
                view["governments"].as_array().map(Vec::as_slice).unwrap_or_default();
            match format {
                Format::Json => say!("{}", serde_json::to_string_pretty(&view)?),
                Format::Text => {
                    say!("{} — {}", r.id(), r.name);
                    if let Some(c) = &r.committee {
                        say!("committee: {c}");
                    }
                    say!("citations: {} {}", r.citations.join("; "), unverified_tag(r.confidence));
                    if let Some(d) = as_of {
                        say!("as of {d}");
                    }
                    for g in governments.iter().filter(|g| g.get("authorities").is_some()) {
                        say!(
                            "recognised governments of {} (rule {} in force):",
                            g["country"].as_str().unwrap_or("?"),
                            g["rule_in_force"].as_str().unwrap_or("?")
                        );
                        for a in g["authorities"].as_array().into_iter().flatten() {
                            let periods: Vec<String> = a["recognised"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .map(|r| {
                                    format!(
                                        "{} – {}{} [{}]",
                                        r["from"].as_str().unwrap_or(""),
                                        r["to"].as_str().unwrap_or(""),
                                        r["rule"]
                                            .as_str()
                                            .map(|x| format!(" (rule {x})"))
                                            .unwrap_or_default(),
                                        r["confidence"].as_str().unwrap_or("")
                                    )
                                })
                                .collect();
                            say!(
                                "  {:<32} {}",
                                a["name"].as_str().unwrap_or(""),
                                if periods.is_empty() {
                                    "never recognised".to_string()
                                } else {
                                    periods.join("; ")
                                }
                            );
                        }
                    }
                    for g in governments.iter().filter(|g| g.get("authorities").is_none()) {
                        say!(
                            "recognised government of {}: {} (rule {} in force)",
                            g["country"].as_str().unwrap_or("?"),
                            g["recognised_government"].as_str().unwrap_or("none on record"),
                            g["rule_in_force"].as_str().unwrap_or("?")
                        );
                    }
                    say!("\nmeasures{}:", if as_of.is_some() { " in force" } else { "" });
                    if measures.is_empty() {
                        say!("  (none)");
                    }
                    for m in &measures {
                        say!(
                            "  {:<24} {} {} ({}) {}  {} {}",
                            m.id.get_ref(),
                            name(&m.kind),
                            m.target.map_or_else(|| "any".to_string(), |c| c.to_string()),
                            name(&m.scope),
                            period(m.period().from, m.period().to),
                            m.citations.join("; "),
                            unverified_tag(m.confidence)
                        );
                    }
                    say!("\nexemption grounds{}:", if as_of.is_some() { " in force" } else { "" });
                    if grounds.is_empty() {
                        say!("  (none)");
                    }
                    for g in &grounds {
                        let proc = match (g.procedure, g.working_days) {
                            (embargo_domain::ProcedureKind::Notification, Some(n)) => {
                                format!("notification, {n} working days no-objection")
                            }
                            (k, _) => name(&k),
                        };
                        say!(
                            "  {}/{}{}  {}\n      {}; {}; {}\n      {}",
                            r.id(),
                            g.local_id(),
                            if g.general { " (general route)" } else { "" },
                            period(g.period().from, g.period().to),
                            g.title,
                            proc,
                            unverified_tag(g.confidence),
                            g.citations.join("; ")
                        );
                        if !g.required_info.is_empty() {
                            let ids: Vec<&str> = g.required_info.iter().map(|f| f.id()).collect();
                            say!("      required: {}", ids.join(", "));
                        }
                    }
                }
            }
        }
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
