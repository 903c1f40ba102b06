//! The parties of a transfer: the end user's standing on the transfer's date (recognised
//! Government forces or not, [`classify_end_user`]), the warnings about it, and the screening
//! of every party against the lists applied to the items' verdicts.

use super::*;

pub(super) fn classify_end_user(reg: &Registry, t: &Transfer, date: Date) -> EndUserStatus {
    let category = t.end_user.category;
    if category != EndUserCategory::GovernmentForces {
        return EndUserStatus {
            category,
            effective_category: category,
            recognised_government: false,
            authority: None,
            explanation: format!("end user category `{}`", category.as_str()),
        };
    }
    let country = t.destination;
    match (reg.authorities(country), t.end_user.government.as_deref().filter(|g| !g.trim().is_empty())) {
        (Some(auth), Some(given)) => {
            let m = auth.match_government(given, date);
            let rec = m.recognised;
            EndUserStatus {
                category,
                effective_category: if rec { category } else { EndUserCategory::NonState },
                recognised_government: rec,
                explanation: m.explanation.clone(),
                authority: Some(m),
            }
        }
        (Some(auth), None) => EndUserStatus {
            category,
            effective_category: EndUserCategory::NonState,
            recognised_government: false,
            authority: None,
            explanation: format!(
                "`end_user.government` is not given, so the end user cannot be shown to be forces of the recognised Government of {country}{}; treated as non-state",
                auth.recognised_on(date).map(|(a, _)| format!(" ({} on {date})", a.name)).unwrap_or_default()
            ),
        },
        (None, _) => EndUserStatus {
            category,
            effective_category: category,
            recognised_government: true,
            authority: None,
            explanation: format!(
                "no authorities data for {country}: `government_forces` taken as forces of its Government{}",
                t.end_user.government.as_ref().map(|g| format!(" (`{g}`)")).unwrap_or_default()
            ),
        },
    }
}

impl Ctx<'_> {
    /// Applies the parties' screening: a match on a designation under a listed-persons
    /// measure in force makes every item and service `prohibited` under it; weaker hits and
    /// matches on lists without such a measure are warnings to review.
    pub(super) fn apply_screening(
        &self,
        screening: Option<&Screening>,
        items: &mut [ItemResult],
        services: &mut [ItemResult],
        regimes_used: &mut Vec<String>,
        warnings: &mut Vec<String>,
    ) -> ScreeningResult {
        let clearing = "clearing a hit by a recorded decision is not available yet (continuous-screening issue): a match stands until the lists or the names change";
        let Some(s) = screening else {
            return ScreeningResult {
                done: false,
                summary: "no screening was done: no sanctions list is stored (import one with `embargo lists import`), so the end user, consignee and intermediaries were not checked against listed persons".into(),
                list_versions: vec![],
                parties: vec![],
                matches: vec![],
                to_review: vec![],
                clearing,
            };
        };
        if s.list_versions.is_empty() {
            return ScreeningResult {
                done: false,
                summary: "no screening was done: no sanctions list is stored".into(),
                list_versions: vec![],
                parties: s.parties.clone(),
                matches: vec![],
                to_review: vec![],
                clearing,
            };
        }
        let mut matches = Vec::new();
        let mut to_review = Vec::new();
        for h in &s.hits {
            if h.score >= s.threshold {
                matches.push(h.clone());
            } else {
                to_review.push(h.clone());
            }
        }
        for h in &matches {
            let mut measures_hit = Vec::new();
            for r in self.reg.regimes() {
                for m in r.measures_in_force(self.date) {
                    if m.scope != Scope::ListedPersons || m.kind != MeasureKind::SupplyTo {
                        continue;
                    }
                    if m.target.is_some_and(|c| c != self.t.destination) {
                        continue;
                    }
                    if h.regimes.iter().any(|x| m.lists.contains(x)) {
                        measures_hit.push((r, m));
                    }
                }
            }
            if measures_hit.is_empty() {
                warnings.push(format!(
                    "review: {} `{}` matches {} {} `{}` (score {:.2}, {}), but no arms measure in the data targets the persons of that list ({}); check the other measures on listed persons (asset freeze) before shipping",
                    h.party, h.name, h.list, h.reference, h.listed_name, h.score, h.list_version,
                    if h.regimes.is_empty() { "no UN regime".to_string() } else { h.regimes.join(", ") }
                ));
                continue;
            }
            for (r, m) in measures_hit {
                if !regimes_used.iter().any(|x| x == r.id()) {
                    regimes_used.push(r.id().to_string());
                }
                let label = format!("{}/{}", r.id(), m.id.get_ref());
                let reason = format!(
                    "{label} ({}) applies: the {} `{}` matches listed {} `{}` on the {} list (score {:.2} ≥ {:.2}; list version {}; {}) — supply to a listed person, directly or through a consignee or intermediary, is prohibited and the regime has no exemption for it",
                    m.citations.join("; "),
                    h.party.replace('_', " "),
                    h.name,
                    h.reference,
                    h.listed_name,
                    h.list,
                    h.score,
                    s.threshold,
                    h.list_version,
                    h.explanation
                );
                for it in items.iter_mut().chain(services.iter_mut()) {
                    if it.verdict != Verdict::Prohibited || it.general_route.is_some() {
                        if it.verdict.rank() > 0 {
                            it.reasons.push(format!(
                                "was {} before screening ({})",
                                it.verdict,
                                it.ground.as_deref().or(it.general_route.as_deref()).unwrap_or("-")
                            ));
                        }
                        it.verdict = Verdict::Prohibited;
                        it.regime = Some(r.id().to_string());
                        it.measure = Some(label.clone());
                        it.ground = None;
                        it.procedure = None;
                        it.general_route = None;
                        it.missing.clear();
                        it.citations = m.citations.clone();
                    } else {
                        push_unique(&mut it.citations, &m.citations);
                    }
                    it.reasons.insert(0, reason.clone());
                    if m.confidence.is_unverified() {
                        it.unverified = true;
                        it.unverified_facts.push(format!("measure {label} [U]"));
                    }
                }
            }
        }
        for h in &to_review {
            warnings.push(format!(
                "review: {} `{}` resembles {} {} `{}` (score {:.2} < {:.2}; list version {}; {}) — a weaker hit, not a match: confirm it is not the listed person",
                h.party, h.name, h.list, h.reference, h.listed_name, h.score, s.threshold, h.list_version, h.explanation
            ));
        }
        ScreeningResult {
            done: true,
            summary: format!(
                "{} screened against {}: {} match(es) at or above {:.2}, {} weaker hit(s) to review",
                s.parties.join(", "),
                s.list_versions.join(", "),
                matches.len(),
                s.threshold,
                to_review.len()
            ),
            list_versions: s.list_versions.clone(),
            parties: s.parties.clone(),
            matches,
            to_review,
            clearing,
        }
    }

    /// A non-state or private end user inside an embargoed territory never gets an
    /// unexplained `exempt` (or `not_covered`): say which words of which paragraph make it so.
    pub(super) fn end_user_warnings(
        &self,
        items: &mut [ItemResult],
        services: &mut [ItemResult],
        warnings: &mut Vec<String>,
    ) {
        let cat = self.eu.effective_category;
        if !matches!(cat, EndUserCategory::NonState | EndUserCategory::Private) {
            return;
        }
        let dest = self.t.destination;
        let embargoed = self
            .reg
            .regimes()
            .iter()
            .flat_map(|r| r.measures_in_force(self.date).map(move |m| (r, m)))
            .filter(|(_, m)| m.target == Some(dest) && m.kind == MeasureKind::SupplyTo)
            .collect::<Vec<_>>();
        if embargoed.is_empty() {
            return;
        }
        for it in items.iter_mut().chain(services.iter_mut()) {
            match it.verdict {
                Verdict::Exempt => {
                    let Some((r, g)) = it.ground.as_deref().and_then(|g| self.reg.ground(g)) else {
                        continue;
                    };
                    let basis = if g.end_users.contains(&cat) {
                        format!("names `{}` end users", cat.as_str())
                    } else if g.end_users.is_empty() && g.end_user_names.is_empty() {
                        "sets no end-user condition".to_string()
                    } else {
                        format!(
                            "covers {}",
                            g.end_users.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
                        )
                    };
                    it.warnings.push(format!(
                        "exempt although the end user counts as `{}` in {dest}: {} (\u{ab}{}\u{bb}, {}) {basis}; the exemption rests on the purpose{} — diversion risk: confirm the end use",
                        cat.as_str(),
                        g.citations.join("; "),
                        g.title,
                        r.id(),
                        if g.purposes.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", g.purposes.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(" or "))
                        }
                    ));
                }
                Verdict::NotCovered => {
                    let scopes: Vec<String> = embargoed
                        .iter()
                        .map(|(r, m)| {
                            format!(
                                "{}/{} ({}) covers only {}",
                                r.id(),
                                m.id.get_ref(),
                                m.citations.join("; "),
                                match m.scope {
                                    Scope::ArmedGroups => "armed groups and associated individuals",
                                    Scope::NonGovernmental => "non-governmental end users",
                                    Scope::ListedPersons => "listed persons",
                                    Scope::Territory => "the territory",
                                }
                            )
                        })
                        .collect();
                    let w = format!(
                        "not covered although the end user counts as `{}` in {dest}: {}; if the end user is, or acts for, an armed group (or the item is for one), the embargo applies",
                        cat.as_str(),
                        scopes.join("; ")
                    );
                    if !warnings.contains(&w) {
                        warnings.push(w);
                    }
                }
                _ => {}
            }
        }
    }
}
