//! The audit log: verification (chain, times, replay, signed checkpoints), the log, the head
//! a checkpoint signs.

use embargo_domain::procedure::audit::ChainedEvent;
use embargo_domain::procedure::checkpoint::{verify_checkpoints, Checkpoint};
use embargo_store::audit::{AuditReport, Head};

use crate::{Engine, EngineError};

impl Engine {
    /// Verifies the whole log, and every checkpoint in `checkpoints` against the trusted key.
    pub async fn verify_audit(
        &self,
        checkpoints: Option<(&[Checkpoint], &ed25519::VerifyingKey)>,
    ) -> Result<AuditReport, EngineError> {
        let mut report = self.store.verify_audit(&self.rules.ctx()).await?;
        if let Some((list, key)) = checkpoints {
            let events = self.store.audit_events(None).await?;
            report.verification.breaks.extend(verify_checkpoints(list, &events, key));
            report.verification.breaks.sort_by_key(|b| b.seq);
        }
        Ok(report)
    }

    /// The audit events, all or one request's.
    pub async fn audit_log(
        &self,
        reference: Option<&str>,
    ) -> Result<Vec<ChainedEvent>, EngineError> {
        Ok(self.store.audit_events(reference).await?)
    }

    /// Signs the chain's current head with `key` (the signing time is the store's clock).
    pub async fn checkpoint(&self, key: &ed25519::SigningKey) -> Result<Checkpoint, EngineError> {
        let head: Head = self.store.audit_head().await?;
        let signed_at = self.store.clock().await?.to_string();
        Ok(Checkpoint::sign(
            key,
            u64::try_from(head.seq).unwrap_or(0),
            &head.hash,
            head.recorded_at.as_deref(),
            &signed_at,
        ))
    }
}

/// The Ed25519 key types, re-exported for the front doors.
pub mod ed25519 {
    pub use ed25519_dalek::{SigningKey, VerifyingKey};
}
