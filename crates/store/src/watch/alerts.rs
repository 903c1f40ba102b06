//! Alerts and the decisions on them: reading them, applying a screening's alert changes, and
//! recording a decision, each state change with its audit event in one transaction.

use super::*;

impl Store {
    /// Alerts, newest first; only open ones if `open_only`; at most `limit`.
    pub async fn alerts(&self, open_only: bool, limit: usize) -> Result<Vec<AlertRow>, StoreError> {
        let filter = if open_only { "WHERE status = 'open'" } else { "" };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = sqlx::query(&format!(
            "SELECT {ALERT_COLUMNS} FROM watch_alerts {filter} ORDER BY id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(alert_row).collect()
    }

    /// One alert.
    pub async fn alert(&self, id: i64) -> Result<AlertRow, StoreError> {
        let r = sqlx::query(&format!("SELECT {ALERT_COLUMNS} FROM watch_alerts WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("alert {id}")))?;
        alert_row(&r)
    }

    /// The open alerts of `subjects`.
    pub async fn open_alerts_of(&self, subjects: &[String]) -> Result<Vec<AlertRow>, StoreError> {
        let sql = |m: &str| {
            format!("SELECT {ALERT_COLUMNS} FROM watch_alerts WHERE status = 'open' AND subject_id IN ({m}) ORDER BY id")
        };
        select_in(self, subjects, sql, alert_row).await
    }

    /// The subjects with an open alert on one of `records`.
    pub async fn subjects_alerted_on(&self, records: &[String]) -> Result<Vec<String>, StoreError> {
        let sql = |m: &str| {
            format!("SELECT DISTINCT subject_id FROM watch_alerts WHERE status = 'open' AND record_id IN ({m})")
        };
        let ids =
            select_in(self, records, sql, |r| Ok(r.try_get::<String, _>("subject_id")?)).await?;
        let unique: std::collections::BTreeSet<String> = ids.into_iter().collect();
        Ok(unique.into_iter().collect())
    }

    /// The latest decision of each (subject, record) pair of `subjects`.
    pub async fn latest_decisions_of(
        &self,
        subjects: &[String],
    ) -> Result<Vec<DecisionRow>, StoreError> {
        let sql = |m: &str| {
            format!(
                "SELECT {DECISION_COLUMNS} FROM watch_decisions WHERE subject_id IN ({m}) \
                 AND id > (SELECT s.decisions_after FROM watch_subjects s WHERE s.id = watch_decisions.subject_id) ORDER BY id"
            )
        };
        // The latest decision of each pair: rows come in id order within a chunk, and a
        // subject's decisions all fall in its own chunk.
        let mut latest: std::collections::HashMap<(String, String), DecisionRow> =
            std::collections::HashMap::new();
        for d in select_in(self, subjects, sql, decision_row).await? {
            latest.insert((d.subject_id.clone(), d.record_id.clone()), d);
        }
        let mut out: Vec<DecisionRow> = latest.into_values().collect();
        out.sort_by_key(|d| d.id);
        Ok(out)
    }

    /// Every decision on one (subject, record) pair, oldest first.
    pub async fn decisions(
        &self,
        subject: &str,
        record: &str,
    ) -> Result<Vec<DecisionRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {DECISION_COLUMNS} FROM watch_decisions WHERE subject_id = $1 AND record_id = $2 ORDER BY id"
        ))
        .bind(subject)
        .bind(record)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(decision_row).collect()
    }

    /// Raises and closes alerts in one transaction with one audit event per kind of change.
    /// A raise on a pair that has an open alert by now, or a close of an alert closed by now,
    /// is skipped and counted (a concurrent screening or decision won).
    pub async fn apply_alert_changes(
        &self,
        changes: &AlertChanges,
        by: &str,
    ) -> Result<Applied, StoreError> {
        let mut applied = Applied::default();
        if changes.raise.is_empty() && changes.close.is_empty() {
            return Ok(applied);
        }
        let mut tx = self.pool().begin().await?;
        let tail = lock_head(&mut tx).await?;
        let recorded = clock(&mut tx, self.backend()).await?;
        let at = recorded.to_string();
        let mut closed_data = Vec::new();
        for (id, reason) in &changes.close {
            let r = sqlx::query(
                "UPDATE watch_alerts SET status = 'closed', closed_at = $1, closed_reason = $2 WHERE id = $3 AND status = 'open'",
            )
            .bind(&at)
            .bind(reason)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 1 {
                applied.closed.push(*id);
                closed_data.push(json!({ "id": id, "reason": reason }));
            } else {
                applied.skipped += 1;
            }
        }
        let mut raised_data = Vec::new();
        for a in &changes.raise {
            let open = sqlx::query(
                "SELECT id FROM watch_alerts WHERE subject_id = $1 AND record_id = $2 AND status = 'open'",
            )
            .bind(&a.subject_id)
            .bind(&a.record_id)
            .fetch_optional(&mut *tx)
            .await?;
            if open.is_some() {
                applied.skipped += 1;
                continue;
            }
            let r = sqlx::query(&format!(
                "INSERT INTO watch_alerts ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, NULL, NULL) RETURNING id",
                &ALERT_COLUMNS["id, ".len()..]
            ))
            .bind(&a.subject_id)
            .bind(&a.record_id)
            .bind(&a.fingerprint)
            .bind(to_json(&a.identity)?)
            .bind(a.score)
            .bind(to_json(&a.hit)?)
            .bind(a.list_version)
            .bind(to_json(&a.lists)?)
            .bind(&a.change)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
            let id: i64 = r.try_get("id")?;
            applied.raised.push(id);
            raised_data.push(json!({
                "id": id, "subject": a.subject_id, "record": a.record_id,
                "fingerprint": a.fingerprint, "score": a.score, "list_version": a.list_version,
                "change": a.change,
            }));
        }
        let mut bodies = Vec::new();
        if !closed_data.is_empty() {
            bodies.push(event(kinds::ALERTS_CLOSED, by, &at, json!({ "alerts": closed_data })));
        }
        if !raised_data.is_empty() {
            bodies.push(event(kinds::ALERTS_RAISED, by, &at, json!({ "alerts": raised_data })));
        }
        if bodies.is_empty() {
            tx.rollback().await?;
            return Ok(applied);
        }
        append(&mut tx, tail, bodies, written(recorded, "screen_subjects")).await?;
        if !raised_data.is_empty() {
            crate::webhooks::enqueue(
                &mut tx,
                "alert.raised",
                recorded,
                json!({ "alerts": raised_data }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(applied)
    }

    /// Records a decision on alert `alert_id` by `actor`. `confirmed` and `cleared` close the
    /// alert; `escalated` leaves it open. A decision on a closed alert is a conflict.
    pub async fn decide_alert(
        &self,
        alert_id: i64,
        outcome: &str,
        reason: &str,
        actor: &str,
    ) -> Result<(DecisionRow, AlertRow), StoreError> {
        if !outcomes::ALL.contains(&outcome) {
            return Err(StoreError::Invalid(format!(
                "outcome `{outcome}` is not one of confirmed, cleared, escalated"
            )));
        }
        let mut tx = self.pool().begin().await?;
        let tail = lock_head(&mut tx).await?;
        let recorded = clock(&mut tx, self.backend()).await?;
        let at = recorded.to_string();
        let r = sqlx::query(&format!("SELECT {ALERT_COLUMNS} FROM watch_alerts WHERE id = $1"))
            .bind(alert_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("alert {alert_id}")))?;
        let alert = alert_row(&r)?;
        if alert.status != statuses::OPEN {
            return Err(StoreError::Conflict(format!(
                "alert {alert_id} is closed ({}); decide on an open alert",
                alert.closed_reason.as_deref().unwrap_or("no reason recorded")
            )));
        }
        let r = sqlx::query(&format!(
            "INSERT INTO watch_decisions ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &DECISION_COLUMNS["id, ".len()..]
        ))
        .bind(&alert.alert.subject_id)
        .bind(&alert.alert.record_id)
        .bind(&alert.alert.fingerprint)
        .bind(to_json(&alert.alert.identity)?)
        .bind(outcome)
        .bind(reason)
        .bind(actor)
        .bind(alert_id)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let decision_id: i64 = r.try_get("id")?;
        let mut bodies = vec![event(
            kinds::DECISION,
            actor,
            &at,
            json!({
                "decision": decision_id, "alert": alert_id, "subject": alert.alert.subject_id,
                "record": alert.alert.record_id, "fingerprint": alert.alert.fingerprint,
                "outcome": outcome, "reason": reason,
            }),
        )];
        if outcome != outcomes::ESCALATED {
            let closed_reason = format!("decided: {outcome} by {actor}");
            sqlx::query(
                "UPDATE watch_alerts SET status = 'closed', closed_at = $1, closed_reason = $2 WHERE id = $3",
            )
            .bind(&at)
            .bind(&closed_reason)
            .bind(alert_id)
            .execute(&mut *tx)
            .await?;
            bodies.push(event(
                kinds::ALERTS_CLOSED,
                actor,
                &at,
                json!({ "alerts": [{ "id": alert_id, "reason": closed_reason }] }),
            ));
        }
        append(&mut tx, tail, bodies, written(recorded, kinds::DECISION)).await?;
        let r =
            sqlx::query(&format!("SELECT {DECISION_COLUMNS} FROM watch_decisions WHERE id = $1"))
                .bind(decision_id)
                .fetch_one(&mut *tx)
                .await?;
        let decision = decision_row(&r)?;
        let r = sqlx::query(&format!("SELECT {ALERT_COLUMNS} FROM watch_alerts WHERE id = $1"))
            .bind(alert_id)
            .fetch_one(&mut *tx)
            .await?;
        let alert = alert_row(&r)?;
        tx.commit().await?;
        Ok((decision, alert))
    }
}
