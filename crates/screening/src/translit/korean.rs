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

/// Family names that mark a name in Cyrillic as Korean, as `crate::translit::cyrillic`
/// spells them (Kontsevich's system, the older Russian spellings and those of the Koryo-saram:
/// `Ким`, `Ли`/`Ри`, `Пак`, `Чхве`/`Цой`, `Чон`/`Тен`, `Хан`, `Юн`, `Хван`, `Квон`).
const CYRILLIC_FAMILY_NAMES: &[&str] = &[
    "an", "chan", "chkha", "chkhe", "chkhon", "chkhve", "cho", "chon", "choy", "chu", "kan", "kha",
    "khan", "kho", "khon", "khvan", "khyon", "kil", "kim", "ko", "ku", "kvon", "kym", "li", "lim",
    "min", "mun", "na", "nam", "no", "o", "ok", "om", "pak", "pe", "pek", "pkhyo", "pyon", "ra",
    "ri", "rim", "ro", "ryan", "ryu", "shin", "sim", "sin", "so", "sok", "son", "ten", "tkhak",
    "tsoy", "von", "yan", "yom", "yu", "yun",
];

/// Initial consonants of a Korean syllable written in Cyrillic, as transliterated (longest
/// first), with their folded form: the aspirates are written with `х` (`чх`, `кх`, `тх`,
/// `пх`), `х` alone is ㅎ, `дж` (or `чж`) the voiced ㅈ, `ц` the ㅈ/ㅊ of Koryo-saram names (`Цой`).
const CYRILLIC_INITIALS: &[(&str, &str)] = &[
    ("chkh", "ch"),
    ("chzh", "ch"),
    ("dzh", "ch"),
    ("kkh", "k"),
    ("tkh", "t"),
    ("pkh", "p"),
    ("chch", "ch"),
    ("kk", "k"),
    ("tt", "t"),
    ("pp", "p"),
    ("ss", "s"),
    ("ts", "ch"),
    ("ch", "ch"),
    ("sh", "s"),
    ("kh", "h"),
    ("k", "k"),
    ("g", "k"),
    ("t", "t"),
    ("d", "t"),
    ("p", "p"),
    ("b", "p"),
    ("s", "s"),
    ("n", "n"),
    ("m", "m"),
    ("r", "r"),
    ("l", "r"),
];

/// Vowels of a Korean syllable written in Cyrillic, as transliterated (longest first), with
/// the folded vowels they may stand for: `о` is ㅓ and ㅗ alike, `ы` is ㅡ, `е` after a
/// consonant is ㅔ in Kontsevich's system but ㅓ or ㅕ in the older spellings the press still
/// uses (`Ким Чен Ын` for 김정은, `Чхве Рен Хэ` for 최룡해), a word-initial `е` is ㅖ or
/// ㅕ (`Ен` for 영), `ве` is ㅚ or ㅞ.
const CYRILLIC_VOWELS: &[(&str, &[&str])] = &[
    ("yy", &["ui"]),
    ("ye", &["ye", "yo"]),
    ("yo", &["yo"]),
    ("ya", &["ya"]),
    ("yu", &["yu"]),
    ("ve", &["oe", "we"]),
    ("vi", &["wi"]),
    ("va", &["wa"]),
    ("vo", &["wo"]),
    ("oy", &["oe"]),
    ("a", &["a"]),
    ("o", &["o"]),
    ("u", &["o"]),
    ("y", &["o"]),
    ("i", &["i"]),
    ("e", &["e", "o", "yo"]),
];

/// Final consonants of a Korean syllable written in Cyrillic: `н` is ㄴ and ㅇ alike
/// (`Ён` for 영), `ль` (or the older `р`) is ㄹ.
const CYRILLIC_FINALS: &[(&str, &[&str])] = &[
    ("ng", &["ng"]),
    ("n", &["n", "ng"]),
    ("k", &["k"]),
    ("l", &["l"]),
    ("r", &["l"]),
    ("m", &["m"]),
    ("p", &["p"]),
    ("t", &["t"]),
];

/// The folded readings ([`syllable_key`]) a word may stand for when it is one Korean syllable
/// written in Cyrillic and transliterated (`chkhol` from `Чхоль` → `chol`; `chen` from `Чен`
/// → `chong` among others); `None` when it is no such syllable.
pub fn cyrillic_syllable_keys(word: &str) -> Option<Vec<String>> {
    let mut rest = word;
    let mut initial = "";
    if let Some((spelt, folded)) = CYRILLIC_INITIALS.iter().find(|(i, _)| rest.starts_with(i)) {
        initial = folded;
        rest = &rest[spelt.len()..];
    }
    let (spelt, vowels) = CYRILLIC_VOWELS.iter().find(|(v, _)| rest.starts_with(v))?;
    rest = &rest[spelt.len()..];
    let finals: &[&str] =
        if rest.is_empty() { &[""] } else { CYRILLIC_FINALS.iter().find(|(f, _)| *f == rest)?.1 };
    let mut out = Vec::new();
    for v in *vowels {
        // The North's initial `r` the South drops before `y` (Ryong / Yong), as
        // [`syllable_key`] folds it.
        let initial = if initial == "r" && v.starts_with('y') { "" } else { initial };
        for f in finals {
            let key = format!("{initial}{v}{f}");
            if !out.contains(&key) {
                out.push(key);
            }
        }
    }
    Some(out)
}

/// The folded readings of each word of a Korean name written in Cyrillic and transliterated
/// (`Ким Чен Ын` → `kim chen yn`), or `None` when the words are not such a name: two to five
/// words, each one syllable, the first or the last a Korean family name as Russian writes it.
pub fn cyrillic_korean_keys<'a>(
    words: impl IntoIterator<Item = &'a str>,
) -> Option<Vec<Vec<String>>> {
    let words: Vec<&str> = words.into_iter().collect();
    let family = |w: &&str| CYRILLIC_FAMILY_NAMES.contains(w);
    if !(2..=5).contains(&words.len())
        || !(words.first().is_some_and(family) || words.last().is_some_and(family))
    {
        return None;
    }
    words.iter().map(|w| cyrillic_syllable_keys(w)).collect()
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
    #[test]
    fn korean_names_as_russian_writes_them() {
        // Kontsevich's system and the older spellings, against the folded McCune-Reischauer
        // syllables the lists write (invented names).
        let keys = |w: &str| cyrillic_syllable_keys(w).unwrap_or_else(|| panic!("{w}"));
        for (cyr, mr) in [
            ("chkhol", "chol"), // Чхоль / Chol
            ("chen", "chong"),  // Чен / Jong (older spelling)
            ("chon", "chong"),  // Чон / Jong (Kontsevich)
            ("yon", "yong"),    // Ён / Yong
            ("yen", "yong"),    // Ен / Yong (older spelling)
            ("ren", "yong"),    // Рен / Ryong
            ("yn", "on"),       // Ын / Un
            ("khe", "he"),      // Хэ / Hae
            ("dzhu", "cho"),    // Джу / Ju
            ("pon", "pong"),    // Пон / Pong
            ("chkhve", "choe"), // Чхве / Choe
            ("tsoy", "choe"),   // Цой / Choi
            ("kvan", "kwang"),  // Кван / Kwang
            ("tkhe", "te"),     // Тхэ / Thae
            ("kkhan", "kang"),  // Кхан / Khang
        ] {
            let mr_key = syllable_key(mr).unwrap_or_else(|| panic!("{mr}"));
            assert!(keys(cyr).contains(&mr_key), "{cyr} / {mr}: {:?}", keys(cyr));
        }
        // Different syllables stay different.
        for (cyr, mr) in [("kim", "kang"), ("pak", "paek"), ("chkhol", "chun"), ("yon", "yang")] {
            let mr_key = syllable_key(mr).unwrap_or_else(|| panic!("{mr}"));
            assert!(!keys(cyr).contains(&mr_key), "{cyr} / {mr}");
        }
        for w in ["ivan", "sergey", "akhmad", "tszin", "oleg"] {
            assert_eq!(cyrillic_syllable_keys(w), None, "{w}");
        }
        // Whole names only, with a family name first or last.
        assert!(cyrillic_korean_keys(["kim", "yen", "cher"]).is_some());
        assert!(cyrillic_korean_keys(["ri", "son", "kvon"]).is_some());
        assert!(cyrillic_korean_keys(["chkhve", "ren", "khe"]).is_some());
        assert!(cyrillic_korean_keys(["oleg", "kim"]).is_none());
        assert!(cyrillic_korean_keys(["kim"]).is_none());
        assert!(cyrillic_korean_keys(["chen", "yn"]).is_none());
    }
}
