//! `embargo request batch`: commands as JSON lines on stdin, each acknowledged on stdout once
//! committed, through the same engine path as a single command.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use embargo_domain::procedure::intent::Intent;
use embargo_domain::procedure::machine::Actor;
use embargo_engine::requests::ActOptions;
use embargo_engine::{Engine, EngineError};
use embargo_store::requests::Outcome;

use super::parse_now;
use super::render::refusal_json;
use crate::exit;
use crate::global::GlobalArgs;

/// One line of `request batch`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchLine {
    reference: String,
    actor: String,
    now: Option<String>,
    key: Option<String>,
    expect_version: Option<i64>,
    command: Intent,
}

pub(super) async fn batch(global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let engine = global.engine().await?;
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    let mut failures = 0u64;
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line.context("cannot read stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let ack = match batch_line(&engine, &line).await {
            Ok(outcome) => serde_json::json!({ "line": n + 1, "ok": true, "outcome": outcome }),
            Err(BatchError::Engine(EngineError::Refused(refusal))) => {
                failures += 1;
                serde_json::json!({ "line": n + 1, "ok": false, "refusal": refusal_json(&refusal) })
            }
            Err(e) => {
                failures += 1;
                serde_json::json!({ "line": n + 1, "ok": false, "error": e.to_string() })
            }
        };
        writeln!(stdout, "{ack}").context("cannot write stdout")?;
        stdout.flush().context("cannot write stdout")?;
    }
    Ok(if failures == 0 { ExitCode::SUCCESS } else { ExitCode::from(exit::INPUT) })
}

#[derive(Debug, thiserror::Error)]
enum BatchError {
    #[error("{0}")]
    Line(String),
    #[error("{0}")]
    Engine(#[from] EngineError),
}

/// One batch line through the same path as a single command: the line names the request, the
/// actor, the intent and optionally a simulated time; it never carries a ground, parameters,
/// hits or anything else the engine decides (unknown fields are refused).
async fn batch_line(engine: &Engine, line: &str) -> Result<Outcome, BatchError> {
    let parsed: BatchLine = serde_json::from_str(line)
        .map_err(|e| BatchError::Line(format!("invalid batch line: {e}")))?;
    let actor = Actor::parse(&parsed.actor).map_err(BatchError::Line)?;
    let now = parse_now(parsed.now.as_deref()).map_err(|e| BatchError::Line(e.to_string()))?;
    let options = ActOptions {
        expected_version: parsed.expect_version,
        idempotency_key: parsed.key,
        simulated_now: now,
    };
    Ok(engine.act(&parsed.reference, parsed.command, &actor, options).await?)
}
