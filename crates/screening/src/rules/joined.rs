//! Joined and split words: neighbouring tokens written as one word on the other side (`Jin
//! Ping` / `Jinping`, `Nam Chon Gang` / `Namchongang`, `Abdel Rahman` / `Abdelrahman`). Two
//! or three neighbouring tokens are joined ([`runs`], [`TokInfo::join`]) and compared as one
//! token, but only identity, a known equivalence or a romanisation counts ([`KINDS`]): the
//! fuzzy rules on a join would find too much. A join is keyed only by the rules of those kinds
//! ([`super::token_keys`]).

use super::{token_sim, Sim};
use crate::normalize::NormToken;
use crate::score::MatchKind;
use crate::token::TokInfo;

/// The kinds of match that count when either side is a join.
pub(crate) const KINDS: &[MatchKind] =
    &[MatchKind::Exact, MatchKind::Equivalent, MatchKind::Romanised];

/// Token similarity for units, `a` of the query and `b` listed: `a_join`/`b_join` say whether
/// a side is a join. A query token read from Arabic script, alone or joined, also matches a
/// join by its consonants ([`super::unvocalised`]): the script writes compound names as one
/// word or as two as the writer pleases (ظاهرعويس / Dahir Aweys, آخوند زاده / Akhundzada),
/// and the letters of a reading are no typo to forgive. A join of Latin query words does not
/// (the fuzzy rules on a join would find too much).
pub(crate) fn unit_sim(a: &TokInfo, a_join: bool, b: &TokInfo, b_join: bool) -> Sim {
    if a_join || b_join {
        let known = super::token_sim_by(a, b, KINDS);
        if !a.unvocalised || known.is_some_and(|(_, s)| s >= 1.0) {
            return known;
        }
        match super::unvocalised::join_sim(a, b) {
            Some((kind, s)) if known.is_none_or(|(_, k)| s > k) => Some((kind, s)),
            _ => known,
        }
    } else {
        token_sim(a, b)
    }
}

/// Every run of `len` neighbouring tokens written as one word; a company form joins none
/// (`~` stands in its place).
pub(crate) fn runs(toks: &[NormToken], len: usize) -> Vec<TokInfo> {
    toks.windows(len)
        .map(|w| TokInfo::join(w).unwrap_or_else(|| TokInfo::from_text("~", true)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{normalize, NameStyle};

    #[test]
    fn joins_count_only_when_spelled_alike() {
        let toks = normalize("Xi Jin Ping", NameStyle::Person);
        let joins = runs(&toks, 2);
        let listed = TokInfo::from_text("jinping", false);
        assert_eq!(unit_sim(&joins[1], true, &listed, false), Some((MatchKind::Exact, 1.0)));
        // A typo of a join is not enough.
        let typo = TokInfo::from_text("jinpong", false);
        assert_eq!(unit_sim(&joins[1], true, &typo, false), None);
        assert!(token_sim(&joins[1], &typo).is_some());
    }
}
