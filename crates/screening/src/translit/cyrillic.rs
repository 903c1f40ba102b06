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
