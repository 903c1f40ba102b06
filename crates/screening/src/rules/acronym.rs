//! Acronyms: an organisation's acronym against the run of words it abbreviates ("PLA" /
//! "People's Liberation Army", "U.S." / "United States"), in either direction, between
//! organisations only. Not a token-to-token rule (one token against a run of words), so it
//! has its own keys: every run of 2–6 significant words of a listed organisation name is
//! keyed by its initials ([`listed_keys`]), which a query acronym looks up
//! ([`query_acronym_key`]); a run of query words looks up the listed acronym it spells by its
//! text ([`query_runs`]).

use super::{key_hash, tag};
use crate::score::MatchKind;
use crate::token::TokInfo;

/// Similarity of an acronym to the words it abbreviates: an accepted short form, but more
/// easily a coincidence than a spelling variant.
pub(crate) const ACRONYM_SIM: f32 = 0.85;

/// Longest run of words an acronym abbreviates.
const MAX_RUN: usize = 6;

/// Length of a token that can be an acronym (2–6 letters, not a company form, not a syllable),
/// else 0.
pub(crate) fn acronym_len(t: &TokInfo) -> u8 {
    let l = t.text.len();
    if t.org_form
        || t.syllabic
        || !(2..=6).contains(&l)
        || !t.text.bytes().all(|b| b.is_ascii_lowercase())
    {
        0
    } else {
        l as u8
    }
}

/// Whether a token is a significant word an acronym can abbreviate (not a company form, a
/// number or a syllable; stopwords are already gone in organisation names).
pub(crate) fn acronym_word(t: &TokInfo) -> bool {
    !t.org_form
        && !t.has_digit
        && !t.syllabic
        && t.text.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
}

/// The initials of `words`, when every one is a significant word.
pub(crate) fn initials<'a>(words: impl IntoIterator<Item = &'a TokInfo>) -> Option<String> {
    words.into_iter().map(|w| acronym_word(w).then(|| w.text.as_bytes()[0] as char)).collect()
}

/// An acronym against the consecutive words it may abbreviate.
pub(crate) fn acronym_sim<'a>(
    acr: &TokInfo,
    words: impl IntoIterator<Item = &'a TokInfo>,
) -> Option<(MatchKind, f32)> {
    if acronym_len(acr) == 0 {
        return None;
    }
    (initials(words)? == acr.text).then_some((MatchKind::Acronym, ACRONYM_SIM))
}

/// The acronym keys of a listed organisation name: for every run of 2–6 significant words,
/// the key of its initials and the position of the run's first word (whose postings hold the
/// name).
pub(crate) fn listed_keys(toks: &[&TokInfo], mut push: impl FnMut(u64, usize)) {
    for j in 0..toks.len() {
        for l in 2..=MAX_RUN.min(toks.len() - j) {
            match initials(toks[j..j + l].iter().copied()) {
                Some(acr) => push(key_hash(tag::ACRONYM, acr.as_bytes()), j),
                None => break,
            }
        }
    }
}

/// The key a query token that may be an acronym looks up.
pub(crate) fn query_acronym_key(t: &TokInfo) -> u64 {
    key_hash(tag::ACRONYM, t.text.as_bytes())
}

/// Every run of 2–6 significant query words, with the acronym its initials spell and that
/// acronym's text key (a listed acronym is keyed by its text, [`super::exact`]).
pub(crate) fn query_runs(toks: &[TokInfo], mut f: impl FnMut(usize, usize, &str, u64)) {
    let n = toks.len();
    for i in 0..n {
        for l in 2..=MAX_RUN.min(n - i) {
            let Some(acr) = initials(&toks[i..i + l]) else { break };
            f(i, l, &acr, key_hash(tag::TEXT, acr.as_bytes()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<TokInfo> {
        s.split(' ').map(|w| TokInfo::from_text(w, w.starts_with('~'))).collect()
    }

    #[test]
    fn acronyms_and_their_words() {
        let w = words("peoples liberation army");
        assert_eq!(
            acronym_sim(&TokInfo::from_text("pla", false), &w),
            Some((MatchKind::Acronym, ACRONYM_SIM))
        );
        assert_eq!(acronym_sim(&TokInfo::from_text("pal", false), &w), None);
        // A company form is no word of an acronym, and is no acronym.
        assert_eq!(initials(&words("alpha ~llc")), None);
        assert_eq!(acronym_len(&TokInfo::from_text("~llc", true)), 0);
        // Listed runs and query acronyms meet on one key.
        let refs: Vec<&TokInfo> = w.iter().collect();
        let mut keys = Vec::new();
        listed_keys(&refs, |k, j| keys.push((k, j)));
        assert!(keys.contains(&(query_acronym_key(&TokInfo::from_text("pla", false)), 0)));
        assert!(keys.contains(&(query_acronym_key(&TokInfo::from_text("la", false)), 1)));
    }
}
