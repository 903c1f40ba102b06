//! EU Financial Sanctions Files XML v1.1 (`fsd_export_schema_1_1.xsd`), per `list-formats.md` §3.
//!
//! Almost every value is an attribute; empty attributes and the `00`/`UNKNOWN` country are
//! absent values. The first Latin-script `nameAlias` is the primary name; `strong="false"` or a
//! "low quality" remark makes a weak alias; an `imo` identification makes an enterprise a
//! vessel; a `unitedNationId` maps to the UN regime of that reference.

use std::io::BufRead;

use crate::country;
use crate::dates;
use crate::error::{Location, ParseError};
use crate::model::{Alias, AliasQuality, BirthDate, Designation, Document, Kind, Place, Source};
use crate::regimes;
use crate::text::{clean, has_non_latin, join, push_remark};
use crate::xml::{Node, XmlStream};
use crate::{Format, ListHeader};

/// Streams the `sanctionEntity` records of an EU FSF export.
pub struct EuParser<R: BufRead> {
    xml: XmlStream<R>,
    header: ListHeader,
}

impl<R: BufRead> EuParser<R> {
    /// Reads the root `export` element (`generationDate`).
    pub fn new(reader: R) -> Result<Self, ParseError> {
        let mut xml = XmlStream::new(reader, &["sanctionEntity"]);
        let root = xml.root()?;
        if root.name != "export" {
            return Err(ParseError::Xml {
                at: Location { line: Some(root.line), ..Location::default() },
                message: format!("expected root element <export>, found <{}>", root.name),
            });
        }
        let raw = root.attr("generationDate");
        let header = ListHeader {
            source: Source::Eu,
            format: Format::EuXml,
            published: raw.as_deref().and_then(dates::iso_date),
            published_raw: raw,
        };
        Ok(EuParser { xml, header })
    }

    /// The header.
    pub fn header(&self) -> &ListHeader {
        &self.header
    }
}

impl<R: BufRead> Iterator for EuParser<R> {
    type Item = Result<Designation, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.xml.next_record()? {
            Ok(node) => Some(map_entity(&node)),
            Err(e) => Some(Err(e)),
        }
    }
}

fn is_true(node: &Node, attr: &str) -> bool {
    node.attr(attr).is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

fn country_of(node: &Node) -> Option<crate::model::CountryRef> {
    country::from_code(
        node.attr("countryIso2Code").as_deref().unwrap_or(""),
        node.attr("countryDescription").as_deref(),
    )
}

fn map_entity(node: &Node) -> Result<Designation, ParseError> {
    let line = Some(node.line);
    let logical = node.attr("logicalId");
    let reference = node
        .attr("euReferenceNumber")
        .or_else(|| logical.as_ref().map(|l| format!("logical:{l}")))
        .ok_or_else(|| {
            ParseError::invalid(
                line,
                None,
                "euReferenceNumber",
                "sanctionEntity without euReferenceNumber or logicalId",
            )
        })?;
    let class = node
        .child("subjectType")
        .and_then(|s| s.attr("classificationCode").or_else(|| s.attr("code")));
    let mut kind = match class.as_deref().map(str::to_ascii_uppercase).as_deref() {
        Some("P") | Some("PERSON") => Kind::Person,
        Some("E") | Some("ENTERPRISE") => Kind::Entity,
        Some(other) => {
            return Err(ParseError::invalid(
                line,
                Some(&reference),
                "subjectType",
                format!("unknown classification `{other}`"),
            ))
        }
        None => {
            return Err(ParseError::invalid(
                line,
                Some(&reference),
                "subjectType",
                "missing subjectType",
            ))
        }
    };
    if kind == Kind::Entity
        && node.children_named("identification").any(|i| {
            i.attr("identificationTypeCode").is_some_and(|c| c.eq_ignore_ascii_case("imo"))
        })
    {
        kind = Kind::Vessel;
    }

    let mut names: Vec<(String, AliasQuality)> = Vec::new();
    let mut script: Vec<String> = Vec::new();
    let mut remarks: Option<String> = None;
    for n in node.children_named("nameAlias") {
        let name = n.attr("wholeName").or_else(|| {
            join(
                [n.attr("firstName"), n.attr("middleName"), n.attr("lastName")]
                    .iter()
                    .map(|p| p.as_deref().unwrap_or("")),
                " ",
            )
        });
        let Some(name) = name else { continue };
        let low = n.attr("strong").is_some_and(|s| s.eq_ignore_ascii_case("false"))
            || n.children_named("remark")
                .any(|r| r.text.to_ascii_lowercase().contains("low quality"));
        let quality = if low { AliasQuality::Weak } else { AliasQuality::Strong };
        if has_non_latin(&name) {
            if !script.contains(&name) {
                script.push(name);
            }
        } else if !names.iter().any(|(x, _)| *x == name) {
            names.push((name, quality));
        }
        for (attr, label) in [("function", "Function"), ("title", "Title"), ("gender", "Gender")] {
            if let Some(v) = n.attr(attr) {
                let line = format!("{label}: {v}");
                if !remarks.as_deref().is_some_and(|r| r.contains(&line)) {
                    push_remark(&mut remarks, line);
                }
            }
        }
    }
    let primary_name =
        if names.is_empty() { script.first().cloned() } else { Some(names.remove(0).0) }
            .ok_or_else(|| {
                ParseError::invalid(
                    line,
                    Some(&reference),
                    "nameAlias",
                    "sanctionEntity without a name",
                )
            })?;
    script.retain(|s| *s != primary_name);

    let mut d = Designation {
        source: Source::Eu,
        reference: reference.clone(),
        kind,
        primary_name,
        aliases: names
            .into_iter()
            .map(|(name, quality)| Alias { name, quality, former: false })
            .collect(),
        original_script_names: script,
        birth_dates: Vec::new(),
        birth_places: Vec::new(),
        nationalities: Vec::new(),
        documents: Vec::new(),
        addresses: Vec::new(),
        programmes: Vec::new(),
        regimes: Vec::new(),
        listed_on: None,
        remarks: None,
    };
    for r in node.children_named("remark") {
        push_remark(&mut d.remarks, &r.text);
    }
    if let Some(details) = node.attr("designationDetails") {
        push_remark(&mut d.remarks, details);
    }
    for info in node.children_named("additionalInformation") {
        if let (Some(k), Some(v)) = (info.attr("key"), info.attr("value")) {
            push_remark(&mut d.remarks, format!("{k}: {v}"));
        }
    }
    if let Some(r) = remarks {
        push_remark(&mut d.remarks, r);
    }
    if let Some(un) = node.attr("unitedNationId") {
        regimes::add(&mut d.regimes, regimes::un_reference(&un));
        push_remark(&mut d.remarks, format!("UN reference: {un}"));
    }

    let mut earliest_regulation: Option<jiff::civil::Date> = None;
    for reg in node.children_named("regulation") {
        if let Some(p) = reg.attr("programme") {
            if !d.programmes.contains(&p) {
                d.programmes.push(p);
            }
        }
        for attr in ["entryIntoForceDate", "publicationDate"] {
            if let Some(date) = reg.attr(attr).as_deref().and_then(dates::iso_date) {
                earliest_regulation = Some(earliest_regulation.map_or(date, |e| e.min(date)));
            }
        }
        if let Some(t) = reg.attr("numberTitle") {
            push_remark(&mut d.remarks, format!("Regulation {t}"));
        }
    }
    d.listed_on =
        node.attr("designationDate").as_deref().and_then(dates::iso_date).or(earliest_regulation);

    for c in node.children_named("citizenship") {
        if let Some(c) = country_of(c) {
            if !d.nationalities.contains(&c) {
                d.nationalities.push(c);
            }
        }
    }
    for b in node.children_named("birthdate") {
        if let Some(bd) = birth_date(b) {
            if !d.birth_dates.contains(&bd) {
                d.birth_dates.push(bd);
            }
        }
        let parts: Vec<String> =
            ["city", "place", "region", "zipCode"].iter().filter_map(|a| b.attr(a)).collect();
        let text = join(parts.iter().map(String::as_str), ", ");
        let country = country_of(b);
        let place = match (text, country) {
            (Some(text), country) => Some(Place { text, country }),
            (None, Some(c)) => Some(Place { text: c.name.clone(), country: Some(c) }),
            (None, None) => None,
        };
        if let Some(place) = place {
            if !d.birth_places.contains(&place) {
                d.birth_places.push(place);
            }
        }
    }
    for a in node.children_named("address") {
        let parts: Vec<String> = ["street", "poBox", "city", "zipCode", "region", "place"]
            .iter()
            .filter_map(|p| a.attr(p))
            .collect();
        let text = join(parts.iter().map(String::as_str), ", ");
        let country = country_of(a);
        let place = match (text, country) {
            (Some(text), country) => Some(Place { text, country }),
            (None, Some(c)) => Some(Place { text: c.name.clone(), country: Some(c) }),
            (None, None) => None,
        };
        if let Some(place) = place {
            if !d.addresses.contains(&place) {
                d.addresses.push(place);
            }
        }
        for ci in a.children_named("contactInfo") {
            if let (Some(k), Some(v)) = (ci.attr("key"), ci.attr("value")) {
                push_remark(&mut d.remarks, format!("{k}: {v}"));
            }
        }
    }
    for i in node.children_named("identification") {
        let Some(number) = i.attr("number").or_else(|| i.attr("latinNumber")) else { continue };
        let doc_type = i
            .attr("identificationTypeDescription")
            .or_else(|| i.attr("identificationTypeCode"))
            .unwrap_or_else(|| "Document".into());
        let doc = Document { doc_type, number: number.clone(), country: country_of(i) };
        for (flag, label) in [
            ("knownFalse", "known false"),
            ("knownExpired", "known expired"),
            ("reportedLost", "reported lost"),
            ("revokedByIssuer", "revoked by issuer"),
            ("diplomatic", "diplomatic"),
        ] {
            if is_true(i, flag) {
                push_remark(&mut d.remarks, format!("Document {number}: {label}"));
            }
        }
        if !d.documents.contains(&doc) {
            d.documents.push(doc);
        }
    }
    Ok(d)
}

fn birth_date(b: &Node) -> Option<BirthDate> {
    let approximate = is_true(b, "circa");
    let calendar = b.attr("calendarType").unwrap_or_else(|| "GREGORIAN".into());
    let full = b.attr("birthdate");
    let year = b.attr("year");
    let from = b.attr("yearRangeFrom");
    let to = b.attr("yearRangeTo");
    let raw = match (&full, &year, &from, &to) {
        (Some(f), ..) => f.clone(),
        (None, Some(y), ..) => match (b.attr("monthOfYear"), b.attr("dayOfMonth")) {
            (Some(m), Some(dd)) => format!("{y}-{m}-{dd}"),
            (Some(m), None) => format!("{y}-{m}"),
            _ => y.clone(),
        },
        (None, None, f, t) if f.is_some() || t.is_some() => {
            format!("{} to {}", f.as_deref().unwrap_or("?"), t.as_deref().unwrap_or("?"))
        }
        _ => return None,
    };
    if !calendar.eq_ignore_ascii_case("GREGORIAN") {
        return Some(BirthDate::Unparsed { raw: format!("{raw} ({calendar} calendar)") });
    }
    if let Some(date) = full.as_deref().and_then(dates::iso_date) {
        return Some(BirthDate::Exact { date, approximate, raw });
    }
    if let Some(y) = year.as_deref().and_then(dates::year) {
        if let (Some(m), Some(dd)) = (b.attr("monthOfYear"), b.attr("dayOfMonth")) {
            if let (Ok(m), Ok(dd)) = (m.parse::<i8>(), dd.parse::<i8>()) {
                if let Ok(date) = jiff::civil::Date::new(y, m, dd) {
                    return Some(BirthDate::Exact { date, approximate, raw });
                }
            }
        }
        return Some(BirthDate::Year { year: y, approximate, raw });
    }
    if let (Some(f), Some(t)) =
        (from.as_deref().and_then(dates::year), to.as_deref().and_then(dates::year))
    {
        if f <= t {
            return Some(BirthDate::Range { from: f, to: t, raw });
        }
    }
    clean(&raw).map(|raw| BirthDate::Unparsed { raw })
}
