//! `embargo lists`: show the stored list versions; `import`, `diff` and `fetch` official
//! sanctions lists (UN, OFAC, EU, UK, FollowTheMoney).
//!
//! Bad files are input errors (exit code 2) whose message starts with the file name and names
//! the line or record; an import is atomic, so a bad file never replaces the current version.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use embargo_lists::model::{Designation, Source};
use embargo_lists::ofac_csv::Companions;
use embargo_lists::{Format, ListReader};
use embargo_store::lists::{ImportOptions, ImportOutcome, ListVersion};
use sha2::{Digest, Sha256};

use crate::exit;
use crate::global::GlobalArgs;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Human-readable text.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `embargo lists`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Output format of the version table.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Import a list file; the format is detected from the content.
    Import(ImportArgs),
    /// Compare two lists: files or stored version ids.
    Diff(DiffArgs),
    /// Download a list from its official address (or --url) and import it.
    Fetch(FetchArgs),
    /// Write the current stored lists as FollowTheMoney JSON lines.
    Export(export::ExportArgs),
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// The list file. For the OFAC CSV set: `sdn.csv` / `cons_prim.csv` or their directory (the
    /// alias, address and comments files beside it are picked up).
    file: PathBuf,
    /// Which list the file is, overriding detection: un, ofac, eu, uk, ftm.
    #[arg(long, value_parser = parse_source)]
    source: Option<Source>,
    /// The exact file format, overriding detection: un-xml, ofac-xml, ofac-csv, eu-xml, uk-csv,
    /// ftm-json.
    #[arg(long = "input-format", value_parser = parse_format)]
    input_format: Option<Format>,
    /// Publication date (YYYY-MM-DD) to record when the file states none.
    #[arg(long)]
    published: Option<jiff::civil::Date>,
    /// Import the OFAC CSV primary file without its alt.csv/add.csv companions (without this,
    /// a missing companion is an error: its aliases and addresses would silently be lost).
    #[arg(long)]
    without_companions: bool,
    #[command(flatten)]
    shrink: ShrinkArgs,
    /// Do not re-screen the watched subjects after the import (run `embargo watch rescreen
    /// --from OLD --to NEW` later).
    #[arg(long)]
    no_rescreen: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
}

/// The guard against a list much shorter than the current version (a truncated or wrong file).
#[derive(Debug, clap::Args)]
struct ShrinkArgs {
    /// Import even if the list has more than --max-shrink fewer designations than the current
    /// version of its source.
    #[arg(long)]
    allow_shrink: bool,
    /// The largest share of the current version's designations a new version may drop, in
    /// percent.
    #[arg(long, default_value_t = 10.0, value_parser = parse_percent)]
    max_shrink: f64,
}

impl ShrinkArgs {
    fn options(&self) -> ImportOptions {
        ImportOptions { allow_shrink: self.allow_shrink, max_shrink: self.max_shrink / 100.0 }
    }
}

fn parse_percent(s: &str) -> Result<f64, String> {
    match s.trim().trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a percentage between 0 and 100")),
    }
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// The old list: a file (or OFAC CSV directory) or a stored version id.
    old: String,
    /// The new list: a file (or OFAC CSV directory) or a stored version id.
    new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
}

#[derive(Debug, clap::Args)]
struct FetchArgs {
    /// Which list to download: un, ofac, eu, uk, ftm.
    #[arg(long, value_parser = parse_source, default_value = "un")]
    source: Source,
    /// The address to download from. Defaults to `EMBARGO_LIST_URL_<SOURCE>` (e.g.
    /// `EMBARGO_LIST_URL_UN`), then the official address of the list.
    #[arg(long)]
    url: Option<String>,
    /// Refuse downloads larger than this many bytes.
    #[arg(long, default_value_t = 256 * 1024 * 1024)]
    max_bytes: u64,
    /// Abandon a download that receives no data for this many seconds.
    #[arg(long, default_value_t = 60)]
    read_timeout: u64,
    /// Abandon a download that has not finished after this many seconds in all.
    #[arg(long, default_value_t = 900)]
    deadline: u64,
    /// Publication date (YYYY-MM-DD) to record when the file states none.
    #[arg(long)]
    published: Option<jiff::civil::Date>,
    /// Accept a downloaded OFAC CSV primary file, which comes without its alt.csv/add.csv.
    #[arg(long)]
    without_companions: bool,
    #[command(flatten)]
    shrink: ShrinkArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
}

/// Appends one formatted line to an output buffer.
macro_rules! say {
    ($out:ident, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

/// Writes command output to stdout; a closed pipe (`embargo lists diff … | head`) is not an error.
fn emit(out: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}

fn parse_source(s: &str) -> Result<Source, String> {
    Source::parse(s).map_err(|e| e.to_string())
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
        format!("unknown format `{s}` (expected one of: {})", names.join(", "))
    })
}

/// Runs the command.
pub async fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        None => show_versions(args.format, global).await,
        Some(Command::Import(a)) => import(a, global).await,
        Some(Command::Diff(a)) => diff(a, global).await,
        Some(Command::Fetch(a)) => fetch::fetch(a, global).await,
        Some(Command::Export(a)) => export::export(a, global).await,
    }
}

/// A list file (or OFAC CSV set) on disk, its format decided.
struct ListFile {
    primary: PathBuf,
    companions: [Option<PathBuf>; 3],
    format: Format,
    display: String,
}

/// Finds `name` in `dir`, case-insensitively (treasury serves `SDN.CSV` as well as `sdn.csv`).
fn find_in(dir: &Path, name: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    entries.filter_map(Result::ok).map(|e| e.path()).find(|p| {
        p.is_file()
            && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// What to do about the OFAC CSV companion files (`alt.csv`, `add.csv`, `sdn_comments.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CompanionPolicy {
    /// Import: a missing `alt.csv` or `add.csv` is an error.
    Require,
    /// `--without-companions`: the primary file alone, even if companions are present.
    Without,
    /// Diff (read-only): warn about missing companions.
    Warn,
}

fn resolve(
    file: &Path,
    source: Option<Source>,
    format: Option<Format>,
    policy: CompanionPolicy,
) -> anyhow::Result<ListFile> {
    let primary = if file.is_dir() {
        find_in(file, "sdn.csv").or_else(|| find_in(file, "cons_prim.csv")).ok_or_else(|| {
            exit::input(format!(
                "{}: directory holds neither sdn.csv nor cons_prim.csv",
                file.display()
            ))
        })?
    } else {
        file.to_path_buf()
    };
    let display = primary.display().to_string();
    let mut prefix = Vec::with_capacity(embargo_lists::SNIFF_LEN);
    File::open(&primary)
        .map_err(|e| exit::input(format!("{display}: cannot open: {e}")))?
        .take(embargo_lists::SNIFF_LEN as u64)
        .read_to_end(&mut prefix)
        .map_err(|e| exit::input(format!("{display}: cannot read: {e}")))?;
    let format = match (format, source) {
        (Some(f), _) => f,
        (None, Some(source)) => {
            let (shape, _) = embargo_lists::shape(&prefix)
                .map_err(|e| exit::input(format!("{display}: {e}")))?;
            Format::for_source(source, shape).ok_or_else(|| {
                exit::input(format!(
                    "{display}: a {shape:?} file cannot be a `{source}` list (see --input-format)"
                ))
            })?
        }
        (None, None) => {
            embargo_lists::sniff(&prefix).map_err(|e| exit::input(format!("{display}: {e}")))?
        }
    };
    let mut companions = [None, None, None];
    if format == Format::OfacCsv && policy != CompanionPolicy::Without {
        let name = primary.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
        let names = if name.starts_with("cons_") {
            ["cons_alt.csv", "cons_add.csv", "cons_comments.csv"]
        } else {
            ["alt.csv", "add.csv", "sdn_comments.csv"]
        };
        let dir = primary.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
        let mut missing = Vec::new();
        for (i, (slot, n)) in companions.iter_mut().zip(names).enumerate() {
            *slot = find_in(&dir, n);
            if slot.is_some() {
                continue;
            }
            // The comments file only continues over-long remarks; alt and add hold aliases and
            // addresses, whose loss would go unnoticed.
            if policy == CompanionPolicy::Require && i < 2 {
                missing.push(n);
            } else {
                eprintln!(
                    "warning: no {n} beside {display}: its data will be missing from the import"
                );
            }
        }
        if !missing.is_empty() {
            return Err(exit::input(format!(
                "{display}: no {} beside it: the aliases and addresses of the OFAC set would be missing; put the whole set in one directory, or pass --without-companions to import the primary file alone",
                missing.join(" and ")
            )));
        }
    }
    Ok(ListFile { primary, companions, format, display })
}

impl ListFile {
    fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        std::iter::once(&self.primary).chain(self.companions.iter().flatten())
    }

    /// sha256 over the primary file then each companion present, in a fixed order.
    fn sha256(&self) -> anyhow::Result<String> {
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        for path in self.paths() {
            let mut f = File::open(path)
                .map_err(|e| exit::input(format!("{}: cannot open: {e}", path.display())))?;
            loop {
                let n = f
                    .read(&mut buf)
                    .map_err(|e| exit::input(format!("{}: cannot read: {e}", path.display())))?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
            }
        }
        Ok(hex::encode(hasher.finalize()))
    }

    fn open(&self) -> anyhow::Result<ListReader<'static>> {
        let open = |p: &Path| -> anyhow::Result<BufReader<File>> {
            Ok(BufReader::with_capacity(
                1 << 16,
                File::open(p)
                    .map_err(|e| exit::input(format!("{}: cannot open: {e}", p.display())))?,
            ))
        };
        let result = if self.format == Format::OfacCsv {
            let boxed = |p: &Option<PathBuf>| -> anyhow::Result<Option<Box<dyn Read + Send>>> {
                Ok(match p {
                    Some(p) => Some(Box::new(open(p)?)),
                    None => None,
                })
            };
            let companions = Companions {
                alt: boxed(&self.companions[0])?,
                add: boxed(&self.companions[1])?,
                comments: boxed(&self.companions[2])?,
            };
            embargo_lists::ofac_csv::parse_set(open(&self.primary)?, companions)
        } else {
            embargo_lists::parse(open(&self.primary)?, Some(self.format))
        };
        result.map_err(|e| exit::input(format!("{}: {e}", self.display)))
    }

    fn read_all(&self) -> anyhow::Result<Vec<Designation>> {
        let list = self.open()?;
        list.collect::<Result<Vec<_>, _>>()
            .map_err(|e| exit::input(format!("{}: {e}", self.display)))
    }
}

async fn import(args: ImportArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let policy =
        if args.without_companions { CompanionPolicy::Without } else { CompanionPolicy::Require };
    let file = resolve(&args.file, args.source, args.input_format, policy)?;
    let outcome =
        import_file(&file, args.published, None, args.shrink.options(), !args.no_rescreen, global)
            .await?;
    print_outcome(&outcome, args.format, String::new())?;
    Ok(ExitCode::SUCCESS)
}

struct Outcome {
    outcome: ImportOutcome,
    file: String,
    duration_ms: u128,
    /// The re-screening of the watched subjects that followed, if any.
    rescreen: Option<embargo_engine::watch::ScreenReport>,
}

async fn import_file(
    file: &ListFile,
    published: Option<jiff::civil::Date>,
    display: Option<&str>,
    options: ImportOptions,
    rescreen: bool,
    global: &GlobalArgs,
) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let display = display.unwrap_or(&file.display).to_owned();
    let sha256 = file.sha256()?;
    let list = file.open()?;
    let header = list.header().clone();
    if let (Some(stated), Some(given)) = (header.published, published) {
        if stated != given {
            eprintln!("warning: {display} states publication date {stated}; --published {given} is ignored");
        }
    }
    let engine = global.engine().await?;
    let list_file =
        embargo_engine::lists::ListFile { name: display.clone(), sha256, list, published };
    let result = engine.import_list_rescreening(list_file, options, rescreen).await;
    engine.store().close().await;
    let (outcome, rescreen) = result.map_err(crate::exit::engine)?;
    Ok(Outcome { outcome, file: display, duration_ms: started.elapsed().as_millis(), rescreen })
}

fn kinds_text(v: &ListVersion) -> String {
    v.kinds.iter().map(|(k, n)| format!("{n} {k}")).collect::<Vec<_>>().join(", ")
}

fn print_outcome(o: &Outcome, format: Output, mut out: String) -> anyhow::Result<()> {
    let (status, v) = match &o.outcome {
        ImportOutcome::Imported(v) => ("imported", v),
        ImportOutcome::Unchanged { version, reactivated: false } => ("unchanged", version),
        ImportOutcome::Unchanged { version, reactivated: true } => ("reactivated", version),
    };
    match format {
        Output::Json => {
            let json = serde_json::json!({
                "status": status,
                "source": v.source,
                "format": v.format,
                "file": o.file,
                "published": v.published,
                "records": v.records,
                "aliases": v.aliases,
                "kinds": v.kinds,
                "sha256": v.sha256,
                "version": v.id,
                "current": v.current,
                "duration_ms": o.duration_ms,
                "rescreen": o.rescreen,
            });
            say!(out, "{}", serde_json::to_string_pretty(&json)?);
        }
        Output::Text => {
            let published = v.published.map(|d| d.to_string()).unwrap_or_else(|| "unknown".into());
            match status {
                "imported" => say!(
                    out,
                    "imported {} list from {} as version {}: {} designations ({}), {} aliases; published {}; sha256 {}; {} ms",
                    v.source,
                    o.file,
                    v.id,
                    v.records,
                    kinds_text(v),
                    v.aliases,
                    published,
                    v.sha256,
                    o.duration_ms
                ),
                "unchanged" => say!(
                    out,
                    "unchanged: {} is already stored as {} version {} (sha256 {}); nothing imported",
                    o.file, v.source, v.id, v.sha256
                ),
                _ => say!(
                    out,
                    "unchanged: {} is already stored as {} version {} (sha256 {}); it is the current version again",
                    o.file, v.source, v.id, v.sha256
                ),
            }
            if let Some(r) = &o.rescreen {
                say!(
                    out,
                    "re-screened the watched subjects against {} added, changed or removed records ({} considered, {} scored): {} alerts raised, {} closed, {} suppressed by decisions",
                    r.records_in_scope, r.subjects_considered, r.subjects_screened, r.raised, r.closed, r.suppressed
                );
            }
        }
    }
    emit(&out)
}

async fn show_versions(format: Output, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let engine = global.engine().await?;
    let versions = engine.list_versions().await.map_err(exit::engine)?;
    engine.store().close().await;
    let mut out = String::new();
    match format {
        Output::Json => say!(out, "{}", serde_json::to_string_pretty(&versions)?),
        Output::Text => {
            if versions.is_empty() {
                say!(out, "no list imported yet (see `embargo lists import FILE` or `embargo lists fetch`)");
                emit(&out)?;
                return Ok(ExitCode::SUCCESS);
            }
            say!(
                out,
                "{:>4}  {:<6} {:<9} {:<10}  {:<25} {:>8}  {:<12}  current",
                "id",
                "source",
                "format",
                "published",
                "imported at",
                "records",
                "sha256"
            );
            for v in &versions {
                say!(
                    out,
                    "{:>4}  {:<6} {:<9} {:<10}  {:<25} {:>8}  {:<12}  {}",
                    v.id,
                    v.source.as_str(),
                    v.format,
                    v.published.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                    v.imported_at,
                    v.records,
                    &v.sha256[..v.sha256.len().min(12)],
                    if v.current { "yes" } else { "" }
                );
            }
        }
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// One side of a diff: a file on disk, else a stored version id.
async fn load_side(arg: &str, global: &GlobalArgs) -> anyhow::Result<(String, Vec<Designation>)> {
    let path = Path::new(arg);
    if path.exists() {
        let file = resolve(path, None, None, CompanionPolicy::Warn)?;
        return Ok((file.display.clone(), file.read_all()?));
    }
    let Ok(id) = arg.parse::<i64>() else {
        return Err(exit::input(format!(
            "{arg}: neither an existing file nor a stored list version id"
        )));
    };
    let engine = global.engine().await?;
    let result = engine.version_designations(id).await;
    engine.store().close().await;
    match result {
        Ok(all) => Ok((format!("version {id}"), all)),
        Err(embargo_engine::EngineError::NotFound(_)) => Err(exit::input(format!(
            "{arg}: no stored list version with this id (see `embargo lists`)"
        ))),
        Err(e) => Err(exit::engine(e)),
    }
}

async fn diff(args: DiffArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let stored = |arg: &str| -> Option<i64> {
        if Path::new(arg).exists() {
            None
        } else {
            arg.parse().ok()
        }
    };
    // Two stored versions: the engine's comparison (one list's versions only).
    if let (Some(a), Some(b)) = (stored(&args.old), stored(&args.new)) {
        let engine = global.engine().await?;
        let result = engine.diff_versions(a, b).await;
        engine.store().close().await;
        let v = result.map_err(exit::engine)?;
        let (old_n, new_n) = (v.old.records as usize, v.new.records as usize);
        return print_diff(
            &v.diff,
            (&format!("version {a}"), old_n),
            (&format!("version {b}"), new_n),
            args.format,
        );
    }
    let (old_name, old) = load_side(&args.old, global).await?;
    let (new_name, new) = load_side(&args.new, global).await?;
    let d = embargo_lists::diff::diff(&old, &new);
    print_diff(&d, (&old_name, old.len()), (&new_name, new.len()), args.format)
}

fn print_diff(
    d: &embargo_lists::diff::Diff,
    (old_name, old_len): (&str, usize),
    (new_name, new_len): (&str, usize),
    format: Output,
) -> anyhow::Result<ExitCode> {
    let mut out = String::new();
    match format {
        Output::Json => say!(out, "{}", serde_json::to_string_pretty(&d)?),
        Output::Text => {
            say!(
                    out,
                "{old_name} ({} designations) -> {new_name} ({} designations): {} added, {} removed, {} changed",
                old_len,
                new_len,
                d.added.len(),
                d.removed.len(),
                d.changed.len()
            );
            for e in &d.added {
                say!(out, "+ {:<12} {}", e.reference, e.name);
            }
            for e in &d.removed {
                say!(out, "- {:<12} {}", e.reference, e.name);
            }
            for c in &d.changed {
                say!(out, "~ {:<12} {} ({})", c.reference, c.name, c.fields.join(", "));
            }
        }
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

// After `say!`, which it uses.
mod export;
pub(crate) mod fetch;
