//! Whether an exemption ground fits a subject of the transfer (an item or a service): its
//! end-user category, recognised Government, purpose, item scope, lethality, category and
//! temporary export; the unverified ([U]) category groups it relies on; a purpose that does not
//! cohere with the item.

use super::*;

impl Ctx<'_> {
    /// Unverified ([U]) category groups used by a ground that contain the item's category.
    pub(super) fn unverified_groups(&self, g: &Ground, subject: Subject<'_>) -> Vec<String> {
        let Some(category) = subject.category() else { return vec![] };
        let mil = self.reg.military();
        let mut names: Vec<&str> = g
            .categories
            .iter()
            .chain(&g.exclude_categories)
            .filter_map(|c| c.strip_prefix("group:"))
            .collect();
        if g.items == ItemScope::ProtectiveClothing {
            names.push("protective_clothing");
        }
        let mut out: Vec<String> = names
            .into_iter()
            .filter_map(|n| mil.group(n).map(|gr| (n, gr)))
            .filter(|(_, gr)| gr.confidence.is_unverified() && gr.categories.contains(&category))
            .map(|(n, _)| format!("category group `{n}` (ML mapping) [U]"))
            .collect();
        if g.items == ItemScope::SmallArms {
            if let Subject::Goods(item) = subject {
                match mil.salw.status(item.category, &item.description, item.salw) {
                    SalwStatus::Stated(_) => {}
                    SalwStatus::Derived(_, why) | SalwStatus::Unknown(why) => {
                        out.push(format!("SALW classification of the item: {why}"))
                    }
                }
            }
        }
        out
    }

    /// Whether the declared humanitarian/protective purpose is incoherent with the subject.
    pub(super) fn incoherent_purpose(&self, g: &Ground, subject: Subject<'_>) -> Option<String> {
        let protective_ground =
            g.purposes.iter().any(|p| matches!(p, Purpose::Humanitarian | Purpose::Protective));
        if !protective_ground
            || !matches!(self.t.purpose, Purpose::Humanitarian | Purpose::Protective)
        {
            return None;
        }
        let Subject::Goods(item) = subject else { return None };
        let mil = self.reg.military();
        if mil.can_be_protective(item.category) && !item.lethal {
            return None;
        }
        Some(format!(
            "a `{}` purpose is declared for {} ({}), which is not protective or humanitarian by nature",
            self.t.purpose.as_str(),
            item.category,
            mil.title(item.category).map(|t| t.split(',').next().unwrap_or(t)).unwrap_or("?")
        ))
    }

    /// Why a ground does not fit, or `Ok(specificity)`. The flag says whether the refusal
    /// rests on the item (category, lethality) rather than the transfer.
    pub(super) fn ground_fits(
        &self,
        g: &Ground,
        m: &Measure,
        subject: Subject<'_>,
    ) -> Result<usize, (String, bool)> {
        let t = self.t;
        let eu = &self.eu;
        let mut spec = 0;
        if !g.measures.is_empty() {
            if !g.measures.iter().any(|x| x == m.id.get_ref()) {
                return Err((format!("does not exempt from {}", m.id.get_ref()), false));
            }
            spec += 1;
        }
        let name_match = !g.normalised_end_user_names.is_empty()
            && g.normalised_end_user_names.iter().any(|n| {
                self.eu_names.iter().any(|e| format!(" {e} ").contains(&format!(" {n} ")))
            });
        if !g.normalised_end_user_names.is_empty() {
            if !name_match {
                return Err((
                    format!(
                        "covers only {} (the end user is not one of them)",
                        g.end_user_names.join(", ")
                    ),
                    false,
                ));
            }
            spec += 1;
        }
        if !g.end_users.is_empty() && !name_match {
            if !g.end_users.contains(&eu.effective_category) {
                return Err((
                    format!(
                        "end user must be {} (this one counts as `{}`)",
                        g.end_users.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" or "),
                        eu.effective_category.as_str()
                    ),
                    false,
                ));
            }
            spec += 1;
        }
        if g.government == GovernmentRequirement::Recognised {
            if !eu.recognised_government {
                return Err((
                    "end user is not forces of the Government recognised on that date".into(),
                    false,
                ));
            }
            spec += 1;
        }
        if !g.purposes.is_empty() {
            if !g.purposes.contains(&t.purpose) {
                let training_alone = t.purpose == Purpose::Training
                    && g.purposes
                        .iter()
                        .any(|p| matches!(p, Purpose::Humanitarian | Purpose::Protective));
                return Err((
                    format!(
                        "purpose must be {} (is `{}`){}",
                        g.purposes.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(" or "),
                        t.purpose.as_str(),
                        if training_alone {
                            "; training alone is not a humanitarian or protective use: the ground covers only training related to such equipment (give it as a `training` service of a humanitarian or protective transfer)"
                        } else {
                            ""
                        }
                    ),
                    false,
                ));
            }
            spec += 1;
        }
        if g.coherence == Coherence::Require {
            if let Some(why) = self.incoherent_purpose(g, subject) {
                return Err((
                    format!("{why}: the ground covers equipment for humanitarian or protective use, so it does not apply (category mapping `protective_by_nature` [U])"),
                    true,
                ));
            }
        }
        let mil = self.reg.military();
        let category = subject.category();
        let lethal = subject.lethal();
        let in_group = |name: &str| {
            category.is_some_and(|c| mil.group(name).is_some_and(|gr| gr.categories.contains(&c)))
        };
        match g.items {
            ItemScope::Any => {}
            ItemScope::Lethal if !lethal => {
                return Err(("covers lethal items only".into(), true))
            }
            ItemScope::NonLethal if lethal => {
                return Err(("covers non-lethal items only".into(), true))
            }
            ItemScope::ProtectiveClothing if lethal || !in_group("protective_clothing") => {
                return Err((
                    match category {
                        Some(c) => format!("covers non-lethal protective clothing only ({c} lethal={lethal})"),
                        None => "covers protective clothing only (not services)".into(),
                    },
                    true,
                ))
            }
            ItemScope::SmallArms => match subject {
                Subject::Service(_) => {
                    return Err(("covers small arms and light weapons only (not services)".into(), true))
                }
                Subject::Goods(item) => match mil.salw.status(item.category, &item.description, item.salw) {
                    SalwStatus::Stated(true) | SalwStatus::Derived(true, _) => spec += 1,
                    SalwStatus::Stated(false) => {
                        return Err(("covers small arms and light weapons only (the item is stated not to be one)".into(), true))
                    }
                    SalwStatus::Derived(false, why) => {
                        return Err((format!("covers small arms and light weapons only: {why}"), true))
                    }
                    SalwStatus::Unknown(why) => {
                        return Err((format!("covers small arms and light weapons only: {why}"), true))
                    }
                },
            },
            _ => spec += 1,
        }
        if !g.categories.is_empty() {
            match category {
                Some(c) if self.reg.resolve_categories(&g.categories).contains(&c) => spec += 1,
                Some(c) => {
                    return Err((
                        format!("covers only {} ({c} is not)", g.categories.join(", ")),
                        true,
                    ))
                }
                None => {
                    return Err((
                        format!("covers only {} (not services)", g.categories.join(", ")),
                        true,
                    ))
                }
            }
        }
        if let Some(c) = category {
            if !g.exclude_categories.is_empty()
                && self.reg.resolve_categories(&g.exclude_categories).contains(&c)
            {
                return Err((format!("excludes {} ({c})", g.exclude_categories.join(", ")), true));
            }
        }
        if let Some(temp) = g.temporary {
            if temp != t.temporary {
                return Err((
                    if temp {
                        "covers temporary exports only".into()
                    } else {
                        "covers permanent exports only".into()
                    },
                    true,
                ));
            }
            spec += 1;
        }
        Ok(spec)
    }
}
