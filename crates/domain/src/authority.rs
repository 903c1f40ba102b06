//! Which authority is "the Government" of a country on a date: dated recognition records with
//! citations, time-scoped aliases, and normalised name matching.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::regime::{Confidence, Period};

/// A name that only means this authority during a period (e.g. "Tripoli government").
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedAlias {
    /// The alias.
    pub name: String,
    /// First day the alias refers to this authority.
    pub from: Date,
    /// Last day (inclusive); open if absent.
    #[serde(default)]
    pub to: Option<Date>,
}

/// A period during which the authority was treated by the UN as the Government.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recognition {
    /// First day.
    pub from: Date,
    /// Last day (inclusive); open if absent.
    #[serde(default)]
    pub to: Option<Date>,
    /// Which dating rule this period belongs to (e.g. `A` or `B`); applies under every rule if
    /// absent.
    #[serde(default)]
    pub rule: Option<String>,
    /// Citations for the dates.
    pub citations: Vec<String>,
    /// Confidence.
    pub confidence: Confidence,
}

impl Recognition {
    /// The period.
    pub fn period(&self) -> Period {
        Period { from: self.from, to: self.to }
    }
}

/// One authority (recognised at some time, or never).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    /// Stable id, e.g. `gna`.
    pub id: String,
    /// Official name.
    pub name: String,
    /// Aliases valid whenever the authority existed.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Aliases whose meaning changed over time.
    #[serde(default)]
    pub dated_alias: Vec<DatedAlias>,
    /// When the authority existed / claimed to govern (used to scope name matching).
    pub active_from: Option<Date>,
    /// Last day it existed (inclusive); open if absent.
    #[serde(default)]
    pub active_to: Option<Date>,
    /// Recognition periods; empty means never recognised.
    #[serde(default)]
    pub recognised: Vec<Recognition>,
    /// Citations.
    pub citations: Vec<String>,
    /// Confidence of the record.
    pub confidence: Confidence,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
    /// Normalised name and aliases (filled by [`AuthoritiesFile::prepare`]).
    #[serde(skip)]
    pub normalised: Vec<String>,
    /// Normalised dated aliases, parallel to `dated_alias`.
    #[serde(skip)]
    pub normalised_dated: Vec<String>,
}

/// A named dating rule (e.g. rule A: the GNA from resolution 2259).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatingRule {
    /// `A`, `B`, …
    pub id: String,
    /// What the rule says.
    pub description: String,
    /// Citations.
    pub citations: Vec<String>,
}

/// The authorities data file of one country.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthoritiesFile {
    /// Always `"authorities"`.
    pub kind: String,
    /// The country.
    pub country: CountryCode,
    /// Title.
    pub title: String,
    /// The dating rule in force and why.
    pub rule_in_force: String,
    /// Why that rule was chosen.
    pub rule_choice_note: String,
    /// The alternative dating rules.
    #[serde(default)]
    pub rule: Vec<DatingRule>,
    /// The authorities.
    pub authority: Vec<Authority>,
}

/// Lower-cases, drops punctuation and diacritic-free apostrophes, drops a leading "the",
/// and collapses white space: "The Government of National Accord" and
/// "government of national-accord" normalise alike.
pub fn normalise(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { ' ' })
        .collect();
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.first() == Some(&"the") {
        words.remove(0);
    }
    words.join(" ")
}

/// The result of matching an end user's government string on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AuthorityMatch {
    /// The string given.
    pub given: String,
    /// Ids of the authorities whose name or alias matched on that date.
    pub matched: Vec<String>,
    /// Names of those authorities.
    pub matched_names: Vec<String>,
    /// Whether the matched authority is the recognised Government on that date.
    pub recognised: bool,
    /// The recognised Government on that date, if known.
    pub recognised_government: Option<String>,
    /// Explanation.
    pub explanation: String,
    /// Whether any fact used is unverified ([U]).
    pub unverified: bool,
}

impl AuthoritiesFile {
    /// Checks dates and that recognition periods under the rule in force do not overlap.
    pub fn validate(&self) -> Result<(), (String, String)> {
        let rules: Vec<&str> = self.rule.iter().map(|r| r.id.as_str()).collect();
        if !rules.is_empty() && !rules.contains(&self.rule_in_force.as_str()) {
            return Err((
                "rule_in_force".into(),
                format!("`{}` is not one of the rules {rules:?}", self.rule_in_force),
            ));
        }
        let mut periods: Vec<(Period, &str)> = Vec::new();
        for (i, a) in self.authority.iter().enumerate() {
            if let (Some(f), Some(t)) = (a.active_from, a.active_to) {
                if f > t {
                    return Err((
                        format!("authority[{i}] ({}).active_to", a.id),
                        "before active_from".into(),
                    ));
                }
            }
            for (j, d) in a.dated_alias.iter().enumerate() {
                if d.to.is_some_and(|t| t < d.from) {
                    return Err((
                        format!("authority[{i}] ({}).dated_alias[{j}].to", a.id),
                        "before from".into(),
                    ));
                }
            }
            for (j, r) in a.recognised.iter().enumerate() {
                let field = format!("authority[{i}] ({}).recognised[{j}]", a.id);
                if r.to.is_some_and(|t| t < r.from) {
                    return Err((format!("{field}.to"), "before from".into()));
                }
                if let Some(rule) = &r.rule {
                    if !rules.contains(&rule.as_str()) {
                        return Err((format!("{field}.rule"), format!("unknown rule `{rule}`")));
                    }
                }
                if self.applies(r) {
                    if let Some((_, other)) = periods.iter().find(|(p, _)| p.overlaps(&r.period()))
                    {
                        return Err((
                            field,
                            format!(
                                "overlaps the recognition of `{other}` under rule {}",
                                self.rule_in_force
                            ),
                        ));
                    }
                    periods.push((r.period(), &a.id));
                }
            }
        }
        Ok(())
    }

    fn applies(&self, r: &Recognition) -> bool {
        r.rule.as_deref().is_none_or(|rule| rule == self.rule_in_force)
    }

    /// The recognised authority under every dating rule, when the rules disagree on `date`
    /// (e.g. between 23 Dec 2015 and 29 Mar 2016 for the GNA): `(rule, authority id)` pairs.
    pub fn rules_disagree(&self, date: Date) -> Option<Vec<(String, Option<String>)>> {
        let per_rule: Vec<(String, Option<String>)> = self
            .rule
            .iter()
            .map(|rule| {
                let id = self.authority.iter().find_map(|a| {
                    a.recognised
                        .iter()
                        .any(|r| {
                            r.rule.as_deref().is_none_or(|x| x == rule.id)
                                && r.period().contains(date)
                        })
                        .then(|| a.id.clone())
                });
                (rule.id.clone(), id)
            })
            .collect();
        let first = per_rule.first().map(|(_, id)| id.clone());
        if per_rule.iter().all(|(_, id)| Some(id.clone()) == first) {
            None
        } else {
            Some(per_rule)
        }
    }

    /// The authority recognised as the Government on `date` under the rule in force.
    pub fn recognised_on(&self, date: Date) -> Option<(&Authority, &Recognition)> {
        self.authority.iter().find_map(|a| {
            a.recognised
                .iter()
                .find(|r| self.applies(r) && r.period().contains(date))
                .map(|r| (a, r))
        })
    }

    /// Pre-computes the normalised names used by [`Self::match_government`].
    pub fn prepare(&mut self) {
        for a in &mut self.authority {
            a.normalised =
                std::iter::once(&a.name).chain(&a.aliases).map(|n| normalise(n)).collect();
            a.normalised_dated = a.dated_alias.iter().map(|d| normalise(&d.name)).collect();
        }
    }

    fn matches_on(a: &Authority, key: &str, date: Date) -> bool {
        let active =
            a.active_from.is_none_or(|f| f <= date) && a.active_to.is_none_or(|t| date <= t);
        let valid = |d: &DatedAlias| d.from <= date && d.to.is_none_or(|t| date <= t);
        if a.normalised.is_empty() {
            return (active
                && std::iter::once(&a.name).chain(&a.aliases).any(|n| normalise(n) == key))
                || a.dated_alias.iter().any(|d| valid(d) && normalise(&d.name) == key);
        }
        (active && a.normalised.iter().any(|n| n == key))
            || a.dated_alias.iter().zip(&a.normalised_dated).any(|(d, n)| n == key && valid(d))
    }

    /// Matches a government name (normalised) against names and aliases valid on `date`.
    /// Ambiguous matches count as recognised only if every candidate is the recognised
    /// Government on that date.
    pub fn match_government(&self, given: &str, date: Date) -> AuthorityMatch {
        let key = normalise(given);
        let recognised = self.recognised_on(date);
        let matched: Vec<&Authority> =
            self.authority.iter().filter(|a| Self::matches_on(a, &key, date)).collect();
        let rec_id = recognised.map(|(a, _)| a.id.as_str());
        let is_rec = !matched.is_empty() && matched.iter().all(|a| Some(a.id.as_str()) == rec_id);
        let rec_name = recognised.map(|(a, _)| a.name.clone());
        let mut unverified = matched.iter().any(|a| a.confidence == Confidence::U);
        if let Some((_, r)) = recognised {
            unverified |= r.confidence == Confidence::U;
        }
        let explanation = match (matched.as_slice(), is_rec) {
            ([], _) => format!(
                "`{given}` matches no known authority of {} on {date}; treated as not the recognised Government{}",
                self.country,
                rec_name.as_ref().map(|n| format!(" (which was {n})")).unwrap_or_default()
            ),
            ([a], true) => {
                let r = recognised.map(|(_, r)| r);
                format!(
                    "`{given}` is {} ({}), the recognised Government of {} on {date} (recognised from {}{}){}",
                    a.name,
                    a.id,
                    self.country,
                    r.map(|r| r.from.to_string()).unwrap_or_default(),
                    r.and_then(|r| r.rule.as_ref()).map(|x| format!(", rule {x} in force")).unwrap_or_default(),
                    r.map(|r| format!("; {}", r.citations.join("; "))).unwrap_or_default(),
                )
            }
            (many, true) => format!("`{given}` matches {} authorities, all the recognised Government", many.len()),
            (many, false) => format!(
                "`{given}` is {} on {date}, not the recognised Government of {}{}; its forces are non-state end users",
                many.iter().map(|a| format!("{} ({})", a.name, a.id)).collect::<Vec<_>>().join(" or "),
                self.country,
                rec_name.as_ref().map(|n| format!(" (which was {n})")).unwrap_or_default()
            ),
        };
        AuthorityMatch {
            given: given.to_string(),
            matched: matched.iter().map(|a| a.id.clone()).collect(),
            matched_names: matched.iter().map(|a| a.name.clone()).collect(),
            recognised: is_rec,
            recognised_government: rec_name,
            explanation,
            unverified,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_punctuation_and_article() {
        assert_eq!(
            normalise("The Government of National-Accord!"),
            "government of national accord"
        );
        assert_eq!(normalise("  al-Thinni   government "), "al thinni government");
        assert_eq!(normalise("THE GNA"), "gna");
    }
}
