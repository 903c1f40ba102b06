//! Exemption requests and the sanctions committee procedure (filled in by issue 5).
