//! The pure domain core of embargo.
//!
//! Architecture invariant: this crate does no IO, reads no clock, spawns nothing and knows no
//! storage or wire format beyond the regime data files it is *handed as text*.
//! Everything time-dependent takes the date or instant as an argument.
//!
//! - [`country`], [`military`], [`calendar`], [`authority`], [`regime`], [`registry`],
//!   [`transfer`], [`check`]: arms-embargo rules as versioned, cited data and the transfer check
//!   evaluated as of a date.
//! - `procedure`: the exemption-request state machine and its hash-chained audit events.
//! - [`text`], [`dates`]: the character policy of identifiers, the wording of size limits, and
//!   dates read from people with messages that name the year when it is out of range.

pub mod authority;
pub mod calendar;
pub mod check;
pub mod country;
pub mod dates;
pub mod military;
pub mod procedure;
pub mod regime;
pub mod registry;
pub mod text;
pub mod transfer;

pub use authority::{AuthorityMatch, Recognition};
pub use calendar::{Calendar, CalendarError};
pub use check::{
    check, check_with, CheckError, CheckOptions, CheckResult, ItemResult, PartyHit, ProcedureInfo,
    Screening, Verdict,
};
pub use country::{CountryCode, CountryError};
pub use military::{MlCategory, MlError};
pub use regime::{Confidence, Ground, InfoField, Measure, ProcedureKind, Regime};
pub use registry::{LoadError, Registry};
pub use transfer::{Transfer, TransferError};
