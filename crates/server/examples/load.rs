//! A small HTTP load generator for `bench/api/run.sh` (loopback only).
//!
//! `load URL TOKEN BODIES.jsonl closed CONCURRENCY SECONDS` keeps CONCURRENCY requests in
//! flight; `load URL TOKEN BODIES.jsonl open RATE SECONDS` sends RATE requests per second on a
//! fixed schedule and measures latency from each request's *intended* send time, so a slow
//! server is not hidden by a slower sender (no coordinated omission). Each request POSTs the
//! next line of BODIES.jsonl. Prints one JSON line: requests, errors, achieved rate, p50, p99.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 7 {
        eprintln!("usage: load URL TOKEN BODIES.jsonl closed|open CONCURRENCY|RATE SECONDS");
        std::process::exit(2);
    }
    let (url, token, bodies, mode) = (&args[1], &args[2], &args[3], args[4].as_str());
    let n: usize = args[5].parse().expect("a number");
    let seconds: f64 = args[6].parse().expect("seconds");
    let bodies: Arc<Vec<String>> = Arc::new(
        std::fs::read_to_string(bodies).expect("bodies file").lines().map(str::to_owned).collect(),
    );
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(10))
        .max_idle_connections(256)
        .build();
    let latencies: Arc<Mutex<Vec<f64>>> = Arc::default();
    let errors = Arc::new(AtomicUsize::new(0));
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let end = start + Duration::from_secs_f64(seconds);
    let send = {
        let (agent, url, token) = (agent.clone(), url.clone(), token.clone());
        let (bodies, latencies, errors, next) =
            (bodies.clone(), latencies.clone(), errors.clone(), next.clone());
        move |intended: Instant| {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let body = &bodies[i % bodies.len()];
            let r = agent
                .post(&url)
                .set("authorization", &format!("Bearer {token}"))
                .set("content-type", "application/json")
                .send_string(body);
            let ms = intended.elapsed().as_secs_f64() * 1000.0;
            match r {
                Ok(resp) => {
                    let _ = resp.into_string();
                    latencies.lock().unwrap().push(ms);
                }
                Err(_) => {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    };
    let mut threads = Vec::new();
    match mode {
        "closed" => {
            for _ in 0..n {
                let send = send.clone();
                threads.push(std::thread::spawn(move || {
                    while Instant::now() < end {
                        send(Instant::now());
                    }
                }));
            }
        }
        "open" => {
            // A pool of senders, each taking the next slot of a fixed schedule.
            let interval = Duration::from_secs_f64(1.0 / n as f64);
            let slot = Arc::new(AtomicUsize::new(0));
            for _ in 0..64 {
                let (send, slot) = (send.clone(), slot.clone());
                threads.push(std::thread::spawn(move || loop {
                    let k = slot.fetch_add(1, Ordering::Relaxed);
                    let intended = start + interval * k as u32;
                    if intended >= end {
                        break;
                    }
                    if let Some(wait) = intended.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    send(intended);
                }));
            }
        }
        other => panic!("mode `{other}`: closed or open"),
    }
    for t in threads {
        t.join().unwrap();
    }
    let elapsed = start.elapsed().as_secs_f64();
    let mut l = latencies.lock().unwrap().clone();
    l.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| {
        if l.is_empty() {
            f64::NAN
        } else {
            l[((l.len() as f64 * p) as usize).min(l.len() - 1)]
        }
    };
    println!(
        "{{\"mode\":\"{mode}\",\"n\":{n},\"requests\":{},\"errors\":{},\"rate\":{:.1},\"p50_ms\":{:.2},\"p99_ms\":{:.2}}}",
        l.len(),
        errors.load(Ordering::Relaxed),
        l.len() as f64 / elapsed,
        pct(0.50),
        pct(0.99)
    );
}
