//! The committee's pages: the dashboard per role, a request with the actions the role may
//! take, and the draft form validated against the ground in force on the submission date.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use embargo_domain::procedure::intent::Intent;
use embargo_domain::procedure::machine::{Phase, Status};
use embargo_domain::procedure::RequestContent;
use embargo_engine::accounts::{Account, Role};
use embargo_engine::requests::ActOptions;
use embargo_engine::EngineError;
use serde::Deserialize;
use serde_json::{json, Map, Value};

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

async fn readable(
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

// ---------------------------------------------------------------------------------------
// The draft form.

#[derive(Debug, Deserialize)]
pub(crate) struct DraftQuery {
    reference: Option<String>,
}

/// The fields the form shows one by one; the rest of the content travels in `other` (JSON).
const PARTY_FIELDS: &[&str] = &["role", "name", "country", "category", "government", "details"];
const ITEM_FIELDS: &[&str] =
    &["description", "category", "quantity", "unit", "lethal", "lethal_justification", "calibre"];
const DOCUMENT_FIELDS: &[&str] = &["kind", "reference", "date", "issued_by"];

/// The form's values, by field path, from a content.
fn values_of(content: &Value) -> (BTreeMap<String, String>, Value) {
    let mut values = BTreeMap::new();
    let mut other = content.clone();
    let s = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(b) => {
            if *b {
                "on".into()
            } else {
                String::new()
            }
        }
        other => other.to_string(),
    };
    for key in ["ground", "title", "end_use", "purpose", "national_licence"] {
        values.insert(key.to_owned(), s(&content[key]));
        if let Some(o) = other.as_object_mut() {
            o.remove(key);
        }
    }
    for key in ["kind", "name", "country"] {
        values.insert(format!("submitter.{key}"), s(&content["submitter"][key]));
    }
    if let Some(o) = other.as_object_mut() {
        o.remove("submitter");
    }
    let mut rows = |list: &str, fields: &[&str], other: &mut Value| {
        if let Some(arr) = content[list].as_array() {
            for (i, row) in arr.iter().enumerate() {
                for f in fields {
                    values.insert(format!("{list}[{i}].{f}"), s(&row[*f]));
                    if let Some(o) = other[list][i].as_object_mut() {
                        o.remove(*f);
                    }
                }
            }
        }
    };
    rows("parties", PARTY_FIELDS, &mut other);
    rows("items", ITEM_FIELDS, &mut other);
    rows("documents", DOCUMENT_FIELDS, &mut other);
    let dates: Vec<String> = content["delivery"]["dates"]
        .as_array()
        .map(|a| a.iter().map(s).collect())
        .unwrap_or_default();
    values.insert("delivery.dates".into(), dates.join(", "));
    values
        .insert("delivery.mode_of_transport".into(), s(&content["delivery"]["mode_of_transport"]));
    values.insert("delivery.point_of_entry".into(), s(&content["delivery"]["point_of_entry"]));
    if let Some(d) = other["delivery"].as_object_mut() {
        d.remove("dates");
        d.remove("mode_of_transport");
        d.remove("point_of_entry");
    }
    (values, prune(other))
}

/// Drops empty objects, empty arrays of empties, nulls and defaults from what is left over.
fn prune(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let kept: Map<String, Value> =
                map.into_iter().map(|(k, v)| (k, prune(v))).filter(|(_, v)| !is_empty(v)).collect();
            Value::Object(kept)
        }
        Value::Array(items) => {
            let items: Vec<Value> = items.into_iter().map(prune).collect();
            if items.iter().all(is_empty) {
                Value::Array(vec![])
            } else {
                Value::Array(items)
            }
        }
        other => other,
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// Sets `path` (`a.b[2].c`) in `root`.
fn set_path(root: &mut Value, path: &str, value: Value) {
    let mut cur = root;
    for part in path.split('.') {
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        if !cur.is_object() {
            *cur = json!({});
        }
        let Value::Object(map) = cur else { return };
        cur = map.entry(key.to_owned()).or_insert(Value::Null);
        if let Some(i) = index {
            if !cur.is_array() {
                *cur = json!([]);
            }
            let Value::Array(arr) = cur else { return };
            while arr.len() <= i {
                arr.push(json!({}));
            }
            cur = &mut arr[i];
        }
    }
    *cur = value;
}

/// Merges `extra` into `base` (objects by key, arrays element by element).
fn merge(base: &mut Value, extra: &Value) {
    match (base, extra) {
        (Value::Object(b), Value::Object(e)) => {
            for (k, v) in e {
                merge(b.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (Value::Array(b), Value::Array(e)) => {
            for (i, v) in e.iter().enumerate() {
                if i < b.len() {
                    merge(&mut b[i], v);
                } else {
                    b.push(v.clone());
                }
            }
        }
        (b, e) => *b = e.clone(),
    }
}

/// A posted draft: the content it describes, the values to show again, and the problems
/// found before the engine could even read it (a quantity that is not a number, bad JSON).
struct Posted {
    reference: String,
    content: Value,
    values: BTreeMap<String, String>,
    other: String,
    early: Vec<Value>,
}

fn read_draft(fields: &super::Fields) -> Posted {
    let mut values = BTreeMap::new();
    let mut early = Vec::new();
    let mut raw_values: Vec<(String, String)> = Vec::new();
    let mut content =
        json!({"submitter": {}, "parties": [], "items": [], "documents": [], "delivery": {}});
    for (k, v) in &fields.0 {
        if matches!(k.as_str(), "csrf" | "action" | "reference" | "other") {
            continue;
        }
        values.insert(k.clone(), v.clone());
    }
    // Rows left entirely empty are dropped, and the rows renumbered.
    for (list, row_fields) in
        [("parties", PARTY_FIELDS), ("items", ITEM_FIELDS), ("documents", DOCUMENT_FIELDS)]
    {
        let mut i = 0;
        let mut out = 0;
        loop {
            let any_field =
                row_fields.iter().any(|f| values.contains_key(&format!("{list}[{i}].{f}")));
            if !any_field && i > 200 {
                break;
            }
            if !any_field {
                i += 1;
                continue;
            }
            let filled = row_fields.iter().any(|f| {
                values.get(&format!("{list}[{i}].{f}")).is_some_and(|v| !v.trim().is_empty())
            });
            if filled {
                for f in row_fields.iter() {
                    let path = format!("{list}[{out}].{f}");
                    let raw = values.get(&format!("{list}[{i}].{f}")).cloned().unwrap_or_default();
                    let raw = raw.trim().to_owned();
                    let v = match (list, *f) {
                        ("items", "lethal") => Value::Bool(!raw.is_empty()),
                        ("items", "quantity") => match raw.parse::<i64>() {
                            Ok(n) => json!(n),
                            Err(_) => {
                                raw_values.push((path.clone(), raw.clone()));
                                early.push(json!({"severity": "error", "code": "not_a_number", "path": path,
                                    "message": format!("`{raw}` is not a whole number"), "citation": ""}));
                                json!(0)
                            }
                        },
                        // Required text stays (empty) so validation names it; optional goes.
                        ("parties", "role" | "name" | "country")
                        | ("items", "description" | "category")
                        | ("documents", "kind" | "reference")
                            if raw.is_empty() =>
                        {
                            json!("")
                        }
                        _ if raw.is_empty() => Value::Null,
                        _ => Value::String(raw),
                    };
                    set_path(&mut content, &path, v);
                }
                out += 1;
            }
            i += 1;
        }
    }
    for key in [
        "ground",
        "title",
        "end_use",
        "purpose",
        "national_licence",
        "submitter.kind",
        "submitter.name",
        "submitter.country",
        "delivery.mode_of_transport",
        "delivery.point_of_entry",
    ] {
        let v = fields.get(key).map(|s| Value::String(s.to_owned())).unwrap_or(Value::Null);
        if matches!(key, "submitter.kind" | "submitter.name") && v.is_null() {
            set_path(&mut content, key, json!(""));
        } else {
            set_path(&mut content, key, v);
        }
    }
    if content["ground"].is_null() {
        content["ground"] = json!("");
    }
    let dates: Vec<Value> = fields
        .get("delivery.dates")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| json!(d))
        .collect();
    content["delivery"]["dates"] = json!(dates);
    let other = fields.get("other").unwrap_or("").to_owned();
    if !other.is_empty() {
        match serde_json::from_str::<Value>(&other) {
            Ok(extra) if extra.is_object() => merge(&mut content, &extra),
            Ok(_) => early
                .push(json!({"severity": "error", "code": "invalid_json", "path": "other",
                "message": "the other details must be a JSON object", "citation": ""})),
            Err(e) => early
                .push(json!({"severity": "error", "code": "invalid_json", "path": "other",
                "message": format!("not JSON: {e}"), "citation": ""})),
        }
    }
    // Drop the nulls, so that absent optional fields stay absent.
    let content = strip_nulls(content);
    // The form's own values are those just posted; row numbers follow the renumbering.
    let (mut values, _) = values_of(&content);
    values.extend(raw_values);
    Posted {
        reference: fields.get("reference").unwrap_or("").to_owned(),
        content,
        values,
        other,
        early,
    }
}

fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, strip_nulls(v))).collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

/// What the draft form shows.
struct DraftView<'a> {
    reference: &'a str,
    values: BTreeMap<String, String>,
    other: &'a str,
    exists: bool,
}

fn draft_ctx(
    state: &AppState,
    today: jiff::civil::Date,
    view: DraftView<'_>,
    problems: Vec<Value>,
    validation: Option<Value>,
) -> Value {
    let DraftView { reference, values, other, exists } = view;
    let rows = |list: &str, min: usize| {
        let n =
            (0..).take_while(|i| values.keys().any(|k| k.starts_with(&format!("{list}[{i}]."))));
        n.count().max(min - 1) + 1
    };
    // Each problem goes beside the field of its path, or of the nearest enclosing path the
    // form has a field for (`delivery.dates[1]` beside `delivery.dates`), or beside its
    // section (`items`, `parties`, `documents`); the rest is listed under "other details".
    let mut targets: BTreeSet<String> = values.keys().cloned().collect();
    for section in ["parties", "items", "documents", "reference", "ground", "other"] {
        targets.insert(section.to_owned());
    }
    let mut by_path: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut unplaced = Vec::new();
    for p in &problems {
        match place(p["path"].as_str().unwrap_or(""), &targets) {
            Some(target) => by_path.entry(target).or_default().push(p.clone()),
            None => unplaced.push(p.clone()),
        }
    }
    let grounds: Vec<Value> = state
        .engine
        .rules()
        .registry
        .regimes()
        .iter()
        .flat_map(|r| {
            r.ground.iter().map(
                move |g| json!({"id": format!("{}/{}", r.id(), g.local_id()), "title": g.title}),
            )
        })
        .collect();
    json!({
        "reference": reference,
        "exists": exists,
        "values": values,
        "other": other,
        "problems": problems,
        "by_path": by_path,
        "unplaced": unplaced,
        "validation": validation,
        "party_rows": rows("parties", 6),
        "item_rows": rows("items", 6),
        "document_rows": rows("documents", 3),
        "grounds": grounds,
        "party_roles": embargo_domain::procedure::model::PartyRole::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        "today": today.to_string(),
    })
}

/// The form target of a problem's path: the path itself or its nearest enclosing one.
fn place(path: &str, targets: &BTreeSet<String>) -> Option<String> {
    let mut p = path;
    while !p.is_empty() {
        if targets.contains(p) {
            return Some(p.to_owned());
        }
        p = match (p.ends_with(']'), p.rfind('['), p.rfind('.')) {
            (true, Some(i), _) => &p[..i],
            (_, _, Some(i)) => &p[..i],
            _ => "",
        };
    }
    None
}

fn require_submitter(web: &Web) -> Result<(), PageError> {
    super::require(web, &[Role::Submitter], "draft requests")
}

/// `GET /ui/draft` (`?reference=` to edit a stored draft).
pub(crate) async fn draft_page(
    State(state): State<AppState>,
    web: Web,
    Query(q): Query<DraftQuery>,
) -> Response {
    if let Err(e) = require_submitter(&web) {
        return e.page(&web);
    }
    let (reference, content, exists) = match q.reference.as_deref() {
        Some(r) => match readable(&state, &web.account, r).await {
            Ok(view) if view.case.phase == Phase::Draft => (
                r.to_owned(),
                serde_json::to_value(&view.case.content).unwrap_or(Value::Null),
                true,
            ),
            Ok(_) => {
                return PageError::Engine(EngineError::Conflict(format!(
                    "request {r} is no longer a draft"
                )))
                .page(&web)
            }
            Err(e) => return e.page(&web),
        },
        None => (String::new(), json!({}), false),
    };
    let (values, other) = values_of(&content);
    let other = if is_empty(&other) {
        String::new()
    } else {
        serde_json::to_string_pretty(&other).unwrap_or_default()
    };
    let today = match state.engine.procedure_today().await {
        Ok(d) => d,
        Err(e) => return PageError::Engine(e).page(&web),
    };
    let view = DraftView { reference: &reference, values, other: &other, exists };
    let ctx = draft_ctx(&state, today, view, vec![], None);
    page(&web, "draft.html", "Draft a request", "/ui/draft", ctx)
}

/// `POST /ui/draft`: `action` = `validate` (show every problem), `save` (create or amend the
/// draft) or `file` (save, then submit: refused while a problem blocks filing).
pub(crate) async fn draft_post(
    State(state): State<AppState>,
    web: Web,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let fields = match checked(&web, form) {
        Ok(f) => f,
        Err(e) => return e.page(&web),
    };
    if let Err(e) = require_submitter(&web) {
        return e.page(&web);
    }
    let action = fields.get("action").unwrap_or("validate").to_owned();
    let today = match state.engine.procedure_today().await {
        Ok(d) => d,
        Err(e) => return PageError::Engine(e).page(&web),
    };
    let posted = read_draft(&fields);
    let Posted { reference, content, values, other, early } = posted;
    // A stored draft is amended (its clearances of screening hits count in the validation);
    // otherwise the draft is created.
    let (exists, clearances) = match reference.is_empty() {
        true => (false, vec![]),
        false => match readable(&state, &web.account, &reference).await {
            Ok(v) if v.case.phase == Phase::Draft => (true, v.case.clearances),
            Ok(_) => {
                return PageError::Engine(EngineError::Conflict(format!(
                    "request {reference} is no longer a draft"
                )))
                .page(&web)
            }
            Err(PageError::Engine(EngineError::NotFound(_))) => (false, vec![]),
            Err(e) => return e.page(&web),
        },
    };
    // Once created here, the draft exists for the page shown next.
    let exists = std::sync::atomic::AtomicBool::new(exists);
    let respond = |status: StatusCode,
                   problems: Vec<Value>,
                   validation: Option<Value>,
                   message: Option<String>| {
        let view = DraftView {
            reference: &reference,
            values: values.clone(),
            other: &other,
            exists: exists.load(std::sync::atomic::Ordering::Relaxed),
        };
        let mut ctx = draft_ctx(&state, today, view, problems, validation);
        ctx["message"] = json!(message);
        page_with_status(&web, status, "draft.html", "Draft a request", "/ui/draft", ctx)
    };
    if !early.is_empty() {
        return respond(
            StatusCode::UNPROCESSABLE_ENTITY,
            early,
            None,
            Some("Correct the fields marked below.".into()),
        );
    }
    let parsed: RequestContent = match RequestContent::from_json(&content.to_string()) {
        Ok(c) => c,
        Err(e) => {
            let path = match &e {
                embargo_domain::procedure::model::ContentError::Json { path, .. } => path.clone(),
                _ => String::new(),
            };
            let p = json!({"severity": "error", "code": "invalid", "path": path, "message": e.to_string(), "citation": ""});
            return respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![p],
                None,
                Some("The draft cannot be read.".into()),
            );
        }
    };
    // Validate against the ground in force on the submission date (today, New York).
    let validation = match state
        .engine
        .validate_content(
            if reference.is_empty() { "draft" } else { &reference },
            &parsed,
            &clearances,
            today,
        )
        .await
    {
        Ok(v) => v,
        Err(EngineError::Invalid { field, message }) => {
            let p = json!({"severity": "error", "code": "invalid", "path": field.unwrap_or_else(|| "ground".into()), "message": message, "citation": ""});
            return respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![p],
                None,
                Some("The draft cannot be validated.".into()),
            );
        }
        Err(e) => return PageError::Engine(e).page(&web),
    };
    let problems: Vec<Value> = validation.problems.iter().map(|p| json!(p)).collect();
    let summary = json!({"ground": validation.ground, "filing": validation.filing, "citations": validation.citations,
        "fileable": validation.fileable, "as_of": validation.as_of.to_string(),
        "hits": validation.screening_hits});
    if action == "validate" {
        let message = if validation.fileable {
            "Nothing blocks filing."
        } else {
            "Problems block filing: see beside each field."
        };
        return respond(StatusCode::OK, problems, Some(summary), Some(message.into()));
    }
    if reference.is_empty() {
        let p = json!({"severity": "error", "code": "required", "path": "reference", "message": "give the request a reference (e.g. LY-2026-001)", "citation": ""});
        let mut all = vec![p];
        all.extend(problems);
        return respond(
            StatusCode::UNPROCESSABLE_ENTITY,
            all,
            Some(summary),
            Some("A reference is required to save.".into()),
        );
    }
    if action == "file" && !validation.fileable {
        return respond(
            StatusCode::UNPROCESSABLE_ENTITY,
            problems,
            Some(summary),
            Some("Not filed: problems block filing (see beside each field).".into()),
        );
    }
    let Some(actor) = web.account.actor() else {
        return PageError::Forbidden("no procedure identity".into()).page(&web);
    };
    let intent = if exists.load(std::sync::atomic::Ordering::Relaxed) {
        Intent::Amend { content: parsed }
    } else {
        Intent::New { content: parsed }
    };
    if let Err(e) = state.engine.act(&reference, intent, &actor, ActOptions::default()).await {
        let status = crate::error::status_of(&e);
        let msg = PageError::Engine(e).message();
        return respond(status, problems, Some(summary), Some(format!("Not saved: {msg}")));
    }
    exists.store(true, std::sync::atomic::Ordering::Relaxed);
    if action == "file" {
        if let Err(e) =
            state.engine.act(&reference, Intent::Submit {}, &actor, ActOptions::default()).await
        {
            let status = crate::error::status_of(&e);
            let mut all: Vec<Value> = e.problems().iter().map(|p| json!(p)).collect();
            all.extend(problems);
            let msg = PageError::Engine(e).message();
            return respond(
                status,
                all,
                Some(summary),
                Some(format!("Saved as a draft, not filed: {msg}")),
            );
        }
    }
    Redirect::to(&format!("/ui/requests/{}", encode(&reference))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_goes_beside_its_field_or_the_nearest_enclosing_one() {
        let targets: BTreeSet<String> =
            ["delivery.dates", "items[0].quantity", "items", "ground"].map(String::from).into();
        assert_eq!(place("items[0].quantity", &targets).as_deref(), Some("items[0].quantity"));
        assert_eq!(place("delivery.dates[1]", &targets).as_deref(), Some("delivery.dates"));
        assert_eq!(place("items[3].serial_numbers[2]", &targets).as_deref(), Some("items"));
        assert_eq!(place("weapons_in_service[0].calibre", &targets), None);
        assert_eq!(place("", &targets), None);
    }

    #[test]
    fn a_content_round_trips_through_the_form_fields() {
        let content = json!({"ground": "un-libya/x", "submitter": {"kind": "k", "name": "n"},
            "parties": [{"role": "end_user", "name": "A", "country": "LY", "category": "government_forces"}],
            "items": [{"description": "d", "category": "ML1", "quantity": 5, "lethal": true, "serial_numbers": ["S1"]}],
            "delivery": {"dates": ["2030-01-02"], "route": ["X"]}});
        let (values, other) = values_of(&content);
        assert_eq!(values["items[0].quantity"], "5");
        assert_eq!(values["items[0].lethal"], "on");
        assert_eq!(values["delivery.dates"], "2030-01-02");
        assert_eq!(
            other,
            json!({"items": [{"serial_numbers": ["S1"]}], "delivery": {"route": ["X"]}})
        );
        let mut form: Vec<(String, String)> = values.into_iter().collect();
        form.push(("other".into(), other.to_string()));
        let posted = read_draft(&super::super::Fields(form));
        assert!(posted.early.is_empty());
        let back: RequestContent = serde_json::from_value(posted.content).unwrap();
        let want: RequestContent = serde_json::from_value(content).unwrap();
        assert_eq!(back, want);
        // A row with a required field left empty is still read, so validation can name it.
        let form = vec![("parties[0].name".to_owned(), "B".to_owned())];
        let posted = read_draft(&super::super::Fields(form));
        assert_eq!(posted.content["parties"][0], json!({"name": "B", "role": "", "country": ""}));
    }
}
