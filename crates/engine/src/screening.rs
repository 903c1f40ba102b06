//! Stored designations as screening records, and the screening of a request's parties.

use embargo_domain::procedure::validate::ScreeningHit;
use embargo_domain::procedure::RequestContent;
use embargo_lists::model::{BirthDate as ListBirthDate, Designation, Kind as ListKind};
use embargo_screening::{BirthDate, Kind, Record};

use crate::{Engine, EngineError};

/// One stored designation as a screening record: every name (primary, aliases, original
/// script), its birth dates (exact, year or range), nationalities (ISO-2 and the name as
/// listed) and document numbers. The one conversion: the CLI, the server and the screening of
/// a request's parties all use it.
pub fn to_record(d: &Designation) -> Record {
    let kind = match d.kind {
        ListKind::Person => Kind::Person,
        ListKind::Entity => Kind::Entity,
        ListKind::Vessel => Kind::Vessel,
        ListKind::Aircraft => Kind::Aircraft,
    };
    let birth_dates = d
        .birth_dates
        .iter()
        .filter_map(|b| match b {
            ListBirthDate::Exact { date, .. } => Some(BirthDate {
                year_from: date.year(),
                year_to: date.year(),
                month: Some(date.month() as u8),
                day: Some(date.day() as u8),
            }),
            ListBirthDate::Year { year, .. } => Some(BirthDate::year(*year)),
            ListBirthDate::Range { from, to, .. } => Some(BirthDate {
                year_from: *from.min(to),
                year_to: *from.max(to),
                month: None,
                day: None,
            }),
            ListBirthDate::Unparsed { raw } => BirthDate::parse(raw),
        })
        .collect();
    let mut nationalities = Vec::new();
    for c in &d.nationalities {
        if let Some(iso) = &c.iso2 {
            nationalities.push(iso.clone());
        }
        nationalities.push(c.name.clone());
    }
    Record {
        id: format!("{}:{}", d.source.as_str(), d.reference),
        list: d.source.as_str().to_owned(),
        reference: d.reference.clone(),
        kind,
        names: d.all_names().into_iter().map(str::to_owned).collect(),
        birth_dates,
        nationalities,
        documents: d.documents.iter().map(|doc| doc.number.clone()).collect(),
    }
}

/// Party roles that are not screened: the supplier State is a State, not a listed party.
pub(crate) const UNSCREENED_ROLES: &[&str] = &["supplier_state"];

impl Engine {
    /// Screens every party of `content` (but the supplier State) against the current stored
    /// lists; hits at or above the screening engine's default threshold.
    pub async fn screen_parties(
        &self,
        content: &RequestContent,
    ) -> Result<Vec<ScreeningHit>, EngineError> {
        let designations = self.store.current_designations(&[]).await?;
        if designations.is_empty() {
            return Ok(vec![]);
        }
        let records: Vec<_> = designations.iter().map(to_record).collect();
        let index = embargo_screening::Index::build(records);
        let options = embargo_screening::Options::default();
        let mut hits = Vec::new();
        for (p, party) in content.parties.iter().enumerate() {
            if UNSCREENED_ROLES.contains(&party.role.as_str()) {
                continue;
            }
            let query = embargo_screening::Query {
                name: party.name.clone(),
                ..embargo_screening::Query::default()
            };
            for hit in index.search(&query, &options) {
                hits.push(ScreeningHit {
                    party: p,
                    list: hit.list,
                    reference: hit.reference,
                    listed_name: hit.name,
                    score: hit.score,
                });
            }
        }
        Ok(hits)
    }
}
