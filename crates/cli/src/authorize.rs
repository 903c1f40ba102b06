//! Looks up an approved exemption in the store that covers a checked transfer (issue 5).
