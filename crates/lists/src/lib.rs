//! Official sanctions lists: one designation model and streaming parsers.
//!
//! Every parser reads from a `BufRead` and yields [`model::Designation`]s one at a time, so memory
//! stays bounded by the largest single record, never by the file.
//! This crate does no file-system or network IO of its own and reads no clock: callers hand it
//! readers and it hands back values or a [`ParseError`] naming the line or record.
//!
//! Entry points: [`parse`] (one reader, format sniffed from the first KB or given), [`sniff`]
//! (format of a byte prefix), and [`ofac_csv::parse_set`] for the OFAC CSV set whose primary
//! file is joined with its `alt`/`add`/`comments` siblings.

pub mod country;
pub mod dates;
pub mod diff;
pub mod error;
pub mod eu;
pub mod ftm;
pub mod ftm_export;
pub mod guard;
pub mod model;
pub mod ofac_csv;
pub mod ofac_xml;
pub mod regimes;
pub mod text;
pub mod uk;
pub mod un;
pub mod xml;

use std::io::{BufRead, Cursor, Read};

pub use error::{Location, ParseError};
use model::{Designation, Source};

/// How many bytes [`parse`] reads to detect the format.
pub const SNIFF_LEN: usize = 1024;

/// A concrete file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// UN Security Council consolidated list XML.
    UnXml,
    /// OFAC legacy XML (`sdn.xml`, non-SDN `consolidated.xml`).
    OfacXml,
    /// OFAC legacy CSV (`sdn.csv`/`cons_prim.csv`, optionally with its companions).
    OfacCsv,
    /// EU Financial Sanctions Files XML v1.1.
    EuXml,
    /// UK CSV: OFSI ConList or FCDO UK Sanctions List.
    UkCsv,
    /// FollowTheMoney entities, JSON lines.
    FtmJson,
}

impl Format {
    /// Every format.
    pub const ALL: &'static [Format] = &[
        Format::UnXml,
        Format::OfacXml,
        Format::OfacCsv,
        Format::EuXml,
        Format::UkCsv,
        Format::FtmJson,
    ];

    /// Short name (`un-xml`, `ofac-csv`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::UnXml => "un-xml",
            Format::OfacXml => "ofac-xml",
            Format::OfacCsv => "ofac-csv",
            Format::EuXml => "eu-xml",
            Format::UkCsv => "uk-csv",
            Format::FtmJson => "ftm-json",
        }
    }

    /// Parses a short name.
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// The list this format belongs to.
    pub fn source(self) -> Source {
        match self {
            Format::UnXml => Source::Un,
            Format::OfacXml | Format::OfacCsv => Source::Ofac,
            Format::EuXml => Source::Eu,
            Format::UkCsv => Source::Uk,
            Format::FtmJson => Source::Ftm,
        }
    }

    /// The format of `source` for a file of this shape (`--source` overriding the sniffed list).
    pub fn for_source(source: Source, shape: Shape) -> Option<Format> {
        match (source, shape) {
            (Source::Un, Shape::Xml) => Some(Format::UnXml),
            (Source::Ofac, Shape::Xml) => Some(Format::OfacXml),
            (Source::Ofac, Shape::Csv) => Some(Format::OfacCsv),
            (Source::Eu, Shape::Xml) => Some(Format::EuXml),
            (Source::Uk, Shape::Csv) => Some(Format::UkCsv),
            (Source::Ftm, Shape::Json) => Some(Format::FtmJson),
            _ => None,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a list says about itself before its first record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListHeader {
    /// The list.
    pub source: Source,
    /// The format read.
    pub format: Format,
    /// Publication date stated by the file, when it states one.
    pub published: Option<jiff::civil::Date>,
    /// The publication date text as written in the file.
    pub published_raw: Option<String>,
}

/// The rough shape of a byte prefix, before the format is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// XML with this root element.
    Xml,
    /// Comma-separated values.
    Csv,
    /// JSON (lines).
    Json,
}

/// Detects the format of a file from its first bytes (at most [`SNIFF_LEN`] are looked at).
///
/// Rejects UTF-16, binary data and anything that is not a known list without reading further.
pub fn sniff(prefix: &[u8]) -> Result<Format, ParseError> {
    let (shape, detail) = shape(prefix)?;
    match shape {
        Shape::Xml => match detail.as_str() {
            "CONSOLIDATED_LIST" => Ok(Format::UnXml),
            "sdnList" => Ok(Format::OfacXml),
            "export" => Ok(Format::EuXml),
            "Sanctions" => Err(ParseError::Unrecognised(
                "OFAC advanced XML (sdn_advanced.xml) is not supported; import sdn.xml or the sdn.csv set".into(),
            )),
            other => Err(ParseError::Unrecognised(format!("XML with root element <{other}> is not a known sanctions list"))),
        },
        Shape::Json => Ok(Format::FtmJson),
        Shape::Csv => sniff_csv(&detail),
    }
}

fn sniff_csv(first_line: &str) -> Result<Format, ParseError> {
    let line = first_line.trim_start_matches('\u{feff}');
    if line.starts_with("Last Updated")
        || line.starts_with("Report Date")
        || line.starts_with("Name 6,")
    {
        return Ok(Format::UkCsv);
    }
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(line.as_bytes());
    let mut rec = csv::StringRecord::new();
    let columns = match rdr.read_record(&mut rec) {
        Ok(true) => rec.len(),
        _ => 0,
    };
    let numeric = rec
        .get(0)
        .is_some_and(|f| !f.trim().is_empty() && f.trim().bytes().all(|b| b.is_ascii_digit()));
    if numeric {
        return match columns {
            ofac_csv::PRIMARY_COLUMNS => Ok(Format::OfacCsv),
            ofac_csv::ALT_COLUMNS => Err(ParseError::Unrecognised(
                "this is an OFAC alias file (alt.csv); import sdn.csv (or its directory) instead".into(),
            )),
            ofac_csv::ADD_COLUMNS => Err(ParseError::Unrecognised(
                "this is an OFAC address file (add.csv); import sdn.csv (or its directory) instead".into(),
            )),
            ofac_csv::COMMENTS_COLUMNS => Err(ParseError::Unrecognised(
                "this is an OFAC comments file (sdn_comments.csv); import sdn.csv (or its directory) instead".into(),
            )),
            n => Err(ParseError::Unrecognised(format!("CSV with a numeric first column and {n} columns is not a known list"))),
        };
    }
    let shown: String = line.chars().take(60).collect();
    Err(ParseError::Unrecognised(format!("CSV starting {shown:?} is not a known sanctions list")))
}

/// The shape of a prefix plus a detail (the XML root name, or the first CSV line).
pub fn shape(prefix: &[u8]) -> Result<(Shape, String), ParseError> {
    let prefix = &prefix[..prefix.len().min(SNIFF_LEN)];
    let at0 = || Location { line: Some(1), byte: Some(0), record: None, field: None };
    if prefix.starts_with(&[0xFF, 0xFE]) || prefix.starts_with(&[0xFE, 0xFF]) {
        return Err(ParseError::Encoding {
            at: at0(),
            message: "the file is UTF-16 (byte-order mark); convert it to UTF-8".into(),
        });
    }
    let body = prefix.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(prefix);
    if body.is_empty() {
        return Err(ParseError::Unrecognised("the file is empty".into()));
    }
    let nuls = body.iter().filter(|&&b| b == 0).count();
    if nuls > 0 {
        let sample = &body[..body.len().min(64)];
        let printable = |b: &u8| b.is_ascii_graphic() || b.is_ascii_whitespace();
        let even_zero = sample.iter().step_by(2).all(|&b| b == 0)
            && sample.iter().skip(1).step_by(2).all(printable);
        let odd_zero = sample.iter().skip(1).step_by(2).all(|&b| b == 0)
            && sample.iter().step_by(2).all(printable);
        if sample.len() >= 4 && (even_zero || odd_zero) {
            return Err(ParseError::Encoding {
                at: at0(),
                message: "the file looks like UTF-16; convert it to UTF-8".into(),
            });
        }
        return Err(ParseError::Unrecognised(
            "binary data (NUL bytes in the first KB): not a list file".into(),
        ));
    }
    let controls =
        body.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x1A)).count();
    if controls > 0 {
        return Err(ParseError::Unrecognised(
            "binary data (control bytes in the first KB): not a list file".into(),
        ));
    }
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
    let body = &body[start..];
    match body.first() {
        Some(b'<') => xml_root(body).map(|root| (Shape::Xml, root)),
        Some(b'{') => Ok((Shape::Json, "JSON".into())),
        Some(_) => {
            let end = body.iter().position(|&b| b == b'\n' || b == b'\r').unwrap_or(body.len());
            let line = String::from_utf8_lossy(&body[..end]).into_owned();
            // A banner line (`Report Date: …`) may precede the comma-separated header.
            let second =
                body[end..].split(|&b| b == b'\n').find(|l| !l.iter().all(u8::is_ascii_whitespace));
            if !line.contains(',') && !second.is_some_and(|l| l.contains(&b',')) {
                let shown: String = line.chars().take(40).collect();
                return Err(ParseError::Unrecognised(format!(
                    "neither XML, JSON nor CSV (starts with {shown:?})"
                )));
            }
            Ok((Shape::Csv, line))
        }
        None => Err(ParseError::Unrecognised("the file holds only whitespace".into())),
    }
}

fn xml_root(body: &[u8]) -> Result<String, ParseError> {
    let mut i = 0;
    while let Some(off) = body[i..].iter().position(|&b| b == b'<') {
        let p = i + off;
        let rest = &body[p + 1..];
        if rest.starts_with(b"?") || rest.starts_with(b"!") {
            let close: &[u8] = if rest.starts_with(b"!--") { b"-->" } else { b">" };
            match rest.windows(close.len()).position(|w| w == close) {
                Some(end) => i = p + 1 + end + close.len(),
                None => break,
            }
            continue;
        }
        let end = rest
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
            .unwrap_or(rest.len());
        let name = String::from_utf8_lossy(&rest[..end]).into_owned();
        let local = name.rsplit(':').next().unwrap_or(&name).to_owned();
        if local.is_empty() {
            break;
        }
        return Ok(local);
    }
    Err(ParseError::Unrecognised("XML without a root element in the first KB".into()))
}

/// A stream of designations plus the list's header.
pub struct ListReader<'a> {
    header: ListHeader,
    inner: Box<dyn Iterator<Item = Result<Designation, ParseError>> + Send + 'a>,
    failed: bool,
}

impl<'a> ListReader<'a> {
    /// Wraps any iterator of designations.
    pub fn new(
        header: ListHeader,
        inner: impl Iterator<Item = Result<Designation, ParseError>> + Send + 'a,
    ) -> Self {
        ListReader { header, inner: Box::new(inner), failed: false }
    }

    /// The header: source, format, publication date.
    pub fn header(&self) -> &ListHeader {
        &self.header
    }
}

impl Iterator for ListReader<'_> {
    type Item = Result<Designation, ParseError>;

    /// Yields designations; after the first error, yields nothing more.
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = self.inner.next()?;
        if item.is_err() {
            self.failed = true;
        }
        Some(item)
    }
}

/// Reads the first [`SNIFF_LEN`] bytes without losing them.
fn peek<R: BufRead>(mut reader: R) -> Result<(Vec<u8>, impl BufRead), ParseError> {
    let mut prefix = Vec::with_capacity(SNIFF_LEN);
    (&mut reader).take(SNIFF_LEN as u64).read_to_end(&mut prefix)?;
    let chained = Cursor::new(prefix.clone()).chain(reader);
    Ok((prefix, chained))
}

/// Parses one list file: the format is `format` when given, else sniffed from the first KB.
///
/// The OFAC CSV format read this way is the primary file alone (`sdn.csv`/`cons_prim.csv`);
/// use [`ofac_csv::parse_set`] to join the alias, address and comments files.
pub fn parse<'a, R: BufRead + Send + 'a>(
    reader: R,
    format: Option<Format>,
) -> Result<ListReader<'a>, ParseError> {
    let (prefix, reader) = peek(reader)?;
    let format = match format {
        Some(f) => {
            // Even with an explicit format, reject binary garbage and UTF-16 up front.
            shape(&prefix)?;
            f
        }
        None => sniff(&prefix)?,
    };
    parse_as(reader, format)
}

fn parse_as<'a, R: BufRead + Send + 'a>(
    reader: R,
    format: Format,
) -> Result<ListReader<'a>, ParseError> {
    match format {
        Format::UnXml => {
            let p = un::UnParser::new(reader)?;
            Ok(ListReader::new(p.header().clone(), p))
        }
        Format::OfacXml => {
            let p = ofac_xml::OfacXmlParser::new(reader)?;
            Ok(ListReader::new(p.header().clone(), p))
        }
        Format::EuXml => {
            let p = eu::EuParser::new(reader)?;
            Ok(ListReader::new(p.header().clone(), p))
        }
        Format::OfacCsv => ofac_csv::parse_set(reader, ofac_csv::Companions::default()),
        Format::UkCsv => uk::parse(reader),
        Format::FtmJson => ftm::parse(reader),
    }
}

/// Parses a whole list into memory (tests, small files, diffs).
pub fn parse_all<R: BufRead + Send>(
    reader: R,
    format: Option<Format>,
) -> Result<(ListHeader, Vec<Designation>), ParseError> {
    let list = parse(reader, format)?;
    let header = list.header().clone();
    let all = list.collect::<Result<Vec<_>, _>>()?;
    Ok((header, all))
}
