//! Quality and speed evaluation of the screening matcher on the shared data sets.
//!
//! ```text
//! cargo run --release -p embargo-screening --example eval -- all
//! cargo run --release -p embargo-screening --example eval -- bench [--threshold X] [--dump]
//! cargo run --release -p embargo-screening --example eval -- yente | negatives | speed | peer-tsv OUT.tsv
//! cargo run --release -p embargo-screening --example eval -- explain "Muammar Gaddafi"
//! ```
//!
//! `bench`: the nomenklatura name bench (826 labelled pairs), name1 as query against name2,
//! token rarity from the UN + OFAC index; precision/recall/F1 at the default threshold and a
//! sweep, next to logic-v2's frozen scores at 0.7. `yente`: recall of the treated (and
//! untreated) UN variants against the UN list (expected record among the top 3 at or above the
//! threshold). `negatives`: share of the 50,000 synthetic negatives that alert against the UN
//! list and against UN + OFAC. `speed`: index build time, single-core queries per second, RSS.
//! `loo [--dump FILE]`: leave-one-out on the lists themselves (names the rules were not written
//! from): every good-quality name of a record with two or more is screened against its own list
//! without that name (and without the record's other names that transliterate to the same
//! text or normalise to the same tokens); recall (own record among the hits at the threshold; among the top 3) and the share of
//! queries whose top hit is another record, for persons, organisations, vessels/aircraft, per
//! script. `--dump` writes every query, its expected record and its top hit as TSV.

mod common;

/// The allocator of the `embargo` binary, so that speed figures are the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::HashMap;
use std::time::Instant;

use embargo_screening::{normalize, BirthDate, Index, Kind, Options, Query, DEFAULT_THRESHOLD};

fn arg_value(args: &[String], flag: &str) -> Option<String> {
    args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = args.first().cloned().unwrap_or_else(|| "all".into());
    let threshold =
        arg_value(&args, "--threshold").and_then(|t| t.parse().ok()).unwrap_or(DEFAULT_THRESHOLD);
    match cmd.as_str() {
        "bench" => bench(threshold, args.iter().any(|a| a == "--dump")),
        "yente" => yente(threshold),
        "negatives" => negatives(threshold, "yente_negatives_global.csv"),
        "negatives-us" => negatives(threshold, "yente_negatives_us.csv"),
        "speed" => speed(threshold),
        "speed-negatives" => speed_negatives(
            threshold,
            args.get(1).and_then(|n| n.parse().ok()).unwrap_or(20_000),
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(3),
        ),
        "peer-tsv" => peer_tsv(args.get(1).map(String::as_str).unwrap_or("/tmp/peer_queries.tsv")),
        "explain" => explain(args.get(1).map(String::as_str).unwrap_or("Muammar Gaddafi")),
        "repeat" => {
            let index = un_ofac_index();
            let q = Query::name(args[1].clone());
            let n: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000);
            let t = Instant::now();
            let hits: usize = (0..n).map(|_| index.search(&q, &Options::default()).len()).sum();
            println!(
                "{n} x {:?}: {hits} hits, {:.1} µs/query",
                args[1],
                t.elapsed().as_secs_f64() * 1e6 / n as f64
            );
        }
        "scripts" => scripts(threshold),
        "speed-normalize" => speed_normalize(),
        "top" => top(args.get(1).map(String::as_str).unwrap_or("/dev/stdin")),
        "pairs" => pairs(args.get(1).map(String::as_str).unwrap_or("/dev/stdin")),
        "loo" => {
            let dump = arg_value(&args, "--dump");
            loo(threshold, "UN", common::un_records_graded(), dump.as_deref());
            loo(threshold, "OFAC", common::ofac_records_graded(), dump.as_deref());
        }
        "pair" => pair(
            &args[1],
            &args[2],
            args.get(3).and_then(|k| Kind::parse(k)).unwrap_or(Kind::Person),
        ),
        "all" => {
            loo(threshold, "UN", common::un_records_graded(), None);
            loo(threshold, "OFAC", common::ofac_records_graded(), None);
            bench(threshold, false);
            yente(threshold);
            negatives(threshold, "yente_negatives_global.csv");
            negatives(threshold, "yente_negatives_us.csv");
            scripts(threshold);
            speed(threshold);
        }
        other => {
            eprintln!("unknown command {other}");
            std::process::exit(2);
        }
    }
}

fn un_ofac_index() -> Index {
    let mut recs = common::un_records();
    recs.extend(common::ofac_records());
    Index::build(recs)
}

fn schema_kind(schema: &str) -> Kind {
    match schema {
        "Person" => Kind::Person,
        "Vessel" => Kind::Vessel,
        _ => Kind::Entity,
    }
}

fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

fn bench(threshold: f64, dump: bool) {
    let index = un_ofac_index();
    let dir = common::data_dir().join("matching");
    let cases = common::read_csv(&dir.join("nomenklatura_name_bench_cases.csv"));
    let mut scored: Vec<(f64, bool, String)> = Vec::new();
    let mut by_group: HashMap<String, (usize, usize, usize, usize)> = HashMap::new();
    for c in &cases {
        let kind = schema_kind(&c["schema"]);
        let q = Query { name: c["name1"].clone(), kind: Some(kind), ..Query::default() };
        let (s, _) = index.compare(&q, &c["name2"], kind);
        let truth = c["is_match"] == "true";
        scored.push((
            s,
            truth,
            format!("{}\t{}\t{}\t{}", c["schema"], c["name1"], c["name2"], c["case_group"]),
        ));
    }
    for (s, truth, line) in &scored {
        let g = line.rsplit('\t').next().unwrap_or("").to_owned();
        let e = by_group.entry(g).or_default();
        match (*s >= threshold, *truth) {
            (true, true) => e.0 += 1,
            (true, false) => e.1 += 1,
            (false, true) => e.2 += 1,
            (false, false) => e.3 += 1,
        }
        if dump && ((*s >= threshold) != *truth) {
            println!("{}\t{:.3}\t{}", if *truth { "FN" } else { "FP" }, s, line);
        }
    }
    let count = |t: f64| {
        let tp = scored.iter().filter(|(s, tr, _)| *s >= t && *tr).count();
        let fp = scored.iter().filter(|(s, tr, _)| *s >= t && !*tr).count();
        let fn_ = scored.iter().filter(|(s, tr, _)| *s < t && *tr).count();
        (tp, fp, fn_)
    };
    let (tp, fp, fn_) = count(threshold);
    let (p, r, f) = prf(tp, fp, fn_);
    println!("name bench ({} pairs), ours at {threshold:.2}: P {p:.3} R {r:.3} F1 {f:.3} (TP {tp} FP {fp} FN {fn_})", scored.len());
    let mut sweep = String::new();
    for t in [0.6, 0.65, 0.7, 0.75, 0.8, 0.85] {
        let (tp, fp, fn_) = count(t);
        let (_, _, f) = prf(tp, fp, fn_);
        sweep.push_str(&format!(" {t:.2}:{f:.3}"));
    }
    println!("  F1 sweep:{sweep}");
    let mut groups: Vec<_> = by_group.into_iter().collect();
    groups.sort();
    for (g, (tp, fp, fn_, tn)) in groups {
        println!("  {g:16} TP {tp:3} FP {fp:3} FN {fn_:3} TN {tn:3}");
    }
    let frozen = common::read_csv(&dir.join("nomenklatura_name_bench_logicv2_frozen.csv"));
    let mut c = (0, 0, 0);
    for row in &frozen {
        let s: f64 = row["score"].parse().unwrap_or(0.0);
        let truth = row["is_match"] == "true";
        match (s >= 0.7, truth) {
            (true, true) => c.0 += 1,
            (true, false) => c.1 += 1,
            (false, true) => c.2 += 1,
            _ => {}
        }
    }
    let (p, r, f) = prf(c.0, c.1, c.2);
    println!("logic-v2 frozen ({} pairs) at 0.70: P {p:.3} R {r:.3} F1 {f:.3}", frozen.len());
}

/// Names of the UN list normalised, to find the record a yente row was derived from.
fn expected_ids(index: &Index) -> HashMap<String, Vec<String>> {
    let mut m: HashMap<String, Vec<String>> = HashMap::new();
    for r in index.records() {
        for n in &r.names {
            let key = normalize::transliterate(n);
            let v = m.entry(key).or_default();
            if !v.contains(&r.reference) {
                v.push(r.reference.clone());
            }
        }
    }
    m
}

fn yente_query(row: &HashMap<String, String>, with_attrs: bool) -> Query {
    let mut q =
        Query { name: row["full_name"].clone(), kind: Some(Kind::Person), ..Query::default() };
    if with_attrs {
        q.birth_date = row.get("date_of_birth").and_then(|d| BirthDate::parse(d));
        q.nationality = row.get("nationality").filter(|n| !n.is_empty()).cloned();
    }
    q
}

fn yente(threshold: f64) {
    let index = Index::build(common::un_records());
    let dir = common::data_dir().join("matching");
    let untreated = common::read_csv(&dir.join("yente_positives_un_untreated.csv"));
    let treated = common::read_csv(&dir.join("yente_positives_un_treated.csv"));
    let exp = expected_ids(&index);
    let opts = Options { threshold, limit: 3, lists: None };
    for (label, rows) in [("treated", &treated), ("untreated", &untreated)] {
        let (mut found, mut total, mut changed, mut changed_found, mut unknown) = (0, 0, 0, 0, 0);
        for (row, orig) in rows.iter().zip(untreated.iter()) {
            let Some(refs) = exp.get(&normalize::transliterate(&orig["full_name"])) else {
                unknown += 1;
                continue;
            };
            total += 1;
            let is_changed = row["full_name"] != orig["full_name"];
            changed += usize::from(is_changed);
            let hits = index.search(&yente_query(row, false), &opts);
            let ok = hits.iter().any(|h| refs.contains(&h.reference));
            found += usize::from(ok);
            changed_found += usize::from(ok && is_changed);
            if !ok && std::env::var("EVAL_VERBOSE").is_ok() {
                println!(
                    "  missed {:?} (expected {:?}) top {:?}",
                    row["full_name"],
                    refs,
                    hits.first().map(|h| (&h.matched_name, h.score))
                );
            }
        }
        println!(
            "yente {label}: recall {found}/{total} = {:.4} (altered names {changed_found}/{changed}); {unknown} rows not traced to a UN record",
            found as f64 / total.max(1) as f64
        );
    }
}

fn negatives(threshold: f64, file: &str) {
    let dir = common::data_dir().join("matching");
    let rows = common::read_csv(&dir.join(file));
    println!("{file}:");
    let un = Index::build(common::un_records());
    let both = un_ofac_index();
    let opts = Options { threshold, limit: 3, lists: None };
    for (label, index) in [("UN", &un), ("UN+OFAC", &both)] {
        for with_attrs in [false, true] {
            let mut alerts = 0;
            let mut examples = Vec::new();
            for row in &rows {
                let q = yente_query(row, with_attrs);
                let hits = index.search(&q, &opts);
                if let Some(h) = hits.first() {
                    alerts += 1;
                    if examples.len() < 2000 {
                        examples.push(format!(
                            "{} -> {} ({:.2})",
                            row["full_name"], h.matched_name, h.score
                        ));
                    }
                }
            }
            println!(
                "negatives vs {label}{}: {alerts}/{} alert = {:.3}%",
                if with_attrs { " (with DOB + nationality)" } else { " (name only)" },
                rows.len(),
                100.0 * alerts as f64 / rows.len() as f64
            );
            if std::env::var("EVAL_VERBOSE").is_ok() {
                for e in examples {
                    println!("    {e}");
                }
            }
        }
    }
}

fn speed(threshold: f64) {
    let recs = {
        let mut r = common::un_records();
        r.extend(common::ofac_records());
        r
    };
    let n_names: usize = recs.iter().map(|r| r.names.len()).sum();
    let n_recs = recs.len();
    let mut builds = Vec::new();
    let mut index = None;
    for _ in 0..3 {
        let t = Instant::now();
        let i = Index::build(recs.clone());
        builds.push(t.elapsed().as_secs_f64());
        index = Some(i);
    }
    let index = index.expect("built");
    builds.sort_by(f64::total_cmp);
    println!(
        "index: {n_recs} records, {n_names} names -> {:?}; build median {:.3}s",
        index.stats(),
        builds[1]
    );
    let queries = common::speed_queries(20_000);
    let opts = Options { threshold, limit: 10, lists: None };
    let mut rates = Vec::new();
    let mut hits = 0;
    for _ in 0..3 {
        let t = Instant::now();
        hits = 0;
        for q in &queries {
            hits += index.search(q, &opts).len();
        }
        rates.push(queries.len() as f64 / t.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    println!("single core: {} queries (20,000 negatives + 683 positives), {hits} hits; median {:.0} queries/s (runs {:?})", queries.len(), rates[1], rates.iter().map(|r| r.round()).collect::<Vec<_>>());
    if let Some(mb) = common::peak_rss_mb() {
        println!("peak RSS {mb:.0} MB (three index builds held in turn + query sets)");
    }
}

fn peer_tsv(out: &str) {
    let index = Index::build(common::un_records());
    let exp = expected_ids(&index);
    let dir = common::data_dir().join("matching");
    let untreated = common::read_csv(&dir.join("yente_positives_un_untreated.csv"));
    let treated = common::read_csv(&dir.join("yente_positives_un_treated.csv"));
    let negatives = common::read_csv(&dir.join("yente_negatives_global.csv"));
    let mut s = String::from("# name\texpected UN reference or -\n");
    for (row, orig) in treated.iter().zip(untreated.iter()) {
        if row["full_name"] == orig["full_name"] {
            continue;
        }
        if let Some(refs) = exp.get(&normalize::transliterate(&orig["full_name"])) {
            s.push_str(&format!("{}\t{}\n", row["full_name"], refs.join("|")));
        }
    }
    for row in negatives.iter().take(200) {
        s.push_str(&format!("{}\t-\n", row["full_name"]));
    }
    std::fs::write(out, s).expect("write TSV");
    println!("wrote {out}");
}

/// `top FILE`: lines `query[<TAB>kind[<TAB>expected reference]]`; prints the three best hits
/// of each (list, reference, matched name, score), to study how names written elsewhere fare;
/// with an expected reference, whether it is among the top 3 at the threshold (FOUND), below
/// it (LOW) or not (MISS).
fn top(path: &str) {
    let index = un_ofac_index();
    let text = std::fs::read_to_string(path).expect("readable");
    // (listed lines, found in the top 3 at the threshold, unlisted lines, alerts)
    let (mut listed, mut found, mut unlisted, mut alerts) = (0, 0, 0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let mut f = line.split('\t');
        let name = f.next().unwrap_or_default();
        let kind = f.next().and_then(Kind::parse);
        let expected = f.next().filter(|e| !e.is_empty());
        let query = Query { kind, ..Query::name(name) };
        let hits = index.search(&query, &Options { threshold: 0.3, ..Options::default() });
        let verdict = match expected {
            Some(e) => {
                listed += 1;
                // Several references, comma-separated: any of them (one person on two lists).
                let at = hits.iter().take(3).position(|h| e.split(',').any(|r| h.reference == r));
                match at {
                    Some(i) if hits[i].score >= DEFAULT_THRESHOLD => {
                        found += 1;
                        "FOUND "
                    }
                    Some(_) => "LOW ",
                    None => "MISS ",
                }
            }
            None => {
                unlisted += 1;
                if hits.first().is_some_and(|h| h.score >= DEFAULT_THRESHOLD) {
                    alerts += 1;
                    "ALERT "
                } else {
                    ""
                }
            }
        };
        println!("{verdict}{name}");
        for h in hits.iter().take(3) {
            println!("    {:.3} {} {} | {}", h.score, h.list, h.reference, h.matched_name);
        }
    }
    println!("listed found in the top 3 at {DEFAULT_THRESHOLD:.2}: {found}/{listed}; unlisted with an alert: {alerts}/{unlisted}");
}

fn explain(name: &str) {
    let index = un_ofac_index();
    let hits = index.search(&Query::name(name), &Options::default());
    println!("{}", serde_json::to_string_pretty(&hits).expect("json"));
}

/// Cross-script and cross-language spellings: moov-io/watchman's 22 pairs (each against its
/// own minimum score and against our threshold) and rigour's 81 spellings of one name against
/// the UN-style "Vladimir Vladimirovich PUTIN".
fn scripts(threshold: f64) {
    let index = un_ofac_index();
    let dir = common::data_dir().join("matching");
    let path = dir.join("watchman_cross_script_pairs.csv");
    common::require(&path);
    let text = std::fs::read_to_string(&path).expect("readable");
    let (mut n, mut at_min, mut at_threshold) = (0, 0, 0);
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        let (Some(q), Some(e), Some(min)) = (f.first(), f.get(1), f.get(2)) else { continue };
        let Ok(min) = min.parse::<f64>() else { continue };
        let (s, _) = index.compare(&Query::name(*q), e, Kind::Person);
        n += 1;
        at_min += usize::from(s >= min);
        at_threshold += usize::from(s >= threshold);
        if std::env::var("EVAL_VERBOSE").is_ok() {
            println!("  {q} / {e}: {s:.3} (min {min})");
        }
    }
    println!("watchman cross-script pairs: {at_min}/{n} reach their minimum score, {at_threshold}/{n} reach {threshold:.2}");
    let path = dir.join("rigour_putin_names.txt");
    common::require(&path);
    let text = std::fs::read_to_string(&path).expect("readable");
    let names: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut found = 0;
    for q in &names {
        let (s, _) = index.compare(&Query::name(*q), "Vladimir Vladimirovich PUTIN", Kind::Person);
        found += usize::from(s >= threshold);
        if s < threshold && std::env::var("EVAL_VERBOSE").is_ok() {
            println!("  missed {q}: {s:.3}");
        }
    }
    println!("rigour spellings of Putin: {found}/{} reach {threshold:.2}", names.len());
}

fn pair(a: &str, b: &str, kind: Kind) {
    let index = un_ofac_index();
    let q = Query { name: a.to_owned(), kind: Some(kind), ..Query::default() };
    let (s, e) = index.compare(&q, b, kind);
    println!("{s:.4}\n{}", serde_json::to_string_pretty(&e).expect("json"));
}

/// `pairs FILE`: each line `query<TAB>kind<TAB>name | name | …`; prints the best name's score,
/// the number of query tokens left unmatched, of listed tokens left unmatched and of listed
/// tokens, and the name (to study misses of `loo --dump`).
fn pairs(path: &str) {
    let index = un_ofac_index();
    let text = std::fs::read_to_string(path).expect("read pairs");
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let [q, kind, names] = f[..] else { continue };
        let kind = Kind::parse(kind).unwrap_or(Kind::Person);
        let query = Query { name: q.to_owned(), kind: Some(kind), ..Query::default() };
        let best = names
            .split(" | ")
            .map(|n| (index.compare(&query, n, kind), n))
            .max_by(|a, b| a.0 .0.total_cmp(&b.0 .0));
        if let Some(((s, e), n)) = best {
            println!(
                "{s:.3}\t{}\t{}\t{}\t{}\t{q}\t{n}",
                e.unmatched_query.len(),
                e.unmatched_listed.len(),
                e.alignments.len() + e.unmatched_listed.len(),
                e.alignments.iter().map(|a| a.similarity).fold(1.0, f64::min),
            );
        }
    }
}

/// The script of a name, by its letters: the script most of them belong to.
fn script_of(name: &str) -> &'static str {
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    for c in name.chars().filter(|c| c.is_alphabetic()) {
        let s = match c as u32 {
            0..=0x024F | 0x1E00..=0x1EFF => "Latin",
            0x0370..=0x03FF | 0x1F00..=0x1FFF => "Greek",
            0x0400..=0x052F => "Cyrillic",
            0x0590..=0x05FF => "Hebrew",
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => "Arabic",
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => "Hangul",
            0x3040..=0x30FF => "Kana",
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => "Han",
            _ => "other",
        };
        *counts.entry(s).or_default() += 1;
    }
    counts.into_iter().max_by_key(|(s, n)| (*n, *s)).map(|(s, _)| s).unwrap_or("none")
}

#[derive(Default, Clone, Copy)]
struct LooCount {
    queries: usize,
    found: usize,
    top3: usize,
    other_top: usize,
    /// Missed queries whose own record was not retrieved at all (no score above 0.05).
    unseen: usize,
    /// Queries that share a token with a remaining name of their record ([`shares_token`]).
    possible: usize,
    /// Of those, found at the threshold.
    found_possible: usize,
}

impl LooCount {
    fn add(&mut self, found: bool, top3: bool, other_top: bool, unseen: bool, possible: bool) {
        self.queries += 1;
        self.possible += usize::from(possible);
        self.found_possible += usize::from(possible && found);
        self.unseen += usize::from(unseen);
        self.found += usize::from(found);
        self.top3 += usize::from(top3);
        self.other_top += usize::from(other_top);
    }

    fn line(&self, label: &str) -> String {
        let q = self.queries.max(1) as f64;
        format!(
            "  {label:28} {:6} queries  recall {:.4} ({})  possible {} recall {:.4}  top-3 {:.4}  top hit another record {:.4} ({})  missed, not even scored: {}",
            self.queries,
            self.found as f64 / q,
            self.found,
            self.possible,
            self.found_possible as f64 / self.possible.max(1) as f64,
            self.top3 as f64 / q,
            self.other_top as f64 / q,
            self.other_top,
            self.unseen
        )
    }
}

/// The significant tokens of a name as consonant skeletons (coarse phonetic keys, so that a
/// transliteration from a script without short vowels compares): normalised and
/// transliterated, without company forms, generic organisation words and single letters.
fn significant_keys(name: &str, kind: Kind) -> Vec<String> {
    let style = if kind == Kind::Person {
        normalize::NameStyle::Person
    } else {
        normalize::NameStyle::Organisation
    };
    normalize::normalize(name, style)
        .into_iter()
        .filter(|t| !t.org_form && !t.generic && t.text.len() >= 2)
        .map(|t| {
            use embargo_screening::phonetic::{coarse_key, fine_key};
            coarse_key(&fine_key(&t.text))
        })
        .filter(|k| !k.is_empty())
        .collect()
}

/// Whether a held-out name is *possible* to find from the rest of its record: it shares at
/// least one significant token (same consonant skeleton after normalisation and
/// transliteration, see [`significant_keys`]) with a remaining name. A held-out name that
/// shares none is another name altogether (a kunya, a translation, a parent body).
fn shares_token(query: &str, rest: &[&String], kind: Kind) -> bool {
    let q = significant_keys(query, kind);
    rest.iter().any(|n| significant_keys(n, kind).iter().any(|k| q.contains(k)))
}

/// Leave-one-out on one list: each good name of a record with two or more good names, screened
/// against the list without it.
fn loo(
    threshold: f64,
    list: &str,
    graded: Vec<(embargo_screening::Record, Vec<bool>)>,
    dump: Option<&str>,
) {
    let goods: Vec<Vec<usize>> = graded
        .iter()
        .map(|(_, g)| g.iter().enumerate().filter(|(_, g)| **g).map(|(i, _)| i).collect())
        .collect();
    let records: Vec<embargo_screening::Record> = graded.into_iter().map(|(r, _)| r).collect();
    let index = Index::build(records);
    let opts = Options { threshold, limit: 10, lists: None };
    let mut by: std::collections::BTreeMap<String, LooCount> = Default::default();
    let mut out = String::new();
    let t = Instant::now();
    for (ri, rec) in index.records().iter().enumerate() {
        let good = &goods[ri];
        if good.len() < 2 {
            continue;
        }
        let kind_label = match rec.kind {
            Kind::Person => "persons",
            Kind::Entity => "organisations",
            Kind::Vessel | Kind::Aircraft => "vessels+aircraft",
        };
        let texts: Vec<String> = rec.names.iter().map(|n| normalize::transliterate(n)).collect();
        // The index keeps one entry for the names of a record that normalise to the same
        // tokens ("AL-ASSAD, Hafez", "ASSAD, Hafez"): they are one name to it, so they go
        // together (else the query finds its own text, or loses a name it did not hold out).
        let style = if rec.kind == Kind::Person {
            normalize::NameStyle::Person
        } else {
            normalize::NameStyle::Organisation
        };
        let tokens: Vec<Vec<String>> = rec
            .names
            .iter()
            .map(|n| normalize::normalize(n, style).into_iter().map(|t| t.text).collect())
            .collect();
        for &ni in good {
            let name = &rec.names[ni];
            if !name.chars().any(char::is_alphabetic) {
                continue;
            }
            // The record's other names spelled the same way go too: they would find it trivially.
            let same: Vec<usize> = (0..rec.names.len())
                .filter(|&j| texts[j] == texts[ni] || tokens[j] == tokens[ni])
                .collect();
            if same.len() == rec.names.len() {
                continue;
            }
            let q = Query { name: name.clone(), kind: Some(rec.kind), ..Query::default() };
            let hits = index.search_without(&q, &opts, ri, &same);
            let found = hits.iter().any(|h| h.id == rec.id);
            let top3 = hits.iter().take(3).any(|h| h.id == rec.id);
            let other_top = hits.first().is_some_and(|h| h.id != rec.id);
            let unseen = !found && {
                let low = Options { threshold: 0.05, limit: 100, lists: None };
                !index.search_without(&q, &low, ri, &same).iter().any(|h| h.id == rec.id)
            };
            let script = script_of(name);
            let rest: Vec<&String> =
                (0..rec.names.len()).filter(|j| !same.contains(j)).map(|j| &rec.names[j]).collect();
            let possible = shares_token(name, &rest, rec.kind);
            for key in ["all".to_owned(), kind_label.to_owned(), format!("{kind_label} / {script}")]
            {
                by.entry(key).or_default().add(found, top3, other_top, unseen, possible);
            }
            if dump.is_some() {
                let top = hits.first();
                out.push_str(&format!(
                    "{list}\t{kind_label}\t{script}\t{}\t{}\t{name}\t{}\t{}\t{:.3}\t{}\t{}\t{}\n",
                    if found {
                        "found"
                    } else if unseen {
                        "UNSEEN"
                    } else {
                        "MISSED"
                    },
                    rec.reference,
                    rec.names[0],
                    top.map(|h| h.reference.as_str()).unwrap_or("-"),
                    top.map(|h| h.score).unwrap_or(0.0),
                    top.map(|h| h.matched_name.as_str()).unwrap_or("-"),
                    if possible { "possible" } else { "impossible" },
                    rest.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(" | "),
                ));
            }
        }
    }
    println!(
        "leave-one-out {list} ({} records, threshold {threshold:.2}, {:.1}s):",
        index.records().len(),
        t.elapsed().as_secs_f64()
    );
    let mut keys: Vec<&String> = by.keys().collect();
    keys.sort_by_key(|k| (k.as_str() != "all", k.contains('/'), k.as_str()));
    for k in keys {
        println!("{}", by[k].line(k));
    }
    if let Some(path) = dump {
        let path = format!("{path}.{}", list.to_lowercase());
        std::fs::write(&path, out).expect("write dump");
        println!("  wrote {path}");
    }
}

/// One thread, bulk-style: the first `n` global negatives (names only, kind unknown, as a
/// customer file gives them) screened against UN + OFAC SDN 2021, `runs` times; prints each
/// run's queries per second and the median (compared with rapidfuzz by
/// `bench/screening/speed_vs_rapidfuzz.sh`).
/// Time spent normalising the first 20,000 global negatives (the query side of
/// `speed-negatives`), to see what share of a search the preparation takes.
fn speed_normalize() {
    let dir = common::data_dir().join("matching");
    let names: Vec<String> = common::read_csv(&dir.join("yente_negatives_global.csv"))
        .iter()
        .take(20_000)
        .map(|r| r["full_name"].clone())
        .collect();
    let t = Instant::now();
    let chars: usize = names.iter().map(|n| normalize::transliterate(n).len()).sum();
    println!("transliterate {:.0} ms ({chars} chars)", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let orgs = names.iter().filter(|n| normalize::looks_like_organisation(n)).count();
    let guess = t.elapsed();
    let t = Instant::now();
    let toks: usize =
        names.iter().map(|n| normalize::normalize(n, normalize::NameStyle::Person).len()).sum();
    let norm = t.elapsed();
    println!(
        "{} names: organisation guess {:.0} ms ({orgs}), normalise {:.0} ms ({toks} tokens)",
        names.len(),
        guess.as_secs_f64() * 1e3,
        norm.as_secs_f64() * 1e3
    );
}

fn speed_negatives(threshold: f64, n: usize, runs: usize) {
    let index = un_ofac_index();
    let dir = common::data_dir().join("matching");
    let queries: Vec<Query> = common::read_csv(&dir.join("yente_negatives_global.csv"))
        .iter()
        .take(n)
        .map(|r| Query::name(r["full_name"].clone()))
        .collect();
    let opts = Options { threshold, limit: 10, lists: None };
    let mut rates = Vec::new();
    let mut hits = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        hits = queries.iter().map(|q| index.search(q, &opts).len()).sum::<usize>();
        rates.push(queries.len() as f64 / t.elapsed().as_secs_f64());
    }
    let mut sorted = rates.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "ours: {} queries x {} names, {hits} hits; runs {:?} queries/s; median {:.0}",
        queries.len(),
        index.stats().names,
        rates.iter().map(|r| r.round()).collect::<Vec<_>>(),
        sorted[sorted.len() / 2]
    );
}
