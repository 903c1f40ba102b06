//! Hangul: syllables romanised as the lists write Korean names (DPRK / McCune-Reischauer
//! consonants, `eo`/`eu` kept), and the other spellings of a romanised syllable.

/// Other spellings of a syllable romanised from Hangul, as other lists and the press write it:
/// McCune-Reischauer without the breve, as the lists write it (`eo`, `eu` → `o`, `u`: `jeong`
/// → `jong`), and the common South Korean spelling of `eo` as `u` (`Jung`, `Sung`); the
/// aspirates without their `h` (`thaek` → `taek`, `phyo` → `pyo`: the DPRK's `th`, `ph`, `kh`
/// against Revised Romanisation); `j` as McCune-Reischauer's `ch` (`jang` → `chang`, `jeong`
/// → `chong`); and a `ryeo` syllable written by the South's rule for initial sounds, without
/// its `r` (`영` written for `령`: `yeong` → `ryong`, as DPRK names write it).
///
/// Syllables read from Han characters (pinyin) share this function: none begins with `kh`,
/// `th`, `ph` or `yeo`, nor `j` before any vowel but `i` and `u`, nor holds `eo`/`eu`, so
/// they get no reading.
pub fn korean_readings(syllable: &str) -> Vec<String> {
    let mut forms: Vec<String> = vec![syllable.to_owned()];
    for aspirate in ["kh", "th", "ph"] {
        if let Some(rest) = syllable.strip_prefix(aspirate) {
            forms.push(format!("{}{rest}", &aspirate[..1]));
        }
    }
    if syllable.starts_with("yeo") {
        forms.push(format!("r{syllable}"));
    }
    if let Some(rest) = syllable.strip_prefix('j') {
        if rest.starts_with(['a', 'e', 'o', 'y', 'w']) {
            forms.push(format!("ch{rest}"));
        }
    }
    let mut out: Vec<String> = Vec::new();
    for form in &forms {
        let mut push = |r: String| {
            if r != syllable && !out.contains(&r) {
                out.push(r);
            }
        };
        push(form.clone());
        if form.contains("eo") || form.contains("eu") {
            push(form.replace("eo", "o").replace("eu", "u"));
            push(form.replace("eo", "u").replace("eu", "u"));
        }
    }
    out
}

/// A Hangul syllable as indices of its initial, vowel and final jamo.
pub(crate) struct Hangul {
    initial: usize,
    vowel: usize,
    last: usize,
}

pub(crate) fn hangul_syllable(c: char) -> Option<Hangul> {
    let s = (c as u32).checked_sub(0xAC00).filter(|s| *s < 11_172)? as usize;
    Some(Hangul { initial: s / (21 * 28), vowel: (s / 28) % 21, last: s % 28 })
}

impl Hangul {
    /// Romanises one syllable with the consonants of the names on the sanctions lists (the
    /// DPRK's own spelling and McCune-Reischauer: `김정은` → `kim jeong eun`, read also as
    /// `kim jong un`; `리` → `ri`, `박` → `pak`, `최` → `choe`). `any_ascii` would give
    /// Revised Romanisation with the final consonant in its initial form (`bag` for 박),
    /// which no list writes. A name's first syllable 이 is the surname written `Ri`, `Lee`
    /// or `Yi`. The aspirates are `kh`, `th`, `ph`. `k`, `t`, `p` are voiced (`g`, `d`, `b`) after a vowel, `n`, `m`, `ng` or
    /// `l` of the same word (리선권 → `ri seon gwon`).
    pub(crate) fn romanise(&self, prev: Option<Hangul>, out: &mut String) {
        // The aspirates ㅋ ㅌ ㅍ as the DPRK writes them (`kh`, `th`, `ph`: 택 `thaek`); their
        // Revised spellings without `h` are readings ([`korean_readings`]).
        const INITIALS: [&str; 19] = [
            "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh",
            "th", "ph", "h",
        ];
        // ㅓ and ㅡ keep their Revised spellings (`eo`, `eu`): 정 is not 종. Their
        // McCune-Reischauer reading without the breve (`o`, `u`) is matched as a reading.
        const VOWELS: [&str; 21] = [
            "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
            "wo", "we", "wi", "yu", "eu", "ui", "i",
        ];
        const FINALS: [&str; 28] = [
            "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
            "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
        ];
        if prev.is_none() && self.initial == 11 && self.vowel == 20 && self.last == 0 {
            out.push_str("ri");
            return;
        }
        let voiced = prev.is_some_and(|p| matches!(p.last, 0 | 4 | 8 | 16 | 21));
        out.push_str(match (self.initial, voiced) {
            (0, true) => "g",
            (3, true) => "d",
            (7, true) => "b",
            (i, _) => INITIALS[i],
        });
        out.push_str(VOWELS[self.vowel]);
        out.push_str(FINALS[self.last]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn romanised(word: &str) -> Vec<String> {
        let mut prev = None;
        let mut out = Vec::new();
        for c in word.chars() {
            let h = hangul_syllable(c).expect("a Hangul syllable");
            let mut s = String::new();
            h.romanise(prev.take(), &mut s);
            out.push(s);
            prev = Some(h);
        }
        out
    }

    #[test]
    fn aspirates_as_the_dprk_writes_them() {
        // Invented names: 탁철표 (Thak Chol Phyo), 허태경.
        assert_eq!(romanised("탁철표"), ["thak", "cheol", "phyo"]);
        assert_eq!(romanised("허태경"), ["heo", "thae", "gyeong"]);
        assert!(korean_readings("thak").contains(&"tak".to_owned()));
        assert!(korean_readings("phyo").contains(&"pyo".to_owned()));
        assert!(korean_readings("khang").contains(&"kang".to_owned()));
    }

    #[test]
    fn mccune_reischauer_and_the_rule_of_initial_sounds() {
        // ㅈ written `ch` (Chang, Chong, Cho) as well as `j`.
        assert!(korean_readings("jang").contains(&"chang".to_owned()));
        let jeong = korean_readings("jeong");
        for r in ["jong", "jung", "cheong", "chong", "chung"] {
            assert!(jeong.contains(&r.to_owned()), "{r}: {jeong:?}");
        }
        // 영 for 령 in the South: `yeong` read `ryong` too; 연 `yeon` read `ryon`.
        assert!(korean_readings("yeong").contains(&"ryong".to_owned()));
        assert!(korean_readings("yeon").contains(&"ryon".to_owned()));
        // Pinyin syllables get none of these readings.
        for p in ["ji", "jiang", "ju", "jun", "yong", "ye", "tang", "pei", "kang", "zhou"] {
            assert!(korean_readings(p).is_empty(), "{p}: {:?}", korean_readings(p));
        }
    }
}
