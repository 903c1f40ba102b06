//! Name normalisation: Unicode normalisation, transliteration to lower-case ASCII, punctuation,
//! and the removal or canonicalisation of particles, honorifics and company forms.
//!
//! Arabic, Persian and Urdu script is transliterated by word with rules for names (the article
//! and its assimilation, alif variants and hamza seats, waw and ya as consonant or long vowel,
//! ta marbuta, "Abd al-" compounds, "ibn/bin/bint", "abu"), then common unvocalised names are
//! given their usual vocalised spelling. Cyrillic and Greek have hand-written tables; Latin
//! diacritics are stripped; every other script goes through `any_ascii`. The rules and tables
//! of each script are in `crate::translit` (`arabic`, `cyrillic`, `greek`, `hangul`); this
//! module splits a text into script runs and handles names (particles, honorifics, company
//! forms, family names).
//!
//! The result is a list of tokens; company forms become canonical tokens starting with `~`.

use crate::translit::arabic::{arabic_runs, arabic_words_with_z, is_arabic};
use crate::translit::greek::is_greek;
pub use crate::translit::hangul::korean_readings;
pub use crate::translit::{
    has_letters, is_default_ignorable, is_syllabic_script, strip_ignorable, transliterate,
};
pub(crate) use crate::translit::{is_combining, is_vowel_letter, latin_or_other, script};

mod alternatives;
mod organisation;
mod person;

pub use alternatives::{alternatives, alternatives_for, without_own_acronym};
pub use organisation::looks_like_organisation;
use organisation::org_tokens;
use organisation::ELISION_MARKS;
use person::person_tokens;

/// Whether a name is normalised as a person's name or an organisation's (entity, vessel…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameStyle {
    /// Honorifics and European particles dropped; "Abd al-" compounds split.
    Person,
    /// Company forms canonicalised; function words dropped.
    Organisation,
}

/// The stem of a token that ends like a Latvian or Lithuanian masculine noun (`-s` after a
/// consonant or `j`, `-as`/`-is`/`-us`/`-ys` after a consonant), or a Greek one (`-os`,
/// `-es` too), when enough of it is left to be a name (4 letters; 5 before a two-letter
/// ending). Which names have such endings is decided by [`normalize`].
pub fn inflection_stem(text: &str) -> Option<&str> {
    stem(text, b"aiuyoe")
}

/// [`inflection_stem`] with the two-letter endings' vowels given.
fn stem<'a>(text: &'a str, vowels: &[u8]) -> Option<&'a str> {
    let b = text.as_bytes();
    let consonant = |c: u8| c.is_ascii_lowercase() && !b"aeiouy".contains(&c);
    let n = b.len();
    if n >= 7 && b[n - 1] == b's' && vowels.contains(&b[n - 2]) && consonant(b[n - 3]) {
        return Some(&text[..n - 2]);
    }
    if n >= 5 && b[n - 1] == b's' && consonant(b[n - 2]) && b[n - 2] != b's' {
        return Some(&text[..n - 1]);
    }
    None
}

/// A space after each dot that follows a single letter ("R.A." → "R. A."), so that a
/// person's initials read as one letter each.
fn dotted_initials_apart(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        let single =
            i >= 1 && chars[i - 1].is_alphabetic() && (i < 2 || !chars[i - 2].is_alphanumeric());
        if c == '.' && single && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()) {
            out.push(' ');
        }
    }
    out
}

/// A normalised token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormToken {
    /// Lower-case ASCII text; company forms are `~`-prefixed canonical tokens.
    pub text: String,
    /// Whether this is a canonical company-form token.
    pub org_form: bool,
    /// Position relative to a filiation particle (`bin`, `ibn`…): 0 none, 1 before it (the
    /// person's own name), 2 after it (the father's or the lineage); plus
    /// [`ROLE_COMPOUND_PART`] for the second part of a compound written as one word
    /// (`din` of `Sirajuddin`), which is no word of its own.
    pub role: u8,
    /// Whether the name was written in a syllabic script (Han, Hangul): each token is then a
    /// whole syllable read from one character, so a different spelling is a different
    /// character, not a typo.
    pub syllabic: bool,
    /// Whether the token was read from Arabic, Persian or Urdu script, which writes no short
    /// vowels: its transliteration lacks them (`القذافي` → `qdhafi`), so vowels missing
    /// between its consonants are not a difference.
    pub unvocalised: bool,
    /// The Persian reading of a token read from Arabic script that writes ذ, ض or ظ: Persian,
    /// Urdu, Pashto and Turkish say `z` where Arabic spellings write `dh`, `d` or `z`
    /// (فضل `fdl` is Fadl and Fazl, ذاکر `dhakir` Dhakir and Zakir). `None` otherwise.
    pub z_reading: Option<String>,
    /// Whether the token belongs to a person name written with Latvian or Lithuanian case
    /// endings on every word (`Sergejs Lavrovs`, `Vladimiras Putinas`) or to a person name in
    /// Greek script (`Αλέξανδρος`): its stem without the ending is the name other languages
    /// write.
    pub inflected: bool,
    /// Whether the token stands in brackets beside other words: a qualifier (a country, a
    /// branch, a nickname) that weighs less than the name.
    pub qualifier: bool,
    /// Whether the token is a common word of an organisation name (`movement`, `front`,
    /// `bank`, their translations and abbreviations): it weighs less than the name's own words.
    pub generic: bool,
    /// Whether the token is a syllable of a name written in Wade-Giles (`Mao Tse-tung`): it is
    /// also read as pinyin.
    pub wade_giles: bool,
    /// Whether the token is a syllable of a Korean name, in Hangul or romanised in Latin
    /// letters: it also reads as the folded syllable the romanisations share (see
    /// [`crate::translit::korean`]: `Jang Myong Jin` / `CHANG Myong Chin` / `장명진`).
    pub korean: bool,
    /// Other spellings the token stands for, from the script it was read from: the folded
    /// syllables of a Korean name written in Cyrillic (see
    /// [`crate::translit::korean::cyrillic_korean_keys`]: `Ким Чен Ын` / `KIM Jong Un`), the
    /// other conventional spellings of a Burmese syllable (see
    /// [`crate::translit::burmese::spellings`]: `ထွန်း` Htun / Tun); empty otherwise.
    pub readings: Vec<String>,
    /// Whether the token was read from a name written in Cyrillic: its `g` may be an h (see
    /// [`crate::phonetic::cyrillic_h_variant`]).
    pub cyrillic: bool,
    /// Whether the token is (part of) a person's family name, as the lists mark it: the part
    /// before the comma of "SURNAME, Given", or the words in capitals of a name written in
    /// mixed case ("Daniel PEREZ ROJAS").
    pub family: bool,
}

/// The bracketed parts of a name, without the brackets.
fn bracketed(name: &str) -> impl Iterator<Item = &str> {
    let mut rest = name;
    std::iter::from_fn(move || {
        let open = rest.find(['(', '['])?;
        let close = rest[open..].find([')', ']']).map(|c| open + c).unwrap_or(rest.len());
        let part = &rest[open + 1..close];
        rest = &rest[(close + 1).min(rest.len())..];
        Some(part)
    })
}

/// Single letters joined by a slash written as one word: the abbreviations of company forms
/// ("A/S", "J/V", "S/A" → "AS", "JV", "SA"), which would otherwise read as two initials (or an
/// initial and a Roman numeral).
fn join_slashed_letters(name: &str) -> String {
    let c: Vec<char> = name.chars().collect();
    let letter = |i: usize| c.get(i).is_some_and(|x| x.is_alphabetic());
    let edge = |i: Option<usize>| i.is_none_or(|i| !c.get(i).is_some_and(|x| x.is_alphanumeric()));
    (0..c.len())
        .filter(|&i| {
            !(c[i] == '/'
                && i > 0
                && letter(i - 1)
                && letter(i + 1)
                && edge(i.checked_sub(2))
                && edge(Some(i + 2)))
        })
        .map(|i| c[i])
        .collect()
}

/// Normalises a name into tokens for the given style.
pub fn normalize(name: &str, style: NameStyle) -> Vec<NormToken> {
    let name = &*strip_ignorable(name);
    // Hebrew writes Arabic and Persian names letter for letter: read as those letters.
    let hebrew;
    let from_hebrew = name.chars().any(crate::translit::hebrew::is_hebrew);
    let name = if from_hebrew {
        hebrew = crate::translit::hebrew::as_arabic(name);
        hebrew.as_str()
    } else {
        name
    };
    let joined;
    let name = if style == NameStyle::Organisation && name.contains('/') {
        joined = join_slashed_letters(name);
        joined.as_str()
    } else {
        name
    };
    // In a person's name, letters each followed by a dot are initials ("Kadyrov R.A.",
    // "M.I. Salehi"), not the one abbreviation a company's "S.A." is.
    let initials;
    let name = if style == NameStyle::Person && name.contains('.') {
        initials = dotted_initials_apart(name);
        initials.as_str()
    } else {
        name
    };
    let elided;
    let name = if style == NameStyle::Organisation && name.contains(ELISION_MARKS) {
        elided = organisation::split_elisions(name);
        elided.as_str()
    } else {
        name
    };
    // "SURNAME, Given names" (the list convention) → "Given names SURNAME".
    let rotated;
    let mut family_part: Option<String> = None;
    let name = match (style, name.split_once(',')) {
        (NameStyle::Person, Some((last, first)))
            if !first.contains(',') && !last.trim().is_empty() && !first.trim().is_empty() =>
        {
            family_part = Some(last.to_owned());
            rotated = format!("{first} {last}");
            rotated.as_str()
        }
        _ => name,
    };
    if style == NameStyle::Person && family_part.is_none() {
        // Mixed case with words in capitals: the capitals are the family name.
        let capitals = |w: &str| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        };
        let words: Vec<&str> = name.split_whitespace().collect();
        let mixed = words.iter().any(|w| w.chars().any(char::is_lowercase));
        if mixed && words.iter().any(|w| capitals(w)) {
            let capital_words: Vec<&str> = words.iter().copied().filter(|w| capitals(w)).collect();
            family_part = Some(capital_words.join(" "));
        }
    }
    let ascii = transliterate(name);
    let raw: Vec<&str> = ascii.split(' ').filter(|t| !t.is_empty()).collect();
    let cyrillic = name.chars().any(crate::translit::cyrillic::is_cyrillic);
    let mut toks = match style {
        NameStyle::Person => {
            // Every word read from a syllabic script (a word of another script beside them
            // is itself).
            let syllabic = name.chars().any(is_syllabic_script)
                && name.chars().filter(|c| c.is_alphabetic()).all(is_syllabic_script);
            person_tokens(&raw, syllabic)
        }
        NameStyle::Organisation => {
            // A syllable read from Han or Hangul is a name, whatever Latin word it spells
            // (大 "da", 德 "de").
            let syllabic = name.chars().any(is_syllabic_script)
                && name.chars().filter(|c| c.is_alphabetic()).all(is_syllabic_script);
            // Russian prepositions are no part of the name (and `в` is no Roman numeral).
            let preposition = |w: &&str| crate::translit::cyrillic::PREPOSITIONS.contains(w);
            let mut raw = raw;
            if cyrillic && raw.iter().any(|w| !preposition(w)) {
                raw.retain(|w| !preposition(w));
            }
            // A word read from Arabic script is no Latin company abbreviation (سپه, Sepah, is
            // read `spa`: no S.p.A.).
            let arabic = name.chars().any(crate::translit::arabic::is_arabic)
                && name
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(crate::translit::arabic::is_arabic);
            org_tokens(&raw, syllabic, arabic)
        }
    };
    if name.chars().any(is_syllabic_script) {
        let hangul = name.chars().any(|c| matches!(c as u32, 0xAC00..=0xD7AF));
        for t in &mut toks {
            t.syllabic = !t.org_form;
            t.korean = hangul && t.syllabic;
        }
    }
    // Latvian and Lithuanian write foreign names with their own case endings on every word;
    // a name where each word of two letters or more has one is read as such. A person name
    // in Greek script has Greek endings (`Αλέξανδρος`, `Γιώργος`).
    let words = || toks.iter().filter(|t| !t.org_form && t.text.len() > 1);
    let baltic = |t: &NormToken| stem(&t.text, b"aiuy").is_some();
    if style == NameStyle::Person
        && words().count() >= 2
        && words().all(baltic)
        && !name.chars().any(is_syllabic_script)
    {
        for t in &mut toks {
            t.inflected = t.text.len() > 1;
        }
    } else if style == NameStyle::Person && name.chars().any(is_greek) {
        for t in &mut toks {
            t.inflected = inflection_stem(&t.text).is_some();
        }
    }
    if let Some(part) = family_part {
        let family: Vec<String> =
            normalize(&part, NameStyle::Organisation).into_iter().map(|t| t.text).collect();
        if toks.iter().any(|t| !family.contains(&t.text)) {
            for t in &mut toks {
                t.family = family.contains(&t.text);
            }
        }
    }
    // A Chinese name in Wade-Giles is also read as pinyin.
    if !name.chars().any(is_syllabic_script)
        && crate::wade_giles::is_wade_giles(
            toks.iter().filter(|t| !t.org_form).map(|t| t.text.as_str()),
        )
    {
        for t in toks.iter_mut().filter(|t| !t.org_form) {
            t.wade_giles = true;
        }
    }
    if style == NameStyle::Person && !toks.iter().any(|t| t.syllabic || t.wade_giles || t.org_form)
    {
        let texts = || toks.iter().map(|t| t.text.as_str());
        // A Korean name as Russian writes it ("Ким Чен Ын"): each syllable also reads as the
        // folded syllables it may stand for; a Chinese name ("Си Цзиньпин"), each word as its
        // pinyin; romanised ("Kim Jong Un"), as its one folded syllable.
        let korean =
            cyrillic.then(|| crate::translit::korean::cyrillic_korean_keys(texts())).flatten();
        let chinese = (cyrillic && korean.is_none())
            .then(|| crate::translit::palladius::chinese_readings(texts()))
            .flatten();
        if let Some(keys) = korean {
            for (t, k) in toks.iter_mut().zip(keys) {
                t.korean = true;
                t.readings = k;
            }
        } else if let Some(readings) = chinese {
            for (t, r) in toks.iter_mut().zip(readings) {
                t.readings = r.into_iter().filter(|r| *r != t.text).collect();
            }
        } else if crate::translit::korean::is_korean_name(texts()) {
            for t in &mut toks {
                t.korean = true;
            }
        } else if !cyrillic && texts().any(crate::phonetic::slavic_latin) {
            // A Slavic name written the German, Polish or Czech way ("Juri Kowaltschuk",
            // "Jelena Petrović"): its `j` before a vowel is the English `y`.
            for t in toks.iter_mut().filter(|t| t.readings.is_empty()) {
                t.readings = crate::phonetic::slavic_j_readings(&t.text);
            }
        }
    }
    if name.chars().any(crate::translit::burmese::is_burmese) {
        for t in toks.iter_mut().filter(|t| !t.org_form) {
            t.readings = crate::translit::burmese::spellings(&t.text);
        }
    }
    if cyrillic {
        if style == NameStyle::Organisation {
            organisation::declined_words(&mut toks);
        }
        for t in toks.iter_mut().filter(|t| !t.org_form && t.readings.is_empty()) {
            t.cyrillic = true;
        }
    }
    // Words in brackets qualify the name ("Deutsche Bank (Schweiz) AG", "Al-Haramain
    // Foundation (United States)", a nickname): they count for less than the name itself.
    let inner: Vec<String> = bracketed(name)
        .flat_map(|part| normalize(&part.replace(['(', ')', '[', ']'], " "), style))
        .map(|t| t.text)
        .collect();
    if !inner.is_empty() && toks.iter().any(|t| !inner.contains(&t.text)) {
        for t in &mut toks {
            t.qualifier = inner.contains(&t.text);
        }
    }
    if name.chars().any(is_arabic) {
        // The words read from Arabic-script runs (a name may mix scripts).
        let arabic: Vec<(String, Option<String>)> =
            arabic_runs(name).flat_map(|w| arabic_words_with_z(&w, !from_hebrew)).collect();
        for t in &mut toks {
            let read = arabic.iter().find(|(w, _)| *w == t.text);
            t.unvocalised = !t.org_form && read.is_some();
            t.z_reading = read.filter(|_| !t.org_form).and_then(|(_, z)| z.clone());
            // A common word of organisation names written without its short vowels (المسلحة)
            // is common, as its Latin spelling is.
            if style == NameStyle::Organisation && t.unvocalised && !t.generic {
                let groups =
                    crate::rules::equivalence::unvocalised_groups(&crate::token::TokInfo::new(t));
                t.generic = !groups.is_empty();
            }
        }
    }
    toks
}

/// Role bit of a token split off a compound word (see [`NormToken::role`]).
pub const ROLE_COMPOUND_PART: u8 = 0x80;

pub(crate) fn plain(text: &str) -> NormToken {
    NormToken {
        text: text.to_owned(),
        org_form: false,
        role: 0,
        syllabic: false,
        unvocalised: false,
        z_reading: None,
        inflected: false,
        qualifier: false,
        generic: false,
        wade_giles: false,
        korean: false,
        readings: Vec::new(),
        cyrillic: false,
        family: false,
    }
}

#[cfg(test)]
mod tests {
    /// The token texts of a person's name.
    fn person_texts(s: &str) -> Vec<String> {
        super::normalize(s, super::NameStyle::Person).into_iter().map(|t| t.text).collect()
    }

    /// The token texts of an organisation's name.
    fn org_texts(s: &str) -> Vec<String> {
        super::normalize(s, super::NameStyle::Organisation).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn invisible_characters_join_they_never_split() {
        use super::transliterate;
        let texts = person_texts;
        // Zero-width non-joiner, zero-width space, soft hyphen, word joiner inside a Latin name.
        for s in ["Gad\u{200C}dafi", "Gadd\u{200B}afi", "Gad\u{00AD}dafi", "Ga\u{2060}ddafi"] {
            assert_eq!(texts(s), ["gaddafi"], "{s:?}");
        }
        // A byte-order mark and bidirectional controls around and inside a name.
        assert_eq!(
            texts("\u{FEFF}\u{202B}Omar\u{202C} \u{200F}Hassan\u{200E}"),
            ["omar", "hassan"]
        );
        // A Persian compound written with a zero-width non-joiner reads as one word, as
        // without it; a Cyrillic name with a zero-width joiner; Hangul with a filler.
        assert_eq!(transliterate("عبدالله\u{200C}زاده"), transliterate("عبداللهزاده"));
        assert_eq!(transliterate("Ива\u{200D}нов"), transliterate("Иванов"));
        assert_eq!(transliterate("김\u{3164}정은"), transliterate("김정은"));
        // A variation selector after a letter.
        assert_eq!(texts("Ali\u{FE0F}"), ["ali"]);
    }

    #[test]
    fn slashed_letters_are_one_abbreviation() {
        let org = org_texts;
        assert_eq!(org("Nordvik A/S"), ["nordvik", "~sa"]);
        assert_eq!(org("Nordvik J/V Co"), org("Nordvik Joint Venture Co"));
        // Words joined by a slash stay apart.
        assert_eq!(org("Nordvik Shipping/Trading"), ["nordvik", "~shipping", "~trading"]);
        // Slashes in any arrangement: only single letters between them are joined.
        assert_eq!(super::join_slashed_letters("a/b/c"), "abc");
        assert_eq!(super::join_slashed_letters("/a/ b/"), "/a/ b/");
        assert_eq!(super::join_slashed_letters("ab/c"), "ab/c");
        assert_eq!(super::join_slashed_letters("é/ñ"), "éñ");
    }

    use super::*;

    fn texts(name: &str, style: NameStyle) -> Vec<String> {
        normalize(name, style).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn arabic_article_and_script() {
        assert_eq!(texts("القذافي", NameStyle::Person), vec!["qdhafi"]);
        assert_eq!(texts("معمر القذافي", NameStyle::Person), vec!["muammar", "qdhafi"]);
        assert_eq!(texts("محمد علي", NameStyle::Person), vec!["muhammad", "ali"]);
        assert_eq!(texts("عبد الله", NameStyle::Person), vec!["abd", "allah"]);
        assert_eq!(texts("عبدالرحمن", NameStyle::Person), vec!["abd", "rahman"]);
    }

    #[test]
    fn brackets_qualify_a_name() {
        let toks = normalize("Deutsche Bank (Schweiz) AG", NameStyle::Organisation);
        let q: Vec<(&str, bool)> = toks.iter().map(|t| (t.text.as_str(), t.qualifier)).collect();
        assert_eq!(
            q,
            vec![("deutsche", false), ("bank", false), ("schweiz", true), ("~ag", false)]
        );
        // A name that is all brackets has no qualifier.
        assert!(normalize("(Schweiz)", NameStyle::Organisation).iter().all(|t| !t.qualifier));
    }

    #[test]
    fn family_names_as_the_lists_mark_them() {
        let fam = |s| -> Vec<(String, bool)> {
            normalize(s, NameStyle::Person).into_iter().map(|t| (t.text, t.family)).collect()
        };
        let v = |xs: &[(&str, bool)]| -> Vec<(String, bool)> {
            xs.iter().map(|(t, f)| ((*t).to_owned(), *f)).collect()
        };
        assert_eq!(
            fam("PEREZ ROJAS, Daniel"),
            v(&[("daniel", false), ("perez", true), ("rojas", true)])
        );
        assert_eq!(
            fam("Daniel PEREZ ROJAS"),
            v(&[("daniel", false), ("perez", true), ("rojas", true)])
        );
        // All capitals (the UN list) or all lower case: nothing is known.
        assert!(fam("MUAMMAR MOHAMMED ABU MINYAR QADHAFI").iter().all(|(_, f)| !f));
        assert!(fam("daniel perez rojas").iter().all(|(_, f)| !f));
    }

    #[test]
    fn baltic_case_endings_mark_the_name() {
        let inflected = |s| normalize(s, NameStyle::Person).iter().all(|t| t.inflected);
        assert!(inflected("Sergejs Lavrovs"));
        assert!(inflected("Vladimiras Putinas"));
        // One word with an ending is an English surname, not a Baltic name.
        assert!(!inflected("David Meyers"));
        assert!(!inflected("Lavrovs"));
        assert_eq!(inflection_stem("putinas"), Some("putin"));
        assert_eq!(inflection_stem("sergejs"), Some("sergej"));
        assert_eq!(inflection_stem("abbas"), None);
        // Greek endings only on a name written in Greek.
        assert!(inflected("Αλέξανδρος"));
        assert!(!inflected("Carlos Santos"));
        assert_eq!(inflection_stem("younis"), None);
    }

    #[test]
    fn hangul_as_the_lists_write_it() {
        let p = |s| texts(s, NameStyle::Person);
        assert_eq!(p("김정은"), vec!["kim", "jeong", "eun"]);
        assert_eq!(p("리선권"), vec!["ri", "seon", "gwon"]);
        assert_eq!(p("이민호"), vec!["ri", "min", "ho"]);
        assert_eq!(p("박봉주"), vec!["pak", "pong", "ju"]);
        assert_eq!(p("최룡해"), vec!["choe", "ryong", "hae"]);
        assert_eq!(korean_readings("jeong"), vec!["jong", "jung", "cheong", "chong", "chung"]);
        assert_eq!(korean_readings("eun"), vec!["un"]);
        assert_eq!(korean_readings("jong"), vec!["chong"]);
        assert!(korean_readings("song").is_empty());
    }

    #[test]
    fn cyrillic_and_greek() {
        assert_eq!(texts("Каддафи", NameStyle::Person), vec!["kaddafi"]);
        assert_eq!(texts("Владимир Путин", NameStyle::Person), vec!["vladimir", "putin"]);
        assert_eq!(texts("Αλέξης Τσίπρας", NameStyle::Person), vec!["alexis", "tsipras"]);
    }

    #[test]
    fn latin_folding_and_punctuation() {
        assert_eq!(texts("François Hollande", NameStyle::Person), vec!["francois", "hollande"]);
        assert_eq!(texts("Al Qa'ida", NameStyle::Organisation), vec!["qaida"]);
        assert_eq!(
            texts("Goldman Sachs & Co. L.L.C.", NameStyle::Organisation),
            vec!["goldman", "sachs", "~co", "~llc"]
        );
        assert_eq!(texts("ООО Ромашка", NameStyle::Organisation), vec!["~llc", "romashka"]);
        assert_eq!(
            texts("Open Joint Stock Company Gasprom", NameStyle::Organisation),
            vec!["~jsc", "gasprom"]
        );
        assert_eq!(
            texts("Faberlic Europe Sp. z o.o.", NameStyle::Organisation),
            vec!["faberlic", "europe", "~llc"]
        );
    }

    #[test]
    fn camel_case_splits_words() {
        assert_eq!(texts("SiemensAG", NameStyle::Organisation), vec!["siemens", "~ag"]);
        assert_eq!(texts("Volkswagen GmbH", NameStyle::Organisation), vec!["volkswagen", "~llc"]);
        assert_eq!(texts("FridrichBuchenberg", NameStyle::Person), vec!["fridrich", "buchenberg"]);
        assert_eq!(texts("MCDONALD", NameStyle::Person), vec!["mcdonald"]);
    }
}
