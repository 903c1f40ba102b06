//! Transliteration of names by script, one module per script with rules or tables of its
//! own; [`transliterate`] removes invisible characters, splits a text into script runs and
//! calls them. Every other script goes through `any_ascii` (see the divergences test in
//! `normalize`). Also the character classes the normaliser asks about (script, combining
//! marks, vowels).

pub(crate) mod arabic;
pub(crate) mod burmese;
pub(crate) mod cyrillic;
pub(crate) mod greek;
pub(crate) mod hangul;
pub(crate) mod hebrew;
pub(crate) mod korean;
pub(crate) mod palladius;

use std::borrow::Cow;

use icu_properties::props::{DefaultIgnorableCodePoint, Script};
use icu_properties::{CodePointMapData, CodePointSetData};
use unicode_normalization::UnicodeNormalization;

use arabic::{arabic_word, is_arabic, is_arabic_mark};
use burmese::{burmese_word, is_burmese};
use cyrillic::{cyrillic_word, is_cyrillic};
use greek::{greek_word, is_greek};
use hangul::hangul_syllable;

/// Whether `c` has the Unicode property Default_Ignorable_Code_Point: characters that are
/// invisible and carry no letter (zero-width joiner and non-joiner, word joiner, zero-width
/// space, byte-order mark, soft hyphen, bidirectional controls, variation selectors, Hangul
/// fillers, tags…).
pub fn is_default_ignorable(c: char) -> bool {
    const SET: icu_properties::CodePointSetDataBorrowed<'static> =
        CodePointSetData::new::<DefaultIgnorableCodePoint>();
    SET.contains(c)
}

/// The text without its default-ignorable code points ([`is_default_ignorable`]). They are
/// removed, never read as a space: a zero-width non-joiner inside `Gad\u{200C}dafi` or inside a
/// Persian compound joins, it does not split.
pub fn strip_ignorable(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_default_ignorable) {
        Cow::Owned(text.chars().filter(|c| !is_default_ignorable(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether a name has at least one letter (of any script) once its invisible characters are
/// removed. A name without letters (digits, punctuation, zero-width characters only) cannot be
/// screened.
pub fn has_letters(name: &str) -> bool {
    name.chars().any(|c| c.is_alphabetic() && !is_default_ignorable(c))
}

/// Transliterates any text to lower-case ASCII words separated by single spaces, with
/// punctuation handled (apostrophes and in-word dots join, other punctuation separates).
pub fn transliterate(input: &str) -> String {
    // Hebrew writes Arabic and Persian names letter for letter: read as those letters.
    let hebrew;
    let input = if input.chars().any(hebrew::is_hebrew) {
        hebrew = hebrew::as_arabic(input);
        hebrew.as_str()
    } else {
        input
    };
    // ASCII has no default-ignorable character and is its own NFKC form: most names in bulk
    // files skip both passes.
    let nfkc: Cow<'_, str> = if input.is_ascii() {
        Cow::Borrowed(input)
    } else {
        Cow::Owned(strip_ignorable(input).nfkc().collect())
    };
    let mut out = String::with_capacity(nfkc.len() + 8);
    // Split into script runs: a run of Arabic letters is transliterated as a word.
    let chars: Vec<char> = nfkc.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_arabic(c) {
            let start = i;
            while i < chars.len() && (is_arabic(chars[i]) || is_arabic_mark(chars[i])) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            out.push(' ');
            out.push_str(&arabic_word(&word));
            out.push(' ');
            continue;
        }
        if is_cyrillic(c) {
            let start = i;
            while i < chars.len() && is_cyrillic(chars[i]) {
                i += 1;
            }
            cyrillic_word(&chars[start..i], &mut out);
            continue;
        }
        if is_burmese(c) {
            let start = i;
            while i < chars.len() && is_burmese(chars[i]) {
                i += 1;
            }
            burmese_word(&chars[start..i], &mut out);
            continue;
        }
        if is_greek(c) {
            let start = i;
            while i < chars.len() && is_greek(chars[i]) {
                i += 1;
            }
            greek_word(&chars[start..i], &mut out);
            continue;
        }
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        if let Some(syllable) = hangul_syllable(c) {
            out.push(' ');
            syllable.romanise(prev.and_then(hangul_syllable), &mut out);
            out.push(' ');
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        // CamelCase is a word boundary: "SiemensAG", "FridrichBuchenberg" (a name written
        // in one piece still matches the joined form, see joins in scoring). A single
        // trailing capital is not a word ("GmbH").
        if c.is_uppercase()
            && prev.is_some_and(char::is_lowercase)
            && next.is_some_and(char::is_alphabetic)
        {
            out.push(' ');
        }
        match c {
            '\'' | '’' | '‘' | '`' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '´' | '′' => {}
            '.' => {
                // Inside an abbreviation ("S.A.", "L.L.C.", "M.I.") or a number ("2.5") a dot
                // joins; between words written without a space ("IR.SHALAMCHE", "Co.Ltd") it
                // parts them.
                let run = |it: &mut dyn Iterator<Item = &char>| {
                    it.take_while(|c| c.is_alphanumeric()).count()
                };
                let before = run(&mut chars[..i].iter().rev());
                let after = run(&mut chars[i + 1..].iter());
                let digits = prev.is_some_and(|c| c.is_ascii_digit())
                    && next.is_some_and(|c| c.is_ascii_digit());
                let joins = before > 0 && after > 0 && ((before <= 2 && after <= 2) || digits);
                if !joins {
                    out.push(' ');
                }
            }
            '&' | '+' => out.push_str(" and "),
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            c if c.is_ascii() => out.push(' '),
            c if c.is_whitespace() => out.push(' '),
            c => latin_or_other(c, &mut out),
        }
        i += 1;
    }
    // Collapse whitespace.
    let mut collapsed = String::with_capacity(out.len());
    for word in out.split_ascii_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

pub(crate) fn latin_or_other(c: char, out: &mut String) {
    // Special Latin letters that do not decompose.
    let special = match c {
        'ß' => Some("ss"),
        'æ' | 'Æ' => Some("ae"),
        'œ' | 'Œ' => Some("oe"),
        'ø' | 'Ø' => Some("o"),
        'ł' | 'Ł' => Some("l"),
        'đ' | 'Đ' | 'ð' | 'Ð' => Some("d"),
        'þ' | 'Þ' => Some("th"),
        'ı' => Some("i"),
        'ħ' | 'Ħ' => Some("h"),
        _ => None,
    };
    if let Some(s) = special {
        out.push_str(s);
        return;
    }
    // Strip combining marks from decomposable Latin letters.
    let mut decomposed = false;
    for d in std::iter::once(c).nfd() {
        if d.is_ascii_alphanumeric() {
            out.push(d.to_ascii_lowercase());
            decomposed = true;
        } else if is_combining(d) {
            decomposed = true;
        }
    }
    if decomposed {
        return;
    }
    if is_combining(c) {
        return;
    }
    if !c.is_alphanumeric() {
        out.push(' ');
        return;
    }
    let ascii = any_ascii::any_ascii_char(c);
    let syllabic = is_syllabic_script(c);
    if syllabic {
        out.push(' ');
    }
    for a in ascii.chars() {
        if a.is_ascii_alphanumeric() {
            out.push(a.to_ascii_lowercase());
        } else if a != '\'' {
            out.push(' ');
        }
    }
    if syllabic {
        out.push(' ');
    }
}

pub(crate) fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The Unicode script of a character (`icu_properties`' Script property: every block and
/// extension of a script, CJK Extension B and later, the Cyrillic extensions).
pub(crate) fn script(c: char) -> Script {
    const MAP: icu_properties::CodePointMapDataBorrowed<'static, Script> =
        CodePointMapData::<Script>::new();
    MAP.get(c)
}

/// CJK ideographs (every extension) and Hangul syllables: one syllable per character, written
/// apart. Han symbols that are not letters (radicals) and Hangul jamo are not syllables.
pub fn is_syllabic_script(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    (script(c) == Script::Han && c.is_alphabetic()) || hangul_syllable(c).is_some()
}

pub(crate) fn is_vowel_letter(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}
