//! Two `embargo serve` processes against one PostgreSQL (stateless replicas behind a load
//! balancer): concurrent commands through both lose nothing and fork nothing, a list uploaded
//! to one is screened against by the other, and the audit chain verifies.

mod common;

use common::{content, embargo, token, Server};
use serde_json::{json, Value};

/// A fresh schema on the test PostgreSQL, or `None` outside CI when it is unreachable.
fn postgres() -> Option<(String, String, String)> {
    let base = std::env::var("EMBARGO_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let schema = format!("t_replicas_{}_{}", std::process::id(), nanos % 1_000_000_000_000);
    let made = rt.block_on(async {
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
    Some((url, base, schema))
}

fn drop_schema(base: &str, schema: &str) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use sqlx::Executor;
        let admin = sqlx::AnyPool::connect(base).await.unwrap();
        admin.execute(format!("DROP SCHEMA {schema} CASCADE").as_str()).await.unwrap();
        admin.close().await;
    });
}

fn json_of(r: ureq::Response) -> Value {
    serde_json::from_str(&r.into_string().unwrap()).unwrap()
}

fn screen(base: &str, token: &str, name: &str) -> Value {
    let r = ureq::post(&format!("{base}/v1/screen"))
        .set("authorization", &format!("Bearer {token}"))
        .set("content-type", "application/json")
        .send_string(&json!({ "name": name }).to_string())
        .unwrap();
    json_of(r)
}

#[test]
fn two_replicas_on_one_postgres_share_commands_and_lists() {
    let Some((db, base_url, schema)) = postgres() else { return };
    let submitters: Vec<String> =
        ["s1", "s2", "s3", "s4"].iter().map(|n| token(&db, n, "submitter")).collect();
    let admin = token(&db, "root", "admin");
    let analyst = token(&db, "ana", "analyst");
    let auditor = token(&db, "aud", "auditor");
    let a = Server::start(&db, &["--index-poll", "1"], &[]);
    let b = Server::start(&db, &["--index-poll", "1"], &[]);

    // Four accounts create drafts concurrently, alternating between the replicas.
    let mut threads = Vec::new();
    for (who, tok) in submitters.iter().enumerate() {
        let bases = [a.base.clone(), b.base.clone()];
        let tok = tok.clone();
        threads.push(std::thread::spawn(move || {
            let mut acked = Vec::new();
            for i in 0..40 {
                let reference = format!("R{who}-{i}");
                let body = json!({"reference": reference, "content": content(&reference)});
                let resp = ureq::post(&format!("{}/v1/requests", bases[i % 2]))
                    .set("authorization", &format!("Bearer {tok}"))
                    .set("idempotency-key", &reference)
                    .set("content-type", "application/json")
                    .send_string(&body.to_string())
                    .unwrap();
                assert_eq!(resp.status(), 201);
                acked.push(reference);
            }
            acked
        }));
    }
    let acked: Vec<String> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert_eq!(acked.len(), 160);
    // Each replica reads every request written through the other.
    let list = json_of(
        ureq::get(&format!("{}/v1/requests", b.base))
            .set("authorization", &format!("Bearer {auditor}"))
            .call()
            .unwrap(),
    );
    let seen: std::collections::BTreeSet<&str> =
        list.as_array().unwrap().iter().filter_map(|r| r["reference"].as_str()).collect();
    for r in &acked {
        assert!(seen.contains(r.as_str()), "{r} written through one replica is missing");
    }

    // A list uploaded to replica A is screened against by replica B once it has polled.
    let before = screen(&b.base, &analyst, "Orvel Quintas");
    assert!(before["hits"].as_array().unwrap().is_empty(), "{before}");
    let fixture = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/lists/un/consolidated_fixture.xml"
    ))
    .unwrap();
    let uploaded = json_of(
        ureq::post(&format!("{}/v1/lists?name=un.xml", a.base))
            .set("authorization", &format!("Bearer {admin}"))
            .send_bytes(&fixture)
            .unwrap(),
    );
    let version = uploaded["version"]["id"].as_i64().expect("the import names its version");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let after = loop {
        let v = screen(&b.base, &analyst, "Orvel Quintas");
        if v["lists"].as_array().is_some_and(|l| l.iter().any(|x| x["id"] == version)) {
            break v;
        }
        assert!(std::time::Instant::now() < deadline, "replica B never loaded version {version}");
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert!(!after["hits"].as_array().unwrap().is_empty(), "{after}");

    drop(a);
    drop(b);
    let out = embargo(&db).args(["audit", "verify"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    drop_schema(&base_url, &schema);
}
