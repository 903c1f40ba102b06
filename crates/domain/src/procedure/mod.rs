//! Exemption requests and the sanctions committee's procedure.
//!
//! - [`model`]: what a request says (submitter, parties, items, delivery plan, documents).
//! - [`ground`]: the snapshot of the exemption ground and the regime's procedure parameters
//!   the procedure works with, and the working-day calendar it counts deadlines in.
//! - [`validate`]: completeness and coherence before filing, every problem at once.
//! - [`case`]: a case's state: its actors, phases, holds, decisions, ledger and deliveries.
//! - [`command`]: what can be asked of a case, and why it may be refused.
//! - [`machine`]: the pure state machine `(case, command, actor, now) → (case', events)`.
//! - [`from_registry`]: the ground snapshot, built from the regime registry.
//! - [`committee`]: committee membership per year, as data.
//! - [`authorization`]: whether an approved request covers a proposed transfer.
//! - [`audit`]: canonical event encoding and the SHA-256 hash chain, with its verifier.
//!
//! Architecture invariant: nothing here reads a clock or does IO; `now` is an argument.

pub mod audit;
pub mod authorization;
pub mod case;
pub mod checkpoint;
pub mod command;
pub mod committee;
pub mod from_registry;
pub mod ground;
pub mod intent;
pub mod machine;
pub mod model;
pub mod replay;
pub mod validate;

pub use audit::{ChainedEvent, EventBody, Verification};
pub use committee::{Committee, Offices};
pub use ground::{
    time_zone, GroundRules, ProcedureKind, ProcedureParams, WorkingDays, COMMITTEE_TIME_ZONE,
};
pub use machine::{
    apply, create, date_in, date_of, Actor, Case, Command, Context, Phase, Refusal, Role,
    Transition,
};
pub use model::RequestContent;
pub use validate::{validate, Problem, ScreeningHit, Severity};
