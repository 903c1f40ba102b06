//! OFAC legacy CSV files: `sdn.csv` + `alt.csv` + `add.csv` + `sdn_comments.csv`, and the
//! consolidated non-SDN set `cons_prim.csv` + `cons_alt.csv` + `cons_add.csv` + `cons_comments.csv`
//! (same layouts), per `list-formats.md` §2.2.
//!
//! Quirks handled: no header; `-0- ` nulls; a trailing 0x1A byte; remarks cut at 1000
//! characters and continued in the comments file; weak aliases, dates of birth, places of
//! birth, nationalities and identity documents inside the remarks mini-language.
//!
//! The primary file is streamed; the alias, address and comments files are read first into maps
//! keyed by `ent_num` (they are a fraction of the primary file's size).

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

use crate::country;
use crate::dates;
use crate::error::{Location, ParseError};
use crate::guard::{Counters, Counting};
use crate::model::{Alias, AliasQuality, Designation, Document, Kind, Place, Source};
use crate::text::{clean, join, push_remark};
use crate::{Format, ListHeader, ListReader};

/// Column count of `sdn.csv` / `cons_prim.csv`.
pub const PRIMARY_COLUMNS: usize = 12;
/// Column count of `alt.csv`.
pub const ALT_COLUMNS: usize = 5;
/// Column count of `add.csv`.
pub const ADD_COLUMNS: usize = 6;
/// Column count of `sdn_comments.csv`.
pub const COMMENTS_COLUMNS: usize = 2;

struct AltRow {
    alt_type: String,
    name: String,
}

struct AddRow {
    address: Option<String>,
    city: Option<String>,
    country: Option<String>,
}

/// The companion files of a primary OFAC CSV file; each is optional.
#[derive(Default)]
pub struct Companions<'a> {
    /// `alt.csv` / `cons_alt.csv`.
    pub alt: Option<Box<dyn Read + Send + 'a>>,
    /// `add.csv` / `cons_add.csv`.
    pub add: Option<Box<dyn Read + Send + 'a>>,
    /// `sdn_comments.csv` / `cons_comments.csv`.
    pub comments: Option<Box<dyn Read + Send + 'a>>,
}

/// A header-less, flexible CSV reader terminated by `\n` only: the csv crate's default CRLF
/// handling miscounts line numbers on CRLF files, and error messages must name the right line.
/// A `\r` before the `\n` stays at the end of the last field; callers trim it.
pub(crate) fn csv_reader<R: Read>(r: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::None)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(r)
}

fn csv_error(file: &str, e: csv::Error) -> ParseError {
    let line = e.position().map(|p| p.line());
    let at = Location { line, byte: e.position().map(|p| p.byte()), record: None, field: None };
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => ParseError::Encoding {
            at,
            message: format!(
                "{file}: invalid UTF-8 in field {} (the file must be ASCII/UTF-8)",
                err.field() + 1
            ),
        },
        csv::ErrorKind::Io(io) => ParseError::Csv { at, message: format!("{file}: {io}") },
        _ => ParseError::Csv { at, message: format!("{file}: {e}") },
    }
}

/// True for the end-of-file marker row (a lone 0x1A) and blank rows.
fn is_filler(record: &csv::StringRecord) -> bool {
    record.len() == 1
        && record[0].trim_matches(|c: char| c == '\u{1a}' || c.is_whitespace()).is_empty()
}

fn ent_num(file: &str, record: &csv::StringRecord) -> Result<u64, ParseError> {
    let line = record.position().map(|p| p.line());
    let raw = record.get(0).unwrap_or("").trim();
    raw.parse::<u64>().map_err(|_| ParseError::Csv {
        at: Location { line, byte: None, record: None, field: Some("ent_num".into()) },
        message: format!("{file}: ent_num `{raw}` is not a number"),
    })
}

fn check_columns(
    file: &str,
    record: &csv::StringRecord,
    expected: usize,
) -> Result<(), ParseError> {
    if record.len() != expected {
        let line = record.position().map(|p| p.line());
        let reference = record.get(0).map(|s| s.trim().to_owned());
        return Err(ParseError::Csv {
            at: Location { line, byte: None, record: reference, field: None },
            message: format!("{file}: expected {expected} columns, found {}", record.len()),
        });
    }
    Ok(())
}

/// The rows of a companion file for one `ent_num`, with the line of its first row.
struct Joined<T> {
    line: u64,
    rows: Vec<T>,
}

type JoinMap<T> = HashMap<u64, Joined<T>>;

/// How a file must end (`list-formats.md` §2.2.1): OFAC writes a single 0x1A byte after the last
/// CRLF of every file except some comments files, so a file without it was cut short.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    /// A line break then the 0x1A end-of-file marker.
    Marker,
    /// At least a line break (the marker is optional).
    LineBreak,
}

/// Refuses an input that ends inside a record or without its end-of-file marker.
fn check_end(file: &str, counters: &Counters, end: End) -> Result<(), ParseError> {
    let at = || Location {
        line: Some(counters.line()),
        byte: Some(counters.bytes()),
        record: None,
        field: None,
    };
    if counters.quotes() % 2 == 1 {
        return Err(ParseError::Csv {
            at: at(),
            message: format!(
                "{file}: the file ends inside a quoted field: it is truncated (nothing imported)"
            ),
        });
    }
    let tail = counters.tail();
    if tail == [0x1A] && counters.bytes() == 1 {
        return Ok(()); // an empty file: just the marker
    }
    let marker = tail.last() == Some(&0x1A);
    let body = if marker { &tail[..tail.len() - 1] } else { &tail[..] };
    if body.last() != Some(&b'\n') {
        return Err(ParseError::Csv {
            at: at(),
            message: format!(
                "{file}: the last line has no line break: the file ends inside a record, it is truncated"
            ),
        });
    }
    if end == End::Marker && !marker {
        return Err(ParseError::Csv {
            at: at(),
            message: format!(
                "{file}: no end-of-file marker (the 0x1A byte OFAC writes after the last line): the file is truncated"
            ),
        });
    }
    Ok(())
}

fn after_marker(file: &str, record: &csv::StringRecord) -> ParseError {
    ParseError::Csv {
        at: Location {
            line: record.position().map(|p| p.line()),
            byte: None,
            record: record.get(0).map(|s| s.trim().to_owned()),
            field: None,
        },
        message: format!("{file}: data after the end-of-file marker (0x1A)"),
    }
}

fn read_companion<'a, T>(
    file: &str,
    reader: Box<dyn Read + Send + 'a>,
    columns: usize,
    end: End,
    mut row: impl FnMut(&csv::StringRecord) -> Option<T>,
) -> Result<JoinMap<T>, ParseError> {
    let mut map: JoinMap<T> = HashMap::new();
    let counting = Counting::new(reader);
    let counters = counting.counters();
    let mut rdr = csv_reader(counting);
    let mut record = csv::StringRecord::new();
    let mut ended = false;
    loop {
        counters.mark();
        if !rdr.read_record(&mut record).map_err(|e| csv_error(file, e))? {
            break;
        }
        if is_filler(&record) {
            ended |= record[0].contains('\u{1a}');
            continue;
        }
        if ended {
            return Err(after_marker(file, &record));
        }
        check_columns(file, &record, columns)?;
        let id = ent_num(file, &record)?;
        let line = record.position().map_or(0, |p| p.line());
        let joined = map.entry(id).or_insert_with(|| Joined { line, rows: Vec::new() });
        if let Some(value) = row(&record) {
            joined.rows.push(value);
        }
    }
    check_end(file, &counters, end)?;
    Ok(map)
}

/// File labels used in error messages.
const ALT_FILE: &str = "alias file (alt.csv)";
const ADD_FILE: &str = "address file (add.csv)";
const COMMENTS_FILE: &str = "comments file (sdn_comments.csv)";
const PRIMARY_FILE: &str = "primary file";

/// Parses an OFAC CSV set: the primary file streamed, the companions joined by `ent_num`.
pub fn parse_set<'a>(
    primary: impl Read + Send + 'a,
    companions: Companions<'a>,
) -> Result<ListReader<'a>, ParseError> {
    let alt = match companions.alt {
        Some(r) => read_companion(ALT_FILE, r, ALT_COLUMNS, End::Marker, |rec| {
            let name = clean(&rec[3])?;
            Some(AltRow {
                alt_type: clean(&rec[2]).unwrap_or_else(|| "aka".into()).to_ascii_lowercase(),
                name,
            })
        })?,
        None => HashMap::new(),
    };
    let add = match companions.add {
        Some(r) => read_companion(ADD_FILE, r, ADD_COLUMNS, End::Marker, |rec| {
            let row =
                AddRow { address: clean(&rec[2]), city: clean(&rec[3]), country: clean(&rec[4]) };
            (row.address.is_some() || row.city.is_some() || row.country.is_some()).then_some(row)
        })?,
        None => HashMap::new(),
    };
    let comments = match companions.comments {
        Some(r) => read_companion(COMMENTS_FILE, r, COMMENTS_COLUMNS, End::LineBreak, |rec| {
            let text = rec[1].trim_end_matches(['\u{1a}', '\r', '\n']);
            (text.trim() != "-0-" && !text.is_empty()).then(|| text.to_owned())
        })?,
        None => HashMap::new(),
    };
    let counting = Counting::new(primary);
    let counters = counting.counters();
    let header = ListHeader {
        source: Source::Ofac,
        format: Format::OfacCsv,
        published: None,
        published_raw: None,
    };
    let parser = OfacCsvParser {
        rdr: csv_reader(Box::new(counting)),
        counters,
        record: csv::StringRecord::new(),
        alt,
        add,
        comments,
        done: false,
        ended: false,
    };
    Ok(ListReader::new(header, parser))
}

/// Streams designations from the primary file.
struct OfacCsvParser<'a> {
    rdr: csv::Reader<Box<dyn Read + Send + 'a>>,
    counters: Arc<Counters>,
    record: csv::StringRecord,
    alt: JoinMap<AltRow>,
    add: JoinMap<AddRow>,
    comments: JoinMap<String>,
    done: bool,
    /// The 0x1A end-of-file marker was read.
    ended: bool,
}

impl Iterator for OfacCsvParser<'_> {
    type Item = Result<Designation, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            self.counters.mark();
            match self.rdr.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return self.finish().err().map(Err);
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(csv_error(PRIMARY_FILE, e)));
                }
            }
            if is_filler(&self.record) {
                self.ended |= self.record[0].contains('\u{1a}');
                continue;
            }
            if self.ended {
                self.done = true;
                return Some(Err(after_marker(PRIMARY_FILE, &self.record)));
            }
            let result = self.map_record();
            if result.is_err() {
                self.done = true;
            }
            return Some(result);
        }
    }
}

impl OfacCsvParser<'_> {
    /// At the end of the primary file: it must end with its marker, and every companion row
    /// must have joined a designation (an orphan means the primary file was cut short or the
    /// companions belong to another edition).
    fn finish(&mut self) -> Result<(), ParseError> {
        check_end(PRIMARY_FILE, &self.counters, End::Marker)?;
        let orphans = [
            (ALT_FILE, self.alt.iter().map(|(id, j)| (j.line, *id)).min()),
            (ADD_FILE, self.add.iter().map(|(id, j)| (j.line, *id)).min()),
            (COMMENTS_FILE, self.comments.iter().map(|(id, j)| (j.line, *id)).min()),
        ];
        for (file, orphan) in orphans {
            if let Some((line, id)) = orphan {
                return Err(ParseError::Csv {
                    at: Location {
                        line: Some(line),
                        byte: None,
                        record: Some(id.to_string()),
                        field: Some("ent_num".into()),
                    },
                    message: format!(
                        "{file}: ent_num {id} is not in the primary file (the primary file is truncated, or the companion files belong to another edition)"
                    ),
                });
            }
        }
        Ok(())
    }

    fn map_record(&mut self) -> Result<Designation, ParseError> {
        let rec = &self.record;
        check_columns(PRIMARY_FILE, rec, PRIMARY_COLUMNS)?;
        let id = ent_num(PRIMARY_FILE, rec)?;
        let line = rec.position().map(|p| p.line());
        let reference = id.to_string();
        let kind = match clean(&rec[2]).map(|s| s.to_ascii_lowercase()).as_deref() {
            None | Some("entity") => Kind::Entity,
            Some("individual") => Kind::Person,
            Some("vessel") => Kind::Vessel,
            Some("aircraft") => Kind::Aircraft,
            Some(other) => {
                return Err(ParseError::invalid(
                    line,
                    Some(&reference),
                    "SDN_Type",
                    format!("unknown type `{other}`"),
                ));
            }
        };
        let raw_name = clean(&rec[1]).ok_or_else(|| {
            ParseError::invalid(line, Some(&reference), "SDN_Name", "the name is empty")
        })?;
        let mut d = Designation {
            programmes: split_programs(&rec[3]),
            ..Designation::new(Source::Ofac, reference, kind, display_name(kind, &raw_name))
        };
        if let Some(title) = clean(&rec[4]) {
            push_remark(&mut d.remarks, format!("Title: {title}"));
        }
        for (i, label) in [
            (5, "Call sign"),
            (6, "Vessel type"),
            (7, "Tonnage"),
            (8, "GRT"),
            (9, "Vessel flag"),
            (10, "Vessel owner"),
        ] {
            if let Some(v) = clean(&rec[i]) {
                push_remark(&mut d.remarks, format!("{label}: {v}"));
            }
        }
        for alt in self.alt.remove(&id).map(|j| j.rows).unwrap_or_default() {
            let former = alt.alt_type == "fka";
            d.aliases.push(Alias {
                name: display_name(kind, &alt.name),
                quality: AliasQuality::Strong,
                former,
            });
        }
        for a in self.add.remove(&id).map(|j| j.rows).unwrap_or_default() {
            let text =
                join([a.address.as_deref().unwrap_or(""), a.city.as_deref().unwrap_or("")], ", ");
            let country = a.country.as_deref().and_then(country::resolve);
            let place = match (text, country) {
                (Some(text), country) => Place { text, country },
                (None, Some(c)) => Place { text: c.name.clone(), country: Some(c) },
                (None, None) => continue,
            };
            if !d.addresses.contains(&place) {
                d.addresses.push(place);
            }
        }
        let raw_remarks = rec[11].trim_end_matches(['\r', '\n']);
        let mut remarks =
            if raw_remarks.trim() == "-0-" { String::new() } else { raw_remarks.to_owned() };
        for overflow in self.comments.remove(&id).map(|j| j.rows).unwrap_or_default() {
            remarks.push_str(&overflow);
        }
        apply_remarks(&mut d, &remarks);
        Ok(d)
    }
}

/// `A] [B` → `["A", "B"]`.
pub fn split_programs(field: &str) -> Vec<String> {
    let Some(field) = clean(field) else { return Vec::new() };
    field.trim_start_matches('[').trim_end_matches(']').split("] [").filter_map(clean).collect()
}

/// `LAST, First Middle` → `First Middle LAST` for persons with exactly one comma; other names
/// unchanged (entity names contain commas: `ANGLO-CARIBBEAN CO., LTD.`).
pub fn display_name(kind: Kind, name: &str) -> String {
    if kind == Kind::Person {
        let mut parts = name.split(',');
        if let (Some(last), Some(first), None) = (parts.next(), parts.next(), parts.next()) {
            if let (Some(last), Some(first)) = (clean(last), clean(first)) {
                return format!("{first} {last}");
            }
        }
    }
    name.to_owned()
}

/// OFAC identity-document type names: the XML `idType` values and the clause prefixes of the
/// legacy CSV remarks are the same vocabulary, so both readers share this one list (the CSV
/// reader takes the longest matching prefix where names overlap).
pub(crate) const DOCUMENT_TYPES: &[&str] = &[
    "Diplomatic Passport",
    "Stateless Person Passport",
    "Passport",
    "National ID No.",
    "National Foreign ID Number",
    "Cedula No.",
    "NIT #",
    "RUC #",
    "RIF #",
    "C.U.R.P. #",
    "C.U.I.P.",
    "R.F.C.",
    "D.N.I.",
    "SSN",
    "Tax ID No.",
    "Identification Number",
    "Personal ID Card",
    "Residency Number",
    "Driver's License No.",
    "Birth Certificate Number",
    "Refugee ID Card",
    "Travel Document Number",
    "Electoral Registry No.",
    "Registration ID",
    "Registration Number",
    "Business Registration Number",
    "Business Registration Document #",
    "Commercial Registry Number",
    "Company Number",
    "Trade License No.",
    "Folio Mercantil No.",
    "Matricula Mercantil No",
    "C.R. No.",
    "Legal Entity Number",
    "Vessel Registration Identification",
    "MMSI",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Tail Number",
    "Unified Social Credit Code (USCC)",
    "SWIFT/BIC",
    "V.A.T. Number",
    "D-U-N-S Number",
    "ISIN",
];

/// Applies the remarks mini-language (§2.2.3) to a designation; clauses that do not map to a
/// field are kept in `remarks`.
pub fn apply_remarks(d: &mut Designation, remarks: &str) {
    let Some(text) = clean(remarks) else { return };
    let text = text.strip_suffix('.').unwrap_or(&text).to_owned();
    for clause in text.split("; ") {
        let clause = clause.trim();
        if clause.is_empty() {
            continue;
        }
        let body = clause.strip_prefix("alt. ").unwrap_or(clause);
        if let Some(v) = body.strip_prefix("DOB ") {
            let bd = dates::ofac_birth_date(v);
            if !d.birth_dates.contains(&bd) {
                d.birth_dates.push(bd);
            }
        } else if let Some(v) = body.strip_prefix("POB ") {
            let country = v
                .rsplit(',')
                .next()
                .and_then(|c| country::iso2(c).and_then(|_| country::resolve(c)));
            let place = Place { text: clean(v).unwrap_or_default(), country };
            if !place.text.is_empty() && !d.birth_places.contains(&place) {
                d.birth_places.push(place);
            }
        } else if let Some(v) =
            body.strip_prefix("nationality ").or_else(|| body.strip_prefix("citizen "))
        {
            if let Some(c) = country::resolve(v) {
                if !d.nationalities.contains(&c) {
                    d.nationalities.push(c);
                }
            }
        } else if let Some((former, name)) = weak_alias(body) {
            let name = display_name(d.kind, &name);
            if !d.aliases.iter().any(|a| a.name == name) {
                d.aliases.push(Alias { name, quality: AliasQuality::Weak, former });
            }
        } else if let Some(doc) = document(body) {
            if !d.documents.contains(&doc) {
                d.documents.push(doc);
            }
        } else {
            push_remark(&mut d.remarks, clause);
        }
    }
    if let Some(r) = d.remarks.as_mut() {
        if !r.ends_with('.') {
            r.push('.');
        }
    }
}

/// `a.k.a. 'X'` / `f.k.a. 'X'` / `n.k.a. 'X'` → (former, X). Takes the text between the first
/// `'` and the last `'` of the clause (names may contain apostrophes: `'ABU-'UMAR'`).
fn weak_alias(clause: &str) -> Option<(bool, String)> {
    let (former, rest) = if let Some(r) = clause.strip_prefix("a.k.a. ") {
        (false, r)
    } else if let Some(r) = clause.strip_prefix("f.k.a. ") {
        (true, r)
    } else if let Some(r) = clause.strip_prefix("n.k.a. ") {
        (false, r)
    } else {
        return None;
    };
    let start = rest.find('\'')?;
    let end = rest.rfind('\'')?;
    if end <= start {
        return None;
    }
    clean(&rest[start + 1..end]).map(|n| (former, n))
}

/// `Passport ZZ0099887 (Libya) issued 02 May 2019` → a document.
fn document(clause: &str) -> Option<Document> {
    let prefix =
        DOCUMENT_TYPES.iter().filter(|p| clause.starts_with(**p)).max_by_key(|p| p.len())?;
    let rest = clause[prefix.len()..].trim();
    let mut number_end = rest.len();
    for stop in [" (", " issued", " expires", " Issue Date", " Expiration Date"] {
        if let Some(pos) = rest.find(stop) {
            number_end = number_end.min(pos);
        }
    }
    let number = clean(&rest[..number_end])?;
    let country =
        rest[number_end..].trim().strip_prefix('(').and_then(|r| r.split(')').next()).and_then(
            |c| {
                country::iso2(c)?;
                country::resolve(c)
            },
        );
    Some(Document { doc_type: prefix.trim_end_matches([' ', '#']).to_owned(), number, country })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_programs() {
        assert_eq!(display_name(Kind::Person, "QADHAFI, Muammar"), "Muammar QADHAFI");
        assert_eq!(display_name(Kind::Person, "ABU ZUBAYDAH"), "ABU ZUBAYDAH");
        assert_eq!(
            display_name(Kind::Entity, "ANGLO-CARIBBEAN CO., LTD."),
            "ANGLO-CARIBBEAN CO., LTD."
        );
        assert_eq!(split_programs("SDGT] [SYRIA"), vec!["SDGT", "SYRIA"]);
        assert_eq!(split_programs("-0- "), Vec::<String>::new());
    }

    #[test]
    fn csv_line_numbers() {
        for sep in ["\n", "\r\n"] {
            let data = format!("1,a{sep}2,b{sep}3{sep}");
            let mut rdr = csv_reader(data.as_bytes());
            let lines: Vec<u64> =
                rdr.records().map(|r| r.unwrap().position().unwrap().line()).collect();
            assert_eq!(lines, vec![1, 2, 3], "{sep:?}");
        }
    }

    #[test]
    fn remark_clauses() {
        assert_eq!(weak_alias("a.k.a. 'ABU-'UMAR'"), Some((false, "ABU-'UMAR".to_owned())));
        assert_eq!(weak_alias("f.k.a. 'ANA I'"), Some((true, "ANA I".to_owned())));
        let doc = document("Passport ZZ0099887 (Libya) issued 02 May 2019").unwrap();
        assert_eq!((doc.doc_type.as_str(), doc.number.as_str()), ("Passport", "ZZ0099887"));
        assert_eq!(doc.country.unwrap().iso2.as_deref(), Some("LY"));
        let doc = document("NIT # 800123456-7 (Colombia)").unwrap();
        assert_eq!((doc.doc_type.as_str(), doc.number.as_str()), ("NIT", "800123456-7"));
        assert!(document("Linked To: HAMAS").is_none());
    }
}
