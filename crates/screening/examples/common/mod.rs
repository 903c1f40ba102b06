//! Small readers for the UN consolidated XML and the OFAC SDN CSV files, used by the evaluation
//! examples and benches (the real parsers live in `embargo-lists`; the screening crate must not
//! depend on it).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use embargo_screening::{BirthDate, Kind, Query, Record};
use quick_xml::events::Event;

/// The shared data directory: `EMBARGO_SHARED_DATA`, else `../shared/data` beside the checkout.
pub fn data_dir() -> PathBuf {
    if let Ok(d) = std::env::var("EMBARGO_SHARED_DATA") {
        return PathBuf::from(d);
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
}

/// Exits with a clear message when a data file is absent.
pub fn require(path: &Path) {
    if !path.exists() {
        eprintln!(
            "data file {} is absent (set EMBARGO_SHARED_DATA to the shared data folder)",
            path.display()
        );
        std::process::exit(2);
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads the UN consolidated list XML.
pub fn load_un(path: &Path) -> Vec<Record> {
    load_un_graded(path).into_iter().map(|(r, _)| r).collect()
}

/// Reads the UN consolidated list XML, with each name marked good (`true`: the primary name,
/// the name in original script, aliases of quality "Good" or "a.k.a.") or not (aliases of
/// quality "Low", former names "f.k.a.").
pub fn load_un_graded(path: &Path) -> Vec<(Record, Vec<bool>)> {
    require(path);
    let xml = std::fs::read_to_string(path).expect("read UN XML");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut cur: Option<Record> = None;
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut text = String::new();
    let mut dob = (None::<i16>, None::<String>, None::<i16>, None::<i16>);
    let mut good: Vec<bool> = Vec::new();
    let mut quality = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if name == "INDIVIDUAL" || name == "ENTITY" {
                    cur = Some(Record {
                        id: String::new(),
                        list: "un".into(),
                        reference: String::new(),
                        kind: if name == "INDIVIDUAL" { Kind::Person } else { Kind::Entity },
                        names: Vec::new(),
                        birth_dates: Vec::new(),
                        nationalities: Vec::new(),
                        documents: Vec::new(),
                    });
                    parts.clear();
                    good.clear();
                }
                if name.ends_with("DATE_OF_BIRTH") {
                    dob = (None, None, None, None);
                }
                if name.ends_with("_ALIAS") {
                    quality.clear();
                }
                stack.push(name);
                text.clear();
            }
            Ok(Event::Text(t)) => text.push_str(&t.unescape().unwrap_or_default()),
            Ok(Event::CData(t)) => text.push_str(&String::from_utf8_lossy(&t)),
            Ok(Event::End(_)) => {
                let name = stack.pop().unwrap_or_default();
                let parent = stack.last().cloned().unwrap_or_default();
                let value = collapse(&text);
                text.clear();
                if let Some(rec) = cur.as_mut() {
                    match (name.as_str(), parent.as_str()) {
                        ("DATAID", "INDIVIDUAL" | "ENTITY") => rec.id = format!("un-{value}"),
                        ("REFERENCE_NUMBER", _) => rec.reference = value,
                        (
                            "FIRST_NAME" | "SECOND_NAME" | "THIRD_NAME" | "FOURTH_NAME",
                            "INDIVIDUAL" | "ENTITY",
                        ) if !value.is_empty() => parts.push((name.clone(), value)),
                        ("NAME_ORIGINAL_SCRIPT", _) if !value.is_empty() => {
                            rec.names.push(value);
                            good.push(true);
                        }
                        ("QUALITY", _) => quality = value,
                        ("ALIAS_NAME", _) if !value.is_empty() => {
                            rec.names.push(value);
                            good.push(matches!(quality.as_str(), "Good" | "a.k.a."));
                        }
                        ("VALUE", "NATIONALITY") if !value.is_empty() => {
                            rec.nationalities.push(value)
                        }
                        // Where a listed body is, as the engine reads it from its addresses.
                        ("COUNTRY", "ENTITY_ADDRESS")
                            if !value.is_empty() && !rec.nationalities.contains(&value) =>
                        {
                            rec.nationalities.push(value)
                        }
                        ("NUMBER", "INDIVIDUAL_DOCUMENT") if !value.is_empty() => {
                            rec.documents.push(value)
                        }
                        ("DATE", p) if p.ends_with("DATE_OF_BIRTH") => dob.1 = Some(value),
                        ("YEAR", p) if p.ends_with("DATE_OF_BIRTH") => dob.0 = value.parse().ok(),
                        ("FROM_YEAR", p) if p.ends_with("DATE_OF_BIRTH") => {
                            dob.2 = value.parse().ok()
                        }
                        ("TO_YEAR", p) if p.ends_with("DATE_OF_BIRTH") => {
                            dob.3 = value.parse().ok()
                        }
                        (n, _) if n.ends_with("DATE_OF_BIRTH") => {
                            let d = if let Some(d) = dob.1.as_deref().and_then(BirthDate::parse) {
                                Some(d)
                            } else if let (Some(f), Some(t)) = (dob.2, dob.3) {
                                Some(BirthDate { year_from: f, year_to: t, month: None, day: None })
                            } else {
                                dob.0.map(BirthDate::year)
                            };
                            rec.birth_dates.extend(d);
                        }
                        ("INDIVIDUAL" | "ENTITY", _) => {
                            parts.sort_by_key(|(k, _)| match k.as_str() {
                                "FIRST_NAME" => 0,
                                "SECOND_NAME" => 1,
                                "THIRD_NAME" => 2,
                                _ => 3,
                            });
                            let primary =
                                parts.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>().join(" ");
                            if let Some(mut rec) = cur.take() {
                                rec.names.insert(0, primary);
                                good.insert(0, true);
                                let mut names: Vec<String> = Vec::new();
                                let mut grades: Vec<bool> = Vec::new();
                                for (n, g) in rec.names.drain(..).zip(good.drain(..)) {
                                    if names.last() == Some(&n) {
                                        continue;
                                    }
                                    names.push(n);
                                    grades.push(g);
                                }
                                rec.names = names;
                                out.push((rec, grades));
                            }
                        }
                        _ => {}
                    }
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => panic!("UN XML error at {}: {e}", reader.buffer_position()),
            _ => {}
        }
    }
    out
}

fn dash(s: &str) -> Option<String> {
    let t = s.trim();
    (t != "-0-" && !t.is_empty()).then(|| t.to_owned())
}

/// Reads OFAC `sdn.csv` and `alt.csv` (Latin-1) from a folder.
pub fn load_ofac(dir: &Path) -> Vec<Record> {
    load_ofac_graded(dir).into_iter().map(|(r, _)| r).collect()
}

/// Reads OFAC `sdn.csv` and `alt.csv`, each name marked good (`true`: the primary name and the
/// `aka`/`nka` names of `alt.csv`, OFAC's strong aliases; weak aliases stay in the remarks and
/// are not read) or not (`fka`, former names).
pub fn load_ofac_graded(dir: &Path) -> Vec<(Record, Vec<bool>)> {
    let sdn = dir.join("sdn.csv");
    require(&sdn);
    let latin1 = |p: &Path| -> String {
        std::fs::read(p).expect("read OFAC").iter().map(|&b| b as char).collect()
    };
    let mut out: Vec<(Record, Vec<bool>)> = Vec::new();
    let mut by_id = std::collections::HashMap::new();
    let sdn_text = latin1(&sdn);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(sdn_text.as_bytes());
    for row in rdr.records().flatten() {
        let Some(name) = row.get(1).and_then(dash) else { continue };
        let id = row.get(0).unwrap_or("").trim().to_owned();
        let kind = match row.get(2).map(str::trim) {
            Some("individual") => Kind::Person,
            Some("vessel") => Kind::Vessel,
            Some("aircraft") => Kind::Aircraft,
            _ => Kind::Entity,
        };
        let remarks = row.get(11).and_then(dash).unwrap_or_default();
        let mut birth_dates = Vec::new();
        let mut nationalities = Vec::new();
        for part in remarks.split(';') {
            let p = part.trim();
            if let Some(rest) = p.strip_prefix("DOB ").or_else(|| p.strip_prefix("alt. DOB ")) {
                let year = rest
                    .split_whitespace()
                    .filter_map(|w| w.parse::<i16>().ok())
                    .find(|y| *y > 1000);
                birth_dates.extend(year.map(BirthDate::year));
            }
            if let Some(rest) =
                p.strip_prefix("nationality ").or_else(|| p.strip_prefix("citizen "))
            {
                nationalities.push(rest.trim().to_owned());
            }
        }
        by_id.insert(id.clone(), out.len());
        out.push((
            Record {
                id: format!("ofac-{id}"),
                list: "ofac".into(),
                reference: id,
                kind,
                names: vec![name],
                birth_dates,
                nationalities,
                documents: Vec::new(),
            },
            vec![true],
        ));
    }
    // The rows of a companion file (`add.csv`, `alt.csv`), if there is one.
    let rows = |file: &str| -> Vec<csv::StringRecord> {
        let path = dir.join(file);
        if !path.exists() {
            return Vec::new();
        }
        let text = latin1(&path);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        rdr.records().flatten().collect()
    };
    // Where a listed body is, as the engine reads it from its addresses.
    for row in rows("add.csv") {
        let (Some(id), Some(country)) = (row.get(0), row.get(4).and_then(dash)) else { continue };
        if let Some(&i) = by_id.get(id.trim()) {
            let rec = &mut out[i].0;
            if rec.kind != Kind::Person && !rec.nationalities.contains(&country) {
                rec.nationalities.push(country);
            }
        }
    }
    for row in rows("alt.csv") {
        let (Some(id), Some(name)) = (row.get(0), row.get(3).and_then(dash)) else { continue };
        if let Some(&i) = by_id.get(id.trim()) {
            let good = row.get(2).map(str::trim) != Some("fka");
            out[i].0.names.push(name);
            out[i].1.push(good);
        }
    }
    out
}

/// UN consolidated list of 2026-02-27.
pub fn un_records() -> Vec<Record> {
    load_un(&data_dir().join("un/consolidated_2026-02-27.xml"))
}

/// UN consolidated list of 2026-02-27, names graded (see [`load_un_graded`]).
pub fn un_records_graded() -> Vec<(Record, Vec<bool>)> {
    load_un_graded(&data_dir().join("un/consolidated_2026-02-27.xml"))
}

/// OFAC SDN of 2021-06-29, names graded (see [`load_ofac_graded`]).
pub fn ofac_records_graded() -> Vec<(Record, Vec<bool>)> {
    load_ofac_graded(&data_dir().join("ofac/sdn_2021-06-29"))
}

/// OFAC SDN of 2021-06-29.
pub fn ofac_records() -> Vec<Record> {
    load_ofac(&data_dir().join("ofac/sdn_2021-06-29"))
}

/// Peak resident memory of this process in MB (Linux), if known.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Reads a CSV file into header-keyed rows.
pub fn read_csv(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    require(path);
    let mut rdr = csv::Reader::from_path(path).expect("open CSV");
    let headers = rdr.headers().expect("headers").clone();
    rdr.records()
        .filter_map(Result::ok)
        .map(|r| headers.iter().zip(r.iter()).map(|(h, v)| (h.to_owned(), v.to_owned())).collect())
        .collect()
}

/// The speed-measurement queries: the first `negatives` synthetic negatives (global set) and
/// the 683 yente UN positives, all as persons.
pub fn speed_queries(negatives: usize) -> Vec<Query> {
    let dir = data_dir().join("matching");
    let person = |r: &std::collections::HashMap<String, String>| Query {
        name: r["full_name"].clone(),
        kind: Some(Kind::Person),
        ..Query::default()
    };
    let mut queries: Vec<Query> = read_csv(&dir.join("yente_negatives_global.csv"))
        .iter()
        .take(negatives)
        .map(person)
        .collect();
    queries.extend(read_csv(&dir.join("yente_positives_un_treated.csv")).iter().map(person));
    queries
}
