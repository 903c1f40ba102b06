//! Official sanctions lists: one designation model and streaming parsers.
//!
//! Every parser reads from a `BufRead` and yields [`model::Designation`]s one at a time, so memory
//! stays bounded by the largest single record, never by the file.
//! This crate does no file-system or network IO of its own and reads no clock: callers hand it
//! readers and it hands back values or a [`ParseError`] naming the line or record.

pub mod model;
