//! Webhooks as a use case: subscriptions to `list.updated` and `alert.raised`, and the sender
//! that delivers what the store enqueued (in the transaction of each change) through the
//! [`Poster`] port, signed, with exponential backoff and a cap.
//!
//! Each delivery is a POST of the JSON body `{event, at, data}` with the headers
//! `X-Embargo-Event`, `X-Embargo-Delivery` (its id: a receiver de-duplicates on it, since a
//! delivery whose answer was lost is sent again) and `X-Embargo-Signature: t=SECONDS,v1=HEX`,
//! HEX being HMAC-SHA256 with the webhook's secret over `SECONDS.BODY`.

use std::time::Duration;

use embargo_store::webhooks::{Delivery, Webhook, EVENTS};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::{Engine, EngineError};

/// The port through which deliveries are POSTed (the edge implements it over HTTP).
pub trait Poster: Send + Sync + std::fmt::Debug {
    /// POSTs `body` to `url` with `headers`, giving up after `timeout`; the HTTP status, or
    /// why there was none.
    fn post(
        &self,
        url: &str,
        headers: &[(String, String)],
        body: &str,
        timeout: Duration,
    ) -> Result<u16, String>;
}

/// How deliveries are retried.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// The wait before the second attempt; doubled for each next one.
    pub base: Duration,
    /// The longest wait between attempts.
    pub cap: Duration,
    /// Attempts before a delivery is marked failed.
    pub attempts: u32,
    /// How long one attempt may take.
    pub timeout: Duration,
}

impl Default for Retry {
    fn default() -> Retry {
        Retry {
            base: Duration::from_secs(5),
            cap: Duration::from_secs(3600),
            attempts: 10,
            timeout: Duration::from_secs(10),
        }
    }
}

/// A webhook just added, with its secret (shown once).
#[derive(Debug, Clone, Serialize)]
pub struct NewWebhook {
    /// The webhook.
    #[serde(flatten)]
    pub webhook: Webhook,
    /// The HMAC key of its signatures.
    pub secret: String,
}

/// What one round of sending did.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct SendReport {
    /// Delivered (2xx).
    pub delivered: u32,
    /// To be retried.
    pub retried: u32,
    /// Failed for good.
    pub failed: u32,
}

/// `t=SECONDS,v1=HEX`: HMAC-SHA256 with `secret` over `SECONDS.BODY`.
pub fn signature(secret: &str, seconds: i64, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(format!("{seconds}.").as_bytes());
    mac.update(body.as_bytes());
    format!("t={seconds},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// The wait before attempt `attempt + 1` (`attempt` made so far, at least 1).
pub fn backoff(retry: &Retry, attempt: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(30));
    retry.base.saturating_mul(factor).min(retry.cap)
}

impl Engine {
    /// Adds a webhook (`url` http or https; `events` among `list.updated`, `alert.raised`);
    /// `by` is who added it. The secret is generated here and returned once.
    pub async fn add_webhook(
        &self,
        url: &str,
        events: &[String],
        by: &str,
    ) -> Result<NewWebhook, EngineError> {
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://"))
            || url.len() > 2048
            || url.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(EngineError::invalid_field(
                "url",
                format!("`{url}` is not an http(s) address"),
            ));
        }
        if events.is_empty() {
            return Err(EngineError::invalid_field(
                "events",
                format!("name at least one event ({})", EVENTS.join(", ")),
            ));
        }
        for e in events {
            if !EVENTS.contains(&e.as_str()) {
                return Err(EngineError::invalid_field(
                    "events",
                    format!("`{e}` is not an event ({})", EVENTS.join(", ")),
                ));
            }
        }
        let mut events = events.to_vec();
        events.sort();
        events.dedup();
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed)
            .map_err(|e| EngineError::Internal(format!("no randomness for the secret: {e}")))?;
        let secret = hex::encode(seed);
        let webhook = self.store().add_webhook(url, &events, &secret, by).await?;
        Ok(NewWebhook { webhook, secret })
    }

    /// Removes a webhook.
    pub async fn remove_webhook(&self, id: i64, by: &str) -> Result<(), EngineError> {
        Ok(self.store().remove_webhook(id, by).await?)
    }

    /// Every webhook (never their secrets).
    pub async fn webhooks(&self) -> Result<Vec<Webhook>, EngineError> {
        Ok(self.store().webhooks().await?)
    }

    /// The delivery log, newest first.
    pub async fn deliveries(
        &self,
        hook: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Delivery>, EngineError> {
        Ok(self.store().deliveries(hook, limit.clamp(1, 10_000)).await?)
    }

    /// Sends the deliveries that are due, once each (claimed with a lease, so several servers
    /// share the work): 2xx is delivered; anything else is retried after the backoff, or
    /// failed after `retry.attempts`.
    pub async fn send_due_webhooks(
        &self,
        poster: std::sync::Arc<dyn Poster>,
        retry: Retry,
    ) -> Result<SendReport, EngineError> {
        let now = self.store().now_ms().await?;
        let lease = (retry.timeout.as_millis() as i64).saturating_mul(2).max(1_000);
        let due = self.store().claim_due_deliveries(now, lease, 100).await?;
        let mut report = SendReport::default();
        // Every claimed delivery is sent at once, each on its own blocking thread: a receiver
        // that never answers holds up only its own deliveries, for at most the timeout, well
        // inside the lease (twice the timeout), so no other sender claims them meanwhile.
        let mut sending = tokio::task::JoinSet::new();
        for d in due {
            let seconds = now / 1000;
            let headers = vec![
                ("content-type".to_owned(), "application/json".to_owned()),
                ("x-embargo-event".to_owned(), d.delivery.event.clone()),
                ("x-embargo-delivery".to_owned(), d.delivery.id.to_string()),
                ("x-embargo-signature".to_owned(), signature(&d.secret, seconds, &d.delivery.body)),
            ];
            let p = std::sync::Arc::clone(&poster);
            let timeout = retry.timeout;
            sending.spawn_blocking(move || {
                let answer = p.post(&d.url, &headers, &d.delivery.body, timeout);
                (d.delivery.id, d.delivery.attempts, answer)
            });
        }
        while let Some(joined) = sending.join_next().await {
            let (id, attempts, answer) = match joined {
                Ok(sent) => sent,
                Err(e) => {
                    // A poster that panicked: its delivery's lease runs out and it is sent again.
                    tracing::error!(error = %e, "a webhook sending task failed");
                    continue;
                }
            };
            let after = self.store().now_ms().await?;
            let attempt = u32::try_from(attempts).unwrap_or(u32::MAX).saturating_add(1);
            match answer {
                Ok(code) if (200..300).contains(&code) => {
                    self.store().record_attempt(id, after, Some(code), None, None, false).await?;
                    report.delivered += 1;
                }
                other => {
                    let (code, error) = match other {
                        Ok(code) => (Some(code), format!("HTTP {code}")),
                        Err(e) => (None, e),
                    };
                    if attempt >= retry.attempts {
                        self.store()
                            .record_attempt(id, after, code, Some(&error), None, true)
                            .await?;
                        report.failed += 1;
                    } else {
                        let next = after + backoff(&retry, attempt).as_millis() as i64;
                        self.store()
                            .record_attempt(id, after, code, Some(&error), Some(next), false)
                            .await?;
                        report.retried += 1;
                    }
                }
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_over_seconds_and_body() {
        // RFC 4231 test case 2 has key "Jefe" and data "what do ya want for nothing?".
        let s = signature("Jefe", 0, "what do ya want for nothing?");
        assert!(s.starts_with("t=0,v1="));
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"0.what do ya want for nothing?");
        assert_eq!(s, format!("t=0,v1={}", hex::encode(mac.finalize().into_bytes())));
        assert_ne!(signature("Jefe", 1, "x"), signature("Jeff", 1, "x"));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let r = Retry {
            base: Duration::from_secs(5),
            cap: Duration::from_secs(60),
            ..Retry::default()
        };
        let waits: Vec<u64> = (1..=6).map(|a| backoff(&r, a).as_secs()).collect();
        assert_eq!(waits, vec![5, 10, 20, 40, 60, 60]);
        assert_eq!(backoff(&r, u32::MAX), Duration::from_secs(60));
    }
}
