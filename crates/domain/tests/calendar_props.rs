//! Property tests of working-day arithmetic over the shipped UN Headquarters calendar.

mod common;

use jiff::civil::{date, Date};
use jiff::ToSpan;
use proptest::prelude::*;

fn registry() -> &'static embargo_domain::Registry {
    static REG: std::sync::OnceLock<embargo_domain::Registry> = std::sync::OnceLock::new();
    REG.get_or_init(common::registry)
}

fn day(offset: i64) -> Date {
    date(2011, 1, 1).checked_add(offset.days()).unwrap()
}

proptest! {
    #[test]
    fn period_end_is_the_nth_working_day_after_start(offset in 0i64..5800, n in 1u32..25) {
        let reg = registry();
        let cal = reg.calendar("un-hq").unwrap();
        let start = day(offset);
        let end = cal.add_working_days(start, n).unwrap();
        prop_assert!(end > start);
        prop_assert!(cal.is_working_day(end).unwrap());
        let mut count = 0;
        let mut d = start;
        while d < end {
            d = d.tomorrow().unwrap();
            if cal.is_working_day(d).unwrap() {
                count += 1;
            }
        }
        prop_assert_eq!(count, n);
        // Monotonic in n.
        prop_assert!(cal.add_working_days(start, n + 1).unwrap() > end);
    }
}
