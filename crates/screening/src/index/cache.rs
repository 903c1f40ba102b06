//! The per-thread cache of retrieval results: what each query unit (a prepared token, alone
//! or joined with its neighbours) matches in one index, kept across queries so that a word
//! seen before is not retrieved again.

use std::cell::RefCell;
use std::rc::Rc;

use super::FxMap;
use crate::score::MatchKind;
use crate::token::{TokInfo, TokKey};

/// The listed vocabulary entries a query unit matches, with how and how closely, and whether
/// the match is strong (its bound above [`WEAK_BOUND`]): the result of retrieval (keys, then
/// [`unit_sim`] on every entry they find) for one prepared token.
pub(super) type UnitMatches = Rc<[(u32, MatchKind, f32, bool)]>;

/// Query units whose matches a thread keeps per generation (see [`UnitCache`]): at most
/// twice this many, a few hundred bytes each (a few megabytes per thread).
pub(super) const UNIT_CACHE_GENERATION: usize = 16_384;

/// Cached units, by a hash of their text: each with its key and its matches.
type UnitBuckets = FxMap<u64, Vec<(TokKey, UnitMatches)>>;

/// Per-thread memo of [`UnitMatches`] across queries, for one index. Bulk input repeats its
/// words (given names, family names, company words): a word seen before is not retrieved
/// again. Keyed by what the prepared token is made from ([`TokKey`]) and whether it is a join,
/// so a hit is exactly what retrieval would return; a cache of another index is emptied
/// first. Two generations: when the newer is full it becomes the older (the older is
/// dropped), and a unit found in the older moves back to the newer, so words that keep
/// coming back stay.
pub(super) struct UnitCache {
    index: u64,
    new: UnitBuckets,
    old: UnitBuckets,
    len: usize,
}

impl UnitCache {
    pub(super) fn hash(tok: &TokInfo, join: bool) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        join.hash(&mut h);
        tok.text.hash(&mut h);
        h.finish()
    }

    pub(super) fn get(
        &mut self,
        index: u64,
        h: u64,
        tok: &TokInfo,
        join: bool,
    ) -> Option<UnitMatches> {
        if self.index != index {
            self.new.clear();
            self.old.clear();
            self.len = 0;
            self.index = index;
            return None;
        }
        let find = |b: &UnitBuckets| {
            b.get(&h)?.iter().find(|(k, _)| tok.has_key(k, join)).map(|(_, m)| Rc::clone(m))
        };
        if let Some(m) = find(&self.new) {
            return Some(m);
        }
        let m = find(&self.old)?;
        self.put(h, tok.key(join), &m);
        Some(m)
    }

    /// Keeps a unit's matches (after [`UnitCache::get`] for the same index missed it).
    pub(super) fn put(&mut self, h: u64, key: TokKey, m: &UnitMatches) {
        if self.len >= UNIT_CACHE_GENERATION {
            self.old = std::mem::take(&mut self.new);
            self.len = 0;
        }
        self.new.entry(h).or_default().push((key, Rc::clone(m)));
        self.len += 1;
    }
}

thread_local! {
    pub(super) static UNIT_CACHE: RefCell<UnitCache> = RefCell::new(UnitCache {
        index: 0,
        new: FxMap::default(),
        old: FxMap::default(),
        len: 0,
    });
}
