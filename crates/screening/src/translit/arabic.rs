//! Arabic, Persian and Urdu script: words transliterated with rules for names (the article
//! and its assimilation, alif variants and hamza seats, waw and ya as consonant or long vowel,
//! ta marbuta), then common unvocalised names given their usual vocalised spelling.

use unicode_normalization::UnicodeNormalization;

use crate::normalize::is_vowel_letter;
use crate::tables;

/// Suffixes that make a family name of a given name in Persian (`-zadeh`, `-pour`, `-nia`,
/// `-nejad`, `-vand`, `-khani`, `-lou`, `-an`).
const PERSIAN_NAME_SUFFIXES: &[&str] =
    &["زاده", "پور", "نیا", "نيا", "نژاد", "وند", "خانی", "خاني", "لو", "لوی", "ان"];

pub(crate) fn is_arabic(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x064A | 0x066E..=0x06D3 | 0x06D5 | 0x06EE..=0x06FF | 0x0750..=0x077F)
}

pub(crate) fn is_arabic_mark(c: char) -> bool {
    matches!(c as u32, 0x064B..=0x065F | 0x0670 | 0x0640)
}

/// The Arabic-script runs of a text, as `transliterate` splits them.
pub(crate) fn arabic_runs(text: &str) -> impl Iterator<Item = String> + '_ {
    let nfkc: Vec<char> = text.nfkc().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < nfkc.len() {
        if is_arabic(nfkc[i]) {
            let start = i;
            while i < nfkc.len() && (is_arabic(nfkc[i]) || is_arabic_mark(nfkc[i])) {
                i += 1;
            }
            runs.push(nfkc[start..i].iter().collect::<String>());
        } else {
            i += 1;
        }
    }
    runs.into_iter()
}

/// The lower-case words one Arabic-script run transliterates to.
pub(crate) fn arabic_words(run: &str) -> Vec<String> {
    arabic_word(run).split(' ').filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// The words of [`arabic_words`] with, for each, its Persian reading when it differs: the
/// letters ذ, ض and ظ, which Arabic spellings write `dh`, `d` and `z` (Dhakir, Fadl, Zahir),
/// are all `z` in Persian, Urdu, Pashto and Turkish (Zakir, Fazl, Zia), and ث, Arabic `th`,
/// is `s` there (Saqib, Usman), and a consonant و, Arabic `w`, is `v` in Persian (Javad,
/// Navid) when `waw_v` (not for a name written in Hebrew). `None` for a word without them.
pub(crate) fn arabic_words_with_z(run: &str, waw_v: bool) -> Vec<(String, Option<String>)> {
    let words = arabic_words(run);
    let z: Vec<String> = transliterate_word(run, Reading::Persian { waw_v })
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if z.len() != words.len() {
        return words.into_iter().map(|w| (w, None)).collect();
    }
    words
        .into_iter()
        .zip(z)
        .map(|(w, z)| {
            let z = (z != w).then_some(z);
            (w, z)
        })
        .collect()
}

/// Transliterates one Arabic-script word (no spaces) with name rules.
pub(crate) fn arabic_word(word: &str) -> String {
    transliterate_word(word, Reading::Arabic)
}

/// How a word's letters are read: as Arabic spellings write them, or as Persian, Urdu and
/// Pashto spellings do (ذ, ض and ظ as `z`, ث as `s`, and, unless the name was written in
/// Hebrew, whose vav is as often a vowel, a consonant و as `v`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    Arabic,
    Persian { waw_v: bool },
}

/// [`arabic_word`], read as `reading` says.
fn transliterate_word(word: &str, reading: Reading) -> String {
    let persian = reading != Reading::Arabic;
    let letters: Vec<char> = word.chars().filter(|&c| c != '\u{0640}').collect();
    let plain: String = letters.iter().filter(|c| !is_arabic_mark(**c)).collect();
    // Whole-word particles.
    match plain.as_str() {
        "ابو" | "أبو" | "ابي" | "أبي" | "ابا" | "أبا" => return "abu".into(),
        "بن" | "ابن" | "إبن" | "بنت" => return "bin".into(),
        "ال" => return "al".into(),
        // "And", written as a word of its own (Persian writes it so: کمپنی و تجارت).
        "و" => return String::new(),
        "الله" | "لله" => return "allah".into(),
        "عبد" => return "abd".into(),
        _ => {}
    }
    // A conjunction or preposition written onto the article (والجهاد wa-l-jihad "and the
    // jihad", بالدم, للدعوة li-l-daʿwa, فال-, كال-): the word with its article, the particle
    // dropped as "and", "in", "for" are. The word must keep three letters (والي Wali, فالح
    // Falih are names).
    let clitic = ["وال", "بال", "فال", "كال"]
        .iter()
        .find_map(|p| plain.strip_prefix(p))
        .or_else(|| plain.strip_prefix("لل"))
        .filter(|rest| rest.chars().count() >= 3);
    if let Some(rest) = clitic {
        return transliterate_word(&format!("ال{rest}"), reading);
    }
    // A kunya written as one word with the article of the name after it (أبواليزيد, Abu
    // al-Yazid): two words, as ابو اليزيد.
    for abu in ["ابو", "أبو"] {
        if let Some(rest) = plain.strip_prefix(abu).filter(|r| r.starts_with("ال")) {
            if rest.chars().count() >= 4 {
                return format!("abu {}", transliterate_word(rest, reading));
            }
        }
    }
    // A name with Allah written as one word (خيرالله, نصرالله): two words, as عبدالله is.
    if let Some(stem) = plain.strip_suffix("الله").filter(|s| s.chars().count() >= 2) {
        if !stem.starts_with("عبد") {
            return format!("{} allah", transliterate_word(stem, reading));
        }
    }
    // "Abd" compounds written as one word: عبدالله, عبدالرحمن.
    if let Some(rest) = plain.strip_prefix("عبد") {
        if rest.chars().count() >= 2 {
            return format!("abd {}", transliterate_word(rest, reading));
        }
    }
    // Compound given names written as one word, as Persian writes them (with or without the
    // zero-width non-joiner, which is removed before this): محمدرضا, محمدعلی, غلامحسین are
    // two names, as "Mohammad Reza", "Gholam Hossein" are written. Not a family name made from
    // the name by a suffix (محمدی, محمدیان, محمدزاده, غلامپور).
    for prefix in ["محمد", "غلام"] {
        if let Some(rest) = plain.strip_prefix(prefix) {
            let suffix = rest.starts_with('ی')
                || rest.starts_with('ي')
                || PERSIAN_NAME_SUFFIXES.contains(&rest);
            if rest.chars().count() >= 3 && !suffix {
                return format!(
                    "{} {}",
                    transliterate_word(prefix, reading),
                    transliterate_word(rest, reading)
                );
            }
        }
    }
    // The Persian nisba after a silent final he, written with the zero-width non-joiner
    // (removed before this) or without: خامنه‌ای Khamenei, the he read as the vowel `e`.
    if let Some(stem) = plain.strip_suffix("ای").or_else(|| plain.strip_suffix("اي")) {
        let before_he = stem.strip_suffix('ه').and_then(|s| s.chars().last());
        if before_he.is_some_and(|c| !"اآوىیي".contains(c)) && stem.chars().count() >= 3 {
            if let Some(base) = transliterate_word(stem, reading).strip_suffix('a') {
                return format!("{base}ei");
            }
        }
    }
    // The `v` of a consonant و, in a word without the letters whose Persian reading is
    // another (الظواهري Zawahiri, عوض Awaz: one reading per word, and theirs is the likelier).
    let waw_v =
        reading == Reading::Persian { waw_v: true } && !plain.contains(['ذ', 'ض', 'ظ', 'ث']);
    // The article, with any sun-letter assimilation implied: dropped and marked.
    let mut body: Vec<char> = letters.clone();
    let mut article = false;
    if plain.starts_with("ال") && plain.chars().count() > 3 {
        article = true;
        // drop the first two letters (and any marks on them)
        let mut seen = 0;
        let mut cut = 0;
        for (idx, c) in body.iter().enumerate() {
            if !is_arabic_mark(*c) {
                seen += 1;
                if seen == 3 {
                    cut = idx;
                    break;
                }
            }
        }
        body = body[cut..].to_vec();
    }
    let mut out = String::new();
    // An ayn before alif, read as the alif's `a` alone: the word is not the common name
    // its letters then spell (عامر `amr` is Amer, not عمر Umar; سعاد `sad` Suad, not Saad).
    let mut ayn_unwritten = false;
    let n = body.len();
    for idx in 0..n {
        let c = body[idx];
        let first = out.is_empty();
        let next = body[idx + 1..].iter().copied().find(|c| !is_arabic_mark(*c));
        let last = next.is_none();
        let prev_vowel = out.chars().last().is_some_and(is_vowel_letter);
        let s: &str = match c {
            'ا' | 'آ' | 'ٱ' => {
                if out.ends_with('a') {
                    ""
                } else {
                    "a"
                }
            }
            'أ' => "a",
            'إ' => "i",
            'ء' => "",
            'ؤ' => "u",
            'ئ' => "i",
            'ب' => "b",
            'ت' => "t",
            // tha: `th` in Arabic spellings, `s` in Persian, Urdu and Turkish ones (ثاقب
            // Saqib, عثمان Usman).
            'ث' if persian => "s",
            'ث' => "th",
            'ج' => "j",
            'ح' => "h",
            'خ' => "kh",
            'د' => "d",
            'ذ' | 'ض' | 'ظ' if persian => "z",
            'ذ' => "dh",
            'ر' => "r",
            'ز' => "z",
            'س' => "s",
            'ش' => "sh",
            'ص' => "s",
            'ض' => "d",
            'ط' => "t",
            // ẓa: `dh` or `th` in Gulf and Iraqi spellings (Kadhim, Kathim), `z` in Egyptian,
            // Levantine and Persian ones (its z reading).
            'ظ' => "dh",
            'ع' => {
                // Not written after a vowel `a`, nor at the end after a long `i` (ربيع Rabi,
                // شفيع Shafi); after a long `a` and before a consonant, it carries the
                // vowel Latin spellings write there (القاعدة Qa'ida, Qaeda; داعش Daesh).
                let consonant_next = next.is_some_and(|c| !"اآأإوىیيةه".contains(c));
                if out.ends_with('a') && idx > 0 && "اآ".contains(body[idx - 1]) && consonant_next
                {
                    "e"
                } else if out.ends_with('a') || next == Some('ا') || (last && out.ends_with('i')) {
                    ayn_unwritten |= next == Some('ا');
                    ""
                } else {
                    "a"
                }
            }
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
            'ك' | 'ک' => "k",
            'گ' => "g",
            'ل' => "l",
            'م' => "m",
            'ن' | 'ں' => "n",
            'ه' | 'ہ' | 'ھ' => {
                if last && !first && !prev_vowel {
                    "a"
                } else {
                    "h"
                }
            }
            'ة' | 'ۀ' => "a",
            'و' => {
                // A consonant, `v` in Persian spellings (جواد Javad, نوید Navid, وحید Vahid),
                // before a long vowel too there; not before a final ye (خوی Khoy).
                let rest = body[idx + 1..].iter().filter(|c| !is_arabic_mark(**c)).count();
                let before_ye = matches!(next, Some('ی' | 'ي')) && rest > 1;
                // The nisba `-awi` after a consonant, its short `a` unwritten (موسوی Mousavi,
                // صفوی Safavi, بدوي Badawi); not in a word of three letters (خوی Khoy).
                let nisba = matches!(next, Some('ی' | 'ي'))
                    && rest == 1
                    && !first
                    && !prev_vowel
                    && body.iter().filter(|c| !is_arabic_mark(**c)).count() >= 4;
                if nisba {
                    // `v` in the Persian reading, beside a z too (مرتضوی Mortazavi).
                    if reading == (Reading::Persian { waw_v: true }) {
                        "av"
                    } else {
                        "aw"
                    }
                } else if waw_v && (first || prev_vowel || next == Some('ا') || before_ye) {
                    "v"
                } else if first || prev_vowel || next == Some('ا') {
                    "w"
                } else {
                    "u"
                }
            }
            'ي' | 'ی' | 'ې' | 'ے' => {
                if first || (prev_vowel && !last) || next == Some('ا') {
                    "y"
                } else {
                    "i"
                }
            }
            'ى' => "a",
            'پ' => "p",
            'چ' => "ch",
            'ژ' => "zh",
            'ٹ' => "t",
            'ڈ' => "d",
            'ڑ' => "r",
            '\u{064E}' => "a", // fatha
            '\u{0650}' => "i", // kasra
            '\u{064F}' => "u", // damma
            '\u{0651}' => {
                // shadda: double the previous consonant
                let prev = out.chars().last().filter(|c| !is_vowel_letter(*c));
                if let Some(p) = prev {
                    out.push(p);
                }
                ""
            }
            _ => "",
        };
        out.push_str(s);
    }
    let vocalised = tables::ARABIC_COMMON
        .iter()
        .find(|(bare, _)| *bare == out && !ayn_unwritten)
        .map(|(_, v)| (*v).to_owned());
    let word = vocalised.unwrap_or(out);
    if article {
        format!("al {word}")
    } else {
        word
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_particle_written_onto_the_article_is_dropped() {
        // "And the", "in the", "for the" written as one word with the next: the word with its
        // article (which the normaliser then drops).
        assert_eq!(arabic_word("والجهاد"), "al jhad");
        assert_eq!(arabic_word("للصرافة"), "al srafa");
        assert_eq!(arabic_word("بالتجارة"), "al tjara");
        // Not a name that only begins with those letters: والي Wali, فالح Falih.
        assert_eq!(arabic_word("والي"), "wali");
        assert_eq!(arabic_word("فالح"), "falh");
        // "And" as a word of its own is no word of a name.
        assert_eq!(arabic_word("و"), "");
    }

    #[test]
    fn an_ayn_after_a_long_a_carries_the_vowel_latin_writes() {
        // قاعدة Qa'ida, Qaeda; داعش Daesh: the vowel after the ayn is written in Latin.
        assert_eq!(arabic_word("قاعدة"), "qaeda");
        assert_eq!(arabic_word("داعش"), "daesh");
        // Before a long vowel or at the end it stays unwritten (اسماعيل Ismail, جماعة Jama'a).
        assert_eq!(arabic_word("جماعة"), "jmaa");
        assert!(!arabic_word("اسماعيل").contains('e'));
    }

    #[test]
    fn the_nisba_awi_after_a_consonant_writes_its_consonant() {
        // Invented and common family names: the short `a` before the nisba's waw is not
        // written, and the waw is a consonant, `v` in the Persian reading.
        for (word, arabic, persian) in [
            ("صفوی", "sfawi", "sfavi"),
            ("موسوی", "musawi", "musavi"),
            ("بدوي", "bdawi", "bdavi"),
            ("رضوی", "rdawi", "rzavi"),
        ] {
            assert_eq!(arabic_word(word), arabic, "{word}");
            assert_eq!(
                transliterate_word(word, Reading::Persian { waw_v: true }),
                persian,
                "{word}"
            );
        }
        // Not in a word of three letters, where the waw is the vowel (خوی Khoy).
        assert_eq!(arabic_word("خوی"), "khui");
    }

    #[test]
    fn persian_compound_names_are_two_names() {
        // Invented full names; the compounds in Persian and Arabic letters.
        assert_eq!(arabic_word("محمدعلی"), "muhammad ali");
        assert_eq!(arabic_word("محمدعلي"), "muhammad ali");
        assert!(arabic_word("غلامحسین").starts_with("ghlam "), "{}", arabic_word("غلامحسین"));
        assert!(arabic_word("محمدجواد").starts_with("muhammad "));
        // Family names made with a suffix stay one word.
        for w in ["محمدی", "محمديان", "محمدزاده", "غلامپور", "محمدنیا"]
        {
            assert!(!arabic_word(w).contains(' '), "{w}: {}", arabic_word(w));
        }
        // The name itself, and a short rest, stay one word.
        assert_eq!(arabic_word("محمد"), "muhammad");
        assert!(!arabic_word("محمدو").contains(' '));
    }

    #[test]
    fn dhal_dad_and_za_have_a_persian_reading() {
        // Invented words: the Arabic reading first, the Persian z beside it.
        assert_eq!(
            arabic_words_with_z("ذبیح", true),
            vec![("dhbih".to_owned(), Some("zbih".to_owned()))]
        );
        assert_eq!(
            arabic_words_with_z("فاضل", true),
            vec![("fadl".to_owned(), Some("fazl".to_owned()))]
        );
        assert_eq!(
            arabic_words_with_z("ناظم", true),
            vec![("nadhm".to_owned(), Some("nazm".to_owned()))]
        );
        // Tha is `s` in the Persian reading.
        assert_eq!(
            arabic_words_with_z("ثاقب", true),
            vec![("thaqb".to_owned(), Some("saqb".to_owned()))]
        );
        // Words without those letters have none.
        assert_eq!(arabic_words_with_z("کریم", true), vec![("karim".to_owned(), None)]);
    }

    #[test]
    fn a_final_ha_after_a_consonant() {
        // Read as the `a` of a feminine or Persian ending, but pronounced in the two-letter
        // name طه (Taha).
        assert_eq!(arabic_word("طه"), "taha");
        // Allah written onto the name.
        assert_eq!(arabic_word("خيرالله"), "khir allah");
        // A final ayn after a long i is not written in Latin spellings (Rabi).
        assert_eq!(arabic_word("ربيع"), "rbi");
        assert_eq!(arabic_word("زاده"), "zada");
    }

    #[test]
    fn persian_letters() {
        // ی ک گ پ چ ژ as Persian writes them (invented names).
        assert_eq!(arabic_word("کاوه"), "kawa");
        assert_eq!(arabic_word("پژمان"), "pzhman");
        assert_eq!(arabic_word("چگینی"), "chgini");
    }
}
