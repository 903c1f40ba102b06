//! Which measures of a regime are in force on the transfer's date and apply to it: by
//! direction (supply to the target, export from it, assistance) and by scope (territory,
//! non-governmental end users, armed groups, listed persons).

use super::*;

impl Ctx<'_> {
    /// Measures in force that apply to the transfer by direction, area and scope (whatever
    /// the item); near misses (measures out of force, out of area or scope) are collected.
    pub(super) fn applicable_measures<'r>(
        &self,
        r: &'r Regime,
        near: &mut Vec<String>,
        near_unverified: &mut Vec<String>,
    ) -> Vec<&'r Measure> {
        let t = self.t;
        let mut out = Vec::new();
        for m in &r.measure {
            let direction = match m.kind {
                MeasureKind::SupplyTo
                | MeasureKind::Notification
                | MeasureKind::Assistance
                | MeasureKind::Mercenaries => m.target.is_none_or(|c| t.destination == c),
                MeasureKind::ExportFrom => {
                    m.target.is_none_or(|c| t.origin == c || t.supplier_state == Some(c))
                }
            };
            if !direction {
                continue;
            }
            let label = format!("{}/{}", r.id(), m.id.get_ref());
            if !m.period().contains(self.date) {
                if m.period().from > self.date {
                    near.push(format!(
                        "{label} ({}) in force only from {}",
                        m.citations.join("; "),
                        m.period().from
                    ));
                } else {
                    near.push(format!(
                        "{label} ({}) ended on {}",
                        m.citations.join("; "),
                        m.period().to.map(|d| d.to_string()).unwrap_or_default()
                    ));
                }
                if m.confidence.is_unverified() && m.scope != Scope::ListedPersons {
                    near_unverified.push(format!(
                        "the dates of {label} are unverified [U]: whether it was in force on {} is not certain",
                        self.date
                    ));
                }
                continue;
            }
            if let Some(area) = &m.area {
                if let Some(given) = &t.destination_area {
                    if !format!(" {} ", normalise(given))
                        .contains(&format!(" {} ", normalise(area)))
                    {
                        near.push(format!(
                            "{label} covers only {area}; destination area is {given}"
                        ));
                        continue;
                    }
                }
            }
            let in_scope = match m.scope {
                Scope::Territory => true,
                Scope::NonGovernmental => !self.eu.recognised_government,
                Scope::ArmedGroups => self.eu.effective_category == EndUserCategory::NonState,
                Scope::ListedPersons => {
                    t.end_user.listed_regimes.iter().any(|l| m.lists.contains(l))
                        || m.normalised_groups.iter().any(|g| {
                            self.eu_names
                                .iter()
                                .any(|n| n == g.trim_end() || n.starts_with(g.as_str()))
                        })
                }
            };
            if !in_scope {
                near.push(format!(
                    "{label} ({}) covers only {}; this end user is outside it",
                    m.citations.join("; "),
                    match m.scope {
                        Scope::NonGovernmental => "non-governmental end users",
                        Scope::ArmedGroups => "armed groups and other non-state end users",
                        _ => "listed persons, entities and groups",
                    }
                ));
                continue;
            }
            out.push(m);
        }
        out
    }

    /// Whether measure `m` covers the subject: by kind (goods, services), categories and
    /// the SALW definition. `Err(reason, unverified)` when it does not.
    pub(super) fn measure_covers(
        &self,
        r: &Regime,
        m: &Measure,
        subject: Subject<'_>,
        unverified: &mut Vec<String>,
        reasons: &mut Vec<String>,
    ) -> Result<(), (String, Option<String>)> {
        let label = format!("{}/{}", r.id(), m.id.get_ref());
        match subject {
            Subject::Goods(item) => {
                match m.kind {
                    MeasureKind::Mercenaries => return Err((String::new(), None)),
                    MeasureKind::Assistance if self.t.purpose != Purpose::Training => {
                        return Err((String::new(), None))
                    }
                    _ => {}
                }
                if !m.categories.is_empty() && !m.categories.contains(&item.category) {
                    let conf = m.categories_confidence.unwrap_or(m.confidence);
                    return Err((
                        format!(
                            "{label}: covers only {} — {} is outside it",
                            m.categories.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", "),
                            item.category
                        ),
                        conf.is_unverified().then(|| {
                            format!("the ML mapping of {label}'s categories is unverified [U]: {} may be covered", item.category)
                        }),
                    ));
                }
                if m.salw {
                    let def = &self.reg.military().salw;
                    match def.status(item.category, &item.description, item.salw) {
                        SalwStatus::Stated(true) => {}
                        SalwStatus::Stated(false) => {
                            return Err((
                                format!("{label}: covers small arms, light weapons and ammunition only; the item is stated not to be one (`salw: false`)"),
                                None,
                            ))
                        }
                        SalwStatus::Derived(true, why) => {
                            reasons.push(format!("{label} covers small arms, light weapons and ammunition: {why}"));
                            unverified.push(format!("SALW classification of the item: {why}"));
                        }
                        SalwStatus::Derived(false, why) => {
                            return Err((
                                format!("{label}: covers small arms, light weapons and ammunition only; {why}"),
                                Some(format!("SALW classification of the item [U]: {why}")),
                            ))
                        }
                        SalwStatus::Unknown(why) => {
                            reasons.push(format!("{label} covers small arms, light weapons and ammunition; {why} — treated as covered"));
                            unverified.push(format!("SALW classification of the item unknown: {why}"));
                        }
                    }
                }
                Ok(())
            }
            Subject::Service(sv) => {
                let ok = match (m.kind, sv.kind) {
                    (MeasureKind::Mercenaries, ServiceKind::Mercenaries) => true,
                    (MeasureKind::Mercenaries, _) | (_, ServiceKind::Mercenaries) => false,
                    (MeasureKind::Assistance, _) => true,
                    (MeasureKind::SupplyTo, _) => m.services,
                    _ => false,
                };
                if !ok {
                    return Err((String::new(), None));
                }
                if let Some(loc) = sv.location.as_deref().filter(|l| !l.trim().is_empty()) {
                    let code = crate::country::CountryCode::parse(loc.trim()).ok();
                    let abroad = code.is_some_and(|c| Some(c) != m.target);
                    if abroad {
                        match &m.services_abroad {
                            Some(c) => reasons.push(format!(
                                "provided in {loc}, outside {}: still covered — {c}",
                                m.target.map(|c| c.to_string()).unwrap_or_default()
                            )),
                            None => {
                                reasons.push(format!("provided in {loc}, outside the target: assumed covered as assistance to its personnel"));
                                unverified.push(format!("{label}: services provided outside the target assumed covered [U]"));
                            }
                        }
                    } else if code.is_none() {
                        reasons.push(format!(
                            "provided in `{loc}`: the measure follows the recipient, wherever the service is provided"
                        ));
                    }
                }
                Ok(())
            }
        }
    }
}
