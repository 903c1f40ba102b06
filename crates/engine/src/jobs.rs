//! Screening jobs run by workers (`embargo worker`, see `embargo-worker`): one chunk of a bulk
//! file screened with the engine's snapshot, so every result names the list versions it used.
//!
//! A chunk names the list versions the dispatcher saw ([`ScreenChunk::versions`]): a worker
//! whose snapshot holds other versions refreshes it from the store first; if the store's
//! current versions are still not the chunk's, the chunk is [`ChunkOutcome::NotCurrent`] (the
//! lists changed since the dispatch, or the worker cannot see them yet) and the caller decides
//! (retry later, or give up). So all the chunks of one job are screened against the same
//! versions, and the output is the one a local run on those versions gives.
//!
//! A re-screen of watched subjects (after a list update) is split into chunks of subject ids
//! ([`RescreenChunk`]); [`Engine::rescreen_chunk`] screens one chunk against the current lists
//! with the watch's one per-subject rule (`Engine::screen_subjects_by_id`), which writes the
//! alert changes through the store in their audited transactions. The rule is idempotent (at
//! most one open alert per subject and record), so a redelivered chunk raises nothing twice.
//! The actor recorded is the one the dispatcher stored with the job, never the message's.

use embargo_screening::{BirthDate, Hit, Kind, Options, Query};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{Engine, EngineError};

/// One row to screen, as it travels in a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobQuery {
    /// The name.
    pub name: String,
    /// `person`, `entity`, `vessel`, `aircraft`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Date of birth: `[year_from, year_to, month, day]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dob: Option<(i16, i16, Option<u8>, Option<u8>)>,
    /// Nationality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Identity documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
}

impl From<&Query> for JobQuery {
    fn from(q: &Query) -> JobQuery {
        JobQuery {
            name: q.name.clone(),
            kind: q.kind.map(|k| k.as_str().to_owned()),
            dob: q.birth_date.map(|d| (d.year_from, d.year_to, d.month, d.day)),
            nationality: q.nationality.clone(),
            documents: q.documents.clone(),
        }
    }
}

impl JobQuery {
    /// The query, or what is wrong with this row.
    pub fn to_query(&self) -> Result<Query, String> {
        let kind = match &self.kind {
            Some(k) => Some(Kind::parse(k).ok_or_else(|| format!("unknown kind `{k}`"))?),
            None => None,
        };
        let birth_date = self.dob.map(|(year_from, year_to, month, day)| BirthDate {
            year_from,
            year_to,
            month,
            day,
        });
        Ok(Query {
            name: self.name.clone(),
            kind,
            birth_date,
            nationality: self.nationality.clone(),
            documents: self.documents.clone(),
        })
    }
}

/// One chunk of a bulk screening job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreenChunk {
    /// The job's deterministic id.
    pub job: String,
    /// The chunk's number, from 0.
    pub chunk: u64,
    /// The ids of the list versions to screen against (every current version at dispatch).
    pub versions: Vec<i64>,
    /// Report hits scoring at least this.
    pub threshold: f64,
    /// At most this many hits per row.
    pub limit: usize,
    /// Lists to search (`None`: all).
    #[serde(default)]
    pub lists: Option<Vec<String>>,
    /// The rows.
    pub rows: Vec<JobQuery>,
}

/// The kind of a bulk screening job (and of its chunks' messages, by default).
pub const SCREEN: &str = "screen";
/// The kind of a re-screening job of watched subjects.
pub const RESCREEN: &str = "rescreen";

/// One chunk of a re-screening job: watched subjects' ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RescreenChunk {
    /// The job's deterministic id (stored, with its actor, before any chunk is published).
    pub job: String,
    /// The chunk's number, from 0.
    pub chunk: u64,
    /// The subjects (a full re-screen).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// Or the subjects of this id range (a catch-up after list updates: the job's parameters
    /// name the updates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<crate::watch::SubjectRange>,
}

/// One hit as a line of the bulk output, without the input's id and name: `list`,
/// `reference`, `kind`, `name`, `matched_name`, `score` (4 decimals), `explanation`.
pub type HitLine = [String; 7];

/// A screened chunk: for each row, its hits as output lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChunkResult {
    /// The ids of the list versions screened against.
    pub versions: Vec<i64>,
    /// Per row, in order, its hits.
    pub rows: Vec<Vec<HitLine>>,
}

impl ChunkResult {
    /// Number of hits.
    pub fn hits(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }
}

/// What screening a chunk gave.
#[derive(Debug, Clone, PartialEq)]
pub enum ChunkOutcome {
    /// Screened.
    Done(ChunkResult),
    /// The store's current list versions are not the chunk's.
    NotCurrent {
        /// The chunk's.
        wanted: Vec<i64>,
        /// The store's.
        current: Vec<i64>,
    },
}

/// One line explaining a hit: alignments, what was left over, attribute adjustments (the
/// `explanation` column of the bulk output and the `why:` line of a single screening).
pub fn explain_text(h: &Hit) -> String {
    let e = &h.explanation;
    let mut parts: Vec<String> = e
        .alignments
        .iter()
        .map(|a| {
            let kind = serde_json::to_value(a.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            format!("{}={} {kind} {:.2} (w {:.2})", a.query, a.listed, a.similarity, a.query_weight)
        })
        .collect();
    if !e.unmatched_query.is_empty() {
        let t: Vec<&str> = e.unmatched_query.iter().map(|u| u.token.as_str()).collect();
        parts.push(format!("not found: {}", t.join(" ")));
    }
    if !e.unmatched_listed.is_empty() {
        let t: Vec<&str> = e.unmatched_listed.iter().map(|u| u.token.as_str()).collect();
        parts.push(format!("listed only: {}", t.join(" ")));
    }
    for a in &e.adjustments {
        parts.push(format!("{} {:+.2}", a.detail, a.effect));
    }
    parts.join("; ")
}

/// A hit as an output line.
pub fn hit_line(h: &Hit) -> HitLine {
    [
        h.list.clone(),
        h.reference.clone(),
        h.kind.as_str().to_owned(),
        h.name.clone(),
        h.matched_name.clone(),
        format!("{:.4}", h.score),
        explain_text(h),
    ]
}

/// Sorted version ids.
pub fn version_ids(versions: &[crate::screen::VersionRef]) -> Vec<i64> {
    let mut ids: Vec<i64> = versions.iter().map(|v| v.id).collect();
    ids.sort_unstable();
    ids
}

impl Engine {
    /// Screens `chunk` with the current snapshot if it holds the chunk's list versions
    /// (refreshing it from the store when it does not). A row that is not a valid query is an
    /// error naming the chunk and the row (a dispatcher never sends one: it is a poison job).
    pub async fn screen_chunk(&self, chunk: &ScreenChunk) -> Result<ChunkOutcome, EngineError> {
        let mut wanted = chunk.versions.clone();
        wanted.sort_unstable();
        let queries: Vec<Query> = chunk
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                r.to_query().map_err(|e| {
                    EngineError::invalid_field(
                        "rows",
                        format!("job {} chunk {} row {}: {e}", chunk.job, chunk.chunk, i),
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        let mut loaded = self.index().await?;
        if version_ids(&loaded.versions) != wanted {
            self.refresh_index().await?;
            loaded = self.index().await?;
            let current = version_ids(&loaded.versions);
            if current != wanted {
                return Ok(ChunkOutcome::NotCurrent { wanted, current });
            }
        }
        let options = Options {
            threshold: chunk.threshold,
            limit: chunk.limit.max(1),
            lists: chunk.lists.clone(),
        };
        let rows = tokio::task::spawn_blocking(move || {
            queries
                .par_iter()
                .map(|q| loaded.index.search(q, &options).iter().map(hit_line).collect())
                .collect::<Vec<Vec<HitLine>>>()
        })
        .await
        .map_err(|e| EngineError::Internal(format!("screening a chunk: {e}")))?;
        Ok(ChunkOutcome::Done(ChunkResult { versions: wanted, rows }))
    }
}

impl Engine {
    /// Re-screens the subjects of `chunk` against the current lists and writes the alert
    /// changes (see the module documentation). The job must be stored as a re-screening job
    /// with its actor (`{"by": …}` in its parameters); otherwise the chunk is invalid.
    pub async fn rescreen_chunk(
        &self,
        chunk: &RescreenChunk,
    ) -> Result<crate::watch::ScreenReport, EngineError> {
        let invalid = |m: String| {
            EngineError::invalid_field(
                "job",
                format!("job {} chunk {}: {m}", chunk.job, chunk.chunk),
            )
        };
        let job = self
            .store()
            .job(&chunk.job)
            .await?
            .ok_or_else(|| invalid("no such job in the store".into()))?;
        if job.kind != RESCREEN {
            return Err(invalid(format!("a {} job, not a {RESCREEN} job", job.kind)));
        }
        let params: serde_json::Value = serde_json::from_str(&job.params)
            .map_err(|e| invalid(format!("unreadable parameters: {e}")))?;
        let by = params["by"]
            .as_str()
            .filter(|b| !b.trim().is_empty())
            .ok_or_else(|| invalid("no actor in its parameters".into()))?
            .to_owned();
        // Every chunk of a job is screened against the versions it was dispatched with.
        let wanted: Vec<i64> = serde_json::from_str(&job.versions)
            .map_err(|e| invalid(format!("unreadable list versions: {e}")))?;
        let mut wanted = wanted;
        wanted.sort_unstable();
        let mut loaded = self.index().await?;
        if version_ids(&loaded.versions) != wanted {
            self.refresh_index().await?;
            loaded = self.index().await?;
            let current = version_ids(&loaded.versions);
            if current != wanted {
                return Err(EngineError::Conflict(format!(
                    "job {} is re-screened against list versions {wanted:?} but the current versions are {current:?}",
                    chunk.job
                )));
            }
        }
        drop(loaded);
        match (params.get("updates"), &chunk.range) {
            (Some(updates), Some(range)) => {
                let updates: Vec<crate::watch::ListUpdate> =
                    serde_json::from_value(updates.clone())
                        .map_err(|e| invalid(format!("unreadable list updates: {e}")))?;
                self.rescreen_range_after_update(&updates, range, &by).await
            }
            (None, None) => self.screen_subjects_by_id(&chunk.subjects, &by).await,
            (Some(_), None) => {
                Err(invalid("a catch-up chunk without its range of subjects".into()))
            }
            (None, Some(_)) => {
                Err(invalid("a range of subjects in a job without list updates".into()))
            }
        }
    }

    /// The id of every `every`-th active watched subject in id order: the last ids of full
    /// chunks of `every` subjects.
    pub async fn subject_bounds(&self, every: usize) -> Result<Vec<String>, EngineError> {
        Ok(self.store().subject_bounds(every).await?)
    }

    /// The ids of the active watched subjects after `after`, by id, at most `limit`.
    pub async fn subject_ids_page(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<String>, EngineError> {
        let page = self.store().subjects_page(after, limit).await?;
        Ok(page.into_iter().map(|s| s.subject.id).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_travels_whole() {
        let q = Query {
            name: "Ivan Petrov".into(),
            kind: Some(Kind::Person),
            birth_date: BirthDate::parse("1960-1965"),
            nationality: Some("RU".into()),
            documents: vec!["123".into()],
        };
        let wire = serde_json::to_string(&JobQuery::from(&q)).unwrap();
        let back: JobQuery = serde_json::from_str(&wire).unwrap();
        assert_eq!(back.to_query().unwrap(), q);
        let bad = JobQuery { kind: Some("dragon".into()), ..back };
        assert!(bad.to_query().unwrap_err().contains("dragon"));
    }
}
