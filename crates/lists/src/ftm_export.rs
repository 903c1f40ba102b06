//! Designations as FollowTheMoney entities (JSON lines), the shape [`crate::ftm`] reads back.
//!
//! Each designation becomes its target entity (`Person`, `Organization`, `Vessel`, `Airplane`,
//! with `topics: ["sanction"]`, `caption` = the primary name, `datasets` = the list) followed by
//! its adjacent entities joined by id: one `Sanction` (programmes, listing date, the UN
//! reference as `unscId`), one `Passport` or `Identification` per document (`holder`) and one
//! `Address` per address (`addressEntity`).
//!
//! What does not read back the same (FollowTheMoney cannot hold it, or [`crate::ftm`] merges
//! it): the raw text and the *approximate* mark of a birth date (a range of years is written
//! as each of its years); a weak former name (`previousName` reads back strong); the listed
//! spelling of a country (its ISO code is written) and countries without a code; one
//! `birthCountry` for all places of birth, and places of the same text are one; an
//! organisation's nationalities (FtM's `country` is not read back as a nationality); documents
//! of the same number (one, the first); an alias identical to the primary name; an
//! original-script name identical to the primary name, or in Latin script (it reads back as an
//! alias); the order of aliases (grouped strong, weak, former); a regime the UN reference does
//! not name (written as a `programId`, which reads back as a programme too); and the source
//! and reference (the file reads back as the `ftm` list, reference = the entity id).

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::{json, Value};

use crate::model::{AliasQuality, BirthDate, CountryRef, Designation, Kind, Source};
use crate::regimes;

/// The FollowTheMoney schema of a kind of designation.
pub fn schema(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "Person",
        Kind::Entity => "Organization",
        Kind::Vessel => "Vessel",
        Kind::Aircraft => "Airplane",
    }
}

/// The entity id of a designation: `{source}-{reference}` (`un-LYi.013`, `ofac-12345`); a
/// designation read from FollowTheMoney keeps its own id.
pub fn entity_id(d: &Designation) -> String {
    match d.source {
        Source::Ftm => d.reference.clone(),
        other => format!("{}-{}", other.as_str(), d.reference),
    }
}

/// Which properties [`properties`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// For an export file: documents and addresses are adjacent entities (`addressEntity`).
    Export,
    /// For an API result (yente's `properties`): documents as `passportNumber`, `idNumber`,
    /// `registrationNumber`, `imoNumber`; addresses as `address` text; `program`.
    Inline,
}

/// A country as FollowTheMoney writes it: the lower-case ISO code.
fn code(c: &CountryRef) -> Option<String> {
    c.iso2.as_ref().map(|s| s.to_ascii_lowercase())
}

fn push(props: &mut BTreeMap<String, Vec<String>>, prop: &str, value: impl Into<String>) {
    let value = value.into();
    if value.is_empty() {
        return;
    }
    let values = props.entry(prop.to_owned()).or_default();
    if !values.contains(&value) {
        values.push(value);
    }
}

/// The values of one birth date: an exact date, a year (or year-month), each year of a range
/// (at most 50), or the text as listed.
pub fn birth_date_values(b: &BirthDate) -> Vec<String> {
    match b {
        BirthDate::Exact { date, .. } => vec![date.to_string()],
        BirthDate::Year { year, raw, .. } => {
            // Keep a year-month (`1960-05`) when that is what the list gave.
            let ym = raw.len() == 7
                && raw.starts_with(&format!("{year:04}-"))
                && raw[5..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
            vec![if ym { raw.clone() } else { format!("{year:04}") }]
        }
        BirthDate::Range { from, to, .. } => {
            let (a, b) = (*from.min(to), *from.max(to));
            if b - a <= 50 {
                (a..=b).map(|y| format!("{y:04}")).collect()
            } else {
                vec![format!("{a:04}"), format!("{b:04}")]
            }
        }
        BirthDate::Unparsed { raw } => vec![raw.clone()],
    }
}

/// The FollowTheMoney property of a document number, for inline results.
pub fn document_property(kind: Kind, doc_type: &str) -> &'static str {
    let t = doc_type.to_ascii_lowercase();
    if t.contains("imo") {
        "imoNumber"
    } else if t.contains("passport") && kind == Kind::Person {
        "passportNumber"
    } else if t.contains("registration") || matches!(kind, Kind::Vessel | Kind::Aircraft) {
        "registrationNumber"
    } else if t.contains("tax") {
        "taxNumber"
    } else if t.contains("swift") || t.contains("bic") {
        "swiftBic"
    } else {
        "idNumber"
    }
}

/// The properties of a designation's target entity, sorted by name.
pub fn properties(d: &Designation, flavor: Flavor) -> BTreeMap<String, Vec<String>> {
    let mut p = BTreeMap::new();
    push(&mut p, "name", d.primary_name.clone());
    for n in &d.original_script_names {
        push(&mut p, "name", n.clone());
    }
    for a in &d.aliases {
        let prop = match (a.former, a.quality) {
            (true, _) => "previousName",
            (false, AliasQuality::Strong) => "alias",
            (false, AliasQuality::Weak) => "weakAlias",
        };
        push(&mut p, prop, a.name.clone());
    }
    for b in &d.birth_dates {
        for v in birth_date_values(b) {
            push(&mut p, "birthDate", v);
        }
    }
    for place in &d.birth_places {
        push(&mut p, "birthPlace", place.text.clone());
    }
    if let Some(c) = d.birth_places.iter().find_map(|b| b.country.as_ref()).and_then(code) {
        push(&mut p, "birthCountry", c);
    }
    let nationality = if d.kind == Kind::Person { "nationality" } else { "country" };
    for c in d.nationalities.iter().filter_map(code) {
        push(&mut p, nationality, c);
    }
    if let Some(r) = &d.remarks {
        push(&mut p, "notes", r.clone());
    }
    push(&mut p, "topics", "sanction");
    match flavor {
        Flavor::Export => {
            let id = entity_id(d);
            for i in 0..d.addresses.len() {
                push(&mut p, "addressEntity", format!("{id}-address-{}", i + 1));
            }
        }
        Flavor::Inline => {
            for doc in &d.documents {
                push(&mut p, document_property(d.kind, &doc.doc_type), doc.number.clone());
            }
            for a in &d.addresses {
                let text = match (&a.text, &a.country) {
                    (t, _) if !t.is_empty() => t.clone(),
                    (_, Some(c)) => c.name.clone(),
                    _ => continue,
                };
                push(&mut p, "address", text);
            }
            for prog in &d.programmes {
                push(&mut p, "program", prog.clone());
            }
        }
    }
    p
}

/// The regimes of `d` that its UN reference names (written as `unscId`) and the FtM programme
/// ids of the others.
fn sanction_ids(d: &Designation) -> (Option<&str>, Vec<&'static str>) {
    let by_reference = regimes::un_reference(&d.reference);
    let unsc = by_reference.filter(|r| d.regimes.iter().any(|x| x == r));
    let others = d
        .regimes
        .iter()
        .filter(|r| Some(r.as_str()) != unsc)
        .filter_map(|r| regimes::ftm_program_of(r))
        .collect();
    (unsc.map(|_| d.reference.as_str()), others)
}

/// The entities of one designation: its target first, then the adjacent entities.
pub fn entities(d: &Designation) -> Vec<Value> {
    let id = entity_id(d);
    let dataset = d.source.as_str();
    let mut out = Vec::with_capacity(2 + d.documents.len() + d.addresses.len());
    out.push(json!({
        "id": id,
        "caption": d.primary_name,
        "schema": schema(d.kind),
        "properties": properties(d, Flavor::Export),
        "datasets": [dataset],
        "target": true,
    }));
    let (unsc, program_ids) = sanction_ids(d);
    let mut s = BTreeMap::new();
    push(&mut s, "entity", id.clone());
    for prog in &d.programmes {
        push(&mut s, "program", prog.clone());
    }
    for prog in program_ids {
        push(&mut s, "programId", prog);
    }
    if let Some(u) = unsc {
        push(&mut s, "unscId", u);
    }
    if let Some(date) = d.listed_on {
        push(&mut s, "listingDate", date.to_string());
    }
    out.push(json!({
        "id": format!("{id}-sanction"),
        "schema": "Sanction",
        "properties": s,
        "datasets": [dataset],
    }));
    for (i, doc) in d.documents.iter().enumerate() {
        let schema = if doc.doc_type.to_ascii_lowercase().contains("passport") {
            "Passport"
        } else {
            "Identification"
        };
        let mut p = BTreeMap::new();
        push(&mut p, "holder", id.clone());
        push(&mut p, "number", doc.number.clone());
        push(&mut p, "type", doc.doc_type.clone());
        if let Some(c) = doc.country.as_ref().and_then(code) {
            push(&mut p, "country", c);
        }
        out.push(json!({
            "id": format!("{id}-document-{}", i + 1),
            "schema": schema,
            "properties": p,
            "datasets": [dataset],
        }));
    }
    for (i, a) in d.addresses.iter().enumerate() {
        let mut p = BTreeMap::new();
        push(&mut p, "full", a.text.clone());
        if let Some(c) = a.country.as_ref().and_then(code) {
            push(&mut p, "country", c);
        }
        out.push(json!({
            "id": format!("{id}-address-{}", i + 1),
            "schema": "Address",
            "properties": p,
            "datasets": [dataset],
        }));
    }
    out
}

/// Writes `designations` as FollowTheMoney JSON lines; returns how many designations were
/// written.
pub fn write<'a, W: Write>(
    mut out: W,
    designations: impl IntoIterator<Item = &'a Designation>,
) -> std::io::Result<usize> {
    let mut n = 0;
    for d in designations {
        for e in entities(d) {
            serde_json::to_writer(&mut out, &e)?;
            out.write_all(b"\n")?;
        }
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Alias, Document, Place};

    fn sample() -> Designation {
        let mut d = Designation::new(Source::Un, "LYi.950".into(), Kind::Person, "ORVEL".into());
        d.aliases.push(Alias {
            name: "Orvel M".into(),
            quality: AliasQuality::Weak,
            former: false,
        });
        d.original_script_names.push("اورفل".into());
        d.birth_dates.push(BirthDate::Range { from: 1970, to: 1972, raw: "1970-1972".into() });
        d.documents.push(Document {
            doc_type: "Passport".into(),
            number: "ZZ1".into(),
            country: Some(CountryRef { name: "Libya".into(), iso2: Some("LY".into()) }),
        });
        d.addresses.push(Place { text: "Tripoli".into(), country: None });
        d.regimes.push("un-libya".into());
        d.programmes.push("Libya".into());
        // `na` is Namibia, not "n/a".
        d.nationalities.push(CountryRef { name: "Namibia".into(), iso2: Some("NA".into()) });
        d
    }

    #[test]
    fn a_designation_becomes_a_target_and_its_adjacent_entities() {
        let e = entities(&sample());
        assert_eq!(e.len(), 4);
        assert_eq!(e[0]["id"], "un-LYi.950");
        assert_eq!(e[0]["schema"], "Person");
        assert_eq!(e[0]["properties"]["topics"], json!(["sanction"]));
        assert_eq!(e[0]["properties"]["name"], json!(["ORVEL", "اورفل"]));
        assert_eq!(e[0]["properties"]["weakAlias"], json!(["Orvel M"]));
        assert_eq!(e[0]["properties"]["birthDate"], json!(["1970", "1971", "1972"]));
        assert_eq!(e[0]["properties"]["addressEntity"], json!(["un-LYi.950-address-1"]));
        assert_eq!(e[1]["schema"], "Sanction");
        assert_eq!(e[1]["properties"]["unscId"], json!(["LYi.950"]));
        assert_eq!(e[1]["properties"]["entity"], json!(["un-LYi.950"]));
        assert_eq!(e[2]["schema"], "Passport");
        assert_eq!(e[2]["properties"]["country"], json!(["ly"]));
        assert_eq!(e[3]["properties"]["full"], json!(["Tripoli"]));
    }

    #[test]
    fn inline_properties_carry_documents_and_addresses() {
        let p = properties(&sample(), Flavor::Inline);
        assert_eq!(p["passportNumber"], vec!["ZZ1".to_owned()]);
        assert_eq!(p["address"], vec!["Tripoli".to_owned()]);
        assert_eq!(p["program"], vec!["Libya".to_owned()]);
        assert!(!p.contains_key("addressEntity"));
    }

    #[test]
    fn the_reader_reads_the_export_back() {
        let d = sample();
        let mut buf = Vec::new();
        assert_eq!(write(&mut buf, [&d]).unwrap(), 1);
        let back: Vec<Designation> =
            crate::ftm::parse(&buf[..]).unwrap().map(Result::unwrap).collect();
        assert_eq!(back.len(), 1);
        let b = &back[0];
        assert_eq!(b.reference, "un-LYi.950");
        assert_eq!(b.primary_name, d.primary_name);
        assert_eq!(b.aliases, d.aliases);
        assert_eq!(b.original_script_names, d.original_script_names);
        assert_eq!(b.documents[0].number, "ZZ1");
        assert_eq!(b.documents[0].country.as_ref().and_then(|c| c.iso2.as_deref()), Some("LY"));
        assert_eq!(b.addresses, d.addresses);
        assert_eq!(b.regimes, d.regimes);
        assert_eq!(b.programmes, d.programmes);
        assert_eq!(b.birth_dates.len(), 3);
        assert_eq!(b.nationalities[0].iso2.as_deref(), Some("NA"));
    }
}
