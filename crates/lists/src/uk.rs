//! UK lists as CSV: the OFSI Consolidated List (`ConList.csv`, 2022 and pre-2022 layouts) and
//! the FCDO UK Sanctions List (`UK-Sanctions-List.csv`), per `list-formats.md` §4.
//!
//! Both files have a banner line (`Last Updated,DD/MM/YYYY` or `Report Date: DD-Mon-YYYY`), then
//! a header row; columns are found by header name, never by position. Every row is one *name*
//! of a designation; rows sharing `Group ID` (ConList) or `Unique ID` (UKSL) are unioned into
//! one designation, de-duplicating each field. Because rows of one designation need not be
//! adjacent, the rows are grouped in memory (a UK file is tens of megabytes at most) and the
//! designations are yielded in order of first appearance once the file is read.

use std::collections::HashMap;
use std::io::Read;

use crate::country;
use crate::dates;
use crate::error::{Location, ParseError};
use crate::guard::Counting;
use crate::model::{Alias, AliasQuality, Designation, Document, Kind, Place, Source};
use crate::regimes;
use crate::text::{clean, has_non_latin, join, push_remark};
use crate::{Format, ListHeader, ListReader};

/// Which UK list a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    ConList,
    Uksl,
}

struct Columns {
    index: HashMap<String, usize>,
    width: usize,
}

impl Columns {
    fn get<'r>(&self, rec: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        let i = *self.index.get(&name.to_ascii_lowercase())?;
        rec.get(i).map(str::trim).filter(|s| !s.is_empty())
    }

    fn any<'r>(&self, rec: &'r csv::StringRecord, names: &[&str]) -> Option<&'r str> {
        names.iter().find_map(|n| self.get(rec, n))
    }
}

/// Splits `(1) A (2) B` into `["A", "B"]`; other text is one value.
pub fn split_enumerated(s: &str) -> Vec<String> {
    let s = s.trim();
    if !s.starts_with("(1)") {
        return clean(s).into_iter().collect();
    }
    let mut out = Vec::new();
    let mut rest = s;
    let mut n = 1;
    loop {
        let marker = format!("({n})");
        let Some(start) = rest.find(&marker) else { break };
        let after = &rest[start + marker.len()..];
        let next = format!("({})", n + 1);
        let end = after.find(&next).unwrap_or(after.len());
        if let Some(v) = clean(&after[..end]) {
            out.push(v);
        }
        rest = &after[end..];
        n += 1;
    }
    out
}

fn csv_error(e: csv::Error) -> ParseError {
    let at = Location {
        line: e.position().map(|p| p.line()),
        byte: e.position().map(|p| p.byte()),
        record: None,
        field: None,
    };
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => ParseError::Encoding {
            at,
            message: format!(
                "invalid UTF-8 in column {} (the file must be UTF-8)",
                err.field() + 1
            ),
        },
        _ => ParseError::Csv { at, message: e.to_string() },
    }
}

/// Parses a UK CSV list (ConList or UKSL).
pub fn parse<'a>(reader: impl Read + Send + 'a) -> Result<ListReader<'a>, ParseError> {
    let counting = Counting::new(reader);
    let counters = counting.counters();
    let mut rdr = crate::ofac_csv::csv_reader(counting);
    let mut rec = csv::StringRecord::new();
    let mut published = None;
    let mut published_raw = None;
    // Banner, then header.
    let header_rec = loop {
        counters.mark();
        if !rdr.read_record(&mut rec).map_err(csv_error)? {
            return Err(ParseError::Csv {
                at: Location::default(),
                message: "no header row".into(),
            });
        }
        let first = rec.get(0).unwrap_or("").trim_start_matches('\u{feff}').trim().to_owned();
        if rec.len() >= 20 {
            break rec.clone();
        }
        if let Some(rest) = first.strip_prefix("Report Date:") {
            published_raw = clean(rest);
            published = published_raw.as_deref().and_then(dmy_dash);
        } else if first.starts_with("Last Updated") {
            published_raw = rec
                .get(1)
                .and_then(clean)
                .or_else(|| clean(first.trim_start_matches("Last Updated")));
            published = published_raw.as_deref().and_then(dates::dmy_slash);
        } else if rec.len() > 1 || !first.is_empty() {
            let line = rec.position().map(|p| p.line());
            return Err(ParseError::Csv {
                at: Location { line, ..Location::default() },
                message: format!("expected a `Last Updated`/`Report Date` banner or the header row, found {} columns starting `{first}`", rec.len()),
            });
        }
    };
    let mut index = HashMap::new();
    for (i, name) in header_rec.iter().enumerate() {
        index.insert(name.trim_start_matches('\u{feff}').trim().to_ascii_lowercase(), i);
    }
    let cols = Columns { index, width: header_rec.len() };
    let layout = if cols.index.contains_key("unique id") {
        Layout::Uksl
    } else if cols.index.contains_key("group id") {
        Layout::ConList
    } else {
        return Err(ParseError::Csv {
            at: Location { line: header_rec.position().map(|p| p.line()), ..Location::default() },
            message:
                "header has neither `Unique ID` (UK Sanctions List) nor `Group ID` (OFSI ConList)"
                    .into(),
        });
    };
    let key_col = if layout == Layout::Uksl { "Unique ID" } else { "Group ID" };

    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Designation> = HashMap::new();
    loop {
        counters.mark();
        if !rdr.read_record(&mut rec).map_err(csv_error)? {
            if counters.quotes() % 2 == 1 {
                // Every quote of well-formed CSV is paired: the file was cut inside a field.
                return Err(ParseError::Csv {
                    at: Location {
                        line: Some(counters.line()),
                        byte: Some(counters.bytes()),
                        record: None,
                        field: None,
                    },
                    message: "the file ends inside a quoted field: it is truncated".into(),
                });
            }
            break;
        }
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = rec.position().map(|p| p.line());
        if rec.len() != cols.width {
            return Err(ParseError::Csv {
                at: Location { line, byte: None, record: None, field: None },
                message: format!(
                    "expected {} columns (as in the header), found {}",
                    cols.width,
                    rec.len()
                ),
            });
        }
        let key = cols
            .get(&rec, key_col)
            .ok_or_else(|| ParseError::invalid(line, None, key_col, "empty designation key"))?
            .to_owned();
        let d = match groups.get_mut(&key) {
            Some(d) => d,
            None => {
                order.push(key.clone());
                groups.entry(key.clone()).or_insert_with(|| new_designation(&key))
            }
        };
        apply_row(d, &cols, &rec, layout, line)?;
    }
    let mut out = Vec::with_capacity(order.len());
    for key in order {
        let mut d = groups.remove(&key).expect("every key in order has a group");
        if d.primary_name.is_empty() {
            // No row was marked primary: the first alias becomes the primary name.
            if d.aliases.is_empty() {
                return Err(ParseError::invalid(
                    None,
                    Some(&key),
                    "Name 6",
                    "designation without any name",
                ));
            }
            d.primary_name = d.aliases.remove(0).name;
        }
        out.push(Ok(d));
    }
    let header = ListHeader { source: Source::Uk, format: Format::UkCsv, published, published_raw };
    Ok(ListReader::new(header, out.into_iter()))
}

/// `13-Feb-2026` → a date.
fn dmy_dash(s: &str) -> Option<jiff::civil::Date> {
    let mut it = s.trim().split('-');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    jiff::civil::Date::new(dates::year(y)?, dates::month(m)?, d.parse().ok()?).ok()
}

fn new_designation(key: &str) -> Designation {
    Designation::new(Source::Uk, key.to_owned(), Kind::Entity, String::new())
}

fn add_remark(d: &mut Designation, line: String) {
    if !d.remarks.as_deref().is_some_and(|r| r.split("; ").any(|x| x == line)) {
        push_remark(&mut d.remarks, line);
    }
}

fn apply_row(
    d: &mut Designation,
    cols: &Columns,
    rec: &csv::StringRecord,
    layout: Layout,
    line: Option<u64>,
) -> Result<(), ParseError> {
    let kind = cols.any(rec, &["Group Type", "Designation Type"]).unwrap_or("Entity");
    d.kind = match kind.to_ascii_lowercase().as_str() {
        "individual" => Kind::Person,
        "entity" => Kind::Entity,
        "ship" => Kind::Vessel,
        other => {
            return Err(ParseError::invalid(
                line,
                Some(&d.reference),
                "Group Type",
                format!("unknown type `{other}`"),
            ))
        }
    };
    let given: Vec<&str> = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5"]
        .iter()
        .filter_map(|n| cols.get(rec, n))
        .collect();
    let family = cols.get(rec, "Name 6");
    let name = join(given.iter().copied().chain(family), " ");
    let alias_type = cols.any(rec, &["Alias Type", "Name type"]).unwrap_or("").to_ascii_lowercase();
    let strength =
        cols.any(rec, &["Alias Quality", "Alias strength"]).unwrap_or("").to_ascii_lowercase();
    if let Some(name) = name {
        let is_primary = alias_type == "primary name" || alias_type == "prime alias";
        if is_primary && d.primary_name.is_empty() {
            d.aliases.retain(|a| a.name != name);
            d.primary_name = name;
        } else if name != d.primary_name && !d.aliases.iter().any(|a| a.name == name) {
            let quality =
                if strength.starts_with("low") { AliasQuality::Weak } else { AliasQuality::Strong };
            d.aliases.push(Alias { name, quality, former: alias_type == "fka" });
        }
    }
    if let Some(script) =
        cols.any(rec, &["Name Non-Latin Script", "Name non-latin script"]).and_then(clean)
    {
        if has_non_latin(&script) && !d.original_script_names.contains(&script) {
            d.original_script_names.push(script);
        }
    }
    if let Some(dob) = cols.any(rec, &["DOB", "D.O.B"]) {
        for v in split_enumerated(dob) {
            let bd = dates::uk_birth_date(&v);
            if !d.birth_dates.contains(&bd) {
                d.birth_dates.push(bd);
            }
        }
    }
    let towns = cols.any(rec, &["Town of Birth"]).map(split_enumerated).unwrap_or_default();
    let birth_country = cols.any(rec, &["Country of Birth"]).and_then(country::resolve);
    for town in &towns {
        let place = Place { text: town.clone(), country: birth_country.clone() };
        if !d.birth_places.contains(&place) {
            d.birth_places.push(place);
        }
    }
    if towns.is_empty() {
        if let Some(c) = birth_country {
            let place = Place { text: c.name.clone(), country: Some(c) };
            if !d.birth_places.contains(&place) {
                d.birth_places.push(place);
            }
        }
    }
    if let Some(nat) = cols.any(rec, &["Nationality", "Nationality(/ies)"]) {
        for v in split_enumerated(nat) {
            if let Some(c) = country::resolve(&v) {
                if !d.nationalities.contains(&c) {
                    d.nationalities.push(c);
                }
            }
        }
    }
    let passport_details = cols.any(rec, &["Passport Details", "Passport additional information"]);
    if let Some(numbers) = cols.any(rec, &["Passport Number", "Passport number"]) {
        let country =
            passport_details.and_then(|t| t.split(['.', ',', ';']).next()).and_then(|c| {
                country::iso2(c)?;
                country::resolve(c)
            });
        for number in split_enumerated(numbers) {
            let doc = Document { doc_type: "Passport".into(), number, country: country.clone() };
            if !d.documents.contains(&doc) {
                d.documents.push(doc);
            }
        }
    }
    if let Some(details) = passport_details {
        add_remark(d, format!("Passport: {details}"));
    }
    if let Some(numbers) =
        cols.any(rec, &["National Identification Number", "National Identifier number"])
    {
        for number in split_enumerated(numbers) {
            let doc = Document {
                doc_type: "National Identification Number".into(),
                number,
                country: None,
            };
            if !d.documents.contains(&doc) {
                d.documents.push(doc);
            }
        }
    }
    if let Some(details) = cols.any(
        rec,
        &[
            "National Identification Details",
            "National Identifier additional information",
            "NI Number",
        ],
    ) {
        add_remark(d, format!("National ID: {details}"));
    }
    if let Some(imo) = cols.any(rec, &["IMO number"]) {
        let doc = Document { doc_type: "IMO".into(), number: imo.to_owned(), country: None };
        if !d.documents.contains(&doc) {
            d.documents.push(doc);
        }
    }
    let address_cols: &[&str] = match layout {
        Layout::ConList => &[
            "Address 1",
            "Address 2",
            "Address 3",
            "Address 4",
            "Address 5",
            "Address 6",
            "Post/Zip Code",
        ],
        Layout::Uksl => &[
            "Address Line 1",
            "Address Line 2",
            "Address Line 3",
            "Address Line 4",
            "Address Line 5",
            "Address Line 6",
            "Address Postal Code",
        ],
    };
    let parts: Vec<&str> = address_cols.iter().filter_map(|c| cols.get(rec, c)).collect();
    let address_country = cols.any(rec, &["Country", "Address Country"]).and_then(country::resolve);
    let place = match (join(parts, ", "), address_country) {
        (Some(text), country) => Some(Place { text, country }),
        (None, Some(c)) => Some(Place { text: c.name.clone(), country: Some(c) }),
        (None, None) => None,
    };
    if let Some(place) = place {
        if !d.addresses.contains(&place) {
            d.addresses.push(place);
        }
    }
    if let Some(regime) = cols.any(rec, &["Regime", "Regime Name"]).and_then(clean) {
        if !d.programmes.contains(&regime) {
            d.programmes.push(regime);
        }
    }
    let listed = cols.any(rec, &["Listed On", "Date Designated"]).and_then(dates::dmy_slash);
    if d.listed_on.is_none() {
        d.listed_on = listed;
    }
    for (col, label) in [
        ("Title", "Title"),
        ("Position", "Position"),
        ("Other Information", ""),
        ("UK Statement of Reasons", "Statement of reasons"),
        ("Sanctions Imposed", "Sanctions imposed"),
        ("UK Sanctions List Date Designated", "UK designation date"),
        ("Gender", "Gender"),
    ] {
        if let Some(v) = cols.get(rec, col).and_then(clean) {
            add_remark(d, if label.is_empty() { v } else { format!("{label}: {v}") });
        }
    }
    let un_ref = cols.get(rec, "UN Reference Number").map(str::to_owned).or_else(|| {
        let other = cols.get(rec, "Other Information")?;
        let start = other.find("(UN Ref):")? + "(UN Ref):".len();
        other[start..]
            .split(|c: char| c.is_whitespace())
            .next()
            .map(|s| s.trim_end_matches('.').to_owned())
    });
    if let Some(un) = un_ref {
        regimes::add(&mut d.regimes, regimes::un_reference(&un));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations() {
        assert_eq!(split_enumerated("(1) German (2) Moroccan"), vec!["German", "Moroccan"]);
        assert_eq!(split_enumerated("Syria"), vec!["Syria"]);
        assert_eq!(dmy_dash("02-Mar-2026").unwrap().to_string(), "2026-03-02");
    }
}
