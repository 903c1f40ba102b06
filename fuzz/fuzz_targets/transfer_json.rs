//! Fuzz target: the transfer JSON reader of `embargo check` (`Transfer::from_json`, serde into
//! `embargo_domain::Transfer` plus its validation), then the check against the shipped regime
//! data as of the transfer's date and as of a fixed date, with a notification date.

#![no_main]

#[path = "regimes.rs"]
mod regimes;

use embargo_domain::{check, Transfer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let registry = regimes::registry();
    let Ok(transfer) = Transfer::from_json(text, registry.military()) else { return };
    let _ = check(registry, &transfer, None, None);
    let day = jiff::civil::date(2016, 6, 15);
    let _ = check(registry, &transfer, Some(day), Some(day));
});
