//! What changed between two versions of a list: designations added, removed, and changed (same
//! reference, different content, with the names of the fields that differ).

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::model::{Designation, Kind};

/// One designation in a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The issuer's reference.
    pub reference: String,
    /// Primary name (of the new version for changed designations).
    pub name: String,
    /// Person, entity, vessel or aircraft.
    pub kind: Kind,
}

/// A changed designation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// The issuer's reference.
    pub reference: String,
    /// Primary name in the new version.
    pub name: String,
    /// Primary name in the old version, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_name: Option<String>,
    /// Model fields whose values differ (`aliases`, `remarks`, …), sorted.
    pub fields: Vec<String>,
}

/// The difference between two lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// In the new list only.
    pub added: Vec<Entry>,
    /// In the old list only.
    pub removed: Vec<Entry>,
    /// In both, with different content.
    pub changed: Vec<Changed>,
}

fn entry(d: &Designation) -> Entry {
    Entry { reference: d.reference.clone(), name: d.primary_name.clone(), kind: d.kind }
}

/// Compares two lists by reference. Output is sorted by reference.
pub fn diff(old: &[Designation], new: &[Designation]) -> Diff {
    let old_by_ref: HashMap<&str, &Designation> =
        old.iter().map(|d| (d.reference.as_str(), d)).collect();
    let new_by_ref: HashMap<&str, &Designation> =
        new.iter().map(|d| (d.reference.as_str(), d)).collect();
    let mut out = Diff::default();
    for d in new {
        match old_by_ref.get(d.reference.as_str()) {
            None => out.added.push(entry(d)),
            Some(o) if *o != d => out.changed.push(Changed {
                reference: d.reference.clone(),
                name: d.primary_name.clone(),
                old_name: (o.primary_name != d.primary_name).then(|| o.primary_name.clone()),
                fields: changed_fields(o, d),
            }),
            Some(_) => {}
        }
    }
    for d in old {
        if !new_by_ref.contains_key(d.reference.as_str()) {
            out.removed.push(entry(d));
        }
    }
    out.added.sort_by(|a, b| a.reference.cmp(&b.reference));
    out.removed.sort_by(|a, b| a.reference.cmp(&b.reference));
    out.changed.sort_by(|a, b| a.reference.cmp(&b.reference));
    out.added.dedup();
    out.removed.dedup();
    out
}

fn changed_fields(old: &Designation, new: &Designation) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter().filter(|k| a.get(*k) != b.get(*k)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn d(reference: &str, name: &str) -> Designation {
        Designation::new(Source::Un, reference.into(), Kind::Person, name.into())
    }

    #[test]
    fn added_removed_changed() {
        let old = vec![d("A", "a"), d("B", "b"), d("C", "c")];
        let mut c2 = d("C", "c");
        c2.remarks = Some("new".into());
        let new = vec![d("A", "a"), c2, d("D", "d")];
        let diff = diff(&old, &new);
        assert_eq!(diff.added.iter().map(|e| e.reference.as_str()).collect::<Vec<_>>(), vec!["D"]);
        assert_eq!(
            diff.removed.iter().map(|e| e.reference.as_str()).collect::<Vec<_>>(),
            vec!["B"]
        );
        assert_eq!(diff.changed.len(), 1);
        assert_eq!(diff.changed[0].fields, vec!["remarks"]);
        assert_eq!(diff.changed[0].old_name, None);
    }
}
