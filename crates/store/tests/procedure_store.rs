//! Conformance suite of the request store and the audit log, run on SQLite (always, temp
//! file) and on PostgreSQL (a fresh schema per test in `EMBARGO_TEST_POSTGRES`, default
//! `postgres://postgres@127.0.0.1:5432/test`; skipped with a message when unreachable unless
//! `CI` is set).

use std::path::Path;

use embargo_domain::country::CountryCode;
use embargo_domain::procedure::audit::BreakKind;
use embargo_domain::procedure::ground::{
    GroundRules, ItemScope, ProcedureKind, ProcedureParams, SimpleCalendar,
};
use embargo_domain::procedure::machine::{
    Actor, Command, Context, DeliveryLine, ItemApproval, Refusal,
};
use embargo_domain::procedure::{Committee, Offices, RequestContent};
use embargo_store::requests::CommandOptions;
use embargo_store::{Backend, Store, StoreError};
use jiff::Timestamp;
use sqlx::Executor;

/// A store on one backend, cleaned up on [`TestDb::cleanup`].
struct TestDb {
    store: Store,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        TestDb { store: Store::connect(&url).await.unwrap(), _dir: Some(dir), pg: None }
    }

    async fn postgres() -> Option<TestDb> {
        let base = std::env::var("EMBARGO_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        sqlx::any::install_default_drivers();
        let admin = match sqlx::AnyPool::connect(&base).await {
            Ok(pool) => pool,
            Err(e) => {
                if std::env::var_os("CI").is_some() {
                    panic!(
                        "PostgreSQL at {} is unreachable in CI: {e}",
                        embargo_store::redact(&base)
                    );
                }
                eprintln!(
                    "skipping the PostgreSQL run: {} unreachable ({e})",
                    embargo_store::redact(&base)
                );
                return None;
            }
        };
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let schema = format!("t_proc_{}_{}", std::process::id(), nanos % 1_000_000_000_000);
        admin.execute(format!("CREATE SCHEMA {schema}").as_str()).await.unwrap();
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
        Some(TestDb {
            store: Store::connect(&url).await.unwrap(),
            _dir: None,
            pg: Some((base, schema)),
        })
    }

    async fn cleanup(self) {
        self.store.close().await;
        if let Some((base, schema)) = self.pg {
            let admin = sqlx::AnyPool::connect(&base).await.unwrap();
            admin.execute(format!("DROP SCHEMA {schema} CASCADE").as_str()).await.unwrap();
            admin.close().await;
        }
    }

    /// Raw SQL as an attacker with database access would run it.
    async fn raw(&self, sql: &str) {
        self.try_raw(sql).await.unwrap();
    }

    async fn try_raw(&self, sql: &str) -> Result<(), sqlx::Error> {
        let url = match &self.pg {
            Some((base, schema)) => {
                let sep = if base.contains('?') { '&' } else { '?' };
                format!("{base}{sep}options=-csearch_path%3D{schema}")
            }
            None => {
                format!("sqlite://{}", self._dir.as_ref().unwrap().path().join("t.db").display())
            }
        };
        let pool = sqlx::AnyPool::connect(&url).await?;
        let result = pool.execute(sql).await.map(|_| ());
        pool.close().await;
        result
    }
}

/// Runs `test` on SQLite, then on PostgreSQL when reachable.
macro_rules! on_both {
    ($name:ident, $body:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let db = TestDb::sqlite().await;
            assert_eq!(db.store.backend(), Backend::Sqlite);
            $body(&db).await;
            db.cleanup().await;
            if let Some(db) = TestDb::postgres().await {
                assert_eq!(db.store.backend(), Backend::Postgres);
                $body(&db).await;
                db.cleanup().await;
            }
        }
    };
}

fn example(name: &str) -> RequestContent {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/requests").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn ground(id: &str, kind: ProcedureKind) -> GroundRules {
    GroundRules {
        id: id.into(),
        regime: "un-libya".into(),
        body: "1970 Committee".into(),
        destination: Some("LY".into()),
        procedure: kind,
        citations: vec!["S/RES/2174 (2014) para 8".into()],
        required_information: vec!["end_user".into(), "quantities".into(), "delivery_dates".into()],
        item_scope: ItemScope {
            lethal_allowed: true,
            non_lethal_allowed: true,
            ..ItemScope::default()
        },
        eligible_end_users: vec![],
        eligible_submitters: vec![],
        submitters_citation: None,
        recognised_government: None,
    }
}

struct World {
    calendar: SimpleCalendar,
    committee: Committee,
    offices: Offices,
    time_zone: jiff::tz::TimeZone,
}

impl World {
    fn new() -> World {
        let members: Vec<CountryCode> = [
            "CN", "FR", "RU", "GB", "US", "AO", "MY", "NZ", "ES", "VE", "EG", "JP", "SN", "UA",
            "UY",
        ]
        .iter()
        .map(|c| CountryCode::parse(c).unwrap())
        .collect();
        World {
            calendar: SimpleCalendar { holidays: vec!["2016-07-04".parse().unwrap()] },
            committee: Committee::fixed(2011, 2026, &members),
            offices: Offices::fixed(
                &["un-libya"],
                2011,
                2026,
                CountryCode::parse("MY").unwrap(),
                &["scsob"],
            ),
            time_zone: embargo_domain::procedure::time_zone(
                embargo_domain::procedure::COMMITTEE_TIME_ZONE,
            )
            .unwrap(),
        }
    }
    fn ctx(&self) -> Context<'_> {
        Context {
            calendar: &self.calendar,
            committee: &self.committee,
            offices: &self.offices,
            time_zone: &self.time_zone,
        }
    }
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn who(s: &str) -> Actor {
    Actor::parse(s).unwrap()
}

async fn run(
    store: &Store,
    w: &World,
    reference: &str,
    actor: &str,
    now: &str,
    command: Command,
) -> Result<embargo_store::requests::Applied, StoreError> {
    store
        .apply_command(
            reference,
            &command,
            &who(actor),
            Some(at(now)),
            &w.ctx(),
            CommandOptions::default(),
        )
        .await
}

async fn ok(
    store: &Store,
    w: &World,
    reference: &str,
    actor: &str,
    now: &str,
    command: Command,
) -> embargo_store::requests::Outcome {
    run(store, w, reference, actor, now, command).await.unwrap().unwrap()
}

/// Creates, submits, circulates and (partly) approves the 2016 request as `LY-2016-014`.
async fn approved_2016(store: &Store, w: &World) {
    let owner = who("submitter:gna");
    store
        .create_request(
            "LY-2016-014",
            &example("2016-gna-request.json"),
            &owner,
            Some(at("2016-06-23T10:00:00Z")),
            None,
        )
        .await
        .unwrap()
        .unwrap();
    let params = ProcedureParams::default();
    ok(
        store,
        w,
        "LY-2016-014",
        "submitter:gna",
        "2016-06-24T10:00:00Z",
        Command::Submit {
            ground: ground("un-libya/res2174-p8", ProcedureKind::Approval),
            params,
            hits: vec![],
        },
    )
    .await;
    ok(store, w, "LY-2016-014", "secretariat:scsob", "2016-06-24T11:00:00Z", Command::Circulate)
        .await;
    ok(
        store,
        w,
        "LY-2016-014",
        "chair:MY",
        "2016-07-06T09:00:00Z",
        Command::Approve {
            items: Some(vec![
                ItemApproval { item: 0, quantity: 3000 },
                ItemApproval { item: 1, quantity: 600000 },
            ]),
            conditions: vec![],
        },
    )
    .await;
}

async fn a_whole_workflow_is_stored_with_its_audit_chain_body(db: &TestDb) {
    let w = World::new();
    let store = &db.store;
    approved_2016(store, &w).await;
    let stored = store.request("LY-2016-014").await.unwrap();
    assert_eq!(stored.case.status().as_str(), "approved");
    assert_eq!(stored.version, 4);
    let delivered = ok(
        store,
        &w,
        "LY-2016-014",
        "submitter:gna",
        "2016-08-16T09:00:00Z",
        Command::Deliver {
            date: "2016-08-15".parse().unwrap(),
            lines: vec![DeliveryLine { item: 0, quantity: 3000, serial_numbers: vec![] }],
        },
    )
    .await;
    assert_eq!(delivered.version, 5);
    let over = run(
        store,
        &w,
        "LY-2016-014",
        "submitter:gna",
        "2016-08-17T09:00:00Z",
        Command::Deliver {
            date: "2016-08-16".parse().unwrap(),
            lines: vec![DeliveryLine { item: 0, quantity: 1, serial_numbers: vec![] }],
        },
    )
    .await
    .unwrap();
    assert!(
        matches!(over, Err(Refusal::Invalid(ref m)) if m.contains("over-delivery")),
        "{over:?}"
    );
    assert_eq!(store.request("LY-2016-014").await.unwrap().version, 5, "a refusal writes nothing");
    // Overdue report listing.
    let overdue = store.overdue_reports("2016-09-20".parse().unwrap()).await.unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(
        (
            overdue[0].reference.as_str(),
            overdue[0].due.to_string().as_str(),
            overdue[0].days_overdue
        ),
        ("LY-2016-014", "2016-09-14", 6)
    );
    assert!(store.overdue_reports("2016-09-14".parse().unwrap()).await.unwrap().is_empty());
    ok(
        store,
        &w,
        "LY-2016-014",
        "submitter:gna",
        "2016-09-21T09:00:00Z",
        Command::Report { delivery: 0, text: "received".into() },
    )
    .await;
    assert!(store.overdue_reports("2016-12-01".parse().unwrap()).await.unwrap().is_empty());
    let events = store.audit_events(None).await.unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.body.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["created", "submitted", "circulated", "approved", "delivered", "report_received"]
    );
    assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert!(report.ok(), "{:?}", report.verification.breaks);
    assert_eq!(report.verification.events, 6);
    let list = store
        .request_cases(Some(embargo_domain::procedure::machine::Status::Approved))
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].1.case.status(), embargo_domain::procedure::machine::Status::Approved);
    assert!(matches!(store.request("NOPE").await, Err(StoreError::NotFound(_))));
}
on_both!(
    a_whole_workflow_is_stored_with_its_audit_chain,
    a_whole_workflow_is_stored_with_its_audit_chain_body
);

async fn idempotency_keys_replay_the_same_command_and_refuse_another_body(db: &TestDb) {
    let w = World::new();
    let store = &db.store;
    let owner = who("submitter:gna");
    let content = example("2016-gna-request.json");
    let first = store
        .create_request("R1", &content, &owner, Some(at("2016-06-23T10:00:00Z")), Some("k-new"))
        .await
        .unwrap()
        .unwrap();
    let again = store
        .create_request("R1", &content, &owner, Some(at("2016-06-23T10:00:05Z")), Some("k-new"))
        .await
        .unwrap()
        .unwrap();
    assert!(again.replayed && !first.replayed);
    assert_eq!(again.events, first.events);
    let submit = Command::Submit {
        ground: ground("un-libya/res2174-p8", ProcedureKind::Approval),
        params: ProcedureParams::default(),
        hits: vec![],
    };
    let opts = CommandOptions { idempotency_key: Some("k-submit"), ..CommandOptions::default() };
    let a = store
        .apply_command(
            "R1",
            &submit,
            &owner,
            Some(at("2016-06-24T10:00:00Z")),
            &w.ctx(),
            opts.clone(),
        )
        .await
        .unwrap()
        .unwrap();
    let b = store
        .apply_command(
            "R1",
            &submit,
            &owner,
            Some(at("2016-06-24T10:00:09Z")),
            &w.ctx(),
            opts.clone(),
        )
        .await
        .unwrap()
        .unwrap();
    assert!(b.replayed);
    assert_eq!(a.events, b.events);
    let other = store
        .apply_command(
            "R1",
            &Command::Withdraw { reason: None },
            &owner,
            Some(at("2016-06-24T10:01:00Z")),
            &w.ctx(),
            opts,
        )
        .await;
    assert!(matches!(other, Err(StoreError::Conflict(_))), "{other:?}");
    assert_eq!(store.audit_events(None).await.unwrap().len(), 2);
    assert_eq!(store.request("R1").await.unwrap().case.status().as_str(), "submitted");
}
on_both!(
    idempotency_keys_replay_the_same_command_and_refuse_another,
    idempotency_keys_replay_the_same_command_and_refuse_another_body
);

async fn two_members_acting_at_the_same_moment_are_both_recorded_or_one_conflicts_body(
    db: &TestDb,
) {
    let w = World::new();
    let store = &db.store;
    approved_2016(store, &w).await; // a first case, to have some history in the chain
    let owner = who("submitter:gna");
    store
        .create_request(
            "R2",
            &example("2016-gna-request.json"),
            &owner,
            Some(at("2016-06-23T10:00:00Z")),
            None,
        )
        .await
        .unwrap()
        .unwrap();
    ok(
        store,
        &w,
        "R2",
        "submitter:gna",
        "2016-06-24T10:00:00Z",
        Command::Submit {
            ground: ground("un-libya/res2174-p8", ProcedureKind::Approval),
            params: ProcedureParams::default(),
            hits: vec![],
        },
    )
    .await;
    ok(store, &w, "R2", "secretariat:scsob", "2016-06-24T11:00:00Z", Command::Circulate).await;
    // Free-for-all: every member holds at once; all are recorded.
    let members = ["FR", "RU", "GB", "US", "ES", "NZ", "AO", "JP"];
    let mut handles = Vec::new();
    for m in members {
        let store = store.clone();
        handles.push(tokio::spawn(async move {
            let w = World::new();
            store
                .apply_command(
                    "R2",
                    &Command::Hold { reason: format!("hold by {m}"), information_requested: None },
                    &who(&format!("member:{m}")),
                    Some(at("2016-06-27T09:00:00Z")),
                    &w.ctx(),
                    CommandOptions::default(),
                )
                .await
        }));
    }
    for h in handles {
        h.await.unwrap().unwrap().unwrap();
    }
    let case = store.request("R2").await.unwrap();
    assert_eq!(case.case.active_holds(), members.len(), "no hold lost");
    // With optimistic versions, two members acting on the same version: one wins, one conflicts.
    let v = case.version;
    let (fr, ru, ctx) = (who("member:FR"), who("member:RU"), w.ctx());
    let hold_of = |m: &str| case.case.holds.iter().position(|h| h.member == m).unwrap();
    let (lift_fr, lift_ru) =
        (Command::Lift { hold: hold_of("FR") }, Command::Lift { hold: hold_of("RU") });
    let (a, b) = tokio::join!(
        store.apply_command(
            "R2",
            &lift_fr,
            &fr,
            Some(at("2016-06-28T09:00:00Z")),
            &ctx,
            CommandOptions { expected_version: Some(v), ..CommandOptions::default() }
        ),
        store.apply_command(
            "R2",
            &lift_ru,
            &ru,
            Some(at("2016-06-28T09:00:00Z")),
            &ctx,
            CommandOptions { expected_version: Some(v), ..CommandOptions::default() }
        ),
    );
    let results = [a, b];
    let wins = results.iter().filter(|r| matches!(r, Ok(Ok(_)))).count();
    let conflicts = results.iter().filter(|r| matches!(r, Err(StoreError::Conflict(_)))).count();
    assert_eq!((wins, conflicts), (1, 1), "{results:?}");
    let after = store.request("R2").await.unwrap();
    assert_eq!(after.case.active_holds(), members.len() - 1);
    assert_eq!(after.version, v + 1);
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert!(report.ok(), "{:?}", report.verification.breaks);
    let seqs: Vec<u64> = store.audit_events(None).await.unwrap().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>(), "no gap, no fork");
}
on_both!(
    two_members_acting_at_the_same_moment_are_both_recorded_or_one_conflicts,
    two_members_acting_at_the_same_moment_are_both_recorded_or_one_conflicts_body
);

async fn a_notification_is_deemed_approved_by_the_tick_body(db: &TestDb) {
    let w = World::new();
    let store = &db.store;
    let owner = who("submitter:uk");
    let mut content = example("2009-p13b-notification.json");
    content.delivery.dates = vec!["2016-07-20".parse().unwrap()];
    content.delivery.return_date = Some("2016-12-01".parse().unwrap());
    store
        .create_request("N1", &content, &owner, Some(at("2016-06-28T10:00:00Z")), None)
        .await
        .unwrap()
        .unwrap();
    let g = GroundRules {
        id: "un-libya/res2009-p13b".into(),
        ..ground("un-libya/res2009-p13b", ProcedureKind::Notification { working_days: 5 })
    };
    ok(
        store,
        &w,
        "N1",
        "submitter:uk",
        "2016-06-28T10:00:00Z",
        Command::Submit { ground: g, params: ProcedureParams::default(), hits: vec![] },
    )
    .await;
    // Circulated Wed 29 June 2016: Thu 30 (1), Fri 1 (2), Mon 4 July holiday, Tue 5 (3), Wed 6 (4), Thu 7 (5).
    let c =
        ok(store, &w, "N1", "secretariat:scsob", "2016-06-29T10:00:00Z", Command::Circulate).await;
    assert_eq!(c.events[0].body.data["deadline"], "2016-07-07");
    // New York days (EDT, UTC-4): 7 July ends at 04:00 UTC on the 8th.
    assert!(store.tick_all(Some(at("2016-07-08T03:59:59Z")), &w.ctx()).await.unwrap().is_empty());
    let changed = store.tick_all(Some(at("2016-07-08T04:00:00Z")), &w.ctx()).await.unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].status.as_str(), "deemed_approved");
    assert!(store.tick_all(Some(at("2016-07-09T00:00:00Z")), &w.ctx()).await.unwrap().is_empty());
    assert!(store.verify_audit(&w.ctx()).await.unwrap().ok());
}
on_both!(
    a_notification_is_deemed_approved_by_the_tick,
    a_notification_is_deemed_approved_by_the_tick_body
);

async fn the_audit_log_refuses_changes_and_verify_names_tampered_events_body(db: &TestDb) {
    let w = World::new();
    let store = &db.store;
    approved_2016(store, &w).await;
    ok(
        store,
        &w,
        "LY-2016-014",
        "panel:poe",
        "2016-08-01T09:00:00Z",
        Command::Incident {
            kind: embargo_domain::procedure::machine::IncidentKind::Loss,
            date: "2016-07-30".parse().unwrap(),
            description: "x".into(),
        },
    )
    .await;
    assert_eq!(store.audit_events(None).await.unwrap().len(), 5);
    // The log is append-only through SQL too.
    assert!(db.try_raw("UPDATE audit_events SET kind = 'x' WHERE seq = 2").await.is_err());
    assert!(db.try_raw("DELETE FROM audit_events WHERE seq = 2").await.is_err());
    assert!(store.verify_audit(&w.ctx()).await.unwrap().ok());

    // A request row changed behind the procedure's back is caught.
    db.raw("UPDATE requests SET status = 'rejected' WHERE reference = 'LY-2016-014'").await;
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert_eq!(report.verification.breaks.len(), 1, "{:?}", report.verification.breaks);
    assert!(report.verification.breaks[0].message.contains("stored as rejected"));
    db.raw("UPDATE requests SET status = 'approved' WHERE reference = 'LY-2016-014'").await;

    // An attacker who drops the guard and edits an event is caught.
    match db.store.backend() {
        Backend::Sqlite => {
            db.raw("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete").await
        }
        Backend::Postgres => db.raw("DROP TRIGGER audit_events_no_change ON audit_events").await,
    }
    db.raw("UPDATE audit_events SET data = '{\"outcome\":\"approved\"}' WHERE seq = 4").await;
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert_eq!(
        (report.verification.breaks[0].seq, &report.verification.breaks[0].kind),
        (4, &BreakKind::Altered),
        "{:?}",
        report.verification.breaks
    );
    // Replaying the request through the state machine sees it too.
    assert!(
        report.verification.breaks.iter().any(|b| b.kind == BreakKind::State && b.seq == 4),
        "{:?}",
        report.verification.breaks
    );

    // Swapping two events' positions is caught as a reordering.
    db.raw("UPDATE audit_events SET seq = 100 WHERE seq = 2").await;
    db.raw("UPDATE audit_events SET seq = 2 WHERE seq = 3").await;
    db.raw("UPDATE audit_events SET seq = 3 WHERE seq = 100").await;
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert!(
        report.verification.breaks.iter().any(|b| b.kind == BreakKind::Reordered),
        "{:?}",
        report.verification.breaks
    );

    // Deleting the last event is caught against the recorded head.
    db.raw("DELETE FROM audit_events WHERE seq = 5").await;
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert!(
        report.verification.breaks.iter().any(|b| b.kind == BreakKind::Missing && b.seq == 5),
        "{:?}",
        report.verification.breaks
    );
}
on_both!(
    the_audit_log_refuses_changes_and_verify_names_tampered_events,
    the_audit_log_refuses_changes_and_verify_names_tampered_events_body
);

/// A small deterministic generator (no external randomness: the sequence is reproducible).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

async fn stored_state_equals_the_pure_replay_body(db: &TestDb) {
    use embargo_domain::procedure::machine::{apply, create};
    let w = World::new();
    let store = &db.store;
    let owner = who("submitter:gna");
    let content = example("2016-gna-request.json");
    let start = at("2016-06-23T10:00:00Z");
    let mut pure = create("P1", content.clone(), &owner, start).unwrap().case;
    store.create_request("P1", &content, &owner, Some(start), None).await.unwrap().unwrap();
    let mut rng = Lcg(20160623);
    let mut now = start;
    let members = ["FR", "RU", "GB", "US", "ES"];
    let mut accepted = 0;
    for _ in 0..250 {
        now = now.checked_add(jiff::SignedDuration::from_hours((rng.next() % 30) as i64)).unwrap();
        let day = embargo_domain::procedure::machine::date_of(now);
        let m = members[(rng.next() % 5) as usize];
        let (actor, command) = match rng.next() % 12 {
            0 => (
                "submitter:gna".to_owned(),
                Command::Submit {
                    ground: ground("un-libya/res2174-p8", ProcedureKind::Approval),
                    params: ProcedureParams::default(),
                    hits: vec![],
                },
            ),
            1 => ("secretariat:scsob".to_owned(), Command::Circulate),
            2 => (
                format!("member:{m}"),
                Command::Hold { reason: "r".into(), information_requested: None },
            ),
            3 | 4 => (format!("member:{m}"), Command::Lift { hold: (rng.next() % 4) as usize }),
            5 => (format!("member:{m}"), Command::Ask { question: "q".into() }),
            6 => (
                "submitter:gna".to_owned(),
                Command::Answer { question: (rng.next() % 3) as usize, answer: "a".into() },
            ),
            7 => (
                "chair:MY".to_owned(),
                Command::Approve {
                    items: Some(vec![ItemApproval { item: 0, quantity: 100 + rng.next() % 3000 }]),
                    conditions: vec![],
                },
            ),
            8..=10 => (
                "submitter:gna".to_owned(),
                Command::Deliver {
                    date: day,
                    lines: vec![DeliveryLine {
                        item: 0,
                        quantity: 1 + rng.next() % 900,
                        serial_numbers: vec![],
                    }],
                },
            ),
            _ => ("system:clock".to_owned(), Command::Tick),
        };
        let expected = apply(&pure, &command, &who(&actor), now, &w.ctx());
        let got = store
            .apply_command(
                "P1",
                &command,
                &who(&actor),
                Some(now),
                &w.ctx(),
                CommandOptions::default(),
            )
            .await
            .unwrap();
        match (expected, got) {
            (Ok(t), Ok(outcome)) => {
                assert_eq!(
                    outcome.events.iter().map(|e| e.body.as_produced()).collect::<Vec<_>>(),
                    t.events
                );
                pure = t.case;
                accepted += 1;
            }
            (Err(a), Err(b)) => assert_eq!(a, b),
            (a, b) => panic!("store and pure machine disagree: {a:?} vs {b:?}"),
        }
        let line = &store.request("P1").await.unwrap().case.ledger[0];
        assert!(line.delivered <= line.approved);
    }
    assert!(accepted > 20, "the sequence must exercise the store ({accepted} accepted)");
    assert_eq!(store.request("P1").await.unwrap().case, pure);
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert!(report.ok(), "{:?}", report.verification.breaks);
}
on_both!(stored_state_equals_the_pure_replay, stored_state_equals_the_pure_replay_body);

async fn a_stored_state_changed_behind_the_procedure_is_named_and_not_acted_on_body(db: &TestDb) {
    let w = World::new();
    let store = &db.store;
    approved_2016(store, &w).await;
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert!(report.ok(), "{:?}", report.verification.breaks);
    assert_eq!(report.requests_replayed, 1);
    // The attack: raise the approved quantity of rifles from 3,000 to 5,000 in the stored state.
    db.raw(
        "UPDATE requests SET state = replace(state, '\"approved\":3000', '\"approved\":5000') WHERE reference = 'LY-2016-014'",
    )
    .await;
    assert_eq!(store.request("LY-2016-014").await.unwrap().case.ledger[0].approved, 5000);
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert_eq!(report.verification.breaks.len(), 1, "{:?}", report.verification.breaks);
    let b = &report.verification.breaks[0];
    assert_eq!(b.kind, BreakKind::State);
    assert!(
        b.message.contains("ledger[0].approved: the events give 3000, stored 5000"),
        "{}",
        b.message
    );
    // The larger delivery is not accepted: no command acts on a state its events do not give.
    let delivery = Command::Deliver {
        date: "2016-08-15".parse().unwrap(),
        lines: vec![DeliveryLine { item: 0, quantity: 5000, serial_numbers: vec![] }],
    };
    let err = run(store, &w, "LY-2016-014", "submitter:gna", "2016-08-16T09:00:00Z", delivery)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Corrupt(_)), "{err}");
    assert!(err.to_string().contains("not the one its last command"), "{err}");
    assert_eq!(store.audit_events(None).await.unwrap().len(), 4, "nothing was written");
}
on_both!(
    a_stored_state_changed_behind_the_procedure_is_named_and_not_acted_on,
    a_stored_state_changed_behind_the_procedure_is_named_and_not_acted_on_body
);

async fn the_log_cannot_be_replaced_truncated_or_lose_its_head_body(db: &TestDb) {
    let w = World::new();
    let store = &db.store;
    approved_2016(store, &w).await;
    let events = store.audit_events(None).await.unwrap();
    let e2 = &events[1];
    match db.store.backend() {
        Backend::Sqlite => {
            // INSERT OR REPLACE deletes the conflicting row without firing a delete trigger.
            let sql = format!(
                "INSERT OR REPLACE INTO audit_events (seq, case_ref, kind, actor, at, from_status, to_status, data, prev_hash, hash) \
                 SELECT seq, case_ref, 'forged', actor, at, from_status, to_status, data, prev_hash, hash FROM audit_events WHERE seq = {}",
                e2.seq
            );
            let err = db.try_raw(&sql).await.unwrap_err();
            assert!(err.to_string().contains("append-only"), "{err}");
            assert!(db.try_raw("INSERT OR REPLACE INTO audit_head (id, seq, hash, touched_at) VALUES (1, 0, 'x', '')").await.is_err());
            assert!(db
                .try_raw("INSERT OR REPLACE INTO requests SELECT * FROM requests")
                .await
                .is_err());
        }
        Backend::Postgres => {
            for table in ["audit_events", "audit_head", "requests"] {
                let err = db.try_raw(&format!("TRUNCATE {table}")).await.unwrap_err();
                assert!(
                    err.to_string().contains("never") || err.to_string().contains("append-only"),
                    "{table}: {err}"
                );
            }
        }
    }
    assert!(db.try_raw("DELETE FROM audit_head").await.is_err());
    assert!(
        db.try_raw("UPDATE audit_head SET seq = 1").await.is_err(),
        "the head only moves forward"
    );
    assert!(db.try_raw("DELETE FROM requests").await.is_err());
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert!(report.ok(), "{:?}", report.verification.breaks);
    assert_eq!(store.audit_events(None).await.unwrap(), events);

    // An attacker who drops the guards and deletes the head row: a named failure, not a raw
    // "no rows returned", and no command runs.
    match db.store.backend() {
        Backend::Sqlite => db.raw("DROP TRIGGER audit_head_no_delete").await,
        Backend::Postgres => db.raw("DROP TRIGGER audit_head_no_delete ON audit_head").await,
    }
    db.raw("DELETE FROM audit_head").await;
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert!(report.recorded_head.is_none());
    assert!(
        report.verification.breaks.iter().any(|b| b.kind == BreakKind::Missing
            && b.message.contains("chain head (the audit_head row) is missing")),
        "{:?}",
        report.verification.breaks
    );
    let err = run(store, &w, "LY-2016-014", "member:FR", "2016-07-07T09:00:00Z", Command::Tick)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("audit_head row) is missing"), "{err}");
}
on_both!(
    the_log_cannot_be_replaced_truncated_or_lose_its_head,
    the_log_cannot_be_replaced_truncated_or_lose_its_head_body
);

async fn procedure_time_is_checked_and_write_time_comes_from_the_store_body(db: &TestDb) {
    let w = World::new();
    let store = &db.store;
    approved_2016(store, &w).await;
    // A command dated in the future is refused: simulated time never passes the store's clock.
    let future = run(
        store,
        &w,
        "LY-2016-014",
        "panel:poe",
        "2999-01-01T00:00:00Z",
        Command::Incident {
            kind: embargo_domain::procedure::machine::IncidentKind::Loss,
            date: "2016-07-30".parse().unwrap(),
            description: "x".into(),
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(future, StoreError::Invalid(_))
            && future.to_string().contains("after the store's clock"),
        "{future}"
    );
    // A command dated before the request's last command is refused with both times.
    let refused = run(
        store,
        &w,
        "LY-2016-014",
        "panel:poe",
        "2016-07-05T09:00:00Z",
        Command::Incident {
            kind: embargo_domain::procedure::machine::IncidentKind::Loss,
            date: "2016-07-04".parse().unwrap(),
            description: "x".into(),
        },
    )
    .await
    .unwrap()
    .unwrap_err();
    assert!(matches!(refused, Refusal::TimeBackwards { .. }), "{refused}");
    assert!(
        refused.to_string().contains("2016-07-05T09:00:00Z")
            && refused.to_string().contains("2016-07-06T09:00:00Z"),
        "{refused}"
    );
    // Without a simulated time, procedure time is the store's clock; every event records when
    // it was written from that clock, after (or at) its procedure time.
    let before = Timestamp::now();
    let outcome = store
        .apply_command(
            "LY-2016-014",
            &Command::Incident {
                kind: embargo_domain::procedure::machine::IncidentKind::Loss,
                date: "2016-07-30".parse().unwrap(),
                description: "crate lost in transit".into(),
            },
            &who("panel:poe"),
            None,
            &w.ctx(),
            CommandOptions::default(),
        )
        .await
        .unwrap()
        .unwrap();
    let e = &outcome.events[0];
    let at: Timestamp = e.body.at.parse().unwrap();
    let recorded: Timestamp = e.body.recorded_at.as_deref().unwrap().parse().unwrap();
    assert_eq!(at, recorded);
    assert!((recorded - before).get_seconds().abs() < 60, "{recorded} vs {before}");
    for e in store.audit_events(None).await.unwrap() {
        let recorded: Timestamp = e.body.recorded_at.as_deref().unwrap().parse().unwrap();
        assert!(e.body.at.parse::<Timestamp>().unwrap() <= recorded, "{e:?}");
    }
    assert!(store.verify_audit(&w.ctx()).await.unwrap().ok());
}
on_both!(
    procedure_time_is_checked_and_write_time_comes_from_the_store,
    procedure_time_is_checked_and_write_time_comes_from_the_store_body
);

async fn a_rewritten_chain_is_caught_by_a_signed_checkpoint_body(db: &TestDb) {
    use embargo_domain::procedure::audit::ChainedEvent;
    use embargo_domain::procedure::checkpoint::{key_from_seed, verify_checkpoints, Checkpoint};
    let w = World::new();
    let store = &db.store;
    approved_2016(store, &w).await;
    let key = key_from_seed([42; 32]);
    let head = store.audit_head().await.unwrap();
    assert_eq!(head.seq, 4);
    let cp =
        Checkpoint::sign(&key, 4, &head.hash, head.recorded_at.as_deref(), "2026-12-06T00:00:00Z");
    let events = store.audit_events(None).await.unwrap();
    assert!(verify_checkpoints(std::slice::from_ref(&cp), &events, &key.verifying_key()).is_empty());

    // The attack: drop the guards, change when event 2 was written, recompute every hash from
    // there and move the head: the chain verifies on its own.
    match db.store.backend() {
        Backend::Sqlite => {
            db.raw("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete").await
        }
        Backend::Postgres => db.raw("DROP TRIGGER audit_events_no_change ON audit_events").await,
    }
    let mut prev = events[0].hash.clone();
    for e in &events[1..] {
        let mut body = e.body.clone();
        if e.seq == 2 {
            // Still between its neighbours, so the times add up.
            body.recorded_at = events[2].body.recorded_at.clone();
        }
        let forged = ChainedEvent::link(e.seq, body, &prev);
        db.raw(&format!(
            "UPDATE audit_events SET recorded_at = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {}",
            forged.body.recorded_at.as_deref().unwrap(),
            forged.prev_hash,
            forged.hash,
            e.seq
        ))
        .await;
        prev = forged.hash;
    }
    db.raw(&format!("UPDATE audit_head SET hash = '{prev}' WHERE id = 1")).await;
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert!(
        report.ok(),
        "the rewrite is invisible without an anchor: {:?}",
        report.verification.breaks
    );
    let rewritten = store.audit_events(None).await.unwrap();
    let breaks = verify_checkpoints(&[cp], &rewritten, &key.verifying_key());
    assert_eq!(breaks.len(), 1, "{breaks:?}");
    assert_eq!(breaks[0].kind, BreakKind::Checkpoint);
    assert!(breaks[0].message.contains("rewritten"), "{}", breaks[0].message);
}
on_both!(
    a_rewritten_chain_is_caught_by_a_signed_checkpoint,
    a_rewritten_chain_is_caught_by_a_signed_checkpoint_body
);

async fn a_tampered_request_does_not_stop_the_clock_for_the_others_body(db: &TestDb) {
    let w = World::new();
    let store = &db.store;
    for r in ["T-1", "T-2"] {
        store
            .create_request(
                r,
                &example("2016-gna-request.json"),
                &who("submitter:gna"),
                Some(at("2016-06-23T10:00:00Z")),
                None,
            )
            .await
            .unwrap()
            .unwrap();
        ok(
            store,
            &w,
            r,
            "submitter:gna",
            "2016-06-24T10:00:00Z",
            Command::Submit {
                ground: ground(
                    "un-libya/res2174-p8",
                    ProcedureKind::Notification { working_days: 5 },
                ),
                params: ProcedureParams::default(),
                hits: vec![],
            },
        )
        .await;
        ok(store, &w, r, "secretariat:scsob", "2016-06-24T11:00:00Z", Command::Circulate).await;
    }
    db.raw("UPDATE requests SET state = replace(state, '\"owner\":\"gna\"', '\"owner\":\"gnb\"') WHERE reference = 'T-1'").await;
    let changed = store.tick_all(Some(at("2016-07-12T10:00:00Z")), &w.ctx()).await.unwrap();
    let refs: Vec<&str> = changed.iter().map(|o| o.reference.as_str()).collect();
    assert_eq!(refs, ["T-2"], "T-2 is deemed approved, T-1 is left alone");
    let report = store.verify_audit(&w.ctx()).await.unwrap();
    assert!(
        report.verification.breaks.iter().any(|b| b.message.contains("T-1")),
        "{:?}",
        report.verification.breaks
    );
}
on_both!(
    a_tampered_request_does_not_stop_the_clock_for_the_others,
    a_tampered_request_does_not_stop_the_clock_for_the_others_body
);
