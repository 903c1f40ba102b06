//! Fuzz target: the request JSON reader (`RequestContent::from_json`: serde with field paths,
//! custom date messages, then the size limits and the character policy), creation of a draft
//! (`procedure::create`), and the procedure's `validate` against the ground the request names
//! in the shipped regime data (or the 2016 Libya ground when it names none that exists).

#![no_main]

#[path = "regimes.rs"]
mod regimes;

use embargo_domain::procedure::from_registry::ground_rules;
use embargo_domain::procedure::machine::{create, Actor, Role};
use embargo_domain::procedure::{validate, RequestContent};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(content) = RequestContent::from_json(text) else { return };
    let registry = regimes::registry();
    let submitted =
        content.delivery.dates.first().copied().unwrap_or(jiff::civil::date(2016, 6, 15));
    let ground = ground_rules(registry, &content.ground, submitted)
        .or_else(|_| ground_rules(registry, "un-libya/res2174-p8", jiff::civil::date(2016, 6, 15)));
    if let Ok(ground) = ground {
        let _ = validate(&content, &ground, submitted, &[], &[]);
    }
    let actor = Actor { role: Role::Submitter, id: "IT-mission".into() };
    let now = jiff::Timestamp::from_second(1_466_000_000).unwrap();
    let _ = create("FUZZ-1", content, &actor, now);
});
