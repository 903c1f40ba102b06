//! Fuzz target: the UnXml parser, forced (no sniffing), on arbitrary bytes. It must return
//! designations or an error, never panic, and stop after the first error.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(list) =
        embargo_lists::parse(std::io::Cursor::new(data), Some(embargo_lists::Format::UnXml))
    {
        for item in list {
            if item.is_err() {
                break;
            }
        }
    }
});
