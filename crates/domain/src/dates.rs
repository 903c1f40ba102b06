//! Dates and instants read from people: command-line flags and request JSON.
//!
//! jiff's civil dates run from -9999-01-01 to 9999-12-31; a year outside that range (`10000-01-01`,
//! `+012016-06-15`) makes jiff's parser report something about the digits it expected next
//! ("failed to parse two digit integer as month"). [`parse_date`] and [`parse_timestamp`] look
//! at the year first and say what is wrong with it; any other mistake keeps jiff's explanation.
//! The [`serde_date`], [`serde_option_date`] and [`serde_dates`] modules use the same messages
//! for `#[serde(deserialize_with = …)]` fields.

use jiff::civil::Date;
use jiff::Timestamp;

/// The earliest year a date may have.
pub const MIN_YEAR: i64 = -9999;
/// The latest year a date may have.
pub const MAX_YEAR: i64 = 9999;

/// Why a date or time was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing given.
    #[error("empty date")]
    Empty,
    /// The year is outside -9999..=9999.
    #[error("year {year} is out of range: dates run from -9999 to 9999")]
    YearOutOfRange {
        /// The year as written, without leading zeros (it may not fit any integer).
        year: String,
    },
    /// Anything else, with jiff's explanation.
    #[error("`{text}` is not a valid {expected}: {reason}")]
    Invalid {
        /// The text.
        text: String,
        /// What was expected, e.g. `date (YYYY-MM-DD)`.
        expected: &'static str,
        /// Why not.
        reason: String,
    },
}

/// Parses `YYYY-MM-DD` (surrounding whitespace ignored).
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let t = text.trim();
    check_year(t)?;
    t.parse::<Date>().map_err(|e| DateError::Invalid {
        text: t.to_owned(),
        expected: "date (YYYY-MM-DD)",
        reason: e.to_string(),
    })
}

/// Parses an RFC 3339 instant such as `2016-06-24T10:00:00Z` (surrounding whitespace ignored).
pub fn parse_timestamp(text: &str) -> Result<Timestamp, DateError> {
    let t = text.trim();
    check_year(t)?;
    t.parse::<Timestamp>().map_err(|e| DateError::Invalid {
        text: t.to_owned(),
        expected: "RFC 3339 time such as 2016-06-24T10:00:00Z",
        reason: e.to_string(),
    })
}

/// Refuses a text whose leading year (optional sign, then digits up to the first `-`) is
/// outside [`MIN_YEAR`]..=[`MAX_YEAR`]; anything that does not start like a year passes, for
/// the parser to explain.
fn check_year(t: &str) -> Result<(), DateError> {
    if t.is_empty() {
        return Err(DateError::Empty);
    }
    let (negative, rest) = match t.as_bytes()[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !matches!(rest.as_bytes().get(digits), None | Some(b'-')) {
        return Ok(());
    }
    let significant = rest[..digits].trim_start_matches('0');
    let in_range = significant.len() <= 4; // at most 9999 either way
    if in_range {
        return Ok(());
    }
    let sign = if negative { "-" } else { "" };
    Err(DateError::YearOutOfRange { year: format!("{sign}{significant}") })
}

/// `#[serde(deserialize_with = "crate::dates::serde_date::deserialize")]` for a `Date`.
pub mod serde_date {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer};

    /// Reads a `YYYY-MM-DD` string with [`super::parse_date`]'s messages.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        super::parse_date(&text).map_err(serde::de::Error::custom)
    }
}

/// `#[serde(default, deserialize_with = "crate::dates::serde_option_date::deserialize")]` for
/// an `Option<Date>` (`null` or absent is `None`).
pub mod serde_option_date {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer};

    /// Reads `null` or a `YYYY-MM-DD` string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        match Option::<std::borrow::Cow<str>>::deserialize(d)? {
            None => Ok(None),
            Some(text) => super::parse_date(&text).map(Some).map_err(serde::de::Error::custom),
        }
    }
}

/// `#[serde(default, deserialize_with = "crate::dates::serde_dates::deserialize")]` for a
/// `Vec<Date>`.
pub mod serde_dates {
    use jiff::civil::Date;
    use serde::Deserializer;

    /// Reads an array of `YYYY-MM-DD` strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
        struct Dates;
        impl<'de> serde::de::Visitor<'de> for Dates {
            type Value = Vec<Date>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array of dates (YYYY-MM-DD)")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(Day(date)) = seq.next_element()? {
                    out.push(date);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Dates)
    }

    /// One element: a date read with the module's messages.
    struct Day(Date);

    impl<'de> serde::Deserialize<'de> for Day {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::serde_date::deserialize(d).map(Day)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_beyond_9999_are_named() {
        for (text, year) in [
            ("10000-01-01", "10000"),
            ("+012016-06-15", "12016"),
            ("-10000-01-01", "-10000"),
            ("99999999999999999999999-01-01", "99999999999999999999999"),
            ("10000", "10000"),
        ] {
            let err = parse_date(text).unwrap_err();
            assert_eq!(err, DateError::YearOutOfRange { year: year.to_owned() }, "{text}");
            assert_eq!(
                err.to_string(),
                format!("year {year} is out of range: dates run from -9999 to 9999")
            );
        }
        let err = parse_timestamp("20160-06-24T10:00:00Z").unwrap_err();
        assert_eq!(err.to_string(), "year 20160 is out of range: dates run from -9999 to 9999");
    }

    #[test]
    fn dates_in_range_parse_and_other_mistakes_keep_their_reason() {
        assert_eq!(parse_date(" 2016-06-15 ").unwrap(), jiff::civil::date(2016, 6, 15));
        assert_eq!(parse_date("9999-12-31").unwrap(), jiff::civil::date(9999, 12, 31));
        assert_eq!(parse_date("+002016-06-15").unwrap(), jiff::civil::date(2016, 6, 15));
        assert_eq!(parse_date("-009999-01-01").unwrap(), jiff::civil::date(-9999, 1, 1));
        assert!(parse_timestamp("2016-06-24T10:00:00Z").is_ok());
        assert_eq!(parse_date("  "), Err(DateError::Empty));
        for bad in ["2016-02-30", "2016-13-01", "yesterday", "2016/06/15"] {
            let err = parse_date(bad).unwrap_err();
            assert!(matches!(err, DateError::Invalid { .. }), "{bad}: {err:?}");
            assert!(err.to_string().starts_with(&format!("`{bad}` is not a valid date")), "{err}");
        }
    }

    #[test]
    fn serde_helpers_use_the_same_messages() {
        #[derive(serde::Deserialize, Debug, schemars::JsonSchema)]
        struct S {
            #[serde(deserialize_with = "serde_date::deserialize")]
            _one: Date,
            #[serde(default, deserialize_with = "serde_option_date::deserialize")]
            maybe: Option<Date>,
            #[serde(default, deserialize_with = "serde_dates::deserialize")]
            many: Vec<Date>,
        }
        let ok: S = serde_json::from_str(
            r#"{"_one":"2016-06-15","maybe":null,"many":["2016-07-01","2016-08-01"]}"#,
        )
        .unwrap();
        assert_eq!(ok.maybe, None);
        assert_eq!(ok.many.len(), 2);
        let err = serde_json::from_str::<S>(
            r#"{"_one":"2016-06-15","many":["2016-07-01","10000-01-01"]}"#,
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("year 10000 is out of range"), "{err}");
        let err = serde_json::from_str::<S>(r#"{"_one":"2016-06-15","maybe":"12345-01-01"}"#)
            .unwrap_err();
        assert!(err.to_string().starts_with("year 12345 is out of range"), "{err}");
    }
}
