//! Initials: a one-letter token (`A.`) against a full token with that first letter. A
//! one-letter syllable (`i`, read from 이) is a whole name, not an initial; a one-letter
//! token in an equivalence group matches its group.
//!
//! Keys: a listed initial is keyed by its letter and a full query token looks its first letter
//! up. A query initial against a full listed token has no key (it would retrieve every name
//! with that letter): the index bounds its contribution without retrieval (`INITIAL_SIM`).

use super::{key_hash, tag, KeyUse, Pair, Rule, Sim, Step};
use crate::score::MatchKind;
use crate::token::TokInfo;

/// Similarity of an initial to a full token ("A." vs "Ahmad").
pub(crate) const INITIAL_SIM: f32 = 0.6;

pub(crate) const RULE: Rule = Rule { kind: MatchKind::Initial, sim, keys };

fn sim(a: &TokInfo, b: &TokInfo, p: &Pair, _: Sim) -> Step {
    if p.la != 1 && p.lb != 1 {
        return Step::Offer(None);
    }
    if p.equivalent {
        return Step::Decide(Some((MatchKind::Equivalent, 0.95)));
    }
    let initial = !p.syllabic && a.text.as_bytes()[0] == b.text.as_bytes()[0];
    Step::Decide(initial.then_some((MatchKind::Initial, INITIAL_SIM)))
}

fn keys(t: &TokInfo, at: KeyUse, out: &mut Vec<u64>) {
    if t.org_form {
        return;
    }
    let first = &t.text.as_bytes()[..1];
    if at.listed == (t.text.len() == 1) {
        out.push(key_hash(tag::INITIAL, first));
    }
}

#[cfg(test)]
mod tests {
    use super::super::token_sim;
    use super::*;

    #[test]
    fn initials_and_one_letter_syllables() {
        let t = |s: &str| TokInfo::from_text(s, false);
        assert_eq!(token_sim(&t("a"), &t("ahmad")), Some((MatchKind::Initial, INITIAL_SIM)));
        assert_eq!(token_sim(&t("ahmed"), &t("a")), Some((MatchKind::Initial, INITIAL_SIM)));
        assert_eq!(token_sim(&t("b"), &t("ahmad")), None);
        let mut syllable = t("i");
        syllable.set_syllabic(true);
        assert_eq!(token_sim(&syllable, &t("il")), None);
        assert_eq!(token_sim(&t("i"), &t("il")).map(|x| x.0), Some(MatchKind::Initial));
    }
}
