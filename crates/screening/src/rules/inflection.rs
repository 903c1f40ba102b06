//! Inflection: a Latvian, Lithuanian or Greek case ending (`Lavrovs`, `Putinas`, `Sergejus`,
//! `Alexandros`), or a Russian one in an organisation's name (`Вагнера`, `Ирака`), on a name
//! marked as having them ([`TokInfo::inflected`]): the stem
//! ([`crate::normalize::inflection_stem`]) against the other token. Keyed by the stem's
//! skeleton.

use super::{better, key_hash, tag, token_sim, KeyUse, Pair, Rule, Sim, Step};
use crate::normalize::inflection_stem;
use crate::phonetic::{coarse_key, fine_key};
use crate::score::MatchKind;
use crate::token::TokInfo;

/// Similarity of a name and the same name with a case ending.
const INFLECTED_SIM: f32 = 0.9;

/// Most similarity of an inflected name whose stem is a typo away from the other token.
const INFLECTED_EDIT_SIM: f32 = 0.85;

pub(crate) const RULE: Rule = Rule { kind: MatchKind::Inflected, sim, keys };

fn sim(a: &TokInfo, b: &TokInfo, p: &Pair, best: Sim) -> Step {
    if !best.is_none_or(|(_, s)| s < INFLECTED_SIM) || p.syllabic {
        return Step::Offer(None);
    }
    let mut found: Sim = None;
    for (long, short) in [(a, b), (b, a)] {
        let Some(stem) = stem_of(long) else {
            continue;
        };
        if stem.len() < short.text.len().saturating_sub(1) {
            continue;
        }
        let stem = TokInfo { unvocalised: long.unvocalised, ..TokInfo::from_text(stem, false) };
        let s = match token_sim(&stem, short) {
            Some((MatchKind::Exact, _)) => INFLECTED_SIM,
            Some((
                MatchKind::Phonetic
                | MatchKind::Equivalent
                | MatchKind::Unvocalised
                | MatchKind::Inflected,
                s,
            )) => s.min(INFLECTED_SIM),
            // `Alexandr(os)` / `Alexander`: a typo away, counted as a phonetic variant.
            Some((MatchKind::Edit, s)) => s.min(INFLECTED_EDIT_SIM),
            _ => continue,
        };
        if better(best, s) && better(found, s) {
            found = Some((MatchKind::Inflected, s));
        }
    }
    Step::Offer(found)
}

/// The stem of a token marked as having a case ending: a Russian one in a name written in
/// Cyrillic ([`crate::translit::cyrillic::case_stem`]), a Latvian, Lithuanian or Greek one
/// otherwise.
fn stem_of(t: &TokInfo) -> Option<&str> {
    if !t.inflected {
        return None;
    }
    if t.cyrillic {
        if let Some(stem) = crate::translit::cyrillic::case_stem(&t.text) {
            return Some(stem);
        }
    }
    inflection_stem(&t.text)
}

fn keys(t: &TokInfo, _: KeyUse, out: &mut Vec<u64>) {
    if t.org_form || t.coarse.is_empty() {
        return;
    }
    if let Some(stem) = stem_of(t) {
        out.push(key_hash(tag::SKELETON, coarse_key(&fine_key(stem)).as_bytes()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infl(s: &str) -> TokInfo {
        TokInfo { inflected: true, ..TokInfo::from_text(s, false) }
    }

    #[test]
    fn case_endings() {
        let t = |s: &str| TokInfo::from_text(s, false);
        let r = token_sim(&infl("putinas"), &t("putin"));
        assert_eq!(r.map(|x| x.0), Some(MatchKind::Inflected));
        let r = token_sim(&infl("sergejs"), &t("sergey"));
        assert_eq!(r.map(|x| x.0), Some(MatchKind::Inflected));
        // Not without the mark: `meyers` is no inflected `mayer`, `putinas` unmarked no `putin`.
        assert_ne!(token_sim(&t("meyers"), &t("mayer")).map(|x| x.0), Some(MatchKind::Inflected));
        assert_eq!(token_sim(&t("putinas"), &t("putin")), None);
    }
}
