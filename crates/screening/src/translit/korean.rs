//! Korean names already romanised: the lists write DPRK names in McCune-Reischauer-like forms
//! (`CHO Chol Song`, `CHANG Myong Chin`, `RI`, `PAK`), South Korean papers and customer files
//! in Revised Romanisation or the usual spellings (`Jo Cheol Seong`, `Jang Myeong Jin`, `Lee`,
//! `Park`, `Woo`). One Korean syllable has a single reading under both: its consonants and
//! vowels folded where the systems differ ([`syllable_key`]): `g`/`k`, `d`/`t`, `b`/`p`,
//! `j`/`ch` (and the apostrophe of the aspirates) are one consonant; `eo`, `o`, `eu`, `u`,
//! `oo` one vowel (어 is `o` in one system and `u` in the usual spellings: Chol, Cheol, Chul),
//! `yeo`/`you` another (Yong, Yeong, Young), `ee`/`i` another; the family names `Lee`/`Yi`/`Ri`/`Rhee`, `Park`/`Pak`/`Bak`,
//! `Choi`/`Choe` one name. The reading is only given when the whole name reads as Korean
//! syllables and one word is a Korean family name ([`is_korean_name`]), so that a Chinese or
//! English name with a word like `Chin` or `Jun` is not read this way.

/// Family names that mark a name as Korean (the common ones, in both romanisations), leaving
/// out those as common in Chinese pinyin (`Li`, `Yang`, `Song`, `Han`, `Ma`).
const FAMILY_NAMES: &[&str] = &[
    "ahn", "an", "bae", "baek", "bak", "byun", "cha", "chae", "cho", "choe", "choi", "chon",
    "chong", "chung", "chwe", "gil", "go", "gwon", "ha", "hong", "hwang", "hyon", "hyun", "im",
    "jang", "jeon", "jeong", "jo", "jon", "jong", "joo", "ju", "jung", "kang", "kil", "kim", "ko",
    "kwak", "kwon", "lee", "lim", "min", "moon", "mun", "nam", "o", "oh", "pae", "paek", "pak",
    "park", "pyon", "rhee", "ri", "rim", "ryang", "ryu", "shim", "shin", "sim", "sin", "so", "son",
    "sung", "tak", "yi", "yom", "yoo", "yoon", "yu", "yun", "ra", "na", "ku", "gu", "koo", "chu",
    "ro", "roh", "ham", "ok", "won", "sok", "seok", "kye", "gye", "pyo",
];

/// Initial consonants, longest first, with their folded form.
const INITIALS: &[(&str, &str)] = &[
    ("tch", "ch"),
    ("jj", "ch"),
    ("ch", "ch"),
    ("kk", "k"),
    ("kh", "k"),
    ("gg", "k"),
    ("tt", "t"),
    ("th", "t"),
    ("dd", "t"),
    ("pp", "p"),
    ("ph", "p"),
    ("bb", "p"),
    ("ss", "s"),
    ("sh", "s"),
    ("g", "k"),
    ("k", "k"),
    ("n", "n"),
    ("d", "t"),
    ("t", "t"),
    ("r", "r"),
    ("l", "r"),
    ("m", "m"),
    ("b", "p"),
    ("p", "p"),
    ("s", "s"),
    ("j", "ch"),
    ("h", "h"),
];

/// Vowels, longest first, with their folded form.
const VOWELS: &[(&str, &str)] = &[
    ("yeo", "yo"),
    ("yae", "ye"),
    ("wae", "we"),
    ("weo", "wo"),
    ("you", "yo"),
    ("eo", "o"),
    ("eu", "o"),
    ("ou", "o"),
    ("ae", "e"),
    ("oe", "oe"),
    ("oi", "oe"),
    ("ui", "ui"),
    ("ya", "ya"),
    ("yo", "yo"),
    ("yu", "yu"),
    ("ye", "ye"),
    ("wa", "wa"),
    ("wo", "wo"),
    ("we", "we"),
    ("wi", "wi"),
    ("oo", "o"),
    ("ee", "i"),
    ("a", "a"),
    ("e", "e"),
    ("i", "i"),
    ("o", "o"),
    ("u", "o"),
];

/// Final consonants, longest first, with their folded form (none is also a final).
const FINALS: &[(&str, &str)] = &[
    ("ng", "ng"),
    ("rk", "k"),
    ("k", "k"),
    ("g", "k"),
    ("n", "n"),
    ("t", "t"),
    ("d", "t"),
    ("l", "l"),
    ("r", "l"),
    ("m", "m"),
    ("p", "p"),
    ("b", "p"),
];

/// The spellings of one family name that no syllable rule relates.
const FAMILY_SPELLINGS: &[(&str, &str)] = &[
    ("lee", "ri"),
    ("yi", "ri"),
    ("rhee", "ri"),
    ("i", "ri"),
    ("park", "pak"),
    ("bak", "pak"),
    ("choi", "choe"),
    ("chwe", "choe"),
    ("lim", "rim"),
    ("im", "rim"),
    ("roh", "no"),
    ("rho", "no"),
    ("oh", "o"),
    ("woo", "o"),
    ("yoo", "yu"),
    ("you", "yu"),
];

/// The folded reading of a word read as one Korean syllable, or `None` when it is none.
pub fn syllable_key(word: &str) -> Option<String> {
    if let Some((_, key)) = FAMILY_SPELLINGS.iter().find(|(w, _)| *w == word) {
        return Some((*key).to_owned());
    }
    let mut rest = word;
    let mut key = String::with_capacity(word.len());
    if let Some((spelt, folded)) = INITIALS.iter().find(|(i, _)| rest.starts_with(i)) {
        key.push_str(folded);
        rest = &rest[spelt.len()..];
    }
    // The North writes an initial `r` the South drops before `y` and `i` (Ryong / Yong).
    if key == "r" && rest.starts_with('y') {
        key.clear();
    }
    // `w` before `u`/`oo` is no glide in a romanised syllable: `Woo` is 우 (U).
    if key.is_empty() && (rest == "wu" || rest.starts_with("woo")) {
        rest = &rest[1..];
    }
    let (spelt, folded) = VOWELS.iter().find(|(v, _)| rest.starts_with(v))?;
    key.push_str(folded);
    rest = &rest[spelt.len()..];
    if !rest.is_empty() {
        let (spelt, folded) = FINALS.iter().find(|(f, _)| *f == rest)?;
        let _ = spelt;
        key.push_str(folded);
    }
    Some(key)
}

/// Whether the words of a person's name read as a Korean name romanised: two to five words,
/// each one syllable (a given name written as one word of two syllables is split by the
/// caller's hyphen or space, as the lists write it), the first or the last a Korean family name.
pub fn is_korean_name<'a>(words: impl IntoIterator<Item = &'a str>) -> bool {
    let words: Vec<&str> = words.into_iter().collect();
    let family = |w: &&str| FAMILY_NAMES.contains(w);
    (2..=5).contains(&words.len())
        && (words.first().is_some_and(family) || words.last().is_some_and(family))
        && words.iter().all(|w| syllable_key(w).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(w: &str) -> String {
        syllable_key(w).unwrap_or_else(|| panic!("{w} is a syllable"))
    }

    #[test]
    fn one_syllable_one_reading_in_both_romanisations() {
        // McCune-Reischauer as the DPRK lists write it, against Revised Romanisation and the
        // usual spellings (invented combinations).
        for (mr, others) in [
            ("cho", &["jo"][..]),
            ("chang", &["jang"][..]),
            ("chin", &["jin"][..]),
            ("chol", &["cheol", "chul"][..]),
            ("song", &["seong", "sung"][..]),
            ("yong", &["yeong", "young", "ryong"][..]),
            ("kyong", &["gyeong", "kyeong"][..]),
            ("pom", &["beom", "bom"][..]),
            ("tok", &["deok", "dok"][..]),
            ("u", &["woo"][..]),
            ("ri", &["lee", "yi", "rhee"][..]),
            ("pak", &["park", "bak"][..]),
            ("choe", &["choi"][..]),
            ("kwang", &["gwang"][..]),
            ("un", &["eun"][..]),
        ] {
            for other in others {
                assert_eq!(key(mr), key(other), "{mr} / {other}");
            }
        }
        // Different syllables stay different.
        for (a, b) in
            [("chol", "chun"), ("song", "sang"), ("kim", "kang"), ("pak", "paek"), ("yong", "yang")]
        {
            assert_ne!(key(a), key(b), "{a} / {b}");
        }
        for w in ["smith", "mohammed", "xi", "zhang", "minh", "qadhafi"] {
            assert_eq!(syllable_key(w), None, "{w}");
        }
    }

    #[test]
    fn only_whole_korean_names_are_read_so() {
        assert!(is_korean_name(["jang", "myong", "jin"]));
        assert!(is_korean_name(["kim", "chol", "u"]));
        assert!(is_korean_name(["chol", "song", "cho"]));
        assert!(is_korean_name(["ra", "kyong", "su"]));
        assert!(is_korean_name(["ku", "ja", "hyong"]));
        // A Chinese name in pinyin with Korean-looking syllables, an English one, one word.
        assert!(!is_korean_name(["li", "ming"]));
        assert!(!is_korean_name(["wang", "jun"]));
        assert!(!is_korean_name(["john", "kim"]));
        assert!(!is_korean_name(["kim"]));
    }
}
