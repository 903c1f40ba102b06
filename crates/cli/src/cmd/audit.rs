//! `embargo audit`: verify the hash-chained audit log, print it, and anchor it outside the
//! database with signed checkpoints.
//!
//! `audit verify` re-computes every event's SHA-256 link, compares the end of the chain with
//! the head recorded by the last command, checks the times (procedure time never backwards
//! along a request, no event dated after it was written, write times in log order) and replays
//! every request through the state machine, naming the first field where the stored request
//! differs from where its events lead. With `--checkpoints FILE --public-key KEY` it also
//! proves that the chain still contains every signed head in the file, so a history rewritten
//! (hashes recomputed) or truncated (head rolled back) before the last checkpoint is named.
//! It exits 0 when everything holds and 1 naming each problem otherwise.
//!
//! `audit keygen --out FILE` writes an Ed25519 signing key (hex, mode 0600) and `FILE.pub`;
//! `audit checkpoint --key FILE [--append-to FILE]` signs the current head and appends it as
//! one JSON line (or prints it for publication). Keep the key and the checkpoint file outside
//! the database, and the public key wherever verifiers can trust it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use embargo_domain::procedure::audit::BreakKind;
use embargo_domain::procedure::checkpoint::{
    key_from_seed, signing_key, verifying_key, Checkpoint,
};

use crate::cmd::regimes::Format;
use crate::cmd::request::engine_err;
use crate::exit;
use crate::global::GlobalArgs;

/// Subcommands of `embargo audit`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Verify the whole log: the chain, the times, every request replayed from its events, and
    /// (with --checkpoints) every signed head.
    Verify {
        /// A checkpoint file written by `audit checkpoint --append-to` (one JSON line each).
        #[arg(long, requires = "public_key")]
        checkpoints: Option<PathBuf>,
        /// The trusted public key: hex, or a file holding it (e.g. the `.pub` from keygen).
        #[arg(long = "public-key")]
        public_key: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Print the audit events (all, or those of one request).
    Log {
        /// Only the events of this request.
        #[arg(long)]
        request: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Create an Ed25519 signing key for checkpoints: FILE (secret, mode 0600) and FILE.pub.
    Keygen {
        /// Where to write the secret key (refused if it exists).
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign the chain's current head with the key and append the checkpoint to a file (or
    /// print it, for publication elsewhere).
    Checkpoint {
        /// The signing key file written by `audit keygen`.
        #[arg(long)]
        key: PathBuf,
        /// Append the checkpoint line to this file (created if absent).
        #[arg(long = "append-to")]
        append_to: Option<PathBuf>,
    },
}

/// Runs the command.
pub async fn run(command: Command, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    match command {
        Command::Verify { checkpoints, public_key, format } => {
            verify(global, checkpoints.as_deref(), public_key.as_deref(), format).await
        }
        Command::Log { request, format } => {
            let engine = global.engine().await?;
            let events = engine.audit_log(request.as_deref()).await.map_err(engine_err)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&events)?),
                Format::Text => {
                    for e in &events {
                        println!(
                            "#{} {} {} {} by {}: {} -> {} {} {}",
                            e.seq,
                            e.body.at,
                            e.body.case,
                            e.body.kind,
                            e.body.actor,
                            e.body.from,
                            e.body.to,
                            &e.hash[..16],
                            embargo_domain::procedure::audit::canonical_json(&e.body.data)
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Keygen { out } => keygen(&out),
        Command::Checkpoint { key, append_to } => {
            let secret = std::fs::read_to_string(&key)
                .with_context(|| format!("cannot read the signing key {}", key.display()))?;
            let key =
                signing_key(&secret).map_err(|e| exit::input(format!("{}: {e}", key.display())))?;
            let engine = global.engine().await?;
            let checkpoint = engine.checkpoint(&key).await.map_err(engine_err)?;
            let line = serde_json::to_string(&checkpoint)?;
            match append_to {
                Some(path) => {
                    let mut file = std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(&path)
                        .with_context(|| format!("cannot open {}", path.display()))?;
                    writeln!(file, "{line}")
                        .and_then(|_| file.sync_all())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    println!(
                        "checkpoint of event {} ({}) appended to {}",
                        checkpoint.seq,
                        &checkpoint.hash[..16],
                        path.display()
                    );
                }
                None => println!("{line}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn keygen(out: &Path) -> anyhow::Result<ExitCode> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    let key = key_from_seed(seed);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(out).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exit::input(format!("{} exists: a signing key is never overwritten", out.display()))
        } else {
            anyhow::Error::new(e).context(format!("cannot create {}", out.display()))
        }
    })?;
    writeln!(file, "{}", hex::encode(key.to_bytes()))
        .and_then(|_| file.sync_all())
        .with_context(|| format!("cannot write {}", out.display()))?;
    let public = hex::encode(key.verifying_key().to_bytes());
    let pub_path = PathBuf::from(format!("{}.pub", out.display()));
    std::fs::write(&pub_path, format!("{public}\n"))
        .with_context(|| format!("cannot write {}", pub_path.display()))?;
    println!("signing key written to {} (keep it outside the database)", out.display());
    println!("public key in {}:", pub_path.display());
    println!("{public}");
    Ok(ExitCode::SUCCESS)
}

/// Reads a checkpoint file: one JSON checkpoint per line.
fn read_checkpoints(path: &Path) -> anyhow::Result<Vec<Checkpoint>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the checkpoint file {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let c: Checkpoint = serde_json::from_str(line).map_err(|e| {
            exit::input(format!("{}:{}: not a checkpoint: {e}", path.display(), n + 1))
        })?;
        out.push(c);
    }
    Ok(out)
}

async fn verify(
    global: &GlobalArgs,
    checkpoints: Option<&Path>,
    public_key: Option<&str>,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let engine = global.engine().await?;
    let mut checked = 0usize;
    let mut trusted = None;
    if let (Some(path), Some(key)) = (checkpoints, public_key) {
        let key_text = if Path::new(key).is_file() {
            std::fs::read_to_string(key).with_context(|| format!("cannot read {key}"))?
        } else {
            key.to_owned()
        };
        let key =
            verifying_key(&key_text).map_err(|e| exit::input(format!("--public-key: {e}")))?;
        let list = read_checkpoints(path)?;
        if list.is_empty() {
            return Err(exit::input(format!("{}: no checkpoint in the file", path.display())));
        }
        checked = list.len();
        trusted = Some((list, key));
    }
    let report = engine
        .verify_audit(trusted.as_ref().map(|(list, key)| (list.as_slice(), key)))
        .await
        .map_err(engine_err)?;
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "ok": report.ok(),
                "events": report.verification.events,
                "head": report.verification.head,
                "recorded_head": report.recorded_head.as_ref().map(|(seq, hash)| serde_json::json!({ "seq": seq, "hash": hash })),
                "requests_replayed": report.requests_replayed,
                "checkpoints_checked": checked,
                "notes": report.notes,
                "breaks": report.verification.breaks,
            }))?
        ),
        Format::Text => {
            if report.ok() {
                println!(
                    "audit log intact: {} event(s), head {}; {} request(s) replayed to their stored state{}",
                    report.verification.events,
                    report.verification.head,
                    report.requests_replayed,
                    if checked > 0 { format!("; {checked} signed checkpoint(s) hold") } else { String::new() }
                );
            } else {
                println!(
                    "audit log BROKEN: {} problem(s) in {} event(s)",
                    report.verification.breaks.len(),
                    report.verification.events
                );
                for b in &report.verification.breaks {
                    println!("  event {}: {} — {}", b.seq, kind_name(&b.kind), b.message);
                }
            }
            for note in &report.notes {
                println!("  note: {note}");
            }
        }
    }
    Ok(if report.ok() { ExitCode::SUCCESS } else { ExitCode::from(exit::FAILURE) })
}

fn kind_name(kind: &BreakKind) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
