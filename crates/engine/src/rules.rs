//! The rules, loaded once: the regime registry, committee membership and offices, procedure
//! parameters, the UN HQ calendar and the committee's time zone.
//!
//! The regime data is compiled into the binary ([`Rules::embedded`]), so an installed
//! `embargo` and the server need no checkout; `regimes/` stays the source of truth and
//! `--regimes DIR` ([`Rules::load`]) overrides it.

use std::path::Path;

use embargo_domain::procedure::ground::ParamsFile;
use embargo_domain::procedure::machine::Context;
use embargo_domain::procedure::{Committee, Offices};
use embargo_domain::{Calendar, Registry};
use include_dir::{include_dir, Dir};

use crate::EngineError;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../regimes");

/// Everything a check or a command is judged by.
#[derive(Debug)]
pub struct Rules {
    /// The regimes.
    pub registry: Registry,
    /// Council (and committee) membership per year.
    pub committee: Committee,
    /// Chairs per regime and year; the secretariat's identifiers.
    pub offices: Offices,
    /// Procedure parameters per regime.
    pub params: ParamsFile,
    /// UN Headquarters working days.
    pub calendar: Calendar,
    /// The committee's time zone.
    pub time_zone: jiff::tz::TimeZone,
    /// Where the rules came from (`embedded` or a directory).
    pub origin: String,
}

/// The files of a rules set, as text.
#[derive(Debug, Default)]
pub struct Sources {
    /// Every `*.toml` (name, text), in name order.
    pub regimes: Vec<(String, String)>,
    /// `procedure/committee-members.json`.
    pub committee: String,
    /// `procedure/committee-offices.json`.
    pub offices: String,
    /// `procedure/parameters.json`.
    pub params: String,
}

/// The registry of the regime files; every error names its file, line and field.
fn registry(regimes: Vec<(String, String)>) -> Result<Registry, EngineError> {
    Registry::from_sources(regimes).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        EngineError::invalid(format!(
            "invalid regime data ({} error(s)):\n  {}",
            lines.len(),
            lines.join("\n  ")
        ))
    })
}

impl Rules {
    /// The rules compiled into the binary.
    pub fn embedded() -> Result<Rules, EngineError> {
        let mut sources = Sources::default();
        collect_embedded(&EMBEDDED, &mut sources.regimes);
        sources.regimes.sort();
        let text = |name: &str| -> Result<String, EngineError> {
            EMBEDDED
                .get_file(name)
                .and_then(|f| f.contents_utf8())
                .map(str::to_owned)
                .ok_or_else(|| EngineError::Internal(format!("embedded regime data lacks {name}")))
        };
        sources.committee = text("procedure/committee-members.json")?;
        sources.offices = text("procedure/committee-offices.json")?;
        sources.params = text("procedure/parameters.json")?;
        Rules::from_sources(sources, "embedded")
    }

    /// The rules in a directory laid out like `regimes/`.
    pub fn load(dir: &Path) -> Result<Rules, EngineError> {
        if !dir.is_dir() {
            return Err(EngineError::invalid(format!(
                "regime directory {} not found",
                dir.display()
            )));
        }
        let mut sources = Sources::default();
        read_dir(dir, &mut sources.regimes)?;
        sources.regimes.sort();
        let proc = dir.join("procedure");
        let mut unreadable = Vec::new();
        let mut read = |name: &str| -> String {
            let path = proc.join(name);
            std::fs::read_to_string(&path).unwrap_or_else(|e| {
                unreadable.push(format!("cannot read {}: {e}", path.display()));
                String::new()
            })
        };
        sources.committee = read("committee-members.json");
        sources.offices = read("committee-offices.json");
        sources.params = read("parameters.json");
        if !unreadable.is_empty() {
            // The regime files' own errors (file, line, field) come first.
            registry(sources.regimes)?;
            return Err(EngineError::invalid(unreadable.join("; ")));
        }
        Rules::from_sources(sources, &dir.display().to_string())
    }

    /// Builds the rules from their texts; every error names its file.
    pub fn from_sources(sources: Sources, origin: &str) -> Result<Rules, EngineError> {
        let registry = registry(sources.regimes)?;
        let committee = Committee::from_json(&sources.committee)
            .map_err(|e| EngineError::invalid(format!("procedure/committee-members.json: {e}")))?;
        let offices = Offices::from_json(&sources.offices, &committee)
            .map_err(|e| EngineError::invalid(format!("procedure/committee-offices.json: {e}")))?;
        let params = ParamsFile::from_json(&sources.params)
            .map_err(|e| EngineError::invalid(format!("procedure/parameters.json: {e}")))?;
        let time_zone = params.zone().map_err(|e| {
            EngineError::invalid(format!("procedure/parameters.json: time_zone: {e}"))
        })?;
        let calendar = registry
            .calendar("un-hq")
            .cloned()
            .ok_or_else(|| EngineError::invalid("no `un-hq` calendar in the regime data"))?;
        Ok(Rules {
            registry,
            committee,
            offices,
            params,
            calendar,
            time_zone,
            origin: origin.to_owned(),
        })
    }

    /// The state machine's context.
    pub fn ctx(&self) -> Context<'_> {
        Context {
            calendar: &self.calendar,
            committee: &self.committee,
            offices: &self.offices,
            time_zone: &self.time_zone,
        }
    }
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<(String, String)>) {
    for f in dir.files() {
        if f.path().extension().is_some_and(|x| x == "toml") {
            if let Some(text) = f.contents_utf8() {
                out.push((format!("regimes/{}", f.path().display()), text.to_owned()));
            }
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

fn read_dir(dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), EngineError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| EngineError::invalid(format!("cannot read {}: {e}", dir.display())))?;
    for e in entries {
        let path = e.map_err(|e| EngineError::Internal(e.to_string()))?.path();
        if path.is_dir() {
            read_dir(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "toml") {
            let bytes = std::fs::read(&path).map_err(|e| {
                EngineError::invalid(format!("cannot read {}: {e}", path.display()))
            })?;
            let text = String::from_utf8(bytes).map_err(|e| {
                EngineError::invalid(format!("{}: not valid UTF-8 ({e})", path.display()))
            })?;
            out.push((path.display().to_string(), text));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_rules_are_the_regimes_directory() {
        let embedded = Rules::embedded().unwrap();
        let dir =
            Rules::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../regimes")).unwrap();
        assert_eq!(embedded.registry.regimes().len(), dir.registry.regimes().len());
        assert!(embedded.offices.chair("un-libya", 2016).is_some());
    }
}
