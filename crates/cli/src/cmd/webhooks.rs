//! `embargo webhooks`: who is told of `list.updated` and `alert.raised`, and the delivery log.
//! `embargo serve` sends the deliveries (signed, retried with backoff); `webhooks send` runs
//! one round from the command line (a store without a server). `webhooks add` prints the
//! secret alone on its last line: it is shown once.

use std::process::ExitCode;
use std::time::Duration;

use crate::cmd::regimes::Format;
use crate::exit;
use crate::global::GlobalArgs;

/// Subcommands of `embargo webhooks`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a webhook; its signing secret is printed alone on the last line (shown once).
    Add {
        /// The http(s) address deliveries are POSTed to.
        url: String,
        /// The events, comma-separated: list.updated, alert.raised.
        #[arg(long, value_delimiter = ',', required = true)]
        events: Vec<String>,
    },
    /// List the webhooks (never their secrets).
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Remove a webhook (deliveries already enqueued still go).
    Remove {
        /// Its id.
        id: i64,
    },
    /// The delivery log, newest first.
    Deliveries {
        /// Only this webhook's.
        #[arg(long)]
        hook: Option<i64>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: i64,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Send the deliveries that are due, once (what `embargo serve` does every second).
    Send {
        /// Abandon one attempt after this many milliseconds.
        #[arg(long, default_value_t = 10_000)]
        timeout_ms: u64,
    },
}

/// The engine's [`embargo_engine::webhooks::Poster`] over HTTP (ureq, no redirects followed).
#[derive(Debug, Default)]
pub struct HttpPoster {
    destinations: embargo_engine::webhooks::Destinations,
}

impl HttpPoster {
    /// A poster that sends only to `destinations`, judged on the addresses each host resolves
    /// to at the moment of sending.
    pub fn new(destinations: embargo_engine::webhooks::Destinations) -> HttpPoster {
        HttpPoster { destinations }
    }
}

impl embargo_engine::webhooks::Poster for HttpPoster {
    fn post(
        &self,
        url: &str,
        headers: &[(String, String)],
        body: &str,
        timeout: Duration,
    ) -> Result<u16, String> {
        let destinations = self.destinations.clone();
        let resolve = move |netloc: &str| -> std::io::Result<Vec<std::net::SocketAddr>> {
            let mut refused = None;
            let allowed: Vec<std::net::SocketAddr> =
                std::net::ToSocketAddrs::to_socket_addrs(netloc)?
                    .filter(|a| match destinations.check(a.ip()) {
                        Ok(()) => true,
                        Err(e) => {
                            refused = Some(e);
                            false
                        }
                    })
                    .collect();
            if allowed.is_empty() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    refused.unwrap_or_else(|| format!("{netloc} resolves to no address")),
                ));
            }
            Ok(allowed)
        };
        let agent =
            ureq::AgentBuilder::new().timeout(timeout).redirects(0).resolver(resolve).build();
        let mut req = agent.post(url);
        for (k, v) in headers {
            req = req.set(k, v);
        }
        match req.send_string(body) {
            Ok(r) => Ok(r.status()),
            Err(ureq::Error::Status(code, _)) => Ok(code),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// Runs the command (changes are logged as made by `cli`).
pub async fn run(command: Command, global: &GlobalArgs) -> anyhow::Result<ExitCode> {
    let engine = global.engine().await?;
    match command {
        Command::Add { url, events } => {
            let new = engine.add_webhook(&url, &events, "cli").await.map_err(exit::engine)?;
            println!(
                "webhook {} added for {} -> {}; its signing secret, shown once:",
                new.webhook.id,
                new.webhook.events.join(","),
                new.webhook.url
            );
            println!("{}", new.secret);
        }
        Command::List { format } => {
            let hooks = engine.webhooks().await.map_err(exit::engine)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&hooks)?),
                Format::Text => {
                    for h in &hooks {
                        println!(
                            "{:>4}  {:<28} {}{}",
                            h.id,
                            h.events.join(","),
                            h.url,
                            h.revoked_at
                                .as_deref()
                                .map(|r| format!("  (removed {r})"))
                                .unwrap_or_default()
                        );
                    }
                    if hooks.is_empty() {
                        println!("no webhooks");
                    }
                }
            }
        }
        Command::Remove { id } => {
            engine.remove_webhook(id, "cli").await.map_err(exit::engine)?;
            println!("webhook {id} removed");
        }
        Command::Deliveries { hook, limit, format } => {
            let rows = engine.deliveries(hook, limit).await.map_err(exit::engine)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
                Format::Text => {
                    for d in &rows {
                        println!(
                            "{:>6}  hook {:<4} {:<13} {:<9} attempts {}  {}",
                            d.id,
                            d.hook_id,
                            d.event,
                            d.status,
                            d.attempts,
                            d.last_error.as_deref().unwrap_or("")
                        );
                    }
                    if rows.is_empty() {
                        println!("no deliveries");
                    }
                }
            }
        }
        Command::Send { timeout_ms } => {
            let retry = embargo_engine::webhooks::Retry {
                timeout: Duration::from_millis(timeout_ms.max(1)),
                ..Default::default()
            };
            let r = engine
                .send_due_webhooks(
                    std::sync::Arc::new(HttpPoster::new(engine.webhook_destinations().clone())),
                    retry,
                )
                .await
                .map_err(exit::engine)?;
            println!("{} delivered, {} to retry, {} failed", r.delivered, r.retried, r.failed);
        }
    }
    engine.store().close().await;
    Ok(ExitCode::SUCCESS)
}
