//! Romanisations of one syllable: a Wade-Giles spelling against its pinyin reading, or two
//! spellings sharing one (`Tse-tung` / `Zedong`, `Hsi` / `Xi`); a Hangul syllable against its
//! McCune-Reischauer or South Korean spelling (`jeong` / `jong`). The readings are prepared in
//! [`TokInfo::readings`] (`wade_giles`, `translit::hangul`).

use super::{key_hash, tag, KeyUse, Pair, Rule, Sim, Step};
use crate::score::MatchKind;
use crate::token::TokInfo;

/// Similarity of two romanisations of one syllable.
const ROMANISED_SIM: f32 = 0.9;

pub(crate) const RULE: Rule = Rule { kind: MatchKind::Romanised, sim, keys };

fn sim(a: &TokInfo, b: &TokInfo, _: &Pair, _: Sim) -> Step {
    match same_syllable(a, b) {
        Some(s) => Step::Decide(Some(s)),
        None => Step::Offer(None),
    }
}

/// Whether two tokens are romanisations of one syllable (one's reading is the other, or they
/// share one).
pub(crate) fn same_syllable(a: &TokInfo, b: &TokInfo) -> Sim {
    ((!a.readings.is_empty() || !b.readings.is_empty())
        && (a.readings.contains(&b.text)
            || b.readings.contains(&a.text)
            || a.readings.iter().any(|r| b.readings.contains(r))))
    .then_some((MatchKind::Romanised, ROMANISED_SIM))
}

/// Each reading, as a text key: it finds the token spelled that way and the other tokens with
/// that reading.
fn keys(t: &TokInfo, _: KeyUse, out: &mut Vec<u64>) {
    out.extend(t.readings.iter().map(|r| key_hash(tag::TEXT, r.as_bytes())));
}

#[cfg(test)]
mod tests {
    use super::super::token_sim;
    use super::*;
    use crate::normalize::{normalize, NameStyle};

    #[test]
    fn wade_giles_and_pinyin() {
        let toks = normalize("Mao Tse-tung", NameStyle::Person);
        let infos: Vec<TokInfo> = toks.iter().map(TokInfo::new).collect();
        let pinyin = TokInfo::from_text("zedong", false);
        let joined = TokInfo::join(&toks[1..]).expect("a join");
        assert_eq!(token_sim(&joined, &pinyin).map(|x| x.0), Some(MatchKind::Romanised));
        assert!(infos.iter().any(|t| !t.readings.is_empty()));
    }
}
