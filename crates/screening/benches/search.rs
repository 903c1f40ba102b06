//! Criterion benchmarks on UN 2026-02-27 + OFAC SDN 2021-06-29 (about 10,000 designations and
//! 25,000 names): index build, and single queries (a batch of 1,000 synthetic negatives plus the
//! 683 yente UN positives, so the figure is per query on one core).
//!
//! `cargo bench -p embargo-screening --bench search` (needs ../shared/data).

#[path = "../examples/common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use embargo_screening::{Index, Options, Query};

fn bench(c: &mut Criterion) {
    let mut records = common::un_records();
    records.extend(common::ofac_records());
    let queries = common::speed_queries(1000);
    let mut g = c.benchmark_group("index");
    g.sample_size(10);
    g.bench_function("build UN+OFAC", |b| b.iter(|| Index::build(records.clone())));
    g.finish();

    let index = Index::build(records);
    let options = Options::default();
    let mut g = c.benchmark_group("search");
    g.throughput(Throughput::Elements(queries.len() as u64));
    g.sample_size(10);
    g.bench_function("queries (1,683, one core)", |b| {
        b.iter(|| queries.iter().map(|q| index.search(q, &options).len()).sum::<usize>())
    });
    let gaddafi = Query::name("Muammar Gaddafi");
    g.throughput(Throughput::Elements(1));
    g.sample_size(50);
    g.bench_function("Muammar Gaddafi", |b| b.iter(|| index.search(&gaddafi, &options)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
