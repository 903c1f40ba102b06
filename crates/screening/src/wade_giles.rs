//! Wade-Giles, the older romanisation of Mandarin still used for Taiwanese and historical
//! names (`Mao Tse-tung`, `Hsi Chin-p'ing`, `Chiang Ching-kuo`), read as pinyin (`Mao
//! Zedong`, `Xi Jinping`, `Jiang Jingguo`).
//!
//! Apostrophes (aspiration) are lost by normalisation, so a Wade-Giles syllable has several
//! pinyin readings: `p` is `b` or `p`, `ch` is `zh`, `j`, `ch` or `q`, `ts`/`tz` is `z` or
//! `c`, `hs` is `x`, `j` is `r`, `-ung` is `-ong`, `-ieh` is `-ie`, `-ien` is `-ian`, `-ih`
//! is `-i`, `-o` may be `-e` or `-uo`, and `ssu`/`szu`/`tzu` are `si`/`zi`.
//!
//! A name is read this way only when every word parses as Wade-Giles syllables and at least
//! one shows a spelling pinyin does not use (`hs`, `ts`, `tz`, `ss`, `sz`, `-ieh`, `-ien`,
//! `-ih`, `-ueh`, `-erh`, `-ung`): `Chin Ping` alone is left as it is.

/// Initials: Wade-Giles spelling and pinyin readings, longest first.
const INITIALS: &[(&str, &[&str])] = &[
    ("hs", &["x"]),
    ("ch", &["zh", "j", "ch", "q"]),
    ("ts", &["z", "c"]),
    ("tz", &["z", "c"]),
    ("ss", &["s"]),
    ("sz", &["s"]),
    ("sh", &["sh"]),
    ("p", &["b", "p"]),
    ("t", &["d", "t"]),
    ("k", &["g", "k"]),
    ("j", &["r"]),
    ("m", &["m"]),
    ("f", &["f"]),
    ("n", &["n"]),
    ("l", &["l"]),
    ("h", &["h"]),
    ("s", &["s"]),
    ("w", &["w"]),
    ("y", &["y"]),
    ("", &[""]),
];

/// Finals: Wade-Giles spelling and pinyin readings.
const FINALS: &[(&str, &[&str])] = &[
    ("a", &["a"]),
    ("ai", &["ai"]),
    ("an", &["an"]),
    ("ang", &["ang"]),
    ("ao", &["ao"]),
    ("e", &["e"]),
    ("eh", &["e"]),
    ("ei", &["ei"]),
    ("en", &["en"]),
    ("eng", &["eng"]),
    ("erh", &["er"]),
    ("i", &["i"]),
    ("ia", &["ia"]),
    ("iang", &["iang"]),
    ("iao", &["iao"]),
    ("ieh", &["ie"]),
    ("ien", &["ian"]),
    ("ih", &["i"]),
    ("in", &["in"]),
    ("ing", &["ing"]),
    ("iu", &["iu"]),
    ("iung", &["iong"]),
    ("o", &["o", "e", "uo"]),
    ("ou", &["ou"]),
    ("u", &["u"]),
    ("ua", &["ua"]),
    ("uai", &["uai"]),
    ("uan", &["uan"]),
    ("uang", &["uang"]),
    ("ueh", &["ue"]),
    ("ui", &["ui"]),
    ("un", &["un"]),
    ("ung", &["ong"]),
    ("uo", &["uo"]),
];

/// Spellings of initials and finals that pinyin does not use.
const MARK_INITIALS: &[&str] = &["hs", "ts", "tz", "ss", "sz"];
const MARK_FINALS: &[&str] = &["ieh", "ien", "ih", "ueh", "erh", "ung", "iung"];

/// A syllable split into initial and final, if it is a Wade-Giles syllable.
fn parse(syl: &str) -> Option<(&'static str, &'static str)> {
    for (ini, _) in INITIALS {
        let Some(rest) = syl.strip_prefix(ini) else { continue };
        let Some((fin, _)) = FINALS.iter().find(|(f, _)| *f == rest) else { continue };
        // `-ih` only after the retroflex initials; `-u` is the apical vowel after `ss`, `sz`,
        // `tz` (`ssu`, `tzu`); `y`/`w` start no `i`/`u` final.
        if (*fin == "ih" && !matches!(*ini, "ch" | "sh" | "j")) || (*fin == "eh" && *ini != "y") {
            continue;
        }
        if (*ini == "y" && fin.starts_with('i')) || (*ini == "w" && fin.starts_with('u')) {
            continue;
        }
        return Some((ini, fin));
    }
    None
}

/// Whether a word reads as a Wade-Giles syllable, and whether it shows a Wade-Giles spelling.
fn syllable(word: &str) -> Option<bool> {
    let (ini, fin) = parse(word)?;
    Some(MARK_INITIALS.contains(&ini) || MARK_FINALS.contains(&fin))
}

/// Whether the words of a name read as Wade-Giles syllables, one at least with a spelling
/// pinyin lacks.
pub fn is_wade_giles<'a>(words: impl IntoIterator<Item = &'a str>) -> bool {
    let mut marked = false;
    let mut any = false;
    for w in words {
        match syllable(w) {
            Some(m) => marked |= m,
            None => return false,
        }
        any = true;
    }
    any && marked
}

/// The pinyin readings of one Wade-Giles syllable (empty when it is none).
pub fn readings(syl: &str) -> Vec<String> {
    let Some((ini, fin)) = parse(syl) else { return Vec::new() };
    let inis = INITIALS.iter().find(|(i, _)| *i == ini).map_or(&[][..], |(_, r)| r);
    let fins = FINALS.iter().find(|(f, _)| *f == fin).map_or(&[][..], |(_, r)| r);
    let mut out = Vec::new();
    for i in inis {
        for f in fins {
            let f = match (ini, *f) {
                ("ss" | "sz" | "tz", "u") => "i",
                ("y", "en") => "an",
                _ => f,
            };
            let r = format!("{i}{f}");
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out
}

/// Largest number of readings kept for a joined pair of syllables.
const MAX_JOINED: usize = 32;

/// The readings of two syllables written as one word (`Tse-tung` → `zedong`, `cetong`…).
pub fn joined_readings(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            if out.len() < MAX_JOINED {
                out.push(format!("{x}{y}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_pinyin() {
        assert!(readings("tse").contains(&"ze".to_owned()));
        assert!(readings("tung").contains(&"dong".to_owned()));
        assert!(readings("hsi").contains(&"xi".to_owned()));
        assert!(readings("chin").contains(&"jin".to_owned()));
        assert!(readings("ping").contains(&"ping".to_owned()));
        assert!(readings("ssu").contains(&"si".to_owned()));
        assert!(readings("chih").contains(&"zhi".to_owned()));
        assert!(readings("hsieh").contains(&"xie".to_owned()));
        assert!(readings("yen").contains(&"yan".to_owned()));
        assert!(readings("yeh").contains(&"ye".to_owned()));
        let j = joined_readings(&readings("chin"), &readings("ping"));
        assert!(j.contains(&"jinping".to_owned()), "{j:?}");
    }

    #[test]
    fn only_marked_names_are_wade_giles() {
        assert!(is_wade_giles(["mao", "tse", "tung"]));
        assert!(is_wade_giles(["hsi", "chin", "ping"]));
        // No spelling pinyin lacks: left alone.
        assert!(!is_wade_giles(["chin", "ping"]));
        // A word that is no syllable: not Chinese.
        assert!(!is_wade_giles(["hsieh", "robert"]));
        assert!(!is_wade_giles(["nguyen", "van", "thieu"]));
        assert!(!is_wade_giles(Vec::<&str>::new()));
    }
}
