//! The candidate index: an immutable snapshot of normalised listed names, token rarity (IDF),
//! and retrieval keys (phonetic skeletons, name-group ids, edit-distance deletion variants and
//! initials) pointing to vocabulary tokens and from there to names.
//!
//! Retrieval is complete for the scoring function: every listed token that can match a query
//! token (other than a query initial against a full listed token, which is accounted for in the
//! bound) shares a key with it, and a candidate is only skipped when an upper bound of its score
//! is below the threshold. [`Index::search_exhaustive`] scores every name and is the reference
//! the property tests compare against.

use std::cell::RefCell;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use crate::normalize::{self, NameStyle};
use crate::rules::acronym::{
    acronym_len, acronym_sim, listed_keys as acronym_keys, query_acronym_key, query_runs,
};
use crate::rules::initial::INITIAL_SIM;
use crate::rules::joined::{runs as joined, unit_sim};
use crate::rules::number::NUMBER_SIM;
use crate::rules::token_keys;
use crate::score::{
    self, adjustments, score_names, FormBits, ListedName, MatchKind, QueryName, Side, Unit,
    GENERIC_WEIGHT, INITIAL_WEIGHT, MAX_BONUS, ORG_FORM_WEIGHT, QUALIFIER_WEIGHT,
};
use crate::token::TokInfo;
use crate::{tables, Hit, Kind, Options, Query, Record};

/// Longest query considered, in tokens (masks keep 32 bits per level).
const MAX_QUERY_TOKENS: usize = 24;

/// Candidate masks have two levels: a token matched at all (low 32 bits) and a token matched
/// with an effective similarity above this (high 32 bits).
const WEAK_BOUND: f32 = 0.85;

struct Vocab {
    tok: TokInfo,
    /// Whether this entry is the join of two adjacent listed tokens.
    join: bool,
}

struct NameEntry {
    record: u32,
    name_idx: u16,
    person: bool,
    tokens: Vec<u32>,
    joins: Vec<u32>,
    /// Three neighbouring tokens written as one word.
    joins3: Vec<u32>,
    weights: Vec<f32>,
    roles: Vec<u8>,
    /// Bits of the tokens that are family names.
    family: u64,
    /// Bits of the legal forms and of every company form (see [`form_bits`]).
    forms: FormBits,
    /// The acronyms that one of the record's names spells out ("ASC" beside "AFGHAN SUPPORT
    /// COMMITTEE"): such an acronym stands for those words, so other words with the same
    /// initials are another body (see [`spelled_acronyms`]). Empty for most.
    spelled: Box<[Spelled]>,
    /// Whether this entry is the given name of the record's primary name combined with the
    /// alias `name_idx` (see [`combined_name`]), not a name the list writes.
    combined: bool,
}

/// [`Index::containable`]: a name found whole anywhere in a longer query.
const CONTAINABLE_ANYWHERE: u8 = 1;
/// [`Index::containable`]: a name found whole at the opening of a longer query, its first two
/// tokens among those found.
const CONTAINABLE_OPENING: u8 = 2;

/// A person's given name combined with an alias of one word ("Ahmed" of "AHMED OMAR
/// AL-FITURI" with the alias "Al-Dabbashi"): the press writes a person's given name with the
/// name they are known by (a laqab, a family name, a nickname), which the lists give as an
/// alias of its own. `primary` is the primary name's tokens, `alias` an alias's. `None`
/// unless the alias is one word other than the given name, and both names are read from
/// alphabetic scripts with vowels (a syllabic or unvocalised name is written whole). The
/// index keeps the combination only when the alias is a rare word ([`score::RARE_TOKEN`]): a
/// common one ("Hassan") names too many people.
fn combined_name(
    primary: &[normalize::NormToken],
    alias: &[normalize::NormToken],
) -> Option<Vec<normalize::NormToken>> {
    let given = primary.iter().find(|t| !t.family && !t.org_form)?;
    let plain = |t: &normalize::NormToken| !t.syllabic && !t.unvocalised && !t.org_form;
    let words = score::words(&alias.iter().map(|t| t.role).collect::<Vec<_>>());
    if primary.len() < 2
        || words != 1
        || !plain(given)
        || given.text.len() < 2
        || !alias.iter().all(plain)
        || alias.iter().any(|t| t.text == given.text)
    {
        return None;
    }
    let mut out = Vec::with_capacity(alias.len() + 1);
    out.push(normalize::NormToken { role: 0, family: false, ..given.clone() });
    out.extend(alias.iter().cloned());
    Some(out)
}

/// Bits of the tokens that are family names (the first 64 tokens).
fn family_bits(toks: &[normalize::NormToken]) -> u64 {
    toks.iter().take(64).enumerate().filter(|(_, t)| t.family).fold(0, |b, (i, _)| b | 1u64 << i)
}

/// Bits of the tokens (the first 64) that are legal forms ([`tables::LEGAL_FORMS`]), of those
/// that are any company form (`~…`; a group is a legal form and a common word), of the
/// common words of organisation names
/// ([`tables::ORG_WORD_GROUPS`], whether or not the name weighs them as generic) other than
/// places, of places, of the words for a bank ([`tables::BANK_WORDS`]), and of the titles
/// that are also names ([`tables::AMBIGUOUS_HONORIFICS`], kept in a short person's name)
/// ([`crate::places`]), of the heads of "Abd" compounds, and of the words of a trade other than
/// a bank's ([`crate::rules::equivalence::is_trade_word`]).
fn form_bits<'a>(toks: impl IntoIterator<Item = &'a str>) -> FormBits {
    let mut bits = [0u64; 9];
    for (i, t) in toks.into_iter().take(64).enumerate() {
        if tables::contains(tables::LEGAL_FORMS, t) {
            bits[0] |= 1u64 << i;
        }
        // A group describes the body as a common word does ("Wagner Group" / "PMC WAGNER"):
        // no company form of its own to conflict with another; left out, it is as a legal
        // form left out, and no common word left that would make two bodies.
        // So does "company" (corporation, incorporated), the legal form every company has:
        // no legal form conflicts with it ("Aman Holding JSC" / "AMAN HOLDING COMPANY"), but
        // a descriptive form the other name keeps still does ("X International" / "X
        // Company": bit 8, `score::score_names`).
        if t == "~group" || t == "~co" {
            bits[0] |= 1u64 << i;
            bits[2] |= 1u64 << i;
            if t == "~co" {
                bits[8] |= 1u64 << i;
            }
        } else if t.starts_with('~') {
            bits[1] |= 1u64 << i;
        }
        if crate::places::is_place(t) {
            bits[3] |= 1u64 << i;
        } else if crate::rules::equivalence::is_org_word(t) {
            bits[2] |= 1u64 << i;
            // A trade is a common word of organisation names: only those are looked up.
            if crate::rules::equivalence::is_trade_word(t) {
                bits[7] |= 1u64 << i;
            }
        }
        if tables::contains(tables::BANK_WORDS, t) {
            bits[4] |= 1u64 << i;
        }
        if tables::contains(tables::AMBIGUOUS_HONORIFICS, t) {
            bits[5] |= 1u64 << i;
        }
        // The head of an "Abd" compound as normalisation leaves it (`abdul`, `abdel`, `abdur`,
        // `abd`): a name of its own is longer.
        if t.starts_with("abd") && t.len() <= 6 {
            bits[6] |= 1u64 << i;
        }
    }
    bits
}

/// Figures about an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    /// Records indexed.
    pub records: usize,
    /// Distinct normalised names indexed.
    pub names: usize,
    /// Distinct tokens (and joined token pairs).
    pub vocabulary: usize,
    /// Retrieval keys.
    pub keys: usize,
}

/// An immutable index of listed names. Build once per list version; share as `Arc<Index>`.
pub struct Index {
    records: Vec<Record>,
    names: Vec<NameEntry>,
    vocab: Vec<Vocab>,
    /// Retrieval keys, sorted, and beside each the vocabulary entry it points to.
    keys: Vec<u64>,
    key_vocab: Vec<u32>,
    /// Where the keys with each value of their top [`KEY_DIR_BITS`] bits start in `keys` (one
    /// more entry at the end): a lookup searches one bucket of about ten keys instead of the
    /// whole sorted array.
    key_dir: Vec<u32>,
    /// Names of each vocabulary entry: `posting_names[posting_start[v]..posting_start[v + 1]]`
    /// (one flat array: one memory access per entry, not a vector header and its heap).
    posting_start: Vec<u32>,
    posting_names: Vec<u32>,
    /// Per name, when the containment bound applies to it if the query is not syllabic:
    /// [`CONTAINABLE_ANYWHERE`] for a person's name of two or more words,
    /// [`CONTAINABLE_OPENING`] for an organisation's name of two tokens or more (found whole
    /// at the opening of the query, `score::organisation::Words::contained`), 0 otherwise.
    /// Read by the candidate bound for every touched name, so kept apart from [`NameEntry`]
    /// (one byte per name instead of a pointer chase to its roles).
    containable: Vec<u8>,
    df: FxMap<String, u32>,
    n_records: u32,
    /// Rarity weight of each vocabulary entry (see [`Index::rarity_weight`]).
    vocab_weights: Vec<f32>,
    /// Unique in the process: names this index in the per-thread [`UnitCache`].
    id: u64,
    /// Per record, where the listed body is ([`countries::of_record`]).
    record_countries: Vec<Vec<countries::Code>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("stats", &self.stats()).finish()
    }
}

/// Keys and the per-query maps use the "Fx" multiply-rotate hash of `rustc-hash`: small and
/// fast, not cryptographic; collisions only cost time, never correctness (candidates are
/// re-scored).
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Per record, the score of its best name, that name, and whether it shares only common words
/// with the query ([`score::NameScore::generic_only`]).
type Best = FxMap<u32, (f32, usize, bool)>;

fn style_for(kind: Kind) -> NameStyle {
    kind.style()
}

fn kind_allowed(query: Option<Kind>, record: Kind) -> bool {
    match query {
        None => true,
        Some(Kind::Person) => record == Kind::Person,
        Some(_) => record != Kind::Person,
    }
}

/// A query, normalised and weighed against an index.
struct Prepared {
    tokens: Vec<TokInfo>,
    roles: Vec<u8>,
    joins: Vec<TokInfo>,
    joins3: Vec<TokInfo>,
    weights: Vec<f32>,
    bonus: f64,
    /// Whether the query was written in a syllabic script (no middle names).
    syllabic: bool,
    /// Neighbouring given-name syllables of one word (see [`score::given_name_pairs`]).
    pairs: u64,
    /// Acronym length of each token (see [`acronym_len`]); empty for a person query.
    acr: Vec<u8>,
    /// Bits of the legal forms and of every company form (see [`form_bits`]).
    forms: FormBits,
    /// Bits of the tokens that repeat an earlier token of the query (see
    /// [`QueryName::repeats`]).
    repeats: u64,
    /// The countries the query's name names ([`countries::named`]).
    countries: Vec<countries::Code>,
}

impl Prepared {
    /// The query's side of a name comparison, with the acronym lengths that apply to it.
    fn query_name<'a>(&'a self, acronyms: &'a [u8]) -> QueryName<'a> {
        QueryName {
            weights: &self.weights,
            roles: &self.roles,
            syllabic: self.syllabic,
            pairs: self.pairs,
            acronyms,
            forms: self.forms,
            repeats: self.repeats,
        }
    }
}

/// Per-thread scratch space for candidate masks.
struct Scratch {
    masks: Vec<u64>,
    touched: Vec<u32>,
    /// Vocabulary ids that match some query unit (bitset), for a fast "no match" answer.
    matched: Vec<u64>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = const { RefCell::new(Scratch { masks: Vec::new(), touched: Vec::new(), matched: Vec::new() }) };
}

mod cache;
mod countries;
mod search;
mod spelled;

#[cfg(test)]
use cache::UNIT_CACHE_GENERATION;
use cache::{UnitCache, UnitMatches, UNIT_CACHE};
use spelled::{spelled_acronyms, Spelled};

/// Bits of a retrieval key that index the key directory ([`Index::key_lookup`]): 2^16 buckets
/// (256 KB), about ten keys each for the lists' half a million keys. Keys are avalanche hashes
/// ([`crate::rules::key_hash`]), so their top bits spread evenly.
const KEY_DIR_BITS: u32 = 16;

fn key_bucket(k: u64) -> usize {
    (k >> (64 - KEY_DIR_BITS)) as usize
}

/// Source of [`Index::id`]: every index built in a process has its own.
static NEXT_INDEX_ID: AtomicU64 = AtomicU64::new(1);

impl Index {
    /// Builds an index from records (any order; ids should be unique).
    pub fn build(records: Vec<Record>) -> Index {
        let mut vocab: Vec<Vocab> = Vec::new();
        let mut vocab_ids: FxMap<(String, bool, bool, bool, bool), u32> = FxMap::default();
        let mut names: Vec<NameEntry> = Vec::new();
        let mut intern = |tok: TokInfo, join: bool, vocab: &mut Vec<Vocab>| -> u32 {
            let key =
                (tok.text.clone(), join, tok.syllabic, tok.inflected, !tok.readings.is_empty());
            if let Some(id) = vocab_ids.get(&key) {
                return *id;
            }
            let id = vocab.len() as u32;
            // The qualifier mark belongs to a name, not to the shared vocabulary entry.
            vocab.push(Vocab { tok: TokInfo { qualifier: false, generic: false, ..tok }, join });
            vocab_ids.insert(key, id);
            id
        };
        for (ri, rec) in records.iter().enumerate() {
            let first = names.len();
            let style = style_for(rec.kind);
            let mut seen: Vec<Vec<u32>> = Vec::new();
            let mut readings: Vec<(usize, Vec<normalize::NormToken>, bool)> = rec
                .names
                .iter()
                .enumerate()
                .flat_map(|(ni, name)| {
                    normalize::alternatives_for(name, style).into_iter().map(move |a| (ni, a))
                })
                .map(|(ni, name)| (ni, normalize::normalize(name, style), false))
                .collect();
            if rec.kind == Kind::Person {
                let primary = readings.iter().find(|(ni, _, _)| *ni == 0).map(|r| r.1.clone());
                if let Some(primary) = primary {
                    let combined: Vec<_> = readings
                        .iter()
                        .filter(|(ni, _, _)| *ni > 0)
                        .filter_map(|(ni, toks, _)| {
                            Some((*ni, combined_name(&primary, toks)?, true))
                        })
                        .collect();
                    readings.extend(combined);
                }
            }
            for (ni, toks, combined) in readings {
                if toks.is_empty() {
                    continue;
                }
                let ids: Vec<u32> =
                    toks.iter().map(|t| intern(TokInfo::new(t), false, &mut vocab)).collect();
                if seen.contains(&ids) {
                    continue;
                }
                seen.push(ids.clone());
                let mut joined = |len: usize| -> Vec<u32> {
                    toks.windows(len)
                        .map(|w| match TokInfo::join(w) {
                            Some(j) => intern(j, true, &mut vocab),
                            None => u32::MAX,
                        })
                        .collect()
                };
                let (joins, joins3) = (joined(2), joined(3));
                names.push(NameEntry {
                    record: ri as u32,
                    name_idx: ni.min(u16::MAX as usize) as u16,
                    person: rec.kind == Kind::Person,
                    tokens: ids,
                    joins,
                    joins3,
                    weights: toks
                        .iter()
                        .map(|t| {
                            let q = if t.qualifier { QUALIFIER_WEIGHT } else { 1.0 };
                            q * if t.generic { GENERIC_WEIGHT } else { 1.0 }
                        })
                        .collect(),
                    roles: toks.iter().map(|t| t.role).collect(),
                    family: family_bits(&toks),
                    forms: form_bits(toks.iter().map(|t| t.text.as_str())),
                    spelled: Box::default(),
                    combined,
                });
            }
            if rec.kind != Kind::Person {
                spelled_acronyms(&mut names[first..], &vocab);
            }
        }
        // Count records per key (exactly once per record and key).
        let mut df: FxMap<String, u32> = FxMap::default();
        let mut per_record: Vec<&str> = Vec::new();
        let mut i = 0;
        while i < names.len() {
            let rec = names[i].record;
            per_record.clear();
            while i < names.len() && names[i].record == rec {
                for &t in &names[i].tokens {
                    let v = &vocab[t as usize];
                    if !v.tok.org_form {
                        per_record.push(v.tok.weight_key());
                    }
                }
                i += 1;
            }
            per_record.sort_unstable();
            per_record.dedup();
            for k in &per_record {
                *df.entry((*k).to_owned()).or_insert(0) += 1;
            }
        }
        let n_records = records.len() as u32;
        // Where each listed body is: its record's countries and those its names name.
        let mut record_countries = vec![Vec::new(); records.len()];
        let mut i = 0;
        while i < names.len() {
            let r = names[i].record as usize;
            let mut texts: Vec<&str> = Vec::new();
            while i < names.len() && names[i].record as usize == r {
                texts.extend(names[i].tokens.iter().map(|t| vocab[*t as usize].tok.text.as_str()));
                i += 1;
            }
            record_countries[r] = countries::of_record(&records[r], texts);
        }
        let mut index = Index {
            records,
            names,
            vocab,
            keys: Vec::new(),
            key_vocab: Vec::new(),
            key_dir: Vec::new(),
            posting_start: Vec::new(),
            posting_names: Vec::new(),
            containable: Vec::new(),
            df,
            n_records,
            vocab_weights: Vec::new(),
            id: NEXT_INDEX_ID.fetch_add(1, Ordering::Relaxed),
            record_countries,
        };
        index.vocab_weights = index.vocab.iter().map(|v| index.rarity_weight(&v.tok)).collect();
        // Weights.
        let weights: Vec<Vec<f32>> = index
            .names
            .iter()
            .map(|ne| {
                // `weights` holds each token's qualifier factor until now.
                ne.tokens
                    .iter()
                    .zip(&ne.weights)
                    .map(|(&t, f)| index.vocab_weights[t as usize] * f)
                    .collect()
            })
            .collect();
        for (ne, w) in index.names.iter_mut().zip(weights) {
            ne.weights = w;
        }
        // A given name with a common alias ("Ali Hassan") is no name the person is known by.
        index
            .names
            .retain(|ne| !ne.combined || ne.weights[1..].iter().all(|w| *w >= score::RARE_TOKEN));
        // Postings: vocab → names.
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); index.vocab.len()];
        for (nid, ne) in index.names.iter().enumerate() {
            let joins = ne.joins.iter().chain(&ne.joins3).filter(|j| **j != u32::MAX);
            for &t in ne.tokens.iter().chain(joins) {
                let p = &mut postings[t as usize];
                if p.last() != Some(&(nid as u32)) {
                    p.push(nid as u32);
                }
            }
        }
        // Keys: key → vocab.
        let mut keys: Vec<(u64, u32)> = Vec::new();
        let mut buf = Vec::new();
        for (vid, v) in index.vocab.iter().enumerate() {
            buf.clear();
            token_keys(&v.tok, v.join, true, &mut buf);
            buf.sort_unstable();
            buf.dedup();
            keys.extend(buf.iter().map(|k| (*k, vid as u32)));
        }
        // Acronym keys: the initials of every run of 2–6 significant words of an organisation
        // name, pointing at the run's first word (whose postings hold the name).
        for ne in index.names.iter().filter(|ne| !ne.person) {
            let toks: Vec<&TokInfo> =
                ne.tokens.iter().map(|&t| &index.vocab[t as usize].tok).collect();
            acronym_keys(&toks, |k, j| keys.push((k, ne.tokens[j])));
        }
        keys.sort_unstable();
        keys.dedup();
        let mut key_dir = vec![0u32; (1 << KEY_DIR_BITS) + 1];
        for &(k, _) in &keys {
            key_dir[key_bucket(k) + 1] += 1;
        }
        for b in 1..key_dir.len() {
            key_dir[b] += key_dir[b - 1];
        }
        index.key_dir = key_dir;
        index.key_vocab = keys.iter().map(|(_, v)| *v).collect();
        index.keys = keys.into_iter().map(|(k, _)| k).collect();
        index.posting_start = std::iter::once(0)
            .chain(postings.iter().scan(0u32, |n, p| {
                *n += p.len() as u32;
                Some(*n)
            }))
            .collect();
        index.posting_names = postings.concat();
        // A person's name of two words or more may be found whole in a longer query, and so
        // may an organisation's name of two tokens or more at the query's opening, followed
        // by what the body does (`score::organisation::Words::contained`).
        index.containable = index
            .names
            .iter()
            .map(|ne| match ne.person {
                true if score::words(&ne.roles) >= 2 => CONTAINABLE_ANYWHERE,
                false if ne.tokens.len() >= 2 => CONTAINABLE_OPENING,
                _ => 0,
            })
            .collect();
        index
    }

    /// The vocabulary entries a retrieval key points to.
    fn key_lookup(&self, k: u64) -> &[u32] {
        let b = key_bucket(k);
        let (lo, hi) = (self.key_dir[b] as usize, self.key_dir[b + 1] as usize);
        let bucket = &self.keys[lo..hi];
        let start = bucket.partition_point(|h| *h < k);
        let end = start + bucket[start..].iter().take_while(|h| **h == k).count();
        &self.key_vocab[lo + start..lo + end]
    }

    /// The names holding a vocabulary entry.
    fn postings(&self, vid: u32) -> &[u32] {
        let v = vid as usize;
        &self.posting_names[self.posting_start[v] as usize..self.posting_start[v + 1] as usize]
    }

    /// Figures about the index.
    pub fn stats(&self) -> IndexStats {
        IndexStats {
            records: self.records.len(),
            names: self.names.len(),
            vocabulary: self.vocab.len(),
            keys: self.keys.len(),
        }
    }

    /// The indexed records.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// Weight of a token: rarer tokens weigh more. Company forms and initials weigh little.
    fn weight(&self, t: &TokInfo) -> f32 {
        let w = self.rarity_weight(t);
        let w = if t.qualifier { w * QUALIFIER_WEIGHT } else { w };
        if t.generic {
            w * GENERIC_WEIGHT
        } else {
            w
        }
    }

    /// Weight of a token from its kind and rarity alone.
    fn rarity_weight(&self, t: &TokInfo) -> f32 {
        if t.org_form {
            return ORG_FORM_WEIGHT;
        }
        if t.has_digit {
            // Numbers (series, fund and unit numbers) distinguish entities.
            return 1.0;
        }
        if t.text.len() == 1 {
            return INITIAL_WEIGHT;
        }
        // A Somali or article-fused spelling (`Cali`, `Maxamed`, `Lazhar`) is as common as the
        // name it spells (`Ali`, `Mahamed`, `Azhar`): its rarity in the lists is the
        // spelling's, not the name's.
        let df_of = |key: &str| self.df.get(key).copied().unwrap_or(0);
        let df = t
            .spellings
            .iter()
            .filter(|s| s.short_ok)
            .map(|s| df_of(&s.fine))
            .fold(df_of(t.weight_key()), u32::max) as f32;
        // A small index (tests, a single list excerpt) is treated as a sample of at least
        // 1,000 records, so that rarity is not overstated for every token.
        let n = self.n_records.max(1000) as f32;
        let idf = ((n + 1.0) / (df + 1.0)).ln() / (n + 1.0).ln().max(1.0);
        // Short tokens carry less identity: many unrelated names spell the same two or three
        // letters.
        let length = match t.text.len() {
            2 => 0.6,
            3 => 0.8,
            _ => 1.0,
        };
        (idf * length).clamp(0.1, 1.0)
    }

    /// The weight the index gives a (normalised) token; exposed for benches and explanations.
    pub fn token_weight(&self, token: &str) -> f64 {
        let org = token.starts_with('~');
        f64::from(self.weight(&TokInfo::from_text(token, org)))
    }

    fn prepare(&self, query: &Query) -> Prepared {
        let name = normalize::strip_ignorable(&query.name);
        let style = match query.kind {
            Some(k) => style_for(k),
            None if normalize::looks_like_organisation(&name) => NameStyle::Organisation,
            None => NameStyle::Person,
        };
        let mut toks = normalize::normalize(&name, style);
        toks.truncate(MAX_QUERY_TOKENS);
        let tokens: Vec<TokInfo> = toks.iter().map(TokInfo::new).collect();
        let joins = joined(&toks, 2);
        let joins3 = joined(&toks, 3);
        let weights = tokens.iter().map(|t| self.weight(t)).collect();
        let has_attrs = query.birth_date.is_some()
            || query.nationality.is_some()
            || !query.documents.is_empty();
        let roles = tokens.iter().map(|t| t.role).collect();
        // A Korean name, in Hangul or romanised ("Kim Il Sung"), is written whole: its
        // syllables after the family name are one given name, not a given and a middle name.
        let syllabic = toks.first().is_some_and(|t| t.syllabic)
            || (toks.len() >= 2 && toks.iter().all(|t| t.korean));
        let bonus = if has_attrs { MAX_BONUS } else { 0.0 };
        // Acronyms are for organisations: never for a person query, nor for a query of several
        // words read as a person's name (its initials spelling a listed acronym are a
        // coincidence: "Ahmed Nasser Fadel" is not "ANF"). A single untyped word may still be
        // an acronym ("PLA").
        let person_words = style == NameStyle::Person && tokens.len() > 1;
        let acr = if query.kind == Some(Kind::Person) || person_words {
            Vec::new()
        } else {
            tokens.iter().map(acronym_len).collect()
        };
        let pairs = if syllabic { score::given_name_pairs(&name, tokens.len()) } else { 0 };
        let forms = form_bits(tokens.iter().map(|t| t.text.as_str()));
        let repeats = (1..tokens.len().min(64))
            .filter(|&i| tokens[..i].iter().any(|t| t.text == tokens[i].text))
            .fold(0u64, |b, i| b | 1u64 << i);
        let countries = countries::named(tokens.iter().map(|t| t.text.as_str()));
        Prepared {
            countries,
            tokens,
            roles,
            joins,
            joins3,
            weights,
            bonus,
            syllabic,
            pairs,
            acr,
            forms,
            repeats,
        }
    }

    /// Compares a query with one name that need not be in the index (the index only supplies
    /// token rarity). Returns the name score (no secondary attributes) and its explanation.
    pub fn compare(&self, query: &Query, name: &str, kind: Kind) -> (f64, crate::Explanation) {
        let mut best: Option<(f64, crate::Explanation)> = None;
        // Each reading of the query's name, as a search takes them, against each of the name's.
        for q in search::query_readings(&query.name, query.kind) {
            let pq = self.prepare(&Query { name: q.into_owned(), ..query.clone() });
            for reading in normalize::alternatives_for(name, style_for(kind)) {
                let r = self.compare_prepared(&pq, reading, kind);
                if best.as_ref().is_none_or(|(s, _)| r.0 > *s) {
                    best = Some(r);
                }
            }
        }
        best.expect("a name is its own first reading")
    }

    fn compare_prepared(&self, pq: &Prepared, name: &str, kind: Kind) -> (f64, crate::Explanation) {
        let toks = normalize::normalize(name, style_for(kind));
        let ctoks: Vec<TokInfo> = toks.iter().map(TokInfo::new).collect();
        let cjoins = joined(&toks, 2);
        let cjoins3 = joined(&toks, 3);
        let cweights: Vec<f32> = ctoks.iter().map(|t| self.weight(t)).collect();
        let person = kind == Kind::Person;
        let croles: Vec<u8> = toks.iter().map(|t| t.role).collect();
        let cfamily = family_bits(&toks);
        let cacr: Vec<u8> = ctoks.iter().map(acronym_len).collect();
        let acr =
            if person || pq.acr.is_empty() { (&[][..], &[][..]) } else { (&pq.acr[..], &cacr[..]) };
        let query = pq.query_name(acr.0);
        let listed = ListedName {
            weights: &cweights,
            roles: &croles,
            person,
            family: cfamily,
            acronyms: acr.1,
            forms: form_bits(ctoks.iter().map(|t| t.text.as_str())),
        };
        let ns = score_names(&query, &listed, |qu, cu| {
            let (a, a_join) = match qu {
                Unit::Single(i) => (&pq.tokens[i as usize], false),
                Unit::Join(i) => (&pq.joins[i as usize], true),
                Unit::Join3(i) => (&pq.joins3[i as usize], true),
                Unit::Span(i, l) => {
                    let (i, l) = (i as usize, l as usize);
                    let Unit::Single(j) = cu else { return None };
                    return acronym_sim(&ctoks[j as usize], &pq.tokens[i..i + l]);
                }
            };
            let (b, b_join) = match cu {
                Unit::Single(j) => (&ctoks[j as usize], false),
                Unit::Join(j) => (&cjoins[j as usize], true),
                Unit::Join3(j) => (&cjoins3[j as usize], true),
                Unit::Span(j, l) => {
                    let (j, l) = (j as usize, l as usize);
                    if a_join {
                        return None;
                    }
                    return acronym_sim(a, &ctoks[j..j + l]);
                }
            };
            if (a_join && a.org_form) || (b_join && b.org_form) {
                return None;
            }
            unit_sim(a, a_join, b, b_join)
        });
        let qtexts: Vec<&str> = pq.tokens.iter().map(|t| t.text.as_str()).collect();
        let ctexts: Vec<&str> = ctoks.iter().map(|t| t.text.as_str()).collect();
        let q = Side { tokens: &qtexts, weights: &pq.weights, family: 0 };
        let c = Side { tokens: &ctexts, weights: &cweights, family: cfamily };
        let explanation = score::explain(&q, &c, person, &ns);
        (f64::from(ns.score), explanation)
    }

    /// Scores every listed name by brute force (no retrieval, no pruning). The reference for
    /// tests of [`Index::search`]; far slower.
    pub fn search_exhaustive(&self, query: &Query, options: &Options) -> Vec<Hit> {
        search::each_reading(query, options, |q| self.exhaustive_reading(q, options))
    }

    fn exhaustive_reading(&self, query: &Query, options: &Options) -> Vec<Hit> {
        let pq = self.prepare(query);
        if pq.tokens.is_empty() {
            return Vec::new();
        }
        let mut best: Best = FxMap::default();
        for (nid, ne) in self.names.iter().enumerate() {
            let rec = &self.records[ne.record as usize];
            if !self.record_allowed(rec, query, options) {
                continue;
            }
            let ns = self.score_name(&pq, ne, None, |qu, vid| self.direct_sim(&pq, qu, vid));
            if ns.score <= 0.0 || f64::from(ns.score) + pq.bonus + 1e-4 < options.threshold {
                continue;
            }
            Self::keep_best(&mut best, ne.record, &ns, nid);
        }
        self.finish(best, &pq, query, options, None)
    }
}

/// The current index, swapped atomically when the lists change. Readers get an `Arc<Index>`
/// snapshot that stays valid while they use it.
#[derive(Debug)]
pub struct IndexHandle {
    current: RwLock<Arc<Index>>,
}

impl IndexHandle {
    /// A handle holding `index`.
    pub fn new(index: Index) -> IndexHandle {
        IndexHandle { current: RwLock::new(Arc::new(index)) }
    }

    /// The current snapshot.
    pub fn load(&self) -> Arc<Index> {
        match self.current.read() {
            Ok(g) => Arc::clone(&g),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Replaces the snapshot; returns the previous one.
    pub fn store(&self, index: Index) -> Arc<Index> {
        let new = Arc::new(index);
        match self.current.write() {
            Ok(mut g) => std::mem::replace(&mut *g, new),
            Err(poisoned) => std::mem::replace(&mut *poisoned.into_inner(), new),
        }
    }
}

#[cfg(test)]
mod tests;
