//! Webhook senders sharing one store: every delivery is sent once, whoever sends it, and a
//! receiver that never answers holds up only its own deliveries.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use embargo_engine::webhooks::{Poster, Retry};
use embargo_engine::{Engine, Rules, SystemClock};
use embargo_lists::model::{Designation, Kind, Source};
use embargo_lists::ParseError;
use embargo_store::lists::{ImportOptions, NewListVersion};
use embargo_store::Store;

/// Counts the posts per delivery id; posts to `slow` take `delay` (and then time out).
#[derive(Debug, Default)]
struct Counting {
    posts: Mutex<HashMap<String, u32>>,
    slow: Option<String>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

impl Poster for Counting {
    fn post(
        &self,
        url: &str,
        headers: &[(String, String)],
        _body: &str,
        timeout: Duration,
    ) -> Result<u16, String> {
        let id = headers.iter().find(|(k, _)| k == "x-embargo-delivery").unwrap().1.clone();
        *self.posts.lock().unwrap().entry(id).or_default() += 1;
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_in_flight.fetch_max(now, Ordering::SeqCst);
        let answer = if self.slow.as_deref() == Some(url) {
            std::thread::sleep(timeout);
            Err("timed out".into())
        } else {
            std::thread::sleep(Duration::from_millis(20));
            Ok(204)
        };
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        answer
    }
}

async fn engine(url: &str) -> Engine {
    let store = Store::connect(url).await.unwrap();
    Engine::new(store, Arc::new(Rules::embedded().unwrap()), Arc::new(SystemClock))
}

/// Makes `n` list versions current, one `list.updated` delivery each per webhook.
async fn updates(engine: &Engine, n: usize) {
    for i in 0..n {
        let d =
            Designation::new(Source::Un, format!("QDi.{i:03}"), Kind::Person, format!("Name {i}"));
        let meta = NewListVersion {
            source: Source::Un,
            format: "un-xml".into(),
            published: None,
            sha256: format!("{i:0>64}"),
            file_name: Some(format!("{i}.xml")),
            imported_at: jiff::Timestamp::now(),
        };
        let options = ImportOptions { allow_shrink: true, ..ImportOptions::default() };
        engine
            .store()
            .import_list_with(meta, std::iter::once(Ok::<_, ParseError>(d)), options)
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_senders_send_each_delivery_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("w.db").display());
    let (a, b) = (engine(&url).await, engine(&url).await);
    a.add_webhook("http://127.0.0.1:9/fast", &["list.updated".into()], "admin").await.unwrap();
    a.add_webhook("http://127.0.0.1:9/slow", &["list.updated".into()], "admin").await.unwrap();
    updates(&a, 12).await;
    let poster =
        Arc::new(Counting { slow: Some("http://127.0.0.1:9/slow".into()), ..Counting::default() });
    let retry = Retry {
        base: Duration::from_secs(60),
        cap: Duration::from_secs(60),
        attempts: 3,
        timeout: Duration::from_millis(300),
    };
    let (pa, pb): (Arc<dyn Poster>, Arc<dyn Poster>) = (poster.clone(), poster.clone());
    let (ra, rb) = tokio::join!(a.send_due_webhooks(pa, retry), b.send_due_webhooks(pb, retry));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    // 24 deliveries: 12 delivered, 12 to be retried (the slow receiver), shared between the two.
    assert_eq!(ra.delivered + rb.delivered, 12, "{ra:?} {rb:?}");
    assert_eq!(ra.retried + rb.retried, 12, "{ra:?} {rb:?}");
    let posts = poster.posts.lock().unwrap().clone();
    assert_eq!(posts.len(), 24);
    assert!(posts.values().all(|n| *n == 1), "a delivery was sent twice: {posts:?}");
    // Each sender sends what it claimed at once, not one after another (then at most one post
    // per sender would be in flight, and twelve timeouts in a row would hold up the rest).
    let most = poster.most_in_flight.load(Ordering::SeqCst);
    assert!(most > 2, "at most {most} posts were in flight at once");
    // A second round finds nothing due (the retries wait for their backoff).
    let again = a.send_due_webhooks(poster.clone(), retry).await.unwrap();
    assert_eq!(again.delivered + again.retried + again.failed, 0, "{again:?}");
}
