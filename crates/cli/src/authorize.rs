//! Looks up an approved exemption in the store that covers a checked transfer (issue 5):
//! same destination and end user, every item matched by category with approved quantity left,
//! the transfer date within the approval's validity. When one does, the verdict becomes
//! `authorized` with the request's reference.

use embargo_domain::procedure::authorization::covering;
use embargo_domain::procedure::machine::Phase;
use embargo_domain::{CheckResult, Transfer, Verdict};

use crate::global::GlobalArgs;

/// Sets `result` to `authorized` when an approved request in the store covers `transfer`.
/// Transfers that need nothing (`not_covered`, `exempt`) are left as they are.
pub async fn apply(
    global: &GlobalArgs,
    transfer: &Transfer,
    result: &mut CheckResult,
) -> anyhow::Result<()> {
    if matches!(result.verdict, Verdict::NotCovered | Verdict::Exempt | Verdict::Authorized) {
        return Ok(());
    }
    let url = global.db_url()?;
    if let Some(path) = sqlite_file(&url) {
        if !path.exists() {
            // No store yet, so no approved request: do not create one just to look.
            return Ok(());
        }
    }
    // The check stands on its own: if the store cannot be read, say so and keep the
    // (more restrictive) verdict rather than fail.
    let approved = match global.store().await {
        Ok(store) => store.requests_in_phases(&[Phase::Approved, Phase::DeemedApproved]).await,
        Err(e) => {
            result.notes.push(format!("approved exemptions were not consulted: {e:#}"));
            return Ok(());
        }
    };
    let approved = match approved {
        Ok(a) => a,
        Err(e) => {
            result.notes.push(format!("approved exemptions were not consulted: {e}"));
            return Ok(());
        }
    };
    let cases: Vec<_> = approved.into_iter().map(|s| s.case).collect();
    if let Some(coverage) = covering(&cases, transfer) {
        result.verdict = Verdict::Authorized;
        for item in &mut result.items {
            if !matches!(item.verdict, Verdict::NotCovered | Verdict::Exempt) {
                item.verdict = Verdict::Authorized;
            }
        }
        let left: Vec<String> = coverage
            .items
            .iter()
            .map(|(item, line, left)| {
                format!("item {item} under approved line {line} ({left} left before this transfer)")
            })
            .collect();
        result.notes.push(format!(
            "authorized by approved exemption {} under {}{}: {}",
            coverage.reference,
            coverage.ground,
            coverage.valid_until.map(|d| format!(", valid until {d}")).unwrap_or_default(),
            left.join("; ")
        ));
        result.authorization = Some(coverage.reference);
        result.action = embargo_domain::check::action(result);
    }
    Ok(())
}

/// The file of a SQLite URL (`sqlite:///path/x.db`, `sqlite:x.db`), or `None`.
pub(crate) fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path.contains(":memory:") {
        return None;
    }
    Some(std::path::PathBuf::from(path))
}
