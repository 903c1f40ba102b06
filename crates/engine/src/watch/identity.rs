//! The identifying content of a listed record ([`Identity`]): what a decision on a hit is
//! about, its [`fingerprint`], and what changed between two versions ([`describe_change`]).

use std::collections::BTreeSet;

use embargo_lists::model::{BirthDate as ListBirthDate, Designation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The identifying content of a listed record: what a decision is about. Names are compared
/// case- and space-insensitively; birth dates, nationalities and documents as normalised text.
/// Remarks, addresses, programmes and listing dates are not identifying.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Every name (primary, aliases, original script), normalised.
    pub names: BTreeSet<String>,
    /// Birth dates (`1942-06-07`, `1942`, `1940..1945`, or the raw text).
    pub birth_dates: BTreeSet<String>,
    /// Nationalities (ISO-2, or the name as listed).
    pub nationalities: BTreeSet<String>,
    /// Document numbers (upper case, without spaces).
    pub documents: BTreeSet<String>,
}

fn norm_text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The identifying content of a designation. Normalisation here is deliberately simple (case,
/// spaces) and independent of the matcher's tables, so fingerprints stay stable when the
/// matcher changes.
pub fn identity(d: &Designation) -> Identity {
    let names = d.all_names().into_iter().map(norm_text).filter(|n| !n.is_empty()).collect();
    let birth_dates = d
        .birth_dates
        .iter()
        .map(|b| match b {
            ListBirthDate::Exact { date, .. } => date.to_string(),
            ListBirthDate::Year { year, .. } => year.to_string(),
            ListBirthDate::Range { from, to, .. } => format!("{from}..{to}"),
            ListBirthDate::Unparsed { raw } => norm_text(raw),
        })
        .collect();
    let nationalities = d
        .nationalities
        .iter()
        .map(|c| c.iso2.clone().unwrap_or_else(|| norm_text(&c.name)))
        .collect();
    let documents = d
        .documents
        .iter()
        .map(|doc| doc.number.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .map(|n| n.to_uppercase())
        .filter(|n| !n.is_empty())
        .collect();
    Identity { names, birth_dates, nationalities, documents }
}

/// SHA-256 (hex) of the identity's canonical JSON (sorted sets, fixed field order).
pub fn fingerprint(identity: &Identity) -> String {
    let text = serde_json::to_string(identity).unwrap_or_default();
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// What changed between two identities, e.g. `names +"abu x" -"abou x"; birth dates +1961`.
pub fn describe_change(old: &Identity, new: &Identity) -> String {
    fn part(label: &str, old: &BTreeSet<String>, new: &BTreeSet<String>, out: &mut Vec<String>) {
        let added: Vec<String> = new.difference(old).map(|s| format!("+\"{s}\"")).collect();
        let removed: Vec<String> = old.difference(new).map(|s| format!("-\"{s}\"")).collect();
        if !added.is_empty() || !removed.is_empty() {
            out.push(format!("{label} {}", [added, removed].concat().join(" ")));
        }
    }
    let mut out = Vec::new();
    part("names", &old.names, &new.names, &mut out);
    part("birth dates", &old.birth_dates, &new.birth_dates, &mut out);
    part("nationalities", &old.nationalities, &new.nationalities, &mut out);
    part("documents", &old.documents, &new.documents, &mut out);
    if out.is_empty() {
        "no identifying content changed".into()
    } else {
        out.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use embargo_lists::model::{Alias, AliasQuality, Kind as ListKind, Source};

    fn designation(name: &str, alias: &str) -> Designation {
        let mut d = Designation::new(Source::Un, "LYi.001".into(), ListKind::Person, name.into());
        d.aliases.push(Alias { name: alias.into(), quality: AliasQuality::Strong, former: false });
        d
    }

    #[test]
    fn fingerprint_ignores_order_case_spacing_and_remarks() {
        let a = designation("Abu  Bakr", "Abou Bakr");
        let mut b = designation("abu bakr", "ABOU BAKR");
        b.remarks = Some("moved".into());
        b.addresses.clear();
        assert_eq!(fingerprint(&identity(&a)), fingerprint(&identity(&b)));
        let c = designation("Abu Bakr", "Abu Bakar");
        assert_ne!(fingerprint(&identity(&a)), fingerprint(&identity(&c)));
        assert_eq!(
            describe_change(&identity(&a), &identity(&c)),
            "names +\"abu bakar\" -\"abou bakr\""
        );
        assert_eq!(describe_change(&identity(&a), &identity(&a)), "no identifying content changed");
    }
}
