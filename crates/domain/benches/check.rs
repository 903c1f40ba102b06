//! Criterion benchmark of transfer checks per second against the shipped regime data (all
//! regimes loaded): the GNA 2016 example (four items), a 2013 notification with a working-day
//! period, a not-covered transfer and a listed-person transfer; and one transfer of 2,000 items
//! (the check is linear in its items).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use embargo_domain::{check, Registry, Transfer};

fn registry() -> Registry {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../regimes");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let sources = files
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    Registry::from_sources(sources).expect("valid regime data")
}

fn transfers(reg: &Registry) -> Vec<Transfer> {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out: Vec<Transfer> = ["gna-2016-isil.json", "gnc-2013-notification.json"]
        .iter()
        .map(|f| {
            Transfer::from_json(&std::fs::read_to_string(examples.join(f)).unwrap(), reg.military())
                .unwrap()
        })
        .collect();
    for json in [
        r#"{"date":"2016-06-15","origin":"IT","destination":"FR","end_user":{"name":"x","category":"private"},
            "purpose":"other","items":[{"description":"rifles","category":"ML1","quantity":1,"lethal":true}]}"#,
        r#"{"date":"2016-06-15","origin":"IT","destination":"TR","end_user":{"name":"x","category":"private","listed_regimes":["un-1267"]},
            "purpose":"other","items":[{"description":"rifles","category":"ML1","quantity":1,"lethal":true}]}"#,
    ] {
        out.push(Transfer::from_json(json, reg.military()).unwrap());
    }
    out
}

fn bench(c: &mut Criterion) {
    let reg = registry();
    let ts = transfers(&reg);
    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Elements(ts.len() as u64));
    g.bench_function("mixed_4_transfers", |b| {
        b.iter(|| {
            for t in &ts {
                black_box(check(&reg, black_box(t), None, None).unwrap());
            }
        })
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("gna_2016_isil", |b| {
        b.iter(|| black_box(check(&reg, black_box(&ts[0]), None, None).unwrap()))
    });
    g.finish();
    // Linear in the items (issue 9: the required-information test used to scan every item for
    // every item and ground).
    let mut big = ts[0].clone();
    let items = big.items.clone();
    big.items = (0..2000).map(|i| items[i % items.len()].clone()).collect();
    let mut g = c.benchmark_group("check_items");
    g.sample_size(20);
    g.throughput(Throughput::Elements(big.items.len() as u64));
    g.bench_function("gna_2000_items", |b| {
        b.iter(|| black_box(check(&reg, black_box(&big), None, None).unwrap()))
    });
    g.finish();
    c.bench_function("registry_load_and_validate", |b| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../regimes");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let sources: Vec<(String, String)> = files
            .iter()
            .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
            .collect();
        b.iter(|| black_box(Registry::from_sources(sources.clone()).unwrap()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
