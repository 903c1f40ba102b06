//! Fuzz target: format detection plus whichever parser it picks, on arbitrary bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = embargo_lists::sniff(data);
    if let Ok(list) = embargo_lists::parse(std::io::Cursor::new(data), None) {
        for item in list {
            if item.is_err() {
                break;
            }
        }
    }
});
