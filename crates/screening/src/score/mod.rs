//! Token comparison, order-independent alignment and the name score; what a score says in
//! `explanation`, the adjustments from secondary attributes in `attributes`.

use serde::Serialize;

use crate::normalize::ROLE_COMPOUND_PART;

/// Weight of a company-form token (`~llc`, `~jsc`).
pub(crate) const ORG_FORM_WEIGHT: f32 = 0.15;
/// Share of its weight a common word of an organisation name keeps (`Group`, `Movement`,
/// `Bank`…): a name found but for such a word ("The Organisation of X" / "X") is found.
pub(crate) const GENERIC_WEIGHT: f32 = 0.5;
/// Share of its weight a bracketed qualifier keeps.
pub(crate) const QUALIFIER_WEIGHT: f32 = 0.5;
/// Weight of a one-letter token (an initial).
pub(crate) const INITIAL_WEIGHT: f32 = 0.3;
/// Factor on the similarity of two neighbouring syllables of a syllabic-script query found
/// in the reverse order.
pub(crate) const SYLLABLE_SWAP: f32 = 0.5;
/// Factor on the similarity of a token aligned across filiation roles: "Ahmad bin Hasan" and
/// "Hasan bin Ahmad" are father and son, or brothers, more often than one person.
pub(crate) const ROLE_SWAP: f32 = 0.3;

/// Per kind, bits of a name's first 64 tokens: legal forms, company forms, common words of
/// organisation names, places, bank words, titles that are also names, the heads of "Abd"
/// compounds written apart (`abdul` of "Abdul Rahman"), the words of a trade other than a
/// bank's, and "company" ([`crate::index`]).
pub(crate) type FormBits = [u64; 9];

/// How much a conflict (unmatched tokens on both sides) lowers the score.
pub(crate) const CONFLICT: f32 = 1.5;
/// Share of a middle name's weight that counts when it is missing (patronymics, nasab).
pub(crate) const MIDDLE_NAME: f32 = 0.35;
/// Largest total positive adjustment secondary attributes can give.
pub(crate) const MAX_BONUS: f64 = 0.08 + 0.03 + 0.15;

/// How a query token aligned with a listed token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// Identical after normalisation.
    Exact,
    /// Known equivalent: nickname or the same given name in another language.
    Equivalent,
    /// Same phonetic skeleton (transliteration variant).
    Phonetic,
    /// Same consonant skeleton, a token read from Arabic-script (unvocalised) writing lacking
    /// the short vowels of the other spelling (`qdhafi` / `qadhafi`).
    #[serde(rename = "phonetic (unvocalised)")]
    Unvocalised,
    /// Within a small edit distance (typo).
    Edit,
    /// An initial against a full token.
    Initial,
    /// A different number (series, vintage, unit or hull number): a sibling of the listed
    /// party rather than another name.
    Number,
    /// An organisation's acronym against the words it abbreviates ("PLA" vs "People's
    /// Liberation Army", "U.S." vs "United States").
    Acronym,
    /// The same name with a Latvian, Lithuanian or Greek case ending (`Lavrovs`, `Putinas`,
    /// `Alexandros`).
    Inflected,
    /// Two romanisations of one Chinese or Korean syllable: Wade-Giles and pinyin
    /// (`Tse-tung` / `Zedong`), Revised and McCune-Reischauer (`jeong` / `jong`).
    Romanised,
}

/// A unit on one side: a single token `i`, the join of tokens `i` and `i + 1`, or the `len`
/// words from `i` that an acronym on the other side abbreviates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Unit {
    Single(u16),
    Join(u16),
    /// Tokens `i`, `i + 1` and `i + 2` written as one word.
    Join3(u16),
    Span(u16, u8),
}

/// How many tokens a unit joins into one word (1 for a single token or an acronym's span).
fn joined(u: Unit) -> usize {
    match u {
        Unit::Join(_) => 2,
        Unit::Join3(_) => 3,
        Unit::Single(_) | Unit::Span(..) => 1,
    }
}

/// First token and number of tokens of a unit.
pub(crate) fn unit_span(u: Unit) -> (usize, usize) {
    match u {
        Unit::Single(i) => (i as usize, 1),
        Unit::Join(i) => (i as usize, 2),
        Unit::Join3(i) => (i as usize, 3),
        Unit::Span(i, l) => (i as usize, l as usize),
    }
}

/// For a query written in a syllabic script, the bits `i + 1` of its tokens `i`, `i + 1`
/// that are neighbouring syllables of one given name: the tokens are its syllables in order
/// (one per character), a word of several syllables is a given name, except the first
/// syllable of a name written as one word, the family name (`김정은`: `jeong`, `eun`).
/// 0 when the tokens cannot be traced to the characters.
pub(crate) fn given_name_pairs(name: &str, tokens: usize) -> u64 {
    let words: Vec<usize> = name
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| w.chars().filter(|c| crate::normalize::is_syllabic_script(*c)).count())
        .filter(|n| *n > 0)
        .collect();
    if words.iter().sum::<usize>() != tokens || tokens > MAX_TOKENS {
        return 0;
    }
    let mut bits = 0u64;
    let mut start = 0;
    for &len in &words {
        // The first pair of a name written as one word joins the family name.
        let first = if words.len() == 1 { start + 2 } else { start + 1 };
        for i in first..start + len {
            bits |= 1u64 << i;
        }
        start += len;
    }
    bits
}

/// Drops the pairs of two "Abd" heads ([`FormBits`] bit 6) where the name after the listed
/// head is not found: "Abdul Mahdi" against "Abdallah Mahdi" (`abdal`, `allah`, `mahdi`)
/// pairs the heads, but the listed Abdallah's Allah is found nowhere (the query's Mahdi is the
/// listed name's third word): two different names that share the head of every such name.
/// (The name after a listed head found without the head is no split: the lists themselves
/// shorten Abdul Aziz to Aziz.)
fn drop_split_compounds(
    query: &QueryName<'_>,
    listed: &ListedName<'_>,
    chosen: &mut Vec<Pair>,
    used_q: &mut [bool],
    used_c: &mut [bool],
) {
    const ABD: usize = 6;
    // Most names have no Abd head on one side or the other: nothing to look at.
    if query.forms[ABD] == 0 || listed.forms[ABD] == 0 {
        return;
    }
    let (n, m) = (used_q.len(), used_c.len());
    let head =
        |bits: &FormBits, i: usize, len: usize| i + 1 < len.min(64) && bits[ABD] & (1u64 << i) != 0;
    let mut split = Vec::new();
    chosen.retain(|p| match (p.q, p.c) {
        (Unit::Single(i), Unit::Single(j)) => {
            let (i, j) = (i as usize, j as usize);
            let broken = head(&query.forms, i, n) && head(&listed.forms, j, m) && !used_c[j + 1];
            if broken {
                split.push((i, j));
            }
            !broken
        }
        _ => true,
    });
    for (i, j) in split {
        used_q[i] = false;
        used_c[j] = false;
    }
}

/// Number of words of a name: its tokens but the second parts of compounds (`din` of
/// `Sirajuddin`).
pub(crate) fn words(roles: &[u8]) -> usize {
    roles.iter().filter(|r| *r & ROLE_COMPOUND_PART == 0).count()
}

/// Person names: missing middle tokens of the listed name cost half; a family name is no
/// middle name wherever it stands (`Daniel PEREZ ROJAS`).
pub(crate) fn listed_factor(person: bool, j: usize, m: usize, family: u64) -> f32 {
    if j < 64 && family & (1u64 << j) != 0 {
        1.0
    } else {
        position_factor(person, j, m)
    }
}

/// Share of its weight that a title which is also a name (Sayed, Amir, Agha: kept in a short
/// name, dropped in a longer one) costs when the other name lacks it, in a name of three
/// tokens or more ("Don Johnson" is a given name and a family name).
const TITLE_OMITTED: f32 = 0.2;

/// The factor on the weight of token `i` of a person's name: [`TITLE_OMITTED`] for such a
/// title the other name does not have ("FATTAH, Seyyed Parviz" / "FATTAH QARABAGHI, Seyyed
/// Parviz", where the longer name drops it), 1 otherwise.
fn title_factor(person: bool, bits: &FormBits, i: usize, found: bool) -> f32 {
    if person && !found && i < 64 && bits[5] & (1u64 << i) != 0 {
        TITLE_OMITTED
    } else {
        1.0
    }
}

/// The least share of its weight query token `i` (of `n`) can count for when it is left
/// unmatched: a place or a common word in an organisation's name
/// ([`organisation::place_factor`], [`organisation::least_word_share`]), a title that is
/// also a name in a person's ([`title_factor`]). The index's candidate bounds divide by the
/// query's weight lowered so, to stay above every score.
pub(crate) fn least_weight_share(forms: &FormBits, i: usize, n: usize) -> f32 {
    let place = organisation::place_factor(false, forms, i, false);
    let title = title_factor(n >= 3, forms, i, false);
    let word = organisation::least_word_share(forms, i);
    place.min(title).min(word)
}

/// Person names: missing middle tokens cost half.
pub(crate) fn position_factor(person: bool, j: usize, m: usize) -> f32 {
    if person && m >= 3 && j > 0 && j + 1 < m {
        MIDDLE_NAME
    } else {
        1.0
    }
}

/// Whether a match of this kind is discounted by the rarity of the listed token
/// ([`fuzzy_discount`]): not an exact match, an initial, nor one syllable in two
/// romanisations.
pub(crate) fn discounted(kind: MatchKind) -> bool {
    !matches!(kind, MatchKind::Exact | MatchKind::Initial | MatchKind::Romanised)
}

/// Discounts a fuzzy similarity by the rarity weight of the listed token: unchanged for a rare
/// token, `s^(1/w)` for a common one.
pub(crate) fn fuzzy_discount(s: f32, w: f32) -> f32 {
    s.powf(1.0 / w.clamp(0.25, 1.0))
}

/// Share of their weight that a query's extra tokens cost when the whole listed name is found.
pub(crate) const CONTAINED_EXTRA: f32 = 0.4;
/// The same share for an organisation's name found whole at the opening of the query: the
/// words after a firm's name say what it does or where it is ("VELKOR TRADE DOO NOVI
/// BEOGRAD", "… D.O.O. ZA PROIZVODNJU I USLUGE"), as customer files and the lists add them.
pub(crate) const CONTAINED_EXTRA_ORG: f32 = 0.25;
/// The same share for the query's unmatched leading given name, before a listed name found
/// whole after it.
pub(crate) const CONTAINED_EXTRA_LEADING: f32 = 0.7;
/// Least total weight of a listed name for containment to count (a single common given name
/// is found in many queries).
pub(crate) const CONTAINED_MIN_WEIGHT: f32 = 1.0;

/// Least similarity of every listed token for containment to count (found, not guessed).
pub(crate) const CONTAINED_MIN_SIM: f32 = 0.95;

/// λ: how much the unmatched share of the listed name lowers the score.
const LAMBDA: f32 = 0.5;

/// A token at least this heavy (rarity weight) is a rare name: a short query made of such
/// tokens identifies a long listed name it is wholly found in.
pub(crate) const RARE_TOKEN: f32 = 0.5;
/// Least similarity of every query token for a short query to count as wholly found.
const SHORT_QUERY_MIN_SIM: f32 = 0.75;
/// The most the unmatched share of a long listed name counts when a short query of rare
/// tokens is wholly found in it (so such a hit keeps at least 0.8 of its coverage).
const SHORT_QUERY_MISS: f32 = 0.4;

/// Found query tokens that weigh less than this together (rarity weights: `Abdul` 0.34 and
/// `Rahman` 0.51, `Mohamed` 0.28 and `Ali` 0.09) are common names: little evidence.
pub(crate) const COMMON_EVIDENCE: f32 = 1.0;
/// Scores above this, when only common names were found, are compressed (a quarter of
/// the excess is kept): two common names alone stay below 0.90, and their order among
/// namesakes is kept.
const COMMON_CEILING: f32 = 0.85;
const COMMON_EXCESS: f32 = 0.25;
/// The least share of its score a person's name keeps when only common names were found
/// and a name is left over on either side.
const COMMON_PARTIAL_FLOOR: f32 = 0.5;

struct Pair {
    q: Unit,
    c: Unit,
    kind: MatchKind,
    sim: f32,
}

/// Longest name (in tokens) compared; longer names are cut (no real name comes close).
pub(crate) const MAX_TOKENS: usize = 64;

mod attributes;
mod explanation;
mod organisation;
mod roles;

pub(crate) use attributes::adjustments;
pub(crate) use explanation::{explain, Side};
pub use explanation::{Adjustment, Alignment, Explanation, Unmatched};

/// The result of aligning two names.
pub(crate) struct NameScore {
    pub score: f32,
    /// Whether two organisations' names share only common words, places and forms, no word of
    /// the organisation's own ([`organisation::Words::of`]): then a country the query names
    /// that is none of the listed body's tells two bodies apart (`index::countries`).
    pub generic_only: bool,
    pairs: Vec<Pair>,
    coverage: f32,
    miss: f32,
}

/// The query's side of a name comparison.
pub(crate) struct QueryName<'a> {
    /// Rarity weight of each token.
    pub weights: &'a [f32],
    /// Role of each token (see [`crate::normalize::NormToken::role`]).
    pub roles: &'a [u8],
    /// Whether the query was written in a syllabic script (no middle names).
    pub syllabic: bool,
    /// Neighbouring given-name syllables of one word (see [`given_name_pairs`]).
    pub pairs: u64,
    /// For each token, its length when it may be an acronym (see [`crate::rules::acronym::acronym_len`]); empty: no
    /// acronyms (persons).
    pub acronyms: &'a [u8],
    /// Bits of the tokens that are legal forms, and of those that are any company form: a
    /// legal form one name writes and the other leaves out, when the other keeps no company
    /// form of its own unmatched, is an omission, not a conflict ("Alfa Trading LLC" /
    /// "Alfa General Trading": customer files drop or change the legal form of one company).
    /// Then the bits of the common words of organisation names, of places, of the words for a
    /// bank and of the titles that are also names.
    pub forms: FormBits,
    /// Bits of the tokens that repeat an earlier token of the query ("Abdullah Abdullah"):
    /// found twice, a name is no more evidence than found once ([`QueryName::evidence`]).
    pub repeats: u64,
}

impl QueryName<'_> {
    /// The rarity weight of the query's tokens found (`used`), each name counted once:
    /// below [`COMMON_EVIDENCE`], only common names were found.
    pub(crate) fn evidence(&self, used: &[bool]) -> f32 {
        let repeat = |i: usize| i < 64 && self.repeats & (1u64 << i) != 0;
        (0..used.len().min(self.weights.len()))
            .filter(|&i| used[i] && !repeat(i))
            .map(|i| self.weights[i])
            .sum()
    }
}

/// The listed side of a name comparison.
pub(crate) struct ListedName<'a> {
    /// Rarity weight of each token.
    pub weights: &'a [f32],
    /// Role of each token (see [`crate::normalize::NormToken::role`]).
    pub roles: &'a [u8],
    /// Whether the listed party is a person.
    pub person: bool,
    /// Bits of the tokens that are family names (see [`crate::normalize::NormToken::family`]).
    pub family: u64,
    /// For each token, its length when it may be an acronym; empty: no acronyms.
    pub acronyms: &'a [u8],
    /// Bits of the tokens that are legal forms, and of those that are any company form: a
    /// legal form one name writes and the other leaves out, when the other keeps no company
    /// form of its own unmatched, is an omission, not a conflict ("Alfa Trading LLC" /
    /// "Alfa General Trading": customer files drop or change the legal form of one company).
    /// Then the bits of the common words of organisation names, of places, of the words for a
    /// bank and of the titles that are also names.
    pub forms: FormBits,
}

/// Aligns query and listed tokens and computes the name score. `sim` compares units (it is
/// memoised by the caller); joins are only compared with singles. Each token that may be an
/// acronym (the sides' `acronyms`) is compared with the spans of as many words on the other
/// side.
pub(crate) fn score_names(
    query: &QueryName<'_>,
    listed: &ListedName<'_>,
    mut sim: impl FnMut(Unit, Unit) -> Option<(MatchKind, f32)>,
) -> NameScore {
    let (q_weights, c_weights) = (query.weights, listed.weights);
    let (q_roles, c_roles) = (query.roles, listed.roles);
    let (person, q_syllabic, q_pairs, c_family) =
        (listed.person, query.syllabic, query.pairs, listed.family);
    let acronyms = (query.acronyms, listed.acronyms);
    let (n, m) = (q_weights.len().min(MAX_TOKENS), c_weights.len().min(MAX_TOKENS));
    let (q_weights, c_weights) = (&q_weights[..n], &c_weights[..m]);
    let empty =
        NameScore { score: 0.0, generic_only: false, pairs: Vec::new(), coverage: 0.0, miss: 1.0 };
    if n == 0 || m == 0 {
        return empty;
    }
    let mut pairs: Vec<Pair> = Vec::with_capacity(n * m * 2);
    for i in 0..n {
        for j in 0..m {
            if let Some((kind, mut s)) = sim(Unit::Single(i as u16), Unit::Single(j as u16)) {
                let qr = q_roles.get(i).copied().unwrap_or(0) & !ROLE_COMPOUND_PART;
                let cr = c_roles.get(j).copied().unwrap_or(0) & !ROLE_COMPOUND_PART;
                if qr != 0 && cr != 0 && qr != cr {
                    // Own name against father's name (or the reverse): "A bin B" is not "B bin A".
                    s *= ROLE_SWAP;
                }
                pairs.push(Pair {
                    q: Unit::Single(i as u16),
                    c: Unit::Single(j as u16),
                    kind,
                    sim: s,
                });
            }
        }
    }
    if n >= 2 {
        for i in 0..n - 1 {
            for j in 0..m {
                if let Some((kind, s)) = sim(Unit::Join(i as u16), Unit::Single(j as u16)) {
                    if kind != MatchKind::Initial {
                        pairs.push(Pair {
                            q: Unit::Join(i as u16),
                            c: Unit::Single(j as u16),
                            kind,
                            sim: s,
                        });
                    }
                }
            }
        }
    }
    if m >= 2 {
        for i in 0..n {
            for j in 0..m - 1 {
                if let Some((kind, s)) = sim(Unit::Single(i as u16), Unit::Join(j as u16)) {
                    if kind != MatchKind::Initial {
                        pairs.push(Pair {
                            q: Unit::Single(i as u16),
                            c: Unit::Join(j as u16),
                            kind,
                            sim: s,
                        });
                    }
                }
            }
        }
    }
    // Three tokens written as one word on either side ("Nam Chon Gang" / "Namchongang").
    for i in 0..n.saturating_sub(2) {
        for j in 0..m {
            let (q, c) = (Unit::Join3(i as u16), Unit::Single(j as u16));
            if let Some((kind, s)) = sim(q, c) {
                pairs.push(Pair { q, c, kind, sim: s });
            }
        }
    }
    for i in 0..n {
        for j in 0..m.saturating_sub(2) {
            let (q, c) = (Unit::Single(i as u16), Unit::Join3(j as u16));
            if let Some((kind, s)) = sim(q, c) {
                pairs.push(Pair { q, c, kind, sim: s });
            }
        }
    }
    for (i, &l) in acronyms.0.iter().enumerate().take(n) {
        for j in 0..(m + 1).saturating_sub(l as usize) {
            let (q, c) = (Unit::Single(i as u16), Unit::Span(j as u16, l));
            if let Some((kind, s)) = sim(q, c) {
                pairs.push(Pair { q, c, kind, sim: s });
            }
        }
    }
    for (j, &l) in acronyms.1.iter().enumerate().take(m) {
        for i in 0..(n + 1).saturating_sub(l as usize) {
            let (q, c) = (Unit::Span(i as u16, l), Unit::Single(j as u16));
            if let Some((kind, s)) = sim(q, c) {
                pairs.push(Pair { q, c, kind, sim: s });
            }
        }
    }
    // Initials and different numbers only support a match made by other tokens.
    if !pairs.iter().any(|p| !matches!(p.kind, MatchKind::Initial | MatchKind::Number)) {
        return empty;
    }
    // A fuzzy match on a common token is more often a coincidence (the token has many
    // neighbours in the lists): discount it by the listed token's rarity. An initial is no
    // more a coincidence against a common name than against a rare one: it keeps its own
    // (low) similarity. Nor is one syllable in two romanisations (`gu` / `ku`, `byeong` /
    // `pyong`): the same syllable, read by a table, not a resemblance of letters.
    for p in &mut pairs {
        if discounted(p.kind) {
            let (cs, cl) = unit_span(p.c);
            let w = c_weights[cs..cs + cl].iter().sum();
            p.sim = fuzzy_discount(p.sim, w);
        }
    }
    let span = unit_span;
    let weight_of = |w: &[f32], u: Unit| {
        let (s, l) = span(u);
        w[s..s + l].iter().sum::<f32>()
    };
    // Best pairs first; on ties prefer singles, then heavier tokens, then query order.
    pairs.sort_unstable_by(|a, b| {
        b.sim
            .total_cmp(&a.sim)
            .then_with(|| joined(a.q).cmp(&joined(b.q)))
            .then_with(|| joined(a.c).cmp(&joined(b.c)))
            .then_with(|| {
                (weight_of(q_weights, b.q) + weight_of(c_weights, b.c))
                    .total_cmp(&(weight_of(q_weights, a.q) + weight_of(c_weights, a.c)))
            })
            .then_with(|| span(a.q).cmp(&span(b.q)))
            .then_with(|| span(a.c).cmp(&span(b.c)))
    });
    let mut used_q = [false; MAX_TOKENS];
    let mut used_c = [false; MAX_TOKENS];
    let mut chosen: Vec<Pair> = Vec::with_capacity(n.min(m));
    for p in pairs {
        let (qs, ql) = span(p.q);
        let (cs, cl) = span(p.c);
        if used_q[qs..qs + ql].iter().any(|u| *u) || used_c[cs..cs + cl].iter().any(|u| *u) {
            continue;
        }
        used_q[qs..qs + ql].iter_mut().for_each(|u| *u = true);
        used_c[cs..cs + cl].iter_mut().for_each(|u| *u = true);
        chosen.push(p);
    }
    // In a name written in a syllabic script the order of the given name's syllables is
    // part of the name: two neighbouring syllables of one word found in the reverse order
    // ("민석", Min-seok, against "So'k-min") are another given name. `q_pairs` has bit `i + 1`
    // set when query tokens `i` and `i + 1` are such syllables.
    if q_pairs != 0 {
        let single = |u: Unit| match u {
            Unit::Single(i) => Some(i as usize),
            _ => None,
        };
        let at: Vec<(usize, usize)> =
            chosen.iter().filter_map(|p| Some((single(p.q)?, single(p.c)?))).collect();
        // (i, j) then (i + 1, j - 1): both syllables are swapped.
        let reversed = |(i, j): (usize, usize), (i2, j2): (usize, usize)| {
            i2 == i + 1 && j2 + 1 == j && q_pairs & (1u64 << i2) != 0
        };
        let swapped: Vec<usize> = at
            .iter()
            .filter(|a| at.iter().any(|b| reversed(**a, *b) || reversed(*b, **a)))
            .map(|(i, _)| *i)
            .collect();
        for p in &mut chosen {
            if single(p.q).is_some_and(|i| swapped.contains(&i)) {
                p.sim *= SYLLABLE_SWAP;
            }
        }
    }
    // An "Abd" compound is one name, its head and the name after it ("Abdul Mahdi", Abd
    // al-Mahdi): a head found as the listed name's head counts only with the name after it
    // ("Abdul Mahdi" is not "ABDALLAH MAHDI", whose Mahdi is another name).
    if person {
        drop_split_compounds(query, listed, &mut chosen, &mut used_q[..n], &mut used_c[..m]);
    }
    // Class 9: names the query holds in another role than the listed name ([`roles`]).
    let common_alias = roles::common_alias(query, listed);
    roles::cross_roles(query, listed, common_alias, &mut chosen, &used_q[..n]);
    let extra_word =
        common_alias && words(q_roles) >= 3 && c_weights.iter().all(|w| *w < RARE_TOKEN);
    // Middle names of a person cost little on either side. A name in a syllabic script has
    // no middle names: its inner tokens are syllables of the given name.
    let mut q_eff = [0.0f32; MAX_TOKENS];
    for (i, (e, w)) in q_eff.iter_mut().zip(q_weights).enumerate() {
        let f = if extra_word && !used_q[i] {
            1.0
        } else {
            position_factor(person && !q_syllabic, i, n)
        };
        let title = title_factor(person && n >= 3, &query.forms, i, used_q[i]);
        *e = w * f * title * organisation::place_factor(person, &query.forms, i, used_q[i]);
    }
    let q_eff = &q_eff[..n];
    let qtot: f32 = q_eff.iter().sum();
    let mut matched_q = 0.0f32;
    let mut c_sim = [0.0f32; MAX_TOKENS];
    for p in &chosen {
        matched_q += p.sim * weight_of(q_eff, p.q);
        let (cs, cl) = span(p.c);
        for s in &mut c_sim[cs..cs + cl] {
            *s = p.sim;
        }
    }
    let mut ctot = 0.0f32;
    let mut cmiss = 0.0f32;
    let mut cabsent = 0.0f32;
    for j in 0..m {
        let place = organisation::place_factor(person, &listed.forms, j, c_sim[j] > 0.0);
        let title = title_factor(person && m >= 3, &listed.forms, j, c_sim[j] > 0.0);
        let w = c_weights[j] * listed_factor(person, j, m, c_family) * place * title;
        ctot += w;
        cmiss += (1.0 - c_sim[j]) * w;
        if c_sim[j] == 0.0 {
            cabsent += w;
        }
    }
    let coverage = if qtot > 0.0 { (matched_q / qtot).min(1.0) } else { 0.0 };
    let miss = if ctot > 0.0 { (cmiss / ctot).clamp(0.0, 1.0) } else { 0.0 };
    // Conflict: both names keep tokens the other lacks entirely ("Ahmed" here, "Mohamed"
    // there): a different name in the same slot, stronger evidence against than an omission.
    // Unlike omissions, conflicts are not discounted in the middle of a name.
    let q_raw: f32 = q_weights.iter().sum();
    let c_raw: f32 = c_weights.iter().sum();
    let is_form = |bits: u64, i: usize| i < 64 && bits & (1u64 << i) != 0;
    // "Company" (a legal form and a common word at once, [`FormBits`] bit 8) is left out as a
    // common word is, unless the other name keeps a descriptive company form (international,
    // trading, trust): "ABC International" / "A.B.C. Company" stay two, and then it counts
    // as the company form it is.
    let descriptive = |bits: &FormBits, i: usize| is_form(bits[1], i) && !is_form(bits[0], i);
    let q_desc_left = (0..n).any(|i| !used_q[i] && descriptive(&query.forms, i));
    let c_desc_left = (0..m).any(|j| c_sim[j] == 0.0 && descriptive(&listed.forms, j));
    let general = |bits: &FormBits, i: usize| is_form(bits[8], i);
    // Whether a side keeps an unmatched company form of any kind (legal or descriptive).
    let q_forms_left = (0..n).any(|i| {
        !used_q[i] && (is_form(query.forms[1], i) || (c_desc_left && general(&query.forms, i)))
    });
    let c_forms_left = (0..m).any(|j| {
        c_sim[j] == 0.0
            && (is_form(listed.forms[1], j) || (q_desc_left && general(&listed.forms, j)))
    });
    // A legal form only one side writes is an omission; two different forms, legal or
    // descriptive, stay a conflict ("Deutsche Bank AG" / "Deutsche Bank GmbH" are two
    // companies, "X International" / "X Company" too).
    let q_form = |i: usize| !c_forms_left && is_form(query.forms[0], i);
    let c_form = |j: usize| !q_forms_left && is_form(listed.forms[0], j);
    // Organisations (classes 6 and 9): what the words found and left say.
    let org = organisation::Words::of(person, query, listed, &chosen, &used_q[..n], &c_sim[..m]);
    // A title that is also a name, before two names or more, is no name of its own.
    let title = |bits: &FormBits, i: usize, len: usize| person && len >= 3 && is_form(bits[5], i);
    let q_omits = |i: usize| {
        !(c_desc_left && general(&query.forms, i))
            && (q_form(i) || org.omits(&query.forms, i) || title(&query.forms, i, n))
    };
    let c_omits = |j: usize| {
        !(q_desc_left && general(&listed.forms, j))
            && (c_form(j) || org.omits(&listed.forms, j) || title(&listed.forms, j, m))
    };
    let q_left: f32 =
        (0..n).filter(|i| !(used_q[*i] || q_omits(*i))).map(|i| q_weights[i]).sum::<f32>()
            / q_raw.max(f32::EPSILON);
    let c_left: f32 =
        (0..m).filter(|j| !(c_sim[*j] > 0.0 || c_omits(*j))).map(|j| c_weights[j]).sum::<f32>()
            / c_raw.max(f32::EPSILON);
    // A syllable of a syllabic-script query the listed name lacks is another given name:
    // a conflict even when the listed name has nothing left over ("유진 류", Ryu Yu-jin, is
    // not "RYU Jin").
    let conflict = if q_syllabic { q_left } else { q_left.min(c_left) };
    let mut coverage = coverage;
    let mut miss = miss;
    // A common word of an organisation's name one side leaves out, once the organisation's
    // own word is found, describes the body: it costs part of its weight (class 6).
    if !person {
        let cut = 1.0 - organisation::WORD_OMITTED;
        let q_cut: f32 = (0..n)
            .filter(|&i| {
                !used_q[i]
                    && org.describes(&query.forms, i)
                    && !(c_desc_left && general(&query.forms, i))
            })
            .map(|i| cut * q_eff[i])
            .sum();
        let c_cut: f32 = (0..m)
            .filter(|&j| {
                c_sim[j] == 0.0
                    && org.describes(&listed.forms, j)
                    && !(q_desc_left && general(&listed.forms, j))
            })
            .map(|j| cut * c_weights[j] * listed_factor(person, j, m, c_family))
            .sum();
        if q_cut > 0.0 && qtot - q_cut > 0.0 {
            coverage = (matched_q / (qtot - q_cut)).min(1.0);
        }
        if c_cut > 0.0 && ctot - c_cut > 0.0 {
            miss = ((cmiss - c_cut) / (ctot - c_cut)).clamp(0.0, 1.0);
        }
    }
    // Rare on both sides: a rare query word found as a rare listed word.
    let rare_words = chosen
        .iter()
        .filter(|p| {
            weight_of(q_weights, p.q) >= RARE_TOKEN && weight_of(c_weights, p.c) >= RARE_TOKEN
        })
        .count();
    // A given name the list does not carry, in front of the whole listed name ("Charles
    // Muhindo Akili Mundos" / "MUHINDO AKILI MUNDOS", "Yves Khawa Panga Mandro" / "KHAWA
    // PANGA MANDRO"): a Christian or a customary first name, when the listed name has three words and
    // two rare ones to identify it. With only common words ("Ahmed Ali Hassan" / "Ali
    // Hassan") it reads as a son named after his father, and before a name of two words
    // ("Andrew Daniel Moreno" / "MORENO, Daniel") as a given name and a middle name: either
    // way another person, so it stays unmatched.
    // The first name may be written as two ("Jean-Pierre").
    let first_used = (0..n).find(|&i| used_q[i]).unwrap_or(n);
    let leading_extra = (1..=2).contains(&first_used)
        && words(c_roles) >= 3
        && q_roles[..first_used].iter().all(|r| *r & !ROLE_COMPOUND_PART == 0)
        && chosen.iter().any(|p| span(p.q).0 == first_used && span(p.c).0 == 0)
        && rare_words >= 2;
    let org_contained = org.contained(&query.forms, &used_q[..n]);
    // A listed name that is one Abd compound alone ("Abdurrahman", a given name shared by many)
    // is one name, not two that a longer query could contain.
    let lone_compound = m == 2 && listed.forms[6] & 1 != 0;
    let person_contained = person
        && !q_syllabic
        && !extra_word
        && words(c_roles) >= 2
        && !lone_compound
        && (used_q[0] || leading_extra);
    if (person_contained || org_contained)
        && c_sim[..m].iter().all(|s| *s >= CONTAINED_MIN_SIM)
        && c_raw >= CONTAINED_MIN_WEIGHT
    {
        // The whole listed name is found in the query, starting with the query's given name:
        // the query's extra tokens are more likely names the list omits (a clan name, a
        // grandfather, a title) than another person, as long as the listed name is
        // distinctive on its own. Not for syllabic scripts, where the extra syllable is part
        // of the given name, nor when the query's given name is the missing part.
        let matched_raw: f32 = chosen.iter().map(|p| p.sim * weight_of(q_weights, p.q)).sum();
        let used_raw: f32 = (0..n).filter(|i| used_q[*i]).map(|i| q_weights[i]).sum();
        let extra = q_raw - used_raw;
        // A leading given name the list lacks weighs more than other extra names: it may be
        // a son's own name before his father's (ranked below the son's own listing).
        let discount = match (used_q[0], person) {
            (false, _) => CONTAINED_EXTRA_LEADING,
            (true, true) => CONTAINED_EXTRA,
            (true, false) => CONTAINED_EXTRA_ORG,
        };
        let contained = matched_raw / (used_raw + discount * extra).max(f32::EPSILON);
        coverage = coverage.max(contained.min(1.0));
    }
    // A name written in a syllabic script is written whole: a syllable of the listed name it
    // lacks is another given name ("陈想" is not "CHEN Mei Hsiang"), not an omission, and
    // costs its whole weight.
    let mut absent = if q_syllabic && ctot > 0.0 { (1.0 - LAMBDA) * cabsent / ctot } else { 0.0 };
    // Of two family names (`PEREZ ROJAS, Daniel`), the first is the one a person goes by: a
    // query that has only the second ("Daniel Rojas") lacks the name, not an extra.
    let family: Vec<usize> = (0..m.min(64)).filter(|j| c_family & (1u64 << j) != 0).collect();
    if person
        && !q_syllabic
        && family.len() >= 2
        && c_sim[family[0]] == 0.0
        && family[1..].iter().any(|j| c_sim[*j] > 0.0)
        && ctot > 0.0
    {
        absent += (1.0 - LAMBDA) * c_weights[family[0]] / ctot;
    }
    // A short query of rare names wholly found in a long listed name ("Malek Ruben" against
    // "MALEK REUBEN RIAK RENGU"): the listed name's other tokens are
    // names the query omits (father's, grandfather's, a lineage), not evidence against, so
    // their unmatched share counts at most `SHORT_QUERY_MISS`. Only when at least two query
    // words are rare and every query token is found: two common names found in a long name
    // are a coincidence.
    let all_found = (0..n).all(|i| used_q[i]);
    // The listed name's given name (its first word) and the words the list marks as family
    // names must be among those found: a query that lacks them names someone else who shares
    // two names ("Carlos Ortega" is not "ORTEGA MURILLO, Juan Carlos").
    let family_found = (0..m.min(64)).all(|j| c_family & (1u64 << j) == 0 || c_sim[j] > 0.0);
    let short_rare = person
        && !q_syllabic
        && all_found
        && rare_words >= 2
        && m > n
        && c_sim[0] > 0.0
        && family_found
        && chosen.iter().all(|p| p.sim >= SHORT_QUERY_MIN_SIM);
    let miss_eff = if short_rare { miss.min(SHORT_QUERY_MISS) } else { miss };
    let mut score =
        (coverage * (1.0 - LAMBDA * miss_eff - absent) - CONFLICT * conflict).clamp(0.0, 1.0);
    score = org.cap(score);
    // Only common names found ("Abdul Rahman", "Mohamed Ali"): many listed people share
    // them, so the name alone never makes a near-certain match.
    // A query word found only as an initial (the list's `A` for "Abiy") is one letter of
    // evidence, not a name found.
    let mut by_initial = [false; MAX_TOKENS];
    for p in chosen.iter().filter(|p| p.kind == MatchKind::Initial) {
        let (qs, ql) = span(p.q);
        by_initial[qs..qs + ql].iter_mut().for_each(|b| *b = true);
    }
    let mut named = [false; MAX_TOKENS];
    for i in 0..n {
        named[i] = used_q[i] && !by_initial[i];
    }
    let found = query.evidence(&named[..n]);
    if found < COMMON_EVIDENCE && score > COMMON_CEILING {
        score = COMMON_CEILING + COMMON_EXCESS * (score - COMMON_CEILING);
    }
    // Only common names found (each below `RARE_TOKEN`), and a name left over on either
    // side ("Ahmed Hassan" / "AHMED MAHMOUD HASSAN", "Abdullah Abdullah" / "ABDULLAH,
    // Abdullah Ahmed"): the names found are shared by many people, and the name left is
    // what would tell them apart. The score counts in proportion to the evidence found
    // (down to half).
    let all_common = (0..n).all(|i| !named[i] || q_weights[i] < RARE_TOKEN);
    if person && found < COMMON_EVIDENCE && all_common {
        let q_rest = (0..n).any(|i| (!used_q[i] && !q_omits(i)) || by_initial[i]);
        let c_rest = (0..m).any(|j| c_sim[j] == 0.0 && !c_omits(j));
        if q_rest || c_rest {
            score *= (found / COMMON_EVIDENCE).max(COMMON_PARTIAL_FLOOR);
        }
    }
    NameScore { score, generic_only: org.generic_only(), pairs: chosen, coverage, miss }
}
