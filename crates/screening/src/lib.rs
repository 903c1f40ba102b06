//! Transliteration-aware name screening (filled in by issue 4).
