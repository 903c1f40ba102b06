//! Signed checkpoints of the audit chain's head.
//!
//! The hash chain proves that no event was changed *relative to the head*; someone who can
//! write to the database can still recompute every hash after an edit, or delete the last
//! events and roll the head back. A checkpoint anchors the head outside the database: the
//! sequence number and hash of the last event and when it was written, signed with an Ed25519
//! key kept outside the database, appended to a file (or published). [`verify_checkpoints`]
//! proves that the chain still contains every checkpointed head; a history rewritten or
//! truncated before the last checkpoint is named.
//!
//! Pure: keys arrive as bytes (the edge generates and stores them), no clock is read.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::audit::{canonical_json, BreakKind, ChainBreak, ChainedEvent};

/// A signed statement that the chain's event `seq` had hash `hash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// Sequence number of the head event.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
    /// When the head event was written (the store's clock), if recorded.
    pub recorded_at: Option<String>,
    /// When the checkpoint was signed (RFC 3339).
    pub signed_at: String,
    /// The signer's public key (hex), for reference: verification uses the key the verifier
    /// trusts, never this field.
    pub public_key: String,
    /// Ed25519 signature (hex) of [`Checkpoint::message`].
    pub signature: String,
}

/// Why a key or checkpoint could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// A key is not 32 bytes of hex.
    #[error("{0}")]
    Key(String),
}

impl Checkpoint {
    /// The bytes signed: canonical JSON of the head and the signing time.
    pub fn message(seq: u64, hash: &str, recorded_at: Option<&str>, signed_at: &str) -> String {
        canonical_json(&json!({
            "kind": "embargo-audit-checkpoint",
            "seq": seq,
            "hash": hash,
            "recorded_at": recorded_at,
            "signed_at": signed_at,
        }))
    }

    /// Signs the head `(seq, hash, recorded_at)` at `signed_at` with `key`.
    pub fn sign(
        key: &SigningKey,
        seq: u64,
        hash: &str,
        recorded_at: Option<&str>,
        signed_at: &str,
    ) -> Checkpoint {
        let signature = key.sign(Self::message(seq, hash, recorded_at, signed_at).as_bytes());
        Checkpoint {
            seq,
            hash: hash.to_owned(),
            recorded_at: recorded_at.map(str::to_owned),
            signed_at: signed_at.to_owned(),
            public_key: hex::encode(key.verifying_key().to_bytes()),
            signature: hex::encode(signature.to_bytes()),
        }
    }

    /// Whether `key` signed this checkpoint as it reads now.
    pub fn signed_by(&self, key: &VerifyingKey) -> bool {
        let Ok(bytes) = hex::decode(&self.signature) else { return false };
        let Ok(bytes) = <[u8; 64]>::try_from(bytes.as_slice()) else { return false };
        let message =
            Self::message(self.seq, &self.hash, self.recorded_at.as_deref(), &self.signed_at);
        key.verify(message.as_bytes(), &Signature::from_bytes(&bytes)).is_ok()
    }
}

/// A signing key from its 32-byte secret, in hex.
pub fn signing_key(hex_secret: &str) -> Result<SigningKey, CheckpointError> {
    let bytes = hex::decode(hex_secret.trim())
        .map_err(|e| CheckpointError::Key(format!("the signing key is not hex: {e}")))?;
    let bytes: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
        CheckpointError::Key(format!("the signing key has {} bytes, expected 32", bytes.len()))
    })?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// A public key from its 32 bytes, in hex.
pub fn verifying_key(hex_public: &str) -> Result<VerifyingKey, CheckpointError> {
    let bytes = hex::decode(hex_public.trim())
        .map_err(|e| CheckpointError::Key(format!("the public key is not hex: {e}")))?;
    let bytes: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
        CheckpointError::Key(format!("the public key has {} bytes, expected 32", bytes.len()))
    })?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|e| CheckpointError::Key(format!("not an Ed25519 public key: {e}")))
}

/// A signing key from 32 random bytes supplied by the edge.
pub fn key_from_seed(seed: [u8; 32]) -> SigningKey {
    SigningKey::from_bytes(&seed)
}

/// Checks every checkpoint (line `i + 1` of the file) against `events` (the whole log, in
/// order) and the trusted public `key`: a checkpoint not signed by that key, a checkpointed
/// head the log no longer reaches (truncation) or no longer contains with the same hash
/// (rewrite) is a break.
pub fn verify_checkpoints(
    checkpoints: &[Checkpoint],
    events: &[ChainedEvent],
    key: &VerifyingKey,
) -> Vec<ChainBreak> {
    let last = events.last().map_or(0, |e| e.seq);
    let mut breaks = Vec::new();
    for (i, c) in checkpoints.iter().enumerate() {
        let line = i + 1;
        let mut fail = |message: String| {
            breaks.push(ChainBreak { seq: c.seq, kind: BreakKind::Checkpoint, message })
        };
        if !c.signed_by(key) {
            fail(format!(
                "checkpoint line {line} (event {}) is not signed by the trusted key: it was forged or altered",
                c.seq
            ));
            continue;
        }
        if c.seq == 0 {
            continue;
        }
        match events.iter().find(|e| e.seq == c.seq) {
            None if c.seq > last => fail(format!(
                "checkpoint line {line} signed event {} on {}, but the log ends at event {last}: the history was truncated",
                c.seq, c.signed_at
            )),
            None => fail(format!(
                "checkpoint line {line} signed event {}, which the log no longer contains",
                c.seq
            )),
            Some(e) if e.hash != c.hash => fail(format!(
                "checkpoint line {line} signed event {} with hash {}, the log now has {}: the history before it was rewritten",
                c.seq, c.hash, e.hash
            )),
            Some(_) => {}
        }
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::audit::{EventBody, GENESIS};
    use crate::procedure::machine::{Actor, Role};

    fn chain(n: u64, salt: &str) -> Vec<ChainedEvent> {
        let mut out: Vec<ChainedEvent> = Vec::new();
        for i in 1..=n {
            let prev = out.last().map(|e| e.hash.clone()).unwrap_or_else(|| GENESIS.to_owned());
            let body = EventBody {
                case: "C".into(),
                kind: format!("k{i}{salt}"),
                actor: Actor { role: Role::Secretariat, id: "s".into() },
                at: "2016-01-01T00:00:00Z".into(),
                from: "a".into(),
                to: "b".into(),
                data: json!({}),
                recorded_at: None,
                command: None,
                state: None,
            };
            out.push(ChainedEvent::link(i, body, &prev));
        }
        out
    }

    #[test]
    fn a_rewritten_or_truncated_history_before_a_checkpoint_is_named() {
        let key = key_from_seed([7; 32]);
        let trusted = key.verifying_key();
        let log = chain(5, "");
        let cp = Checkpoint::sign(&key, 4, &log[3].hash, None, "2026-12-06T00:00:00Z");
        assert!(verify_checkpoints(std::slice::from_ref(&cp), &log, &trusted).is_empty());
        // Hashes recomputed after an edit: the chain verifies on its own, not against the
        // checkpoint.
        let rewritten = chain(5, "x");
        assert!(crate::procedure::audit::verify(&rewritten).ok());
        let b = verify_checkpoints(std::slice::from_ref(&cp), &rewritten, &trusted);
        assert!(b[0].message.contains("rewritten"), "{b:?}");
        // The last events deleted and the head rolled back.
        let b = verify_checkpoints(std::slice::from_ref(&cp), &log[..3], &trusted);
        assert!(b[0].message.contains("truncated"), "{b:?}");
        // A checkpoint file edited to match the rewrite is not signed by the trusted key; one
        // signed by another key is refused too.
        let mut edited = cp.clone();
        edited.hash = rewritten[3].hash.clone();
        assert!(verify_checkpoints(&[edited], &rewritten, &trusted)[0]
            .message
            .contains("not signed by the trusted key"));
        let other = key_from_seed([9; 32]);
        let forged = Checkpoint::sign(&other, 4, &rewritten[3].hash, None, "2026-12-06T00:00:00Z");
        assert_eq!(verify_checkpoints(&[forged], &rewritten, &trusted).len(), 1);
    }

    #[test]
    fn keys_are_read_from_hex_with_clear_errors() {
        let key = key_from_seed([1; 32]);
        let secret = hex::encode(key.to_bytes());
        assert_eq!(signing_key(&secret).unwrap().to_bytes(), key.to_bytes());
        assert!(signing_key("abc").unwrap_err().to_string().contains("not hex"));
        assert!(signing_key("abcd").unwrap_err().to_string().contains("2 bytes, expected 32"));
        let public = hex::encode(key.verifying_key().to_bytes());
        assert_eq!(verifying_key(&public).unwrap(), key.verifying_key());
    }
}
