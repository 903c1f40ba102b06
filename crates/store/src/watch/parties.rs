//! The parties of an exemption request as watched subjects: kept exactly in step with the
//! request in the transaction that creates or amends it.

use super::*;

/// The parties of a request to watch, written in the transaction that creates or amends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyWatch {
    /// The common prefix of the request's subject ids (`request:REF#`).
    pub prefix: String,
    /// One subject per party to screen; every id starts with `prefix`.
    pub subjects: Vec<NewSubject>,
}

/// Makes the watched subjects under `watch.prefix` exactly `watch.subjects`, inside `tx`:
/// changed ones amended (or reinstated), new ones registered, the others removed. Returns the
/// chain's new tail.
pub(crate) async fn watch_parties(
    tx: &mut Transaction<'_, Any>,
    mut tail: (i64, String),
    recorded: Timestamp,
    watch: &PartyWatch,
    by: &str,
) -> Result<(i64, String), StoreError> {
    if let Some(stray) = watch.subjects.iter().find(|s| !s.id.starts_with(&watch.prefix)) {
        return Err(StoreError::Invalid(format!(
            "subject {} is not under {}",
            stray.id, watch.prefix
        )));
    }
    let mut fresh = Vec::new();
    for row in &watch.subjects {
        match amend_subject_in(tx, tail.clone(), recorded, row, by).await {
            Ok((_, t)) => tail = t,
            Err(StoreError::NotFound(_)) => fresh.push(row.clone()),
            Err(e) => return Err(e),
        }
    }
    if !fresh.is_empty() {
        let (_, t) = insert_subjects(tx, tail, recorded, &fresh, by).await?;
        tail = t;
    }
    let kept: std::collections::HashSet<&str> =
        watch.subjects.iter().map(|s| s.id.as_str()).collect();
    for id in subjects_with_prefix_in(tx, &watch.prefix).await? {
        // `request:A#` also prefixes the parties of a request named `A#0`: only a party index
        // follows the prefix of this request's own parties.
        let own = id[watch.prefix.len()..].bytes().all(|b| b.is_ascii_digit());
        if own && !kept.contains(id.as_str()) {
            let (_, t) = remove_subject_in(tx, tail, recorded, &id, by).await?;
            tail = t;
        }
    }
    Ok(tail)
}
