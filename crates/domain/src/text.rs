//! The character policy for references and identifiers, and the wording of size limits.
//!
//! A reference or identifier (a request reference, an actor id, a listed entry's reference, a
//! ground id, a country code, a document reference, a serial number) is compared, indexed and
//! shown as it is; a character that cannot be seen, or that reorders what is shown, makes two
//! identifiers that look alike differ (`REQ-1` and `REQ-1` + U+200B) or makes one display as
//! another (`LY` + U+202E + `i.013` shown reversed). [`forbidden_in_identifier`] is the one place that says
//! which characters those are; [`check_identifier`] turns a hit into an error that names the
//! field and the code point.
//!
//! Refused in identifiers:
//! - control characters (C0, DEL, C1: `char::is_control`), tabs and line breaks included;
//! - bidirectional formatting: the embeddings and overrides U+202A–U+202E, the isolates
//!   U+2066–U+2069, the marks U+200E, U+200F and U+061C;
//! - invisible characters: zero width space, non-joiner and joiner (U+200B–U+200D), word joiner
//!   and the invisible operators (U+2060–U+2064), the byte-order mark / zero width no-break
//!   space (U+FEFF), soft hyphen (U+00AD), Mongolian vowel separator (U+180E).
//!
//! Free text (titles, descriptions, names) is held to a lighter rule, [`forbidden_in_text`]:
//! only control characters other than tab and line breaks, since joiners and direction marks
//! are legitimate in Arabic and Persian writing.

/// Why a text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// A character the policy refuses.
    #[error("{field}: {} ({name}) at character {position} is not allowed{}", code_point(*ch), if *identifier { " in a reference or identifier" } else { "" })]
    Forbidden {
        /// The field path, e.g. `reference`, `--listed`, `documents[2].reference`.
        field: String,
        /// The character.
        ch: char,
        /// Its name, e.g. `right-to-left override`.
        name: &'static str,
        /// Its position, counted in characters from 1.
        position: usize,
        /// Whether the identifier policy (rather than the free-text one) refused it.
        identifier: bool,
    },
    /// Longer than allowed.
    #[error("{field}: {} characters, at most {}", thousands(*chars as u64), thousands(*max as u64))]
    TooLong {
        /// The field path.
        field: String,
        /// Its length in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// More entries than allowed.
    #[error("{field}: {} entries, at most {}", thousands(*count as u64), thousands(*max as u64))]
    TooMany {
        /// The field path.
        field: String,
        /// How many there are.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// Empty where a value is needed.
    #[error("{field}: empty")]
    Empty {
        /// The field path.
        field: String,
    },
}

/// The name of a character the identifier policy refuses, or `None` if it is allowed.
pub fn forbidden_in_identifier(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{061C}' => "arabic letter mark",
        '\u{200B}' => "zero width space",
        '\u{200C}' => "zero width non-joiner",
        '\u{200D}' => "zero width joiner",
        '\u{2060}' => "word joiner",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{FEFF}' => "zero width no-break space (byte-order mark)",
        '\u{00AD}' => "soft hyphen",
        '\u{180E}' => "mongolian vowel separator",
        c if c.is_control() => "control character",
        _ => return None,
    })
}

/// The name of a character refused in free text (titles, names, descriptions), or `None`:
/// control characters other than tab, line feed and carriage return.
pub fn forbidden_in_text(c: char) -> Option<&'static str> {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')).then_some("control character")
}

/// The first character of `value` the identifier policy refuses, as an error naming `field`.
pub fn check_identifier(field: &str, value: &str) -> Result<(), TextError> {
    first_forbidden(field, value, forbidden_in_identifier, true)
}

/// The first character of `value` the free-text policy refuses, as an error naming `field`.
pub fn check_text(field: &str, value: &str) -> Result<(), TextError> {
    first_forbidden(field, value, forbidden_in_text, false)
}

fn first_forbidden(
    field: &str,
    value: &str,
    policy: fn(char) -> Option<&'static str>,
    identifier: bool,
) -> Result<(), TextError> {
    match value.chars().enumerate().find_map(|(i, c)| policy(c).map(|name| (i, c, name))) {
        None => Ok(()),
        Some((i, ch, name)) => Err(TextError::Forbidden {
            field: field.to_owned(),
            ch,
            name,
            position: i + 1,
            identifier,
        }),
    }
}

/// Refuses `value` when it has more than `max` characters (counting stops at `max + 1`).
pub fn check_length(field: &str, value: &str, max: usize) -> Result<(), TextError> {
    // Bytes bound characters from above: most values are decided without counting.
    if value.len() <= max {
        return Ok(());
    }
    let chars = value.chars().count();
    if chars > max {
        return Err(TextError::TooLong { field: field.to_owned(), chars, max });
    }
    Ok(())
}

/// Refuses a list with more than `max` entries.
pub fn check_count(field: &str, count: usize, max: usize) -> Result<(), TextError> {
    if count > max {
        return Err(TextError::TooMany { field: field.to_owned(), count, max });
    }
    Ok(())
}

/// `U+202E` (at least four hex digits, upper case).
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// `2514` → `2,514`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_bidi_and_invisible_character_is_refused_in_identifiers() {
        let refused = [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{200B}', '\u{200C}',
            '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}', '\0', '\n', '\t', '\u{7F}', '\u{85}',
            '\u{9B}',
        ];
        for c in refused {
            let value = format!("LYi{c}.013");
            let err = check_identifier("--listed", &value).unwrap_err();
            let text = err.to_string();
            assert!(text.starts_with("--listed: "), "{text}");
            assert!(text.contains(&code_point(c)), "{text}");
            assert!(text.contains("at character 4"), "{text}");
        }
    }

    #[test]
    fn ordinary_identifiers_and_other_scripts_pass() {
        for ok in ["LYi.013", "GNA-2016/01", "submitter:IT-mission", "Ливия-1", "ليبيا-٢", "é"]
        {
            assert_eq!(check_identifier("reference", ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn free_text_keeps_joiners_and_line_breaks_but_not_other_controls() {
        assert_eq!(check_text("title", "می\u{200C}خواهم\nline two\tend"), Ok(()));
        let err = check_text("items[0].description", "rifles\u{7}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "items[0].description: U+0007 (control character) at character 7 is not allowed"
        );
    }

    #[test]
    fn the_right_to_left_override_is_named() {
        let err = check_identifier("reference", "GNA\u{202E}2016").unwrap_err();
        assert_eq!(
            err.to_string(),
            "reference: U+202E (right-to-left override) at character 4 is not allowed in a reference or identifier"
        );
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert_eq!(check_length("title", &"é".repeat(500), 500), Ok(()));
        let err = check_length("items[3].description", &"x".repeat(2514), 2000).unwrap_err();
        assert_eq!(err.to_string(), "items[3].description: 2,514 characters, at most 2,000");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(52_428_800), "52,428,800");
    }
}
