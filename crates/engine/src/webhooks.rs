//! Webhooks as a use case: subscriptions to `list.updated` and `alert.raised`, and the sender
//! that delivers what the store enqueued (in the transaction of each change) through the
//! [`Poster`] port, signed, with exponential backoff and a cap.
//!
//! Each delivery is a POST of the JSON body `{event, at, data}` with the headers
//! `X-Embargo-Event`, `X-Embargo-Delivery` (its id: a receiver de-duplicates on it, since a
//! delivery whose answer was lost is sent again) and `X-Embargo-Signature: t=SECONDS,v1=HEX`,
//! HEX being HMAC-SHA256 with the webhook's secret over `SECONDS.BODY`.

use std::net::IpAddr;
use std::time::Duration;

use ipnet::IpNet;

use embargo_store::webhooks::{Delivery, Webhook, EVENTS};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::{Engine, EngineError};

/// Where webhook deliveries may go, judged on the addresses a host resolves to when a delivery
/// is sent (so a name that later resolves elsewhere is judged again), and on an address
/// written in the URL when a webhook is added. Link-local addresses (cloud metadata services
/// such as 169.254.169.254), unspecified, multicast and broadcast addresses are refused unless
/// a configured network names them; when networks are configured (`serve --webhook-allow`),
/// only addresses inside them are allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Destinations {
    allow: Vec<IpNet>,
}

impl Destinations {
    /// Parses networks (`10.0.0.0/8`, `192.0.2.7`, `fd00::/8`); an address alone is a /32 or
    /// /128. An empty list allows every address but the always-refused ones.
    pub fn parse(networks: &[String]) -> Result<Destinations, EngineError> {
        let mut allow = Vec::new();
        for n in networks {
            let n = n.trim();
            let net = n
                .parse::<IpNet>()
                .or_else(|_| n.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    EngineError::invalid_field(
                        "webhook-allow",
                        format!("`{n}` is not an address or a network (e.g. 10.0.0.0/8)"),
                    )
                })?;
            allow.push(net);
        }
        Ok(Destinations { allow })
    }

    /// Whether a delivery may be sent to `ip`; the error says why not.
    pub fn check(&self, ip: IpAddr) -> Result<(), String> {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        let named = self.allow.iter().any(|n| n.contains(&ip));
        let special = match ip {
            IpAddr::V4(v4) => {
                v4.is_link_local() || v4.is_unspecified() || v4.is_multicast() || v4.is_broadcast()
            }
            IpAddr::V6(v6) => {
                v6.is_unspecified() || v6.is_multicast() || (v6.segments()[0] & 0xffc0) == 0xfe80
            }
        };
        if special && !named {
            return Err(format!(
                "{ip} is a link-local, unspecified, multicast or broadcast address: not a webhook destination unless --webhook-allow names it"
            ));
        }
        if !self.allow.is_empty() && !named {
            return Err(format!(
                "{ip} is outside the allowed webhook destinations (--webhook-allow)"
            ));
        }
        Ok(())
    }

    /// The address written in `url`'s host, if it is one (not a name).
    pub fn literal_host(url: &str) -> Option<IpAddr> {
        let rest = url.split_once("://")?.1;
        let authority = rest.split(['/', '?', '#']).next()?;
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if let Some(v6) = host.strip_prefix('[') {
            return v6.split(']').next()?.parse().ok();
        }
        host.split(':').next()?.parse().ok()
    }
}

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
    /// Restricts webhook destinations (see [`Destinations`]); the HTTP poster must apply the
    /// same ones when it resolves a host.
    pub fn with_webhook_destinations(mut self, destinations: Destinations) -> Engine {
        self.destinations = std::sync::Arc::new(destinations);
        self
    }

    /// Where webhook deliveries may go.
    pub fn webhook_destinations(&self) -> &Destinations {
        &self.destinations
    }

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
        if let Some(ip) = Destinations::literal_host(url) {
            self.webhook_destinations()
                .check(ip)
                .map_err(|e| EngineError::invalid_field("url", e))?;
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
mod destination_tests {
    use super::Destinations;

    fn check(allow: &[&str], ip: &str) -> Result<(), String> {
        let d =
            Destinations::parse(&allow.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
        d.check(ip.parse().unwrap())
    }

    #[test]
    fn metadata_and_unspecified_addresses_are_refused_unless_named() {
        for ip in [
            "169.254.169.254",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "fe80::1",
            "::",
            "::ffff:169.254.169.254",
        ] {
            assert!(check(&[], ip).is_err(), "{ip}");
        }
        assert!(check(&["169.254.169.254"], "169.254.169.254").is_ok());
        for ip in ["127.0.0.1", "10.1.2.3", "192.0.2.10", "2001:db8::1"] {
            assert!(check(&[], ip).is_ok(), "{ip}");
        }
    }

    #[test]
    fn configured_networks_are_the_only_destinations() {
        let allow = ["10.0.0.0/8", "2001:db8::/32"];
        assert!(check(&allow, "10.20.30.40").is_ok());
        assert!(check(&allow, "2001:db8::7").is_ok());
        assert!(check(&allow, "::ffff:10.0.0.1").is_ok(), "an IPv4-mapped address is its IPv4");
        let e = check(&allow, "127.0.0.1").unwrap_err();
        assert!(e.contains("outside the allowed"), "{e}");
        assert!(check(&allow, "169.254.169.254").is_err());
        assert!(Destinations::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(Destinations::parse(&["intranet".into()]).is_err());
    }

    #[test]
    fn the_host_of_a_url_is_read_when_it_is_an_address() {
        let host = |u: &str| Destinations::literal_host(u).map(|ip| ip.to_string());
        assert_eq!(host("http://169.254.169.254/latest/meta-data"), Some("169.254.169.254".into()));
        assert_eq!(host("https://user:pw@10.0.0.1:8443/x?y"), Some("10.0.0.1".into()));
        assert_eq!(host("http://[fe80::1]:80/"), Some("fe80::1".into()));
        assert_eq!(host("https://hooks.example.org/x"), None);
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
