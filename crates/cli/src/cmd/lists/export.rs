//! `embargo lists export --format ftm`: the current stored lists as FollowTheMoney JSON lines,
//! which `embargo lists import` reads back (see `embargo_lists::ftm_export` for what FtM cannot
//! hold).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use embargo_lists::model::Source;

use crate::global::GlobalArgs;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// FollowTheMoney entities, one JSON object a line.
    Ftm,
}

/// Arguments of `embargo lists export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The format written.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// The file to write (replaced only once the export is complete); standard output when
    /// absent.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Only these lists (un, ofac, eu, uk, ftm); repeatable. Every stored list when absent.
    #[arg(long, value_parser = super::parse_source)]
    source: Vec<Source>,
}

/// Runs the export.
pub async fn export(args: ExportArgs, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let ExportFormat::Ftm = args.format;
    let store = global.store().await?;
    let designations = store.current_designations(&args.source).await;
    store.close().await;
    let designations = designations.context("reading the stored lists")?;
    let written = match &args.output {
        Some(path) => {
            // Written beside the target, then renamed: a failed export leaves no half file.
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot create a file in {}", dir.display()))?;
            let mut w = std::io::BufWriter::with_capacity(1 << 16, tmp);
            let n = embargo_lists::ftm_export::write(&mut w, &designations)
                .with_context(|| format!("writing {}", path.display()))?;
            let tmp = w.into_inner().map_err(|e| e.into_error()).context("writing the export")?;
            tmp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("{n} designations written to {}", path.display());
            n
        }
        None => {
            let stdout = std::io::stdout().lock();
            let mut w = std::io::BufWriter::with_capacity(1 << 16, stdout);
            match embargo_lists::ftm_export::write(&mut w, &designations) {
                Ok(n) => n,
                // `embargo lists export --format ftm | head` is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    return Ok(ExitCode::SUCCESS)
                }
                Err(e) => return Err(anyhow::Error::new(e).context("writing to standard output")),
            }
        }
    };
    if written == 0 {
        eprintln!("warning: no list is stored; the export is empty");
    }
    Ok(ExitCode::SUCCESS)
}
