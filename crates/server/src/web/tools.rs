//! The pages of the tools: the transfer check, screening (one name, watch it, a CSV in bulk),
//! alerts and decisions, lists (versions, diff, refresh status), regimes (grounds in force on a
//! date, the Libya timeline).

use std::collections::BTreeMap;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use embargo_engine::accounts::Role;
use embargo_engine::check::{explain_hit, CheckParams};
use embargo_engine::watch::{SubjectInput, ORIGIN_WATCH};
use embargo_engine::EngineError;
use serde::Deserialize;
use serde_json::{json, Value};

use super::pages::alert_row;
use super::{checked, page, page_with_status, reads_alerts, require, PageError, Web};
use crate::AppState;

const WATCH_WRITERS: &[Role] = &[Role::Analyst, Role::Licensing, Role::Admin];
const WATCH_READERS: &[Role] =
    &[Role::Analyst, Role::Licensing, Role::Admin, Role::Auditor, Role::Panel];

// ---------------------------------------------------------------------------------------
// Transfer check.

fn check_ctx(state: &AppState, values: &BTreeMap<String, String>, rows: usize) -> Value {
    json!({
        "values": values,
        "item_rows": rows,
        "today": state.engine.today().to_string(),
        "categories": ["government_forces", "un_personnel", "media", "humanitarian", "non_state", "private", "other"],
        "purposes": ["security_assistance", "disarmament", "humanitarian", "protective", "personal_use", "training", "other"],
    })
}

/// `GET /ui/check`.
pub(crate) async fn check_page(State(state): State<AppState>, web: Web) -> Response {
    let mut values = BTreeMap::new();
    values.insert("date".to_owned(), state.engine.today().to_string());
    page(&web, "check.html", "Transfer check", "/ui/check", check_ctx(&state, &values, 3))
}

/// The transfer a check form describes (PRODUCT.md's transfer contract), or the JSON pasted.
fn transfer_of(fields: &super::Fields) -> Result<String, EngineError> {
    if let Some(text) = fields.get("transfer_json") {
        return Ok(text.to_owned());
    }
    let get = |k: &str| fields.get(k).map(str::to_owned);
    let mut items = Vec::new();
    for i in 0..50 {
        let d = fields.get(&format!("items[{i}].description"));
        let c = fields.get(&format!("items[{i}].category"));
        let q = fields.get(&format!("items[{i}].quantity"));
        if d.is_none() && c.is_none() && q.is_none() {
            continue;
        }
        let quantity = match q {
            Some(q) => Some(q.parse::<i64>().map_err(|_| {
                EngineError::invalid_field(
                    &format!("items[{i}].quantity"),
                    format!("`{q}` is not a whole number"),
                )
            })?),
            None => None,
        };
        items.push(json!({"description": d.unwrap_or(""), "category": c.unwrap_or(""),
            "quantity": quantity, "lethal": fields.get(&format!("items[{i}].lethal")).is_some()}));
    }
    let mut end_user = json!({"name": get("end_user.name").unwrap_or_default(),
        "category": get("end_user.category").unwrap_or_default()});
    if let Some(g) = get("end_user.government") {
        end_user["government"] = json!(g);
    }
    let mut t = json!({
        "date": get("date").unwrap_or_default(),
        "origin": get("origin").unwrap_or_default(),
        "destination": get("destination").unwrap_or_default(),
        "end_user": end_user,
        "purpose": get("purpose").unwrap_or_default(),
        "temporary": fields.get("temporary").is_some(),
        "items": items,
    });
    if let Some(s) = get("supplier_state") {
        t["supplier_state"] = json!(s);
    }
    Ok(t.to_string())
}

/// `POST /ui/check`: the verdict per item, the next step, the procedure, the deadline and the
/// citations.
pub(crate) async fn check_post(
    State(state): State<AppState>,
    web: Web,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let fields = match checked(&web, form) {
        Ok(f) => f,
        Err(e) => return e.page(&web),
    };
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in &fields.0 {
        if k != "csrf" {
            values.insert(k.clone(), v.clone());
        }
    }
    let rows =
        (0..50).filter(|i| values.contains_key(&format!("items[{i}].description"))).count().max(3);
    let ctx = check_ctx(&state, &values, rows);
    let outcome = match transfer_of(&fields) {
        Ok(text) => state.engine.check_transfer("the form", &text, &CheckParams::default()).await,
        Err(e) => Err(e),
    };
    check_answer(&web, ctx, outcome)
}

/// The check page with a check's outcome: its result, or the error and its HTTP status.
fn check_answer<T, R: serde::Serialize>(
    web: &Web,
    mut ctx: Value,
    outcome: Result<(T, R), EngineError>,
) -> Response {
    let status = match outcome {
        Ok((_, result)) => {
            ctx["result"] = json!(result);
            StatusCode::OK
        }
        Err(e) => {
            let status = crate::error::status_of(&e);
            ctx["error"] = json!(PageError::Engine(e).message());
            status
        }
    };
    page_with_status(web, status, "check.html", "Transfer check", "/ui/check", ctx)
}

/// `POST /ui/check/file` (multipart: `csrf`, `file`): checks a transfer JSON file.
pub(crate) async fn check_file(
    State(state): State<AppState>,
    web: Web,
    multipart: Multipart,
) -> Response {
    let (csrf, file) = match read_upload(multipart).await {
        Ok(x) => x,
        Err(e) => return PageError::Engine(e).page(&web),
    };
    if let Err(e) = checked(&web, vec![("csrf".into(), csrf)]) {
        return e.page(&web);
    }
    let mut values = BTreeMap::new();
    values.insert("date".to_owned(), state.engine.today().to_string());
    let ctx = check_ctx(&state, &values, 3);
    let outcome = match file.filter(|f| !f.1.is_empty()) {
        None => Err(EngineError::invalid_field("file", "choose a transfer JSON file")),
        Some((name, bytes)) => match String::from_utf8(bytes) {
            Ok(text) => state.engine.check_transfer(&name, &text, &CheckParams::default()).await,
            Err(e) => Err(EngineError::invalid_field(
                "file",
                format!("{name}: not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
            )),
        },
    };
    check_answer(&web, ctx, outcome)
}

/// The CSRF token and the file (its name and bytes) of a multipart form.
async fn read_upload(
    mut multipart: Multipart,
) -> Result<(String, Option<(String, Vec<u8>)>), EngineError> {
    let mut csrf = String::new();
    let mut file = None;
    while let Some(field) =
        multipart.next_field().await.map_err(|e| EngineError::invalid_field("file", e))?
    {
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().unwrap_or("the file").to_owned();
        let bytes = field.bytes().await.map_err(|e| EngineError::invalid_field("file", e))?;
        match name.as_str() {
            "csrf" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => file = Some((file_name, bytes.to_vec())),
            _ => {}
        }
    }
    Ok((csrf, file))
}

// ---------------------------------------------------------------------------------------
// Screening.

#[derive(Debug, Deserialize)]
pub(crate) struct ScreenQuery {
    name: Option<String>,
    kind: Option<String>,
    birth_date: Option<String>,
    nationality: Option<String>,
}

/// `GET /ui/screening?name=…`: one name with explained hits.
pub(crate) async fn screening_page(
    State(state): State<AppState>,
    web: Web,
    Query(q): Query<ScreenQuery>,
) -> Response {
    let mut ctx = json!({"q": {"name": q.name, "kind": q.kind, "birth_date": q.birth_date, "nationality": q.nationality},
        "may_watch": WATCH_WRITERS.contains(&web.account.role)});
    let mut status = StatusCode::OK;
    if let Some(name) = q.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        match screen_one(
            &state,
            name,
            q.kind.as_deref(),
            q.birth_date.as_deref(),
            q.nationality.as_deref(),
        )
        .await
        {
            Ok(v) => ctx["result"] = v,
            Err(e) => {
                status = crate::error::status_of(&e);
                ctx["error"] = json!(PageError::Engine(e).message());
            }
        }
    }
    page_with_status(&web, status, "screening.html", "Screening", "/ui/screening", ctx)
}

async fn screen_one(
    state: &AppState,
    name: &str,
    kind: Option<&str>,
    birth_date: Option<&str>,
    nationality: Option<&str>,
) -> Result<Value, EngineError> {
    let kind = kind
        .filter(|k| !k.is_empty())
        .map(|k| {
            embargo_screening::Kind::parse(k).ok_or_else(|| {
                EngineError::invalid_field(
                    "kind",
                    format!("`{k}`: person, entity, vessel or aircraft"),
                )
            })
        })
        .transpose()?;
    let birth_date = birth_date
        .filter(|d| !d.trim().is_empty())
        .map(|d| {
            embargo_screening::BirthDate::parse(d.trim()).ok_or_else(|| {
                EngineError::invalid_field("birth_date", format!("`{d}` is not a date or year"))
            })
        })
        .transpose()?;
    let query = embargo_screening::Query {
        name: name.to_owned(),
        kind,
        birth_date,
        nationality: nationality.map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned),
        documents: vec![],
    };
    let result = state.engine.screen(query, &embargo_screening::Options::default()).await?;
    let hits: Vec<Value> = result
        .hits
        .iter()
        .map(|h| json!({"list": h.list, "reference": h.reference, "name": h.name, "matched_name": h.matched_name,
            "score": h.score, "explanation": explain_hit(h), "kind": h.kind,
            "alignments": h.explanation.alignments.iter().map(|a| json!({"query": a.query, "listed": a.listed, "similarity": a.similarity})).collect::<Vec<_>>()}))
        .collect();
    Ok(
        json!({"hits": hits, "lists": result.lists.iter().map(|v| v.label()).collect::<Vec<_>>(), "threshold": result.threshold}),
    )
}

/// `POST /ui/screening/watch`: puts a name under watch (its hits become alerts to decide).
pub(crate) async fn watch_name(
    State(state): State<AppState>,
    web: Web,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let fields = match checked(&web, form) {
        Ok(f) => f,
        Err(e) => return e.page(&web),
    };
    if let Err(e) = require(&web, WATCH_WRITERS, "watch names") {
        return e.page(&web);
    }
    let suffix = match embargo_engine::sessions::random_secret() {
        Ok(s) => s[..12].to_owned(),
        Err(e) => return PageError::Engine(e).page(&web),
    };
    let input = SubjectInput {
        id: format!("web-{suffix}"),
        name: fields.get("name").unwrap_or("").to_owned(),
        kind: fields.get("kind").unwrap_or("person").to_owned(),
        birth_date: fields.get("birth_date").map(str::to_owned),
        nationality: fields.get("nationality").map(str::to_owned),
        ..SubjectInput::default()
    };
    let subject = match input.validate(ORIGIN_WATCH) {
        Ok(s) => s,
        Err((field, m)) => {
            return PageError::Engine(EngineError::invalid_field(&field, m)).page(&web)
        }
    };
    match state.engine.add_and_screen_subjects(vec![Ok((0u64, subject))], &web.account.name).await {
        Ok(_) => Redirect::to("/ui/alerts").into_response(),
        Err(e) => PageError::Engine(e).page(&web),
    }
}

/// Most rows of one bulk upload.
const BULK_ROWS: usize = 10_000;

/// One row of a bulk upload, checked.
struct BulkRow {
    line: usize,
    name: String,
    kind: Option<String>,
    birth_date: Option<String>,
    nationality: Option<String>,
}

/// `POST /ui/screening/bulk` (multipart: `csrf`, `file`): screens every row of a CSV (`name`
/// column, optional `kind`, `birth_date`, `nationality`). Every row is checked first (a bad
/// one is named by line before anything is screened); then the result streams out as a CSV
/// download, one line per hit (or one saying no hit), so the browser's download shows the
/// progress; `X-Embargo-Rows` gives the number of rows.
pub(crate) async fn bulk(
    State(state): State<AppState>,
    web: Web,
    multipart: Multipart,
) -> Response {
    let (csrf, file) = match read_upload(multipart).await {
        Ok(x) => x,
        Err(e) => return PageError::Engine(e).page(&web),
    };
    let file = file.map(|(_, bytes)| bytes);
    if let Err(e) = checked(&web, vec![("csrf".into(), csrf)]) {
        return e.page(&web);
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return PageError::Engine(EngineError::invalid_field(
            "file",
            "choose a CSV file with a `name` column",
        ))
        .page(&web);
    };
    let rows = match bulk_rows(&bytes) {
        Ok(rows) => rows,
        Err(e) => return PageError::Engine(e).page(&web),
    };
    let count = rows.len();
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(64);
    let engine = state.clone();
    tokio::spawn(async move {
        let mut header = csv_line(&[
            "line",
            "name",
            "hit_list",
            "hit_reference",
            "hit_name",
            "score",
            "explanation",
        ]);
        if tx.send(std::mem::take(&mut header)).await.is_err() {
            return;
        }
        for row in rows {
            let line = row.line.to_string();
            let out = match screen_one(
                &engine,
                &row.name,
                row.kind.as_deref(),
                row.birth_date.as_deref(),
                row.nationality.as_deref(),
            )
            .await
            {
                Ok(result) => {
                    let hits = result["hits"].as_array().cloned().unwrap_or_default();
                    if hits.is_empty() {
                        csv_line(&[&line, &row.name, "", "", "", "", "no hit"])
                    } else {
                        hits.iter()
                            .map(|h| {
                                let s = |k: &str| h[k].as_str().unwrap_or("").to_owned();
                                let score = format!("{:.3}", h["score"].as_f64().unwrap_or(0.0));
                                csv_line(&[
                                    &line,
                                    &row.name,
                                    &s("list"),
                                    &s("reference"),
                                    &s("name"),
                                    &score,
                                    &s("explanation"),
                                ])
                            })
                            .collect()
                    }
                }
                // Rows were checked before; what fails now (the store, the index) is said on
                // the row, since the download has begun.
                Err(e) => csv_line(&[
                    &line,
                    &row.name,
                    "",
                    "",
                    "",
                    "",
                    &format!("error: {}", PageError::Engine(e).message()),
                ]),
            };
            if tx.send(out).await.is_err() {
                return; // the browser went away
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (Ok::<_, std::convert::Infallible>(chunk), rx))
    });
    let mut r = (StatusCode::OK, axum::body::Body::from_stream(stream)).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"screening-result.csv\""),
    );
    if let Ok(v) = HeaderValue::from_str(&count.to_string()) {
        h.insert("x-embargo-rows", v);
    }
    r
}

/// One CSV record (quoted where needed), with its line break.
fn csv_line(fields: &[&str]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(fields);
    w.into_inner().ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
}

/// Reads and checks every row of a bulk upload before anything is screened.
fn bulk_rows(bytes: &[u8]) -> Result<Vec<BulkRow>, EngineError> {
    let bad =
        |line: usize, m: String| EngineError::invalid_field("file", format!("line {line}: {m}"));
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let col = |n: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
    let name_col = col("name").ok_or_else(|| bad(1, "no `name` column".into()))?;
    let (kind_col, dob_col, nat_col) = (col("kind"), col("birth_date"), col("nationality"));
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        if i >= BULK_ROWS {
            return Err(bad(line, format!("more than {BULK_ROWS} rows; split the file")));
        }
        let record = record.map_err(|e| bad(line, e.to_string()))?;
        let get = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let name = get(Some(name_col)).ok_or_else(|| bad(line, "the name is empty".into()))?;
        embargo_screening::Query::name(&name)
            .validate()
            .map_err(|e| bad(line, format!("name: {e}")))?;
        let kind = get(kind_col);
        if let Some(k) = &kind {
            embargo_screening::Kind::parse(k).ok_or_else(|| {
                bad(line, format!("kind: `{k}`: person, entity, vessel or aircraft"))
            })?;
        }
        let birth_date = get(dob_col);
        if let Some(d) = &birth_date {
            embargo_screening::BirthDate::parse(d)
                .ok_or_else(|| bad(line, format!("birth_date: `{d}` is not a date or year")))?;
        }
        out.push(BulkRow { line, name, kind, birth_date, nationality: get(nat_col) });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Alerts.

#[derive(Debug, Deserialize)]
pub(crate) struct AlertsQuery {
    all: Option<String>,
}

/// `GET /ui/alerts` (`?all=1` with closed ones).
pub(crate) async fn alerts_page(
    State(state): State<AppState>,
    web: Web,
    Query(q): Query<AlertsQuery>,
) -> Response {
    if let Err(e) = require(&web, WATCH_READERS, "read alerts") {
        return e.page(&web);
    }
    let all = q.all.is_some();
    match state.engine.alerts(!all, 500).await {
        Ok(alerts) => page(
            &web,
            "alerts.html",
            "Alerts",
            "/ui/alerts",
            json!({"alerts": alerts.iter().map(alert_row).collect::<Vec<_>>(), "all": all}),
        ),
        Err(e) => PageError::Engine(e).page(&web),
    }
}

async fn alert_response(
    state: &AppState,
    web: &Web,
    id: &str,
    status: StatusCode,
    error: Option<String>,
) -> Response {
    if let Err(e) = require(web, WATCH_READERS, "read alerts") {
        return e.page(web);
    }
    let Ok(id) = id.parse::<i64>() else {
        return PageError::Engine(EngineError::NotFound(format!("alert {id}"))).page(web);
    };
    match state.engine.alert(id).await {
        Ok(view) => {
            let explanation = explain_json(&view.alert.alert.hit);
            page_with_status(
                web,
                status,
                "alert.html",
                &format!("Alert {id}"),
                "/ui/alerts",
                json!({"alert": view, "explanation": explanation, "error": error,
                    "may_decide": web.account.role == Role::Analyst, "reads_alerts": reads_alerts(&web.account)}),
            )
        }
        Err(e) => PageError::Engine(e).page(web),
    }
}

/// How a stored hit's names aligned, in one line (as [`explain_hit`] says it of a live hit).
fn explain_json(hit: &Value) -> Option<String> {
    let e = hit.get("explanation")?;
    let mut parts: Vec<String> = e["alignments"]
        .as_array()?
        .iter()
        .map(|a| {
            format!(
                "{}={} ({:.2})",
                a["query"].as_str().unwrap_or(""),
                a["listed"].as_str().unwrap_or(""),
                a["similarity"].as_f64().unwrap_or(0.0)
            )
        })
        .collect();
    for (key, label) in [("unmatched_query", "not found"), ("unmatched_listed", "listed only")] {
        let tokens: Vec<&str> =
            e[key].as_array().into_iter().flatten().filter_map(|u| u["token"].as_str()).collect();
        if !tokens.is_empty() {
            parts.push(format!("{label}: {}", tokens.join(" ")));
        }
    }
    Some(format!("matched `{}`: {}", hit["matched_name"].as_str().unwrap_or(""), parts.join("; ")))
}

/// `GET /ui/alerts/{id}`.
pub(crate) async fn alert_page(
    State(state): State<AppState>,
    web: Web,
    Path(id): Path<String>,
) -> Response {
    alert_response(&state, &web, &id, StatusCode::OK, None).await
}

/// `POST /ui/alerts/{id}` `{outcome, reason}`: the analyst's decision.
pub(crate) async fn decide(
    State(state): State<AppState>,
    web: Web,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let fields = match checked(&web, form) {
        Ok(f) => f,
        Err(e) => return e.page(&web),
    };
    if let Err(e) = require(&web, &[Role::Analyst], "decide on alerts") {
        return e.page(&web);
    }
    let Ok(n) = id.parse::<i64>() else {
        return PageError::Engine(EngineError::NotFound(format!("alert {id}"))).page(&web);
    };
    let outcome = fields.get("outcome").unwrap_or("");
    let reason = fields.get("reason").unwrap_or("");
    match state.engine.decide(n, outcome, reason, &web.account.name).await {
        Ok(_) => Redirect::to(&format!("/ui/alerts/{n}")).into_response(),
        Err(e) => {
            let status = crate::error::status_of(&e);
            alert_response(&state, &web, &id, status, Some(PageError::Engine(e).message())).await
        }
    }
}

// ---------------------------------------------------------------------------------------
// Lists and regimes.

#[derive(Debug, Deserialize)]
pub(crate) struct DiffQuery {
    old: Option<String>,
    new: Option<String>,
}

/// `GET /ui/lists` (`?old=ID&new=ID` for a diff).
pub(crate) async fn lists_page(
    State(state): State<AppState>,
    web: Web,
    Query(q): Query<DiffQuery>,
) -> Response {
    let versions = match state.engine.list_versions().await {
        Ok(v) => v,
        Err(e) => return PageError::Engine(e).page(&web),
    };
    let refresh = state.engine.refresh_status();
    let mut ctx = json!({"versions": versions, "refresh": refresh, "old": q.old, "new": q.new});
    let mut status = StatusCode::OK;
    if let (Some(old), Some(new)) = (q.old.as_deref(), q.new.as_deref()) {
        let parsed = old.parse::<i64>().ok().zip(new.parse::<i64>().ok());
        let outcome = match parsed {
            Some((o, n)) => state.engine.diff_versions(o, n).await,
            None => Err(EngineError::invalid_field("old", "choose two list versions")),
        };
        match outcome {
            Ok(diff) => ctx["diff"] = json!(diff),
            Err(e) => {
                status = crate::error::status_of(&e);
                ctx["error"] = json!(PageError::Engine(e).message());
            }
        }
    }
    page_with_status(&web, status, "lists.html", "Lists", "/ui/lists", ctx)
}

#[derive(Debug, Deserialize)]
pub(crate) struct RegimeQuery {
    id: Option<String>,
    as_of: Option<String>,
}

/// `GET /ui/regimes?id=&as_of=`: the grounds in force on a date, and the Libya timeline.
pub(crate) async fn regimes_page(
    State(state): State<AppState>,
    web: Web,
    Query(q): Query<RegimeQuery>,
) -> Response {
    let reg = &state.engine.rules().registry;
    let regimes = embargo_engine::regimes::regimes_view(reg);
    let id = q.id.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "un-libya".into());
    let today = state.engine.today();
    let as_of = match q.as_of.as_deref().filter(|s| !s.is_empty()) {
        Some(d) => match embargo_domain::dates::parse_date(d) {
            Ok(d) => d,
            Err(e) => return PageError::Engine(EngineError::invalid_field("as_of", e)).page(&web),
        },
        None => today,
    };
    let regime = match embargo_engine::regimes::regime_view(reg, &id, Some(as_of)) {
        Ok(v) => v,
        Err(e) => return PageError::Engine(e).page(&web),
    };
    let timeline = match embargo_engine::regimes::regime_view(reg, "un-libya", None) {
        Ok(v) => libya_timeline(&v, today),
        Err(e) => return PageError::Engine(e).page(&web),
    };
    page(
        &web,
        "regimes.html",
        "Regimes",
        "/ui/regimes",
        json!({"regimes": regimes, "id": id, "as_of": as_of.to_string(), "regime": regime, "timeline": timeline}),
    )
}

/// The Libya regime from 2011 to today: measures and grounds by the date they took effect or
/// ended, and the recognised governments, each with its citations.
fn libya_timeline(v: &Value, today: jiff::civil::Date) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let cite = |x: &Value| x["citations"].clone();
    for m in v["measures"].as_array().into_iter().flatten() {
        out.push(json!({"date": m["from"], "kind": "measure", "what": format!("measure {} ({}) takes effect", m["id"].as_str().unwrap_or(""), m["kind"].as_str().unwrap_or("")), "citations": cite(m)}));
        if let Some(to) = m["to"].as_str() {
            out.push(json!({"date": to, "kind": "measure", "what": format!("measure {} ends", m["id"].as_str().unwrap_or("")), "citations": cite(m)}));
        }
    }
    for g in v["grounds"].as_array().into_iter().flatten() {
        out.push(json!({"date": g["from"], "kind": "ground", "what": format!("ground {} — {}", g["id"].as_str().unwrap_or(""), g["title"].as_str().unwrap_or("")), "citations": cite(g)}));
        if let Some(to) = g["to"].as_str() {
            out.push(json!({"date": to, "kind": "ground", "what": format!("ground {} ends", g["id"].as_str().unwrap_or("")), "citations": cite(g)}));
        }
    }
    for c in v["governments"].as_array().into_iter().flatten() {
        for a in c["authorities"].as_array().into_iter().flatten() {
            for r in a["recognised"].as_array().into_iter().flatten() {
                out.push(json!({"date": r["from"], "kind": "government", "what": format!("{} recognised as the Government of {}", a["name"].as_str().unwrap_or(""), c["country"].as_str().unwrap_or("")), "citations": r["citations"]}));
                if let Some(to) = r["to"].as_str() {
                    out.push(json!({"date": to, "kind": "government", "what": format!("recognition of {} ends", a["name"].as_str().unwrap_or("")), "citations": r["citations"]}));
                }
            }
        }
    }
    let today = today.to_string();
    out.retain(|e| e["date"].as_str().is_some_and(|d| d >= "2011-01-01" && d <= today.as_str()));
    out.sort_by(|a, b| a["date"].as_str().cmp(&b["date"].as_str()));
    out
}
