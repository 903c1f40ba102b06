//! Property tests: every parser, fed arbitrary bytes or damaged fixtures, returns designations
//! or errors and never panics. (The cargo-fuzz targets in `fuzz/` exercise the same entry
//! points for longer runs.)

mod common;

use std::io::Cursor;

use embargo_lists::ofac_csv::{parse_set, Companions};
use embargo_lists::{parse, Format};
use proptest::prelude::*;

fn drain(bytes: &[u8], format: Option<Format>) {
    if let Ok(list) = parse(Cursor::new(bytes.to_vec()), format) {
        for item in list {
            if item.is_err() {
                break;
            }
        }
    }
}

fn fixtures() -> Vec<Vec<u8>> {
    [
        "un/consolidated_fixture.xml",
        "un/consolidated_deviations.xml",
        "ofac/sdn_set/sdn.csv",
        "ofac/xml/sdn.xml",
        "eu/fsf_fixture.xml",
        "uk/ConList.csv",
        "uk/UK-Sanctions-List.csv",
        "ftm/entities.ftm.json",
    ]
    .iter()
    .map(|p| std::fs::read(common::fixtures().join(p)).unwrap())
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        drain(&bytes, None);
        for f in Format::ALL {
            drain(&bytes, Some(*f));
        }
        let companions = Companions {
            alt: Some(Box::new(Cursor::new(bytes.clone()))),
            add: Some(Box::new(Cursor::new(bytes.clone()))),
            comments: Some(Box::new(Cursor::new(bytes.clone()))),
        };
        if let Ok(list) = parse_set(Cursor::new(bytes.clone()), companions) {
            list.for_each(drop);
        }
    }

    #[test]
    fn damaged_fixtures_never_panic(
        which in 0usize..8,
        cut in any::<prop::sample::Index>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
    ) {
        let mut bytes = fixtures().swap_remove(which);
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let end = cut.index(bytes.len() + 1);
        bytes.truncate(end);
        drain(&bytes, None);
        for f in Format::ALL {
            drain(&bytes, Some(*f));
        }
    }
}
