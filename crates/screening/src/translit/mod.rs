//! Transliteration of names by script, one module per script with rules or tables of its
//! own; `crate::normalize::transliterate` splits a text into script runs and calls them.
//! Every other script goes through `any_ascii` (see the divergences test in `normalize`).

pub(crate) mod arabic;
pub(crate) mod cyrillic;
pub(crate) mod greek;
pub(crate) mod hangul;
pub(crate) mod korean;
