//! What secondary attributes say beyond the names: date of birth, nationality and identity
//! documents, compared only where both sides have them.

use super::Adjustment;
use crate::{BirthDate, Query, Record};

fn norm_doc(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

fn date_text(d: &BirthDate) -> String {
    let mut s = if d.year_from == d.year_to {
        d.year_from.to_string()
    } else {
        format!("{}–{}", d.year_from, d.year_to)
    };
    if let Some(m) = d.month {
        s.push_str(&format!("-{m:02}"));
        if let Some(day) = d.day {
            s.push_str(&format!("-{day:02}"));
        }
    }
    s
}

/// Score changes from date of birth, nationality and documents (only where both sides have
/// data).
pub(crate) fn adjustments(query: &Query, record: &Record) -> Vec<Adjustment> {
    let mut out = Vec::new();
    if let Some(qd) = &query.birth_date {
        if !record.birth_dates.is_empty() {
            let mut best: Option<(f64, String)> = None;
            for rd in &record.birth_dates {
                let overlap = qd.year_from <= rd.year_to && rd.year_from <= qd.year_to;
                let gap = if overlap {
                    0
                } else {
                    (qd.year_from - rd.year_to).max(rd.year_from - qd.year_to)
                };
                let (effect, what) = if overlap
                    && qd.year_from == qd.year_to
                    && rd.year_from == rd.year_to
                    && qd.month.is_some()
                    && qd.day.is_some()
                    && qd.month == rd.month
                    && qd.day == rd.day
                {
                    (0.08, "same date of birth")
                } else if overlap
                    && qd.month.is_some()
                    && rd.month.is_some()
                    && qd.month != rd.month
                    && rd.day.is_some()
                {
                    (0.0, "same year, different date")
                } else if overlap {
                    (0.04, "same year of birth")
                } else if gap <= 1 {
                    (0.0, "year of birth one apart")
                } else {
                    (-0.12, "different year of birth")
                };
                if best.as_ref().is_none_or(|(b, _)| effect > *b) {
                    best = Some((
                        effect,
                        format!("{what}: query {} vs listed {}", date_text(qd), date_text(rd)),
                    ));
                }
            }
            if let Some((effect, detail)) = best {
                out.push(Adjustment { attribute: "birth_date".into(), effect, detail });
            }
        }
    }
    if let Some(qn) = &query.nationality {
        let qn = qn.trim();
        if !qn.is_empty() && !record.nationalities.is_empty() {
            let same = record.nationalities.iter().any(|n| n.trim().eq_ignore_ascii_case(qn));
            let (effect, detail) = if same {
                (0.03, format!("nationality {qn} listed"))
            } else {
                (
                    -0.05,
                    format!(
                        "nationality {qn} not among listed {}",
                        record.nationalities.join(", ")
                    ),
                )
            };
            out.push(Adjustment { attribute: "nationality".into(), effect, detail });
        }
    }
    if !query.documents.is_empty() && !record.documents.is_empty() {
        let listed: Vec<String> =
            record.documents.iter().map(|d| norm_doc(d)).filter(|d| d.len() >= 4).collect();
        if let Some(d) = query.documents.iter().map(|d| norm_doc(d)).find(|d| listed.contains(d)) {
            out.push(Adjustment {
                attribute: "document".into(),
                effect: 0.15,
                detail: format!("document number {d} listed"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BirthDate, Query, Record};
    #[test]
    fn dates_adjust() {
        let rec = Record {
            id: "1".into(),
            list: "un".into(),
            reference: "X".into(),
            kind: crate::Kind::Person,
            names: vec!["A B".into()],
            birth_dates: vec![BirthDate::parse("1942-06-07").unwrap()],
            nationalities: vec!["LY".into()],
            documents: vec!["B/010342".into()],
        };
        let mut q = Query::name("A B");
        q.birth_date = BirthDate::parse("1942");
        q.nationality = Some("ly".into());
        q.documents = vec!["b010342".into()];
        let adj = adjustments(&q, &rec);
        let total: f64 = adj.iter().map(|a| a.effect).sum();
        assert!((total - (0.04 + 0.03 + 0.15)).abs() < 1e-9, "{adj:?}");
        q.birth_date = BirthDate::parse("1970");
        q.nationality = Some("SY".into());
        let total: f64 = adjustments(&q, &rec).iter().map(|a| a.effect).sum();
        assert!((total - (-0.12 - 0.05 + 0.15)).abs() < 1e-9);
    }
}
