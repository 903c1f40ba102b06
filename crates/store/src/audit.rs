//! The append-only, hash-chained audit log (filled in by issue 5).
