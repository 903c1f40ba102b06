//! List versions and designations (filled in by issue 3).
