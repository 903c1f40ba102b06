//! Hangul: syllables romanised as the lists write Korean names (DPRK / McCune-Reischauer
//! consonants, `eo`/`eu` kept), and the other spellings of a romanised syllable.

/// Other spellings of a syllable romanised from Hangul: McCune-Reischauer without the breve,
/// as the lists write it (`eo`, `eu` → `o`, `u`: `jeong` → `jong`), and the common South
/// Korean spelling of `eo` as `u` (`Jung`, `Sung`).
pub fn korean_readings(syllable: &str) -> Vec<String> {
    if !syllable.contains("eo") && !syllable.contains("eu") {
        return Vec::new();
    }
    let mr = syllable.replace("eo", "o").replace("eu", "u");
    let south = syllable.replace("eo", "u").replace("eu", "u");
    if mr == south {
        vec![mr]
    } else {
        vec![mr, south]
    }
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
    /// or `Yi`. `k`, `t`, `p` are voiced (`g`, `d`, `b`) after a vowel, `n`, `m`, `ng` or
    /// `l` of the same word (리선권 → `ri seon gwon`).
    pub(crate) fn romanise(&self, prev: Option<Hangul>, out: &mut String) {
        const INITIALS: [&str; 19] = [
            "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "k",
            "t", "p", "h",
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
