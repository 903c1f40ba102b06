//! Names found in another role (class 9 of issue 14): a word the query gives as a father's
//! name, or as its own given name, found where the listed name has a family name or a
//! father's name. Such a word is the same name but not the same person's: its pair counts as
//! a name across roles ([`ROLE_SWAP`]), as an own name against a father's name does.
//!
//! - [`common_alias`]: the listed name is two words with a common given name ("Ahmed
//!   Ibrahim"): the query's father's name ("Ahmed bin Ibrahim") found as its second word.
//! - [`cross_roles`], father: the listed name, without filiation, has another name in the
//!   father's place between the query's own and father's names ("Mohammed bin Salman" /
//!   "Muhammad Da'ud Salman": son of Da'ud).
//! - [`cross_roles`], own name: the query's own name is found in the listed father's place,
//!   the listed given name before it left unmatched ("Mohammed bin Salman" / "Qais Muhammad
//!   Salman": Qais son of Muhammad son of Salman): the query names the father.
//! - [`cross_roles`], the father first: the query's father's name found as the listed given
//!   name, its own name after it ("Hussein bin Talal" / "Talal Husni"): the listed person is
//!   named as the father is.
//! - [`cross_roles`], the listed father: the query, without filiation, has another name
//!   between the listed own and father's names ("Karim Tarek Samir" / "KARIM OULD
//!   SAMIR": son of Tarek).
//! - [`cross_roles`], turned about: two common names, the query's given name found as the
//!   listed name's last word and another query word in its middle, the listed given name
//!   missing ("Hassan Mahmood" / "Ahmad Mahmood Hassan").

use super::{
    unit_span as span, ListedName, Pair, QueryName, Unit, COMMON_EVIDENCE, MAX_TOKENS, RARE_TOKEN,
    ROLE_SWAP,
};
use crate::normalize::ROLE_COMPOUND_PART;

/// Whether the listed name is a person's name of two words, without filiation, whose given
/// name is common ("Ahmed Ibrahim", "Mohamed Tarabishi": a low-quality alias, or the whole
/// name): it identifies little beyond its second word.
///
/// When both words are common (each below [`RARE_TOKEN`]: "Ahmed Omar"), a query word the
/// alias lacks ("Ahmed Hassan Omar", "Ahmed Petrovich Omar") is a name the query has and the
/// alias does not, not a middle name it may omit: the caller counts it whole, and the alias
/// is not "contained" in the query. With a rarer second word ("Oleh Anatolievich Tsaryov" /
/// "Oleh Tsaryov", "Ali Mohamed Kharroubi" / "Ali Kharoubi") the lists themselves write the
/// longer name of the same person, so the middle name keeps its discount.
pub(super) fn common_alias(query: &QueryName<'_>, listed: &ListedName<'_>) -> bool {
    listed.person
        && !query.syllabic
        && listed.weights.len() == 2
        && listed.weights[0] < RARE_TOKEN
        && listed.roles.iter().all(|r| *r & !ROLE_COMPOUND_PART == 0)
}

/// Lowers the chosen pairs of the words found in another role (see the module's
/// documentation). `used_q` marks the query's tokens found.
pub(super) fn cross_roles(
    query: &QueryName<'_>,
    listed: &ListedName<'_>,
    common_alias: bool,
    chosen: &mut [Pair],
    used_q: &[bool],
) {
    if !listed.person || query.syllabic {
        return;
    }
    let n = query.weights.len().min(MAX_TOKENS);
    let m = listed.weights.len().min(MAX_TOKENS);
    let role = |i: usize| query.roles.get(i).map_or(0, |r| *r & !ROLE_COMPOUND_PART);
    let swap = |chosen: &mut [Pair], i: usize| {
        for p in chosen.iter_mut() {
            if p.q == Unit::Single(i as u16) {
                p.sim *= ROLE_SWAP;
            }
        }
    };
    // The query's father's name found as the second word of a common two-word alias.
    if common_alias {
        let fathers: Vec<usize> = (0..n).filter(|&i| role(i) == 2).collect();
        if let [father] = fathers[..] {
            swap(chosen, father);
        }
    }
    // A query that names the father, against a listed name without filiation.
    if listed.roles.iter().all(|r| *r & !ROLE_COMPOUND_PART == 0) {
        if let Some(father) = (1..n).find(|&i| role(i) == 2 && role(i - 1) == 1) {
            let found_at = |i: usize| partner(chosen, |q, _| q == i).map(|(_, c)| c);
            if let (Some(own), Some(fj)) = (found_at(father - 1), found_at(father)) {
                let unmatched = |j: usize| {
                    !chosen.iter().any(|p| {
                        let (cs, cl) = span(p.c);
                        (cs..cs + cl).contains(&j)
                    })
                };
                let between_unmatched = (own + 1..fj).all(unmatched);
                let before_unmatched = (0..own).all(unmatched);
                // Another name in the father's place: the father is no family name.
                if fj > own + 1 && between_unmatched {
                    swap(chosen, father);
                }
                // The own name in the listed father's place: the query names the father.
                if own > 0 && fj > own && before_unmatched {
                    swap(chosen, father - 1);
                }
                // The father's name found before the own name, as the listed given name
                // ("Hussein bin Talal" / "Talal Husni"): the listed person is named as the
                // father is, and his father as the query's own name.
                if fj < own {
                    swap(chosen, father);
                }
            }
        }
    }
    // A listed name that names the father ("KARIM OULD SAMIR"), against a query without
    // filiation that has another name between the listed own and father's names
    // ("Karim Tarek Samir": son of Tarek): the father is no family name.
    let c_role = |j: usize| listed.roles.get(j).map_or(0, |r| *r & !ROLE_COMPOUND_PART);
    if (0..n).all(|i| role(i) == 0) {
        if let Some(father) = (1..m).find(|&j| c_role(j) == 2 && c_role(j - 1) == 1) {
            let found_as = |j: usize| partner(chosen, |_, c| c == j).map(|(q, _)| q);
            if let (Some(own), Some(qf)) = (found_as(father - 1), found_as(father)) {
                if qf > own + 1 && (own + 1..qf).all(|i| !used_q.get(i).copied().unwrap_or(true)) {
                    swap(chosen, qf);
                }
            }
        }
    }
    // Two common names turned about, the listed given name missing. Only when the words
    // found are common names ([`COMMON_EVIDENCE`]): the lists themselves write rare names
    // so, a given name left out and the others turned ("Yangouvonda Bozize" / "Francois
    // Yangouvonda Bozize").
    let found_weight = query.evidence(used_q);
    if m >= 3 && n >= 2 && found_weight < COMMON_EVIDENCE {
        let is_title = |bits: u64, j: usize| j < 64 && bits & (1u64 << j) != 0;
        let listed_first_found = chosen.iter().any(|p| span(p.c).0 == 0);
        let first_q = (0..n).find(|&i| used_q[i] && !is_title(query.forms[5], i));
        let at = |i: usize| chosen.iter().position(|p| span(p.q).0 == i);
        if let Some(k) = first_q.and_then(at) {
            let (cs, cl) = span(chosen[k].c);
            let middle_found = chosen.iter().any(|p| {
                let (s, _) = span(p.c);
                span(p.q).0 > span(chosen[k].q).0 && s > 0 && s + 1 < m
            });
            if !listed_first_found
                && !is_title(listed.forms[5], 0)
                && cs + cl == m
                && cs > 0
                && middle_found
            {
                chosen[k].sim *= ROLE_SWAP;
            }
        }
    }
}

/// The first pair of two single tokens (query, listed) that `which` picks.
fn partner(chosen: &[Pair], which: impl Fn(usize, usize) -> bool) -> Option<(usize, usize)> {
    chosen.iter().find_map(|p| match (p.q, p.c) {
        (Unit::Single(q), Unit::Single(c)) if which(q as usize, c as usize) => {
            Some((q as usize, c as usize))
        }
        _ => None,
    })
}
