//! The registry of regime data: built from `(file name, text)` pairs handed in by the caller
//! (this crate does no IO), validated on construction, with errors naming file, line and field.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::civil::Date;
use serde::Deserialize;

use crate::authority::{AuthoritiesFile, AuthorityMatch};
use crate::calendar::{Calendar, CalendarFile};
use crate::country::CountryCode;
use crate::military::{MilitaryList, MlCategory};
use crate::regime::{Ground, ProcedureKind, Regime, SUBMITTER_KINDS};

/// A data-file error: file, line (1-based, when known), field path and message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The file name as handed in.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The field path (e.g. `ground[3] (res2174-p8).to`), when known.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The 1-based line of a field path such as `authority[3] (gna).recognised[1].to` or
/// `holiday[12].date` in a TOML text: arrays of tables are counted, ` (id)` labels ignored.
fn line_of_path(text: &str, path: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let (mut start, mut end) = (0, lines.len());
    let mut prefix = String::new();
    let mut result = None;
    let block_end = |from: usize, end: usize, full: &str| {
        (from + 1..end)
            .find(|&k| {
                let t = lines[k].trim();
                t.starts_with('[')
                    && !t.starts_with(&format!("[[{full}."))
                    && !t.starts_with(&format!("[{full}."))
            })
            .unwrap_or(end)
    };
    for seg in path.split('.') {
        let seg = seg.split(" (").next().unwrap_or(seg).trim();
        let (name, idx) = match seg.find('[') {
            Some(b) => (&seg[..b], seg[b + 1..].trim_end_matches(']').parse::<usize>().ok()),
            None => (seg, None),
        };
        let full = if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") };
        if let Some(n) = idx {
            let marker = format!("[[{full}]]");
            let h = (start..end).filter(|&k| lines[k].trim() == marker).nth(n)?;
            end = block_end(h, end, &full);
            start = h;
            result = Some(h + 1);
        } else if let Some(k) = (start..end).find(|&k| lines[k].trim() == format!("[{full}]")) {
            end = block_end(k, end, &full);
            start = k;
            result = Some(k + 1);
        } else if let Some(k) = (start..end).find(|&k| {
            let t = lines[k].trim_start();
            t.strip_prefix(name).is_some_and(|r| r.trim_start().starts_with('='))
        }) {
            return Some(k + 1);
        }
        prefix = full;
    }
    result
}

/// The field path (`ground[3].from`) of the `key = value` line holding a byte offset: the
/// key of that line, prefixed by the nearest table header above it (with its index for arrays
/// of tables).
fn field_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim();
    let key =
        line.split_once('=').map(|(k, _)| k.trim().to_string()).filter(|k| !k.starts_with('['));
    let mut header: Option<(String, bool)> = None;
    for l in text[..line_start].lines() {
        let l = l.trim();
        if let Some(h) = l.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
            header = Some((h.trim().to_string(), true));
        } else if let Some(h) = l.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            header = Some((h.trim().to_string(), false));
        }
    }
    let prefix = header.map(|(h, array)| {
        if array {
            let marker = format!("[[{h}]]");
            let n = text[..line_start].lines().filter(|l| l.trim() == marker).count();
            format!("{h}[{}]", n.saturating_sub(1))
        } else {
            h
        }
    });
    match (prefix, key) {
        (Some(p), Some(k)) => Some(format!("{p}.{k}")),
        (None, Some(k)) => Some(k),
        (Some(p), None) => Some(p),
        (None, None) => None,
    }
}

/// 1-based (line, column) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(offset, |nl| offset - nl - 1) + 1;
    (line, col)
}

struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl Source<'_> {
    /// An error for a field path found after deserialising: the line is looked up by path.
    fn err_path(&self, field: String, message: impl Into<String>) -> LoadError {
        LoadError {
            file: self.name.to_string(),
            line: line_of_path(self.text, &field),
            column: None,
            field: Some(field),
            message: message.into(),
        }
    }

    fn err(
        &self,
        span: Option<std::ops::Range<usize>>,
        field: Option<String>,
        message: impl Into<String>,
    ) -> LoadError {
        let (line, column) = match span {
            Some(s) => {
                let (l, c) = line_col(self.text, s.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        LoadError { file: self.name.to_string(), line, column, field, message: message.into() }
    }

    fn parse<T: for<'de> Deserialize<'de>>(&self) -> Result<T, LoadError> {
        toml::from_str(self.text).map_err(|e| {
            // The rendered error ends with the message; the key path is not exposed by the
            // API, so take it from the rendered text when present.
            let field = e
                .to_string()
                .lines()
                .find_map(|l| {
                    l.trim()
                        .strip_prefix("in `")
                        .and_then(|r| r.strip_suffix('`'))
                        .map(str::to_string)
                })
                .or_else(|| e.span().and_then(|sp| field_at(self.text, sp.start)));
            self.err(e.span(), field, e.message().trim().to_string())
        })
    }
}

#[derive(Deserialize)]
struct Head {
    kind: Option<String>,
}

/// All regime data: regimes, authorities, calendars and the military list.
#[derive(Debug, Clone)]
pub struct Registry {
    regimes: Vec<Regime>,
    authorities: BTreeMap<CountryCode, AuthoritiesFile>,
    calendars: BTreeMap<String, Calendar>,
    military: MilitaryList,
    files: Vec<(String, String)>,
}

/// Summary counts for `regimes check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Files read.
    pub files: usize,
    /// Regimes.
    pub regimes: usize,
    /// Measures over all regimes.
    pub measures: usize,
    /// Grounds over all regimes.
    pub grounds: usize,
    /// Authority records.
    pub authorities: usize,
    /// Calendar holidays.
    pub holidays: usize,
    /// Military-list categories.
    pub categories: usize,
}

impl Registry {
    /// Builds and validates the registry from `(file name, text)` pairs. Every file has a
    /// top-level `kind`: `regime`, `authorities`, `calendar` or `military_list`. Returns every
    /// error found (one per file at most), never a partial registry.
    pub fn from_sources(sources: Vec<(String, String)>) -> Result<Self, Vec<LoadError>> {
        let mut errors = Vec::new();
        let mut regimes: Vec<(usize, Regime)> = Vec::new();
        let mut authorities = BTreeMap::new();
        let mut calendars = BTreeMap::new();
        let mut military: Option<MilitaryList> = None;
        let mut files = Vec::new();
        for (idx, (name, text)) in sources.iter().enumerate() {
            let src = Source { name, text };
            let head: Head = match src.parse() {
                Ok(h) => h,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let result = match head.kind.as_deref() {
                Some("regime") => src.parse::<Regime>().map(|r| regimes.push((idx, r))),
                Some("authorities") => src.parse::<AuthoritiesFile>().and_then(|mut a| {
                    a.validate().map_err(|(f, m)| src.err_path(f, m))?;
                    if authorities.contains_key(&a.country) {
                        return Err(src.err_path("country".into(), format!("second authorities file for {}", a.country)));
                    }
                    a.prepare();
                    authorities.insert(a.country, a);
                    Ok(())
                }),
                Some("calendar") => src.parse::<CalendarFile>().and_then(|c| {
                    let id = c.id.clone();
                    let cal = Calendar::new(c).map_err(|(f, m)| src.err_path(f, m))?;
                    if calendars.insert(id.clone(), cal).is_some() {
                        return Err(src.err_path("id".into(), format!("duplicate calendar id `{id}`")));
                    }
                    Ok(())
                }),
                Some("military_list") => src.parse::<MilitaryList>().and_then(|m| {
                    validate_military(&m).map_err(|(f, msg)| src.err_path(f, msg))?;
                    military = Some(m);
                    Ok(())
                }),
                Some(other) => Err(src.err_path("kind".into(),
                    format!("unknown kind `{other}` (expected regime, authorities, calendar or military_list)"),
                )),
                None => Err(src.err_path("kind".into(), "missing top-level `kind`")),
            };
            if let Err(e) = result {
                errors.push(e);
            }
            files.push((name.clone(), head.kind.unwrap_or_default()));
        }
        let Some(military) = military else {
            errors.push(LoadError {
                file: "(data directory)".into(),
                line: None,
                column: None,
                field: None,
                message: "no military_list file (military-list.toml) found".into(),
            });
            return Err(errors);
        };
        let mut seen = BTreeSet::new();
        for (idx, r) in &regimes {
            let (name, text) = &sources[*idx];
            let src = Source { name, text };
            if !seen.insert(r.id().to_string()) {
                errors.push(src.err(
                    Some(r.id.span()),
                    Some("id".into()),
                    format!("duplicate regime id `{}`", r.id()),
                ));
            }
            if let Err(e) = validate_regime(r, &military, &calendars, &src) {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        for (_, r) in &mut regimes {
            for m in &mut r.measure {
                m.normalised_groups = m
                    .named_groups
                    .iter()
                    .map(|g| format!("{} ", crate::authority::normalise(g)))
                    .collect();
            }
            for g in &mut r.ground {
                g.normalised_end_user_names =
                    g.end_user_names.iter().map(|n| crate::authority::normalise(n)).collect();
            }
        }
        Ok(Self {
            regimes: regimes.into_iter().map(|(_, r)| r).collect(),
            authorities,
            calendars,
            military,
            files,
        })
    }

    /// All regimes, in file order.
    pub fn regimes(&self) -> &[Regime] {
        &self.regimes
    }

    /// A regime by id.
    pub fn regime(&self, id: &str) -> Option<&Regime> {
        self.regimes.iter().find(|r| r.id() == id)
    }

    /// A ground by global id `regime/local`.
    pub fn ground(&self, id: &str) -> Option<(&Regime, &Ground)> {
        let (regime, local) = id.split_once('/')?;
        let r = self.regime(regime)?;
        Some((r, r.ground(local)?))
    }

    /// Grounds of a regime in force on `date` (empty if the regime is unknown).
    pub fn grounds_in_force(&self, regime: &str, date: Date) -> Vec<&Ground> {
        self.regime(regime).map(|r| r.grounds_in_force(date).collect()).unwrap_or_default()
    }

    /// The military list.
    pub fn military(&self) -> &MilitaryList {
        &self.military
    }

    /// A calendar by id.
    pub fn calendar(&self, id: &str) -> Option<&Calendar> {
        self.calendars.get(id)
    }

    /// All calendars.
    pub fn calendars(&self) -> impl Iterator<Item = &Calendar> {
        self.calendars.values()
    }

    /// The calendar of a regime (its `calendar`, else `un-hq`).
    pub fn calendar_for(&self, regime: &Regime) -> Option<&Calendar> {
        self.calendar(regime.calendar.as_deref().unwrap_or("un-hq"))
    }

    /// The authorities data of a country.
    pub fn authorities(&self, country: CountryCode) -> Option<&AuthoritiesFile> {
        self.authorities.get(&country)
    }

    /// All authorities files.
    pub fn all_authorities(&self) -> impl Iterator<Item = &AuthoritiesFile> {
        self.authorities.values()
    }

    /// The name of the authority recognised as the Government of `country` on `date`, when the
    /// data covers that country.
    pub fn recognised_government(&self, country: CountryCode, date: Date) -> Option<&str> {
        self.authorities(country)?.recognised_on(date).map(|(a, _)| a.name.as_str())
    }

    /// Whether `name` (any spelling or alias valid on that date) is the recognised Government of
    /// `country` on `date`. `None` when there is no authorities data for the country.
    pub fn is_recognised_government(
        &self,
        country: CountryCode,
        name: &str,
        date: Date,
    ) -> Option<AuthorityMatch> {
        Some(self.authorities(country)?.match_government(name, date))
    }

    /// File names and kinds as loaded.
    pub fn files(&self) -> &[(String, String)] {
        &self.files
    }

    /// Counts for a summary.
    pub fn summary(&self) -> Summary {
        Summary {
            files: self.files.len(),
            regimes: self.regimes.len(),
            measures: self.regimes.iter().map(|r| r.measure.len()).sum(),
            grounds: self.regimes.iter().map(|r| r.ground.len()).sum(),
            authorities: self.authorities.values().map(|a| a.authority.len()).sum(),
            holidays: self.calendars.values().map(|c| c.data().holiday.len()).sum(),
            categories: self.military.category.len(),
        }
    }

    /// Resolves a ground's category list (`ML13`, `group:annex_a`) into categories.
    pub fn resolve_categories(&self, list: &[String]) -> Vec<MlCategory> {
        resolve(&self.military, list).unwrap_or_default()
    }
}

fn resolve(m: &MilitaryList, list: &[String]) -> Result<Vec<MlCategory>, String> {
    let mut out = Vec::new();
    for s in list {
        if let Some(g) = s.strip_prefix("group:") {
            let group = m.group(g).ok_or_else(|| format!("unknown category group `{g}`"))?;
            out.extend(group.categories.iter().copied());
        } else {
            out.push(MlCategory::parse(s).map_err(|e| e.to_string())?);
        }
    }
    Ok(out)
}

fn validate_military(m: &MilitaryList) -> Result<(), (String, String)> {
    if m.kind != "military_list" {
        return Err(("kind".into(), "expected `military_list`".into()));
    }
    for n in 1..=22u8 {
        let code = MlCategory::parse(&format!("ML{n}"))
            .map_err(|e| ("category".to_string(), e.to_string()))?;
        let count = m.category.iter().filter(|c| c.code == code).count();
        if count != 1 {
            return Err((
                "category".into(),
                format!("{code} must appear exactly once (found {count})"),
            ));
        }
    }
    for (name, g) in &m.groups {
        if g.categories.is_empty() {
            return Err((format!("groups.{name}.categories"), "empty group".into()));
        }
    }
    for needed in ["small_arms", "protective_clothing"] {
        if m.group(needed).is_none() {
            return Err((format!("groups.{needed}"), "required group is missing".into()));
        }
    }
    Ok(())
}

fn validate_regime(
    r: &Regime,
    m: &MilitaryList,
    calendars: &BTreeMap<String, Calendar>,
    src: &Source<'_>,
) -> Result<(), LoadError> {
    let cal = r.calendar.as_deref().unwrap_or("un-hq");
    let mut measure_ids = BTreeSet::new();
    for (i, ms) in r.measure.iter().enumerate() {
        let path = |f: &str| Some(format!("measure[{i}] ({}).{f}", ms.id.get_ref()));
        if !measure_ids.insert(ms.id.get_ref().clone()) {
            return Err(src.err(Some(ms.id.span()), path("id"), "duplicate measure id"));
        }
        if let Some(to) = &ms.to {
            if to.get_ref() < ms.from.get_ref() {
                return Err(src.err(
                    Some(to.span()),
                    path("to"),
                    format!("{} is before `from` {}", to.get_ref(), ms.from.get_ref()),
                ));
            }
        }
        if ms.scope == crate::regime::Scope::ListedPersons
            && ms.lists.is_empty()
            && ms.named_groups.is_empty()
        {
            return Err(src.err(
                Some(ms.id.span()),
                path("lists"),
                "a listed_persons measure needs `lists` or `named_groups`",
            ));
        }
    }
    let mut ground_ids = BTreeSet::new();
    for (i, g) in r.ground.iter().enumerate() {
        let path = |f: &str| Some(format!("ground[{i}] ({}).{f}", g.local_id()));
        let at = Some(g.id.span());
        if !ground_ids.insert(g.local_id().to_string()) {
            return Err(src.err(at, path("id"), "duplicate ground id"));
        }
        if let Some(to) = &g.to {
            if to.get_ref() < g.from.get_ref() {
                return Err(src.err(
                    Some(to.span()),
                    path("to"),
                    format!("{} is before `from` {}", to.get_ref(), g.from.get_ref()),
                ));
            }
        }
        for mid in &g.measures {
            if !measure_ids.contains(mid) {
                return Err(src.err(
                    at.clone(),
                    path("measures"),
                    format!("unknown measure `{mid}`"),
                ));
            }
        }
        resolve(m, &g.categories).map_err(|e| src.err(at.clone(), path("categories"), e))?;
        resolve(m, &g.exclude_categories)
            .map_err(|e| src.err(at.clone(), path("exclude_categories"), e))?;
        match (g.procedure, g.working_days) {
            (ProcedureKind::Notification, Some(0)) => {
                return Err(src.err(at, path("working_days"), "must be at least 1"));
            }
            (ProcedureKind::Standing | ProcedureKind::PriorApproval, Some(_)) => {
                return Err(src.err(
                    at,
                    path("working_days"),
                    "only a notification has a no-objection period",
                ));
            }
            (ProcedureKind::Notification, Some(_)) if !calendars.contains_key(cal) => {
                return Err(src.err(
                    at,
                    path("working_days"),
                    format!("the regime's calendar `{cal}` is not loaded"),
                ));
            }
            _ => {}
        }
        if g.procedure == ProcedureKind::Standing && !g.required_info.is_empty() {
            return Err(src.err(
                at,
                path("required_info"),
                "a standing exemption requires no filing",
            ));
        }
        if g.procedure != ProcedureKind::Standing && r.committee.is_none() && g.body.is_none() {
            return Err(src.err(
                at,
                path("body"),
                "no deciding body (neither `body` nor the regime's `committee`)",
            ));
        }
        validate_submitters(g, i, src)?;
        if g.general && g.procedure != ProcedureKind::PriorApproval {
            return Err(src.err(at, path("general"), "the general route must be `prior_approval`"));
        }
    }
    if r.kind != "regime" {
        return Err(src.err_path("kind".into(), "expected `regime`"));
    }
    for (i, c) in r.committee_names.iter().enumerate() {
        if c.to.is_some_and(|t| t < c.from) {
            return Err(src.err_path(format!("committee_names[{i}].to"), "before `from`"));
        }
        if c.citations.is_empty() {
            return Err(src.err_path(
                format!("committee_names[{i}].citations"),
                "a committee name needs a citation",
            ));
        }
    }
    for (i, o) in r.obligation.iter().enumerate() {
        if o.to.is_some_and(|t| t < o.from) {
            return Err(src.err_path(format!("obligation[{i}].to"), "before `from`"));
        }
        if o.citations.is_empty() {
            return Err(src
                .err_path(format!("obligation[{i}].citations"), "an obligation needs a citation"));
        }
        if o.after_sale_working_days.is_some() && !calendars.contains_key(cal) {
            return Err(src.err_path(
                format!("obligation[{i}].after_sale_working_days"),
                format!("the regime's calendar `{cal}` is not loaded"),
            ));
        }
    }
    if let Some(gr) = &r.general_route {
        match r.ground(gr.get_ref()) {
            Some(g) if g.general => {}
            Some(_) => {
                return Err(src.err(
                    Some(gr.span()),
                    Some("general_route".into()),
                    format!("ground `{}` is not marked `general = true`", gr.get_ref()),
                ))
            }
            None => {
                return Err(src.err(
                    Some(gr.span()),
                    Some("general_route".into()),
                    format!("unknown ground `{}`", gr.get_ref()),
                ))
            }
        }
    }
    Ok(())
}

/// The submitter rules of ground `i`: known kinds, at least one kind and one citation each,
/// inside the ground's period, in date order without overlap or gap, none on a standing ground.
fn validate_submitters(g: &Ground, i: usize, src: &Source<'_>) -> Result<(), LoadError> {
    let path =
        |j: usize, f: &str| Some(format!("ground[{i}] ({}).submitters[{j}].{f}", g.local_id()));
    if g.procedure == ProcedureKind::Standing && !g.submitters.is_empty() {
        return Err(src.err(
            Some(g.id.span()),
            Some(format!("ground[{i}] ({}).submitters", g.local_id())),
            "a standing exemption has no submitters: nothing is filed",
        ));
    }
    let ground_period = g.period();
    let mut previous: Option<crate::regime::Period> = None;
    for (j, rule) in g.submitters.iter().enumerate() {
        let at = rule
            .from
            .as_ref()
            .map(|f| f.span())
            .or_else(|| rule.kinds.first().map(|k| k.span()))
            .unwrap_or_else(|| g.id.span());
        if rule.kinds.is_empty() {
            return Err(src.err(Some(at), path(j, "kinds"), "no submitter kind"));
        }
        for k in &rule.kinds {
            if !SUBMITTER_KINDS.contains(&k.get_ref().as_str()) {
                return Err(src.err(
                    Some(k.span()),
                    path(j, "kinds"),
                    format!(
                        "unknown submitter kind `{}` (expected one of {})",
                        k.get_ref(),
                        SUBMITTER_KINDS.join(", ")
                    ),
                ));
            }
        }
        if rule.citations.is_empty() {
            return Err(src.err(
                Some(at),
                path(j, "citations"),
                "a submitter rule needs a citation",
            ));
        }
        let p = rule.period(g);
        if let Some(to) = p.to {
            if to < p.from {
                return Err(src.err(
                    Some(at),
                    path(j, "to"),
                    format!("{to} is before `from` {}", p.from),
                ));
            }
        }
        let inside = ground_period.contains(p.from)
            && match (p.to, ground_period.to) {
                (_, None) => true,
                (Some(t), Some(gt)) => t <= gt,
                (None, Some(_)) => false,
            };
        if !inside {
            return Err(src.err(
                Some(at),
                path(j, "from"),
                format!("the rule's period {p} is not inside the ground's period {ground_period}"),
            ));
        }
        match previous {
            None if p.from != ground_period.from => {
                return Err(src.err(
                    Some(at),
                    path(j, "from"),
                    format!("the first rule must start with the ground ({})", ground_period.from),
                ));
            }
            Some(prev) => {
                let next = prev.to.and_then(|t| t.tomorrow().ok());
                if next != Some(p.from) {
                    return Err(src.err(
                        Some(at),
                        path(j, "from"),
                        format!(
                            "{} must be the day after the previous rule ends (previous: {prev})",
                            p.from
                        ),
                    ));
                }
            }
            None => {}
        }
        previous = Some(p);
    }
    if let Some(last) = previous {
        if last.to != ground_period.to {
            return Err(src.err(
                Some(g.id.span()),
                path(g.submitters.len() - 1, "to"),
                format!("the last rule must end with the ground ({ground_period})"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_path_of_offsets() {
        let t =
            "kind = \"x\"\n[[ground]]\nid = \"a\"\n[[ground]]\nid = \"b\"\nfrom = \"2014-02-30\"\n";
        let off = t.find("2014").unwrap();
        assert_eq!(field_at(t, off).as_deref(), Some("ground[1].from"));
        assert_eq!(field_at(t, 2).as_deref(), Some("kind"));
    }

    #[test]
    fn line_of_field_paths() {
        let t = "kind = \"a\"\n[[authority]]\nid = \"x\"\n[[authority.recognised]]\nto = \"1\"\n[[authority]]\nid = \"y\"\nactive_to = \"2\"\n[[authority.recognised]]\nfrom = \"3\"\nto = \"4\"\n[groups.small]\ncategories = []\n";
        assert_eq!(line_of_path(t, "kind"), Some(1));
        assert_eq!(line_of_path(t, "authority[1] (y).active_to"), Some(8));
        assert_eq!(line_of_path(t, "authority[1] (y).recognised[0].to"), Some(11));
        assert_eq!(line_of_path(t, "authority[0] (x).recognised[0]"), Some(4));
        assert_eq!(line_of_path(t, "groups.small.categories"), Some(13));
        assert_eq!(line_of_path(t, "authority[5].to"), None);
    }

    #[test]
    fn line_and_column_of_offsets() {
        let t = "a\nbc\nd";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 2));
        assert_eq!(line_col(t, 5), (3, 1));
    }
}
