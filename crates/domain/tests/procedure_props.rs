//! Property tests of the procedure over random command sequences by random actors at
//! increasing times: delivered never exceeds approved (nor approved requested), the audit
//! chain of everything accepted verifies, terminal states stay terminal, and every event
//! starts from the status the case had.

use embargo_domain::country::CountryCode;
use embargo_domain::procedure::audit::{verify, ChainedEvent, GENESIS};
use embargo_domain::procedure::ground::{
    GroundRules, ItemScope, ProcedureKind, ProcedureParams, SimpleCalendar,
};
use embargo_domain::procedure::machine::{
    apply, create, Actor, Command, Context, DeliveryLine, IncidentKind, ItemApproval, Phase, Role,
};
use embargo_domain::procedure::model::{
    DeliveryPlan, Document, Item, Party, RequestContent, Submitter,
};
use embargo_domain::procedure::{Committee, Offices};
use jiff::{Timestamp, ToSpan};
use proptest::prelude::*;

fn content() -> RequestContent {
    let item = |d: &str, cat: &str, q: i64| Item {
        description: d.into(),
        category: cat.into(),
        lethal: true,
        lethal_justification: Some("weapon".into()),
        quantity: q,
        unit: Some("pieces".into()),
        value: None,
        calibre: None,
        serial_numbers: vec![],
        origin: None,
    };
    RequestContent {
        ground: "test/g".into(),
        title: None,
        submitter: Submitter {
            kind: "member_state_mission".into(),
            name: "Mission".into(),
            country: Some("IT".into()),
        },
        parties: vec![Party {
            role: "end_user".into(),
            name: "Presidential Guard".into(),
            country: "LY".into(),
            category: Some("government_forces".into()),
            government: Some("Government of National Accord".into()),
            details: Some("Tripoli".into()),
        }],
        items: vec![
            item("rifles 7.62x39 mm", "ML1", 50),
            item("ammunition 7.62x39 mm", "ML3", 1000),
        ],
        end_use: Some("security".into()),
        purpose: None,
        weapons_in_service: vec![],
        delivery: DeliveryPlan {
            dates: vec!["2031-06-01".parse().unwrap()],
            ..DeliveryPlan::default()
        },
        documents: vec![Document {
            kind: "responsible_body_note".into(),
            reference: "N1".into(),
            date: None,
            issued_by: None,
        }],
        national_licence: None,
    }
}

fn ground(notification: bool) -> GroundRules {
    GroundRules {
        id: "test/g".into(),
        regime: "test".into(),
        body: "Committee".into(),
        destination: Some("LY".into()),
        procedure: if notification {
            ProcedureKind::Notification { working_days: 5 }
        } else {
            ProcedureKind::Approval
        },
        citations: vec!["test".into()],
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

fn params() -> ProcedureParams {
    ProcedureParams {
        hold_max_days: Some(20),
        hold_extension_days: 10,
        hold_max_extensions: 1,
        report_due_days: 5,
        approval_validity_days: 60,
        question_lapse_days: Some(30),
    }
}

fn actors() -> Vec<Actor> {
    let a = |role, id: &str| Actor { role, id: id.into() };
    vec![
        a(Role::Submitter, "owner"),
        a(Role::Submitter, "someone-else"),
        a(Role::Member, "FR"),
        a(Role::Member, "US"),
        a(Role::Member, "DE"),
        a(Role::Chair, "CH"),
        a(Role::Secretariat, "sec"),
        a(Role::Panel, "poe"),
        a(Role::System, "clock"),
    ]
}

/// A command and the actor it is meant for (index into [`actors`]); decisive commands
/// (object, reject, withdraw, lapse) are rare so that sequences reach deliveries.
fn command(kind: u8, n: u64, notification: bool, day: jiff::civil::Date) -> (Command, usize) {
    let office = 5 + (n % 2) as usize;
    let member = 2 + (n % 2) as usize;
    let rare = n % 5 == 0;
    match kind % 25 {
        0..=2 => {
            (Command::Submit { ground: ground(notification), params: params(), hits: vec![] }, 0)
        }
        3 | 4 => (Command::Circulate, office),
        5 | 6 => (Command::Hold { reason: "why".into(), information_requested: None }, member),
        7 | 8 => (Command::Lift { hold: (n % 3) as usize }, member),
        9 => (Command::Ask { question: "which unit?".into() }, member),
        10 => (Command::Answer { question: (n % 2) as usize, answer: "this one".into() }, 0),
        11 if rare => (Command::Object { reason: "no".into() }, member),
        12..=14 => (
            Command::Approve {
                items: if n % 2 == 0 {
                    None
                } else {
                    Some(vec![
                        ItemApproval { item: 0, quantity: n % 60 },
                        ItemApproval { item: 1, quantity: n % 1100 },
                    ])
                },
                conditions: vec![],
            },
            office,
        ),
        15 if rare => (Command::Reject { reason: "no".into() }, office),
        16 if rare => (Command::Withdraw { reason: None }, 0),
        17..=19 => (
            Command::Deliver {
                date: day,
                lines: vec![DeliveryLine {
                    item: (n % 2) as usize,
                    quantity: n % 700,
                    serial_numbers: vec![],
                }],
            },
            0,
        ),
        20 => (Command::Report { delivery: (n % 2) as usize, text: "received".into() }, 0),
        21 => (
            Command::Incident { kind: IncidentKind::Loss, date: day, description: "lost".into() },
            7,
        ),
        22 => (Command::ExtendHold { hold: (n % 2) as usize }, member),
        23 if rare => (Command::Lapse { reason: "stale".into() }, office),
        _ => (Command::Tick, 8),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_command_sequences_keep_the_invariants(
        notification in any::<bool>(),
        steps in prop::collection::vec((any::<u8>(), 0usize..30, any::<u64>(), 0i64..96), 1..80),
    ) {
        let calendar = SimpleCalendar { holidays: vec!["2030-01-01".parse().unwrap()] };
        let members: Vec<CountryCode> = ["CN", "FR", "RU", "GB", "US", "AL", "BR", "GA", "GH", "AE", "EC", "JP", "MT", "MZ", "CH"]
            .iter().map(|c| CountryCode::parse(c).unwrap()).collect();
        let committee = Committee::fixed(2029, 2031, &members);
        let ny = embargo_domain::procedure::time_zone(embargo_domain::procedure::COMMITTEE_TIME_ZONE).unwrap();
        let offices = Offices::fixed(&["test"], 2029, 2031, CountryCode::parse("CH").unwrap(), &["sec"]);
        let ctx = Context { calendar: &calendar, committee: &committee, offices: &offices, time_zone: &ny };
        let actors = actors();
        let mut now: Timestamp = "2029-12-20T09:00:00Z".parse().unwrap();
        let owner = &actors[0];
        let t = create("R-1", content(), owner, now).unwrap();
        let mut case = t.case;
        let mut log: Vec<ChainedEvent> = Vec::new();
        let push = |log: &mut Vec<ChainedEvent>, events: Vec<_>| {
            for e in events {
                let prev = log.last().map(|l: &ChainedEvent| l.hash.clone()).unwrap_or_else(|| GENESIS.to_owned());
                let seq = log.len() as u64 + 1;
                log.push(ChainedEvent::link(seq, e, &prev));
            }
        };
        push(&mut log, t.events);
        let mut terminal: Option<Phase> = None;
        for (kind, who, n, hours) in steps {
            now = now.checked_add(hours.hours()).unwrap();
            let day = embargo_domain::procedure::machine::date_of(now);
            let (cmd, preferred) = command(kind, n, notification, day);
            // Mostly the actor the command is meant for, sometimes anyone (to exercise refusals).
            let who = if who < actors.len() { who } else { preferred };
            let before = case.status().as_str().to_owned();
            if let Ok(t) = apply(&case, &cmd, &actors[who], now, &ctx) {
                if let Some(first) = t.events.first() {
                    prop_assert_eq!(&first.from, &before);
                }
                for pair in t.events.windows(2) {
                    prop_assert_eq!(&pair[0].to, &pair[1].from);
                }
                if let Some(last) = t.events.last() {
                    prop_assert_eq!(last.to.as_str(), t.case.status().as_str());
                }
                case = t.case;
                push(&mut log, t.events);
            }
            for line in &case.ledger {
                prop_assert!(line.delivered <= line.approved, "{line:?}");
                prop_assert!(line.approved <= line.requested, "{line:?}");
            }
            if let Some(phase) = terminal {
                prop_assert_eq!(case.phase, phase, "terminal states stay terminal");
            } else if case.phase.is_terminal() {
                terminal = Some(case.phase);
            }
            if case.phase == Phase::Pending && notification {
                // The clock runs (a deadline) exactly when nothing stops it.
                prop_assert_eq!(case.deadline.is_some(), !case.clock_stopped(), "{:?}", case);
                prop_assert_eq!(case.clock_stopped_with.is_some(), case.clock_stopped(), "{:?}", case);
            }
            if case.phase.is_approved() {
                prop_assert!(case.decision.as_ref().and_then(|d| d.valid_until).is_some());
            }
        }
        let v = verify(&log);
        prop_assert!(v.ok(), "{:?}", v.breaks);
        // Tampering with any one event is detected.
        if log.len() > 1 {
            let mut tampered = log.clone();
            let i = log.len() / 2;
            tampered[i].body.at = "1999-01-01T00:00:00Z".into();
            prop_assert!(!verify(&tampered).ok());
        }
    }
}
