//! Stored designations as screening records, and the screening of a request's parties.

use embargo_domain::procedure::model::PartyRole;
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
    // A listed body's nationalities are where it is: its addresses' countries too (a country
    // its name names is then weighed against them).
    let addresses = d.addresses.iter().filter(|_| kind != Kind::Person);
    for c in d.nationalities.iter().chain(addresses.filter_map(|a| a.country.as_ref())) {
        if let Some(iso) = &c.iso2 {
            if !nationalities.contains(iso) {
                nationalities.push(iso.clone());
            }
        }
        if !nationalities.contains(&c.name) {
            nationalities.push(c.name.clone());
        }
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

impl Engine {
    /// Screens every party of `content` but the supplier State (a State, not a listed party)
    /// against the current screening snapshot; hits at or above the screening engine's default
    /// threshold, each naming the list version it was found in.
    pub async fn screen_parties(
        &self,
        content: &RequestContent,
    ) -> Result<Vec<ScreeningHit>, EngineError> {
        let loaded = self.index().await?;
        let options = embargo_screening::Options::default();
        let mut hits = Vec::new();
        for (p, party) in content.parties.iter().enumerate() {
            if party.role() == Some(PartyRole::SupplierState) {
                continue;
            }
            let query = embargo_screening::Query {
                name: party.name.clone(),
                ..embargo_screening::Query::default()
            };
            for hit in loaded.index.search(&query, &options) {
                let list_version = loaded.version(&hit.list).map(|v| v.id);
                hits.push(ScreeningHit {
                    party: p,
                    list: hit.list,
                    reference: hit.reference,
                    listed_name: hit.name,
                    score: hit.score,
                    list_version,
                });
            }
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use embargo_lists::model::{CountryRef, Place, Source};

    use super::*;

    fn syria() -> Place {
        Place {
            text: "Damascus".into(),
            country: Some(CountryRef { name: "Syria".into(), iso2: Some("SY".into()) }),
        }
    }

    #[test]
    fn a_listed_body_is_where_its_addresses_are() {
        let mut bank =
            Designation::new(Source::Ofac, "1".into(), ListKind::Entity, "X BANK".into());
        bank.addresses.push(syria());
        assert_eq!(to_record(&bank).nationalities, ["SY", "Syria"]);
        // A person's address is no nationality.
        let mut person = Designation::new(Source::Ofac, "2".into(), ListKind::Person, "A B".into());
        person.addresses.push(syria());
        assert!(to_record(&person).nationalities.is_empty());
    }
}
