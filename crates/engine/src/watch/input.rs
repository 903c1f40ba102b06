//! Subjects as clients send them: a JSON object or a CSV row ([`SubjectInput`],
//! [`read_subjects_csv`]), validated into the store's [`NewSubject`] with the line and field
//! of every problem.

use std::io::Read;

use embargo_screening::{BirthDate, Kind, Query};
use embargo_store::watch::NewSubject;
use serde::Deserialize;

use super::REQUEST_PREFIX;
use crate::EngineError;

/// The longest subject id, name, alias or document accepted.
const MAX_FIELD: usize = 512;
/// The most aliases or documents of one subject.
const MAX_ENTRIES: usize = 64;

/// A subject as a client sends it (a CSV row or a JSON object).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectInput {
    /// The client's id.
    pub id: String,
    /// The name.
    pub name: String,
    /// `person`, `entity`, `vessel`, `aircraft`.
    pub kind: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Date of birth (`YYYY`, `YYYY-MM-DD`, …).
    #[serde(default)]
    pub birth_date: Option<String>,
    /// Nationality (ISO alpha-2 or a country name).
    #[serde(default)]
    pub nationality: Option<String>,
    /// Identity document numbers.
    #[serde(default)]
    pub documents: Vec<String>,
}

fn check_name(field: &str, value: &str) -> Result<(), (String, String)> {
    let bad = |m: String| (field.to_owned(), m);
    if value.trim().is_empty() {
        return Err(bad("empty".into()));
    }
    embargo_domain::text::check_text(field, value).map_err(|e| bad(e.to_string()))?;
    embargo_domain::text::check_length(field, value, MAX_FIELD).map_err(|e| bad(e.to_string()))?;
    Query::name(value).validate().map_err(|e| bad(e.to_string()))
}

impl SubjectInput {
    /// Validates the subject; the error names the field and the problem.
    pub fn validate(self, origin: &str) -> Result<NewSubject, (String, String)> {
        let bad = |f: &str, m: String| (f.to_owned(), m);
        let id = self.id.trim().to_owned();
        if id.is_empty() {
            return Err(bad("id", "empty".into()));
        }
        // `request:REF#n` names the parties of exemption requests, registered by the engine
        // with the request: a subject registered under such an id beforehand could block the
        // request's creation or stand in for its party.
        if id.starts_with(REQUEST_PREFIX) && origin != id {
            return Err(bad(
                "id",
                format!("ids starting with `{REQUEST_PREFIX}` are reserved for the parties of exemption requests"),
            ));
        }
        embargo_domain::text::check_identifier("id", &id).map_err(|e| bad("id", e.to_string()))?;
        embargo_domain::text::check_length("id", &id, 128).map_err(|e| bad("id", e.to_string()))?;
        check_name("name", &self.name)?;
        let kind = Kind::parse(&self.kind).ok_or_else(|| {
            bad("kind", format!("`{}` is not person, entity, vessel or aircraft", self.kind))
        })?;
        if self.aliases.len() > MAX_ENTRIES {
            return Err(bad("aliases", format!("more than {MAX_ENTRIES} aliases")));
        }
        let aliases: Vec<String> =
            self.aliases.iter().map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()).collect();
        for (i, a) in aliases.iter().enumerate() {
            check_name(&format!("aliases[{i}]"), a)?;
        }
        let birth_date = self.birth_date.map(|b| b.trim().to_owned()).filter(|b| !b.is_empty());
        if let Some(b) = &birth_date {
            if BirthDate::parse(b).is_none() {
                return Err(bad(
                    "birth_date",
                    format!(
                        "`{b}` is not a date (YYYY, YYYY-MM, YYYY-MM-DD, DD.MM.YYYY or YYYY-YYYY)"
                    ),
                ));
            }
        }
        let nationality = self.nationality.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        if let Some(n) = &nationality {
            embargo_domain::text::check_identifier("nationality", n)
                .map_err(|e| bad("nationality", e.to_string()))?;
            embargo_domain::text::check_length("nationality", n, 64)
                .map_err(|e| bad("nationality", e.to_string()))?;
        }
        if self.documents.len() > MAX_ENTRIES {
            return Err(bad("documents", format!("more than {MAX_ENTRIES} documents")));
        }
        let documents: Vec<String> =
            self.documents.iter().map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()).collect();
        for (i, d) in documents.iter().enumerate() {
            let field = format!("documents[{i}]");
            embargo_domain::text::check_identifier(&field, d)
                .map_err(|e| bad(&field, e.to_string()))?;
            embargo_domain::text::check_length(&field, d, MAX_FIELD)
                .map_err(|e| bad(&field, e.to_string()))?;
        }
        Ok(NewSubject {
            id,
            name: self.name.trim().to_owned(),
            kind: kind.as_str().to_owned(),
            aliases,
            birth_date,
            nationality,
            documents,
            origin: origin.to_owned(),
        })
    }
}

/// The columns of a subjects CSV file.
pub const CSV_COLUMNS: [&str; 7] =
    ["id", "name", "kind", "aliases", "birth_date", "nationality", "documents"];

/// Reads a subjects CSV (header `id,name,kind[,aliases,birth_date,nationality,documents]`,
/// aliases and documents `;`-separated) as a stream of validated subjects with their line
/// numbers. A bad row is an error naming its line and field; a bad header stops the stream.
pub fn read_subjects_csv<R: Read>(
    reader: R,
    origin: &str,
) -> impl Iterator<Item = Result<(u64, NewSubject), EngineError>> {
    let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(reader);
    let header: Result<Vec<usize>, String> = match csv.headers() {
        Err(e) => Err(format!("cannot read the header: {e}")),
        Ok(h) => {
            let names: Vec<String> =
                h.iter().map(|c| c.trim().trim_start_matches('\u{feff}').to_lowercase()).collect();
            let mut cols = vec![usize::MAX; CSV_COLUMNS.len()];
            let mut err = None;
            for (i, n) in names.iter().enumerate() {
                match CSV_COLUMNS.iter().position(|c| c == n) {
                    Some(p) if cols[p] == usize::MAX => cols[p] = i,
                    Some(_) => err = Some(format!("column `{n}` is given twice")),
                    None => {
                        err = Some(format!(
                            "unknown column `{n}` (the columns are {})",
                            CSV_COLUMNS.join(", ")
                        ))
                    }
                }
            }
            if let Some(missing) =
                ["id", "name", "kind"].iter().zip(&cols).find(|(_, c)| **c == usize::MAX)
            {
                err = err.or(Some(format!(
                    "the header has no `{}` column (required: id, name, kind)",
                    missing.0
                )));
            }
            match err {
                Some(e) => Err(e),
                None => Ok(cols),
            }
        }
    };
    let origin = origin.to_owned();
    let mut failed = false;
    let mut records = csv.into_records();
    std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let cols = match &header {
            Ok(c) => c,
            Err(e) => {
                failed = true;
                return Some(Err(EngineError::invalid_field("line 1", e)));
            }
        };
        let record = match records.next()? {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Some(Err(EngineError::invalid_field(
                    &format!("line {line}"),
                    format!("{e}"),
                )));
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: usize| -> &str { cols.get(i).and_then(|c| record.get(*c)).unwrap_or("") };
        let list = |s: &str| -> Vec<String> {
            s.split(';').map(str::trim).filter(|x| !x.is_empty()).map(str::to_owned).collect()
        };
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let input = SubjectInput {
            id: get(0).to_owned(),
            name: get(1).to_owned(),
            kind: get(2).to_owned(),
            aliases: list(get(3)),
            birth_date: opt(get(4)),
            nationality: opt(get(5)),
            documents: list(get(6)),
        };
        Some(
            input.validate(&origin).map(|s| (line, s)).map_err(|(field, m)| {
                EngineError::invalid_field(&format!("line {line}, {field}"), m)
            }),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::ORIGIN_WATCH;

    #[test]
    fn csv_rows_are_validated_with_line_and_field() {
        let text = "id,name,kind,aliases,birth_date\nA1,John Smith,person,Jon Smith;J. Smith,1970\nA2,,person,,\nA3,X Corp,planet,,\nA4,Y,person,,31.02.99\n";
        let rows: Vec<_> = read_subjects_csv(text.as_bytes(), ORIGIN_WATCH).collect();
        let (line, first) = rows[0].as_ref().map(|r| r.clone()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(line, 2);
        assert_eq!(first.aliases, vec!["Jon Smith", "J. Smith"]);
        let errs: Vec<String> = rows[1..]
            .iter()
            .map(|r| r.as_ref().err().map(|e| e.to_string()).unwrap_or_default())
            .collect();
        assert!(errs[0].starts_with("line 3, name: empty"), "{}", errs[0]);
        assert!(errs[1].starts_with("line 4, kind:"), "{}", errs[1]);
        assert!(errs[2].starts_with("line 5, birth_date:"), "{}", errs[2]);
        let bad: Vec<_> =
            read_subjects_csv("id,name,colour\n1,a,b\n".as_bytes(), ORIGIN_WATCH).collect();
        assert_eq!(bad.len(), 1);
        let e = bad[0].as_ref().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("line 1") && e.contains("colour"), "{e}");
    }
}
