//! Scale-out on the real NATS JetStream server and PostgreSQL (issue 15), driving the real
//! binaries: `embargo worker` processes sharing one work queue, `embargo screen --via`, and
//! `embargo serve --nats` replicas.
//!
//! Needs NATS with JetStream (`EMBARGO_TEST_NATS`, default `nats://127.0.0.1:4222`) and
//! PostgreSQL (`EMBARGO_TEST_POSTGRES`); each test uses its own schema and queue names, so
//! tests run concurrently. Skipped with a message when either is absent, unless `CI` is set.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{embargo, token, Server};
use serde_json::Value;

fn unique(prefix: &str) -> String {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{prefix}_{}_{}", std::process::id(), nanos % 1_000_000_000_000)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// The NATS server, or `None` outside CI when it does not answer.
fn nats() -> Option<String> {
    let url =
        std::env::var("EMBARGO_TEST_NATS").unwrap_or_else(|_| "nats://127.0.0.1:4222".to_owned());
    let hostport = url.trim_start_matches("nats://").to_owned();
    let addr = std::net::ToSocketAddrs::to_socket_addrs(&hostport).ok().and_then(|mut a| a.next());
    let up = addr
        .is_some_and(|a| std::net::TcpStream::connect_timeout(&a, Duration::from_secs(2)).is_ok());
    if !up {
        assert!(std::env::var_os("CI").is_none(), "NATS unreachable at {url} in CI");
        eprintln!("skipping: NATS unreachable at {url}");
        return None;
    }
    Some(url)
}

/// A fresh schema on the test PostgreSQL, or `None` outside CI when it is unreachable.
struct Pg {
    url: String,
    base: String,
    schema: String,
}

impl Pg {
    fn new() -> Option<Pg> {
        let base = std::env::var("EMBARGO_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        let schema = unique("t_worker");
        let made = runtime().block_on(async {
            use sqlx::Executor;
            sqlx::any::install_default_drivers();
            let admin = sqlx::AnyPool::connect(&base).await?;
            admin.execute(format!("CREATE SCHEMA {schema}").as_str()).await?;
            admin.close().await;
            Ok::<_, sqlx::Error>(())
        });
        if let Err(e) = made {
            assert!(std::env::var_os("CI").is_none(), "PostgreSQL unreachable in CI: {e}");
            eprintln!("skipping: PostgreSQL unreachable: {e}");
            return None;
        }
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
        Some(Pg { url, base, schema })
    }

    /// Runs `sql` (one row of integers) on the schema.
    fn ints(&self, sql: &str) -> Vec<i64> {
        runtime().block_on(async {
            use sqlx::Row;
            let pool = sqlx::AnyPool::connect(&self.url).await.unwrap();
            let row = sqlx::query(sql).fetch_one(&pool).await.unwrap();
            let v = (0..row.len()).map(|i| row.try_get::<i64, _>(i).unwrap()).collect();
            pool.close().await;
            v
        })
    }

    fn strings(&self, sql: &str) -> Vec<String> {
        runtime().block_on(async {
            use sqlx::Row;
            let pool = sqlx::AnyPool::connect(&self.url).await.unwrap();
            let rows = sqlx::query(sql).fetch_all(&pool).await.unwrap();
            pool.close().await;
            rows.iter().map(|r| r.try_get::<String, _>(0).unwrap()).collect()
        })
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let (base, schema) = (self.base.clone(), self.schema.clone());
        runtime().block_on(async move {
            use sqlx::Executor;
            if let Ok(admin) = sqlx::AnyPool::connect(&base).await {
                let _ = admin.execute(format!("DROP SCHEMA {schema} CASCADE").as_str()).await;
                admin.close().await;
            }
        });
    }
}

/// Deletes the queue's streams when dropped.
struct NatsCleanup {
    url: String,
    queue: String,
}

impl Drop for NatsCleanup {
    fn drop(&mut self) {
        let (url, q) = (self.url.clone(), self.queue.clone());
        runtime().block_on(async move {
            if let Ok(client) = async_nats::connect(&url).await {
                let js = async_nats::jetstream::new(client);
                let _ = js.delete_stream(&q).await;
                let _ = js.delete_stream(format!("{q}-dead")).await;
            }
        });
    }
}

/// An `embargo worker` process; killed when dropped. Its stderr is kept for diagnostics.
struct Worker {
    child: Child,
    log: Arc<Mutex<String>>,
}

impl Worker {
    fn start(db: &str, nats: &str, queue: &str, name: &str, extra: &[&str]) -> Worker {
        let mut child = embargo(db)
            .args(["worker", "--nats", nats, "--queue", queue, "--name", name])
            .args(["--ack-wait", "2", "--max-deliver", "3", "--retry-delay-ms", "100"])
            .args(["--heartbeat", "1"])
            .args(extra)
            .env("EMBARGO_LOG", "info")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let log = Arc::new(Mutex::new(String::new()));
        loop {
            let line = lines.next().expect("the worker said it is ready").unwrap();
            log.lock().unwrap().push_str(&format!("{line}\n"));
            if line.contains("ready on queue") {
                break;
            }
        }
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        Worker { child, log }
    }

    fn sigkill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    fn sigterm(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "the worker did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn fixture(path: &str) -> String {
    format!("{}/../../fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// A CSV of `n` rows: listed names (UN screening fixture) among invented ones.
fn input_csv(path: &std::path::Path, n: usize) {
    let listed = [
        "Muammar Qadhafi",
        "Abdulqader Mohammed al-Baghdadi",
        "Eric Badege",
        "Libyan Investment Authority",
    ];
    let first = ["Anna", "Boris", "Chen", "Dalia", "Emre", "Fatima", "Goran", "Hiro", "Ines"];
    let last = ["Sorensen", "Okafor", "Novak", "Haddad", "Lindqvist", "Moreau", "Tanaka"];
    let mut s = String::from("id,name\n");
    for i in 0..n {
        let name = if i % 97 == 0 {
            listed[(i / 97) % listed.len()].to_owned()
        } else {
            format!("{} {} {}", first[i % first.len()], last[(i / 7) % last.len()], i % 13)
        };
        s.push_str(&format!("r{i},{name}\n"));
    }
    std::fs::write(path, s).unwrap();
}

/// 300 watched subjects: 6 named Muammar Qadhafi, 6 Eric Badege (both in the UN screening
/// fixture), the others invented.
fn subjects_csv(path: &std::path::Path) {
    let mut csv = String::from("id,name,kind\n");
    for i in 0..300 {
        let name = match i % 50 {
            0 => "Muammar Qadhafi".to_owned(),
            1 => "Eric Badege".to_owned(),
            _ => format!("Subject Number{i} Lindqvist"),
        };
        csv.push_str(&format!("s{i:04},{name},person\n"));
    }
    std::fs::write(path, csv).unwrap();
}

/// `embargo ARGS` as actor `ops`, which must succeed; its standard output.
/// The UN screening fixture imported into `db`, and a bulk input of `rows` names in a fresh
/// directory (kept alive by the returned handle).
fn un_list_and_names(db: &str, rows: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    run_ok(db, &["lists", "import", &fixture("names/un_screening.xml")]);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    input_csv(&input, rows);
    (dir, input)
}

fn run_ok(db: &str, args: &[&str]) -> String {
    let out = embargo(db).args(args).env("EMBARGO_ACTOR", "ops").output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

async fn dead_letters(url: &str, queue: &str) -> Vec<(Option<String>, String)> {
    let client = async_nats::connect(url).await.unwrap();
    let js = async_nats::jetstream::new(client);
    let mut stream = js.get_stream(format!("{queue}-dead")).await.unwrap();
    let n = stream.info().await.unwrap().state.messages;
    let mut out = Vec::new();
    for seq in 1..=n {
        if let Ok(m) = stream.get_raw_message(seq).await {
            let job = m.headers.get("Embargo-Job").map(|v| v.as_str().to_owned());
            let reason =
                m.headers.get("Embargo-Reason").map(|v| v.as_str().to_owned()).unwrap_or_default();
            out.push((job, reason));
        }
    }
    out
}

#[test]
fn three_workers_one_killed_one_restarted_every_result_once_and_poison_dead_lettered() {
    let Some(nats_url) = nats() else { return };
    let Some(pg) = Pg::new() else { return };
    let queue = unique("tq");
    let _cleanup = NatsCleanup { url: nats_url.clone(), queue: queue.clone() };
    let db = pg.url.clone();
    let rows: usize = 30_000;
    let chunk_rows: usize = 20;
    let chunks = rows.div_ceil(chunk_rows) as i64;
    let (dir, input) = un_list_and_names(&db, rows);
    // The local mode's output, the reference.
    let local = dir.path().join("local.csv");
    let out = embargo(&db)
        .args(["screen", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&local)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let mut w1 = Worker::start(&db, &nats_url, &queue, "w1", &[]);
    let mut w2 = Worker::start(&db, &nats_url, &queue, "w2", &[]);
    let w3 = Worker::start(&db, &nats_url, &queue, "w3", &[]);

    // Poison jobs: a payload that is no job, and a job screened against list versions the
    // store never has (nak'ed until its last delivery).
    runtime().block_on(async {
        let client = async_nats::connect(&nats_url).await.unwrap();
        let js = async_nats::jetstream::new(client);
        js.publish(format!("{queue}.jobs"), "this is not a job".into())
            .await
            .unwrap()
            .await
            .unwrap();
        let stale = serde_json::json!({
            "job": "never-current", "chunk": 0, "versions": [987654321], "threshold": 0.7,
            "limit": 10, "rows": [{"name": "Eric Badege"}]
        });
        js.publish(format!("{queue}.jobs"), stale.to_string().into()).await.unwrap().await.unwrap();
    });

    let via = dir.path().join("via.csv");
    let mut dispatcher = embargo(&db)
        .args(["screen", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&via)
        .args(["--via", &nats_url, "--queue", &queue, "--chunk-rows", &chunk_rows.to_string()])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let job_results = "SELECT COUNT(*) FROM job_results WHERE job_id <> 'never-current'";
    let wait_for = |at_least: i64| {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let n = pg.ints(job_results)[0];
            if n >= at_least {
                return n;
            }
            assert!(Instant::now() < deadline, "only {n} chunks committed");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    // Mid-run: w1 is SIGKILLed (its chunk in flight is never acknowledged), then w2 restarted.
    let at_kill = wait_for(chunks / 10);
    w1.sigkill();
    assert!(at_kill < chunks, "the run finished before the kill");
    w2.sigterm();
    let done_by_w2_before = pg.ints("SELECT COUNT(*) FROM job_results WHERE worker = 'w2'")[0];
    let w2 = Worker::start(&db, &nats_url, &queue, "w2-restarted", &[]);
    let status = dispatcher.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut dispatcher.stderr.take().unwrap(), &mut err).unwrap();
    assert!(
        status.success(),
        "{err}\nw2:\n{}\nw3:\n{}",
        w2.log.lock().unwrap(),
        w3.log.lock().unwrap()
    );
    assert!(err.contains(&format!("screened {rows} rows")), "{err}");

    // The same output as the local mode, in input order.
    assert_eq!(std::fs::read_to_string(&via).unwrap(), std::fs::read_to_string(&local).unwrap());
    // Every chunk's result exactly once, covering every row once.
    let [n, distinct, rows_total] = pg
        .ints(
            "SELECT COUNT(*), COUNT(DISTINCT chunk), SUM(rows)::bigint FROM job_results WHERE job_id <> 'never-current'",
        )
        .try_into()
        .unwrap();
    assert_eq!((n, distinct, rows_total), (chunks, chunks, rows as i64));
    // The killed worker had committed some, the restarted one resumed and committed more.
    let by =
        |w: &str| pg.ints(&format!("SELECT COUNT(*) FROM job_results WHERE worker = '{w}'"))[0];
    assert!(by("w1") > 0, "w1 never worked before it was killed");
    assert!(by("w2-restarted") > 0, "the restarted worker did not resume");
    assert!(done_by_w2_before > 0);

    // Both poison jobs are in the dead-letter stream with their reasons.
    let dead = runtime().block_on(dead_letters(&nats_url, &queue));
    assert!(
        dead.iter().any(|(job, why)| job.is_none() && why.contains("not a screening job")),
        "{dead:?}"
    );
    assert!(
        dead.iter().any(|(job, why)| job.as_deref() == Some("never-current")
            && why.contains("gave up after 3 deliveries")
            && why.contains("987654321")),
        "{dead:?}"
    );
    assert_eq!(dead.len(), 2, "{dead:?}");

    // Nothing is left in the work stream, nothing pending on the consumer.
    runtime().block_on(async {
        let client = async_nats::connect(&nats_url).await.unwrap();
        let js = async_nats::jetstream::new(client);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let mut stream = js.get_stream(&queue).await.unwrap();
            let messages = stream.info().await.unwrap().state.messages;
            if messages == 0 {
                break;
            }
            assert!(Instant::now() < deadline, "{messages} messages left in the work stream");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });

    // The same run again resumes the finished job: nothing is published, the same output.
    let again = dir.path().join("again.csv");
    let out = embargo(&db)
        .args(["screen", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&again)
        .args(["--via", &nats_url, "--queue", &queue, "--chunk-rows", &chunk_rows.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&again).unwrap(), std::fs::read(&local).unwrap());
    assert_eq!(pg.ints(job_results)[0], chunks);
    drop((w2, w3));
}

/// Answers every request with `body` after `delay` (a slow list download).
fn slow_list_server(body: Vec<u8>, delay: Duration) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let body = body.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                    if line == "\r\n" {
                        break;
                    }
                    line.clear();
                }
                std::thread::sleep(delay);
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
                let _ = stream.flush();
                let mut rest = Vec::new();
                let _ = reader.read_to_end(&mut rest);
            });
        }
    });
    format!("http://{addr}/consolidated.xml")
}

fn post(base: &str, path: &str, token: &str, body: Option<&str>) -> (u16, String) {
    let r = ureq::post(&format!("{base}{path}"))
        .set("authorization", &format!("Bearer {token}"))
        .set("content-type", "application/json");
    let r = match body {
        Some(b) => r.send_string(b),
        None => r.call(),
    };
    match r {
        Ok(resp) => (resp.status(), resp.into_string().unwrap()),
        Err(ureq::Error::Status(code, resp)) => (code, resp.into_string().unwrap()),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn two_replicas_and_two_workers_refresh_once_and_all_answer_with_the_new_version() {
    let Some(nats_url) = nats() else { return };
    let Some(pg) = Pg::new() else { return };
    let queue = unique("tv");
    let _cleanup = NatsCleanup { url: nats_url.clone(), queue: queue.clone() };
    let db = pg.url.clone();
    let out = embargo(&db)
        .args(["lists", "import", &fixture("lists/ofac/xml/sdn.xml")])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let admin = token(&db, "root", "admin");
    let analyst = token(&db, "ana", "analyst");
    let un = std::fs::read(fixture("names/un_screening.xml")).unwrap();
    let url = slow_list_server(un, Duration::from_millis(1500));

    // Nobody polls the store in this test (an hour): a new version travels through NATS.
    let no_poll = ["--index-poll", "3600"];
    let serve_args = ["--nats", &nats_url, "--nats-queue", &queue, "--index-poll", "3600"];
    let a = Server::start(&db, &serve_args, &[("EMBARGO_LIST_URL_UN", &url)]);
    let b = Server::start(&db, &serve_args, &[("EMBARGO_LIST_URL_UN", &url)]);
    let w1 = Worker::start(&db, &nats_url, &queue, "v1", &no_poll);
    let w2 = Worker::start(&db, &nats_url, &queue, "v2", &no_poll);
    let before = pg.ints("SELECT MAX(id) FROM list_versions")[0];

    // Both replicas are asked to refresh the UN list at once: one downloads and imports, the
    // other is told a refresh is running.
    let threads: Vec<_> = [a.base.clone(), b.base.clone()]
        .into_iter()
        .map(|base| {
            let admin = admin.clone();
            std::thread::spawn(move || post(&base, "/v1/lists/refresh?source=un", &admin, None))
        })
        .collect();
    let mut answers: Vec<(u16, String)> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    answers.sort();
    assert_eq!(answers[0].0, 201, "{answers:?}");
    assert_eq!(answers[1].0, 409, "{answers:?}");
    assert!(answers[1].1.contains("already running"), "{answers:?}");
    assert_eq!(pg.ints("SELECT COUNT(*) FROM list_versions WHERE source = 'un'")[0], 1);
    let new = pg.ints("SELECT id FROM list_versions WHERE source = 'un'")[0];
    assert!(new > before);

    // Both replicas screen against the new version.
    for server in [&a, &b] {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (status, body) =
                post(&server.base, "/v1/screen", &analyst, Some(r#"{"name": "Eric Badege"}"#));
            assert_eq!(status, 200, "{body}");
            let v: Value = serde_json::from_str(&body).unwrap();
            let named = v["lists"].as_array().unwrap().iter().any(|l| l["id"] == new);
            if named {
                assert!(!v["hits"].as_array().unwrap().is_empty(), "{v}");
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{} never screened against version {new}",
                server.base
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    // Both workers swapped in the new version (their heartbeats name it).
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let beats = pg.strings("SELECT versions FROM job_workers ORDER BY name");
        if beats.len() == 2 && beats.iter().all(|v| v.contains(&new.to_string())) {
            break;
        }
        assert!(Instant::now() < deadline, "worker heartbeats: {beats:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    // And a job screened by them names it and finds the new list's record.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    input_csv(&input, 400);
    let via = dir.path().join("via.csv");
    let out = embargo(&db)
        .args(["screen", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&via)
        .args(["--via", &nats_url, "--queue", &queue, "--chunk-rows", "10"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(&via).unwrap().contains("Eric Badege"));
    let versions = pg.strings("SELECT DISTINCT versions FROM job_results");
    assert_eq!(versions.len(), 1, "{versions:?}");
    assert!(versions[0].contains(&new.to_string()), "{versions:?}");
    let workers = pg.strings("SELECT DISTINCT worker FROM job_results ORDER BY worker");
    assert!(!workers.is_empty());
    drop((w1, w2, a, b));
}

#[test]
fn a_rescreen_split_in_chunks_of_subjects_raises_each_alert_once() {
    let Some(nats_url) = nats() else { return };
    let Some(pg) = Pg::new() else { return };
    let queue = unique("tr");
    let _cleanup = NatsCleanup { url: nats_url.clone(), queue: queue.clone() };
    let db = pg.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let subjects = dir.path().join("subjects.csv");
    subjects_csv(&subjects);
    let run = |args: &[&str]| run_ok(&db, args);
    run(&["watch", "add", "--input", subjects.to_str().unwrap(), "--no-screen"]);
    run(&["lists", "import", &fixture("names/un_screening.xml"), "--no-rescreen"]);
    let open = || -> usize {
        let v: Value =
            serde_json::from_str(&run(&["alerts", "list", "--open", "--format", "json"])).unwrap();
        v.as_array().unwrap().len()
    };
    assert_eq!(open(), 0);

    let w1 = Worker::start(&db, &nats_url, &queue, "r1", &[]);
    let w2 = Worker::start(&db, &nats_url, &queue, "r2", &[]);
    let args =
        ["worker", "rescreen", "--nats", &nats_url, "--queue", &queue, "--chunk-subjects", "20"];
    let first = run(&args);
    assert!(first.contains("re-screened 300 subjects in 15 chunks"), "{first}");
    let raised = open();
    assert_eq!(raised, 12, "{first}");
    assert!(first.contains(&format!("{raised} alerts raised")), "{first}");
    // Every chunk once in the store; the alerts carry the dispatcher's actor.
    assert_eq!(pg.ints("SELECT COUNT(*), COUNT(DISTINCT chunk) FROM job_results"), vec![15, 15]);
    assert_eq!(pg.ints("SELECT SUM(rows)::bigint FROM job_results")[0], 300);
    // The same re-screen again resumes the finished job: nothing more is raised.
    let again = run(&args);
    assert_eq!(again.split(" in ").next(), first.split(" in ").next());
    assert_eq!(open(), raised);
    // A local full screening finds nothing the workers missed.
    let local: Value =
        serde_json::from_str(&run(&["watch", "screen", "--format", "json"])).unwrap();
    assert_eq!((local["raised"].as_u64(), local["closed"].as_u64()), (Some(0), Some(0)), "{local}");
    run(&["audit", "verify"]);
    drop((w1, w2));
}

/// `post` with a raw body (a list file).
fn post_raw(base: &str, path: &str, token: &str, body: &str) -> (u16, Value) {
    let r = ureq::post(&format!("{base}{path}"))
        .set("authorization", &format!("Bearer {token}"))
        .set("content-type", "application/xml")
        .send_string(body);
    let (code, text) = match r {
        Ok(resp) => (resp.status(), resp.into_string().unwrap()),
        Err(ureq::Error::Status(code, resp)) => (code, resp.into_string().unwrap()),
        Err(e) => panic!("{e}"),
    };
    (code, serde_json::from_str(&text).unwrap_or_else(|_| panic!("{code}: {text}")))
}

#[test]
fn list_updates_are_rescreened_by_the_workers_in_ranges_of_subjects_or_here_without_them() {
    let Some(nats_url) = nats() else { return };
    let Some(pg) = Pg::new() else { return };
    let queue = unique("tc");
    let _cleanup = NatsCleanup { url: nats_url.clone(), queue: queue.clone() };
    let db = pg.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let subjects = dir.path().join("subjects.csv");
    subjects_csv(&subjects);
    let run = |args: &[&str]| run_ok(&db, args);
    run(&["watch", "add", "--input", subjects.to_str().unwrap(), "--no-screen"]);
    let open = || -> usize {
        let v: Value =
            serde_json::from_str(&run(&["alerts", "list", "--open", "--format", "json"])).unwrap();
        v.as_array().unwrap().len()
    };
    let admin = token(&db, "root", "admin");
    let v1 = std::fs::read_to_string(fixture("names/un_screening.xml")).unwrap();
    // v2 renames the record CDi.001 (an identifying change); v3 gives it its name back.
    let v2 = v1
        .replace(
            "<FIRST_NAME>ERIC</FIRST_NAME><SECOND_NAME>BADEGE</SECOND_NAME>",
            "<FIRST_NAME>JEAN</FIRST_NAME><SECOND_NAME>MUKENDI</SECOND_NAME>",
        )
        .replace("2026-02-27T10:00:00", "2026-03-01T10:00:00");
    assert_ne!(v1, v2);
    let v3 = v1.replace("2026-02-27T10:00:00", "2026-03-02T10:00:00");
    let serve_args = [
        "--nats",
        &nats_url,
        "--nats-queue",
        &queue,
        "--rescreen-chunk",
        "40",
        "--index-poll",
        "3600",
    ];
    let server = Server::start(&db, &serve_args, &[]);

    // No worker pulls from the queue: the replica re-screens itself.
    let (code, v) = post_raw(&server.base, "/v1/lists?name=v1.xml", &admin, &v1);
    assert_eq!(code, 201, "{v}");
    assert_eq!(v["rescreen"]["raised"], 12, "{v}");
    assert!(v["rescreen"].get("dispatched").is_none(), "{v}");
    assert_eq!(open(), 12);

    // With two workers, each update is split in ranges of 40 subjects (300 → 8 chunks).
    let w1 = Worker::start(&db, &nats_url, &queue, "c1", &[]);
    let w2 = Worker::start(&db, &nats_url, &queue, "c2", &[]);
    let (code, v) = post_raw(&server.base, "/v1/lists?name=v2.xml", &admin, &v2);
    assert_eq!(code, 201, "{v}");
    let r = &v["rescreen"];
    assert_eq!(r["mode"], "incremental", "{v}");
    assert_eq!(r["dispatched"]["chunks"], 8, "{v}");
    let workers: Vec<&str> = r["dispatched"]["workers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(!workers.is_empty() && workers.iter().all(|w| ["c1", "c2"].contains(w)), "{v}");
    assert_eq!((r["closed"].as_u64(), r["raised"].as_u64()), (Some(6), Some(0)), "{v}");
    assert_eq!(r["subjects_considered"], 300, "{v}");
    assert_eq!(open(), 6);
    let (code, v) = post_raw(&server.base, "/v1/lists?name=v3.xml", &admin, &v3);
    assert_eq!(code, 201, "{v}");
    assert_eq!(v["rescreen"]["dispatched"]["chunks"], 8, "{v}");
    assert_eq!(v["rescreen"]["raised"], 6, "{v}");
    assert_eq!(open(), 12);
    // Each chunk of the two catch-ups committed once; the alerts carry the import's actor.
    assert_eq!(
        pg.ints("SELECT COUNT(*), COUNT(DISTINCT job_id) FROM job_results WHERE job_id IN (SELECT id FROM jobs WHERE params LIKE '%\"updates\"%')"),
        vec![16, 2]
    );
    // A local full screening finds nothing the workers missed or raised too much.
    let local: Value =
        serde_json::from_str(&run(&["watch", "screen", "--format", "json"])).unwrap();
    assert_eq!((local["raised"].as_u64(), local["closed"].as_u64()), (Some(0), Some(0)), "{local}");
    run(&["audit", "verify"]);
    drop((w1, w2, server));
}

#[test]
fn a_job_delivered_the_maximum_times_without_an_answer_is_dead_lettered_and_leaves_the_stream() {
    use async_nats::jetstream;
    use futures_util::StreamExt;
    let Some(nats_url) = nats() else { return };
    let queue = unique("tx");
    let _cleanup = NatsCleanup { url: nats_url.clone(), queue: queue.clone() };
    runtime().block_on(async {
        let client = async_nats::connect(&nats_url).await.unwrap();
        let js = jetstream::new(client.clone());
        let q = embargo_worker::queue::Queue::new(&queue).unwrap();
        let (work, dead) = q.streams(&js).await.unwrap();
        let consumer = q.consumer_on(&work, Duration::from_millis(500), 2).await.unwrap();
        let mover = tokio::spawn(embargo_worker::worker::dead_letter_exhausted(
            js.clone(),
            client.clone(),
            q.clone(),
        ));
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut headers = async_nats::HeaderMap::new();
        headers.insert(embargo_worker::queue::KIND, "rescreen");
        let payload = r#"{"job":"j-exhausted","chunk":7,"range":{}}"#;
        js.publish_with_headers(q.work_subject(), headers, payload.into())
            .await
            .unwrap()
            .await
            .unwrap();
        // Two workers take it in turn and die on it: no answer, no ack.
        for delivery in 1..=2 {
            let mut batch = consumer
                .fetch()
                .max_messages(1)
                .expires(Duration::from_secs(5))
                .messages()
                .await
                .unwrap();
            let msg = batch.next().await.expect("a delivery").unwrap();
            assert_eq!(msg.info().unwrap().delivered, delivery);
        }
        // The next pull after the ack wait lets JetStream see the deliveries are exhausted.
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut dead = dead;
        loop {
            let mut batch = consumer
                .fetch()
                .max_messages(1)
                .expires(Duration::from_millis(700))
                .messages()
                .await
                .unwrap();
            assert!(batch.next().await.is_none(), "delivered a third time");
            if dead.info().await.unwrap().state.messages > 0 {
                break;
            }
            assert!(Instant::now() < deadline, "never dead-lettered");
        }
        let first = dead.info().await.unwrap().state.first_sequence;
        let letter = dead.get_raw_message(first).await.unwrap();
        let header = |name: &str| letter.headers.get(name).map(|v| v.as_str().to_owned());
        assert_eq!(header(embargo_worker::queue::JOB).as_deref(), Some("j-exhausted"));
        assert_eq!(header(embargo_worker::queue::CHUNK).as_deref(), Some("7"));
        let reason = header(embargo_worker::queue::REASON).unwrap();
        assert!(reason.contains("delivered 2 times without an answer"), "{reason}");
        assert_eq!(&letter.payload[..], payload.as_bytes());
        // It left the work stream: nothing blocks the jobs behind it.
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut work = work;
        while work.info().await.unwrap().state.messages > 0 {
            assert!(Instant::now() < deadline, "the exhausted job is still in the work stream");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        mover.abort();
    });
}

#[test]
fn a_bulk_run_via_a_queue_no_worker_pulls_from_fails_clearly_and_resumes_later() {
    let Some(nats_url) = nats() else { return };
    let Some(pg) = Pg::new() else { return };
    let queue = unique("tn");
    let _cleanup = NatsCleanup { url: nats_url.clone(), queue: queue.clone() };
    let db = pg.url.clone();
    let (dir, input) = un_list_and_names(&db, 200);
    let output = dir.path().join("out.csv");
    let via = |wait: &str| {
        embargo(&db)
            .args(["screen", "--input"])
            .arg(&input)
            .arg("--output")
            .arg(&output)
            .args([
                "--via",
                &nats_url,
                "--queue",
                &queue,
                "--chunk-rows",
                "20",
                "--worker-wait",
                wait,
            ])
            .output()
            .unwrap()
    };
    let started = Instant::now();
    let out = via("2");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no screening worker has pulled from queue"), "{err}");
    assert!(err.contains("resumes it"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(60), "waited {:?}", started.elapsed());
    // A worker comes: the same command finishes the kept job.
    let w = Worker::start(&db, &nats_url, &queue, "n1", &[]);
    let out = via("30");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(&output).unwrap().to_lowercase().contains("badege"));
    assert_eq!(pg.ints("SELECT COUNT(DISTINCT job_id), COUNT(*) FROM job_results"), vec![1, 10]);
    drop(w);
}

/// Runs `cmd`, failing the test if it has not finished within `limit` (a hang is a failure).
fn output_within(mut cmd: Command, limit: Duration) -> std::process::Output {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_job_dispatched_again_inside_the_deduplication_window_is_screened_again() {
    let Some(nats_url) = nats() else { return };
    let Some(pg) = Pg::new() else { return };
    let queue = unique("td");
    let _cleanup = NatsCleanup { url: nats_url.clone(), queue: queue.clone() };
    let db = pg.url.clone();
    let (dir, input) = un_list_and_names(&db, 200);
    let w = Worker::start(&db, &nats_url, &queue, "d1", &[]);
    let run = |output: &std::path::Path| {
        let mut cmd = embargo(&db);
        cmd.args(["screen", "--input"]).arg(&input).arg("--output").arg(output).args([
            "--via",
            &nats_url,
            "--queue",
            &queue,
            "--chunk-rows",
            "40",
        ]);
        let out = output_within(cmd, Duration::from_secs(90));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    let first = dir.path().join("first.csv");
    run(&first);
    // The results are lost (say, a chunk was dead-lettered and its result never written): the
    // same job dispatched again at once must be delivered again, not dropped as a duplicate.
    assert_eq!(pg.ints("SELECT COUNT(*) FROM job_results")[0], 5);
    pg.ints("WITH gone AS (DELETE FROM job_results RETURNING 1) SELECT COUNT(*) FROM gone");
    let second = dir.path().join("second.csv");
    run(&second);
    assert_eq!(std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap());
    assert_eq!(pg.ints("SELECT COUNT(*) FROM job_results")[0], 5);
    drop(w);
}
