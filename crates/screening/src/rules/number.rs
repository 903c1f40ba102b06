//! Numbers: two different numbers (series, vintage, unit or hull numbers: "Fund VII" / "Fund
//! VIII") are a sibling of the listed party, worth a review; a number never matches a word.
//!
//! No retrieval keys: any number matches any other, so the index bounds a query number's
//! contribution without retrieval (`NUMBER_SIM`) and compares it with every number of a
//! candidate name.

use super::{no_keys, Pair, Rule, Sim, Step};
use crate::score::MatchKind;
use crate::token::TokInfo;

/// Similarity of two different numbers.
pub(crate) const NUMBER_SIM: f32 = 0.6;

pub(crate) const RULE: Rule = Rule { kind: MatchKind::Number, sim, keys: no_keys };

fn sim(a: &TokInfo, b: &TokInfo, _: &Pair, _: Sim) -> Step {
    if a.has_digit && b.has_digit {
        Step::Decide(Some((MatchKind::Number, NUMBER_SIM)))
    } else if a.has_digit || b.has_digit {
        Step::Decide(None)
    } else {
        Step::Offer(None)
    }
}

#[cfg(test)]
mod tests {
    use super::super::token_sim;
    use super::*;

    #[test]
    fn numbers_match_numbers_only() {
        let t = |s: &str| TokInfo::from_text(s, false);
        assert_eq!(token_sim(&t("2006"), &t("2007")), Some((MatchKind::Number, NUMBER_SIM)));
        assert_eq!(token_sim(&t("7"), &t("seven")), None);
        assert_eq!(token_sim(&t("2006"), &t("2006")), Some((MatchKind::Exact, 1.0)));
    }
}
