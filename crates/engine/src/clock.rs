//! The `Clock` port: the one place the machine's real clock is read.
//!
//! The clock of record for the procedure is the store's (`Store::clock`); this clock serves
//! read-only defaults (the date a validation or an overdue listing judges by) and time that
//! is not procedure time (a checkpoint's signing time, an account's creation). Tests inject a
//! [`FixedClock`].

use jiff::Timestamp;

/// A source of the current time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now.
    fn now(&self) -> Timestamp;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock stopped at one instant (tests).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// A clock the test sets (a past procedure replayed step by step).
#[derive(Debug, Default)]
pub struct SettableClock(std::sync::Mutex<Option<Timestamp>>);

impl SettableClock {
    /// Sets the time.
    pub fn set(&self, t: Timestamp) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(t);
    }
}

impl Clock for SettableClock {
    fn now(&self) -> Timestamp {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).unwrap_or_else(Timestamp::now)
    }
}
