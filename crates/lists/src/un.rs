//! The UN Security Council consolidated list (XML, `sc-sanctions.xsd`), both layouts.
//!
//! Mapping per `list-formats.md` §1.8: placeholders (`<QUALITY/><ALIAS_NAME/>`, `<COUNTRY/>`,
//! `<TYPE_OF_DATE/>` …) are dropped, references trimmed, alias names split on `;`, non-Latin
//! fragments moved to the original-script names, `UN_LIST_TYPE` mapped to the regime id.

use std::io::BufRead;

use crate::country;
use crate::dates;
use crate::error::{Location, ParseError};
use crate::model::{Alias, AliasQuality, BirthDate, Designation, Document, Kind, Place, Source};
use crate::regimes;
use crate::text::{clean, has_non_latin, join, push_remark};
use crate::xml::{Node, XmlStream};
use crate::ListHeader;

/// Streams the designations of a UN consolidated list.
pub struct UnParser<R: BufRead> {
    xml: XmlStream<R>,
    header: ListHeader,
}

impl<R: BufRead> UnParser<R> {
    /// Reads the root element (`CONSOLIDATED_LIST`, with `dateGenerated`).
    pub fn new(reader: R) -> Result<Self, ParseError> {
        let mut xml = XmlStream::new(reader, &["INDIVIDUAL", "ENTITY"]);
        let root = xml.root()?;
        if root.name != "CONSOLIDATED_LIST" {
            return Err(ParseError::Xml {
                at: Location { line: Some(root.line), ..Location::default() },
                message: format!(
                    "expected root element <CONSOLIDATED_LIST>, found <{}>",
                    root.name
                ),
            });
        }
        let raw = root.attr("dateGenerated");
        let header = ListHeader {
            source: Source::Un,
            format: crate::Format::UnXml,
            published: raw.as_deref().and_then(dates::iso_date),
            published_raw: raw,
        };
        Ok(UnParser { xml, header })
    }

    /// The list's header (publication date).
    pub fn header(&self) -> &ListHeader {
        &self.header
    }
}

impl<R: BufRead> Iterator for UnParser<R> {
    type Item = Result<Designation, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        let node = match self.xml.next_record()? {
            Ok(node) => node,
            Err(e) => return Some(Err(e)),
        };
        Some(map_record(&node))
    }
}

fn quality(q: &str) -> (AliasQuality, bool) {
    match q.trim().to_ascii_lowercase().as_str() {
        "low" => (AliasQuality::Weak, false),
        "f.k.a." | "fka" => (AliasQuality::Strong, true),
        _ => (AliasQuality::Strong, false),
    }
}

/// Splits one UN alias value into Latin names and original-script names:
/// `A; B` → two names; `حسن غول (Hassan Ghul; Hassan Gul)` → script name plus two Latin names.
pub(crate) fn split_alias(raw: &str) -> (Vec<String>, Vec<String>) {
    let mut latin = Vec::new();
    let mut script = Vec::new();
    let mut push = |part: &str| {
        let part = part.trim().trim_matches(|c| c == '(' || c == ')' || c == ',');
        if let Some(p) = clean(part) {
            if has_non_latin(&p) {
                script.push(p);
            } else {
                latin.push(p);
            }
        }
    };
    if let (Some(open), true) = (raw.find('('), raw.ends_with(')')) {
        let before = &raw[..open];
        if has_non_latin(before) {
            push(before);
            for part in raw[open + 1..raw.len() - 1].split(';') {
                push(part);
            }
            return (latin, script);
        }
    }
    for part in raw.split(';') {
        push(part);
    }
    (latin, script)
}

fn map_record(node: &Node) -> Result<Designation, ParseError> {
    let kind = if node.name == "INDIVIDUAL" { Kind::Person } else { Kind::Entity };
    let dataid = node.text_of("DATAID");
    let reference = node.text_of("REFERENCE_NUMBER").ok_or_else(|| ParseError::Invalid {
        at: Location {
            line: Some(node.line),
            byte: None,
            record: dataid.as_ref().map(|d| format!("DATAID {d}")),
            field: Some("REFERENCE_NUMBER".into()),
        },
        message: format!("<{}> without a REFERENCE_NUMBER", node.name),
    })?;
    let names = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"];
    let name_parts: Vec<String> = names.iter().filter_map(|n| node.text_of(n)).collect();
    let primary_name =
        join(name_parts.iter().map(String::as_str), " ").ok_or_else(|| ParseError::Invalid {
            at: Location {
                line: Some(node.line),
                byte: None,
                record: Some(reference.clone()),
                field: Some("FIRST_NAME".into()),
            },
            message: "record has no name".into(),
        })?;

    let mut d = Designation {
        listed_on: node.text_of("LISTED_ON").as_deref().and_then(dates::iso_date),
        ..Designation::new(Source::Un, reference.clone(), kind, primary_name)
    };

    if let Some(script) = node.text_of("NAME_ORIGINAL_SCRIPT") {
        d.original_script_names.push(script);
    }
    if let Some(list_type) = node.text_of("UN_LIST_TYPE") {
        regimes::add(&mut d.regimes, regimes::un_list_type(&list_type));
        d.programmes.push(list_type);
    }
    regimes::add(&mut d.regimes, regimes::un_reference(&reference));

    if let Some(c) = node.text_of("COMMENTS1") {
        push_remark(&mut d.remarks, c);
    }
    if let Some(g) = node.text_of("GENDER") {
        push_remark(&mut d.remarks, format!("Gender: {g}"));
    }
    for (el, label) in [("TITLE", "Title"), ("DESIGNATION", "Designation")] {
        if let Some(parent) = node.child(el) {
            let values: Vec<String> =
                parent.children_named("VALUE").filter_map(|v| clean(&v.text)).collect();
            if !values.is_empty() {
                push_remark(&mut d.remarks, format!("{label}: {}", values.join(", ")));
            }
        }
    }
    if let Some(parent) = node.child("NATIONALITY") {
        for v in parent.children_named("VALUE") {
            if let Some(c) = country::resolve(&v.text) {
                if !d.nationalities.contains(&c) {
                    d.nationalities.push(c);
                }
            }
        }
    }

    let alias_el = if kind == Kind::Person { "INDIVIDUAL_ALIAS" } else { "ENTITY_ALIAS" };
    for a in node.children_named(alias_el) {
        let Some(raw) = a.text_of("ALIAS_NAME") else { continue };
        let (q, former) = quality(a.text_of("QUALITY").as_deref().unwrap_or(""));
        let (latin, script) = split_alias(&raw);
        for name in latin {
            if !d.aliases.iter().any(|x| x.name == name) {
                d.aliases.push(Alias { name, quality: q, former });
            }
        }
        for name in script {
            if !d.original_script_names.contains(&name) {
                d.original_script_names.push(name);
            }
        }
        if let Some(dob) = a.text_of("DATE_OF_BIRTH") {
            let bd = match dates::iso_date(&dob) {
                Some(date) => BirthDate::Exact { date, approximate: false, raw: dob },
                None => dates::ofac_birth_date(&dob),
            };
            if !d.birth_dates.contains(&bd) {
                d.birth_dates.push(bd);
            }
        }
        let pob = join(
            [
                a.text_of("CITY_OF_BIRTH").as_deref().unwrap_or(""),
                a.text_of("COUNTRY_OF_BIRTH").as_deref().unwrap_or(""),
            ],
            ", ",
        );
        if let Some(pob) = pob {
            push_remark(&mut d.remarks, format!("Alias {raw}: born in {pob}"));
        }
        if let Some(note) = a.text_of("NOTE") {
            push_remark(&mut d.remarks, format!("Alias {raw}: {note}"));
        }
    }

    for b in node.children_named("INDIVIDUAL_DATE_OF_BIRTH") {
        if let Some(bd) = birth_date(b) {
            if !d.birth_dates.contains(&bd) {
                d.birth_dates.push(bd);
            }
        }
    }
    for p in node.children_named("INDIVIDUAL_PLACE_OF_BIRTH") {
        if let Some(place) = place(p, &["STREET", "CITY", "STATE_PROVINCE"]) {
            if !d.birth_places.contains(&place) {
                d.birth_places.push(place);
            }
        }
    }
    let addr_el = if kind == Kind::Person { "INDIVIDUAL_ADDRESS" } else { "ENTITY_ADDRESS" };
    for p in node.children_named(addr_el) {
        if let Some(place) = place(p, &["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE"]) {
            if !d.addresses.contains(&place) {
                d.addresses.push(place);
            }
        }
    }
    for doc in node.children_named("INDIVIDUAL_DOCUMENT") {
        let doc_type = join(
            [
                doc.text_of("TYPE_OF_DOCUMENT").as_deref().unwrap_or(""),
                doc.text_of("TYPE_OF_DOCUMENT2").as_deref().unwrap_or(""),
            ],
            " / ",
        );
        let number = doc.text_of("NUMBER");
        let country = doc
            .text_of("ISSUING_COUNTRY")
            .or_else(|| doc.text_of("COUNTRY_OF_ISSUE"))
            .and_then(|c| country::resolve(&c));
        let note = doc.text_of("NOTE");
        match number {
            Some(number) => {
                let document = Document {
                    doc_type: doc_type.clone().unwrap_or_else(|| "Document".into()),
                    number: number.clone(),
                    country,
                };
                if !d.documents.contains(&document) {
                    d.documents.push(document);
                }
                let details = join(
                    [
                        doc.text_of("DATE_OF_ISSUE")
                            .map(|x| format!("issued {x}"))
                            .as_deref()
                            .unwrap_or(""),
                        doc.text_of("CITY_OF_ISSUE")
                            .map(|x| format!("in {x}"))
                            .as_deref()
                            .unwrap_or(""),
                        note.as_deref().unwrap_or(""),
                    ],
                    ", ",
                );
                if let Some(details) = details {
                    push_remark(&mut d.remarks, format!("Document {number}: {details}"));
                }
            }
            None => {
                if let Some(text) =
                    join([doc_type.as_deref().unwrap_or(""), note.as_deref().unwrap_or("")], ": ")
                {
                    push_remark(&mut d.remarks, format!("Document: {text}"));
                }
            }
        }
    }
    Ok(d)
}

fn place(node: &Node, parts: &[&str]) -> Option<Place> {
    let texts: Vec<String> = parts.iter().filter_map(|p| node.text_of(p)).collect();
    let note = node.text_of("NOTE");
    let country = node.text_of("COUNTRY").and_then(|c| country::resolve(&c));
    let mut text = join(texts.iter().map(String::as_str), ", ");
    if let Some(note) = note {
        text = Some(match text {
            Some(t) => format!("{t} ({note})"),
            None => note,
        });
    }
    match (text, country) {
        (None, None) => None,
        (Some(text), country) => Some(Place { text, country }),
        (None, Some(country)) => Some(Place { text: country.name.clone(), country: Some(country) }),
    }
}

fn birth_date(node: &Node) -> Option<BirthDate> {
    let kind = node.text_of("TYPE_OF_DATE").unwrap_or_default().to_ascii_uppercase();
    let note = node.text_of("NOTE");
    let approximate = kind == "APPROXIMATELY"
        || note.as_deref().is_some_and(|n| n.to_ascii_lowercase().contains("approx"));
    let with_note = |value: String| match &note {
        Some(n) => format!("{value} ({n})"),
        None => value,
    };
    if let Some(date_text) = node.text_of("DATE") {
        let raw = with_note(date_text.clone());
        return Some(match dates::iso_date(&date_text) {
            Some(date) => BirthDate::Exact { date, approximate, raw },
            None => BirthDate::Unparsed { raw },
        });
    }
    if let Some(year_text) = node.text_of("YEAR") {
        let raw = with_note(year_text.clone());
        return Some(match dates::year(&year_text) {
            Some(year) => BirthDate::Year { year, approximate, raw },
            None => BirthDate::Unparsed { raw },
        });
    }
    let from = node.text_of("FROM_YEAR");
    let to = node.text_of("TO_YEAR");
    if from.is_some() || to.is_some() {
        let raw = with_note(format!(
            "{} to {}",
            from.as_deref().unwrap_or("?"),
            to.as_deref().unwrap_or("?")
        ));
        return Some(
            match (from.as_deref().and_then(dates::year), to.as_deref().and_then(dates::year)) {
                (Some(from), Some(to)) if from <= to => BirthDate::Range { from, to, raw },
                _ => BirthDate::Unparsed { raw },
            },
        );
    }
    note.map(|raw| BirthDate::Unparsed { raw })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_splitting() {
        let (l, s) = split_alias("Mohammad Islami; Mohamed Islami; Mohammed Islami");
        assert_eq!(l, vec!["Mohammad Islami", "Mohamed Islami", "Mohammed Islami"]);
        assert!(s.is_empty());
        let (l, s) = split_alias("حسن غول (Hassan Ghul; Hassan Gul)");
        assert_eq!(l, vec!["Hassan Ghul", "Hassan Gul"]);
        assert_eq!(s, vec!["حسن غول"]);
    }
}
