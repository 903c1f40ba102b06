//! Fuzz target: the OFAC CSV set. The input is split on 0xFF bytes into the primary file and
//! its alias, address and comments companions, so the join logic is exercised too.

#![no_main]

use std::io::{Cursor, Read};

use embargo_lists::ofac_csv::{parse_set, Companions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0xFF).map(<[u8]>::to_vec);
    let primary = parts.next().unwrap_or_default();
    let mut companion = || parts.next().map(|p| Box::new(Cursor::new(p)) as Box<dyn Read + Send>);
    let companions = Companions { alt: companion(), add: companion(), comments: companion() };
    if let Ok(list) = parse_set(Cursor::new(primary), companions) {
        for item in list {
            if item.is_err() {
                break;
            }
        }
    }
});
