//! The list versions the watched subjects were last re-screened against.

use super::*;

impl Store {
    /// The list version the watched subjects were last re-screened against, per list.
    pub async fn screened_versions(
        &self,
    ) -> Result<std::collections::HashMap<String, i64>, StoreError> {
        let rows =
            sqlx::query("SELECT source, version FROM watch_lists").fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| Ok((r.try_get::<String, _>("source")?, r.try_get::<i64, _>("version")?)))
            .collect()
    }

    /// Records that the subjects were re-screened against version `new` of `source`, if the
    /// mark is still `old` (`None`: no mark yet). Returns whether the mark moved (another
    /// process may have moved it first).
    pub async fn set_screened_version(
        &self,
        source: &str,
        old: Option<i64>,
        new: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool().begin().await?;
        let at = clock(&mut tx, self.backend()).await?.to_string();
        let moved = match old {
            None => sqlx::query(
                "INSERT INTO watch_lists (source, version, screened_at) VALUES ($1, $2, $3) ON CONFLICT (source) DO NOTHING",
            )
            .bind(source)
            .bind(new)
            .bind(&at)
            .execute(&mut *tx)
            .await?,
            Some(old) => sqlx::query(
                "UPDATE watch_lists SET version = $1, screened_at = $2 WHERE source = $3 AND version = $4",
            )
            .bind(new)
            .bind(&at)
            .bind(source)
            .bind(old)
            .execute(&mut *tx)
            .await?,
        }
        .rows_affected()
            == 1;
        tx.commit().await?;
        Ok(moved)
    }
}
