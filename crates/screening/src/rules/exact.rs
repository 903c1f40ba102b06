//! Exact: the same text after normalisation. A company form (`~llc`) matches only itself.

use super::{key_hash, tag, KeyUse, Pair, Rule, Sim, Step};
use crate::score::MatchKind;
use crate::token::TokInfo;

pub(crate) const RULE: Rule = Rule { kind: MatchKind::Exact, sim, keys };

fn sim(a: &TokInfo, b: &TokInfo, _: &Pair, _: Sim) -> Step {
    if a.text == b.text {
        Step::Decide(Some((MatchKind::Exact, 1.0)))
    } else if a.org_form || b.org_form {
        Step::Decide(None)
    } else {
        Step::Offer(None)
    }
}

/// The token's text, for every token (company forms and joins too).
fn keys(t: &TokInfo, _: KeyUse, out: &mut Vec<u64>) {
    out.push(key_hash(tag::TEXT, t.text.as_bytes()));
}

#[cfg(test)]
mod tests {
    use super::super::token_sim;
    use super::*;

    #[test]
    fn identical_tokens_and_company_forms() {
        let t = |s: &str| TokInfo::from_text(s, s.starts_with('~'));
        assert_eq!(token_sim(&t("qadhafi"), &t("qadhafi")), Some((MatchKind::Exact, 1.0)));
        assert_eq!(token_sim(&t("~llc"), &t("~llc")), Some((MatchKind::Exact, 1.0)));
        assert_eq!(token_sim(&t("~sa"), &t("~llc")), None);
        assert_eq!(token_sim(&t("~llc"), &t("llc")), None);
    }
}
