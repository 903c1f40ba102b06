//! Criterion benchmark of pure parsing (no store): the UN consolidated list XML (2026-02-27)
//! and the OFAC SDN CSV set (2021-06-29, with its alias, address and comments files), read from
//! memory. Reads `shared/data` beside the repository; prints a message and measures nothing
//! when it is absent.
//!
//! Run: `cargo bench -p embargo-lists --bench parse`.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use embargo_lists::ofac_csv::{parse_set, Companions};

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("shared data {} absent: nothing to benchmark", dir.display());
        None
    }
}

fn bench(c: &mut Criterion) {
    let Some(dir) = data_dir() else { return };
    let un = std::fs::read(dir.join("un/consolidated_2026-02-27.xml")).unwrap();
    let mut group = c.benchmark_group("parse");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(un.len() as u64));
    group.bench_function("un_xml_2026-02-27", |b| {
        b.iter(|| {
            let list = embargo_lists::parse(Cursor::new(&un[..]), None).unwrap();
            let n = list.collect::<Result<Vec<_>, _>>().unwrap().len();
            assert_eq!(n, 1003);
        })
    });

    let ofac = dir.join("ofac/sdn_2021-06-29");
    let files: Vec<Vec<u8>> = ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"]
        .iter()
        .map(|f| std::fs::read(ofac.join(f)).unwrap())
        .collect();
    let total: u64 = files.iter().map(|f| f.len() as u64).sum();
    group.throughput(Throughput::Bytes(total));
    group.bench_function("ofac_csv_set_2021-06-29", |b| {
        b.iter(|| {
            let boxed =
                |i: usize| Some(Box::new(Cursor::new(files[i].clone())) as Box<dyn Read + Send>);
            let companions = Companions { alt: boxed(1), add: boxed(2), comments: boxed(3) };
            let list = parse_set(Cursor::new(&files[0][..]), companions).unwrap();
            let n = list.collect::<Result<Vec<_>, _>>().unwrap().len();
            assert_eq!(n, 8976);
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
