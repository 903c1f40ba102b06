//! Small text helpers shared by the parsers: whitespace cleaning, null tokens, script checks.

/// Trims and collapses every run of whitespace (including newlines) to one space; `None` when
/// nothing is left or the value is a null token (`-0-`, `na`).
pub fn clean(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() || out == "-0-" || out.eq_ignore_ascii_case("na") {
        None
    } else {
        Some(out)
    }
}

/// Joins the non-empty cleaned parts with `sep`; `None` when all are empty.
pub fn join<'a>(parts: impl IntoIterator<Item = &'a str>, sep: &str) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().filter_map(clean).collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(sep))
    }
}

/// True when every letter of `s` is in a Latin block (ASCII, Latin-1, Latin Extended A/B/
/// Additional) — i.e. the name is not in an "original" non-Latin script.
pub fn is_latin(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).all(|c| {
        let u = c as u32;
        u < 0x250 || (0x1E00..0x1F00).contains(&u)
    })
}

/// True when `s` contains at least one letter outside the Latin blocks.
pub fn has_non_latin(s: &str) -> bool {
    !is_latin(s)
}

/// Appends `line` to an optional remarks buffer, separated by `; `.
pub fn push_remark(remarks: &mut Option<String>, line: impl AsRef<str>) {
    let Some(line) = clean(line.as_ref()) else { return };
    match remarks {
        Some(existing) => {
            existing.push_str("; ");
            existing.push_str(&line);
        }
        None => *remarks = Some(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_collapses_and_drops_nulls() {
        assert_eq!(clean("  a \n   b  ").as_deref(), Some("a b"));
        assert_eq!(clean("-0- "), None);
        assert_eq!(clean("na"), None);
        assert_eq!(clean("   "), None);
    }

    #[test]
    fn scripts() {
        assert!(is_latin("Muammar al-Qadhafi"));
        assert!(is_latin("Müller Çelik"));
        assert!(!is_latin("معمر القذافي"));
        assert!(!is_latin("Каддафи"));
    }
}
