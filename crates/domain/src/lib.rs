//! The pure domain core of embargo.
//!
//! Architecture invariant: this crate does no IO, reads no clock, spawns nothing and knows no
//! storage or wire format beyond the regime data files it is *handed as text*.
//! Everything time-dependent takes the date or instant as an argument.
//!
//! - `regime`, `military`, `calendar`, `check`: arms-embargo rules as versioned, cited data and
//!   the transfer check evaluated as of a date.
//! - `procedure`: the exemption-request state machine and its hash-chained audit events.

pub mod procedure;
