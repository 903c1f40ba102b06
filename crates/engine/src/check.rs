//! The transfer check as a use case: parse the transfer (PRODUCT.md's contract), check it
//! against the rules as of a date.

use embargo_domain::{CheckResult, Transfer};
use jiff::civil::Date;

use crate::{Engine, EngineError};

impl Engine {
    /// Checks a transfer given as JSON text.
    pub fn check_json(
        &self,
        text: &str,
        as_of: Option<Date>,
        notified_on: Option<Date>,
    ) -> Result<CheckResult, EngineError> {
        let registry = &self.rules().registry;
        let transfer = Transfer::from_json(text, registry.military())
            .map_err(|e| EngineError::invalid(format!("invalid transfer: {e}")))?;
        embargo_domain::check(registry, &transfer, as_of, notified_on)
            .map_err(|e| EngineError::invalid(e.to_string()))
    }
}
