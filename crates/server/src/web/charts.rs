//! Charts rendered on the server as SVG (no canvas, no script: a test and a screen reader can
//! read them): approved against delivered quantities per military-list category, requests and
//! decisions per month, alerts per list update. Each chart has a title, a description and its
//! numbers in a table beside it.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use embargo_engine::web::{category_totals, month_counts};
use serde_json::{json, Value};

use super::{page, reads_alerts, reads_requests, PageError, Web};
use crate::{views, AppState};

/// One series of a bar chart.
pub(crate) struct Series<'a> {
    pub name: &'a str,
    pub class: &'a str,
    pub values: Vec<u64>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A grouped bar chart: one group per label, one bar per series.
pub(crate) fn bar_chart(
    id: &str,
    title: &str,
    desc: &str,
    labels: &[String],
    series: &[Series],
) -> String {
    use std::fmt::Write;
    // A round top for the axis: 4 ticks of a 1, 2 or 5 × 10ⁿ step.
    let top_value = series.iter().flat_map(|s| s.values.iter().copied()).max().unwrap_or(0).max(4);
    let mut step = 1u64;
    while step * 4 < top_value {
        step = match step.to_string().as_bytes()[0] {
            b'1' => step * 2,
            b'2' => step / 2 * 5,
            _ => step * 2,
        };
    }
    let max = step * 4;
    let (left, top, bottom, height) = (60.0, 30.0, 40.0, 220.0);
    let group = (series.len() as f64) * 22.0 + 18.0;
    let width =
        (left + group * labels.len().max(1) as f64 + 20.0).max(left + 120.0 * series.len() as f64);
    let plot = height - top - bottom;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" id="{id}" class="chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(title),
        esc(desc)
    );
    // Axis and a few grid lines.
    for k in 0..=4 {
        let v = max as f64 * k as f64 / 4.0;
        let y = top + plot - plot * k as f64 / 4.0;
        let _ = write!(
            s,
            r#"<line class="grid" x1="{left}" x2="{:.0}" y1="{y:.1}" y2="{y:.1}"/><text class="axis" x="{:.0}" y="{:.1}" text-anchor="end">{:.0}</text>"#,
            width - 10.0,
            left - 6.0,
            y + 4.0,
            v
        );
    }
    for (g, label) in labels.iter().enumerate() {
        let x0 = left + group * g as f64 + 9.0;
        for (k, ser) in series.iter().enumerate() {
            let v = ser.values.get(g).copied().unwrap_or(0);
            let h = plot * v as f64 / max as f64;
            let x = x0 + 22.0 * k as f64;
            let y = top + plot - h;
            let _ = write!(
                s,
                r#"<rect class="bar {}" x="{x:.1}" y="{y:.1}" width="18" height="{h:.1}" data-label="{}" data-series="{}" data-value="{v}"><title>{}: {} {v}</title></rect>"#,
                ser.class,
                esc(label),
                esc(ser.name),
                esc(label),
                esc(ser.name)
            );
        }
        let _ = write!(
            s,
            r#"<text class="axis" x="{:.1}" y="{:.0}" text-anchor="middle">{}</text>"#,
            x0 + (group - 18.0) / 2.0,
            height - bottom + 16.0,
            esc(label)
        );
    }
    // Legend.
    for (k, ser) in series.iter().enumerate() {
        let x = left + 120.0 * k as f64;
        let _ = write!(
            s,
            r#"<rect class="bar {}" x="{x:.0}" y="6" width="12" height="12"/><text class="legend" x="{:.0}" y="16">{}</text>"#,
            ser.class,
            x + 16.0,
            esc(ser.name)
        );
    }
    s.push_str("</svg>");
    s
}

/// `GET /ui/charts`.
pub(crate) async fn charts_page(State(state): State<AppState>, web: Web) -> Response {
    match charts_ctx(&state, &web).await {
        Ok(ctx) => page(&web, "charts.html", "Charts", "/ui/charts", ctx),
        Err(e) => e.page(&web),
    }
}

async fn charts_ctx(state: &AppState, web: &Web) -> Result<Value, PageError> {
    let account = &web.account;
    let mut ctx = json!({});
    if reads_requests(account) {
        let cases = state.engine.readable_cases(|c| views::can_read(account, c)).await?;
        let totals = category_totals(&cases);
        let labels: Vec<String> = totals.iter().map(|t| t.category.clone()).collect();
        ctx["categories"] = json!(totals);
        ctx["deliveries_svg"] = json!(bar_chart(
            "chart-deliveries",
            "Approved against delivered, by military-list category",
            "Quantities approved by the committee and delivered so far, per category, over the requests you may read.",
            &labels,
            &[
                Series { name: "approved", class: "approved", values: totals.iter().map(|t| t.approved).collect() },
                Series { name: "delivered", class: "delivered", values: totals.iter().map(|t| t.delivered).collect() },
            ],
        ));
        let months = month_counts(&cases);
        let labels: Vec<String> = months.iter().map(|m| m.month.clone()).collect();
        ctx["months"] = json!(months);
        ctx["months_svg"] = json!(bar_chart(
            "chart-months",
            "Requests and decisions per month",
            "Requests submitted and decisions taken per month.",
            &labels,
            &[
                Series {
                    name: "submitted",
                    class: "submitted",
                    values: months.iter().map(|m| m.submitted).collect()
                },
                Series {
                    name: "decided",
                    class: "decided",
                    values: months.iter().map(|m| m.decided).collect()
                },
            ],
        ));
    }
    if reads_alerts(account) {
        let versions = state.engine.list_versions().await?;
        let mut by: BTreeMap<i64, u64> = BTreeMap::new();
        for a in state.engine.alerts(false, 100_000).await? {
            *by.entry(a.alert.list_version).or_default() += 1;
        }
        let label = |id: i64| {
            let v =
                serde_json::to_value(versions.iter().find(|v| v.id == id)).unwrap_or(Value::Null);
            match v["source"].as_str() {
                Some(src) => format!("{src} #{id}"),
                None => format!("#{id}"),
            }
        };
        let rows: Vec<Value> = by
            .iter()
            .map(|(id, n)| json!({"version": id, "label": label(*id), "alerts": n}))
            .collect();
        let labels: Vec<String> = by.keys().map(|id| label(*id)).collect();
        ctx["alerts"] = json!(rows);
        ctx["alerts_svg"] = json!(bar_chart(
            "chart-alerts",
            "Alerts per list update",
            "Alerts raised on watched subjects by each list version.",
            &labels,
            &[Series { name: "alerts", class: "alerts", values: by.values().copied().collect() }],
        ));
    }
    Ok(ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_their_values_and_labels_are_escaped() {
        let svg = bar_chart(
            "c",
            "T <1>",
            "d",
            &["ML1".into(), "A&B".into()],
            &[Series { name: "approved", class: "approved", values: vec![3000, 7] }],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"data-label="ML1" data-series="approved" data-value="3000""#));
        assert!(svg.contains("A&amp;B") && !svg.contains("A&B") && svg.contains("T &lt;1&gt;"));
        // The axis tops at a round number at or above the largest value.
        assert!(svg.contains(">4000</text>"), "{svg}");
    }
}
