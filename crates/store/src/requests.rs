//! Exemption requests: state and commands (filled in by issue 5).
