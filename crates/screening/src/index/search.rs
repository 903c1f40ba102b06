//! Search: retrieval of the listed tokens each query unit matches (cached per thread, see
//! [`super::cache`]), the candidate names they touch with an upper bound of each one's
//! score, the scoring of the names whose bound reaches the threshold, and the hits.

use std::borrow::Cow;

use super::*;
use crate::score::{CONTAINED_EXTRA, CONTAINED_EXTRA_ORG};

impl Index {
    pub(super) fn record_allowed(&self, rec: &Record, query: &Query, options: &Options) -> bool {
        kind_allowed(query.kind, rec.kind)
            && options
                .lists
                .as_ref()
                .is_none_or(|ls| ls.iter().any(|l| l.eq_ignore_ascii_case(&rec.list)))
    }

    /// Scores one listed name against a prepared query with the given unit similarity.
    pub(super) fn score_name(
        &self,
        pq: &Prepared,
        ne: &NameEntry,
        exclude: Option<(usize, &[usize])>,
        mut sim: impl FnMut(Unit, u32) -> Option<(MatchKind, f32)>,
    ) -> score::NameScore {
        // Acronyms only between organisations (never for a person, listed or queried).
        let acronyms = !ne.person && !pq.acr.is_empty();
        let mut acr_c = [0u8; score::MAX_TOKENS];
        if acronyms {
            for (a, &t) in acr_c.iter_mut().zip(&ne.tokens) {
                *a = acronym_len(&self.vocab[t as usize].tok);
            }
        }
        let acr = if acronyms {
            (&pq.acr[..], &acr_c[..ne.tokens.len().min(score::MAX_TOKENS)])
        } else {
            (&[][..], &[][..])
        };
        let vtok = |j: usize| &self.vocab[ne.tokens[j] as usize].tok;
        let query = pq.query_name(acr.0);
        let listed = ListedName {
            weights: &ne.weights,
            roles: &ne.roles,
            person: ne.person,
            family: ne.family,
            acronyms: acr.1,
            forms: ne.forms,
        };
        score_names(&query, &listed, |qu, cu| {
            let vid = match (qu, cu) {
                (Unit::Single(i), Unit::Span(j, l)) => {
                    let (j, l) = (j as usize, l as usize);
                    return acronym_sim(&pq.tokens[i as usize], (j..j + l).map(vtok));
                }
                (Unit::Span(i, l), Unit::Single(j)) => {
                    let (i, l) = (i as usize, l as usize);
                    let words = &pq.tokens[i..i + l];
                    if !ne.spelled.is_empty() && self.spelled_otherwise(ne, j, words, exclude) {
                        return None;
                    }
                    return acronym_sim(vtok(j as usize), words);
                }
                (Unit::Span(..), _) | (_, Unit::Span(..)) => return None,
                (_, Unit::Single(j)) => ne.tokens[j as usize],
                (_, Unit::Join(j)) => ne.joins[j as usize],
                (_, Unit::Join3(j)) => ne.joins3[j as usize],
            };
            if vid == u32::MAX {
                return None;
            }
            sim(qu, vid)
        })
    }

    pub(super) fn direct_sim(&self, pq: &Prepared, qu: Unit, vid: u32) -> Option<(MatchKind, f32)> {
        let v = &self.vocab[vid as usize];
        match qu {
            Unit::Single(i) => unit_sim(&pq.tokens[i as usize], false, &v.tok, v.join),
            Unit::Join(i) | Unit::Join3(i) => {
                let j = if matches!(qu, Unit::Join(_)) { &pq.joins } else { &pq.joins3 };
                let j = &j[i as usize];
                if j.org_form {
                    return None;
                }
                unit_sim(j, true, &v.tok, v.join)
            }
            Unit::Span(..) => None,
        }
    }

    pub(super) fn make_hit(
        &self,
        pq: &Prepared,
        query: &Query,
        nid: usize,
        ns: &score::NameScore,
    ) -> (f64, Hit) {
        let ne = &self.names[nid];
        let rec = &self.records[ne.record as usize];
        let ctexts: Vec<&str> =
            ne.tokens.iter().map(|t| self.vocab[*t as usize].tok.text.as_str()).collect();
        let qtexts: Vec<&str> = pq.tokens.iter().map(|t| t.text.as_str()).collect();
        let q = Side { tokens: &qtexts, weights: &pq.weights, family: 0 };
        let c = Side { tokens: &ctexts, weights: &ne.weights, family: ne.family };
        let mut explanation = score::explain(&q, &c, ne.person, ns);
        if ne.combined {
            let alias = rec.names.get(ne.name_idx as usize).map(String::as_str).unwrap_or("");
            explanation.combined = Some(format!(
                "the given name `{}` of the primary name with the alias `{alias}`, the name the person is known by",
                ctexts.first().copied().unwrap_or("")
            ));
        }
        let mut adj = adjustments(query, rec);
        if ns.generic_only {
            let listed = &self.record_countries[ne.record as usize];
            adj.extend(super::countries::adjustment(&pq.countries, listed));
        }
        let name_score = f64::from(ns.score);
        let total = (name_score + adj.iter().map(|a| a.effect).sum::<f64>()).clamp(0.0, 1.0);
        explanation.adjustments = adj;
        let score = (total * 10_000.0).round() / 10_000.0;
        let hit = Hit {
            list: rec.list.clone(),
            reference: rec.reference.clone(),
            id: rec.id.clone(),
            kind: rec.kind,
            name: rec.names.first().cloned().unwrap_or_default(),
            matched_name: rec.names.get(ne.name_idx as usize).cloned().unwrap_or_default(),
            score,
            explanation,
        };
        (total, hit)
    }

    pub(super) fn finish(
        &self,
        mut best: Best,
        pq: &Prepared,
        query: &Query,
        options: &Options,
        exclude: Option<(usize, &[usize])>,
    ) -> Vec<Hit> {
        // Rank by final score first (the name score is already known), then explain only the
        // hits that are returned.
        let mut ranked: Vec<(f64, &Record, usize)> = best
            .drain()
            .map(|(rec, (score, nid, generic_only))| {
                let record = &self.records[rec as usize];
                let mut adj: f64 = adjustments(query, record).iter().map(|a| a.effect).sum();
                if generic_only && !pq.countries.is_empty() {
                    let listed = &self.record_countries[rec as usize];
                    adj += super::countries::adjustment(&pq.countries, listed)
                        .map_or(0.0, |a| a.effect);
                }
                ((f64::from(score) + adj).clamp(0.0, 1.0), record, nid)
            })
            .filter(|(total, _, _)| *total >= options.threshold)
            .collect();
        ranked.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| a.1.list.cmp(&b.1.list))
                .then_with(|| a.1.reference.cmp(&b.1.reference))
        });
        ranked.truncate(options.limit);
        ranked
            .into_iter()
            .map(|(_, _, nid)| {
                let ns = self.score_name(pq, &self.names[nid], exclude, |qu, vid| {
                    self.direct_sim(pq, qu, vid)
                });
                self.make_hit(pq, query, nid, &ns).1
            })
            .collect()
    }

    /// Best-scoring name of every record, given name scores; keeps only records whose best
    /// possible final score reaches the threshold.
    pub(super) fn keep_best(best: &mut Best, record: u32, ns: &score::NameScore, nid: usize) {
        let now = (ns.score, nid, ns.generic_only);
        let e = best.entry(record).or_insert(now);
        if ns.score > e.0 || (ns.score == e.0 && nid < e.1) {
            *e = now;
        }
    }

    /// Searches the index: hits at or above `options.threshold`, best first, at most
    /// `options.limit`.
    pub fn search(&self, query: &Query, options: &Options) -> Vec<Hit> {
        each_reading(query, options, |q| self.search_inner(q, options, None))
    }

    /// [`Index::search`] as if some names of one record were not listed: `record` is a position
    /// in [`Index::records`], `names` positions in its `names`. For leave-one-out evaluations
    /// (an alias screened against the list without it), without rebuilding the index.
    #[doc(hidden)]
    pub fn search_without(
        &self,
        query: &Query,
        options: &Options,
        record: usize,
        names: &[usize],
    ) -> Vec<Hit> {
        each_reading(query, options, |q| self.search_inner(q, options, Some((record, names))))
    }

    pub(super) fn search_inner(
        &self,
        query: &Query,
        options: &Options,
        exclude: Option<(usize, &[usize])>,
    ) -> Vec<Hit> {
        let pq = self.prepare(query);
        if pq.tokens.is_empty() || self.names.is_empty() {
            return Vec::new();
        }
        let n = pq.tokens.len();
        // Retrieval: the vocab matches of each unit, sorted by vocab id (looked up by binary
        // search when names are scored).
        // Indexed by unit: singles, then joins of two, then joins of three.
        let unit_slot = |u: Unit| match u {
            Unit::Single(i) => Some(i as usize),
            Unit::Join(i) => Some(n + i as usize),
            Unit::Join3(i) => Some(2 * n + i as usize),
            Unit::Span(..) => None,
        };
        let mut unit_hits: Vec<Option<UnitMatches>> = vec![None; 3 * n];
        let mut found: Vec<(u64, u32)> = Vec::new(); // (unit mask, vocab id)
        let mut kbuf = Vec::new();
        let units: Vec<(Unit, &TokInfo, bool, u64)> = (0..n)
            .map(|i| (Unit::Single(i as u16), &pq.tokens[i], false, 1u64 << i))
            .chain(
                pq.joins
                    .iter()
                    .enumerate()
                    .filter(|(_, j)| !j.org_form)
                    .map(|(i, j)| (Unit::Join(i as u16), j, true, 3u64 << i)),
            )
            .chain(
                pq.joins3
                    .iter()
                    .enumerate()
                    .filter(|(_, j)| !j.org_form)
                    .map(|(i, j)| (Unit::Join3(i as u16), j, true, 7u64 << i)),
            )
            .collect();
        // Joined query units that match some listed token: the others are skipped at once
        // when names are scored.
        let (mut joins_found, mut joins3_found) = (0u64, 0u64);
        let mut vids: Vec<u32> = Vec::new();
        for (unit, tok, join, mask) in &units {
            let h = UnitCache::hash(tok, *join);
            let cached = UNIT_CACHE.with(|c| c.borrow_mut().get(self.id, h, tok, *join));
            let matches = match cached {
                Some(m) => m,
                None => {
                    kbuf.clear();
                    token_keys(tok, *join, false, &mut kbuf);
                    kbuf.sort_unstable();
                    kbuf.dedup();
                    vids.clear();
                    for &k in &kbuf {
                        vids.extend_from_slice(self.key_lookup(k));
                    }
                    vids.sort_unstable();
                    vids.dedup();
                    let m: UnitMatches = vids
                        .iter()
                        .filter_map(|&vid| {
                            let v = &self.vocab[vid as usize];
                            let (kind, sim) = unit_sim(tok, *join, &v.tok, v.join)?;
                            // Upper bound of the similarity this pair can contribute after the
                            // rarity discount (joins of listed tokens: the discount is not
                            // known here).
                            let ub = if !score::discounted(kind) || v.join {
                                sim
                            } else {
                                score::fuzzy_discount(sim, self.vocab_weights[vid as usize])
                            };
                            Some((vid, kind, sim, ub > WEAK_BOUND))
                        })
                        .collect();
                    UNIT_CACHE.with(|c| c.borrow_mut().put(h, tok.key(*join), &m));
                    m
                }
            };
            for &(vid, _, _, strong) in matches.iter() {
                match unit {
                    Unit::Join(i) => joins_found |= 1u64 << i,
                    Unit::Join3(i) => joins3_found |= 1u64 << i,
                    _ => {}
                }
                let strong = if strong { *mask << 32 } else { 0 };
                found.push((*mask | strong, vid));
            }
            if !matches.is_empty() {
                if let Some(slot) = unit_slot(*unit) {
                    unit_hits[slot] = Some(matches);
                }
            }
        }
        // Acronyms: a query acronym finds the names with a run of words with those initials
        // (keyed at the run's first word); a run of query words finds a listed acronym.
        let lookup = |k: u64| self.key_lookup(k).iter().copied();
        for (i, &l) in pq.acr.iter().enumerate() {
            if l > 0 {
                let mask = 1u64 << i;
                found.extend(
                    lookup(query_acronym_key(&pq.tokens[i])).map(|v| (mask | mask << 32, v)),
                );
            }
        }
        if !pq.acr.is_empty() {
            query_runs(&pq.tokens, |i, l, acr, key| {
                let mask = ((1u64 << l) - 1) << i;
                found.extend(
                    lookup(key)
                        .filter(|v| {
                            let v = &self.vocab[*v as usize];
                            !v.join && acronym_len(&v.tok) as usize == l && v.tok.text == acr
                        })
                        .map(|v| (mask | mask << 32, v)),
                );
            });
        }
        // Coverage bounds, with and without the middle-name discount (it depends on the kind
        // of the listed party).
        let q_mid: Vec<f32> =
            (0..n).map(|i| pq.weights[i] * score::position_factor(true, i, n)).collect();
        // The scorer counts an unmatched place (organisations) or title (persons) at a share
        // of its weight: the bounds divide by the query's weight lowered by that much.
        let relief: Vec<f32> =
            (0..n).map(|i| 1.0 - score::least_weight_share(&pq.forms, i, n)).collect();
        let qtot: f32 = pq.weights.iter().sum();
        let qtot_mid: f32 = q_mid.iter().sum();
        let qtot_lo: f32 =
            (qtot - (0..n).map(|i| pq.weights[i] * relief[i]).sum::<f32>()).max(f32::EPSILON);
        let qtot_mid_lo: f32 =
            (qtot_mid - (0..n).map(|i| q_mid[i] * relief[i]).sum::<f32>()).max(f32::EPSILON);
        // Initials and numbers match tokens they share no key with (any full token with that
        // first letter, any other number): their bound comes without retrieval.
        let initial_slack: Vec<f32> = (0..n)
            .map(|i| {
                let t = &pq.tokens[i];
                if t.text.len() == 1 && !t.has_digit {
                    INITIAL_SIM
                } else if t.has_digit {
                    NUMBER_SIM
                } else {
                    0.0
                }
            })
            .collect();
        let mut best: Best = FxMap::default();
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let Scratch { masks, touched, matched } = &mut *s;
            if masks.len() < self.names.len() {
                masks.resize(self.names.len(), 0);
            }
            let words = self.vocab.len().div_ceil(64);
            if matched.len() < words {
                matched.resize(words, 0);
            }
            for (_, vid) in &found {
                matched[(*vid / 64) as usize] |= 1u64 << (vid % 64);
            }
            for (mask, vid) in &found {
                for &nid in self.postings(*vid) {
                    let m = &mut masks[nid as usize];
                    if *m == 0 {
                        touched.push(nid);
                    }
                    *m |= *mask;
                }
            }
            // The bound of a name from the units that found it (`mask`: bit `i` for a match of
            // query token `i`, bit `i + 32` for a strong one): the coverage, or its
            // containment variant (extra query tokens at a discount) when the whole listed
            // name is found and the name may be contained.
            let cover_of = |mask: u64, containable: u8| {
                let mut hit_w = 0.0f32;
                let mut hit_mid = 0.0f32;
                for i in 0..n {
                    let share = if mask & (1 << (i + 32)) != 0 {
                        1.0
                    } else if mask & (1 << i) != 0 {
                        WEAK_BOUND
                    } else {
                        initial_slack[i]
                    };
                    hit_w += pq.weights[i] * share;
                    hit_mid += q_mid[i] * share;
                }
                // An organisation's name is contained only at the opening of the query: its
                // first two tokens must be among those found, each closely (strong bits).
                let discount = match containable {
                    CONTAINABLE_ANYWHERE => Some(CONTAINED_EXTRA),
                    CONTAINABLE_OPENING if (mask >> 32) & 3 == 3 => Some(CONTAINED_EXTRA_ORG),
                    _ => None,
                };
                let contained = match discount {
                    Some(d) if !pq.syllabic => hit_w / (d * qtot + (1.0 - d) * hit_w),
                    _ => 0.0,
                };
                (hit_w / qtot_lo).max(hit_mid / qtot_mid_lo).max(contained)
            };
            // A short query has few masks: their bounds are computed once (`n` ≤ 6: at most
            // 4,096 masks), not once per name touched.
            let low = (1u64 << n) - 1;
            let compact = |mask: u64| ((mask & low) | (((mask >> 32) & low) << n)) as usize;
            let table: Vec<[f32; 3]> = if n <= 6 && touched.len() > (1 << (2 * n)) {
                (0..1u64 << (2 * n))
                    .map(|k| {
                        let mask = (k & low) | ((k >> n) << 32);
                        [
                            cover_of(mask, 0),
                            cover_of(mask, CONTAINABLE_ANYWHERE),
                            cover_of(mask, CONTAINABLE_OPENING),
                        ]
                    })
                    .collect()
            } else {
                Vec::new()
            };
            for &nid in touched.iter() {
                let mask = masks[nid as usize];
                masks[nid as usize] = 0;
                let containable = self.containable[nid as usize];
                let cover = if table.is_empty() {
                    cover_of(mask, containable)
                } else {
                    table[compact(mask)][usize::from(containable.min(2))]
                };
                let bound = f64::from(cover) + pq.bonus + 1e-4;
                if bound < options.threshold {
                    continue;
                }
                let ne = &self.names[nid as usize];
                if exclude.is_some_and(|(r, names)| {
                    ne.record as usize == r
                        && (names.contains(&usize::from(ne.name_idx))
                            || (ne.combined && names.contains(&0)))
                }) {
                    continue;
                }
                if !self.record_allowed(&self.records[ne.record as usize], query, options) {
                    continue;
                }
                let ns = self.score_name(&pq, ne, exclude, |qu, vid| {
                    match qu {
                        Unit::Join(i) if joins_found & (1u64 << i) == 0 => return None,
                        Unit::Join3(i) if joins3_found & (1u64 << i) == 0 => return None,
                        _ => {}
                    }
                    let any = matched[(vid / 64) as usize] & (1u64 << (vid % 64)) != 0;
                    if any {
                        let hit = unit_slot(qu).and_then(|s| unit_hits[s].as_ref()).and_then(|m| {
                            let k = m.binary_search_by_key(&vid, |e| e.0).ok()?;
                            Some((m[k].1, m[k].2))
                        });
                        if hit.is_some() {
                            return hit;
                        }
                    }
                    match qu {
                        Unit::Single(i)
                            if pq.tokens[i as usize].text.len() == 1
                                || pq.tokens[i as usize].has_digit =>
                        {
                            self.direct_sim(&pq, qu, vid)
                        }
                        _ => None,
                    }
                });
                if ns.score <= 0.0 {
                    continue;
                }
                if f64::from(ns.score) + pq.bonus + 1e-4 < options.threshold {
                    continue;
                }
                Self::keep_best(&mut best, ne.record, &ns, nid as usize);
            }
            touched.clear();
            for (_, vid) in &found {
                matched[(*vid / 64) as usize] = 0;
            }
        });
        self.finish(best, &pq, query, options, exclude)
    }
}

/// Most names of one query field searched apart: a field of thousands of names would
/// otherwise cost thousands of searches (the lists' own fields hold up to nine).
pub(super) const MAX_QUERY_READINGS: usize = 16;

/// The ways a query's name is read ([`normalize::alternatives`]), the whole name first and at
/// most [`MAX_QUERY_READINGS`] of the names it joins. A person's name (`kind`, or an untyped
/// name that does not read as an organisation's) with a nickname in double quotes, as the
/// press writes one (`Ismael "El Mayo" Zambada`), is also read without it
/// ([`without_nickname`]): the nickname is no given or family name the list must hold. (Read
/// alone, a nickname of one word meets any listed name like it.) In an organisation's name
/// the quotes hold its own name (`ООО "Байкал"`). A name not a person's that ends with the
/// acronym of its own words in brackets ("Yazd Metallurgy Industries (YMI)") is also read
/// without it ([`normalize::without_own_acronym`]), as a listed name is: the list's other
/// spellings of the body need not give the acronym.
pub(super) fn query_readings(name: &str, kind: Option<Kind>) -> Vec<Cow<'_, str>> {
    if !name.contains(['/', ';']) {
        let person = || match kind {
            Some(k) => k == Kind::Person,
            None => !normalize::looks_like_organisation(name),
        };
        if name.contains('(') && kind != Some(Kind::Person) {
            if let Some(without) = normalize::without_own_acronym(name) {
                return vec![Cow::Borrowed(name), Cow::Borrowed(without)];
            }
        }
        return match without_nickname(name).filter(|_| person()) {
            Some(without) => vec![Cow::Borrowed(name), Cow::Owned(without)],
            None => vec![Cow::Borrowed(name)],
        };
    }
    let mut readings = normalize::alternatives(name);
    readings.truncate(1 + MAX_QUERY_READINGS);
    readings.into_iter().map(Cow::Borrowed).collect()
}

/// The name without its first part in double quotes (straight, curly or angle), when both
/// have a letter: a nickname the press writes inside the name.
fn without_nickname(name: &str) -> Option<String> {
    const OPEN: &[char] = &['"', '\u{201C}', '\u{201E}', '\u{00AB}'];
    const CLOSE: &[char] = &['"', '\u{201D}', '\u{201C}', '\u{00BB}'];
    let start = name.find(OPEN)?;
    let open_len = name[start..].chars().next()?.len_utf8();
    let rest = &name[start + open_len..];
    let end = rest.find(CLOSE)?;
    let close_len = rest[end..].chars().next()?.len_utf8();
    let nickname = rest[..end].trim();
    let without = format!("{} {}", name[..start].trim_end(), rest[end + close_len..].trim_start());
    let letters = |s: &str| s.chars().any(char::is_alphabetic);
    (letters(nickname) && letters(&without)).then(|| without.trim().to_owned())
}

/// Runs `search` for each way the query's name can be read, as a listed name is
/// ([`normalize::alternatives`]: a customer file's alias field that holds several names,
/// "Abas Rashidi; Abbas Rashedi"), and keeps each record's best hit, ranked as one search
/// ranks them.
pub(super) fn each_reading(
    query: &Query,
    options: &Options,
    search: impl Fn(&Query) -> Vec<Hit>,
) -> Vec<Hit> {
    let readings = query_readings(&query.name, query.kind);
    if readings.len() < 2 {
        return search(query);
    }
    let mut best: Vec<Hit> = Vec::new();
    for name in readings {
        let q = Query { name: name.into_owned(), ..query.clone() };
        for hit in search(&q) {
            match best.iter_mut().find(|h| h.id == hit.id) {
                Some(h) if hit.score > h.score => *h = hit,
                Some(_) => {}
                None => best.push(hit),
            }
        }
    }
    best.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.list.cmp(&b.list))
            .then_with(|| a.reference.cmp(&b.reference))
    });
    best.truncate(options.limit);
    best
}
