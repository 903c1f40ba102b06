//! What a name score says: the aligned pairs, the tokens left without a partner and what each
//! weighed ([`explain`]), and the public shapes of an explanation.

use serde::Serialize;

use super::{listed_factor, unit_span, MatchKind, NameScore, Pair, Unit};

/// One aligned pair in an explanation.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Alignment {
    /// The query token(s) (normalised; two joined tokens are shown with a space).
    pub query: String,
    /// The listed token(s) (normalised).
    pub listed: String,
    /// How they matched.
    pub kind: MatchKind,
    /// Token similarity in [0, 1].
    pub similarity: f64,
    /// Weight of the query token(s) (rarity in the lists).
    pub query_weight: f64,
    /// Weight of the listed token(s), after the middle-name discount.
    pub listed_weight: f64,
}

/// A token left without a partner.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Unmatched {
    /// The normalised token.
    pub token: String,
    /// Its weight (what it cost).
    pub weight: f64,
}

/// A change of score from a secondary attribute.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Adjustment {
    /// `birth_date`, `nationality` or `document`.
    pub attribute: String,
    /// Added to the score (negative: lowered).
    pub effect: f64,
    /// What was compared.
    pub detail: String,
}

/// Why a hit scored what it did.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Explanation {
    /// Share of the query's weight that was found (similarity-weighted).
    pub coverage: f64,
    /// Share of the listed name's weight that was not found.
    pub listed_miss: f64,
    /// Score from names alone.
    pub name_score: f64,
    /// Query tokens aligned with listed tokens, in query order.
    pub alignments: Vec<Alignment>,
    /// Query tokens not found.
    pub unmatched_query: Vec<Unmatched>,
    /// Listed tokens not found.
    pub unmatched_listed: Vec<Unmatched>,
    /// Secondary-attribute adjustments.
    pub adjustments: Vec<Adjustment>,
    /// When the listed name is no name the list writes but the given name of the primary name
    /// combined with a short alias (a laqab, family name, kunya or nickname): which.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combined: Option<String>,
}

/// A side of a comparison: tokens, their weights and (for the listed side) the middle-name
/// discount.
pub(crate) struct Side<'a> {
    /// The tokens' normalised texts.
    pub tokens: &'a [&'a str],
    pub weights: &'a [f32],
    /// Bits of the tokens that are family names (see [`crate::normalize::NormToken::family`]).
    pub family: u64,
}

fn unit_text(tokens: &[&str], u: Unit) -> String {
    let (i, l) = unit_span(u);
    tokens[i..i + l].join(" ")
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

/// Builds the explanation of a name score.
pub(crate) fn explain(q: &Side<'_>, c: &Side<'_>, person: bool, ns: &NameScore) -> Explanation {
    let m = c.tokens.len();
    let span = unit_span;
    let mut pairs: Vec<&Pair> = ns.pairs.iter().collect();
    pairs.sort_by_key(|p| span(p.q));
    let mut used_q = vec![false; q.tokens.len()];
    let mut used_c = vec![false; m];
    let alignments = pairs
        .iter()
        .map(|p| {
            let (qs, ql) = span(p.q);
            let (cs, cl) = span(p.c);
            used_q[qs..qs + ql].iter_mut().for_each(|u| *u = true);
            used_c[cs..cs + cl].iter_mut().for_each(|u| *u = true);
            Alignment {
                query: unit_text(q.tokens, p.q),
                listed: unit_text(c.tokens, p.c),
                kind: p.kind,
                similarity: round(p.sim),
                query_weight: round(q.weights[qs..qs + ql].iter().sum()),
                listed_weight: round(
                    (cs..cs + cl)
                        .map(|j| c.weights[j] * listed_factor(person, j, m, c.family))
                        .sum(),
                ),
            }
        })
        .collect();
    let unmatched_query = (0..q.tokens.len())
        .filter(|i| !used_q[*i])
        .map(|i| Unmatched { token: q.tokens[i].to_owned(), weight: round(q.weights[i]) })
        .collect();
    let unmatched_listed = (0..m)
        .filter(|j| !used_c[*j])
        .map(|j| Unmatched {
            token: c.tokens[j].to_owned(),
            weight: round(c.weights[j] * listed_factor(person, j, m, c.family)),
        })
        .collect();
    Explanation {
        coverage: round(ns.coverage),
        listed_miss: round(ns.miss),
        name_score: round(ns.score),
        alignments,
        unmatched_query,
        unmatched_listed,
        adjustments: Vec::new(),
        combined: None,
    }
}
