//! Edit distance: a typo, at most one edit in a token of four or five letters and two in a
//! longer one (optimal string alignment: a transposition is one edit). Not for syllables.
//! Keyed by deletion variants: two spellings within `k` edits share a string obtained from
//! each by deleting at most `k` letters (symmetric deletion).

use super::{better, key_hash, tag, KeyUse, Pair, Rule, Sim, Step};
use crate::score::MatchKind;
use crate::token::TokInfo;

pub(crate) const RULE: Rule = Rule { kind: MatchKind::Edit, sim, keys };

fn sim(a: &TokInfo, b: &TokInfo, p: &Pair, best: Sim) -> Step {
    let k = if p.syllabic { 0 } else { max_edits(p.la.min(p.lb)) };
    if k == 0 {
        return Step::Offer(None);
    }
    let Some(d) = osa_distance(a.text.as_bytes(), b.text.as_bytes(), k) else {
        return Step::Offer(None);
    };
    let mut s = 1.0 - d as f32 / p.la.max(p.lb) as f32;
    if d == 2 && two_consonants_replaced(a.text.as_bytes(), b.text.as_bytes()) {
        s -= CONSONANTS_REPLACED;
    }
    Step::Offer((s > 0.5 && better(best, s)).then_some((MatchKind::Edit, s)))
}

/// What two consonants replaced by two others cost an edit match: transliterations vary a
/// name's vowels, and its consonants one at a time; two consonants apart ("Pahlavi" /
/// "Mahdavi") are more often two names than one name twice mistyped.
const CONSONANTS_REPLACED: f32 = 0.1;

/// Whether two spellings of one length differ in exactly two letters, each a consonant on
/// both sides.
fn two_consonants_replaced(a: &[u8], b: &[u8]) -> bool {
    let consonant = |c: u8| c.is_ascii_lowercase() && !b"aeiouy".contains(&c);
    a.len() == b.len()
        && a.iter().zip(b).filter(|(x, y)| x != y).count() == 2
        && a.iter().zip(b).filter(|(x, y)| x != y).all(|(x, y)| consonant(*x) && consonant(*y))
}

/// Every string obtained by deleting one or two letters (as many as the token's length
/// allows); the token itself is [`super::exact`]'s key.
fn keys(t: &TokInfo, _: KeyUse, out: &mut Vec<u64>) {
    if t.org_form || t.has_digit {
        return;
    }
    delete_keys(t.text.as_bytes(), max_edits(t.text.len()), out);
}

/// Hashes of every string obtained from `s` by deleting one to `k` (≤ 2) bytes.
fn delete_keys(s: &[u8], k: usize, out: &mut Vec<u64>) {
    if k == 0 || s.len() <= 1 {
        return;
    }
    let mut buf: Vec<u8> = Vec::with_capacity(s.len());
    for i in 0..s.len() {
        if i > 0 && s[i] == s[i - 1] {
            continue; // same result as deleting the previous byte
        }
        buf.clear();
        buf.extend_from_slice(&s[..i]);
        buf.extend_from_slice(&s[i + 1..]);
        out.push(key_hash(tag::TEXT, &buf));
        if k >= 2 && buf.len() > 1 {
            for j in i..buf.len() {
                let mut b2: Vec<u8> = Vec::with_capacity(buf.len());
                b2.extend_from_slice(&buf[..j]);
                b2.extend_from_slice(&buf[j + 1..]);
                out.push(key_hash(tag::TEXT, &b2));
            }
        }
    }
}

/// Most edits allowed between two tokens whose shorter one has `len` letters.
pub(crate) fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance, or `None` when it exceeds `limit`.
pub(crate) fn osa_distance(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > limit {
        return None;
    }
    if n == 0 || m == 0 {
        let d = n.max(m);
        return (d <= limit).then_some(d);
    }
    if m < 64 {
        let mut rows = [[0u16; 64]; 3];
        return osa_rows(a, b, limit, &mut rows);
    }
    // Very long tokens: heap rows.
    let width = m + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[m];
    (d <= limit).then_some(d)
}

/// OSA distance with three stack rows (for `b` shorter than 64 bytes).
fn osa_rows(a: &[u8], b: &[u8], limit: usize, rows: &mut [[u16; 64]; 3]) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    let (mut p2, mut p, mut c) = (0usize, 1usize, 2usize);
    for (j, cell) in rows[p].iter_mut().enumerate().take(m + 1) {
        *cell = j as u16;
    }
    for i in 1..=n {
        rows[c][0] = i as u16;
        let mut row_min = i as u16;
        for j in 1..=m {
            let cost = u16::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[p][j] + 1).min(rows[c][j - 1] + 1).min(rows[p][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[p2][j - 2] + 1);
            }
            rows[c][j] = v;
            row_min = row_min.min(v);
        }
        if usize::from(row_min) > limit {
            return None;
        }
        (p2, p, c) = (p, c, p2);
    }
    let d = usize::from(rows[p][m]);
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::super::token_sim;
    use super::*;

    #[test]
    fn typos() {
        let kind = |a: &str, b: &str| {
            token_sim(&TokInfo::from_text(a, false), &TokInfo::from_text(b, false)).map(|x| x.0)
        };
        assert_eq!(kind("johnson", "jonson"), Some(MatchKind::Edit));
        assert_eq!(kind("karim", "kazim"), Some(MatchKind::Edit));
        assert_eq!(kind("kaz", "kar"), None);
        assert_eq!(osa_distance(b"abcd", b"abdc", 2), Some(1));
        assert_eq!(osa_distance(b"kitten", b"sitting", 3), Some(3));
        assert_eq!(osa_distance(b"kitten", b"sitting", 2), None);
    }

    #[test]
    fn two_consonants_replaced_are_weaker_than_two_other_edits() {
        let sim = |a: &str, b: &str| {
            token_sim(&TokInfo::from_text(a, false), &TokInfo::from_text(b, false))
                .filter(|x| x.0 == MatchKind::Edit)
                .map_or(0.0, |x| x.1)
        };
        // Invented names of seven letters, two edits each.
        assert!(sim("parlovi", "mardovi") + 0.05 < sim("parlovi", "pardevi"));
        assert!(sim("parlovi", "mardovi") > 0.5);
        assert!(two_consonants_replaced(b"parlovi", b"mardovi"));
        assert!(!two_consonants_replaced(b"parlovi", b"pardevi"));
    }
}
