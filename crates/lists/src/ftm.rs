//! FollowTheMoney entities as JSON lines (OpenSanctions `entities.ftm.json`), per
//! `list-formats.md` §5.
//!
//! Designations are the entities of a matchable schema (`Person`, `Organization`, `Company`,
//! `LegalEntity`, `Vessel`, `Airplane`) whose `topics` contain `sanction` (or, older practice,
//! `target: true`). Adjacent `Sanction`, `Passport`/`Identification` and `Address` entities are
//! joined by id. Because they may come before or after their target, the file is read to the
//! end before designations are yielded; memory is proportional to the number of targets and
//! adjacent entities kept (a compact subset of each line, not the raw JSON).

use std::collections::HashMap;
use std::io::BufRead;

use serde::Deserialize;

use crate::country;
use crate::dates;
use crate::error::{Location, ParseError};
use crate::guard::Counting;
use crate::model::{Alias, AliasQuality, Designation, Document, Kind, Place, Source};
use crate::regimes;
use crate::text::{clean, has_non_latin, push_remark};
use crate::{Format, ListHeader, ListReader};

#[derive(Debug, Clone, Deserialize)]
struct Entity {
    id: String,
    #[serde(default)]
    caption: Option<String>,
    schema: String,
    #[serde(default)]
    properties: HashMap<String, Vec<serde_json::Value>>,
    #[serde(default)]
    target: bool,
}

impl Entity {
    fn values(&self, prop: &str) -> Vec<String> {
        self.properties
            .get(prop)
            .map(|vs| {
                vs.iter()
                    .filter_map(|v| match v {
                        serde_json::Value::String(s) => clean(s),
                        // Nested exports put entities inside properties; keep their id.
                        serde_json::Value::Object(o) => {
                            o.get("id").and_then(|i| i.as_str()).and_then(clean)
                        }
                        other => clean(&other.to_string()),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn first(&self, prop: &str) -> Option<String> {
        self.values(prop).into_iter().next()
    }

    /// Country codes: trimmed, without the null tokens of [`clean`] (`na` is Namibia here).
    fn codes(&self, prop: &str) -> Vec<String> {
        self.properties
            .get(prop)
            .map(|vs| {
                vs.iter()
                    .filter_map(|v| v.as_str().map(str::trim))
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn first_code(&self, prop: &str) -> Option<String> {
        self.codes(prop).into_iter().next()
    }
}

fn kind_of(schema: &str) -> Option<Kind> {
    match schema {
        "Person" => Some(Kind::Person),
        "LegalEntity" | "Organization" | "Company" | "PublicBody" => Some(Kind::Entity),
        "Vessel" => Some(Kind::Vessel),
        "Airplane" => Some(Kind::Aircraft),
        _ => None,
    }
}

/// Parses FtM JSON lines.
pub fn parse<'a>(reader: impl BufRead + Send + 'a) -> Result<ListReader<'a>, ParseError> {
    let mut reader = Counting::new(reader);
    let counters = reader.counters();
    let mut targets: Vec<(Entity, u64)> = Vec::new();
    let mut sanctions: HashMap<String, Vec<Entity>> = HashMap::new();
    let mut documents: HashMap<String, Vec<Entity>> = HashMap::new();
    let mut addresses: HashMap<String, Entity> = HashMap::new();
    let mut line_buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        counters.mark();
        line_buf.clear();
        let n = reader.read_until(b'\n', &mut line_buf)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let at = || Location { line: Some(line_no), ..Location::default() };
        let text = std::str::from_utf8(&line_buf).map_err(|e| ParseError::Encoding {
            at: at(),
            message: format!("invalid UTF-8: {e} (the file must be UTF-8)"),
        })?;
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        let entity: Entity = serde_json::from_str(text)
            .map_err(|e| ParseError::Json { at: at(), message: e.to_string() })?;
        if entity.id.trim().is_empty() {
            return Err(ParseError::invalid(Some(line_no), None, "id", "entity with an empty id"));
        }
        match entity.schema.as_str() {
            "Sanction" => {
                for target in entity.values("entity") {
                    sanctions.entry(target).or_default().push(entity.clone());
                }
            }
            "Passport" | "Identification" => {
                for holder in entity.values("holder") {
                    documents.entry(holder).or_default().push(entity.clone());
                }
            }
            "Address" => {
                addresses.insert(entity.id.clone(), entity);
            }
            schema => {
                let listed =
                    entity.target || entity.values("topics").iter().any(|t| t == "sanction");
                if kind_of(schema).is_some() && listed {
                    targets.push((entity, line_no));
                }
            }
        }
    }
    let mut out = Vec::with_capacity(targets.len());
    for (e, line) in targets {
        out.push(map_target(e, line, &sanctions, &documents, &addresses));
    }
    let header = ListHeader {
        source: Source::Ftm,
        format: Format::FtmJson,
        published: None,
        published_raw: None,
    };
    Ok(ListReader::new(header, out.into_iter()))
}

fn map_target(
    e: Entity,
    line: u64,
    sanctions: &HashMap<String, Vec<Entity>>,
    documents: &HashMap<String, Vec<Entity>>,
    addresses: &HashMap<String, Entity>,
) -> Result<Designation, ParseError> {
    let kind = kind_of(&e.schema).expect("only matchable schemata are targets");
    let names = e.values("name");
    let primary_name =
        e.caption.as_deref().and_then(clean).or_else(|| names.first().cloned()).ok_or_else(
            || ParseError::invalid(Some(line), Some(&e.id), "name", "entity without a name"),
        )?;
    let mut d = Designation::new(Source::Ftm, e.id.clone(), kind, primary_name);
    let add_name = |d: &mut Designation, name: String, quality: AliasQuality, former: bool| {
        if name == d.primary_name {
            return;
        }
        if has_non_latin(&name) {
            if !d.original_script_names.contains(&name) {
                d.original_script_names.push(name);
            }
        } else if !d.aliases.iter().any(|a| a.name == name) {
            d.aliases.push(Alias { name, quality, former });
        }
    };
    for n in names {
        add_name(&mut d, n, AliasQuality::Strong, false);
    }
    for n in e.values("alias") {
        add_name(&mut d, n, AliasQuality::Strong, false);
    }
    for n in e.values("weakAlias") {
        add_name(&mut d, n, AliasQuality::Weak, false);
    }
    for n in e.values("previousName") {
        add_name(&mut d, n, AliasQuality::Strong, true);
    }
    for b in e.values("birthDate") {
        let bd = dates::ftm_birth_date(&b);
        if !d.birth_dates.contains(&bd) {
            d.birth_dates.push(bd);
        }
    }
    let birth_country = e.first_code("birthCountry").and_then(|c| country::from_code(&c, None));
    for p in e.values("birthPlace") {
        d.birth_places.push(Place { text: p, country: birth_country.clone() });
    }
    if d.birth_places.is_empty() {
        if let Some(c) = birth_country {
            d.birth_places.push(Place { text: c.name.clone(), country: Some(c) });
        }
    }
    for prop in ["nationality", "citizenship"] {
        for c in e.codes(prop) {
            if let Some(c) = country::from_code(&c, None) {
                if !d.nationalities.contains(&c) {
                    d.nationalities.push(c);
                }
            }
        }
    }
    for (prop, doc_type) in [
        ("passportNumber", "Passport"),
        ("idNumber", "National ID"),
        ("imoNumber", "IMO"),
        ("registrationNumber", "Registration Number"),
        ("taxNumber", "Tax Number"),
        ("swiftBic", "SWIFT/BIC"),
    ] {
        for number in e.values(prop) {
            let doc = Document { doc_type: doc_type.into(), number, country: None };
            if !d.documents.iter().any(|x| x.number == doc.number) {
                d.documents.push(doc);
            }
        }
    }
    for doc_entity in documents.get(&e.id).into_iter().flatten() {
        let Some(number) = doc_entity.first("number") else { continue };
        let country = doc_entity.first_code("country").and_then(|c| country::from_code(&c, None));
        let doc_type = doc_entity.first("type").unwrap_or_else(|| doc_entity.schema.clone());
        match d.documents.iter_mut().find(|x| x.number == number) {
            Some(existing) => {
                if existing.country.is_none() {
                    existing.country = country;
                }
            }
            None => d.documents.push(Document { doc_type, number, country }),
        }
    }
    for a in e.values("address") {
        let place = Place { text: a, country: None };
        if !d.addresses.contains(&place) {
            d.addresses.push(place);
        }
    }
    for id in e.values("addressEntity") {
        let Some(addr) = addresses.get(&id) else { continue };
        let country = addr.first_code("country").and_then(|c| country::from_code(&c, None));
        let parts: Vec<String> =
            ["street", "city", "postalCode"].iter().filter_map(|p| addr.first(p)).collect();
        let text = addr
            .first("full")
            .or_else(|| crate::text::join(parts.iter().map(String::as_str), ", "));
        let place = match (text, country) {
            (Some(text), country) => Place { text, country },
            (None, Some(c)) => Place { text: c.name.clone(), country: Some(c) },
            (None, None) => continue,
        };
        if !d.addresses.contains(&place) {
            d.addresses.push(place);
        }
    }
    let programme = |d: &mut Designation, p: String| {
        regimes::add(&mut d.regimes, regimes::ftm_program_id(&p));
        if !d.programmes.contains(&p) {
            d.programmes.push(p);
        }
    };
    for p in e.values("program").into_iter().chain(e.values("programId")) {
        programme(&mut d, p);
    }
    let mut listed: Option<jiff::civil::Date> = None;
    for s in sanctions.get(&e.id).into_iter().flatten() {
        for p in s.values("program").into_iter().chain(s.values("programId")) {
            programme(&mut d, p);
        }
        for un in s.values("unscId") {
            regimes::add(&mut d.regimes, regimes::un_reference(&un));
        }
        let date = s
            .first("listingDate")
            .or_else(|| s.first("startDate"))
            .as_deref()
            .and_then(dates::iso_date);
        if let Some(date) = date {
            listed = Some(listed.map_or(date, |l| l.min(date)));
        }
        for prop in ["reason", "provisions"] {
            for v in s.values(prop) {
                push_remark(&mut d.remarks, v);
            }
        }
        if let Some(auth) = s.first("authority") {
            push_remark(&mut d.remarks, format!("Sanctioned by {auth}"));
        }
    }
    d.listed_on = listed.or_else(|| e.first("createdAt").as_deref().and_then(dates::iso_date));
    for (prop, label) in [
        ("title", "Title"),
        ("position", "Position"),
        ("gender", "Gender"),
        ("notes", ""),
        ("flag", "Flag"),
        ("callSign", "Call sign"),
        ("type", "Type"),
    ] {
        for v in e.values(prop) {
            push_remark(&mut d.remarks, if label.is_empty() { v } else { format!("{label}: {v}") });
        }
    }
    Ok(d)
}
