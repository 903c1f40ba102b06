//! A yente-compatible matching API: `POST /match/{dataset}`, `GET /catalog`,
//! `GET /algorithms` in the shapes of OpenSanctions' yente 5.5 (`yente/data/common.py`:
//! `EntityMatchQuery`, `EntityMatchResponse`, `ScoredEntityResponse`, `DataCatalogModel`,
//! `AlgorithmResponse`; nomenklatura's `FeatureResult`), so that yente clients can point at
//! embargo unchanged.
//!
//! A query is a FollowTheMoney entity example: a `schema` and `properties`. Every name it
//! carries (`name`, `alias`, `weakAlias`, `previousName`, and `firstName` … `lastName` joined) is
//! screened with each of its birth dates and countries against the screening index; each listed
//! record keeps its best score, and its explanation says which query name gave it. The score
//! is embargo's own (the `algorithm` asked for is accepted and not used: there is one); nothing
//! a caller sends is taken as a result.
//!
//! Datasets are `default` (every stored list) and one per stored list (`un`, `ofac`, `eu`,
//! `uk`, `ftm`); results carry the record id `source:reference`, its FollowTheMoney export id
//! (`source-reference`, see [`embargo_lists::ftm_export`]) as a referent, and the stored
//! designation as FollowTheMoney properties.

use std::collections::{BTreeMap, HashMap};

use embargo_lists::ftm_export::{self, Flavor};
use embargo_lists::model::{Designation, Source};
use embargo_screening::{BirthDate, Hit, Kind, Options, Query};
use serde::Serialize;
use serde_json::Value;

use crate::screen::{Loaded, VersionRef};
use crate::{Engine, EngineError};

/// The name of embargo's matching algorithm, as `/algorithms` lists it.
pub const ALGORITHM: &str = "embargo-v1";
/// yente's default match threshold (`SCORE_THRESHOLD`).
pub const DEFAULT_THRESHOLD: f64 = 0.70;
/// yente's default number of results per query (`MATCH_PAGE`).
pub const DEFAULT_LIMIT: usize = 5;
/// yente's largest `limit` (`MAX_MATCHES`).
pub const MAX_LIMIT: usize = 500;
/// yente's largest batch of queries (`MAX_BATCH`; smaller than embargo's 1,000).
pub const MAX_QUERIES: usize = 100;
/// yente's largest `exclude_entity_ids` list.
pub const MAX_EXCLUDED_IDS: usize = 50;
/// The most screenings one query may ask for (names × birth dates × countries).
pub const MAX_SCREENINGS: usize = 256;
/// The most values of one property, and the longest value, in characters.
pub const MAX_VALUES: usize = 100;
/// The longest property value, in characters.
pub const MAX_VALUE_CHARS: usize = 4096;

mod catalog;
mod request;

pub use catalog::*;
pub use request::*;

/// `{value, relation}` (yente's `TotalSpec`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Total {
    /// How many results are matches (score at or above the threshold), before `limit`.
    pub value: usize,
    /// Always `eq`.
    pub relation: &'static str,
}

/// One explained feature (nomenklatura's `FeatureResult`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureResult {
    /// How the feature came about.
    pub detail: Option<String>,
    /// Its score (name: the name score; other features: what they added to it).
    pub score: f64,
    /// The query value that was used.
    pub query: Option<String>,
    /// The listed value that was used.
    pub candidate: Option<String>,
}

/// One scored result (yente's `ScoredEntityResponse`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredEntity {
    /// The record id, `source:reference`.
    pub id: String,
    /// The primary name.
    pub caption: String,
    /// `Person`, `Organization`, `Vessel` or `Airplane`.
    pub schema: String,
    /// The stored designation as FollowTheMoney properties.
    pub properties: BTreeMap<String, Vec<String>>,
    /// The list, `un`, `ofac`, ….
    pub datasets: Vec<String>,
    /// The id of the record in `embargo lists export --format ftm` (`source-reference`).
    pub referents: Vec<String>,
    /// Always true: every stored record is a listed party.
    pub target: bool,
    /// Not kept (`null`).
    pub first_seen: Option<String>,
    /// The publication date of the list version it was screened in (`YYYY-MM-DDT00:00:00`).
    pub last_seen: Option<String>,
    /// Not kept (`null`).
    pub last_change: Option<String>,
    /// embargo's score, in [0, 1].
    pub score: f64,
    /// Feature name → explanation.
    pub explanations: BTreeMap<String, FeatureResult>,
    /// Whether the score is at or above the threshold.
    #[serde(rename = "match")]
    pub is_match: bool,
}

/// The answer to one query (yente's `EntityMatches`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityMatches {
    /// Always 200.
    pub status: u16,
    /// Best first, at most `limit`.
    pub results: Vec<ScoredEntity>,
    /// How many were matches.
    pub total: Total,
    /// The query as read.
    pub query: Example,
}

/// The answer to a batch (yente's `EntityMatchResponse`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchResponse {
    /// By the client's query keys.
    pub responses: BTreeMap<String, EntityMatches>,
    /// The limit applied.
    pub limit: usize,
}
/// The name properties, in the order they are screened.
const NAME_PROPS: &[&str] = &["name", "alias", "previousName", "weakAlias"];
/// The parts of a name, joined in this order when the query has them.
const NAME_PARTS: &[&str] = &["firstName", "secondName", "middleName", "fatherName", "lastName"];
/// The properties holding identifiers.
const ID_PROPS: &[&str] = &[
    "idNumber",
    "passportNumber",
    "registrationNumber",
    "imoNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "leiCode",
    "swiftBic",
    "vatCode",
    "mmsi",
    "callSign",
    "icaoCode",
];

/// What one query screens: its names, birth dates, countries and documents.
struct Plan {
    target: Target,
    names: Vec<String>,
    birth_dates: Vec<Option<BirthDate>>,
    countries: Vec<Option<String>>,
    documents: Vec<String>,
}

fn plan(id: &str, e: &Example) -> Result<Plan, EngineError> {
    let (target, _) = Target::parse(&e.schema)
        .ok_or_else(|| EngineError::invalid_field(&path(id, "schema"), "unknown schema"))?;
    let get = |p: &str| e.properties.get(p).map(Vec::as_slice).unwrap_or(&[]);
    let mut names: Vec<String> = Vec::new();
    for p in NAME_PROPS {
        for n in get(p) {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
    }
    let parts: Vec<&str> =
        NAME_PARTS.iter().filter_map(|p| get(p).first().map(String::as_str)).collect();
    if !parts.is_empty() {
        let joined = parts.join(" ");
        if !names.contains(&joined) {
            names.push(joined);
        }
    }
    if names.is_empty() {
        return Err(EngineError::invalid_field(
            &path(id, "properties.name"),
            "a query needs a name (name, alias, weakAlias, previousName, or firstName/lastName): embargo matches names",
        ));
    }
    for n in &names {
        Query::name(n.clone())
            .validate()
            .map_err(|e| EngineError::invalid_field(&path(id, "properties.name"), e))?;
    }
    let mut birth_dates: Vec<Option<BirthDate>> =
        get("birthDate").iter().filter_map(|d| BirthDate::parse(d)).map(Some).collect();
    if birth_dates.is_empty() {
        birth_dates.push(None);
    }
    let mut countries: Vec<Option<String>> = Vec::new();
    for p in COUNTRY_PROPS {
        for c in get(p) {
            let c = Some(if c.len() == 2 { c.to_ascii_uppercase() } else { c.clone() });
            if !countries.contains(&c) {
                countries.push(c);
            }
        }
    }
    if countries.is_empty() {
        countries.push(None);
    }
    let documents: Vec<String> = ID_PROPS.iter().flat_map(|p| get(p).iter().cloned()).collect();
    let screenings = names.len() * birth_dates.len() * countries.len();
    if screenings > MAX_SCREENINGS {
        return Err(EngineError::invalid_field(
            &path(id, "properties"),
            format!(
                "{} names × {} birth dates × {} countries is {screenings} screenings, at most {MAX_SCREENINGS}",
                names.len(),
                birth_dates.len(),
                countries.len()
            ),
        ));
    }
    Ok(Plan { target, names, birth_dates, countries, documents })
}

/// The best screening of one listed record for one query.
struct Best {
    hit: Hit,
    query_name: String,
    names_found: usize,
}

fn schema_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "Person",
        Kind::Entity => "Organization",
        Kind::Vessel => "Vessel",
        Kind::Aircraft => "Airplane",
    }
}

fn kind_word(k: embargo_screening::MatchKind) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn explanations(best: &Best, names: usize) -> BTreeMap<String, FeatureResult> {
    let e = &best.hit.explanation;
    let mut out = BTreeMap::new();
    let aligned: Vec<String> = e
        .alignments
        .iter()
        .map(|a| format!("{} ~ {} ({} {:.2})", a.query, a.listed, kind_word(a.kind), a.similarity))
        .collect();
    let mut detail = format!(
        "coverage {:.2}, listed name missed {:.2}; {}",
        e.coverage,
        e.listed_miss,
        if aligned.is_empty() { "no tokens aligned".to_owned() } else { aligned.join(", ") }
    );
    if !e.unmatched_query.is_empty() {
        let t: Vec<&str> = e.unmatched_query.iter().map(|u| u.token.as_str()).collect();
        detail.push_str(&format!("; query tokens not found: {}", t.join(" ")));
    }
    if !e.unmatched_listed.is_empty() {
        let t: Vec<&str> = e.unmatched_listed.iter().map(|u| u.token.as_str()).collect();
        detail.push_str(&format!("; listed tokens not found: {}", t.join(" ")));
    }
    if names > 1 {
        detail.push_str(&format!(
            "; the best of {names} query names ({} found this record), each screened on its own",
            best.names_found
        ));
    }
    out.insert(
        "name_match".to_owned(),
        FeatureResult {
            detail: Some(detail),
            score: e.name_score,
            query: Some(best.query_name.clone()),
            candidate: Some(best.hit.matched_name.clone()),
        },
    );
    for a in &e.adjustments {
        out.insert(
            a.attribute.clone(),
            FeatureResult {
                detail: Some(a.detail.clone()),
                score: a.effect,
                query: None,
                candidate: None,
            },
        );
    }
    out
}

/// The datasets a request may search: `default` is every stored list.
fn sources_of(dataset: &str, stored: &[String]) -> Result<Vec<String>, EngineError> {
    if dataset == "default" {
        return Ok(stored.to_vec());
    }
    if stored.iter().any(|s| s == dataset) {
        return Ok(vec![dataset.to_owned()]);
    }
    Err(EngineError::NotFound(format!(
        "No such dataset: `{dataset}` (datasets: default{})",
        stored.iter().map(|s| format!(", {s}")).collect::<String>()
    )))
}

fn last_seen(versions: &[VersionRef], source: &str) -> Option<String> {
    versions
        .iter()
        .find(|v| v.source == source)
        .and_then(|v| v.published)
        .map(|d| format!("{d}T00:00:00"))
}

fn result_of(loaded: &Loaded, best: &Best, names: usize, threshold: f64) -> ScoredEntity {
    let hit = &best.hit;
    let designation: Option<&Designation> = loaded.designations.get(&hit.id);
    let (properties, referents) = match designation {
        Some(d) => (ftm_export::properties(d, Flavor::Inline), vec![ftm_export::entity_id(d)]),
        // The index was swapped between the search and this lookup: the name is what is known.
        None => {
            let mut p = BTreeMap::new();
            p.insert("name".to_owned(), vec![hit.name.clone()]);
            (p, vec![])
        }
    };
    ScoredEntity {
        id: hit.id.clone(),
        caption: hit.name.clone(),
        schema: designation
            .map(|d| ftm_export::schema(d.kind))
            .unwrap_or_else(|| schema_of(hit.kind))
            .to_owned(),
        properties,
        datasets: vec![hit.list.clone()],
        referents,
        target: true,
        first_seen: None,
        last_seen: last_seen(&loaded.versions, &hit.list),
        last_change: None,
        score: hit.score,
        explanations: explanations(best, names),
        is_match: hit.score >= threshold,
    }
}

fn excluded(params: &MatchParams, hit: &Hit) -> bool {
    params.exclude_entity_ids.iter().any(|x| {
        let x = x.trim();
        x == hit.id
            || x == format!("{}-{}", hit.list, hit.reference)
            || (hit.list == Source::Ftm.as_str() && x == hit.reference)
    })
}

/// Runs a parsed request against a loaded index. Pure: the engine's [`Engine::yente_match`]
/// loads the index and calls it.
pub fn run(
    loaded: &Loaded,
    dataset: &str,
    request: &MatchRequest,
    params: &MatchParams,
) -> Result<MatchResponse, EngineError> {
    let (threshold, cutoff, limit) = params.checked()?;
    let stored: Vec<String> = loaded.versions.iter().map(|v| v.source.clone()).collect();
    let mut sources = sources_of(dataset, &stored)?;
    if !params.include_dataset.is_empty() {
        sources.retain(|s| params.include_dataset.contains(s));
    }
    sources.retain(|s| !params.exclude_dataset.contains(s));
    let topics_ok = params.topics.is_empty() || params.topics.iter().any(|t| t == "sanction");
    let plans: Vec<(&String, Plan)> = request
        .queries
        .iter()
        .map(|(id, e)| plan(id, e).map(|p| (id, p)))
        .collect::<Result<_, _>>()?;
    // As yente: more candidates than results, so that filters after scoring leave enough.
    let candidates = (limit * 10).max(20) + params.exclude_entity_ids.len();
    let mut responses = BTreeMap::new();
    for (id, plan) in plans {
        let mut best: HashMap<String, Best> = HashMap::new();
        if topics_ok && !sources.is_empty() {
            let options =
                Options { threshold: cutoff, limit: candidates, lists: Some(sources.clone()) };
            for name in &plan.names {
                let mut found_by_name: Vec<String> = Vec::new();
                for birth_date in &plan.birth_dates {
                    for country in &plan.countries {
                        let query = Query {
                            name: name.clone(),
                            kind: plan.target.kind(),
                            birth_date: *birth_date,
                            nationality: country.clone(),
                            documents: plan.documents.clone(),
                        };
                        for hit in loaded.index.search(&query, &options) {
                            if !plan.target.accepts(hit.kind) || excluded(params, &hit) {
                                continue;
                            }
                            if !found_by_name.contains(&hit.id) {
                                found_by_name.push(hit.id.clone());
                            }
                            match best.get_mut(&hit.id) {
                                Some(b) if b.hit.score >= hit.score => {}
                                Some(b) => {
                                    b.hit = hit;
                                    b.query_name = name.clone();
                                }
                                None => {
                                    best.insert(
                                        hit.id.clone(),
                                        Best { hit, query_name: name.clone(), names_found: 0 },
                                    );
                                }
                            }
                        }
                    }
                }
                for rid in found_by_name {
                    if let Some(b) = best.get_mut(&rid) {
                        b.names_found += 1;
                    }
                }
            }
        }
        let mut results: Vec<ScoredEntity> = best
            .values()
            // As yente: a result at or below the cutoff is not returned.
            .filter(|b| b.hit.score > cutoff)
            .map(|b| result_of(loaded, b, plan.names.len(), threshold))
            .filter(|r| !params.exclude_schema.contains(&r.schema))
            .collect();
        results.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        let total = results.iter().filter(|r| r.is_match).count();
        results.truncate(limit);
        let query = request.queries[id].clone();
        responses.insert(
            id.clone(),
            EntityMatches {
                status: 200,
                results,
                total: Total { value: total, relation: "eq" },
                query,
            },
        );
    }
    Ok(MatchResponse { responses, limit })
}

impl Engine {
    /// yente's `POST /match/{dataset}`: `body` is the request's JSON text.
    pub async fn yente_match(
        &self,
        dataset: &str,
        body: &str,
        params: &MatchParams,
    ) -> Result<MatchResponse, EngineError> {
        params.checked()?;
        let request = parse_request(body)?;
        let loaded = self.index().await?;
        run(&loaded, dataset, &request, params)
    }

    /// yente's `GET /catalog`: `default` and each stored list, with their versions and whether
    /// the screening index of this process holds them.
    pub async fn yente_catalog(&self) -> Result<Catalog, EngineError> {
        let mut stored = self.store().current_list_versions().await?;
        stored.sort_by_key(|v| v.source);
        let loaded = self.index().await?;
        let mut datasets = Vec::new();
        for v in &stored {
            let source = v.source.as_str();
            let (title, summary) = title_of(source);
            let version = version_string(v.published, &v.sha256);
            let index_version = loaded
                .versions
                .iter()
                .find(|i| i.source == source)
                .map(|i| version_string(i.published, &i.sha256));
            datasets.push(DatasetInfo {
                name: source.to_owned(),
                title: title.to_owned(),
                summary: summary.to_owned(),
                index_current: index_version.as_deref() == Some(version.as_str()),
                version,
                updated_at: Some(timestamp(&v.imported_at)),
                last_export: Some(timestamp(&v.imported_at)),
                entity_count: v.records,
                target_count: v.records,
                children: vec![],
                load: true,
                index_version,
                list_version_id: Some(v.id),
                sha256: Some(v.sha256.clone()),
            });
        }
        let combined = |versions: &mut dyn Iterator<Item = String>| -> String {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            for v in versions {
                h.update(v.as_bytes());
                h.update(b"\n");
            }
            hex::encode(h.finalize())
        };
        let latest = stored.iter().filter_map(|v| v.published).max();
        // Both hashes run over the lists' versions in the order of their names.
        let mut by_name: Vec<&DatasetInfo> = datasets.iter().collect();
        by_name.sort_by(|a, b| a.name.cmp(&b.name));
        let version =
            version_string(latest, &combined(&mut by_name.iter().map(|d| d.version.clone())));
        let index_version = (!loaded.versions.is_empty()).then(|| {
            let latest = loaded.versions.iter().filter_map(|v| v.published).max();
            let mut versions: Vec<&VersionRef> = loaded.versions.iter().collect();
            versions.sort_by(|a, b| a.source.cmp(&b.source));
            let mut all = versions.iter().map(|v| version_string(v.published, &v.sha256));
            version_string(latest, &combined(&mut all))
        });
        let updated = stored.iter().map(|v| timestamp(&v.imported_at)).max();
        let default = DatasetInfo {
            name: "default".into(),
            title: "All stored sanctions lists".into(),
            summary: "Every list stored in embargo, screened together.".into(),
            index_current: index_version.as_deref() == Some(version.as_str())
                || (stored.is_empty() && loaded.versions.is_empty()),
            version,
            updated_at: updated.clone(),
            last_export: updated,
            entity_count: stored.iter().map(|v| v.records).sum(),
            target_count: stored.iter().map(|v| v.records).sum(),
            children: datasets.iter().map(|d| d.name.clone()).collect(),
            load: true,
            index_version,
            list_version_id: None,
            sha256: None,
        };
        datasets.insert(0, default);
        let current: Vec<String> =
            datasets.iter().filter(|d| d.index_current).map(|d| d.name.clone()).collect();
        let outdated: Vec<String> =
            datasets.iter().filter(|d| !d.index_current).map(|d| d.name.clone()).collect();
        Ok(Catalog { index_stale: !outdated.is_empty(), datasets, current, outdated })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_read_and_its_errors_name_the_field() {
        let r = parse_request(
            r#"{"queries": {"q1": {"schema": "Person", "properties": {"name": ["John Doe"], "birthDate": [1965, "1974-01-32", "1974-13-01"], "country": "Russia"}}}}"#,
        )
        .unwrap();
        let q = &r.queries["q1"];
        // Numbers become strings; an impossible day or month is cut off, as FtM cleans dates.
        assert_eq!(q.properties["birthDate"], vec!["1965", "1974-01", "1974"]);
        assert_eq!(q.properties["country"], vec!["ru"]);
        let field = |body: &str| match parse_request(body) {
            Err(EngineError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(r#"{"queries": {"a": {"schema": "Banana", "properties": {}}}}"#).as_deref(),
            Some("queries.a.schema")
        );
        assert_eq!(
            field(r#"{"queries": {"a": {"properties": {"name": "x"}}}}"#).as_deref(),
            Some("queries.a.schema")
        );
        assert_eq!(
            field(
                r#"{"queries": {"a": {"schema": "Person", "properties": {"name": [{"x": 1}]}}}}"#
            )
            .as_deref(),
            Some("queries.a.properties.name")
        );
        assert_eq!(
            field(
                r#"{"queries": {"a": {"schema": "Person", "properties": {"birthDate": "soon"}}}}"#
            )
            .as_deref(),
            Some("queries.a.properties.birthDate")
        );
        assert_eq!(field(r#"{"queries": {}}"#).as_deref(), Some("queries"));
        assert_eq!(
            field(r#"{"queries": {"a": {"schema": "Person", "properties": {}}}, "config": {"nm_number_mismatch": 0.4}}"#).as_deref(),
            Some("config.nm_number_mismatch")
        );
        let many: serde_json::Map<String, Value> = (0..=MAX_QUERIES)
            .map(|i| {
                (
                    format!("q{i}"),
                    serde_json::json!({"schema": "Person", "properties": {"name": "x"}}),
                )
            })
            .collect();
        assert_eq!(
            field(&serde_json::json!({ "queries": many }).to_string()).as_deref(),
            Some("queries")
        );
    }

    #[test]
    fn a_query_screens_every_name_with_every_date_and_country() {
        let r = parse_request(
            r#"{"queries": {"q": {"schema": "Person", "properties": {"name": "Ivan Petrov", "alias": ["Иван Петров"], "firstName": "Ivan", "lastName": "Petrovich", "birthDate": ["1970", "1971-02-03"], "nationality": "ru", "passportNumber": "123"}}}}"#,
        )
        .unwrap();
        let p = plan("q", &r.queries["q"]).unwrap();
        assert_eq!(p.names, vec!["Ivan Petrov", "Иван Петров", "Ivan Petrovich"]);
        assert_eq!(p.birth_dates.len(), 2);
        assert_eq!(p.countries, vec![Some("RU".to_owned())]);
        assert_eq!(p.documents, vec!["123"]);
        let r = parse_request(
            r#"{"queries": {"q": {"schema": "Person", "properties": {"passportNumber": "123"}}}}"#,
        )
        .unwrap();
        assert!(matches!(
            plan("q", &r.queries["q"]),
            Err(EngineError::Invalid { field: Some(f), .. }) if f == "queries.q.properties.name"
        ));
    }

    #[test]
    fn no_cut_of_a_body_panics() {
        let body = r#"{"queries": {"q1": {"id": "x", "schema": "Person", "properties": {"name": ["Иван Петров", 7], "birthDate": ["1974-01-32"], "nationality": "Russia", "passportNumber": ["AB1"]}}}, "weights": {"name": 1}}"#;
        for (i, _) in body.char_indices() {
            let _ = parse_request(&body[..i]);
        }
        assert!(parse_request(body).is_ok());
    }

    fn loaded(designations: Vec<Designation>, keep: usize) -> Loaded {
        let records: Vec<_> = designations.iter().map(crate::screening::to_record).collect();
        let map: HashMap<String, Designation> = designations
            .into_iter()
            .take(keep)
            .map(|d| (format!("{}:{}", d.source.as_str(), d.reference), d))
            .collect();
        Loaded {
            index: std::sync::Arc::new(embargo_screening::Index::build(records)),
            versions: vec![VersionRef {
                id: 1,
                source: "un".into(),
                published: Some(jiff::civil::date(2026, 3, 2)),
                sha256: "ab".repeat(32),
                imported_at: "2026-03-03T00:00:00Z".into(),
            }],
            regimes: Default::default(),
            designations: map,
        }
    }

    #[test]
    fn results_carry_the_stored_designation_or_at_least_its_name() {
        let file = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/lists/un/consolidated_fixture.xml"
        );
        let bytes = std::fs::read(file).unwrap();
        let list: Vec<Designation> = embargo_lists::parse(std::io::Cursor::new(bytes), None)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let request = parse_request(
            r#"{"queries": {"p": {"schema": "LegalEntity", "properties": {"name": "Orvel Marrowby", "birthDate": "1971"}}}}"#,
        )
        .unwrap();
        let params = MatchParams::default();
        let r = run(&loaded(list.clone(), usize::MAX), "default", &request, &params).unwrap();
        let top = &r.responses["p"].results[0];
        assert_eq!((top.id.as_str(), top.schema.as_str()), ("un:LYi.950", "Person"));
        assert_eq!(top.referents, vec!["un-LYi.950"]);
        assert_eq!(top.last_seen.as_deref(), Some("2026-03-02T00:00:00"));
        assert!(top.properties.contains_key("passportNumber"));
        assert!(top.explanations.contains_key("birth_date"));
        // The index swapped under the request: the designation is gone, the name is known.
        let r = run(&loaded(list, 0), "un", &request, &params).unwrap();
        let top = &r.responses["p"].results[0];
        assert_eq!(top.properties["name"], vec![top.caption.clone()]);
        assert!(top.referents.is_empty());
        // Another dataset is not stored.
        assert!(matches!(
            run(&loaded(vec![], 0), "ofac", &request, &params),
            Err(EngineError::NotFound(_))
        ));
    }

    #[test]
    fn parameters_are_read_and_checked() {
        let p = MatchParams::from_pairs([
            ("threshold", "0.8"),
            ("exclude_entity_ids", "un:A"),
            ("exclude_entity_ids", "un:B"),
            ("fuzzy", "false"),
        ])
        .unwrap();
        assert_eq!(p.threshold, Some(0.8));
        assert_eq!(p.exclude_entity_ids, vec!["un:A", "un:B"]);
        assert_eq!(p.checked().unwrap(), (0.8, 0.7, 5));
        assert!(MatchParams::from_pairs([("limit", "x")]).is_err());
        let p = MatchParams::from_pairs([("limit", "501")]).unwrap();
        assert!(
            matches!(p.checked(), Err(EngineError::Invalid { field: Some(f), .. }) if f == "limit")
        );
        let p = MatchParams::from_pairs([("threshold", "0.5")]).unwrap();
        // The cutoff never exceeds the threshold.
        assert_eq!(p.checked().unwrap(), (0.5, 0.5, 5));
        let p = MatchParams::from_pairs([("changed_since", "2026-01-01")]).unwrap();
        assert!(p.checked().is_err());
    }
}
