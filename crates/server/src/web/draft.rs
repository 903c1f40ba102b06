//! The draft form: a request's content as form fields (and the rest as JSON), validated
//! against the ground in force on the submission date, every problem beside its field.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use embargo_domain::procedure::intent::Intent;
use embargo_domain::procedure::machine::Phase;
use embargo_domain::procedure::RequestContent;
use embargo_engine::accounts::Role;
use embargo_engine::requests::ActOptions;
use embargo_engine::EngineError;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{checked, page, page_with_status, PageError, Web};
use crate::AppState;

use super::pages::{encode, readable};

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
