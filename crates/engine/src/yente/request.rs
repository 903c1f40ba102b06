//! yente's request: the body's entity examples read with field paths, and the query
//! parameters (`threshold`, `limit`, `exclude_entity_ids`, `algorithm`) checked.

use super::*;

/// The schemata a query may have, and what they match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Person,
    Organization,
    LegalEntity,
    Vessel,
    Airplane,
    Thing,
}

impl Target {
    /// The FollowTheMoney schema name (`Company` is read as `Organization` but echoed as given).
    pub(super) fn parse(s: &str) -> Option<(Target, &'static str)> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "person" => (Target::Person, "Person"),
            "organization" => (Target::Organization, "Organization"),
            "company" => (Target::Organization, "Company"),
            "publicbody" => (Target::Organization, "PublicBody"),
            "legalentity" => (Target::LegalEntity, "LegalEntity"),
            "vessel" => (Target::Vessel, "Vessel"),
            "airplane" | "aircraft" => (Target::Airplane, "Airplane"),
            "thing" => (Target::Thing, "Thing"),
            _ => return None,
        })
    }

    /// The screening kind to restrict to (`None`: any kind, filtered by [`Target::accepts`]).
    pub(super) fn kind(self) -> Option<Kind> {
        match self {
            Target::Person => Some(Kind::Person),
            Target::Organization => Some(Kind::Entity),
            Target::Vessel => Some(Kind::Vessel),
            Target::Airplane => Some(Kind::Aircraft),
            Target::LegalEntity | Target::Thing => None,
        }
    }

    /// Whether a listed party of `kind` can be the entity asked for (FtM's matchable schemata:
    /// a `LegalEntity` is a person or an organisation, a `Thing` anything).
    pub(super) fn accepts(self, kind: Kind) -> bool {
        match self {
            Target::LegalEntity => matches!(kind, Kind::Person | Kind::Entity),
            Target::Thing => true,
            other => other.kind() == Some(kind),
        }
    }
}

/// One query as the client sent it (yente's `EntityExample`), cleaned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The client's id of the entity, echoed.
    pub id: Option<String>,
    /// The FollowTheMoney schema.
    pub schema: String,
    /// The properties, each a list of strings (numbers become strings; countries their
    /// lower-case ISO code when known, as FollowTheMoney cleans them).
    pub properties: BTreeMap<String, Vec<String>>,
}

/// The request body (yente's `EntityMatchQuery`).
#[derive(Debug, Clone, PartialEq)]
pub struct MatchRequest {
    /// The queries, by the client's key.
    pub queries: BTreeMap<String, Example>,
    /// Feature weights: accepted and not applied (embargo's features are not weighted by the
    /// caller; nomenklatura ignores weights of features an algorithm lacks).
    pub weights: BTreeMap<String, f64>,
}

/// The query parameters of `/match/{dataset}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchParams {
    /// Results scoring at least this are matches (default 0.7).
    pub threshold: Option<f64>,
    /// Deprecated in yente: results scoring at most this are not returned (default and
    /// ceiling: the threshold).
    pub cutoff: Option<f64>,
    /// Results per query (default 5, at most 500).
    pub limit: Option<usize>,
    /// The algorithm asked for: accepted, and embargo's is used whatever it is.
    pub algorithm: Option<String>,
    /// Only these datasets.
    pub include_dataset: Vec<String>,
    /// Not these datasets.
    pub exclude_dataset: Vec<String>,
    /// Not these schemata.
    pub exclude_schema: Vec<String>,
    /// Not these entities (record id `source:reference`, export id `source-reference`, or the
    /// reference).
    pub exclude_entity_ids: Vec<String>,
    /// Only entities with one of these topics (every listed party has `sanction`).
    pub topics: Vec<String>,
    /// yente's `changed_since`: refused, embargo keeps list versions, not per-record changes.
    pub changed_since: Option<String>,
}

impl MatchParams {
    /// Reads the parameters from decoded `name=value` pairs (a repeated name adds to a list;
    /// unknown names are ignored, as yente ignores them).
    pub fn from_pairs<I, K, V>(pairs: I) -> Result<MatchParams, EngineError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut p = MatchParams::default();
        for (k, v) in pairs {
            let (k, v) = (k.as_ref(), v.as_ref().trim());
            let score = |name: &str| -> Result<f64, EngineError> {
                v.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| {
                    EngineError::invalid_field(name, format!("`{v}` is not a number"))
                })
            };
            match k {
                "threshold" => p.threshold = Some(score(k)?),
                "cutoff" => p.cutoff = Some(score(k)?),
                "limit" => {
                    p.limit = Some(v.parse::<usize>().map_err(|_| {
                        EngineError::invalid_field(k, format!("`{v}` is not a whole number"))
                    })?)
                }
                "algorithm" => p.algorithm = Some(v.to_owned()),
                "include_dataset" => p.include_dataset.push(v.to_owned()),
                "exclude_dataset" => p.exclude_dataset.push(v.to_owned()),
                "exclude_schema" => p.exclude_schema.push(v.to_owned()),
                "exclude_entity_ids" => p.exclude_entity_ids.push(v.to_owned()),
                "topics" => p.topics.push(v.to_owned()),
                "changed_since" => p.changed_since = Some(v.to_owned()),
                _ => {}
            }
        }
        Ok(p)
    }

    pub(super) fn checked(&self) -> Result<(f64, f64, usize), EngineError> {
        let threshold = self.threshold.unwrap_or(DEFAULT_THRESHOLD);
        if !(0.0..=1.0).contains(&threshold) {
            return Err(EngineError::invalid_field("threshold", "between 0 and 1"));
        }
        let cutoff = self.cutoff.unwrap_or(DEFAULT_THRESHOLD);
        if !(0.0..=1.0).contains(&cutoff) {
            return Err(EngineError::invalid_field("cutoff", "between 0 and 1"));
        }
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(EngineError::invalid_field(
                "limit",
                format!("{limit}: between 1 and {MAX_LIMIT}"),
            ));
        }
        if self.exclude_entity_ids.len() > MAX_EXCLUDED_IDS {
            return Err(EngineError::invalid_field(
                "exclude_entity_ids",
                format!("{} ids, at most {MAX_EXCLUDED_IDS}", self.exclude_entity_ids.len()),
            ));
        }
        if let Some(since) = &self.changed_since {
            return Err(EngineError::invalid_field(
                "changed_since",
                format!("`{since}`: not supported — embargo keeps whole list versions, not when each record changed (see GET /catalog for the versions)"),
            ));
        }
        // As yente: the cutoff is never above the threshold.
        Ok((threshold, cutoff.min(threshold), limit))
    }
}

pub(super) fn path(id: &str, rest: &str) -> String {
    if rest.is_empty() {
        format!("queries.{id}")
    } else {
        format!("queries.{id}.{rest}")
    }
}

/// Reads a property value: a string or a number, or a list of them.
pub(super) fn values(v: &Value, field: &str) -> Result<Vec<String>, EngineError> {
    let one = |v: &Value| -> Result<Option<String>, EngineError> {
        let s = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => {
                return Err(EngineError::invalid_field(
                    field,
                    "a value is a string or a number, or a list of them",
                ))
            }
        };
        if s.chars().count() > MAX_VALUE_CHARS {
            return Err(EngineError::invalid_field(
                field,
                format!("a value longer than {MAX_VALUE_CHARS} characters"),
            ));
        }
        if s.chars().any(|c| c.is_control()) {
            return Err(EngineError::invalid_field(field, "a value holds a control character"));
        }
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok((!s.is_empty()).then_some(s))
    };
    let mut out = Vec::new();
    match v {
        Value::Array(items) => {
            if items.len() > MAX_VALUES {
                return Err(EngineError::invalid_field(
                    field,
                    format!("{} values, at most {MAX_VALUES}", items.len()),
                ));
            }
            for item in items {
                if let Some(s) = one(item)? {
                    if !out.contains(&s) {
                        out.push(s);
                    }
                }
            }
        }
        other => out.extend(one(other)?),
    }
    Ok(out)
}

/// The properties holding countries, as FollowTheMoney cleans them (lower-case ISO codes).
pub(super) const COUNTRY_PROPS: &[&str] =
    &["nationality", "citizenship", "country", "jurisdiction"];

pub(super) fn clean_country(v: &str) -> String {
    let code = if v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic()) {
        Some(v.to_ascii_uppercase())
    } else {
        embargo_lists::country::iso2(v).map(str::to_owned)
    };
    code.map(|c| c.to_ascii_lowercase()).unwrap_or_else(|| v.to_owned())
}

/// A date as FollowTheMoney cleans it: kept when valid, else cut to its longest valid prefix
/// (`1974-01-32` → `1974-01`, as yente's own test queries hold such dates); `None` when not
/// even the year is a date.
pub(super) fn clean_date(d: &str) -> Option<String> {
    if BirthDate::parse(d).is_some() {
        return Some(d.to_owned());
    }
    [7, 4]
        .into_iter()
        .filter_map(|n| d.get(..n))
        .find(|p| {
            BirthDate::parse(p).is_some() && p.chars().all(|c| c.is_ascii_digit() || c == '-')
        })
        .map(str::to_owned)
}

/// Parses and checks a request body; errors name the field (`queries.ID.schema`).
pub fn parse_request(body: &str) -> Result<MatchRequest, EngineError> {
    let v: Value = serde_json::from_str(body)
        .map_err(|e| EngineError::invalid(format!("invalid body: {e}")))?;
    let Value::Object(top) = v else {
        return Err(EngineError::invalid("the body is a JSON object with `queries`"));
    };
    let mut weights = BTreeMap::new();
    if let Some(w) = top.get("weights") {
        let Value::Object(w) = w else {
            return Err(EngineError::invalid_field("weights", "an object of numbers"));
        };
        for (k, x) in w {
            let x = x
                .as_f64()
                .ok_or_else(|| EngineError::invalid_field(&format!("weights.{k}"), "a number"))?;
            weights.insert(k.clone(), x);
        }
    }
    match top.get("config") {
        None | Some(Value::Null) => {}
        Some(Value::Object(c)) => {
            if let Some(k) = c.keys().next() {
                return Err(EngineError::invalid_field(
                    &format!("config.{k}"),
                    format!("not a configuration parameter of {ALGORITHM} (it has none)"),
                ));
            }
        }
        Some(_) => return Err(EngineError::invalid_field("config", "an object")),
    }
    let queries = match top.get("queries") {
        Some(Value::Object(q)) => q,
        Some(_) => return Err(EngineError::invalid_field("queries", "an object of queries by id")),
        None => return Err(EngineError::invalid_field("queries", "required")),
    };
    if queries.is_empty() {
        return Err(EngineError::invalid_field("queries", "no queries provided"));
    }
    if queries.len() > MAX_QUERIES {
        return Err(EngineError::invalid_field(
            "queries",
            format!("too many queries in one batch: {} (limit: {MAX_QUERIES})", queries.len()),
        ));
    }
    let mut out = BTreeMap::new();
    for (id, q) in queries {
        let Value::Object(q) = q else {
            return Err(EngineError::invalid_field(&path(id, ""), "an entity example object"));
        };
        let schema = match q.get("schema") {
            Some(Value::String(s)) => s,
            Some(_) => return Err(EngineError::invalid_field(&path(id, "schema"), "a string")),
            None => return Err(EngineError::invalid_field(&path(id, "schema"), "required")),
        };
        let (_, schema) = Target::parse(schema).ok_or_else(|| {
            EngineError::invalid_field(
                &path(id, "schema"),
                format!("`{schema}` is not a schema that can be matched (Person, Organization, Company, PublicBody, LegalEntity, Vessel, Airplane, Thing)"),
            )
        })?;
        let entity_id = match q.get("id") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(EngineError::invalid_field(&path(id, "id"), "a string")),
        };
        let props = match q.get("properties") {
            Some(Value::Object(p)) => p,
            Some(_) => {
                return Err(EngineError::invalid_field(&path(id, "properties"), "an object"))
            }
            None => return Err(EngineError::invalid_field(&path(id, "properties"), "required")),
        };
        let mut properties = BTreeMap::new();
        for (name, v) in props {
            let field = path(id, &format!("properties.{name}"));
            let mut vs = values(v, &field)?;
            if COUNTRY_PROPS.contains(&name.as_str()) {
                vs = vs.iter().map(|c| clean_country(c)).collect();
                vs.dedup();
            }
            if name == "birthDate" {
                let mut dates = Vec::with_capacity(vs.len());
                for d in &vs {
                    let d = clean_date(d).ok_or_else(|| {
                        EngineError::invalid_field(
                            &field,
                            format!("`{d}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                        )
                    })?;
                    if !dates.contains(&d) {
                        dates.push(d);
                    }
                }
                vs = dates;
            }
            if !vs.is_empty() {
                properties.insert(name.clone(), vs);
            }
        }
        out.insert(id.clone(), Example { id: entity_id, schema: schema.to_owned(), properties });
    }
    Ok(MatchRequest { queries: out, weights })
}
