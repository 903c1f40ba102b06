//! The committee's pages: the dashboard per role and a request with the actions the role may
//! take (the draft form is [`super::draft`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use embargo_domain::procedure::intent::Intent;
use embargo_domain::procedure::machine::{Phase, Status};
use embargo_engine::accounts::{Account, Role};
use embargo_engine::requests::ActOptions;
use embargo_engine::EngineError;
use serde_json::{json, Value};

use super::{checked, page, page_with_status, reads_alerts, reads_requests, PageError, Web};
use crate::{views, AppState};

/// `GET /ui/`: what needs this account, by role.
pub(crate) async fn dashboard(State(state): State<AppState>, web: Web) -> Response {
    match dashboard_ctx(&state, &web.account).await {
        Ok(ctx) => page(&web, "dashboard.html", "Dashboard", "/ui/", ctx),
        Err(e) => e.page(&web),
    }
}

async fn dashboard_ctx(state: &AppState, account: &Account) -> Result<Value, PageError> {
    let engine = &state.engine;
    let today = engine.procedure_today().await?;
    let mut ctx = json!({"today": today.to_string(), "reads_requests": reads_requests(account),
        "reads_alerts": reads_alerts(account), "hides_members": views::hides_members(account)});
    if reads_requests(account) {
        let cases = engine.readable_cases(|c| views::can_read(account, c)).await?;
        let mut by_status: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut rows = Vec::new();
        let mut deadlines = Vec::new();
        let mut holds = Vec::new();
        let mut overdue = Vec::new();
        for c in &cases {
            *by_status.entry(c.status.as_str()).or_default() += 1;
            rows.push(json!({"reference": c.reference, "status": c.status.as_str(),
                "title": c.case.content.title, "ground": c.case.content.ground,
                "updated_at": c.updated_at}));
            if let Some(end) = c.case.deadline {
                deadlines.push(json!({"reference": c.reference, "what": "no-objection period ends",
                    "date": end.to_string(), "working_days": engine.working_days_until(today, end)}));
            }
            for (i, h) in c.case.holds.iter().enumerate() {
                if h.lifted_on.is_some() {
                    continue;
                }
                let member = if views::hides_members(account) { None } else { Some(&h.member) };
                holds.push(json!({"reference": c.reference, "hold": i, "member": member,
                    "placed_on": h.placed_on.to_string(), "information_requested": h.information_requested,
                    "expires_on": h.expires_on.map(|d| d.to_string()),
                    "working_days": h.expires_on.and_then(|d| engine.working_days_until(today, d))}));
                if let Some(end) = h.expires_on {
                    deadlines.push(json!({"reference": c.reference, "what": "hold reaches its limit",
                        "date": end.to_string(), "working_days": engine.working_days_until(today, end)}));
                }
            }
            for (d, due) in c.case.overdue_reports(today) {
                overdue
                    .push(json!({"reference": c.reference, "delivery": d, "due": due.to_string(),
                    "delivered_on": c.case.deliveries[d].date.to_string()}));
            }
        }
        deadlines.sort_by(|a, b| a["date"].as_str().cmp(&b["date"].as_str()));
        let by_status: Vec<Value> = Status::ALL
            .iter()
            .filter_map(|s| {
                by_status.get(s.as_str()).map(|n| json!({"status": s.as_str(), "count": n}))
            })
            .collect();
        ctx["by_status"] = json!(by_status);
        ctx["requests"] = json!(rows);
        ctx["deadlines"] = json!(deadlines);
        ctx["holds"] = json!(holds);
        ctx["overdue"] = json!(overdue);
        // Open alerts on the parties of the requests still in procedure or delivery (the
        // parties are watched; an analyst decides, the committee should know).
        let mut party_alerts = Vec::new();
        for c in cases.iter().filter(|c| !c.case.phase.is_terminal()) {
            for w in engine.party_watch(&c.reference, c.case.content.parties.len()).await? {
                for a in &w.open_alerts {
                    party_alerts.push(json!({"reference": c.reference, "party": w.party + 1,
                        "name": c.case.content.parties.get(w.party).map(|p| p.name.clone()),
                        "record": a.alert.record_id, "score": a.alert.score, "raised_at": a.raised_at}));
                }
            }
        }
        ctx["party_alerts"] = json!(party_alerts);
    }
    if reads_alerts(account) {
        let alerts = engine.alerts(true, 20).await?;
        ctx["alerts"] = json!(alerts.iter().map(alert_row).collect::<Vec<_>>());
    }
    Ok(ctx)
}

/// One alert as a table row.
pub(crate) fn alert_row(a: &embargo_store::watch::AlertRow) -> Value {
    json!({"id": a.id, "subject": a.alert.subject_id, "record": a.alert.record_id,
        "score": a.alert.score, "status": a.status, "raised_at": a.raised_at,
        "change": a.alert.change,
        "listed_name": a.alert.hit.get("listed_name").or_else(|| a.alert.identity.get("name")),
        "reference": a.alert.hit.get("reference")})
}

pub(crate) async fn readable(
    state: &AppState,
    account: &Account,
    reference: &str,
) -> Result<embargo_engine::requests::RequestView, PageError> {
    if !reads_requests(account) {
        return Err(PageError::Forbidden(format!(
            "a {} account does not read requests",
            account.role.as_str()
        )));
    }
    let view = state.engine.show(reference).await?;
    if !views::can_read(account, &view.case) {
        return Err(EngineError::NotFound(format!("request {reference}")).into());
    }
    Ok(view)
}

/// `GET /ui/requests/{reference}`.
pub(crate) async fn request_page(
    State(state): State<AppState>,
    Extension(cache): Extension<Arc<VerifyCache>>,
    web: Web,
    Path(reference): Path<String>,
) -> Response {
    request_response(&state, &cache, &web, &reference, StatusCode::OK, None).await
}

async fn request_response(
    state: &AppState,
    cache: &VerifyCache,
    web: &Web,
    reference: &str,
    status: StatusCode,
    error: Option<(String, Vec<Value>)>,
) -> Response {
    match request_ctx(state, cache, &web.account, reference).await {
        Ok(mut ctx) => {
            if let Some((message, problems)) = error {
                ctx["error"] = json!({"message": message, "problems": problems});
            }
            page_with_status(web, status, "request.html", &format!("Request {reference}"), "", ctx)
        }
        Err(e) => e.page(web),
    }
}

/// The actions `account` may take on a case in `phase` (the engine decides in the end).
fn actions(
    account: &Account,
    case: &embargo_domain::procedure::machine::Case,
) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    let phase = case.phase;
    let owner =
        account.actor().is_some_and(|a| a.id == case.owner) && account.role == Role::Submitter;
    let office = matches!(account.role, Role::Chair | Role::Secretariat);
    match phase {
        Phase::Draft if owner => {
            out.extend(["edit", "clear", "submit", "withdraw"]);
        }
        Phase::Submitted => {
            if office {
                out.extend(["circulate", "ask", "reject", "lapse"]);
            }
            if owner {
                out.extend(["answer", "withdraw"]);
            }
        }
        Phase::Pending => {
            if account.role == Role::Member {
                out.extend(["hold", "lift", "extend_hold", "ask", "object"]);
            }
            if office {
                out.extend(["ask", "approve", "reject", "lapse"]);
            }
            if owner {
                out.extend(["answer", "withdraw"]);
            }
        }
        p if p.is_approved() => {
            if owner || office {
                out.extend(["deliver", "report", "incident"]);
            }
            if account.role == Role::Member {
                out.insert("incident");
            }
        }
        _ => {}
    }
    out
}

async fn request_ctx(
    state: &AppState,
    cache: &VerifyCache,
    account: &Account,
    reference: &str,
) -> Result<Value, PageError> {
    let view = readable(state, account, reference).await?;
    let case = view.case.clone();
    let mut value =
        serde_json::to_value(&view).map_err(|e| EngineError::Internal(e.to_string()))?;
    let hides = views::hides_members(account);
    if hides {
        views::redact(&mut value);
    }
    let parties = state.engine.explained_party_hits(&case).await?;
    // Analysts' decisions on the parties' alerts (the watch registers every party); who
    // decided is shown to the roles that read alerts.
    let names_deciders = reads_alerts(account);
    let mut decisions: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for w in state.engine.party_watch(reference, case.content.parties.len()).await? {
        let entry = decisions.entry(w.party.to_string()).or_default();
        for a in &w.open_alerts {
            entry.push(json!({"text": format!("open alert on {} ({:.0}%)", a.alert.record_id, a.alert.score * 100.0),
                "alert": a.id}));
        }
        for d in &w.decisions {
            let by = if names_deciders { format!(" by {}", d.actor) } else { String::new() };
            entry.push(json!({"text": format!("{} {}{by} on {}: {}", d.record_id, d.outcome, d.decided_at, d.reason)}));
        }
    }
    let verified = chain_verified(state, cache).await?;
    let events: Vec<Value> = value["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            // The event's body is flattened into the chained event.
            let body = if e.get("body").is_some() { &e["body"] } else { &e };
            let actor = format!(
                "{}:{}",
                body["actor"]["role"].as_str().unwrap_or(""),
                body["actor"]["id"].as_str().unwrap_or("")
            );
            json!({"seq": e["seq"], "kind": body["kind"].as_str().unwrap_or("").replace('_', " "),
                "at": body["at"], "actor": actor, "from": body["from"], "to": body["to"],
                "hash": e["hash"].as_str().map(|h| h.chars().take(12).collect::<String>())})
        })
        .collect();
    let acts = actions(account, &case);
    let my_hold = account.state.map(|s| s.as_str().to_owned());
    let holds: Vec<Value> = case
        .holds
        .iter()
        .enumerate()
        .map(|(i, h)| {
            json!({"index": i, "member": if hides { None } else { Some(&h.member) },
                "mine": my_hold.as_deref() == Some(h.member.as_str()) && account.role == Role::Member,
                "reason": h.reason, "information_requested": h.information_requested,
                "placed_on": h.placed_on.to_string(), "expires_on": h.expires_on.map(|d| d.to_string()),
                "lifted_on": h.lifted_on.map(|d| d.to_string()),
                "lifted_how": h.lifted_how.map(|x| x.as_str())})
        })
        .collect();
    let today = state.engine.procedure_today().await?;
    Ok(json!({
        "reference": reference,
        "status": view.status.as_str(),
        "version": view.version,
        "case": value["case"],
        "ledger": case.ledger,
        "holds": holds,
        "parties": parties,
        "decisions": decisions,
        "events": events,
        "chain_verified": verified.0,
        "chain_head": verified.1,
        "actions": acts,
        "deadline_days": case.deadline.and_then(|d| state.engine.working_days_until(today, d)),
        "today": today.to_string(),
        "hides_members": hides,
    }))
}

/// `POST /ui/requests/{reference}/act`: one command of the procedure from a form.
pub(crate) async fn act(
    State(state): State<AppState>,
    Extension(cache): Extension<Arc<VerifyCache>>,
    web: Web,
    Path(reference): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let fields = match checked(&web, form) {
        Ok(f) => f,
        Err(e) => return e.page(&web),
    };
    if let Err(e) = readable(&state, &web.account, &reference).await {
        return e.page(&web);
    }
    let Some(actor) = web.account.actor() else {
        return PageError::Forbidden(format!(
            "a {} account does not act in the procedure",
            web.account.role.as_str()
        ))
        .page(&web);
    };
    let intent = match intent_of(&fields) {
        Ok(i) => i,
        Err(e) => {
            return request_response(
                &state,
                &cache,
                &web,
                &reference,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((e.to_string(), vec![])),
            )
            .await
        }
    };
    let options = ActOptions {
        expected_version: fields.get("version").and_then(|v| v.parse().ok()),
        idempotency_key: None,
        simulated_now: None,
    };
    match state.engine.act(&reference, intent, &actor, options).await {
        Ok(_) => Redirect::to(&format!("/ui/requests/{}", encode(&reference))).into_response(),
        Err(e) => {
            let status = crate::error::status_of(&e);
            let problems = e.problems().iter().map(|p| json!(p)).collect();
            let mut message = PageError::Engine(e).message();
            if views::hides_members(&web.account) {
                let mut v = Value::String(message.clone());
                views::redact(&mut v);
                message = v.as_str().unwrap_or_default().to_owned();
            }
            request_response(&state, &cache, &web, &reference, status, Some((message, problems)))
                .await
        }
    }
}

/// The last verification of the whole audit log: the head it was made at, when, and its
/// outcome. A request's page shows it while the head has not moved and for at most
/// [`VERIFY_AGAIN_AFTER`]; otherwise the log is verified again (every event's hash and link,
/// every request replayed).
#[derive(Debug, Default)]
pub(crate) struct VerifyCache(Mutex<Option<(i64, Instant, bool)>>);

/// How long a verification is reused while the head has not moved.
const VERIFY_AGAIN_AFTER: Duration = Duration::from_secs(60);

async fn chain_verified(state: &AppState, cache: &VerifyCache) -> Result<(bool, i64), PageError> {
    let seq = state.engine.audit_head_seq().await?;
    if let Ok(last) = cache.0.lock() {
        if let Some((at_seq, at, ok)) = *last {
            if at_seq == seq && at.elapsed() < VERIFY_AGAIN_AFTER {
                return Ok((ok, seq));
            }
        }
    }
    let ok = state.engine.verify_audit(None).await?.ok();
    if let Ok(mut last) = cache.0.lock() {
        *last = Some((seq, Instant::now(), ok));
    }
    Ok((ok, seq))
}

/// Percent-encodes a path segment.
pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn number(fields: &super::Fields, name: &str) -> Result<u64, EngineError> {
    let raw = fields.get(name).ok_or_else(|| EngineError::invalid_field(name, "required"))?;
    raw.parse()
        .map_err(|_| EngineError::invalid_field(name, format!("`{raw}` is not a whole number")))
}

/// The intent a form asks for, read as the API reads a command body (unknown or computed
/// fields cannot be sent).
fn intent_of(fields: &super::Fields) -> Result<Intent, EngineError> {
    let command = fields.get("command").unwrap_or("");
    let text = |n: &str| fields.get(n).map(str::to_owned);
    let body = match command {
        "submit" | "circulate" => json!({"command": command}),
        "withdraw" => json!({"command": "withdraw", "reason": text("reason")}),
        "hold" => json!({"command": "hold", "reason": text("reason").unwrap_or_default(),
            "information_requested": text("information_requested")}),
        "lift" | "extend_hold" => json!({"command": command, "hold": number(fields, "hold")?}),
        "ask" => json!({"command": "ask", "question": text("question").unwrap_or_default()}),
        "answer" => json!({"command": "answer", "question": number(fields, "question")?,
            "answer": text("answer").unwrap_or_default()}),
        "object" | "reject" | "lapse" => {
            json!({"command": command, "reason": text("reason").unwrap_or_default()})
        }
        "approve" => {
            let mut items = Vec::new();
            let mut partial = false;
            for (k, _) in &fields.0 {
                if let Some(i) = k.strip_prefix("approve_") {
                    let item: usize =
                        i.parse().map_err(|_| EngineError::invalid_field(k, "not an item"))?;
                    let quantity = number(fields, k)?;
                    let requested = fields
                        .get(&format!("requested_{item}"))
                        .and_then(|v| v.parse::<u64>().ok());
                    partial |= requested != Some(quantity);
                    items.push(json!({"item": item, "quantity": quantity}));
                }
            }
            let conditions: Vec<&str> = fields
                .get("conditions")
                .unwrap_or("")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            json!({"command": "approve", "items": if partial { Some(items) } else { None }, "conditions": conditions})
        }
        "deliver" => {
            let mut lines = Vec::new();
            for (k, v) in &fields.0 {
                if let Some(i) = k.strip_prefix("deliver_") {
                    if v.trim().is_empty() {
                        continue;
                    }
                    let item: usize =
                        i.parse().map_err(|_| EngineError::invalid_field(k, "not an item"))?;
                    let quantity = number(fields, k)?;
                    if quantity > 0 {
                        lines.push(json!({"item": item, "quantity": quantity}));
                    }
                }
            }
            json!({"command": "deliver", "date": text("date").unwrap_or_default(), "lines": lines})
        }
        "report" => json!({"command": "report", "delivery": number(fields, "delivery")?,
            "text": text("text").unwrap_or_default()}),
        "incident" => json!({"command": "incident", "kind": text("kind").unwrap_or_default(),
            "date": text("date").unwrap_or_default(), "description": text("description").unwrap_or_default()}),
        "clear" => json!({"command": "clear", "party": number(fields, "party")?,
            "reference": text("reference").unwrap_or_default(), "reason": text("reason").unwrap_or_default()}),
        other => {
            return Err(EngineError::invalid_field(
                "command",
                format!("`{other}` is not a command of this page"),
            ))
        }
    };
    serde_json::from_value(body).map_err(|e| EngineError::invalid_field("command", e))
}
