//! OFAC legacy XML (`sdn.xml`, and `consolidated.xml` for the non-SDN lists), per
//! `list-formats.md` §2.1. Elements are matched by local name, so the namespace (current or the
//! older `tempuri.org` one) does not matter. The header's `Record_Count` is checked against the
//! number of entries read, so a file cut at an entry boundary is still detected.

use std::io::BufRead;

use crate::country;
use crate::dates;
use crate::error::{Location, ParseError};
use crate::model::{Alias, AliasQuality, Designation, Document, Kind, Place, Source};
use crate::ofac_csv::{display_name, DOCUMENT_TYPES};
use crate::text::{join, push_remark};
use crate::xml::{Node, XmlStream};
use crate::{Format, ListHeader};

/// Streams the entries of an OFAC legacy XML file.
pub struct OfacXmlParser<R: BufRead> {
    xml: XmlStream<R>,
    header: ListHeader,
    pending: Option<Node>,
    expected: Option<u64>,
    seen: u64,
    done: bool,
}

impl<R: BufRead> OfacXmlParser<R> {
    /// Reads the root (`sdnList`) and the `publshInformation` header.
    pub fn new(reader: R) -> Result<Self, ParseError> {
        let mut xml = XmlStream::new(reader, &["sdnEntry", "publshInformation"]);
        let root = xml.root()?;
        if root.name != "sdnList" {
            return Err(ParseError::Xml {
                at: Location { line: Some(root.line), ..Location::default() },
                message: format!("expected root element <sdnList>, found <{}>", root.name),
            });
        }
        let mut header = ListHeader {
            source: Source::Ofac,
            format: Format::OfacXml,
            published: None,
            published_raw: None,
        };
        let mut expected = None;
        let mut pending = None;
        match xml.next_record() {
            Some(Ok(node)) if node.name == "publshInformation" => {
                header.published_raw = node.text_of("Publish_Date");
                header.published = header.published_raw.as_deref().and_then(dates::mdy_slash);
                if let Some(count) = node.text_of("Record_Count") {
                    expected = Some(count.parse::<u64>().map_err(|_| {
                        ParseError::invalid(
                            Some(node.line),
                            None,
                            "Record_Count",
                            format!("`{count}` is not a number"),
                        )
                    })?);
                }
            }
            Some(Ok(node)) => pending = Some(node),
            Some(Err(e)) => return Err(e),
            None => {}
        }
        Ok(OfacXmlParser { xml, header, pending, expected, seen: 0, done: false })
    }

    /// The header (publication date from `Publish_Date`).
    pub fn header(&self) -> &ListHeader {
        &self.header
    }
}

impl<R: BufRead> Iterator for OfacXmlParser<R> {
    type Item = Result<Designation, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let node = match self.pending.take().map(Ok).or_else(|| self.xml.next_record()) {
            Some(Ok(node)) => node,
            Some(Err(e)) => {
                self.done = true;
                return Some(Err(e));
            }
            None => {
                self.done = true;
                return match self.expected {
                    Some(n) if n != self.seen => Some(Err(ParseError::Invalid {
                        at: Location { line: Some(self.xml.line()), ..Location::default() },
                        message: format!("the header announces {n} entries (Record_Count) but the file holds {}: truncated or corrupt", self.seen),
                    })),
                    _ => None,
                };
            }
        };
        if node.name != "sdnEntry" {
            self.done = true;
            return Some(Err(ParseError::invalid(
                Some(node.line),
                None,
                &node.name,
                "unexpected second publshInformation",
            )));
        }
        self.seen += 1;
        let result = map_entry(&node);
        if result.is_err() {
            self.done = true;
        }
        Some(result)
    }
}

fn map_entry(node: &Node) -> Result<Designation, ParseError> {
    let line = Some(node.line);
    let reference = node
        .text_of("uid")
        .ok_or_else(|| ParseError::invalid(line, None, "uid", "sdnEntry without uid"))?;
    let kind = match node.text_of("sdnType").map(|s| s.to_ascii_lowercase()).as_deref() {
        Some("individual") => Kind::Person,
        Some("entity") | None => Kind::Entity,
        Some("vessel") => Kind::Vessel,
        Some("aircraft") => Kind::Aircraft,
        Some(other) => {
            return Err(ParseError::invalid(
                line,
                Some(&reference),
                "sdnType",
                format!("unknown type `{other}`"),
            ))
        }
    };
    let first = node.text_of("firstName");
    let last = node.text_of("lastName");
    let primary_name = join([first.as_deref().unwrap_or(""), last.as_deref().unwrap_or("")], " ")
        .ok_or_else(|| {
        ParseError::invalid(line, Some(&reference), "lastName", "entry without a name")
    })?;
    let mut d = Designation::new(Source::Ofac, reference, kind, primary_name);
    if let Some(t) = node.text_of("title") {
        push_remark(&mut d.remarks, format!("Title: {t}"));
    }
    if let Some(r) = node.text_of("remarks") {
        push_remark(&mut d.remarks, r);
    }
    if let Some(list) = node.child("programList") {
        d.programmes =
            list.children_named("program").filter_map(|p| crate::text::clean(&p.text)).collect();
    }
    if let Some(list) = node.child("idList") {
        for id in list.children_named("id") {
            let (Some(id_type), Some(number)) = (id.text_of("idType"), id.text_of("idNumber"))
            else {
                continue;
            };
            if id_type.eq_ignore_ascii_case("Gender") {
                push_remark(&mut d.remarks, format!("Gender: {number}"));
            } else if DOCUMENT_TYPES.iter().any(|t| t.eq_ignore_ascii_case(&id_type)) {
                let country = id.text_of("idCountry").and_then(|c| country::resolve(&c));
                let doc = Document {
                    doc_type: id_type.trim_end_matches([' ', '#']).to_owned(),
                    number,
                    country,
                };
                if !d.documents.contains(&doc) {
                    d.documents.push(doc);
                }
            } else {
                let extra = join([id.text_of("idCountry").as_deref().unwrap_or("")], "")
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default();
                push_remark(&mut d.remarks, format!("{id_type} {number}{extra}"));
            }
        }
    }
    if let Some(list) = node.child("akaList") {
        for aka in list.children_named("aka") {
            let first = aka.text_of("firstName");
            let Some(last) = aka.text_of("lastName") else { continue };
            let name = match first {
                Some(f) => format!("{f} {last}"),
                None => display_name(kind, &last),
            };
            let quality = match aka.text_of("category").map(|c| c.to_ascii_lowercase()).as_deref() {
                Some("weak") => AliasQuality::Weak,
                _ => AliasQuality::Strong,
            };
            let former = aka.text_of("type").is_some_and(|t| t.eq_ignore_ascii_case("f.k.a."));
            if !d.aliases.iter().any(|a| a.name == name) {
                d.aliases.push(Alias { name, quality, former });
            }
        }
    }
    if let Some(list) = node.child("addressList") {
        for a in list.children_named("address") {
            let parts: Vec<String> =
                ["address1", "address2", "address3", "city", "stateOrProvince", "postalCode"]
                    .iter()
                    .filter_map(|p| a.text_of(p))
                    .collect();
            let text = join(parts.iter().map(String::as_str), ", ");
            let country = a.text_of("country").and_then(|c| country::resolve(&c));
            let place = match (text, country) {
                (Some(text), country) => Place { text, country },
                (None, Some(c)) => Place { text: c.name.clone(), country: Some(c) },
                (None, None) => continue,
            };
            if !d.addresses.contains(&place) {
                d.addresses.push(place);
            }
        }
    }
    for (list, item) in [("nationalityList", "nationality"), ("citizenshipList", "citizenship")] {
        if let Some(list) = node.child(list) {
            for n in list.children_named(item) {
                if let Some(c) = n.text_of("country").and_then(|c| country::resolve(&c)) {
                    if !d.nationalities.contains(&c) {
                        d.nationalities.push(c);
                    }
                }
            }
        }
    }
    if let Some(list) = node.child("dateOfBirthList") {
        for item in list.children_named("dateOfBirthItem") {
            if let Some(text) = item.text_of("dateOfBirth") {
                let bd = dates::ofac_birth_date(&text);
                if !d.birth_dates.contains(&bd) {
                    d.birth_dates.push(bd);
                }
            }
        }
    }
    if let Some(list) = node.child("placeOfBirthList") {
        for item in list.children_named("placeOfBirthItem") {
            if let Some(text) = item.text_of("placeOfBirth") {
                let country = text
                    .rsplit(',')
                    .next()
                    .and_then(|c| country::iso2(c).and_then(|_| country::resolve(c)));
                let place = Place { text, country };
                if !d.birth_places.contains(&place) {
                    d.birth_places.push(place);
                }
            }
        }
    }
    if let Some(v) = node.child("vesselInfo") {
        for (el, label) in [
            ("callSign", "Call sign"),
            ("vesselType", "Vessel type"),
            ("tonnage", "Tonnage"),
            ("grossRegisteredTonnage", "GRT"),
            ("vesselFlag", "Vessel flag"),
            ("vesselOwner", "Vessel owner"),
        ] {
            if let Some(value) = v.text_of(el) {
                push_remark(&mut d.remarks, format!("{label}: {value}"));
            }
        }
    }
    Ok(d)
}
