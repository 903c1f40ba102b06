//! A token prepared for comparison: its text, phonetic keys, equivalence groups, other
//! spellings and readings, computed once per token (the listed vocabulary once per index).

use crate::normalize::NormToken;
use crate::phonetic::{
    article_variants, coarse_key, cyrillic_h_variant, cyrillic_w_variant, fine_key, french_variant,
    german_variants, particle_variant, russian_variant, sibilant_variant, somali_variant,
};
use crate::rules::equivalence::groups_of;
use crate::wade_giles;

/// Most readings of a join of syllables with other spellings ([`TokInfo::join`]).
const MAX_JOINED_READINGS: usize = 16;

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
    /// Read from a name in Cyrillic (see [`NormToken::cyrillic`]).
    pub cyrillic: bool,
    /// The spelling with a word-initial sibilant written `s` (see
    /// [`crate::phonetic::sibilant_variant`]), prepared.
    pub sibilant: Option<Box<TokInfo>>,
    /// For a token read from Arabic script, other readings of its letters: with every `h`
    /// read as a letter of its own (see [`TokInfo::separate_letters`]), and the letters
    /// themselves when the reading gave a common name its usual vowels (`mr` for `umar`, see
    /// [`crate::tables::ARABIC_COMMON`]). Empty otherwise.
    pub letters: Box<[Letters]>,
    /// German, French and Russian transliterations read the English way, with their phonetic
    /// keys (see [`crate::phonetic::german_variants`], [`crate::phonetic::french_variant`],
    /// [`crate::phonetic::russian_variant`]).
    pub spellings: Vec<Spelling>,
    /// Other romanisations: the pinyin readings of a Wade-Giles syllable or pair of syllables
    /// (see [`NormToken::wade_giles`]), the McCune-Reischauer and South Korean spellings of a
    /// Hangul syllable (see [`crate::normalize::korean_readings`]); empty otherwise.
    pub readings: Vec<String>,
    /// The Persian reading of a token read from Arabic script (see
    /// [`NormToken::z_reading`]), prepared.
    pub z_reading: Option<Box<TokInfo>>,
}

/// What a [`TokInfo`] is made from: its text, marks, role and readings (the phonetic keys,
/// groups, spellings and sibilant spelling are functions of the text and `org_form`). Two
/// tokens made by [`TokInfo::new`], [`TokInfo::join`] or [`TokInfo::from_text`] are equal
/// exactly when their keys are (`same_key_is_equality` checks it): a small, cheap stand-in
/// for the token in caches. A field set from anything else must be added here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TokKey {
    text: Box<str>,
    flags: u16,
    role: u8,
    readings: Box<[String]>,
    z_reading: Option<Box<str>>,
}

/// Another reading of the letters of a token read from Arabic script, with its phonetic keys
/// (see [`TokInfo::letters`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Letters {
    /// The text; an apostrophe between two letters read apart (`s'hil`).
    pub text: String,
    pub fine: String,
    pub coarse: String,
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
        if t.unvocalised {
            info.separate_letters();
            info.consonant_w();
            info.bare_letters();
            info.construct_t();
            if info.groups.is_empty() {
                info.groups = crate::rules::equivalence::unvocalised_groups(&info);
            }
        }
        info.inflected = t.inflected;
        info.qualifier = t.qualifier;
        info.generic = t.generic;
        info.cyrillic = t.cyrillic;
        if t.cyrillic && t.inflected && !t.org_form {
            // A declined Russian word shares the groups of its other forms.
            for f in crate::translit::cyrillic::case_forms(&t.text) {
                for g in groups_of(&f) {
                    if !info.groups.contains(&g) {
                        info.groups.push(g);
                    }
                }
            }
        }
        let cyrillic_readings = t
            .cyrillic
            .then(|| cyrillic_h_variant(&t.text).into_iter().chain(cyrillic_w_variant(&t.text)))
            .into_iter()
            .flatten();
        for v in cyrillic_readings {
            if !info.spellings.iter().any(|s| s.text == v) {
                info.spellings.push(Spelling {
                    fine: fine_key(&v),
                    leading_y: false,
                    text: v,
                    short_ok: false,
                });
            }
        }
        if let Some(z) = t.z_reading.as_deref().filter(|_| !t.org_form) {
            let mut zt = TokInfo::from_text(z, false);
            zt.role = t.role;
            zt.unvocalised = t.unvocalised;
            zt.separate_letters();
            zt.consonant_w();
            zt.qualifier = t.qualifier;
            info.z_reading = Some(Box::new(zt));
        }
        if t.wade_giles {
            info.readings = wade_giles::readings(&t.text);
        } else if t.syllabic {
            info.readings = crate::normalize::korean_readings(&t.text);
            // A Hangul syllable's folded reading, shared with the romanised syllables of
            // Korean names written in Latin script (`철` / `CHUL`).
            if let Some(k) = crate::translit::korean::syllable_key(&t.text).filter(|_| t.korean) {
                if k != t.text && !info.readings.contains(&k) {
                    info.readings.push(k);
                }
            }
        } else if !t.readings.is_empty() {
            info.readings = t.readings.iter().filter(|k| **k != t.text).cloned().collect();
        } else if t.korean {
            info.readings = crate::translit::korean::syllable_key(&t.text).into_iter().collect();
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
        let mut j = TokInfo::prepared(&text, false, true);
        j.set_syllabic(parts.iter().all(|t| t.syllabic));
        // Words read from Arabic script, written as one: the script's compound names
        // (آخوند زاده, Akhundzada).
        if parts.iter().all(|t| t.unvocalised) {
            j.unvocalised = true;
            j.separate_letters();
        }
        // A join with a part of vowels alone (`Kamal al-Ayy`) adds no consonant to the other:
        // it has no skeleton of its own, else a query read from Arabic script would find
        // in it the vowels it leaves out (کمالی `kmali`).
        if parts.iter().any(|t| !t.text.bytes().any(|c| !b"aeiouyw".contains(&c))) {
            j.coarse.clear();
            j.letters = Box::default();
        }
        if parts.iter().all(|t| t.wade_giles) {
            j.readings = parts
                .iter()
                .map(|t| wade_giles::readings(&t.text))
                .reduce(|a, b| wade_giles::joined_readings(&a, &b))
                .unwrap_or_default();
        } else if parts.iter().all(|t| t.korean && t.syllabic) {
            // Hangul syllables written as one word (단천, Tanchon): the folded readings of the
            // syllables, joined, with the North's initial `r` kept (련봉, Ryonbong).
            let keys: Option<Vec<String>> =
                parts.iter().map(|t| crate::translit::korean::syllable_key(&t.text)).collect();
            if let Some(keys) = keys {
                let joined = keys.concat();
                if parts[0].text.starts_with('r') && !joined.starts_with('r') {
                    j.readings.push(format!("r{joined}"));
                }
                // Inside a word both systems keep the `r` the key drops before `y` (고려,
                // Goryeo, Koryo; 평양려관, Ryogwan): only a word's first `r` is the North's.
                let medial: String = keys
                    .iter()
                    .zip(parts)
                    .enumerate()
                    .map(|(i, (k, p))| {
                        let r = i > 0 && p.text.starts_with('r') && !k.starts_with('r');
                        if r {
                            format!("r{k}")
                        } else {
                            k.clone()
                        }
                    })
                    .collect();
                if medial != joined {
                    j.readings.push(medial);
                }
                j.readings.push(joined);
            }
            // And as McCune-Reischauer writes a word's first consonant, voiceless (동해
            // dong-hae inside a name, Tonghae as a word of its own).
            let first = &parts[0].text;
            let voiceless = [("d", "t"), ("g", "k"), ("b", "p"), ("j", "ch")]
                .iter()
                .find_map(|(v, u)| first.strip_prefix(v).map(|rest| format!("{u}{rest}")));
            if let Some(first) = voiceless {
                let rest: String = parts[1..].iter().map(|t| t.text.as_str()).collect();
                j.readings.push(format!("{first}{rest}"));
            }
        } else if parts.iter().any(|t| !t.readings.is_empty()) {
            // Syllables with other spellings written as one word (Burmese သီရိ, Thiri; a
            // Korean given name in Cyrillic): each combination of their spellings, joined.
            let mut joined: Vec<String> = vec![String::new()];
            for t in parts {
                let spellings: Vec<&str> = std::iter::once(t.text.as_str())
                    .chain(t.readings.iter().map(String::as_str))
                    .collect();
                joined = joined
                    .iter()
                    .flat_map(|a| spellings.iter().map(move |b| format!("{a}{b}")))
                    .take(MAX_JOINED_READINGS)
                    .collect();
            }
            j.readings = joined.into_iter().filter(|r| *r != text).collect();
        }
        Some(j)
    }

    /// Phonetic keys of a token read from Arabic script, whose first letter waw is a
    /// consonant even before another consonant (ولی `wli` is Wali, وثيق `wthiq` Wathiq): the
    /// key starts with that consonant, not a vowel.
    fn consonant_w(&mut self) {
        let b = self.text.as_bytes();
        let consonant = |c: u8| !b"aeiouywlr".contains(&c);
        if b.len() >= 3 && b[0] == b'w' && consonant(b[1]) && self.fine.starts_with('a') {
            self.fine.replace_range(0..1, "f");
            self.coarse = coarse_key(&self.fine);
        }
    }

    /// Phonetic keys of a token read from Arabic script, where `t` before `s` or `z` is two
    /// letters (ت then س), not the `ts` of German or Russian: انتصار `antsar` keeps the `t`
    /// of Intisar, منتصر `mntsr` that of Muntasir. `tsh` stays the `ch` Arabic writes as
    /// تش (فلاديميروفيتش, -ovich).
    ///
    /// And, as one of [`TokInfo::letters`], the keys with an `h` after `s`, `k`, `t`, `d`, `z`, `c` or
    /// `g` read as a letter of its own: the script leaves out the short vowel between two
    /// letters that the transliteration then writes as one digraph (سهيل `shil` is Suhail,
    /// صحراوي `shrawi` Sahraoui, إسحاق `ishaq` Is-haq), as well as writing ش `sh`. Which one
    /// the token is, only the other spelling tells; both are kept.
    fn separate_letters(&mut self) {
        if self.org_form {
            return;
        }
        let b = self.text.as_bytes();
        let split = |i: usize| {
            b[i] == b't'
                && (b.get(i + 1) == Some(&b'z')
                    || (b.get(i + 1) == Some(&b's') && b.get(i + 2) != Some(&b'h')))
        };
        let digraph =
            |i: usize| b"sktdzcg".contains(&b[i]) && b.get(i + 1) == Some(&b'h') && i + 2 < b.len();
        if !(0..b.len()).any(|i| split(i) || digraph(i)) {
            return;
        }
        let mut apart = String::with_capacity(b.len() + 2);
        let mut letters = String::with_capacity(b.len() + 2);
        for (i, &c) in b.iter().enumerate() {
            apart.push(c as char);
            letters.push(c as char);
            if split(i) {
                apart.push('\'');
                letters.push('\'');
            } else if digraph(i) {
                letters.push('\'');
            }
        }
        if apart != self.text {
            self.fine = fine_key(&apart);
            self.coarse = coarse_key(&self.fine);
        }
        if letters != apart {
            let fine = fine_key(&letters);
            if fine != self.fine {
                let coarse = coarse_key(&fine);
                self.add_letters(Letters { text: letters, fine, coarse });
            }
        }
    }

    /// The letters of a common name the Arabic reading gave its usual vowels
    /// ([`crate::tables::ARABIC_COMMON`]: عمر `amr` → `umar`), as another reading: the other
    /// spelling may give them other vowels (Amor, a Maghrebi Omar).
    fn bare_letters(&mut self) {
        if self.org_form {
            return;
        }
        let text = self.text.clone();
        for (bare, _) in crate::tables::ARABIC_COMMON.iter().filter(|(b, v)| *v == text && *b != *v)
        {
            let fine = fine_key(bare);
            if fine != self.fine && !self.letters.iter().any(|l| l.fine == fine) {
                let coarse = coarse_key(&fine);
                self.add_letters(Letters { text: (*bare).to_owned(), fine, coarse });
            }
        }
    }

    /// As one of [`TokInfo::letters`], a word that ends in the ta marbuta (ة, read `a`) with
    /// its `t` written, as a noun before the word it governs is read and spelled (سلسلة
    /// `slsla`, "Silsilat al-Dhahab"; جمعية, "Jamiat").
    fn construct_t(&mut self) {
        if self.org_form
            || !self.text.ends_with('a')
            || crate::rules::unvocalised::consonants(&self.text) < 2
        {
            return;
        }
        let text = format!("{}t", self.text);
        let fine = fine_key(&text);
        if fine != self.fine && !self.letters.iter().any(|l| l.fine == fine) {
            let coarse = coarse_key(&fine);
            self.add_letters(Letters { text, fine, coarse });
        }
    }

    fn add_letters(&mut self, l: Letters) {
        let mut all = std::mem::take(&mut self.letters).into_vec();
        all.push(l);
        self.letters = all.into_boxed_slice();
    }

    /// Marks a token as read from a syllabic script, with its prepared sibilant spelling.
    pub fn set_syllabic(&mut self, syllabic: bool) {
        self.syllabic = syllabic;
        if let Some(v) = self.sibilant.as_mut() {
            v.syllabic = syllabic;
        }
    }

    pub fn from_text(text: &str, org_form: bool) -> TokInfo {
        TokInfo::prepared(text, org_form, false)
    }

    /// A token from its text; for a join (`join`), without what only the rules a join may not
    /// match by use: the German and French readings and the sibilant spelling (a join
    /// matches by identity, a known equivalence or a romanisation, [`crate::rules::joined`]).
    fn prepared(text: &str, org_form: bool, join: bool) -> TokInfo {
        let fine = if org_form { text.to_owned() } else { fine_key(text) };
        let coarse = if org_form { text.to_owned() } else { coarse_key(&fine) };
        let (sibilant, spellings) = if org_form {
            (None, Vec::new())
        } else {
            let european = (!join)
                .then(|| {
                    german_variants(text)
                        .into_iter()
                        .chain(french_variant(text))
                        .chain(russian_variant(text))
                        .chain(particle_variant(text))
                })
                .into_iter()
                .flatten();
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
            let sibilant = if join { None } else { sibilant_variant(text) };
            (sibilant.map(|v| Box::new(TokInfo::from_text(&v, false))), spellings)
        };
        // The groups of the name a Somali or article-fused spelling spells (`Cumar` is
        // `Umar`, `Xasan` is `Hasan`), besides its own.
        let mut groups = if org_form { Vec::new() } else { groups_of(text) };
        for s in spellings.iter().filter(|s: &&Spelling| s.short_ok) {
            for g in groups_of(&s.text) {
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
        }
        TokInfo {
            text: text.to_owned(),
            groups,
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
            cyrillic: false,
            sibilant,
            letters: Box::default(),
            spellings,
            readings: Vec::new(),
            z_reading: None,
        }
    }

    /// What this token was prepared from ([`TokKey`]), used as a unit of a query: alone or as
    /// the join of neighbouring tokens.
    pub fn key(&self, join: bool) -> TokKey {
        TokKey {
            text: self.text.as_str().into(),
            flags: self.flags(join),
            role: self.role,
            readings: self.readings.clone().into_boxed_slice(),
            z_reading: self.z_reading.as_ref().map(|z| z.text.as_str().into()),
        }
    }

    /// Whether this token, used alone or as a join, is the one `key` was taken from.
    pub fn has_key(&self, key: &TokKey, join: bool) -> bool {
        self.text == *key.text
            && self.flags(join) == key.flags
            && self.role == key.role
            && self.readings[..] == key.readings[..]
            && self.z_reading.as_ref().map(|z| z.text.as_str()) == key.z_reading.as_deref()
    }

    fn flags(&self, join: bool) -> u16 {
        [
            self.org_form,
            self.syllabic,
            self.unvocalised,
            self.inflected,
            self.qualifier,
            self.generic,
            self.cyrillic,
            join,
            // A join with a part of vowels alone has no skeleton ([`TokInfo::join`]): the
            // same letters joined otherwise have one.
            self.coarse.is_empty(),
        ]
        .iter()
        .enumerate()
        .fold(0, |f, (i, &b)| f | u16::from(b) << i)
    }

    /// The key a token's rarity is counted under.
    pub fn weight_key(&self) -> &str {
        &self.fine
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{normalize, NameStyle};

    /// Equal keys are equal tokens, on tokens of several scripts, kinds and joins.
    #[test]
    fn same_key_is_equality() {
        let mut toks = Vec::new();
        for (name, style) in [
            ("Sherzod Xasanov Cabdullaahi al-Rashid", NameStyle::Person),
            ("Mao Tse-tung Hsi Chin-ping", NameStyle::Person),
            ("김정은 Пётр Ильич", NameStyle::Person),
            ("Mohammed (Abu Bakr) Jr", NameStyle::Person),
            ("Golden Trading Co Ltd 2 Bank", NameStyle::Organisation),
            ("Shipping Group of the Mohammed Trading Company", NameStyle::Organisation),
        ] {
            let n = normalize(name, style);
            toks.extend(n.iter().map(TokInfo::new));
            toks.extend(n.windows(2).filter_map(TokInfo::join));
            toks.extend(n.windows(3).filter_map(TokInfo::join));
            toks.extend(n.iter().map(|t| TokInfo::from_text(&t.text, t.org_form)));
        }
        let mut equal = 0;
        for a in &toks {
            for b in &toks {
                assert_eq!(b.has_key(&a.key(false), false), a == b, "{a:?} / {b:?}");
                assert_eq!(a.key(true) == b.key(true), a == b, "{a:?} / {b:?}");
                assert!(!b.has_key(&a.key(true), false));
                equal += usize::from(a == b);
            }
        }
        // Each token equals itself, and some (a word repeated, a token made twice) others.
        assert!(equal > toks.len(), "{equal} {}", toks.len());
    }
}
