//! The CSV reader of bulk screening (`embargo screen --input FILE.csv`): a header row with
//! `name` and optionally `id`, `kind`, `dob` (or `date_of_birth`), `nationality`, `document`
//! (any order, any case, a byte-order mark tolerated); then one party per row.
//!
//! Rows are read one at a time, so memory is bounded by the longest row, whatever the file's
//! size. Every error names the line (where the row starts) and the row number (1 is the first
//! row after the header); rows read before an error stay valid.

use std::io::Read;

use embargo_screening::{BirthDate, Kind, Query};

use crate::ReadError;

/// One row of the input, ready to screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Row number, from 1 for the first row after the header.
    pub row: u64,
    /// The line where the row starts.
    pub line: u64,
    /// The `id` column, else the row's line number minus one.
    pub id: String,
    /// The query built from the row.
    pub query: Query,
}

/// Column positions in the header.
#[derive(Debug, Clone)]
struct Columns {
    name: usize,
    id: Option<usize>,
    kind: Option<usize>,
    dob: Option<usize>,
    nationality: Option<usize>,
    document: Option<usize>,
}

/// Reads rows from a CSV input.
pub struct Reader<R: Read> {
    csv: csv::Reader<R>,
    cols: Columns,
    record: csv::StringRecord,
    rows: u64,
}

impl<R: Read> std::fmt::Debug for Reader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader").field("cols", &self.cols).field("rows", &self.rows).finish()
    }
}

impl<R: Read> Reader<R> {
    /// Reads the header; refuses one without a `name` column or not in UTF-8.
    pub fn new(input: R) -> Result<Self, ReadError> {
        let mut csv = csv::ReaderBuilder::new().flexible(false).from_reader(input);
        let headers = csv.byte_headers().map_err(|e| ReadError::Header(csv_what(&e)))?.clone();
        let headers = csv::StringRecord::from_byte_record(headers)
            .map_err(|e| ReadError::Header(format!("the header is not valid UTF-8 ({e})")))?;
        let find = |n: &str| {
            headers
                .iter()
                .position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(n))
        };
        let name = find("name").ok_or_else(|| {
            ReadError::Header(format!(
                "the header has no `name` column (found: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            ))
        })?;
        let cols = Columns {
            name,
            id: find("id"),
            kind: find("kind"),
            dob: find("dob").or_else(|| find("date_of_birth")),
            nationality: find("nationality"),
            document: find("document"),
        };
        Ok(Reader { csv, cols, record: csv::StringRecord::new(), rows: 0 })
    }

    /// The next row, `None` at the end of the input, or why the next row is unusable.
    pub fn next_row(&mut self) -> Result<Option<Row>, ReadError> {
        let row = self.rows + 1;
        let more = self.csv.read_record(&mut self.record).map_err(|e| ReadError::Row {
            row,
            line: e.position().map(csv::Position::line),
            message: csv_what(&e),
        })?;
        if !more {
            return Ok(None);
        }
        let line = self.record.position().map_or(row + 1, csv::Position::line);
        let parsed = parse_row(row, line, &self.cols, &self.record)?;
        self.rows = row;
        Ok(Some(parsed))
    }

    /// Rows read successfully so far.
    pub fn rows_read(&self) -> u64 {
        self.rows
    }

    /// Bytes of the input consumed so far (for a progress bar).
    pub fn byte_position(&self) -> u64 {
        self.csv.position().byte()
    }
}

fn parse_row(
    row: u64,
    line: u64,
    cols: &Columns,
    rec: &csv::StringRecord,
) -> Result<Row, ReadError> {
    let bad = |message: String| ReadError::Row { row, line: Some(line), message };
    let get =
        |i: Option<usize>| i.and_then(|i| rec.get(i)).map(str::trim).filter(|s| !s.is_empty());
    let name = get(Some(cols.name)).ok_or_else(|| bad("empty `name`".to_owned()))?;
    // A name with no letters at all (digits, punctuation, invisible characters) is an input
    // error, not "no hits".
    Query::name(name).validate().map_err(|e| bad(e.to_string()))?;
    let kind = match get(cols.kind) {
        Some(k) => Some(Kind::parse(k).ok_or_else(|| {
            bad(format!("unknown kind `{k}` (expected person, entity, vessel or aircraft)"))
        })?),
        None => None,
    };
    let birth_date = match get(cols.dob) {
        Some(d) => Some(BirthDate::parse(d).ok_or_else(|| {
            bad(format!("invalid dob `{d}` (expected YYYY, YYYY-MM-DD or YYYY-YYYY)"))
        })?),
        None => None,
    };
    Ok(Row {
        row,
        line,
        id: get(cols.id).map(str::to_owned).unwrap_or_else(|| line.saturating_sub(1).to_string()),
        query: Query {
            name: name.to_owned(),
            kind,
            birth_date,
            nationality: get(cols.nationality).map(str::to_owned),
            documents: get(cols.document).map(|d| vec![d.to_owned()]).unwrap_or_default(),
        },
    })
}

/// What a CSV error means, without its position (the caller names the line).
fn csv_what(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("{len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_owned(),
        csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Row>, Option<String>) {
        rows_of(text.as_bytes())
    }

    fn rows_of(bytes: &[u8]) -> (Vec<Row>, Option<String>) {
        let mut reader = match Reader::new(bytes) {
            Ok(r) => r,
            Err(e) => return (vec![], Some(e.to_string())),
        };
        let mut out = vec![];
        loop {
            match reader.next_row() {
                Ok(Some(r)) => out.push(r),
                Ok(None) => return (out, None),
                Err(e) => {
                    assert_eq!(reader.rows_read(), out.len() as u64);
                    return (out, Some(e.to_string()));
                }
            }
        }
    }

    #[test]
    fn rows_carry_their_number_line_and_query() {
        let (got, err) = read("\u{feff}ID,Name,kind,dob\np1,Muammar Gaddafi,person,1942\n,\"Baghdadi,\nAbdul\",,\nx,Eric Badege,,\n");
        assert_eq!(err, None);
        assert_eq!(got.len(), 3);
        assert_eq!((got[0].row, got[0].line, got[0].id.as_str()), (1, 2, "p1"));
        assert_eq!(got[0].query.kind, Some(Kind::Person));
        assert_eq!(got[0].query.birth_date, Some(BirthDate::year(1942)));
        // No id: the line number minus one; a quoted line break moves the next row's line.
        assert_eq!((got[1].row, got[1].line, got[1].id.as_str()), (2, 3, "2"));
        assert_eq!((got[2].row, got[2].line), (3, 5));
    }

    #[test]
    fn errors_name_line_and_row() {
        let (got, err) = read("name,dob\nEric Badege,1971\nMuammar Gaddafi,soon\nLate,1\n");
        assert_eq!(got.len(), 1);
        assert_eq!(
            err.as_deref(),
            Some("line 3, row 2: invalid dob `soon` (expected YYYY, YYYY-MM-DD or YYYY-YYYY)")
        );
        let (_, err) = read("id,name\n1,Muammar Gaddafi\n2,Eric,Badege\n");
        assert_eq!(err.as_deref(), Some("line 3, row 2: 3 fields where the header has 2"));
        let (_, err) = rows_of(b"name\nOK\nFran\xe7ois\n");
        assert_eq!(err.as_deref(), Some("line 3, row 2: not valid UTF-8"));
        let (_, err) = read("id,full\n1,x\n");
        assert_eq!(
            err.as_deref(),
            Some("line 1: the header has no `name` column (found: id, full)")
        );
    }
}
