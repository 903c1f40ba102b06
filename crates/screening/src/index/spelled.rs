//! Acronyms a record spells out: an acronym of a listed name that another of its record's
//! names writes in full ("ASC" beside "AFGHAN SUPPORT COMMITTEE") stands for those words, so a
//! query's other words with the same initials are another body. Marked when the index is built
//! ([`spelled_acronyms`]), checked when a run of query words meets such an acronym
//! ([`Index::spelled_otherwise`]).

use super::{Index, NameEntry, Vocab};
use crate::rules::acronym::{acronym_len, acronym_word};
use crate::score;
use crate::token::TokInfo;

/// Marks in `names` (one record's names) the acronyms that a run of words of one of the
/// record's names spells out (`NameEntry::spelled`). A query's words with the same initials
/// are then no match for the acronym ("Al Ahly Sporting Club" is not the ASC of "AFGHAN
/// SUPPORT COMMITTEE (ASC)"): the record's spelled-out name is there to meet the words the
/// acronym stands for, by every rule of spelling.
pub(super) fn spelled_acronyms(names: &mut [NameEntry], vocab: &[Vocab]) {
    let tok = |id: &u32| &vocab[*id as usize].tok;
    // A run of words with the acronym's initials, without the acronym itself ("RK KTB" spells
    // no "RK").
    let runs = |id: u32, n: &NameEntry| -> Option<Box<[u32]>> {
        let acr = tok(&id).text.as_bytes();
        let spells = |run: &[u32]| {
            run.iter().zip(acr).all(|(w, &a)| {
                let w = tok(w);
                w.text.as_bytes().first() == Some(&a) && acronym_word(w)
            })
        };
        n.tokens.windows(acr.len()).find(|run| !run.contains(&id) && spells(run)).map(Box::from)
    };
    for e in 0..names.len() {
        let mut spelled = Vec::new();
        for (j, id) in names[e].tokens.iter().enumerate().take(score::MAX_TOKENS) {
            let t = tok(id);
            if acronym_len(t) > 0 {
                for n in names.iter().filter(|n| !n.combined) {
                    if let Some(run) = runs(*id, n) {
                        spelled.push(Spelled { token: j as u8, name: n.name_idx, run });
                    }
                }
            }
        }
        names[e].spelled = spelled.into_boxed_slice();
    }
}

/// An acronym of a listed name that a run of words of one of its record's names spells out.
#[derive(Debug)]
pub(super) struct Spelled {
    /// The acronym's position in the name.
    pub(super) token: u8,
    /// The position of the name that spells it in the record's names.
    pub(super) name: u16,
    /// The words that spell it (vocabulary ids).
    pub(super) run: Box<[u32]>,
}

/// Whether a run of query words may stand for a listed acronym its initials spell, given the
/// words the record spells it out with: when half of them or more are those words (the same
/// word, or one of four letters or more that begins the other: "Palestine" / "Palestinian").
/// "Iran's Revolutionary Guard Corps" may be the IRGC of "ISLAMIC REVOLUTIONARY GUARD
/// CORPS"; "Al Ahly Sporting Club" is not the ASC of "AFGHAN SUPPORT COMMITTEE".
fn run_of_spelled(query: &[TokInfo], spelled: &[&str]) -> bool {
    let kin = |a: &str, b: &str| {
        let n = a.len().min(b.len());
        a == b || (n >= 4 && a.as_bytes()[..n] == b.as_bytes()[..n])
    };
    let found = query.iter().filter(|q| spelled.iter().any(|s| kin(&q.text, s))).count();
    2 * found >= query.len()
}

impl Index {
    /// Whether a name of the record spells out the listed acronym at `j` of `ne` with other
    /// words than the query's `words` (see [`run_of_spelled`]): those words are then another
    /// body's. A name held out of a leave-one-out search (`exclude`) spells nothing.
    #[cold]
    #[inline(never)]
    pub(super) fn spelled_otherwise(
        &self,
        ne: &NameEntry,
        j: u16,
        words: &[TokInfo],
        exclude: Option<(usize, &[usize])>,
    ) -> bool {
        let held_out = |name: u16| {
            exclude.is_some_and(|(r, names)| {
                ne.record as usize == r && names.contains(&usize::from(name))
            })
        };
        let mut spelled =
            ne.spelled.iter().filter(|s| u16::from(s.token) == j && !held_out(s.name));
        let mut any = false;
        let other = spelled.all(|s| {
            any = true;
            let run: Vec<&str> =
                s.run.iter().map(|v| self.vocab[*v as usize].tok.text.as_str()).collect();
            !run_of_spelled(words, &run)
        });
        any && other
    }
}
