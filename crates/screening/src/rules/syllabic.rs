//! Syllables: a token read from one character of a syllabic script (Han, Hangul, kana) is a
//! whole syllable, so another spelling is another character (another name), not a typo.
//! Across two such tokens only identity ([`super::exact`]) or a known equivalence counts;
//! against a Latin spelling, romanisation variants ([`super::romanised`],
//! [`super::phonetic`]) still do, and no typo, long-sound, unvocalised or spelling rule;
//! against a syllable romanised in Latin script (a Korean name), only a romanisation of the
//! same syllable.
//!
//! A restriction only: no keys of its own.

use super::{no_keys, Pair, Rule, Sim, Step};
use crate::score::MatchKind;
use crate::token::TokInfo;

pub(crate) const RULE: Rule = Rule { kind: MatchKind::Equivalent, sim, keys: no_keys };

fn sim(a: &TokInfo, b: &TokInfo, p: &Pair, _: Sim) -> Step {
    if a.syllabic && b.syllabic {
        Step::Decide(p.equivalent.then_some((MatchKind::Equivalent, 0.95)))
    } else if (a.syllabic && !b.readings.is_empty()) || (b.syllabic && !a.readings.is_empty()) {
        // Against a syllable romanised in Latin script (a Korean or Wade-Giles name), a
        // romanisation of the same syllable or nothing: `숙` (suk) is not `sik`.
        Step::Decide(super::romanised::same_syllable(a, b))
    } else {
        Step::Offer(None)
    }
}

#[cfg(test)]
mod tests {
    use super::super::token_sim;
    use super::*;

    fn t(s: &str) -> TokInfo {
        TokInfo::from_text(s, false)
    }

    #[test]
    fn syllabic_tokens_need_the_same_syllable() {
        let syl = |s: &str| TokInfo { syllabic: true, ..t(s) };
        // Two characters read "hyeong" / "myeong" are different names, not a typo.
        assert_eq!(token_sim(&syl("hyeong"), &syl("myeong")), None);
        assert_eq!(token_sim(&syl("cheng"), &t("chen")), None);
        assert_eq!(token_sim(&syl("jeong"), &syl("jeong")).map(|x| x.0), Some(MatchKind::Exact));
        assert_eq!(token_sim(&syl("i"), &t("il")), None);
        assert_eq!(token_sim(&t("i"), &t("il")).map(|x| x.0), Some(MatchKind::Initial));
        // Against a romanised Korean syllable, only another romanisation of the syllable.
        let read = |name: &str| -> Vec<TokInfo> {
            crate::normalize::normalize(name, crate::normalize::NameStyle::Person)
                .iter()
                .map(TokInfo::new)
                .collect()
        };
        let (hangul, latin) = (read("영숙 박"), read("PAK Yong Sik"));
        let (yeong, suk) = (&hangul[0], &hangul[1]);
        let (yong, sik) = (&latin[1], &latin[2]);
        assert_eq!(token_sim(suk, sik), None);
        assert_eq!(token_sim(yeong, yong).map(|x| x.0), Some(MatchKind::Romanised));
        let (cheol, chul) = (&read("리병철")[2], &read("RI Pyong Chul")[2]);
        assert_eq!(token_sim(cheol, chul).map(|x| x.0), Some(MatchKind::Romanised));
        // The same letters typed in Latin script are a plausible typo.
        assert_eq!(token_sim(&t("hyeong"), &t("myeong")).map(|x| x.0), Some(MatchKind::Edit));
    }
}
