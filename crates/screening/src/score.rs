//! Token comparison, order-independent alignment, the name score and its explanation, and the
//! adjustments from secondary attributes.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::normalize::{inflection_stem, NormToken, ROLE_COMPOUND_PART};
use crate::phonetic::{
    article_variants, coarse_key, fine_key, french_variant, german_variants, sibilant_variant,
    somali_variant,
};
use crate::{tables, wade_giles, BirthDate, Query, Record};

/// Similarity of an initial to a full token ("A." vs "Ahmad").
pub(crate) const INITIAL_SIM: f32 = 0.6;
/// Similarity of two different numbers ("Fund VII" vs "Fund VIII", "Trust 2006-2" vs
/// "Trust 2007-2"): the same family of funds, trusts or ships, worth a review.
pub(crate) const NUMBER_SIM: f32 = 0.6;
/// Similarity of an acronym to the words it abbreviates: an accepted short form, but more
/// easily a coincidence than a spelling variant.
pub(crate) const ACRONYM_SIM: f32 = 0.85;
/// Weight of a company-form token (`~ltd`, `~jsc`).
pub(crate) const ORG_FORM_WEIGHT: f32 = 0.15;
/// Share of its weight a common word of an organisation name keeps (`Group`, `Movement`,
/// `Bank`…): a name found but for such a word ("The Organisation of X" / "X") is found.
pub(crate) const GENERIC_WEIGHT: f32 = 0.5;
/// Share of its weight a bracketed qualifier keeps.
pub(crate) const QUALIFIER_WEIGHT: f32 = 0.5;
/// Weight of a one-letter token (an initial).
pub(crate) const INITIAL_WEIGHT: f32 = 0.3;
/// Similarity of a syllable read from Han or Hangul and a Latin spelling with the same
/// consonants and another vowel.
const SYLLABLE_VOWEL_SIM: f32 = 0.7;
/// Factor on the similarity of two neighbouring syllables of a syllabic-script query found
/// in the reverse order.
pub(crate) const SYLLABLE_SWAP: f32 = 0.5;
/// Factor on the similarity of a token aligned across filiation roles: "Ahmad bin Hasan" and
/// "Hasan bin Ahmad" are father and son, or brothers, more often than one person.
pub(crate) const ROLE_SWAP: f32 = 0.3;
/// How much a conflict (unmatched tokens on both sides) lowers the score.
pub(crate) const CONFLICT: f32 = 1.5;
/// Share of a middle name's weight that counts when it is missing (patronymics, nasab).
pub(crate) const MIDDLE_NAME: f32 = 0.35;
/// Largest total positive adjustment secondary attributes can give.
pub(crate) const MAX_BONUS: f64 = 0.08 + 0.03 + 0.15;

/// How a query token aligned with a listed token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// Identical after normalisation.
    Exact,
    /// Known equivalent: nickname or the same given name in another language.
    Equivalent,
    /// Same phonetic skeleton (transliteration variant).
    Phonetic,
    /// Same consonant skeleton, a token read from Arabic-script (unvocalised) writing lacking
    /// the short vowels of the other spelling (`qdhafi` / `qadhafi`).
    #[serde(rename = "phonetic (unvocalised)")]
    Unvocalised,
    /// Within a small edit distance (typo).
    Edit,
    /// An initial against a full token.
    Initial,
    /// A different number (series, vintage, unit or hull number): a sibling of the listed
    /// party rather than another name.
    Number,
    /// An organisation's acronym against the words it abbreviates ("PLA" vs "People's
    /// Liberation Army", "U.S." vs "United States").
    Acronym,
    /// The same name with a Latvian, Lithuanian or Greek case ending (`Lavrovs`, `Putinas`,
    /// `Alexandros`).
    Inflected,
    /// Two romanisations of one Chinese or Korean syllable: Wade-Giles and pinyin
    /// (`Tse-tung` / `Zedong`), Revised and McCune-Reischauer (`jeong` / `jong`).
    Romanised,
}

/// A token prepared for comparison.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TokInfo {
    pub text: String,
    pub fine: String,
    pub coarse: String,
    pub groups: Vec<u16>,
    pub org_form: bool,
    pub has_digit: bool,
    pub role: u8,
    /// Read from one character of a syllabic script (see [`NormToken::syllabic`]).
    pub syllabic: bool,
    /// Read from Arabic-script writing, without short vowels (see [`NormToken::unvocalised`]).
    pub unvocalised: bool,
    /// Part of a name with case endings (see [`NormToken::inflected`]).
    pub inflected: bool,
    /// A bracketed qualifier (see [`NormToken::qualifier`]).
    pub qualifier: bool,
    /// A common word of an organisation name (see [`NormToken::generic`]).
    pub generic: bool,
    /// The spelling with a word-initial sibilant written `s` (see
    /// [`crate::phonetic::sibilant_variant`]), prepared.
    pub sibilant: Option<Box<TokInfo>>,
    /// German and French transliterations read the English way, with their phonetic keys
    /// (see [`crate::phonetic::german_variants`], [`crate::phonetic::french_variant`]).
    pub spellings: Vec<Spelling>,
    /// Other romanisations: the pinyin readings of a Wade-Giles syllable or pair of syllables
    /// (see [`NormToken::wade_giles`]), the McCune-Reischauer and South Korean spellings of a
    /// Hangul syllable (see [`crate::normalize::korean_readings`]); empty otherwise.
    pub readings: Vec<String>,
}

/// Another spelling of a token (see [`TokInfo::spellings`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spelling {
    pub text: String,
    pub fine: String,
    /// A leading `j` read as `y`: a vowel to the phonetic key, so it only counts against a
    /// written `y` (`Jelena`/`Yelena`, not `Julian`/`Allen`).
    pub leading_y: bool,
    /// Whether the reading also counts against tokens of three or four letters (Somali and
    /// article readings: `Cali` / `Ali`); German and French readings need five.
    pub short_ok: bool,
}

impl TokInfo {
    pub fn new(t: &NormToken) -> TokInfo {
        let mut info = TokInfo::from_text(&t.text, t.org_form);
        info.role = t.role;
        info.set_syllabic(t.syllabic);
        info.unvocalised = t.unvocalised;
        info.inflected = t.inflected;
        info.qualifier = t.qualifier;
        info.generic = t.generic;
        if t.wade_giles {
            info.readings = wade_giles::readings(&t.text);
        } else if t.syllabic {
            info.readings = crate::normalize::korean_readings(&t.text);
        }
        info
    }

    /// Adjacent tokens written as one word (`Jin Ping` / `Jinping`, `Nam Chon Gang` /
    /// `Namchongang`); `None` when one is a company form.
    pub fn join(parts: &[NormToken]) -> Option<TokInfo> {
        if parts.iter().any(|t| t.org_form) {
            return None;
        }
        let text: String = parts.iter().map(|t| t.text.as_str()).collect();
        let mut j = TokInfo::from_text(&text, false);
        j.set_syllabic(parts.iter().all(|t| t.syllabic));
        if parts.iter().all(|t| t.wade_giles) {
            j.readings = parts
                .iter()
                .map(|t| wade_giles::readings(&t.text))
                .reduce(|a, b| wade_giles::joined_readings(&a, &b))
                .unwrap_or_default();
        }
        Some(j)
    }

    /// Marks a token as read from a syllabic script, with its prepared sibilant spelling.
    pub fn set_syllabic(&mut self, syllabic: bool) {
        self.syllabic = syllabic;
        if let Some(v) = self.sibilant.as_mut() {
            v.syllabic = syllabic;
        }
    }

    pub fn from_text(text: &str, org_form: bool) -> TokInfo {
        let fine = if org_form { text.to_owned() } else { fine_key(text) };
        let coarse = if org_form { text.to_owned() } else { coarse_key(&fine) };
        let (sibilant, spellings) = if org_form {
            (None, Vec::new())
        } else {
            let european = german_variants(text).into_iter().chain(french_variant(text));
            let arabic = somali_variant(text).into_iter().chain(article_variants(text));
            let spellings = european
                .map(|v| (v, false))
                .chain(arabic.map(|v| (v, true)))
                .map(|(v, short_ok)| Spelling {
                    fine: fine_key(&v),
                    leading_y: v.starts_with('y') && !text.starts_with('y'),
                    text: v,
                    short_ok,
                })
                .collect();
            (sibilant_variant(text).map(|v| Box::new(TokInfo::from_text(&v, false))), spellings)
        };
        TokInfo {
            text: text.to_owned(),
            groups: if org_form { Vec::new() } else { groups_of(text) },
            fine,
            coarse,
            org_form,
            has_digit: text.bytes().any(|b| b.is_ascii_digit()),
            role: 0,
            syllabic: false,
            unvocalised: false,
            inflected: false,
            qualifier: false,
            generic: false,
            sibilant,
            spellings,
            readings: Vec::new(),
        }
    }

    /// The key a token's rarity is counted under.
    pub fn weight_key(&self) -> &str {
        &self.fine
    }
}

fn group_map() -> &'static HashMap<&'static str, Vec<u16>> {
    static MAP: OnceLock<HashMap<&'static str, Vec<u16>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<u16>> = HashMap::new();
        let groups = tables::NAME_GROUPS.iter().chain(tables::ORG_WORD_GROUPS);
        for (gi, group) in groups.enumerate() {
            for name in group.iter() {
                m.entry(name).or_default().push(gi as u16);
            }
        }
        m
    })
}

/// Whether a token is a common word of organisation names ([`tables::ORG_WORD_GROUPS`]).
pub(crate) fn is_org_word(text: &str) -> bool {
    let first = tables::NAME_GROUPS.len() as u16;
    group_map().get(text).is_some_and(|g| g.iter().any(|g| *g >= first))
}

pub(crate) fn groups_of(text: &str) -> Vec<u16> {
    group_map().get(text).cloned().unwrap_or_default()
}

/// Length of a token that can be an acronym (2–6 letters, not a company form, not a syllable),
/// else 0.
pub(crate) fn acronym_len(t: &TokInfo) -> u8 {
    let l = t.text.len();
    if t.org_form
        || t.syllabic
        || !(2..=6).contains(&l)
        || !t.text.bytes().all(|b| b.is_ascii_lowercase())
    {
        0
    } else {
        l as u8
    }
}

/// Whether a token is a significant word an acronym can abbreviate (not a company form, a
/// number or a syllable; stopwords are already gone in organisation names).
pub(crate) fn acronym_word(t: &TokInfo) -> bool {
    !t.org_form
        && !t.has_digit
        && !t.syllabic
        && t.text.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
}

/// The initials of `words`, when every one is a significant word.
pub(crate) fn initials<'a>(words: impl IntoIterator<Item = &'a TokInfo>) -> Option<String> {
    words.into_iter().map(|w| acronym_word(w).then(|| w.text.as_bytes()[0] as char)).collect()
}

/// An acronym against the consecutive words it may abbreviate.
pub(crate) fn acronym_sim<'a>(
    acr: &TokInfo,
    words: impl IntoIterator<Item = &'a TokInfo>,
) -> Option<(MatchKind, f32)> {
    if acronym_len(acr) == 0 {
        return None;
    }
    (initials(words)? == acr.text).then_some((MatchKind::Acronym, ACRONYM_SIM))
}

/// Most edits allowed between two tokens whose shorter one has `len` letters.
pub(crate) fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance, or `None` when it exceeds `limit`.
pub(crate) fn osa_distance(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > limit {
        return None;
    }
    if n == 0 || m == 0 {
        let d = n.max(m);
        return (d <= limit).then_some(d);
    }
    if m < 64 {
        let mut rows = [[0u16; 64]; 3];
        return osa_rows(a, b, limit, &mut rows);
    }
    // Very long tokens: heap rows.
    let width = m + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[m];
    (d <= limit).then_some(d)
}

/// OSA distance with three stack rows (for `b` shorter than 64 bytes).
fn osa_rows(a: &[u8], b: &[u8], limit: usize, rows: &mut [[u16; 64]; 3]) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    let (mut p2, mut p, mut c) = (0usize, 1usize, 2usize);
    for (j, cell) in rows[p].iter_mut().enumerate().take(m + 1) {
        *cell = j as u16;
    }
    for i in 1..=n {
        rows[c][0] = i as u16;
        let mut row_min = i as u16;
        for j in 1..=m {
            let cost = u16::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[p][j] + 1).min(rows[c][j - 1] + 1).min(rows[p][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[p2][j - 2] + 1);
            }
            rows[c][j] = v;
            row_min = row_min.min(v);
        }
        if usize::from(row_min) > limit {
            return None;
        }
        (p2, p, c) = (p, c, p2);
    }
    let d = usize::from(rows[p][m]);
    (d <= limit).then_some(d)
}

/// The vowel letters of a token, in order.
fn vowel_letters(t: &TokInfo) -> Vec<u8> {
    t.text.bytes().filter(|c| b"aeiouy".contains(c)).collect()
}

/// The letters of a token with runs of the same letter written once.
fn dedup_letters(s: &[u8]) -> Vec<u8> {
    let mut out = s.to_vec();
    out.dedup();
    out
}

/// The vowel runs of a token, in the order of the fine key's `a`s (`y` and a `w` that does not
/// start the word count as vowels, as there), each folded to vowel qualities: `a`; `e` (either
/// `a` or `i`); `i` for `i`/`y`; `u` for `o`/`u`/`w`; repeats collapsed (`aa`, `iy`, `uw`).
fn vowel_runs(text: &str) -> Vec<Vec<u8>> {
    let b = text.as_bytes();
    let is_v = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut runs: Vec<Vec<u8>> = Vec::new();
    let mut open = false;
    for (i, &c) in b.iter().enumerate() {
        let q = match c {
            b'a' => b'a',
            b'e' => b'e',
            b'i' | b'y' => b'i',
            b'o' | b'u' => b'u',
            b'w' if !(i == 0 && b.get(1).copied().is_some_and(is_v)) => b'u',
            _ => {
                open = false;
                continue;
            }
        };
        if !open {
            runs.push(Vec::new());
            open = true;
        }
        let run = runs.last_mut().expect("opened");
        if run.last() != Some(&q) {
            run.push(q);
        }
    }
    runs
}

/// Whether a vowel run written in Arabic script (long vowels and glides) and one written in
/// Latin letters are the same vowel: `ay`/`ai`/`ei`, `aw`/`au`/`o`, `iy`/`i`, `uw`/`u`.
fn same_vowel(arabic: &[u8], latin: &[u8]) -> bool {
    let eq = |x: u8, y: u8| x == y || (x == b'e' && y != b'u') || (y == b'e' && x != b'u');
    if arabic == latin {
        return true;
    }
    if arabic.len() == latin.len() && arabic.iter().zip(latin).all(|(&x, &y)| eq(x, y)) {
        return true;
    }
    glide(arabic, latin)
}

/// A diphthong spelled as its glide or as one vowel: `aw`/`o`, `ay`/`e`.
fn glide(x: &[u8], y: &[u8]) -> bool {
    matches!((x, y), (b"au", b"u") | (b"u", b"au") | (b"ai", b"e") | (b"e", b"ai"))
}

/// Whether `full` reads as the unvocalised token `bare` with short vowels written in: the
/// fine keys agree once vowel runs of `full` that stand between two consonants and are of
/// one vowel quality (`a`, `e`, `i`/`y`, `o`/`u`/`w`, repeats folded) are dropped, and every
/// vowel `bare` does write is the same vowel in `full` (a leading or final vowel is written
/// in Arabic script, as alif, waw or ya). Returns how many vowels `full` supplied.
fn vowels_supplied(bare: &TokInfo, full: &TokInfo) -> Option<usize> {
    let (bk, fk) = (bare.fine.as_bytes(), full.fine.as_bytes());
    let (br, fr) = (vowel_runs(&bare.text), vowel_runs(&full.text));
    let vowels = |k: &[u8]| k.iter().filter(|&&c| c == b'a').count();
    if br.len() != vowels(bk) || fr.len() != vowels(fk) {
        return None; // runs and key disagree (silent letters): no vowel-free match
    }
    // Arabic script tells `z` (zay, za) from `s` (sin, sad), which Latin spellings also keep
    // apart ("Zafari" is not "Safari").
    if bare.text.contains('z') != full.text.contains('z') {
        return None;
    }
    let (mut i, mut j, mut bv, mut fv) = (0, 0, 0, 0);
    let mut near = false; // a written vowel matched only loosely (`e` for `a` or `i`)
    let mut supplied = 0;
    while j < fk.len() {
        if fk[j] == b'a' {
            if i < bk.len() && bk[i] == b'a' {
                if !same_vowel(&br[bv], &fr[fv]) {
                    return None;
                }
                near |= br[bv] != fr[fv] && !glide(&br[bv], &fr[fv]);
                i += 1;
                bv += 1;
            } else {
                // A short token (`hatm`) is mostly its vowels: none may be left open.
                let short = fr[fv].len() == 1 && bare.text.len() > 4;
                if !(short && j > 0 && j + 1 < fk.len()) {
                    return None;
                }
                supplied += 1;
            }
            fv += 1;
        } else if i < bk.len() && bk[i] == fk[j] {
            i += 1;
        } else {
            return None;
        }
        j += 1;
    }
    // Without a missing vowel this path only adds glides; a loose vowel is left to the
    // ordinary phonetic and typo comparisons.
    (i == bk.len() && (supplied > 0 || !near)).then_some(supplied)
}

const UNVOC_BASE: f32 = 0.92;
const UNVOC_PER: f32 = 0.03;

/// Whether two vowel-initial spellings differ only in their leading vowels (`Omar`, `Umar`,
/// `Oumar`, `Amar`; `Isa`, `Eissa`): transliterations disagree most on a word's first vowel,
/// so it does not decide. The rest must be spelled alike and start with a consonant.
fn same_after_leading_vowel(a: &[u8], b: &[u8]) -> bool {
    let is_v = |c: &u8| b"aeiouy".contains(c);
    let rest = |s: &[u8]| -> Option<usize> {
        let n = s.iter().take_while(|c| is_v(c)).count();
        (n > 0 && s.len() - n >= 3).then_some(n)
    };
    match (rest(a), rest(b)) {
        (Some(i), Some(j)) => a[i..] == b[j..],
        _ => false,
    }
}

/// Compares two tokens. `None` when they do not match at all.
pub(crate) fn token_sim(a: &TokInfo, b: &TokInfo) -> Option<(MatchKind, f32)> {
    if a.text == b.text {
        return Some((MatchKind::Exact, 1.0));
    }
    if a.org_form || b.org_form {
        return None;
    }
    let equivalent = !a.groups.is_empty() && a.groups.iter().any(|g| b.groups.contains(g));
    if a.has_digit && b.has_digit {
        return Some((MatchKind::Number, NUMBER_SIM));
    }
    if a.has_digit || b.has_digit {
        return None;
    }
    // A token read from a syllabic script is a whole syllable: another spelling is another
    // character (another name), not a typo. Across two such tokens only identity or a known
    // equivalence counts; against a Latin spelling, romanisation variants (phonetic) still do.
    let syllabic = a.syllabic || b.syllabic;
    if a.syllabic && b.syllabic {
        return equivalent.then_some((MatchKind::Equivalent, 0.95));
    }
    // A Wade-Giles spelling against its pinyin reading (or two spellings sharing one); a
    // Hangul syllable against its McCune-Reischauer spelling.
    if (!a.readings.is_empty() || !b.readings.is_empty())
        && (a.readings.contains(&b.text)
            || b.readings.contains(&a.text)
            || a.readings.iter().any(|r| b.readings.contains(r)))
    {
        return Some((MatchKind::Romanised, ROMANISED_SIM));
    }
    let (la, lb) = (a.text.len(), b.text.len());
    if la == 1 || lb == 1 {
        if equivalent {
            return Some((MatchKind::Equivalent, 0.95));
        }
        // A one-letter syllable ("i", read from 이) is a whole name, not an initial.
        let initial = !syllabic && a.text.as_bytes()[0] == b.text.as_bytes()[0];
        return initial.then_some((MatchKind::Initial, INITIAL_SIM));
    }
    let mut best: Option<(MatchKind, f32)> = equivalent.then_some((MatchKind::Equivalent, 0.95));
    let better = |best: &Option<(MatchKind, f32)>, s: f32| best.is_none_or(|(_, b)| s > b);
    // In short tokens (syllables) the vowels carry much of the identity: a phonetic match
    // needs the same fine key and at most one differing letter (a repeated keystroke,
    // "joonng" for "jong", does not count as a difference).
    let short = la.min(lb) <= 4;
    let close_short = || {
        let (da, db) = (dedup_letters(a.text.as_bytes()), dedup_letters(b.text.as_bytes()));
        osa_distance(&da, &db, 1).is_some() || same_after_leading_vowel(&da, &db)
    };
    if !a.coarse.is_empty()
        && a.coarse == b.coarse
        && (!short || (a.fine == b.fine && close_short()))
    {
        let fd = osa_distance(a.fine.as_bytes(), b.fine.as_bytes(), 4).unwrap_or(4);
        let mut s = if short { 0.85 } else { 0.93 - 0.08 * fd as f32 };
        // A syllable read from Han or Hangul has a known vowel: another vowel in the Latin
        // spelling is more often another syllable than a romanisation variant.
        if syllabic && dedup_letters(&vowel_letters(a)) != dedup_letters(&vowel_letters(b)) {
            s = SYLLABLE_VOWEL_SIM;
        }
        if a.coarse.len() <= 2 {
            s -= 0.05;
        }
        // A phonetic match whose spellings are far apart is weaker.
        let raw_max = la.max(lb);
        let raw = osa_distance(a.text.as_bytes(), b.text.as_bytes(), raw_max).unwrap_or(raw_max);
        if raw * 2 > raw_max {
            s -= 0.08;
        }
        let s = s.max(0.6);
        if better(&best, s) {
            best = Some((MatchKind::Phonetic, s));
        }
    }
    // Long names that sound the same but for one sound (`Vlandimirovich`/`Vladimirovich`,
    // a transliteration through a third language): a weaker phonetic match.
    if best.is_none_or(|(_, s)| s < LONG_SOUND_SIM)
        && !syllabic
        && a.fine.len().min(b.fine.len()) >= LONG_SOUND_LEN
        && a.fine.as_bytes()[0] == b.fine.as_bytes()[0]
        && osa_distance(a.fine.as_bytes(), b.fine.as_bytes(), 1).is_some()
    {
        best = Some((MatchKind::Phonetic, LONG_SOUND_SIM));
    }
    // A token read from Arabic script lacks the short vowels: the same consonant skeleton
    // with only inner vowels supplied by the other spelling is a transliteration variant as
    // good as a Latin phonetic one. Long vowels are written, and their glides (`ay`/`ai`,
    // `aw`/`au`/`o`, `iy`/`i`, `uw`/`u`) are one vowel run in the fine key.
    if (a.unvocalised || b.unvocalised) && !syllabic && !a.coarse.is_empty() && a.coarse == b.coarse
    {
        let supplied = if a.unvocalised { vowels_supplied(a, b) } else { None }.or_else(|| {
            if b.unvocalised {
                vowels_supplied(b, a)
            } else {
                None
            }
        });
        if let Some(supplied) = supplied {
            // Each vowel the Arabic spelling leaves open is a small uncertainty.
            let mut s = UNVOC_BASE - UNVOC_PER * supplied as f32;
            if a.coarse.len() <= 2 {
                s -= 0.05;
            }
            if better(&best, s) {
                best = Some((MatchKind::Unvocalised, s));
            }
        }
    }
    let k = if syllabic { 0 } else { max_edits(la.min(lb)) };
    if k > 0 {
        if let Some(d) = osa_distance(a.text.as_bytes(), b.text.as_bytes(), k) {
            let s = 1.0 - d as f32 / la.max(lb) as f32;
            if s > 0.5 && better(&best, s) {
                best = Some((MatchKind::Edit, s));
            }
        }
    }
    // A word-initial sibilant romanised as `x` or `hs` against `s`/`sh` (`Xi`/`Shi`/`Hsi`):
    // compared as the `s` spelling, a phonetic variant at best.
    if a.sibilant.is_some() || b.sibilant.is_some() {
        let (a2, b2) = (a.sibilant.as_deref().unwrap_or(a), b.sibilant.as_deref().unwrap_or(b));
        // Only the consonants may differ: `xin` is not `son`.
        let s = match token_sim(a2, b2) {
            Some((MatchKind::Exact, _)) => Some(SIBILANT_SIM),
            Some((MatchKind::Phonetic, s)) if vowel_letters(a2) == vowel_letters(b2) => {
                Some(s.min(SIBILANT_SIM))
            }
            _ => None,
        };
        if let Some(s) = s.filter(|s| better(&best, *s)) {
            best = Some((MatchKind::Phonetic, s));
        }
    }
    // A name transliterated the German way (`Jewgeni`/`Yevgeniy`, `Lawrow`/`Lavrov`), the
    // French way (`Aicha`/`Aisha`) or the Somali way (`Maxamed`/`Mohamed`), or written with
    // the Arabic article fused or assimilated (`Essayed`/`Sayed`, `Lazhar`/`Azhar`): its
    // English spelling against the other token, phonetically, as a phonetic variant.
    if best.is_none_or(|(_, s)| s < GERMAN_SIM) && !syllabic && la.min(lb) >= 3 {
        for (x, y) in [(a, b), (b, a)] {
            // A `j` read as `y` is a vowel to the phonetic key: only against a written `y`
            // (`Jelena`/`Yelena`, not `Julian`/`Allen`).
            // The variant must sound like the other token and be spelled nearly like it (the
            // phonetic key alone pools vowels: `shaitaly` is not `saidullah`).
            let fits = |v: &Spelling| {
                (v.short_ok || la.min(lb) >= 5)
                    && v.fine == y.fine
                    && (!v.leading_y || y.text.starts_with('y'))
                    && {
                        // Somali and article readings are compared without doubled letters
                        // (`husen` / `hussein`, `hakim` / `hakeem`).
                        let (vt, yt) = if v.short_ok {
                            (dedup_letters(v.text.as_bytes()), dedup_letters(y.text.as_bytes()))
                        } else {
                            (v.text.as_bytes().to_vec(), y.text.as_bytes().to_vec())
                        };
                        let edits = if v.short_ok {
                            // Four letters or fewer: spelled alike but for the leading vowel.
                            (vt.len().saturating_sub(2) / 3).min(2)
                        } else {
                            (vt.len() / 3).min(2)
                        };
                        osa_distance(&vt, &yt, edits).is_some()
                            || (v.short_ok && same_after_leading_vowel(&vt, &yt))
                    }
            };
            if x.spellings.iter().any(fits) {
                best = Some((MatchKind::Phonetic, GERMAN_SIM));
            }
        }
    }
    // A Latvian, Lithuanian or Greek case ending (`Lavrovs`, `Putinas`, `Sergejus`,
    // `Alexandros`) on a name marked as having them: the stem against the other token.
    if best.is_none_or(|(_, s)| s < INFLECTED_SIM) && !syllabic {
        for (long, short) in [(a, b), (b, a)] {
            let Some(stem) = long.inflected.then(|| inflection_stem(&long.text)).flatten() else {
                continue;
            };
            if stem.len() < short.text.len().saturating_sub(1) {
                continue;
            }
            let stem = TokInfo { unvocalised: long.unvocalised, ..TokInfo::from_text(stem, false) };
            let s = match token_sim(&stem, short) {
                Some((MatchKind::Exact, _)) => INFLECTED_SIM,
                Some((
                    MatchKind::Phonetic
                    | MatchKind::Equivalent
                    | MatchKind::Unvocalised
                    | MatchKind::Inflected,
                    s,
                )) => s.min(INFLECTED_SIM),
                // `Alexandr(os)` / `Alexander`: a typo away, counted as a phonetic variant.
                Some((MatchKind::Edit, s)) => s.min(INFLECTED_EDIT_SIM),
                _ => continue,
            };
            if better(&best, s) {
                best = Some((MatchKind::Inflected, s));
            }
        }
    }
    best
}

/// Similarity of a German or French transliteration and the English one it reads as.
const GERMAN_SIM: f32 = 0.88;

/// Least length of the phonetic keys of two long names one sound apart, and their similarity.
pub(crate) const LONG_SOUND_LEN: usize = 8;
const LONG_SOUND_SIM: f32 = 0.8;

/// Most similarity of an inflected name whose stem is a typo away from the other token.
const INFLECTED_EDIT_SIM: f32 = 0.85;

/// Similarity of two romanisations of one syllable (Wade-Giles / pinyin, Hangul spellings).
const ROMANISED_SIM: f32 = 0.9;

/// Similarity of a name and the same name with a case ending.
const INFLECTED_SIM: f32 = 0.9;

/// Similarity of two spellings that differ only by a sibilant romanised `x`, `hs` or `s`/`sh`.
const SIBILANT_SIM: f32 = 0.9;

/// One aligned pair in an explanation.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Alignment {
    /// The query token(s) (normalised; two joined tokens are shown with a space).
    pub query: String,
    /// The listed token(s) (normalised).
    pub listed: String,
    /// How they matched.
    pub kind: MatchKind,
    /// Token similarity in [0, 1].
    pub similarity: f64,
    /// Weight of the query token(s) (rarity in the lists).
    pub query_weight: f64,
    /// Weight of the listed token(s), after the middle-name discount.
    pub listed_weight: f64,
}

/// A token left without a partner.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Unmatched {
    /// The normalised token.
    pub token: String,
    /// Its weight (what it cost).
    pub weight: f64,
}

/// A change of score from a secondary attribute.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Adjustment {
    /// `birth_date`, `nationality` or `document`.
    pub attribute: String,
    /// Added to the score (negative: lowered).
    pub effect: f64,
    /// What was compared.
    pub detail: String,
}

/// Why a hit scored what it did.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Explanation {
    /// Share of the query's weight that was found (similarity-weighted).
    pub coverage: f64,
    /// Share of the listed name's weight that was not found.
    pub listed_miss: f64,
    /// Score from names alone.
    pub name_score: f64,
    /// Query tokens aligned with listed tokens, in query order.
    pub alignments: Vec<Alignment>,
    /// Query tokens not found.
    pub unmatched_query: Vec<Unmatched>,
    /// Listed tokens not found.
    pub unmatched_listed: Vec<Unmatched>,
    /// Secondary-attribute adjustments.
    pub adjustments: Vec<Adjustment>,
    /// When the listed name is no name the list writes but the given name of the primary name
    /// combined with a short alias (a laqab, family name, kunya or nickname): which.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combined: Option<String>,
}

/// A side of a comparison: tokens, their weights and (for the listed side) the middle-name
/// discount.
pub(crate) struct Side<'a> {
    /// The tokens' normalised texts.
    pub tokens: &'a [&'a str],
    pub weights: &'a [f32],
    /// Bits of the tokens that are family names (see [`NormToken::family`]).
    pub family: u64,
}

/// A unit on one side: a single token `i`, the join of tokens `i` and `i + 1`, or the `len`
/// words from `i` that an acronym on the other side abbreviates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Unit {
    Single(u16),
    Join(u16),
    /// Tokens `i`, `i + 1` and `i + 2` written as one word.
    Join3(u16),
    Span(u16, u8),
}

/// How many tokens a unit joins into one word (1 for a single token or an acronym's span).
fn joined(u: Unit) -> usize {
    match u {
        Unit::Join(_) => 2,
        Unit::Join3(_) => 3,
        Unit::Single(_) | Unit::Span(..) => 1,
    }
}

/// First token and number of tokens of a unit.
pub(crate) fn unit_span(u: Unit) -> (usize, usize) {
    match u {
        Unit::Single(i) => (i as usize, 1),
        Unit::Join(i) => (i as usize, 2),
        Unit::Join3(i) => (i as usize, 3),
        Unit::Span(i, l) => (i as usize, l as usize),
    }
}

/// For a query written in a syllabic script, the bits `i + 1` of its tokens `i`, `i + 1`
/// that are neighbouring syllables of one given name: the tokens are its syllables in order
/// (one per character), a word of several syllables is a given name, except the first
/// syllable of a name written as one word, the family name (`김정은`: `jeong`, `eun`).
/// 0 when the tokens cannot be traced to the characters.
pub(crate) fn given_name_pairs(name: &str, tokens: usize) -> u64 {
    let words: Vec<usize> = name
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| w.chars().filter(|c| crate::normalize::is_syllabic_script(*c)).count())
        .filter(|n| *n > 0)
        .collect();
    if words.iter().sum::<usize>() != tokens || tokens > MAX_TOKENS {
        return 0;
    }
    let mut bits = 0u64;
    let mut start = 0;
    for &len in &words {
        // The first pair of a name written as one word joins the family name.
        let first = if words.len() == 1 { start + 2 } else { start + 1 };
        for i in first..start + len {
            bits |= 1u64 << i;
        }
        start += len;
    }
    bits
}

/// Number of words of a name: its tokens but the second parts of compounds (`din` of
/// `Sirajuddin`).
pub(crate) fn words(roles: &[u8]) -> usize {
    roles.iter().filter(|r| *r & ROLE_COMPOUND_PART == 0).count()
}

/// Person names: missing middle tokens of the listed name cost half; a family name is no
/// middle name wherever it stands (`Daniel PEREZ ROJAS`).
pub(crate) fn listed_factor(person: bool, j: usize, m: usize, family: u64) -> f32 {
    if j < 64 && family & (1u64 << j) != 0 {
        1.0
    } else {
        position_factor(person, j, m)
    }
}

/// Person names: missing middle tokens cost half.
pub(crate) fn position_factor(person: bool, j: usize, m: usize) -> f32 {
    if person && m >= 3 && j > 0 && j + 1 < m {
        MIDDLE_NAME
    } else {
        1.0
    }
}

/// Discounts a fuzzy similarity by the rarity weight of the listed token: unchanged for a rare
/// token, `s^(1/w)` for a common one.
pub(crate) fn fuzzy_discount(s: f32, w: f32) -> f32 {
    s.powf(1.0 / w.clamp(0.25, 1.0))
}

/// Share of their weight that a query's extra tokens cost when the whole listed name is found.
pub(crate) const CONTAINED_EXTRA: f32 = 0.4;
/// Least total weight of a listed name for containment to count (a single common given name
/// is found in many queries).
pub(crate) const CONTAINED_MIN_WEIGHT: f32 = 1.0;

/// Least similarity of every listed token for containment to count (found, not guessed).
pub(crate) const CONTAINED_MIN_SIM: f32 = 0.95;

/// λ: how much the unmatched share of the listed name lowers the score.
const LAMBDA: f32 = 0.5;

/// A token at least this heavy (rarity weight) is a rare name: a short query made of such
/// tokens identifies a long listed name it is wholly found in.
pub(crate) const RARE_TOKEN: f32 = 0.5;
/// Least similarity of every query token for a short query to count as wholly found.
const SHORT_QUERY_MIN_SIM: f32 = 0.75;
/// The most the unmatched share of a long listed name counts when a short query of rare
/// tokens is wholly found in it (so such a hit keeps at least 0.8 of its coverage).
const SHORT_QUERY_MISS: f32 = 0.4;

/// Found query tokens that weigh less than this together (rarity weights: `Abdul` 0.34 and
/// `Rahman` 0.51, `Mohamed` 0.28 and `Ali` 0.09) are common names: little evidence.
pub(crate) const COMMON_EVIDENCE: f32 = 1.0;
/// Scores above this, when only common names were found, are compressed (a quarter of
/// the excess is kept): two common names alone stay below 0.90, and their order among
/// namesakes is kept.
const COMMON_CEILING: f32 = 0.85;
const COMMON_EXCESS: f32 = 0.25;

struct Pair {
    q: Unit,
    c: Unit,
    kind: MatchKind,
    sim: f32,
}

/// Longest name (in tokens) compared; longer names are cut (no real name comes close).
pub(crate) const MAX_TOKENS: usize = 64;

/// The result of aligning two names.
pub(crate) struct NameScore {
    pub score: f32,
    pairs: Vec<Pair>,
    coverage: f32,
    miss: f32,
}

/// The query's side of a name comparison.
pub(crate) struct QueryName<'a> {
    /// Rarity weight of each token.
    pub weights: &'a [f32],
    /// Role of each token (see [`NormToken::role`]).
    pub roles: &'a [u8],
    /// Whether the query was written in a syllabic script (no middle names).
    pub syllabic: bool,
    /// Neighbouring given-name syllables of one word (see [`given_name_pairs`]).
    pub pairs: u64,
    /// For each token, its length when it may be an acronym (see [`acronym_len`]); empty: no
    /// acronyms (persons).
    pub acronyms: &'a [u8],
}

/// The listed side of a name comparison.
pub(crate) struct ListedName<'a> {
    /// Rarity weight of each token.
    pub weights: &'a [f32],
    /// Role of each token (see [`NormToken::role`]).
    pub roles: &'a [u8],
    /// Whether the listed party is a person.
    pub person: bool,
    /// Bits of the tokens that are family names (see [`NormToken::family`]).
    pub family: u64,
    /// For each token, its length when it may be an acronym; empty: no acronyms.
    pub acronyms: &'a [u8],
}

/// Aligns query and listed tokens and computes the name score. `sim` compares units (it is
/// memoised by the caller); joins are only compared with singles. Each token that may be an
/// acronym (the sides' `acronyms`) is compared with the spans of as many words on the other
/// side.
pub(crate) fn score_names(
    query: &QueryName<'_>,
    listed: &ListedName<'_>,
    mut sim: impl FnMut(Unit, Unit) -> Option<(MatchKind, f32)>,
) -> NameScore {
    let (q_weights, c_weights) = (query.weights, listed.weights);
    let (q_roles, c_roles) = (query.roles, listed.roles);
    let (person, q_syllabic, q_pairs, c_family) =
        (listed.person, query.syllabic, query.pairs, listed.family);
    let acronyms = (query.acronyms, listed.acronyms);
    let (n, m) = (q_weights.len().min(MAX_TOKENS), c_weights.len().min(MAX_TOKENS));
    let (q_weights, c_weights) = (&q_weights[..n], &c_weights[..m]);
    let empty = NameScore { score: 0.0, pairs: Vec::new(), coverage: 0.0, miss: 1.0 };
    if n == 0 || m == 0 {
        return empty;
    }
    let mut pairs: Vec<Pair> = Vec::with_capacity(n * m * 2);
    for i in 0..n {
        for j in 0..m {
            if let Some((kind, mut s)) = sim(Unit::Single(i as u16), Unit::Single(j as u16)) {
                let qr = q_roles.get(i).copied().unwrap_or(0) & !ROLE_COMPOUND_PART;
                let cr = c_roles.get(j).copied().unwrap_or(0) & !ROLE_COMPOUND_PART;
                if qr != 0 && cr != 0 && qr != cr {
                    // Own name against father's name (or the reverse): "A bin B" is not "B bin A".
                    s *= ROLE_SWAP;
                }
                pairs.push(Pair {
                    q: Unit::Single(i as u16),
                    c: Unit::Single(j as u16),
                    kind,
                    sim: s,
                });
            }
        }
    }
    if n >= 2 {
        for i in 0..n - 1 {
            for j in 0..m {
                if let Some((kind, s)) = sim(Unit::Join(i as u16), Unit::Single(j as u16)) {
                    if kind != MatchKind::Initial {
                        pairs.push(Pair {
                            q: Unit::Join(i as u16),
                            c: Unit::Single(j as u16),
                            kind,
                            sim: s,
                        });
                    }
                }
            }
        }
    }
    if m >= 2 {
        for i in 0..n {
            for j in 0..m - 1 {
                if let Some((kind, s)) = sim(Unit::Single(i as u16), Unit::Join(j as u16)) {
                    if kind != MatchKind::Initial {
                        pairs.push(Pair {
                            q: Unit::Single(i as u16),
                            c: Unit::Join(j as u16),
                            kind,
                            sim: s,
                        });
                    }
                }
            }
        }
    }
    // Three tokens written as one word on either side ("Nam Chon Gang" / "Namchongang").
    for i in 0..n.saturating_sub(2) {
        for j in 0..m {
            let (q, c) = (Unit::Join3(i as u16), Unit::Single(j as u16));
            if let Some((kind, s)) = sim(q, c) {
                pairs.push(Pair { q, c, kind, sim: s });
            }
        }
    }
    for i in 0..n {
        for j in 0..m.saturating_sub(2) {
            let (q, c) = (Unit::Single(i as u16), Unit::Join3(j as u16));
            if let Some((kind, s)) = sim(q, c) {
                pairs.push(Pair { q, c, kind, sim: s });
            }
        }
    }
    for (i, &l) in acronyms.0.iter().enumerate().take(n) {
        for j in 0..(m + 1).saturating_sub(l as usize) {
            let (q, c) = (Unit::Single(i as u16), Unit::Span(j as u16, l));
            if let Some((kind, s)) = sim(q, c) {
                pairs.push(Pair { q, c, kind, sim: s });
            }
        }
    }
    for (j, &l) in acronyms.1.iter().enumerate().take(m) {
        for i in 0..(n + 1).saturating_sub(l as usize) {
            let (q, c) = (Unit::Span(i as u16, l), Unit::Single(j as u16));
            if let Some((kind, s)) = sim(q, c) {
                pairs.push(Pair { q, c, kind, sim: s });
            }
        }
    }
    // Initials and different numbers only support a match made by other tokens.
    if !pairs.iter().any(|p| !matches!(p.kind, MatchKind::Initial | MatchKind::Number)) {
        return empty;
    }
    // A fuzzy match on a common token is more often a coincidence (the token has many
    // neighbours in the lists): discount it by the listed token's rarity. An initial is no
    // more a coincidence against a common name than against a rare one: it keeps its own
    // (low) similarity.
    for p in &mut pairs {
        if !matches!(p.kind, MatchKind::Exact | MatchKind::Initial) {
            let (cs, cl) = unit_span(p.c);
            let w = c_weights[cs..cs + cl].iter().sum();
            p.sim = fuzzy_discount(p.sim, w);
        }
    }
    let span = unit_span;
    let weight_of = |w: &[f32], u: Unit| {
        let (s, l) = span(u);
        w[s..s + l].iter().sum::<f32>()
    };
    // Best pairs first; on ties prefer singles, then heavier tokens, then query order.
    pairs.sort_unstable_by(|a, b| {
        b.sim
            .total_cmp(&a.sim)
            .then_with(|| joined(a.q).cmp(&joined(b.q)))
            .then_with(|| joined(a.c).cmp(&joined(b.c)))
            .then_with(|| {
                (weight_of(q_weights, b.q) + weight_of(c_weights, b.c))
                    .total_cmp(&(weight_of(q_weights, a.q) + weight_of(c_weights, a.c)))
            })
            .then_with(|| span(a.q).cmp(&span(b.q)))
            .then_with(|| span(a.c).cmp(&span(b.c)))
    });
    let mut used_q = [false; MAX_TOKENS];
    let mut used_c = [false; MAX_TOKENS];
    let mut chosen: Vec<Pair> = Vec::with_capacity(n.min(m));
    for p in pairs {
        let (qs, ql) = span(p.q);
        let (cs, cl) = span(p.c);
        if used_q[qs..qs + ql].iter().any(|u| *u) || used_c[cs..cs + cl].iter().any(|u| *u) {
            continue;
        }
        used_q[qs..qs + ql].iter_mut().for_each(|u| *u = true);
        used_c[cs..cs + cl].iter_mut().for_each(|u| *u = true);
        chosen.push(p);
    }
    // In a name written in a syllabic script the order of the given name's syllables is
    // part of the name: two neighbouring syllables of one word found in the reverse order
    // ("민석", Min-seok, against "So'k-min") are another given name. `q_pairs` has bit `i + 1`
    // set when query tokens `i` and `i + 1` are such syllables.
    if q_pairs != 0 {
        let single = |u: Unit| match u {
            Unit::Single(i) => Some(i as usize),
            _ => None,
        };
        let at: Vec<(usize, usize)> =
            chosen.iter().filter_map(|p| Some((single(p.q)?, single(p.c)?))).collect();
        // (i, j) then (i + 1, j - 1): both syllables are swapped.
        let reversed = |(i, j): (usize, usize), (i2, j2): (usize, usize)| {
            i2 == i + 1 && j2 + 1 == j && q_pairs & (1u64 << i2) != 0
        };
        let swapped: Vec<usize> = at
            .iter()
            .filter(|a| at.iter().any(|b| reversed(**a, *b) || reversed(*b, **a)))
            .map(|(i, _)| *i)
            .collect();
        for p in &mut chosen {
            if single(p.q).is_some_and(|i| swapped.contains(&i)) {
                p.sim *= SYLLABLE_SWAP;
            }
        }
    }
    // Middle names of a person cost little on either side. A name in a syllabic script has
    // no middle names: its inner tokens are syllables of the given name.
    let mut q_eff = [0.0f32; MAX_TOKENS];
    for (i, (e, w)) in q_eff.iter_mut().zip(q_weights).enumerate() {
        *e = w * position_factor(person && !q_syllabic, i, n);
    }
    let q_eff = &q_eff[..n];
    let qtot: f32 = q_eff.iter().sum();
    let mut matched_q = 0.0f32;
    let mut c_sim = [0.0f32; MAX_TOKENS];
    for p in &chosen {
        matched_q += p.sim * weight_of(q_eff, p.q);
        let (cs, cl) = span(p.c);
        for s in &mut c_sim[cs..cs + cl] {
            *s = p.sim;
        }
    }
    let mut ctot = 0.0f32;
    let mut cmiss = 0.0f32;
    let mut cabsent = 0.0f32;
    for j in 0..m {
        let w = c_weights[j] * listed_factor(person, j, m, c_family);
        ctot += w;
        cmiss += (1.0 - c_sim[j]) * w;
        if c_sim[j] == 0.0 {
            cabsent += w;
        }
    }
    let coverage = if qtot > 0.0 { (matched_q / qtot).min(1.0) } else { 0.0 };
    let miss = if ctot > 0.0 { (cmiss / ctot).clamp(0.0, 1.0) } else { 0.0 };
    // Conflict: both names keep tokens the other lacks entirely ("Ahmed" here, "Mohamed"
    // there): a different name in the same slot, stronger evidence against than an omission.
    // Unlike omissions, conflicts are not discounted in the middle of a name.
    let q_raw: f32 = q_weights.iter().sum();
    let c_raw: f32 = c_weights.iter().sum();
    let q_left: f32 =
        (0..n).filter(|i| !used_q[*i]).map(|i| q_weights[i]).sum::<f32>() / q_raw.max(f32::EPSILON);
    let c_left: f32 = (0..m).filter(|j| c_sim[*j] == 0.0).map(|j| c_weights[j]).sum::<f32>()
        / c_raw.max(f32::EPSILON);
    // A syllable of a syllabic-script query the listed name lacks is another given name:
    // a conflict even when the listed name has nothing left over ("유진 류", Ryu Yu-jin, is
    // not "RYU Jin").
    let conflict = if q_syllabic { q_left } else { q_left.min(c_left) };
    let mut coverage = coverage;
    if person
        && !q_syllabic
        && words(c_roles) >= 2
        && used_q[0]
        && c_sim[..m].iter().all(|s| *s >= CONTAINED_MIN_SIM)
        && c_raw >= CONTAINED_MIN_WEIGHT
    {
        // The whole listed name is found in the query, starting with the query's given name:
        // the query's extra tokens are more likely names the list omits (a clan name, a
        // grandfather, a title) than another person, as long as the listed name is
        // distinctive on its own. Not for syllabic scripts, where the extra syllable is part
        // of the given name, nor when the query's given name is the missing part.
        let matched_raw: f32 = chosen.iter().map(|p| p.sim * weight_of(q_weights, p.q)).sum();
        let used_raw: f32 = (0..n).filter(|i| used_q[*i]).map(|i| q_weights[i]).sum();
        let extra = q_raw - used_raw;
        let contained = matched_raw / (used_raw + CONTAINED_EXTRA * extra).max(f32::EPSILON);
        coverage = coverage.max(contained.min(1.0));
    }
    // A name written in a syllabic script is written whole: a syllable of the listed name it
    // lacks is another given name ("陈想" is not "CHEN Mei Hsiang"), not an omission, and
    // costs its whole weight.
    let mut absent = if q_syllabic && ctot > 0.0 { (1.0 - LAMBDA) * cabsent / ctot } else { 0.0 };
    // Of two family names (`PEREZ ROJAS, Daniel`), the first is the one a person goes by: a
    // query that has only the second ("Daniel Rojas") lacks the name, not an extra.
    let family: Vec<usize> = (0..m.min(64)).filter(|j| c_family & (1u64 << j) != 0).collect();
    if person
        && !q_syllabic
        && family.len() >= 2
        && c_sim[family[0]] == 0.0
        && family[1..].iter().any(|j| c_sim[*j] > 0.0)
        && ctot > 0.0
    {
        absent += (1.0 - LAMBDA) * c_weights[family[0]] / ctot;
    }
    // A short query of rare names wholly found in a long listed name ("Malek Ruben" against
    // "MALEK REUBEN RIAK RENGU"): the listed name's other tokens are
    // names the query omits (father's, grandfather's, a lineage), not evidence against, so
    // their unmatched share counts at most `SHORT_QUERY_MISS`. Only when at least two query
    // words are rare and every query token is found: two common names found in a long name
    // are a coincidence.
    let all_found = (0..n).all(|i| used_q[i]);
    // Rare on both sides: a rare query word found as a rare listed word.
    let rare_words = chosen
        .iter()
        .filter(|p| {
            weight_of(q_weights, p.q) >= RARE_TOKEN && weight_of(c_weights, p.c) >= RARE_TOKEN
        })
        .count();
    // The listed name's given name (its first word) and the words the list marks as family
    // names must be among those found: a query that lacks them names someone else who shares
    // two names ("Carlos Ortega" is not "ORTEGA MURILLO, Juan Carlos").
    let family_found = (0..m.min(64)).all(|j| c_family & (1u64 << j) == 0 || c_sim[j] > 0.0);
    let short_rare = person
        && !q_syllabic
        && all_found
        && rare_words >= 2
        && m > n
        && c_sim[0] > 0.0
        && family_found
        && chosen.iter().all(|p| p.sim >= SHORT_QUERY_MIN_SIM);
    let miss_eff = if short_rare { miss.min(SHORT_QUERY_MISS) } else { miss };
    let mut score =
        (coverage * (1.0 - LAMBDA * miss_eff - absent) - CONFLICT * conflict).clamp(0.0, 1.0);
    // Only common names found ("Abdul Rahman", "Mohamed Ali"): many listed people share
    // them, so the name alone never makes a near-certain match.
    let found: f32 = (0..n).filter(|&i| used_q[i]).map(|i| q_weights[i]).sum();
    if found < COMMON_EVIDENCE && score > COMMON_CEILING {
        score = COMMON_CEILING + COMMON_EXCESS * (score - COMMON_CEILING);
    }
    NameScore { score, pairs: chosen, coverage, miss }
}

fn unit_text(tokens: &[&str], u: Unit) -> String {
    let (i, l) = unit_span(u);
    tokens[i..i + l].join(" ")
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

/// Builds the explanation of a name score.
pub(crate) fn explain(q: &Side<'_>, c: &Side<'_>, person: bool, ns: &NameScore) -> Explanation {
    let m = c.tokens.len();
    let span = unit_span;
    let mut pairs: Vec<&Pair> = ns.pairs.iter().collect();
    pairs.sort_by_key(|p| span(p.q));
    let mut used_q = vec![false; q.tokens.len()];
    let mut used_c = vec![false; m];
    let alignments = pairs
        .iter()
        .map(|p| {
            let (qs, ql) = span(p.q);
            let (cs, cl) = span(p.c);
            used_q[qs..qs + ql].iter_mut().for_each(|u| *u = true);
            used_c[cs..cs + cl].iter_mut().for_each(|u| *u = true);
            Alignment {
                query: unit_text(q.tokens, p.q),
                listed: unit_text(c.tokens, p.c),
                kind: p.kind,
                similarity: round(p.sim),
                query_weight: round(q.weights[qs..qs + ql].iter().sum()),
                listed_weight: round(
                    (cs..cs + cl)
                        .map(|j| c.weights[j] * listed_factor(person, j, m, c.family))
                        .sum(),
                ),
            }
        })
        .collect();
    let unmatched_query = (0..q.tokens.len())
        .filter(|i| !used_q[*i])
        .map(|i| Unmatched { token: q.tokens[i].to_owned(), weight: round(q.weights[i]) })
        .collect();
    let unmatched_listed = (0..m)
        .filter(|j| !used_c[*j])
        .map(|j| Unmatched {
            token: c.tokens[j].to_owned(),
            weight: round(c.weights[j] * listed_factor(person, j, m, c.family)),
        })
        .collect();
    Explanation {
        coverage: round(ns.coverage),
        listed_miss: round(ns.miss),
        name_score: round(ns.score),
        alignments,
        unmatched_query,
        unmatched_listed,
        adjustments: Vec::new(),
        combined: None,
    }
}

fn norm_doc(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

fn date_text(d: &BirthDate) -> String {
    let mut s = if d.year_from == d.year_to {
        d.year_from.to_string()
    } else {
        format!("{}–{}", d.year_from, d.year_to)
    };
    if let Some(m) = d.month {
        s.push_str(&format!("-{m:02}"));
        if let Some(day) = d.day {
            s.push_str(&format!("-{day:02}"));
        }
    }
    s
}

/// Score changes from date of birth, nationality and documents (only where both sides have
/// data).
pub(crate) fn adjustments(query: &Query, record: &Record) -> Vec<Adjustment> {
    let mut out = Vec::new();
    if let Some(qd) = &query.birth_date {
        if !record.birth_dates.is_empty() {
            let mut best: Option<(f64, String)> = None;
            for rd in &record.birth_dates {
                let overlap = qd.year_from <= rd.year_to && rd.year_from <= qd.year_to;
                let gap = if overlap {
                    0
                } else {
                    (qd.year_from - rd.year_to).max(rd.year_from - qd.year_to)
                };
                let (effect, what) = if overlap
                    && qd.year_from == qd.year_to
                    && rd.year_from == rd.year_to
                    && qd.month.is_some()
                    && qd.day.is_some()
                    && qd.month == rd.month
                    && qd.day == rd.day
                {
                    (0.08, "same date of birth")
                } else if overlap
                    && qd.month.is_some()
                    && rd.month.is_some()
                    && qd.month != rd.month
                    && rd.day.is_some()
                {
                    (0.0, "same year, different date")
                } else if overlap {
                    (0.04, "same year of birth")
                } else if gap <= 1 {
                    (0.0, "year of birth one apart")
                } else {
                    (-0.12, "different year of birth")
                };
                if best.as_ref().is_none_or(|(b, _)| effect > *b) {
                    best = Some((
                        effect,
                        format!("{what}: query {} vs listed {}", date_text(qd), date_text(rd)),
                    ));
                }
            }
            if let Some((effect, detail)) = best {
                out.push(Adjustment { attribute: "birth_date".into(), effect, detail });
            }
        }
    }
    if let Some(qn) = &query.nationality {
        let qn = qn.trim();
        if !qn.is_empty() && !record.nationalities.is_empty() {
            let same = record.nationalities.iter().any(|n| n.trim().eq_ignore_ascii_case(qn));
            let (effect, detail) = if same {
                (0.03, format!("nationality {qn} listed"))
            } else {
                (
                    -0.05,
                    format!(
                        "nationality {qn} not among listed {}",
                        record.nationalities.join(", ")
                    ),
                )
            };
            out.push(Adjustment { attribute: "nationality".into(), effect, detail });
        }
    }
    if !query.documents.is_empty() && !record.documents.is_empty() {
        let listed: Vec<String> =
            record.documents.iter().map(|d| norm_doc(d)).filter(|d| d.len() >= 4).collect();
        if let Some(d) = query.documents.iter().map(|d| norm_doc(d)).find(|d| listed.contains(d)) {
            out.push(Adjustment {
                attribute: "document".into(),
                effect: 0.15,
                detail: format!("document number {d} listed"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> TokInfo {
        TokInfo::from_text(s, false)
    }

    #[test]
    fn token_kinds() {
        assert_eq!(token_sim(&t("qadhafi"), &t("qadhafi")).map(|x| x.0), Some(MatchKind::Exact));
        assert_eq!(token_sim(&t("gaddafi"), &t("qadhafi")).map(|x| x.0), Some(MatchKind::Phonetic));
        assert_eq!(token_sim(&t("bob"), &t("robert")).map(|x| x.0), Some(MatchKind::Equivalent));
        assert_eq!(token_sim(&t("a"), &t("ahmad")).map(|x| x.0), Some(MatchKind::Initial));
        assert_eq!(token_sim(&t("johnson"), &t("jonson")).map(|x| x.0), Some(MatchKind::Edit));
        assert_eq!(token_sim(&t("frederik"), &t("frank")), None);
        // A repeated keystroke in a short syllable.
        assert_eq!(token_sim(&t("joonng"), &t("jong")).map(|x| x.0), Some(MatchKind::Phonetic));
    }

    #[test]
    fn arabic_article_fused_or_assimilated() {
        let sim = |a: &str, b: &str| token_sim(&t(a), &t(b));
        // Fused al-/el-/ul-, assimilated to a doubled sun letter, Maghrebi `l`: either side.
        for (a, b) in [
            ("alhakim", "hakim"),
            ("elhakim", "hakeem"),
            ("ulhassan", "hasan"),
            ("essalmi", "salmi"),
            ("assalmi", "salmi"),
            ("errazak", "razzak"),
            ("arrazaq", "razak"),
            ("ettaher", "taher"),
            ("ezzubair", "zubair"),
            ("ennouri", "nouri"),
            ("lakhal", "akhal"),
            ("labidi", "abidi"),
        ] {
            assert!(sim(a, b).is_some_and(|(_, s)| s >= 0.85), "{a} {b}: {:?}", sim(a, b));
            assert_eq!(sim(a, b), sim(b, a), "{a} {b}");
        }
        // A word that only looks like it keeps its own reading: no match with unrelated words.
        assert_eq!(sim("ellison", "nelson"), None);
        assert_eq!(sim("lamberto", "roberto"), None);
        assert!(sim("essen", "sen").is_none(), "three letters left is no word");
        // Letters Arabic lacks: a European name.
        assert!(crate::phonetic::article_variants("lavilla").is_empty());
        assert!(crate::phonetic::article_variants("elpidio").is_empty());
    }

    #[test]
    fn somali_orthography() {
        let sim = |a: &str, b: &str| token_sim(&t(a), &t(b));
        for (a, b) in [
            ("xuseen", "hussein"),
            ("xaliimo", "halima"),
            ("maxamuud", "mohamud"),
            ("maxamed", "mohamed"),
            ("cumar", "omar"),
            ("cali", "ali"),
            ("cabdulqaadir", "abdulkadir"),
            ("cismaan", "osman"),
            ("faadumo", "fadumo"),
        ] {
            assert!(sim(a, b).is_some_and(|(_, s)| s >= 0.85), "{a} {b}: {:?}", sim(a, b));
        }
        // `ch`, `ck`, `sc` are no Somali `c`; a Somali reading must still be spelled alike.
        assert_eq!(crate::phonetic::somali_variant("richard"), None);
        assert_eq!(crate::phonetic::somali_variant("jackson"), None);
        assert_eq!(sim("cali", "eli"), None);
        assert_eq!(sim("carlos", "arlos").map(|x| x.1 < 0.9), Some(true));
    }

    #[test]
    fn leading_vowels_do_not_decide() {
        let sim = |a: &str, b: &str| token_sim(&t(a), &t(b));
        for (a, b) in [("amar", "oumar"), ("umar", "oumar"), ("isa", "eissa"), ("idris", "edriss")]
        {
            assert!(sim(a, b).is_some(), "{a} {b}");
        }
        // Only the leading vowels: another vowel inside is another name.
        assert_eq!(sim("amir", "oumar"), None);
        assert_eq!(sim("omar", "amer").map(|x| x.0), None);
    }

    #[test]
    fn organisation_words_across_languages() {
        let kind = |a: &str, b: &str| token_sim(&t(a), &t(b)).map(|x| x.0);
        for (a, b) in [
            ("movement", "mouvement"),
            ("harakat", "movement"),
            ("jebhat", "front"),
            ("frente", "front"),
            ("ejercito", "army"),
            ("jaysh", "armee"),
            ("banque", "bank"),
            ("banco", "bnk"),
            ("liberacion", "tahrir"),
            ("mgmt", "management"),
            ("islamique", "islamiyah"),
            ("hizb", "partei"),
        ] {
            assert_eq!(kind(a, b), Some(MatchKind::Equivalent), "{a} {b}");
        }
        assert_eq!(kind("army", "front"), None);
        assert!(is_org_word("shabaka") && !is_org_word("qaida"));
    }

    #[test]
    fn sibilant_romanisations() {
        let kind = |a: &str, b: &str| token_sim(&t(a), &t(b)).map(|x| x.0);
        for (a, b) in
            [("xi", "shi"), ("xi", "si"), ("hsi", "xi"), ("hsu", "xu"), ("ximena", "simena")]
        {
            assert_eq!(kind(a, b), Some(MatchKind::Phonetic), "{a} {b}");
        }
        // Only the consonant may differ; medial `x` stays `ks`.
        assert_eq!(kind("xin", "son"), None);
        assert_eq!(kind("alexis", "alesis"), Some(MatchKind::Edit));
    }

    #[test]
    fn long_names_one_sound_apart() {
        let r = token_sim(&t("vlandimirovits"), &t("vladimirovich"));
        assert_eq!(r.map(|x| x.0), Some(MatchKind::Phonetic));
        // Short names one sound apart are other names.
        assert_eq!(token_sim(&t("hamid"), &t("hamed")).map(|x| x.0), Some(MatchKind::Phonetic));
        assert_eq!(token_sim(&t("karim"), &t("kazim")).map(|x| x.0), Some(MatchKind::Edit));
        assert_eq!(token_sim(&t("kaz"), &t("kar")), None);
    }

    #[test]
    fn baltic_endings_only_on_an_inflected_name() {
        let infl = |s: &str| TokInfo { inflected: true, ..t(s) };
        let r = token_sim(&infl("putinas"), &t("putin"));
        assert_eq!(r.map(|x| x.0), Some(MatchKind::Inflected));
        let r = token_sim(&infl("sergejs"), &t("sergey"));
        assert_eq!(r.map(|x| x.0), Some(MatchKind::Inflected));
        // Without the mark, "Meyers" is only a typo away from "Mayer" at best.
        assert_ne!(token_sim(&t("meyers"), &t("mayer")).map(|x| x.0), Some(MatchKind::Inflected));
        assert_eq!(token_sim(&t("putinas"), &t("putin")), None);
    }

    fn arabic(name: &str) -> TokInfo {
        let toks = crate::normalize::normalize(name, crate::normalize::NameStyle::Person);
        assert!(toks.iter().all(|t| t.unvocalised), "{toks:?}");
        TokInfo::new(toks.last().expect("a token"))
    }

    #[test]
    fn a_leading_alif_or_ayn_is_any_vowel() {
        // The first letter of عمرانی, عبادی, ابراهیمی is written with any vowel in Latin
        // spellings (class 2 in Arabic script): their phonetic keys already agree.
        for (ar, latin) in [
            ("عمرانی", "omrani"),
            ("عمرانی", "umrani"),
            ("عبادی", "obadi"),
            ("ابراهیمی", "ebrahimi"),
            ("ابراهیمی", "ibrahimi"),
        ] {
            let r = token_sim(&arabic(ar), &t(latin));
            assert!(r.is_some_and(|(_, s)| s >= 0.85), "{ar} {latin}: {r:?}");
        }
        // Inner written vowels still decide; four letters leave no vowel open.
        let kind = |ar: &str, latin: &str| token_sim(&arabic(ar), &t(latin)).map(|x| x.0);
        assert_ne!(kind("عثمانی", "othmanu"), Some(MatchKind::Unvocalised));
        assert_ne!(kind("عمری", "omari"), Some(MatchKind::Unvocalised));
    }

    #[test]
    fn arabic_tokens_lack_short_vowels() {
        let q = arabic("القذافي");
        assert_eq!(q.text, "qdhafi");
        let (kind, s) = token_sim(&q, &t("qadhafi")).expect("match");
        assert_eq!(kind, MatchKind::Unvocalised);
        assert!(s >= 0.85, "{s}");
        // The same letters typed in Latin script are only a typo.
        assert_eq!(token_sim(&t("qdhafi"), &t("qadhafi")).map(|x| x.0), Some(MatchKind::Edit));
        // Another skeleton: qadi is not qadhafi.
        let qadi = arabic("القاضي");
        assert!(!matches!(
            token_sim(&qadi, &t("qadhafi")).map(|x| x.0),
            Some(MatchKind::Phonetic | MatchKind::Unvocalised)
        ));
        // Glides: ay/ai, aw/au/o, iy/i, uw/u.
        let u = |s: &str| TokInfo { unvocalised: true, ..t(s) };
        for (a, b) in
            [("sayf", "saif"), ("mawlawi", "maulawi"), ("mawlawi", "molawi"), ("karim", "kariim")]
        {
            assert_eq!(vowels_supplied(&u(a), &t(b)), Some(0), "{a} {b}");
            let (_, s) = token_sim(&u(a), &t(b)).expect("match");
            assert!(s >= 0.85, "{a} {b} {s}");
        }
        assert_eq!(token_sim(&u("sayf"), &t("saif")).map(|x| x.0), Some(MatchKind::Unvocalised));
        assert_eq!(vowels_supplied(&u("mhmd"), &t("muhammad")), None); // a leading vowel is written
                                                                       // A written vowel must be the same vowel; a vowel standing at an end is written.
        assert_ne!(token_sim(&u("hmidi"), &t("hamati")).map(|x| x.0), Some(MatchKind::Unvocalised));
        assert_ne!(token_sim(&u("zara"), &t("suri")).map(|x| x.0), Some(MatchKind::Unvocalised));
        assert_ne!(token_sim(&u("srhn"), &t("sarhana")).map(|x| x.0), Some(MatchKind::Unvocalised));
        // z and s are different letters in Arabic script.
        assert_eq!(token_sim(&u("zfari"), &t("safari")), token_sim(&t("zfari"), &t("safari")));
    }

    #[test]
    fn syllabic_tokens_need_the_same_syllable() {
        let syl = |s: &str| TokInfo { syllabic: true, ..t(s) };
        // Two characters read "hyeong" / "myeong" are different names, not a typo.
        assert_eq!(token_sim(&syl("hyeong"), &syl("myeong")), None);
        assert_eq!(token_sim(&syl("cheng"), &t("chen")), None);
        assert_eq!(token_sim(&syl("jeong"), &syl("jeong")).map(|x| x.0), Some(MatchKind::Exact));
        assert_eq!(token_sim(&syl("i"), &t("il")), None);
        assert_eq!(token_sim(&t("i"), &t("il")).map(|x| x.0), Some(MatchKind::Initial));
        // The same letters typed in Latin script are a plausible typo.
        assert_eq!(token_sim(&t("hyeong"), &t("myeong")).map(|x| x.0), Some(MatchKind::Edit));
    }

    #[test]
    fn osa_limits() {
        assert_eq!(osa_distance(b"abcd", b"abdc", 2), Some(1));
        assert_eq!(osa_distance(b"kitten", b"sitting", 3), Some(3));
        assert_eq!(osa_distance(b"kitten", b"sitting", 2), None);
    }

    #[test]
    fn dates_adjust() {
        let rec = Record {
            id: "1".into(),
            list: "un".into(),
            reference: "X".into(),
            kind: crate::Kind::Person,
            names: vec!["A B".into()],
            birth_dates: vec![BirthDate::parse("1942-06-07").unwrap()],
            nationalities: vec!["LY".into()],
            documents: vec!["B/010342".into()],
        };
        let mut q = Query::name("A B");
        q.birth_date = BirthDate::parse("1942");
        q.nationality = Some("ly".into());
        q.documents = vec!["b010342".into()];
        let adj = adjustments(&q, &rec);
        let total: f64 = adj.iter().map(|a| a.effect).sum();
        assert!((total - (0.04 + 0.03 + 0.15)).abs() < 1e-9, "{adj:?}");
        q.birth_date = BirthDate::parse("1970");
        q.nationality = Some("SY".into());
        let total: f64 = adjustments(&q, &rec).iter().map(|a| a.effect).sum();
        assert!((total - (-0.12 - 0.05 + 0.15)).abs() < 1e-9);
    }
}
