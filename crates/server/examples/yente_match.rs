//! Latency of yente's `POST /match/default` in process (the real router, no sockets), beside
//! `POST /v1/screen` for the same people in the same run (the baseline): one query per request,
//! then batches of 100. `bench/api/yente.sh` runs it on UN + OFAC.
//!
//! `yente_match DB_URL QUERIES.json REPS`: QUERIES.json is an array of
//! `{"name", "birth_date"?, "nationality"?}` (at least 100).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::http::Request;
use embargo_server::{router, Limits};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn post(router: &axum::Router, token: &str, path: &str, body: &Value) -> (f64, Value) {
    let req = Request::builder()
        .method("POST")
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let start = Instant::now();
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    let value: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(status.is_success(), "{path}: {status} {value}");
    (ms, value)
}

fn yente(row: &Value) -> Value {
    let mut props = json!({ "name": [row["name"]] });
    if let Some(d) = row["birth_date"].as_str() {
        props["birthDate"] = json!([d]);
    }
    if let Some(n) = row["nationality"].as_str() {
        props["nationality"] = json!([n]);
    }
    json!({ "schema": "Person", "properties": props })
}

fn screen(row: &Value) -> Value {
    let mut q = json!({ "name": row["name"], "kind": "person" });
    if let Some(d) = row["birth_date"].as_str() {
        q["birth_date"] = json!(d);
    }
    if let Some(n) = row["nationality"].as_str() {
        q["nationality"] = json!(n);
    }
    q
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (url, queries, reps) = (&args[1], &args[2], args[3].parse::<usize>().unwrap());
    let rows: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(queries).unwrap()).unwrap();
    assert!(rows.len() >= 100, "at least 100 queries");
    let store = embargo_store::Store::connect(url).await.unwrap();
    let engine = embargo_engine::Engine::new(
        store,
        Arc::new(embargo_engine::Rules::embedded().unwrap()),
        Arc::new(embargo_engine::SystemClock),
    );
    let records = engine.reload_index().await.unwrap();
    let name = format!("bench-yente-{}", std::process::id());
    let token = engine
        .add_account(&name, embargo_engine::accounts::Role::Licensing, None, None, "bench")
        .await
        .unwrap()
        .token;
    let limits = Limits { per_minute: u32::MAX, ..Limits::default() };
    let router = router(engine, limits);
    // Warm-up.
    for row in rows.iter().take(20) {
        post(&router, &token, "/match/default", &json!({"queries": {"q": yente(row)}})).await;
        post(&router, &token, "/v1/screen", &screen(row)).await;
    }
    let (mut m1, mut s1, mut matches1) = (Vec::new(), Vec::new(), 0usize);
    for i in 0..reps {
        let row = &rows[i % rows.len()];
        let (ms, v) =
            post(&router, &token, "/match/default", &json!({"queries": {"q": yente(row)}})).await;
        m1.push(ms);
        matches1 += v["responses"]["q"]["total"]["value"].as_u64().unwrap_or(0) as usize;
        let (ms, _) = post(&router, &token, "/v1/screen", &screen(row)).await;
        s1.push(ms);
    }
    let batches = (reps / 10).max(5);
    let (mut m100, mut s100) = (Vec::new(), Vec::new());
    for b in 0..batches {
        let start = (b * 100) % (rows.len() - 99);
        let chunk = &rows[start..start + 100];
        let queries: serde_json::Map<String, Value> =
            chunk.iter().enumerate().map(|(i, r)| (format!("q{i}"), yente(r))).collect();
        let (ms, _) = post(&router, &token, "/match/default", &json!({ "queries": queries })).await;
        m100.push(ms);
        let screens: Vec<Value> = chunk.iter().map(screen).collect();
        let (ms, _) = post(&router, &token, "/v1/screen", &json!({ "queries": screens })).await;
        s100.push(ms);
    }
    let (m1, s1, m100, s100) = (median(m1), median(s1), median(m100), median(s100));
    println!(
        "{}",
        json!({
            "records": records,
            "single": { "requests": reps, "match_median_ms": m1, "screen_median_ms": s1, "ratio": m1 / s1, "matches": matches1 },
            "batch_100": { "requests": batches, "match_median_ms": m100, "screen_median_ms": s100, "ratio": m100 / s100 },
        })
    );
}
