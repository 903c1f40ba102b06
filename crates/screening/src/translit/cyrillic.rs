//! Cyrillic: a hand-written table for Russian, Ukrainian, Belarusian and Kazakh letters as
//! the lists write names (`ё` as `yo`, a word-initial `е` as `ye`); other letters through
//! `crate::normalize`'s fallback.

use icu_properties::props::Script;

use crate::normalize::{latin_or_other, script};

/// Cyrillic letters and marks, with the Cyrillic Supplement and Extensions A–D; the two
/// combining marks of the Cyrillic block that Unicode gives to no script (U+0485, U+0486)
/// stay in a Cyrillic word.
pub(crate) fn is_cyrillic(c: char) -> bool {
    !c.is_ascii() && (script(c) == Script::Cyrillic || matches!(c, '\u{0485}' | '\u{0486}'))
}

pub(crate) fn cyrillic_word(chars: &[char], out: &mut String) {
    for (idx, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let prev = if idx > 0 { chars[idx - 1].to_lowercase().next() } else { None };
        let after_vowel_or_start = match prev {
            None => true,
            Some(p) => "аеёиоуыэюяіїєъь".contains(p),
        };
        let s = match lower {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'ґ' => "g",
            'д' => "d",
            'е' => {
                if after_vowel_or_start {
                    "ye"
                } else {
                    "e"
                }
            }
            'ё' => "yo",
            'є' => "ye",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'і' => "i",
            'ї' => "yi",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ў' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'э' => "e",
            'ю' => "yu",
            'я' => "ya",
            'ә' => "a",
            'ғ' => "gh",
            'қ' => "q",
            'ң' => "ng",
            'ө' => "o",
            'ұ' | 'ү' => "u",
            'һ' => "h",
            other => {
                latin_or_other(other, out);
                ""
            }
        };
        out.push_str(s);
    }
}

/// Russian prepositions and conjunctions inside an organisation's name, as transliterated
/// ("Фронт за освобождение", "Аль-Каида в странах Магриба": "в странах", in the countries
/// of, is how Russian says "in" before a region): like "of" and "in", no part of the name.
/// Only in a name written in Cyrillic, where `v` or `s` is no initial.
pub(crate) const PREPOSITIONS: &[&str] = &[
    "v", "vo", "i", "na", "dlya", "po", "iz", "ot", "s", "so", "k", "ko", "pri", "pod", "nad",
    "za", "o", "ob", "u", "ili", "stranakh",
];

/// The stem of a word of an organisation's name in Russian with a case ending, as
/// transliterated: Russian declines the names inside an organisation's name ("Исламское
/// государство Ирака и Леванта", "Группа Вагнера", "Фронт освобождения Анголы") and makes
/// adjectives of places ("Иранская", "Корейская"). The adjective's stem is the place
/// (`iranskaya` → `iran`); a noun's is the word without its ending (`iraka` → `irak`,
/// `vagnera` → `vagner`). Four letters of stem at least; `None` otherwise.
pub(crate) fn case_stem(text: &str) -> Option<&str> {
    const ENDINGS: &[&str] = &[
        "skogo", "skomu", "skaya", "skoye", "skiye", "skikh", "skuyu", "skoe", "skiy", "skoy",
        "skom", "skim", "ami", "yami", "akh", "yakh", "oyu", "om", "em", "oy", "ey", "a", "ya",
        "y", "i", "u", "yu", "e",
    ];
    if !text.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    ENDINGS.iter().find_map(|e| text.strip_suffix(e)).filter(|stem| stem.len() >= 4)
}

/// The other forms of a declined Russian word with the stem [`case_stem`] gives, as the
/// tables of organisation words hold them (`islamskom` → `islamskiy`, `dvizheniya` →
/// `dvizheniye`, `gosudarstve` → `gosudarstvo`): the nominative and genitive endings of
/// nouns and adjectives.
pub(crate) fn case_forms(text: &str) -> impl Iterator<Item = String> + '_ {
    const FORMS: &[&str] =
        &["", "a", "ya", "o", "e", "ye", "iya", "skiy", "skaya", "skoye", "skoe", "y", "i"];
    case_stem(text).into_iter().flat_map(|stem| FORMS.iter().map(move |f| format!("{stem}{f}")))
}

#[cfg(test)]
mod tests {
    use super::{case_forms, case_stem};

    #[test]
    fn a_declined_word_reads_as_its_other_forms() {
        let has = |w: &str, f: &str| case_forms(w).any(|x| x == f);
        assert!(has("islamskom", "islamskiy"));
        assert!(has("dvizheniya", "dvizheniye"));
        assert!(has("gosudarstve", "gosudarstvo"));
        assert!(has("organizatsiey", "organizatsiya"));
        assert_eq!(case_forms("bank").count(), 0);
    }

    #[test]
    fn russian_case_endings_and_adjectives_of_places() {
        for (word, stem) in [
            ("iraka", "irak"),
            ("levanta", "levant"),
            ("vagnera", "vagner"),
            ("angoly", "angol"),
            ("iranskaya", "iran"),
            ("koreyskoy", "korey"),
            ("magribe", "magrib"),
        ] {
            assert_eq!(case_stem(word), Some(stem), "{word}");
        }
        // Too short a stem, or no ending.
        assert_eq!(case_stem("rusa"), None);
        assert_eq!(case_stem("vagner"), None);
        assert_eq!(case_stem("bank"), None);
    }
}
