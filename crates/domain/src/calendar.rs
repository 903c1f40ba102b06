//! A working-day calendar: weekends plus the official holidays of a duty station (UN
//! Headquarters, New York), given per year as data with per-date confidence.
//!
//! Counting rule (documented in `regimes/calendar-un-hq.toml`, confidence [U]): a period of
//! `n` working days runs from the day *after* receipt; the period ends at the end of the `n`th
//! working day. Years not covered by the data are an explicit error: the calendar never
//! silently assumes that a year has no holidays.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Serialize};

use crate::regime::Confidence;

/// Errors of working-day arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The period reaches a year for which the calendar has no holiday data.
    #[error(
        "calendar `{calendar}` has no holiday data for {year} (covered: {first}–{last}); \
         add the year's official holidays to the calendar file"
    )]
    YearNotCovered {
        /// Calendar id.
        calendar: String,
        /// The missing year.
        year: i16,
        /// First covered year.
        first: i16,
        /// Last covered year.
        last: i16,
    },
    /// Date arithmetic overflowed (dates beyond 9999).
    #[error("date out of range")]
    OutOfRange,
}

/// One official holiday.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    /// The day the office is closed (already weekend-shifted).
    pub date: Date,
    /// Name of the holiday.
    pub name: String,
    /// V (circular), S (secondary), C (computed by rule), U (ambiguous shift).
    pub confidence: Confidence,
    /// Alternatives or remarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The calendar data file as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    /// Always `"calendar"`.
    pub kind: String,
    /// Calendar id, e.g. `un-hq`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The counting rule in words.
    pub counting_rule: String,
    /// Confidence of the counting rule.
    pub counting_rule_confidence: Confidence,
    /// Where the dates come from.
    pub sources: Vec<String>,
    /// First year covered.
    pub first_year: i16,
    /// Last year covered.
    pub last_year: i16,
    /// Official holidays.
    pub holiday: Vec<Holiday>,
}

/// A validated working-day calendar.
#[derive(Debug, Clone)]
pub struct Calendar {
    file: CalendarFile,
    holidays: BTreeMap<Date, usize>,
}

impl Calendar {
    /// Builds a calendar from its data; holidays must lie in the covered years, on weekdays,
    /// and be unique. Errors are `(field path, message)`.
    pub fn new(file: CalendarFile) -> Result<Self, (String, String)> {
        if file.first_year > file.last_year {
            return Err((
                "last_year".into(),
                format!("first_year {} is after last_year {}", file.first_year, file.last_year),
            ));
        }
        let mut holidays = BTreeMap::new();
        for (i, h) in file.holiday.iter().enumerate() {
            if h.date.year() < file.first_year || h.date.year() > file.last_year {
                return Err((
                    format!("holiday[{i}].date"),
                    format!("{} is outside the covered years", h.date),
                ));
            }
            if matches!(h.date.weekday(), Weekday::Saturday | Weekday::Sunday) {
                return Err((
                    format!("holiday[{i}].date"),
                    format!("{} ({}) falls on a weekend", h.date, h.name),
                ));
            }
            if holidays.insert(h.date, i).is_some() {
                return Err((format!("holiday[{i}].date"), format!("{} is listed twice", h.date)));
            }
        }
        Ok(Self { file, holidays })
    }

    /// Calendar id.
    pub fn id(&self) -> &str {
        &self.file.id
    }

    /// The underlying data.
    pub fn data(&self) -> &CalendarFile {
        &self.file
    }

    /// The holiday on a date, if any.
    pub fn holiday(&self, date: Date) -> Option<&Holiday> {
        self.holidays.get(&date).map(|&i| &self.file.holiday[i])
    }

    fn covered(&self, date: Date) -> Result<(), CalendarError> {
        let year = date.year();
        if year < self.file.first_year || year > self.file.last_year {
            Err(CalendarError::YearNotCovered {
                calendar: self.file.id.clone(),
                year,
                first: self.file.first_year,
                last: self.file.last_year,
            })
        } else {
            Ok(())
        }
    }

    /// Whether `date` is a working day (not a weekend, not an official holiday).
    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        if matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
            return Ok(false);
        }
        self.covered(date)?;
        Ok(!self.holidays.contains_key(&date))
    }

    /// The last day of a period of `n` working days counted from the day after `start`.
    /// With `n == 0` the answer is `start` itself.
    pub fn add_working_days(&self, start: Date, n: u32) -> Result<Date, CalendarError> {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day.tomorrow().map_err(|_| CalendarError::OutOfRange)?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Ok(day)
    }

    /// The latest date that still leaves `n` working days before `end`: the filing deadline
    /// for "at least `n` working days before delivery" (the `n` working days are those strictly
    /// before `end`).
    pub fn working_days_before(&self, end: Date, n: u32) -> Result<Date, CalendarError> {
        let mut day = end;
        let mut left = n;
        while left > 0 {
            day = day.yesterday().map_err(|_| CalendarError::OutOfRange)?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        // `day` is the nth working day before `end`; filing must reach the committee before it.
        day.yesterday().map_err(|_| CalendarError::OutOfRange)
    }

    /// The official holidays that fall inside `(start, end]`, for explanations.
    pub fn holidays_between(&self, start: Date, end: Date) -> Vec<&Holiday> {
        self.holidays
            .range(start..=end)
            .filter(|(d, _)| **d > start)
            .map(|(_, &i)| &self.file.holiday[i])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cal() -> Calendar {
        Calendar::new(CalendarFile {
            kind: "calendar".into(),
            id: "t".into(),
            name: "t".into(),
            counting_rule: "x".into(),
            counting_rule_confidence: Confidence::U,
            sources: vec![],
            first_year: 2013,
            last_year: 2013,
            holiday: vec![Holiday {
                date: date(2013, 7, 4),
                name: "Independence Day".into(),
                confidence: Confidence::C,
                note: None,
            }],
        })
        .unwrap()
    }

    #[test]
    fn counts_from_the_day_after_and_skips_weekends_and_holidays() {
        let c = cal();
        // Mon 3 Jun 2013 + 5 working days = Mon 10 Jun.
        assert_eq!(c.add_working_days(date(2013, 6, 3), 5).unwrap(), date(2013, 6, 10));
        // Fri 7 Jun + 1 = Mon 10 Jun.
        assert_eq!(c.add_working_days(date(2013, 6, 7), 1).unwrap(), date(2013, 6, 10));
        // Tue 2 Jul + 2: Wed 3, (Thu 4 holiday), Fri 5.
        assert_eq!(c.add_working_days(date(2013, 7, 2), 2).unwrap(), date(2013, 7, 5));
        assert_eq!(c.add_working_days(date(2013, 7, 2), 0).unwrap(), date(2013, 7, 2));
        assert!(!c.is_working_day(date(2013, 7, 4)).unwrap());
    }

    #[test]
    fn filing_deadline_before_delivery() {
        let c = cal();
        // Delivery Mon 10 Jun 2013, 5 working days before: Mon 3 … Fri 7 Jun; file by Sun 2 Jun.
        assert_eq!(c.working_days_before(date(2013, 6, 10), 5).unwrap(), date(2013, 6, 2));
        // Across Independence Day: delivery Tue 9 Jul, 3 working days: Mon 8, Fri 5, Wed 3.
        assert_eq!(c.working_days_before(date(2013, 7, 9), 3).unwrap(), date(2013, 7, 2));
    }

    #[test]
    fn uncovered_year_is_an_error() {
        let c = cal();
        let err = c.add_working_days(date(2013, 12, 30), 5).unwrap_err();
        assert!(matches!(err, CalendarError::YearNotCovered { year: 2014, .. }), "{err}");
    }
}
