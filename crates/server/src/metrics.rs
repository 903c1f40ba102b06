//! Prometheus metrics: requests by route template, method and status with latency
//! histograms; the screening index size and list versions; requests by status (collected at
//! scrape time from the engine).

use std::collections::BTreeMap;
use std::sync::Mutex;

const BUCKETS: [f64; 12] =
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];

#[derive(Debug, Default, Clone)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

/// The HTTP metrics.
#[derive(Debug, Default)]
pub struct Metrics {
    http: Mutex<BTreeMap<(String, String, u16), Series>>,
}

impl Metrics {
    /// Records one request.
    pub fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let mut http = self.http.lock().unwrap_or_else(|p| p.into_inner());
        let s = http.entry((route.to_owned(), method.to_owned(), status)).or_default();
        s.count += 1;
        s.sum += seconds;
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                s.buckets[i] += 1;
            }
        }
    }

    /// The HTTP part of the exposition.
    pub fn render_http(&self, out: &mut String) {
        use std::fmt::Write;
        let http = self.http.lock().unwrap_or_else(|p| p.into_inner());
        out.push_str("# HELP embargo_http_requests_total HTTP requests by route template, method and status.\n# TYPE embargo_http_requests_total counter\n");
        for ((route, method, status), s) in http.iter() {
            let _ = writeln!(out, "embargo_http_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {}", s.count);
        }
        out.push_str("# HELP embargo_http_request_duration_seconds Latency by route template and method.\n# TYPE embargo_http_request_duration_seconds histogram\n");
        let mut merged: BTreeMap<(String, String), Series> = BTreeMap::new();
        for ((route, method, _), s) in http.iter() {
            let m = merged.entry((route.clone(), method.clone())).or_default();
            m.count += s.count;
            m.sum += s.sum;
            for i in 0..BUCKETS.len() {
                m.buckets[i] += s.buckets[i];
            }
        }
        for ((route, method), s) in &merged {
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(out, "embargo_http_request_duration_seconds_bucket{{route=\"{route}\",method=\"{method}\",le=\"{b}\"}} {}", s.buckets[i]);
            }
            let _ = writeln!(out, "embargo_http_request_duration_seconds_bucket{{route=\"{route}\",method=\"{method}\",le=\"+Inf\"}} {}", s.count);
            let _ = writeln!(out, "embargo_http_request_duration_seconds_sum{{route=\"{route}\",method=\"{method}\"}} {}", s.sum);
            let _ = writeln!(out, "embargo_http_request_duration_seconds_count{{route=\"{route}\",method=\"{method}\"}} {}", s.count);
        }
    }
}
