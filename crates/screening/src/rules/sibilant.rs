//! Sibilants: a word-initial sibilant romanised `x` or `hs` against `s`/`sh` (`Xi` / `Shi` /
//! `Hsi`): compared as the `s` spelling ([`crate::phonetic::sibilant_variant`], prepared in
//! [`TokInfo::sibilant`]), a phonetic variant at best, and only the consonants may differ
//! (`xin` is not `son`). Keyed by the skeleton of the `s` spelling.

use super::{better, key_hash, tag, token_sim, vowel_letters, KeyUse, Pair, Rule, Sim, Step};
use crate::score::MatchKind;
use crate::token::TokInfo;

/// Similarity of two spellings that differ only by a sibilant romanised `x`, `hs` or `s`/`sh`.
const SIBILANT_SIM: f32 = 0.9;

pub(crate) const RULE: Rule = Rule { kind: MatchKind::Phonetic, sim, keys };

fn sim(a: &TokInfo, b: &TokInfo, _: &Pair, best: Sim) -> Step {
    if a.sibilant.is_none() && b.sibilant.is_none() {
        return Step::Offer(None);
    }
    let (a2, b2) = (a.sibilant.as_deref().unwrap_or(a), b.sibilant.as_deref().unwrap_or(b));
    let s = match token_sim(a2, b2) {
        Some((MatchKind::Exact, _)) => Some(SIBILANT_SIM),
        Some((MatchKind::Phonetic, s)) if vowel_letters(a2) == vowel_letters(b2) => {
            Some(s.min(SIBILANT_SIM))
        }
        _ => None,
    };
    Step::Offer(s.filter(|s| better(best, *s)).map(|s| (MatchKind::Phonetic, s)))
}

fn keys(t: &TokInfo, _: KeyUse, out: &mut Vec<u64>) {
    if t.org_form || t.coarse.is_empty() {
        return;
    }
    if let Some(v) = &t.sibilant {
        out.push(key_hash(tag::SKELETON, v.coarse.as_bytes()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sibilant_romanisations() {
        let kind = |a: &str, b: &str| {
            token_sim(&TokInfo::from_text(a, false), &TokInfo::from_text(b, false)).map(|x| x.0)
        };
        for (a, b) in
            [("xi", "shi"), ("xi", "si"), ("hsi", "xi"), ("hsu", "xu"), ("ximena", "simena")]
        {
            assert_eq!(kind(a, b), Some(MatchKind::Phonetic), "{a} {b}");
        }
        // Only the consonant may differ; medial `x` stays `ks`.
        assert_eq!(kind("xin", "son"), None);
        assert_eq!(kind("alexis", "alesis"), Some(MatchKind::Edit));
    }
}
