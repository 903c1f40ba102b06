//! The use cases of embargo, shared by the `embargo` CLI and `embargo serve`.
//!
//! The engine holds the rules (loaded once), the store and a clock. It knows no clap, axum,
//! anyhow or printing: front doors parse their input into typed values, call a use case and
//! render the typed result or the [`EngineError`] (whose stable code gives the CLI's exit code
//! and the API's HTTP status).
//!
//! What the engine decides — a submission's ground, its procedure parameters, the screening
//! hits on the parties, the time of record, who acted — is never taken from a caller.

pub mod accounts;
pub mod audit;
pub mod check;
pub mod clock;
pub mod error;
pub mod jobs;
pub mod lists;
pub mod refresh;
pub mod regimes;
pub mod requests;
pub mod rules;
pub mod screen;
pub mod screening;
pub mod sessions;
pub mod watch;
pub mod web;
pub mod webhooks;
pub mod yente;

use std::sync::Arc;

pub use clock::{Clock, FixedClock, SettableClock, SystemClock};
pub use error::EngineError;
pub use rules::Rules;

use embargo_store::Store;

/// The engine: rules, store and clock.
#[derive(Clone)]
pub struct Engine {
    store: Store,
    rules: Arc<Rules>,
    clock: Arc<dyn Clock>,
    simulated_time: bool,
    procedure_clock: Option<Arc<dyn Clock>>,
    index: Arc<screen::IndexSlot>,
    approved: Arc<check::ApprovedCache>,
    refreshes: Arc<refresh::Refreshes>,
    fetcher: Option<Arc<dyn refresh::Fetcher>>,
    destinations: Arc<webhooks::Destinations>,
    update_scopes: Arc<watch::UpdateScopes>,
    rescreener: Option<Arc<dyn watch::Rescreener>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("store", &self.store)
            .field("rules", &self.rules.origin)
            .field("simulated_time", &self.simulated_time)
            .finish()
    }
}

impl Engine {
    /// An engine on `store` judging by `rules`. Simulated procedure time is refused unless
    /// [`Engine::allow_simulated_time`] is called (a local store replaying past procedure).
    pub fn new(store: Store, rules: Arc<Rules>, clock: Arc<dyn Clock>) -> Engine {
        Engine {
            store,
            rules,
            clock,
            simulated_time: false,
            procedure_clock: None,
            index: Arc::default(),
            approved: Arc::default(),
            refreshes: Arc::default(),
            fetcher: None,
            destinations: Arc::default(),
            update_scopes: Arc::default(),
            rescreener: None,
        }
    }

    /// Runs the re-screens of list updates ([`Engine::catch_up`]) through `rescreener` (the
    /// screening workers) when it takes them; otherwise, here.
    pub fn with_rescreener(mut self, rescreener: Arc<dyn watch::Rescreener>) -> Engine {
        self.rescreener = Some(rescreener);
        self
    }

    /// Lets commands carry a simulated procedure time (local single-user stores only: the
    /// demo replays the 2016 procedure). The store still refuses a time later than its clock
    /// or earlier than a request's last command.
    pub fn allow_simulated_time(mut self) -> Engine {
        self.simulated_time = true;
        self
    }

    /// Takes procedure time from `clock` instead of the store's (tests that replay a past
    /// procedure through the service; never reachable from a caller). The store still
    /// refuses a time later than its clock or earlier than a request's last command.
    pub fn with_procedure_clock(mut self, clock: Arc<dyn Clock>) -> Engine {
        self.procedure_clock = Some(clock);
        self
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The rules.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The clock (read-only defaults; never procedure time).
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }
}
