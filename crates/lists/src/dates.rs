//! Date parsing for the formats' many spellings of a date (and of a date of birth).
//!
//! Every function keeps the raw text: a date that cannot be parsed becomes
//! [`BirthDate::Unparsed`], never an error, because lists legitimately carry text such as
//! `24/06/1402 (Hijri Calendar)`.

use jiff::civil::Date;

use crate::model::BirthDate;

/// Parses `YYYY-MM-DD`, ignoring anything after the tenth character (a time-zone suffix such as
/// `-04:00`, `Z` or a time `T…`).
pub fn iso_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let head = s.get(..10)?;
    let b = head.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 'Z', '+', '-', ' '])) {
        return None;
    }
    let year: i16 = head[..4].parse().ok()?;
    let month: i8 = head[5..7].parse().ok()?;
    let day: i8 = head[8..10].parse().ok()?;
    Date::new(year, month, day).ok()
}

/// A plausible four-digit year.
pub fn year(s: &str) -> Option<i16> {
    let s = s.trim();
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i16 = s.parse().ok()?;
    (1000..=2999).contains(&y).then_some(y)
}

/// English month abbreviation or name → 1..=12.
pub fn month(s: &str) -> Option<i8> {
    let s = s.trim().trim_end_matches('.').to_ascii_lowercase();
    let names =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    if s.len() < 3 {
        return None;
    }
    let m = names.iter().position(|n| s.starts_with(n))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (s.len() == 3 || full[m].starts_with(&s) || s == "sept").then_some(m as i8 + 1)
}

/// `DD Mon YYYY` (OFAC) → a date.
pub fn dmy_words(s: &str) -> Option<Date> {
    let mut it = s.split_whitespace();
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || d.len() > 2 {
        return None;
    }
    Date::new(year(y)?, month(m)?, d.parse().ok()?).ok()
}

/// `DD/MM/YYYY` (UK) → a date.
pub fn dmy_slash(s: &str) -> Option<Date> {
    let s = s.trim().trim_start_matches('\'');
    let mut it = s.split('/');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    Date::new(year(y)?, m.trim().parse().ok()?, d.trim().parse().ok()?).ok()
}

/// `MM/DD/YYYY` (OFAC `Publish_Date`) → a date.
pub fn mdy_slash(s: &str) -> Option<Date> {
    let mut it = s.trim().split('/');
    let (m, d, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    Date::new(year(y)?, m.trim().parse().ok()?, d.trim().parse().ok()?).ok()
}

/// An OFAC date of birth (remarks `DOB …` or XML `dateOfBirth`): `DD Mon YYYY`, `YYYY`,
/// `circa YYYY`, `YYYY to YYYY`, `DD Mon YYYY to DD Mon YYYY`, `Mon YYYY`.
pub fn ofac_birth_date(text: &str) -> BirthDate {
    let raw = crate::text::clean(text).unwrap_or_default();
    let mut body = raw.trim_end_matches('.').trim();
    let mut approximate = false;
    for prefix in ["circa ", "Circa ", "approximately ", "Approximately ", "c. ", "ca. "] {
        if let Some(rest) = body.strip_prefix(prefix) {
            body = rest.trim();
            approximate = true;
        }
    }
    if let Some((a, b)) = body.split_once(" to ") {
        let from = year(a).or_else(|| dmy_words(a).map(|d| d.year())).or_else(|| month_year(a));
        let to = year(b).or_else(|| dmy_words(b).map(|d| d.year())).or_else(|| month_year(b));
        if let (Some(from), Some(to)) = (from, to) {
            if from <= to {
                return BirthDate::Range { from, to, raw };
            }
        }
        return BirthDate::Unparsed { raw };
    }
    if let Some(date) = dmy_words(body) {
        return BirthDate::Exact { date, approximate, raw };
    }
    if let Some(y) = year(body) {
        return BirthDate::Year { year: y, approximate, raw };
    }
    if let Some(y) = month_year(body) {
        return BirthDate::Year { year: y, approximate, raw };
    }
    BirthDate::Unparsed { raw }
}

/// `Mon YYYY` → the year.
fn month_year(s: &str) -> Option<i16> {
    let mut it = s.split_whitespace();
    let (m, y) = (it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    month(m)?;
    year(y)
}

/// A UK date of birth: `DD/MM/YYYY`, `00/00/YYYY` or `dd/mm/YYYY` (year only), `00/MM/YYYY` or
/// `dd/MM/YYYY` (month known; kept as a year), with an occasional stray leading `'`.
pub fn uk_birth_date(text: &str) -> BirthDate {
    let raw = crate::text::clean(text).unwrap_or_default();
    let body = raw.trim_start_matches('\'');
    if let Some(date) = dmy_slash(body) {
        return BirthDate::Exact { date, approximate: false, raw };
    }
    let parts: Vec<&str> = body.split('/').collect();
    if parts.len() == 3 {
        if let Some(y) = year(parts[2]) {
            let unknown =
                |p: &str| p.eq_ignore_ascii_case("dd") || p.eq_ignore_ascii_case("mm") || p == "00";
            if unknown(parts[0]) {
                return BirthDate::Year { year: y, approximate: false, raw };
            }
        }
    }
    if let Some(y) = year(body) {
        return BirthDate::Year { year: y, approximate: false, raw };
    }
    BirthDate::Unparsed { raw }
}

/// A FollowTheMoney date prefix: `YYYY`, `YYYY-MM` (kept as a year) or `YYYY-MM-DD`.
pub fn ftm_birth_date(text: &str) -> BirthDate {
    let raw = crate::text::clean(text).unwrap_or_default();
    if let Some(date) = iso_date(&raw) {
        return BirthDate::Exact { date, approximate: false, raw };
    }
    if let Some(y) = raw.get(..4).and_then(year) {
        let rest = &raw[4..];
        let month_ok = rest.is_empty()
            || (rest.len() == 3
                && rest.starts_with('-')
                && rest[1..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)));
        if month_ok {
            return BirthDate::Year { year: y, approximate: false, raw };
        }
    }
    BirthDate::Unparsed { raw }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, dd: i8) -> Date {
        Date::new(y, m, dd).unwrap()
    }

    #[test]
    fn iso_dates_with_suffixes() {
        assert_eq!(iso_date("2015-07-01-04:00"), Some(d(2015, 7, 1)));
        assert_eq!(iso_date("2026-02-27T00:00:09.554Z"), Some(d(2026, 2, 27)));
        assert_eq!(iso_date("2015-07-01"), Some(d(2015, 7, 1)));
        assert_eq!(iso_date("2015-13-01"), None);
        assert_eq!(iso_date("20150701"), None);
    }

    #[test]
    fn ofac_patterns() {
        assert!(
            matches!(ofac_birth_date("14 Aug 1971"), BirthDate::Exact { date, approximate: false, .. } if date == d(1971, 8, 14))
        );
        assert!(matches!(
            ofac_birth_date("1972"),
            BirthDate::Year { year: 1972, approximate: false, .. }
        ));
        assert!(matches!(
            ofac_birth_date("circa 1960"),
            BirthDate::Year { year: 1960, approximate: true, .. }
        ));
        assert!(matches!(
            ofac_birth_date("1955 to 1958"),
            BirthDate::Range { from: 1955, to: 1958, .. }
        ));
        assert!(matches!(
            ofac_birth_date("01 Jan 1960 to 31 Dec 1962"),
            BirthDate::Range { from: 1960, to: 1962, .. }
        ));
        assert!(matches!(ofac_birth_date("Aug 1971"), BirthDate::Year { year: 1971, .. }));
        assert!(matches!(ofac_birth_date("sometime"), BirthDate::Unparsed { .. }));
        match ofac_birth_date("08 Feb 1980") {
            BirthDate::Exact { raw, .. } => assert_eq!(raw, "08 Feb 1980"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn uk_and_ftm_patterns() {
        assert!(
            matches!(uk_birth_date("14/08/1971"), BirthDate::Exact { date, .. } if date == d(1971, 8, 14))
        );
        assert!(matches!(uk_birth_date("00/00/1972"), BirthDate::Year { year: 1972, .. }));
        assert!(matches!(uk_birth_date("dd/mm/1958"), BirthDate::Year { year: 1958, .. }));
        assert!(matches!(uk_birth_date("'00/00/1975"), BirthDate::Year { year: 1975, .. }));
        assert!(matches!(uk_birth_date("31/02/1970"), BirthDate::Unparsed { .. }));
        assert!(matches!(ftm_birth_date("1971-08-14"), BirthDate::Exact { .. }));
        assert!(matches!(ftm_birth_date("1971-08"), BirthDate::Year { year: 1971, .. }));
        assert!(matches!(ftm_birth_date("1972"), BirthDate::Year { year: 1972, .. }));
        assert_eq!(mdy_slash("03/28/2025"), Some(d(2025, 3, 28)));
    }
}
