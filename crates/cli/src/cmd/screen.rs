//! `embargo screen`: screens a name, or a CSV file of names, against the sanctions lists in the
//! store with the transliteration-aware matcher of `embargo-screening`.
//!
//! Single name: `embargo screen NAME [--kind …] [--dob …] [--nationality …] [--list un,ofac]
//! [--threshold X] [--limit N] [--format text|json]`. Bulk: `embargo screen --input FILE.csv
//! [--output HITS.csv]` — header row with `name` and optionally `id`, `kind`, `dob`,
//! `nationality`, `document`; one output row per hit; all cores; a progress bar on a terminal.
//! Invalid input (arguments, CSV lines) exits 2 with the line named; an empty store exits 2 and
//! says how to import a list. The rows are read by [`embargo_cli::bulk`]. With `--output`, hits
//! go to a temporary file beside the output, renamed over it once every row is screened: a run
//! that fails (a bad row, a full disk) leaves nothing at the output path and no temporary file,
//! and says how many rows it read and screened and which row stopped it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::ValueEnum;
use embargo_lists::model::Source;
use embargo_screening::{BirthDate, Hit, Index, Kind, Options, Query, DEFAULT_THRESHOLD};
use rayon::prelude::*;

use embargo_cli::bulk;
use embargo_domain::text::thousands;

use crate::exit;
use crate::global::GlobalArgs;

/// Output format of a single screening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Human-readable text with the explanation of each hit.
    #[default]
    Text,
    /// `{"query": …, "hits": […]}`.
    Json,
}

/// Arguments of `embargo screen`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The name to screen, in any script.
    #[arg(conflicts_with = "input")]
    pub name: Option<String>,
    /// Kind of party: person, entity, vessel or aircraft (default: any).
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<Kind>,
    /// Date of birth: YYYY, YYYY-MM-DD, DD.MM.YYYY or a range YYYY-YYYY.
    #[arg(long, value_parser = parse_dob)]
    pub dob: Option<BirthDate>,
    /// Nationality: ISO 3166-1 alpha-2 code (or country name).
    #[arg(long)]
    pub nationality: Option<String>,
    /// Identity document number (passport, national id).
    #[arg(long)]
    pub document: Vec<String>,
    /// Lists to screen against, comma-separated: un, ofac, eu, uk, ftm (default: all stored).
    #[arg(long = "list", value_delimiter = ',', value_parser = parse_source)]
    pub lists: Vec<Source>,
    /// Report hits scoring at least this (0–1).
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_parser = parse_threshold)]
    pub threshold: f64,
    /// At most this many hits per name.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Output format (single name).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Screen every row of this CSV file (header with `name`; optional `id`, `kind`, `dob`,
    /// `nationality`, `document`).
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// Where to write the hits of a bulk run (CSV; default: standard output).
    #[arg(long, requires = "input")]
    pub output: Option<PathBuf>,
    /// Screen the file on `embargo worker`s through this NATS server (`nats://HOST:PORT`)
    /// instead of here: chunks go to the JetStream work queue, the hits come back from the
    /// store (`--db`, shared with the workers) in input order; the same output.
    #[arg(long, requires = "input")]
    pub via: Option<String>,
    /// With `--via`: the queue the workers pull from.
    #[arg(long, default_value = "embargo", requires = "via")]
    pub queue: String,
    /// With `--via`: rows per job chunk.
    #[arg(long = "chunk-rows", default_value_t = 2000, requires = "via")]
    pub chunk_rows: usize,
    /// With `--via`: give up (the job is kept; the same command resumes it) when no worker has
    /// pulled from the queue for this many seconds.
    #[arg(long = "worker-wait", default_value_t = 60, requires = "via", value_parser = clap::value_parser!(u64).range(1..))]
    pub worker_wait: u64,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s)
        .ok_or_else(|| format!("unknown kind `{s}` (expected person, entity, vessel or aircraft)"))
}

fn parse_dob(s: &str) -> Result<BirthDate, String> {
    BirthDate::parse(s).ok_or_else(|| {
        format!("invalid date of birth `{s}` (expected YYYY, YYYY-MM-DD or YYYY-YYYY)")
    })
}

fn parse_source(s: &str) -> Result<Source, String> {
    Source::parse(s).map_err(|e| e.to_string())
}

fn parse_threshold(s: &str) -> Result<f64, String> {
    let t: f64 = s.parse().map_err(|_| format!("invalid threshold `{s}`"))?;
    if (0.0..=1.0).contains(&t) {
        Ok(t)
    } else {
        Err(format!("threshold {t} is outside 0–1"))
    }
}

/// Runs the command.
pub async fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    if args.name.is_none() && args.input.is_none() {
        return Err(exit::input("give a NAME to screen or --input FILE.csv"));
    }
    if let Some(name) = &args.name {
        if name.trim().is_empty() {
            return Err(exit::input("the name to screen is empty"));
        }
        Query::name(name.as_str()).validate().map_err(|e| exit::input(e.to_string()))?;
    }
    if args.limit == 0 {
        return Err(exit::input("--limit must be at least 1"));
    }
    if let Some(via) = &args.via {
        return crate::cmd::worker::screen_via(&args, via, global).await;
    }
    // One index over the current stored lists, the engine's (the same records, ids and
    // versions as the API screens against); `--list` filters the search.
    let engine = global.engine().await?;
    let loaded = engine.index().await.map_err(exit::engine)?;
    let lists: Option<Vec<String>> = (!args.lists.is_empty())
        .then(|| args.lists.iter().map(|s| s.as_str().to_owned()).collect());
    if loaded.versions_of(lists.as_deref()).is_empty() {
        let which = match &lists {
            None => "no sanctions list is stored".to_owned(),
            Some(names) => format!("no stored version of the list(s) {}", names.join(", ")),
        };
        return Err(exit::input(format!(
            "{which}: import one first with `embargo lists import FILE` (e.g. the UN consolidated list XML) or `embargo lists fetch --source un`"
        )));
    }
    tracing::info!(stats = ?loaded.index.stats(), "screening index loaded");
    let options = Options { threshold: args.threshold, limit: args.limit, lists };
    match &args.input {
        Some(input) => {
            let version_of: VersionOf =
                loaded.versions.iter().map(|v| (v.source.clone(), v.id)).collect();
            bulk(&loaded.index, &options, &version_of, input, args.output.as_deref())
        }
        None => single(&engine, &options, &args).await,
    }
}

fn emit(out: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}

async fn single(
    engine: &embargo_engine::Engine,
    options: &Options,
    args: &Args,
) -> anyhow::Result<ExitCode> {
    let name = args.name.clone().unwrap_or_default();
    let query = Query {
        name: name.clone(),
        kind: args.kind,
        birth_date: args.dob,
        nationality: args.nationality.clone(),
        documents: args.document.clone(),
    };
    let result = engine.screen(query, options).await.map_err(exit::engine)?;
    let hits = &result.hits;
    match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&result).context("serialising the result")?;
            s.push('\n');
            emit(&s)?;
        }
        Format::Text => {
            let lists: Vec<String> = result.lists.iter().map(|v| v.label()).collect();
            let mut s = format!("screened against {}\n", lists.join(", "));
            if hits.is_empty() {
                s.push_str(&format!("no hit at or above {:.2} for {name:?}\n", options.threshold));
            }
            for (i, h) in hits.iter().enumerate() {
                s.push_str(&format!(
                    "{}. {:.3}  {} {}  {}  {}\n",
                    i + 1,
                    h.score,
                    h.list,
                    h.reference,
                    h.kind.as_str(),
                    h.name
                ));
                if h.matched_name != h.name {
                    s.push_str(&format!("   matched: {}\n", h.matched_name));
                }
                s.push_str(&format!("   why: {}\n", explain_text(h)));
            }
            emit(&s)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One line explaining a hit (the engine's, shared with the workers of `--via`).
fn explain_text(h: &Hit) -> String {
    embargo_engine::jobs::explain_text(h)
}

/// Rows screened per parallel batch (bounds memory for files of any size).
const BATCH: usize = 16_384;

/// How far a bulk run got.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    pub(crate) rows_read: u64,
    pub(crate) rows_screened: u64,
    pub(crate) rows_hit: u64,
    pub(crate) hits: u64,
}

/// The progress bar of a bulk run over `len` bytes of input, on standard error.
pub(crate) fn progress_bar(len: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {percent}% {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// The header of the bulk output.
pub(crate) const HEADER: [&str; 10] = [
    "input_id",
    "input_name",
    "list",
    "reference",
    "kind",
    "name",
    "matched_name",
    "score",
    "explanation",
    "list_version",
];

/// The stored version id of each list (the `list_version` column: which version a hit is from).
pub(crate) type VersionOf = std::collections::HashMap<String, i64>;

/// Where the hits go: a temporary file beside `--output`, renamed over it once every row is
/// screened (so a failed run leaves nothing at the output path, and a reader of that path never
/// sees half a result), or standard output.
pub(crate) enum Sink {
    File { temp: tempfile::NamedTempFile, path: PathBuf, existed: bool },
    Stdout,
}

impl Sink {
    pub(crate) fn open(output: Option<&Path>) -> anyhow::Result<(Sink, Box<dyn Write>)> {
        let Some(path) = output else {
            return Ok((Sink::Stdout, Box::new(std::io::stdout().lock())));
        };
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| exit::input(format!("--output {}: not a file name", path.display())))?;
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".partial")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        let handle = temp.as_file().try_clone().context("cannot open the temporary output")?;
        let existed = path.exists();
        Ok((Sink::File { temp, path: path.to_owned(), existed }, Box::new(handle)))
    }

    /// Makes the output visible at its path (after the writer is flushed).
    pub(crate) fn commit(self) -> anyhow::Result<()> {
        if let Sink::File { temp, path, .. } = self {
            // A temporary file is private (0600); the result gets the permissions an earlier
            // file at the path had, else the usual 0644.
            let permissions = match std::fs::metadata(&path) {
                Ok(m) => Some(m.permissions()),
                Err(_) => default_permissions(),
            };
            if let Some(p) = permissions {
                temp.as_file().set_permissions(p).context("writing the output")?;
            }
            temp.as_file().sync_all().context("writing the output")?;
            temp.persist(&path)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot move the hits into {}", path.display()))?;
        }
        Ok(())
    }

    /// What a failed run leaves behind (the temporary file is removed when `self` drops).
    pub(crate) fn outcome(&self, p: &Progress) -> String {
        match self {
            Sink::File { path, existed: false, .. } => {
                format!("nothing was written ({} not created)", path.display())
            }
            Sink::File { path, existed: true, .. } => {
                format!("nothing was written ({} left as it was)", path.display())
            }
            Sink::Stdout => format!(
                "the output on standard output is INCOMPLETE: it holds the hits of the first {} rows only",
                thousands(p.rows_screened)
            ),
        }
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

fn bulk(
    index: &Index,
    options: &Options,
    version_of: &VersionOf,
    input: &Path,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let file = input.display().to_string();
    let size = std::fs::metadata(input)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                exit::input(format!("{file}: no such file"))
            } else {
                anyhow::Error::new(e).context(format!("cannot read {file}"))
            }
        })?
        .len();
    let source = std::fs::File::open(input).with_context(|| format!("cannot open {file}"))?;
    let mut reader = bulk::Reader::new(std::io::BufReader::with_capacity(1 << 20, source))
        .map_err(|e| exit::input(format!("{file}: {e}")))?;
    let (sink, out) = Sink::open(output)?;
    let mut writer = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, out));

    let bar = progress_bar(size);
    let started = Instant::now();
    let mut progress = Progress::default();
    let run = screen_all(index, options, version_of, &mut reader, &mut writer, &bar, &mut progress)
        .and_then(|()| writer.flush().context("writing the output"));
    drop(writer);
    bar.finish_and_clear();
    if let Err(err) = run {
        let stopped = format!(
            "stopped after reading {} rows ({} screened, {} hits); {}",
            thousands(progress.rows_read),
            thousands(progress.rows_screened),
            thousands(progress.hits),
            sink.outcome(&progress)
        );
        return Err(match err.downcast::<embargo_cli::ReadError>() {
            Ok(e) => exit::input(format!("{file}: {e}; {stopped}")),
            Err(other) => other.context(stopped),
        });
    }
    sink.commit()?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "screened {} rows in {secs:.1}s ({:.0} rows/s): {} rows with {} hits at or above {:.2}",
        progress.rows_screened,
        progress.rows_screened as f64 / secs.max(1e-9),
        progress.rows_hit,
        progress.hits,
        options.threshold
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads, screens and writes every row; `progress` says how far it got when it fails.
fn screen_all<R: std::io::Read, W: Write>(
    index: &Index,
    options: &Options,
    version_of: &VersionOf,
    reader: &mut bulk::Reader<R>,
    writer: &mut csv::Writer<W>,
    bar: &indicatif::ProgressBar,
    progress: &mut Progress,
) -> anyhow::Result<()> {
    writer.write_record(HEADER).context("writing the output")?;
    let mut batch: Vec<bulk::Row> = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        while batch.len() < BATCH {
            match reader.next_row()? {
                Some(row) => batch.push(row),
                None => break,
            }
            progress.rows_read = reader.rows_read();
        }
        if batch.is_empty() {
            return Ok(());
        }
        let results: Vec<Vec<Hit>> =
            batch.par_iter().map(|row| index.search(&row.query, options)).collect();
        for (row, hits) in batch.iter().zip(&results) {
            for h in hits {
                writer
                    .write_record([
                        row.id.as_str(),
                        row.query.name.as_str(),
                        h.list.as_str(),
                        h.reference.as_str(),
                        h.kind.as_str(),
                        h.name.as_str(),
                        h.matched_name.as_str(),
                        &format!("{:.4}", h.score),
                        &explain_text(h),
                        &version_of.get(&h.list).map(i64::to_string).unwrap_or_default(),
                    ])
                    .context("writing the output")?;
            }
            progress.rows_screened += 1;
            progress.hits += hits.len() as u64;
            progress.rows_hit += u64::from(!hits.is_empty());
        }
        bar.set_position(reader.byte_position());
        bar.set_message(format!(
            "{} rows, {} with hits",
            progress.rows_screened, progress.rows_hit
        ));
    }
}
