//! Equivalence groups: nicknames and the same given name in other languages (`Bob` /
//! `Robert`, `Sasha` / `Aleksandr`, [`tables::NAME_GROUPS`]), and the common words of
//! organisation names with their translations and abbreviations (`army` / `jaysh` / `armee`,
//! `mgmt` / `management`, [`tables::ORG_WORD_GROUPS`]), and a country with its other names and
//! demonyms (`iran` / `iranian` / `persia`, [`crate::places`]).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{key_hash, tag, KeyUse, Pair, Rule, Sim, Step};
use crate::score::MatchKind;
use crate::tables;
use crate::token::TokInfo;

/// Similarity of two members of one group.
pub(crate) const EQUIVALENT_SIM: f32 = 0.95;

pub(crate) const RULE: Rule = Rule { kind: MatchKind::Equivalent, sim, keys };

fn sim(_: &TokInfo, _: &TokInfo, p: &Pair, _: Sim) -> Step {
    if p.equivalent {
        Step::Offer(Some((MatchKind::Equivalent, EQUIVALENT_SIM)))
    } else if p.distinct {
        // Two known names of different groups (`Mahmoud` / `Mohamed`, `Hasan` / `Husayn`,
        // `Iran` / `Iraq`) are two names, however alike their letters: no spelling rule after
        // this one may match them, and the names conflict. A relative listed under the family
        // name is not the person ("Mahmoud Kazruni" / "MUHAMMAD KAZRUNI"). The lists
        // themselves write a few people both ways (`Mohamud` / `Mohamed`): a choice.
        Step::Decide(None)
    } else {
        Step::Offer(None)
    }
}

/// Each group of the token (joins too: `Abdel Rahman` written as one word).
fn keys(t: &TokInfo, _: KeyUse, out: &mut Vec<u64>) {
    for g in &t.groups {
        out.push(key_hash(tag::GROUP, &g.to_le_bytes()));
    }
}

/// Whether two tokens share a group.
pub(crate) fn shared(a: &TokInfo, b: &TokInfo) -> bool {
    !a.groups.is_empty() && a.groups.iter().any(|g| b.groups.contains(g))
}

/// Whether two tokens are each a known given name or country, of different groups: two names,
/// not two spellings of one (the common words of organisation names are not concerned:
/// `union` / `unity` may still be spelling variants).
pub(crate) fn distinct(a: &TokInfo, b: &TokInfo) -> bool {
    let names = tables::NAME_GROUPS.len() as u16;
    let countries = names + tables::ORG_WORD_GROUPS.len() as u16;
    let named = |g: &u16| *g < names || *g >= countries;
    (a.groups.iter().any(named) && b.groups.iter().any(named) && !shared(a, b))
        || (gendered(&a.text, &b.text)
            && (a.text.ends_with("io")
                || b.text.ends_with("io")
                || a.groups.iter().chain(&b.groups).any(|g| *g < names)))
}

/// Whether two words are the feminine and the masculine of one Romance given name: the same
/// stem of three letters or more, one ending in `a`, the other in `o`, when the stem ends in
/// `i` (Antonia / Antonio, Julia / Julio) or either is a known given name (Carla / Carlo).
/// Two people, not two spellings; family names that end either way (Labolo / Labola) are
/// left to the spelling rules.
fn gendered(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    x.len() == y.len()
        && x.len() >= 4
        && x[..x.len() - 1] == y[..y.len() - 1]
        && matches!((x[x.len() - 1], y[y.len() - 1]), (b'a', b'o') | (b'o', b'a'))
}

fn group_map() -> &'static HashMap<&'static str, Vec<u16>> {
    static MAP: OnceLock<HashMap<&'static str, Vec<u16>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m: HashMap<&'static str, Vec<u16>> = HashMap::new();
        let countries = crate::places::country_groups();
        let groups = tables::NAME_GROUPS
            .iter()
            .map(|g| g.to_vec())
            .chain(tables::ORG_WORD_GROUPS.iter().map(|g| g.to_vec()))
            .chain(countries);
        for (gi, group) in groups.enumerate() {
            for name in group {
                m.entry(name).or_default().push(gi as u16);
            }
        }
        m
    })
}

/// Whether a token is a common word of organisation names ([`tables::ORG_WORD_GROUPS`]).
pub(crate) fn is_org_word(text: &str) -> bool {
    let first = tables::NAME_GROUPS.len() as u16;
    group_map().get(text).is_some_and(|g| g.iter().any(|g| *g >= first))
}

/// The groups a token belongs to.
pub(crate) fn groups_of(text: &str) -> Vec<u16> {
    group_map().get(text).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::token_sim;
    use super::*;

    fn t(s: &str) -> TokInfo {
        TokInfo::from_text(s, false)
    }

    #[test]
    fn organisation_words_across_languages() {
        let kind = |a: &str, b: &str| token_sim(&t(a), &t(b)).map(|x| x.0);
        for (a, b) in [
            ("movement", "mouvement"),
            ("harakat", "movement"),
            ("jebhat", "front"),
            ("frente", "front"),
            ("ejercito", "army"),
            ("jaysh", "armee"),
            ("banque", "bank"),
            ("banco", "bnk"),
            ("liberacion", "tahrir"),
            ("mgmt", "management"),
            ("islamique", "islamiyah"),
            ("hizb", "partei"),
        ] {
            assert_eq!(kind(a, b), Some(MatchKind::Equivalent), "{a} {b}");
        }
        assert_eq!(kind("army", "front"), None);
        // Two names that share their letters but not their group are two names.
        for (a, b) in [
            ("mahmoud", "mohamed"),
            ("mohamud", "muhammad"),
            ("hassan", "hussein"),
            ("hasan", "husain"),
            ("iran", "iraq"),
            ("abdu", "abu"),
            ("antonia", "antonio"),
            ("julia", "julio"),
        ] {
            assert_eq!(kind(a, b), None, "{a} {b}");
        }
        assert_eq!(kind("mahmud", "mahmood"), Some(MatchKind::Equivalent));
        // Family names ending in either vowel are spellings of one name.
        assert!(kind("labolo", "labola").is_some());
        assert!(is_org_word("shabaka") && !is_org_word("qaida"));
    }
}
