//! The in-process rate of the engine's screen and check on a store (`bench/api/run.sh` runs it
//! beside the HTTP figures): `inprocess DB_URL NAMES.txt TRANSFER.json SECONDS`.

use std::sync::Arc;
use std::time::Instant;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (url, names, transfer, seconds) =
        (&args[1], &args[2], &args[3], args[4].parse::<f64>().unwrap());
    let store = embargo_store::Store::connect(url).await.unwrap();
    let engine = embargo_engine::Engine::new(
        store,
        Arc::new(embargo_engine::Rules::embedded().unwrap()),
        Arc::new(embargo_engine::SystemClock),
    );
    engine.reload_index().await.unwrap();
    let names: Vec<String> =
        std::fs::read_to_string(names).unwrap().lines().map(str::to_owned).collect();
    let transfer = std::fs::read_to_string(transfer).unwrap();
    let options = embargo_screening::Options::default();
    let start = Instant::now();
    let mut n = 0usize;
    while start.elapsed().as_secs_f64() < seconds {
        let q = embargo_screening::Query::name(names[n % names.len()].clone());
        let _ = engine.screen(q, &options).await.unwrap();
        n += 1;
    }
    let screen_rate = n as f64 / start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut m = 0usize;
    let params = embargo_engine::check::CheckParams::default();
    while start.elapsed().as_secs_f64() < seconds {
        let _ = engine.check_transfer("transfer", &transfer, &params).await.unwrap();
        m += 1;
    }
    let check_rate = m as f64 / start.elapsed().as_secs_f64();
    println!(
        "{{\"in_process\":true,\"screen_per_s\":{screen_rate:.0},\"check_per_s\":{check_rate:.0}}}"
    );
}
