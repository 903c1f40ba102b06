//! Fuzz target: the CSV row reader of bulk screening (`embargo screen --input FILE.csv`,
//! `embargo_cli::bulk::Reader`): header, then every row until the end or the first error; each
//! row's query is then screened against a tiny hand-written index, so arbitrary names, kinds,
//! dates of birth, nationalities and documents also reach the matcher.

#![no_main]

use std::sync::OnceLock;

use embargo_cli::bulk::Reader;
use embargo_screening::{BirthDate, Index, Kind, Options, Record};
use libfuzzer_sys::fuzz_target;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let record = |id: &str, kind, names: &[&str]| Record {
            id: id.to_owned(),
            list: "un".to_owned(),
            reference: id.to_owned(),
            kind,
            names: names.iter().map(|n| (*n).to_owned()).collect(),
            birth_dates: vec![BirthDate::year(1942)],
            nationalities: vec!["LY".to_owned(), "Libya".to_owned()],
            documents: vec!["B/011050".to_owned()],
        };
        Index::build(vec![
            record(
                "LYi.009",
                Kind::Person,
                &["MUAMMAR MOHAMMED ABU MINYAR QADHAFI", "معمر القذافي"],
            ),
            record("LYi.002", Kind::Person, &["Abdul Qader Mohammed Abdul Qader AL-BAGHDADI"]),
            record(
                "LYe.001",
                Kind::Entity,
                &["Libyan Investment Authority", "Libyan Arab Foreign Investment Company"],
            ),
            record("KPi.001", Kind::Person, &["Kim Jong Un", "김정은"]),
        ])
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut reader) = Reader::new(data) else { return };
    let options = Options::default();
    let mut last = 0;
    while let Ok(Some(row)) = reader.next_row() {
        assert_eq!(row.row, last + 1, "rows are numbered without gaps");
        last = row.row;
        let _ = index().search(&row.query, &options);
    }
});
