//! `embargo match`: yente's matching API on the command line — the body of
//! `POST /match/{dataset}` in, the same JSON answer out (the engine's one `yente_match`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use embargo_engine::yente::MatchParams;

use crate::exit;
use crate::global::GlobalArgs;

/// The largest body read (the API's body limit).
const MAX_BODY: u64 = 4 << 20;

/// Arguments of `embargo match`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `default` (every stored list) or one list: un, ofac, eu, uk, ftm.
    #[arg(long, default_value = "default")]
    dataset: String,
    /// The request body as yente takes it (`{"queries": {ID: {"schema": …, "properties": …}}}`);
    /// `-` reads standard input.
    #[arg(long)]
    input: PathBuf,
    /// Results scoring at least this are matches (default 0.7).
    #[arg(long)]
    threshold: Option<f64>,
    /// Results scoring at most this are not returned (yente's deprecated `cutoff`; default and
    /// ceiling: the threshold).
    #[arg(long)]
    cutoff: Option<f64>,
    /// Results per query (default 5, at most 500).
    #[arg(long)]
    limit: Option<usize>,
    /// Leave out this entity (`source:reference` or `source-reference`); repeatable.
    #[arg(long = "exclude-entity-id")]
    exclude_entity_ids: Vec<String>,
    /// Only these lists; repeatable.
    #[arg(long = "include-dataset")]
    include_dataset: Vec<String>,
    /// Not these lists; repeatable.
    #[arg(long = "exclude-dataset")]
    exclude_dataset: Vec<String>,
    /// Not these schemata (`Person`, `Organization`, `Vessel`, `Airplane`); repeatable.
    #[arg(long = "exclude-schema")]
    exclude_schema: Vec<String>,
}

/// Runs the command.
pub async fn run(args: Args, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let (name, body) = if args.input.as_os_str() == "-" {
        let body = embargo_cli::read_capped(
            std::io::stdin().lock(),
            MAX_BODY,
            "a match request is at most 4 MiB",
        )
        .map_err(|e| exit::input(format!("stdin: {e}")))?;
        ("stdin".to_owned(), body)
    } else {
        let file = std::fs::File::open(&args.input)
            .map_err(|e| exit::input(format!("{}: cannot open: {e}", args.input.display())))?;
        let body = embargo_cli::read_capped(file, MAX_BODY, "a match request is at most 4 MiB")
            .map_err(|e| exit::input(format!("{}: {e}", args.input.display())))?;
        (args.input.display().to_string(), body)
    };
    let params = MatchParams {
        threshold: args.threshold,
        cutoff: args.cutoff,
        limit: args.limit,
        algorithm: None,
        include_dataset: args.include_dataset,
        exclude_dataset: args.exclude_dataset,
        exclude_schema: args.exclude_schema,
        exclude_entity_ids: args.exclude_entity_ids,
        topics: vec![],
        changed_since: None,
    };
    let engine = global.engine().await?;
    let result = engine.yente_match(&args.dataset, &body, &params).await;
    engine.store().close().await;
    let result = result.map_err(|e| match e {
        embargo_engine::EngineError::Invalid { .. } => exit::input(format!("{name}: {e}")),
        embargo_engine::EngineError::NotFound(_) => exit::input(format!("--dataset: {e}")),
        other => anyhow::Error::new(other),
    })?;
    let mut stdout = std::io::stdout().lock();
    let written = serde_json::to_writer_pretty(&mut stdout, &result)
        .map_err(std::io::Error::from)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.context("writing to standard output")?,
    }
    Ok(ExitCode::SUCCESS)
}
