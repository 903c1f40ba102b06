//! Store tests for list versions: atomic import, current version, no-op re-import, rollback on
//! bad input. Every test runs on SQLite (temp file) and on PostgreSQL (a fresh schema per test;
//! URL from `EMBARGO_TEST_POSTGRES`, skipped with a message when unreachable unless `CI` is set).

use std::future::Future;
use std::path::{Path, PathBuf};

use embargo_lists::model::{Designation, Kind, Source};
use embargo_lists::ParseError;
use embargo_store::lists::{ImportError, ImportOptions, ImportOutcome, NewListVersion};
use embargo_store::Store;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lists")
}

fn read(path: &Path) -> Vec<Designation> {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    embargo_lists::parse_all(file, None).unwrap().1
}

fn meta(source: Source, sha: &str) -> NewListVersion {
    NewListVersion {
        source,
        format: "un-xml".into(),
        published: Some("2026-03-02".parse().unwrap()),
        sha256: sha.into(),
        file_name: Some("fixture.xml".into()),
        imported_at: jiff::Timestamp::from_second(1_780_000_000).unwrap(),
    }
}

fn ok_items(v: Vec<Designation>) -> impl Iterator<Item = Result<Designation, ParseError>> {
    v.into_iter().map(Ok)
}

/// Runs `body` against a fresh SQLite store and, when reachable, a fresh Postgres schema.
async fn on_every_backend<F, Fut>(body: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let store = Store::connect(&url).await.unwrap();
    body(store.clone()).await;
    store.close().await;

    let base = std::env::var("EMBARGO_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    sqlx::any::install_default_drivers();
    let admin = match sqlx::AnyPool::connect(&base).await {
        Ok(pool) => pool,
        Err(e) => {
            if std::env::var_os("CI").is_some() {
                panic!(
                    "PostgreSQL at {} unreachable and CI is set: {e}",
                    embargo_store::redact(&base)
                );
            }
            eprintln!("SKIPPED Postgres half: {} unreachable: {e}", embargo_store::redact(&base));
            return;
        }
    };
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let schema = format!("t_lists_{}_{}", std::process::id(), nanos);
    sqlx::query(&format!("CREATE SCHEMA {schema}")).execute(&admin).await.unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
    let store = Store::connect(&url).await.unwrap();
    let outcome = tokio::spawn(body(store.clone())).await;
    store.close().await;
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE")).execute(&admin).await.unwrap();
    admin.close().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

#[tokio::test]
async fn import_marks_current_and_reimport_is_a_noop() {
    on_every_backend(|store| async move {
        let fixture = read(&fixtures().join("un/consolidated_fixture.xml"));
        assert!(store.list_versions().await.unwrap().is_empty());
        let v1 = match store
            .import_list(meta(Source::Un, "aa11"), ok_items(fixture.clone()))
            .await
            .unwrap()
        {
            ImportOutcome::Imported(v) => v,
            other => panic!("{other:?}"),
        };
        assert_eq!(v1.records, 2);
        assert_eq!(v1.aliases, 2);
        assert_eq!(v1.kinds.get("person"), Some(&1));
        assert_eq!(v1.kinds.get("entity"), Some(&1));
        assert!(v1.current);
        assert_eq!(v1.published.unwrap().to_string(), "2026-03-02");
        assert_eq!(v1.sha256, "aa11");

        let current = store.current_designations(&[Source::Un]).await.unwrap();
        assert_eq!(current, fixture);
        assert_eq!(store.current_designations(&[]).await.unwrap().len(), 2);
        assert!(store.current_designations(&[Source::Ofac]).await.unwrap().is_empty());

        match store.import_list(meta(Source::Un, "aa11"), ok_items(fixture.clone())).await.unwrap()
        {
            ImportOutcome::Unchanged { version, reactivated } => {
                assert_eq!(version.id, v1.id);
                assert!(!reactivated);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(store.list_versions().await.unwrap().len(), 1);

        // A second version replaces the first as current; the first stays readable. (It drops
        // one of two designations, so the shrink guard must be lifted.)
        let mut second = fixture.clone();
        second.pop();
        let allow = ImportOptions { allow_shrink: true, ..ImportOptions::default() };
        let v2 = match store
            .import_list_with(meta(Source::Un, "bb22"), ok_items(second), allow)
            .await
            .unwrap()
        {
            ImportOutcome::Imported(v) => v,
            other => panic!("{other:?}"),
        };
        let versions = store.list_versions().await.unwrap();
        assert_eq!(versions.len(), 2);
        assert!(!versions[0].current && versions[1].current);
        assert_eq!(store.current_designations(&[]).await.unwrap().len(), 1);
        assert_eq!(store.version_designations(v1.id).await.unwrap().len(), 2);
        assert_eq!(store.current_list_versions().await.unwrap()[0].id, v2.id);

        // Re-importing the first file makes it current again without writing a new version.
        match store.import_list(meta(Source::Un, "aa11"), ok_items(fixture)).await.unwrap() {
            ImportOutcome::Unchanged { version, reactivated } => {
                assert_eq!(version.id, v1.id);
                assert!(reactivated);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(store.current_designations(&[]).await.unwrap().len(), 2);
        assert!(matches!(
            store.version_designations(9999).await,
            Err(embargo_store::StoreError::NotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn failed_or_empty_import_changes_nothing() {
    on_every_backend(|store| async move {
        let fixture = read(&fixtures().join("un/consolidated_fixture.xml"));
        store.import_list(meta(Source::Un, "good"), ok_items(fixture.clone())).await.unwrap();
        let before = store.list_versions().await.unwrap();

        // The real parser on a truncated file: the error arrives after the first record.
        let text = std::fs::read_to_string(fixtures().join("un/consolidated_fixture.xml")).unwrap();
        let cut = text.find("<ENTITY>").unwrap() + 40;
        let truncated = text.as_bytes()[..cut].to_vec();
        let parser = embargo_lists::parse(std::io::Cursor::new(truncated), None).unwrap();
        let err = store.import_list(meta(Source::Un, "bad"), parser).await.unwrap_err();
        match &err {
            ImportError::Input { stored, source } => {
                assert_eq!(*stored, 1);
                assert!(source.to_string().contains("truncated"), "{source}");
            }
            other => panic!("{other:?}"),
        }
        let empty: Vec<Result<Designation, ParseError>> = Vec::new();
        assert!(matches!(
            store.import_list(meta(Source::Un, "empty"), empty).await,
            Err(ImportError::Empty)
        ));

        assert_eq!(store.list_versions().await.unwrap(), before);
        assert_eq!(store.current_designations(&[Source::Un]).await.unwrap(), fixture);
    })
    .await;
}

#[tokio::test]
async fn sources_are_independent() {
    on_every_backend(|store| async move {
        let fixture = read(&fixtures().join("un/consolidated_fixture.xml"));
        let mut ofac = fixture[0].clone();
        ofac.source = Source::Ofac;
        ofac.reference = "99901".into();
        ofac.kind = Kind::Person;
        store.import_list(meta(Source::Un, "u1"), ok_items(fixture)).await.unwrap();
        store.import_list(meta(Source::Ofac, "o1"), ok_items(vec![ofac])).await.unwrap();
        assert_eq!(store.current_designations(&[]).await.unwrap().len(), 3);
        assert_eq!(store.current_designations(&[Source::Ofac]).await.unwrap().len(), 1);
        assert_eq!(store.current_designations(&[Source::Ofac, Source::Un]).await.unwrap().len(), 3);
        assert_eq!(store.current_list_versions().await.unwrap().len(), 2);
    })
    .await;
}

#[tokio::test]
async fn real_un_list_imports_in_full() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if !dir.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "shared data {} absent and CI is set",
            dir.display()
        );
        eprintln!("SKIPPED: shared data {} absent", dir.display());
        return;
    }
    on_every_backend(move |store| {
        let path = dir.join("un/consolidated_2026-02-27.xml");
        async move {
            let parser = embargo_lists::parse(
                std::io::BufReader::new(std::fs::File::open(path).unwrap()),
                None,
            )
            .unwrap();
            let published = parser.header().published;
            let mut m = meta(Source::Un, "real");
            m.published = published;
            let v = match store.import_list(m, parser).await.unwrap() {
                ImportOutcome::Imported(v) => v,
                other => panic!("{other:?}"),
            };
            assert_eq!(v.records, 1003);
            assert_eq!(v.kinds.get("person"), Some(&730));
            assert_eq!(v.kinds.get("entity"), Some(&273));
            assert_eq!(v.published.unwrap().to_string(), "2026-02-27");
            let all = store.current_designations(&[Source::Un]).await.unwrap();
            assert_eq!(all.len(), 1003);
            assert!(all.iter().any(|d| d.reference == "LYi.010"));
        }
    })
    .await;
}

/// `n` distinct designations derived from the fixture's first record.
fn many(n: usize) -> Vec<Designation> {
    let base = read(&fixtures().join("un/consolidated_fixture.xml")).remove(0);
    (0..n)
        .map(|i| {
            let mut d = base.clone();
            d.reference = format!("SYN.{i:06}");
            d.primary_name = format!("{} {i}", base.primary_name);
            d
        })
        .collect()
}

#[tokio::test]
async fn a_much_shorter_list_is_refused_unless_allowed() {
    on_every_backend(|store| async move {
        store.import_list(meta(Source::Un, "full"), ok_items(many(100))).await.unwrap();
        let before = store.list_versions().await.unwrap();
        // 89 of 100: more than 10 % fewer.
        let err = store.import_list(meta(Source::Un, "cut"), ok_items(many(89))).await.unwrap_err();
        match &err {
            ImportError::Shrink { current, new, current_version, .. } => {
                assert_eq!((*current, *new, *current_version), (100, 89, before[0].id));
            }
            other => panic!("{other:?}"),
        }
        let text = err.to_string();
        assert!(
            text.contains("89") && text.contains("100") && text.contains("--allow-shrink"),
            "{text}"
        );
        assert_eq!(store.list_versions().await.unwrap(), before, "nothing stored");
        assert_eq!(store.incomplete_list_versions().await.unwrap(), vec![], "nothing left behind");
        assert_eq!(store.current_designations(&[Source::Un]).await.unwrap().len(), 100);
        // 90 of 100 is exactly the limit: accepted; another source is not compared.
        store.import_list(meta(Source::Un, "ninety"), ok_items(many(90))).await.unwrap();
        store.import_list(meta(Source::Ofac, "o"), ok_items(many(1))).await.unwrap();
        // Allowed explicitly.
        let allow = ImportOptions { allow_shrink: true, ..ImportOptions::default() };
        let v = match store
            .import_list_with(meta(Source::Un, "small"), ok_items(many(10)), allow)
            .await
            .unwrap()
        {
            ImportOutcome::Imported(v) => v,
            other => panic!("{other:?}"),
        };
        assert!(v.current && v.records == 10);
    })
    .await;
}

#[tokio::test]
async fn a_killed_import_leaves_nothing_visible_and_is_cleaned_up() {
    on_every_backend(|store| async move {
        store.import_list(meta(Source::Un, "first"), ok_items(many(50))).await.unwrap();
        let before = store.list_versions().await.unwrap();
        // The import task dies after 2,500 designations (three short transactions written):
        // the future is dropped mid-import, as when the process is killed.
        let s = store.clone();
        let killed = tokio::spawn(async move {
            let items = many(5000).into_iter().enumerate().map(|(i, d)| {
                assert!(i < 2500, "killed");
                Ok::<_, ParseError>(d)
            });
            s.import_list(meta(Source::Un, "second"), items).await
        })
        .await;
        assert!(killed.is_err(), "the import task was killed");
        let left = store.incomplete_list_versions().await.unwrap();
        assert_eq!(left.len(), 1, "{left:?}");
        assert_eq!(left[0].1, 2000, "two chunks of 1,000 were committed before the kill");
        // Readers never see it.
        assert_eq!(store.list_versions().await.unwrap(), before);
        assert_eq!(store.current_designations(&[Source::Un]).await.unwrap().len(), 50);
        assert!(store.version_designations(left[0].0).await.is_err());
        // The same file imports again at once, exactly once.
        store.import_list(meta(Source::Un, "second"), ok_items(many(5000))).await.unwrap();
        let versions = store.list_versions().await.unwrap();
        assert_eq!(versions.len(), 2);
        assert_eq!(store.current_designations(&[Source::Un]).await.unwrap().len(), 5000);
        // A fresh leftover is kept (it could be a live import); an old one is removed.
        assert_eq!(
            store.discard_abandoned_imports(std::time::Duration::from_secs(600)).await.unwrap(),
            0
        );
        assert_eq!(store.discard_abandoned_imports(std::time::Duration::ZERO).await.unwrap(), 1);
        assert_eq!(store.incomplete_list_versions().await.unwrap(), vec![]);
        assert_eq!(store.list_versions().await.unwrap(), versions);
    })
    .await;
}

#[tokio::test]
async fn a_failed_import_discards_what_it_wrote() {
    on_every_backend(|store| async move {
        let items = many(2500)
            .into_iter()
            .map(Ok)
            .chain(std::iter::once(Err(ParseError::Unrecognised("cut".into()))));
        let err = store.import_list(meta(Source::Un, "bad"), items).await.unwrap_err();
        assert!(matches!(err, ImportError::Input { stored: 2500, .. }), "{err:?}");
        assert_eq!(store.incomplete_list_versions().await.unwrap(), vec![]);
        assert_eq!(store.list_versions().await.unwrap(), vec![]);
    })
    .await;
}

/// Eight stores opening the same fresh SQLite file at once, each with its own pool (as eight
/// processes would): every one must succeed. Before, the losers of the migration race failed
/// with "table list_versions already exists".
#[test]
fn eight_stores_racing_to_migrate_a_fresh_sqlite_file_all_succeed() {
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("race.db").display());
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (url, barrier) = (url.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let rt =
                        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                    rt.block_on(async {
                        barrier.wait();
                        let store = Store::connect(&url).await?;
                        let n = store.list_versions().await?.len();
                        store.close().await;
                        Ok::<usize, embargo_store::StoreError>(n)
                    })
                })
            })
            .collect();
        for t in threads {
            let result = t.join().unwrap();
            assert!(matches!(result, Ok(0)), "round {round}: {result:?}");
        }
    }
}

/// A SQLite store whose write lock another process holds for longer than the busy timeout
/// gives one clear message, not the driver's "database is locked" three times over.
#[tokio::test]
async fn a_store_that_stays_busy_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("busy.db").display());
    let store = Store::connect(&url).await.unwrap();
    // Another "process": a separate pool holding the write lock.
    sqlx::any::install_default_drivers();
    let other = sqlx::AnyPool::connect(&url).await.unwrap();
    let mut holder = other.acquire().await.unwrap();
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *holder).await.unwrap();
    let started = std::time::Instant::now();
    let err = store.import_list(meta(Source::Un, "x"), ok_items(many(3))).await.unwrap_err();
    let waited = started.elapsed();
    let text = format!("{err}");
    assert!(matches!(err, ImportError::Store(embargo_store::StoreError::Busy)), "{err:?}");
    assert!(text.contains("the store is busy") && text.contains("try again"), "{text}");
    assert!(!text.contains("database is locked"), "{text}");
    assert!(
        std::error::Error::source(&err).is_none_or(|s| !s.to_string().contains("locked")),
        "{text}"
    );
    assert!(waited >= embargo_store::BUSY_TIMEOUT / 2, "it waited ({waited:?}) before giving up");
    sqlx::query("ROLLBACK").execute(&mut *holder).await.unwrap();
    drop(holder);
    other.close().await;
    // Once the lock is released the same import goes through.
    store.import_list(meta(Source::Un, "x"), ok_items(many(3))).await.unwrap();
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_imports_of_one_file_store_one_version() {
    on_every_backend(|store| async move {
        // Four importers of the same file at once (a server's refresh and a CLI import, say):
        // one version is stored and current; the others find it, none fails.
        let list = many(3_000);
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let (store, list) = (store.clone(), list.clone());
            tasks.push(tokio::spawn(async move {
                store
                    .import_list_with(
                        meta(Source::Un, "race"),
                        ok_items(list),
                        ImportOptions::default(),
                    )
                    .await
            }));
        }
        let mut imported = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(ImportOutcome::Imported(_)) => imported += 1,
                Ok(ImportOutcome::Unchanged { .. }) => {}
                Err(e) => panic!("a concurrent import of the same file failed: {e}"),
            }
        }
        assert_eq!(imported, 1);
        let versions = store.list_versions().await.unwrap();
        assert_eq!(versions.len(), 1, "{versions:?}");
        assert!(versions[0].current);
    })
    .await;
}
