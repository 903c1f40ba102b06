//! Chinese names in Cyrillic, as Russian writes them in the Palladius system (`Си Цзиньпин`,
//! `Ли Фанвэй`, `Чжэн Фуцзин`), read as the pinyin the lists write (`XI Jinping`, `LI
//! Fangwei`, `ZHENG Fujing`). The words arrive transliterated (`si tszinpin`), with the soft
//! sign that tells `-н` (ng) from `-нь` (n) lost, so a syllable has several readings; a given
//! name written as one word (`Фанвэй`) is split into its syllables. A name is read so only
//! when every word parses as Palladius syllables and one end is a Chinese family name.

/// Palladius initials as transliterated, longest first, with their pinyin: the first
/// reading before the finals of `i` and `ü` (`цзи` ji, `ци` qi, `си` xi), the second
/// before the others (`цзы` zi, `цы` ci, `сы` si).
const INITIALS: &[(&str, &str, &str)] = &[
    ("chzh", "zh", "zh"),
    ("tsz", "j", "z"),
    ("ts", "q", "c"),
    ("ch", "ch", "ch"),
    ("sh", "sh", "sh"),
    ("zh", "r", "r"),
    ("kh", "h", "h"),
    ("b", "b", "b"),
    ("p", "p", "p"),
    ("m", "m", "m"),
    ("f", "f", "f"),
    ("d", "d", "d"),
    ("t", "t", "t"),
    ("n", "n", "n"),
    ("l", "l", "l"),
    ("g", "g", "g"),
    ("k", "k", "k"),
    ("s", "x", "s"),
    ("", "", ""),
];

/// Palladius finals as transliterated, longest first, with their pinyin finals after an
/// initial; `i`-finals start with `i` or `ü` (`-нь` and `-н` read alike: `an` is an or ang).
const FINALS: &[(&str, &[&str])] = &[
    ("yuan", &["üan"]),
    ("uay", &["uai"]),
    ("uan", &["uan", "uang"]),
    ("yan", &["ian", "iang"]),
    ("yao", &["iao"]),
    ("yun", &["iong", "ün"]),
    ("yuy", &["ü"]),
    ("yue", &["üe"]),
    ("ay", &["ai"]),
    ("ao", &["ao"]),
    ("an", &["an", "ang"]),
    ("ey", &["ei"]),
    ("en", &["en", "eng"]),
    ("er", &["er"]),
    ("in", &["in", "ing"]),
    ("ou", &["ou"]),
    ("ua", &["ua"]),
    ("uy", &["ui"]),
    ("un", &["un", "ong"]),
    ("ya", &["ia"]),
    ("yu", &["iu"]),
    ("a", &["a"]),
    ("e", &["e", "ie"]),
    ("i", &["i"]),
    ("o", &["o", "uo"]),
    ("u", &["u"]),
    ("y", &["i"]),
];

/// Syllables without an initial, as transliterated, with their pinyin.
const ZERO_INITIAL: &[(&str, &[&str])] = &[
    ("yuan", &["yuan"]),
    ("yuy", &["yu"]),
    ("yue", &["yue"]),
    ("yun", &["yong", "yun"]),
    ("yan", &["yan", "yang"]),
    ("yao", &["yao"]),
    ("vay", &["wai"]),
    ("van", &["wan", "wang"]),
    ("vey", &["wei"]),
    ("ven", &["wen", "weng"]),
    ("ya", &["ya"]),
    ("ye", &["ye"]),
    ("yu", &["you"]),
    ("va", &["wa"]),
    ("vo", &["wo"]),
    ("in", &["yin", "ying"]),
    ("ay", &["ai"]),
    ("ao", &["ao"]),
    ("an", &["an", "ang"]),
    ("en", &["en", "eng"]),
    ("er", &["er"]),
    ("ou", &["ou"]),
    ("a", &["a"]),
    ("e", &["e"]),
    ("i", &["yi"]),
    ("o", &["o"]),
    ("u", &["wu"]),
];

/// Family names that mark a name in Cyrillic as Chinese, as transliterated (the common ones).
const FAMILY_NAMES: &[&str] = &[
    "bay", "chen", "chzhan", "chzhao", "chzhen", "chzhou", "chzhu", "chzhun", "den", "din", "du",
    "duan", "fan", "fen", "fu", "gao", "go", "gu", "gun", "khan", "khao", "khe", "khou", "khu",
    "khuan", "lan", "ley", "li", "lin", "lo", "lu", "lun", "lyan", "lyao", "lyu", "lyuy", "ma",
    "mao", "men", "ni", "pan", "pen", "se", "shao", "shen", "shi", "si", "su", "sun", "sya",
    "syao", "syuy", "syue", "syun", "tan", "tao", "tsay", "tsao", "tsin", "tsuy", "tsyu", "tszen",
    "tszin", "tszou", "tszya", "tszyan", "tyan", "u", "van", "vey", "yan", "yao", "ye", "yuan",
    "yuy", "zhen",
];

/// The pinyin readings of one Palladius syllable as transliterated; empty when it is none.
fn syllable(syl: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some((_, readings)) = ZERO_INITIAL.iter().find(|(s, _)| *s == syl) {
        out.extend(readings.iter().map(|r| (*r).to_owned()));
        return out;
    }
    for (ini, before_i, other) in INITIALS.iter().filter(|(i, _, _)| !i.is_empty()) {
        let Some(rest) = syl.strip_prefix(ini) else { continue };
        let Some((_, finals)) = FINALS.iter().find(|(f, _)| *f == rest) else { continue };
        for f in *finals {
            let i_final = f.starts_with('i') || f.starts_with('ü');
            // The apical vowel `ы` only after `цз`, `ц`, `с` (zi, ci, si).
            if rest == "y" && !matches!(*ini, "tsz" | "ts" | "s") {
                continue;
            }
            let initial = if i_final && rest != "y" { before_i } else { other };
            // ü is written u (after j, q, x, and in plain text after n and l).
            let f = f.replace('ü', "u");
            let r = format!("{initial}{f}");
            if !out.contains(&r) {
                out.push(r);
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// Most readings of one word.
const MAX_READINGS: usize = 16;

/// The pinyin readings of a word of one to three Palladius syllables written together
/// (`fanvey` → `fangwei`, `fanwei`); empty when it is none.
fn word_readings(word: &str, syllables_left: usize) -> Vec<String> {
    let mut out = syllable(word);
    if syllables_left > 1 {
        for cut in 1..word.len() {
            let (head, tail) = word.split_at(cut);
            let h = syllable(head);
            if h.is_empty() {
                continue;
            }
            let t = word_readings(tail, syllables_left - 1);
            for a in &h {
                for b in &t {
                    let r = format!("{a}{b}");
                    if out.len() < MAX_READINGS && !out.contains(&r) {
                        out.push(r);
                    }
                }
            }
        }
    }
    out
}

/// The pinyin readings of each word of a Chinese name written in Cyrillic and
/// transliterated (`li fanvey` → `[li], [fangwei, fanwei, …]`), or `None` when the words are
/// not such a name: two to four words, each of one to three syllables, the first one
/// syllable (Russian writes Chinese names family name first; "Иван Ли" is Russian), and a
/// common Chinese family name or a spelling only Palladius makes (`цз`, `чж`, `сю`, `цю`).
pub fn chinese_readings<'a>(words: impl IntoIterator<Item = &'a str>) -> Option<Vec<Vec<String>>> {
    let words: Vec<&str> = words.into_iter().collect();
    let family = |w: &&str| FAMILY_NAMES.contains(w);
    // Spellings only Palladius makes: цз, чж, сю/ся/сяо, цю/ця.
    let marked = |w: &&str| ["tsz", "chzh", "sy", "tsy"].iter().any(|m| w.contains(m));
    let first_syllable = words.first().is_some_and(|w| !syllable(w).is_empty());
    if !(2..=4).contains(&words.len())
        || !first_syllable
        || !(words.first().is_some_and(family) || words.iter().any(marked))
    {
        return None;
    }
    words.iter().map(|w| Some(word_readings(w, 3)).filter(|r| !r.is_empty())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palladius_syllables_as_pinyin() {
        let has = |w: &str, p: &str| word_readings(w, 3).iter().any(|r| r == p);
        for (cyr, pinyin) in [
            ("si", "xi"),             // Си
            ("tszinpin", "jinping"),  // Цзиньпин
            ("fanvey", "fangwei"),    // Фанвэй
            ("chzhen", "zheng"),      // Чжэн
            ("futszin", "fujing"),    // Фуцзин
            ("syuy", "xu"),           // Сюй
            ("bin", "bin"),           // Бинь
            ("syaokhun", "xiaohong"), // Сяохун
            ("shanfu", "shangfu"),    // Шанфу
            ("yunan", "yongan"),      // Юнъань
            ("tszy", "zi"),           // Цзы
            ("tsyuan", "quan"),       // Цюань
            ("le", "le"),             // Лэ
            ("se", "xie"),            // Се
        ] {
            assert!(has(cyr, pinyin), "{cyr} / {pinyin}: {:?}", word_readings(cyr, 3));
        }
        assert!(chinese_readings(["li", "fanvey"]).is_some());
        assert!(chinese_readings(["si", "tszinpin"]).is_some());
        // A Russian name is none.
        assert!(chinese_readings(["ivan", "li"]).is_none());
        assert!(chinese_readings(["sergey", "van"]).is_none());
        assert!(chinese_readings(["li"]).is_none());
    }
}
