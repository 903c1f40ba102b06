//! Greek: a hand-written table (accents dropped, digraphs read as names are spelled).

use icu_properties::props::Script;
use unicode_normalization::UnicodeNormalization;

use crate::normalize::{is_combining, script};

/// Greek letters and marks (the Coptic letters of the Greek and Coptic block are Coptic).
pub(crate) fn is_greek(c: char) -> bool {
    !c.is_ascii() && script(c) == Script::Greek
}

pub(crate) fn greek_word(chars: &[char], out: &mut String) {
    let lower: Vec<char> = chars
        .iter()
        .flat_map(|c| c.to_lowercase())
        .flat_map(|c| std::iter::once(c).nfd().filter(|d| !is_combining(*d)).collect::<Vec<_>>())
        .collect();
    let mut i = 0;
    while i < lower.len() {
        let c = lower[i];
        let next = lower.get(i + 1).copied();
        let (s, adv) = match (c, next) {
            ('ο', Some('υ')) => ("ou", 2),
            ('α', Some('ι')) => ("ai", 2),
            ('ε', Some('ι')) => ("ei", 2),
            // Modern Greek writes b, d, g of other languages as μπ, ντ, γκ (`Βλαντίμιρ`).
            ('μ', Some('π')) if i == 0 => ("b", 2),
            ('ν', Some('τ')) if i == 0 => ("d", 2),
            ('γ', Some('κ')) if i == 0 => ("g", 2),
            ('μ', Some('π')) => ("mb", 2),
            ('ν', Some('τ')) => ("nd", 2),
            ('γ', Some('κ')) => ("ng", 2),
            ('γ', Some('γ')) => ("ng", 2),
            ('α', _) => ("a", 1),
            ('β', _) => ("v", 1),
            ('γ', _) => ("g", 1),
            ('δ', _) => ("d", 1),
            ('ε', _) => ("e", 1),
            ('ζ', _) => ("z", 1),
            ('η', _) => ("i", 1),
            ('θ', _) => ("th", 1),
            ('ι', _) => ("i", 1),
            ('κ', _) => ("k", 1),
            ('λ', _) => ("l", 1),
            ('μ', _) => ("m", 1),
            ('ν', _) => ("n", 1),
            ('ξ', _) => ("x", 1),
            ('ο', _) => ("o", 1),
            ('π', _) => ("p", 1),
            ('ρ', _) => ("r", 1),
            ('σ' | 'ς', _) => ("s", 1),
            ('τ', _) => ("t", 1),
            ('υ', _) => ("y", 1),
            ('φ', _) => ("f", 1),
            ('χ', _) => ("ch", 1),
            ('ψ', _) => ("ps", 1),
            ('ω', _) => ("o", 1),
            _ => (" ", 1),
        };
        out.push_str(s);
        i += adv;
    }
}
