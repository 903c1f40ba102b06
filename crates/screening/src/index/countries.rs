//! A country named in an organisation's name against where the listed body is (class 9 of
//! issue 14): "Industrial Bank of Korea" is not the Syrian INDUSTRIAL BANK, though the words
//! of the two names agree and the place one of them adds is, between names alone, an
//! omission ([`crate::score`]). Where a listed body is comes from its record: the countries
//! of its addresses and nationalities ([`Record::nationalities`]) and those its own names
//! name ("BANK MELLI IRAN ZAO", in Moscow, is Iran's bank too). A record that says nothing of
//! where it is, and a person, are left as the names leave them; so is a hit whose names share
//! a word of the body's own ([`crate::score::NameScore::generic_only`]): the country named
//! then is a branch the lists' addresses omit, or a party's way to lower its score, not
//! another body.

use crate::score::Adjustment;
use crate::{Kind, Record};

/// A country, as its ISO 3166-1 alpha-2 code.
pub(super) type Code = [u8; 2];

/// What a query's name naming another country than the listed body's costs.
const OTHER_COUNTRY: f64 = -0.15;

fn code(c: &str) -> Option<Code> {
    let b = c.as_bytes();
    (b.len() == 2 && b.iter().all(u8::is_ascii_uppercase)).then(|| [b[0], b[1]])
}

/// The countries a list of normalised tokens names.
pub(super) fn named<'a>(tokens: impl IntoIterator<Item = &'a str>) -> Vec<Code> {
    let mut out: Vec<Code> = Vec::new();
    for c in tokens.into_iter().filter_map(crate::places::country_code).filter_map(code) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Where a listed body is: the countries of its record's nationalities and addresses (ISO
/// codes, or names read word by word), and those its names' tokens
/// (`name_tokens`) name. Empty for a person.
pub(super) fn of_record<'a>(
    rec: &Record,
    name_tokens: impl IntoIterator<Item = &'a str>,
) -> Vec<Code> {
    if rec.kind == Kind::Person {
        return Vec::new();
    }
    let mut out = named(name_tokens);
    for n in &rec.nationalities {
        let found = match code(n.trim()) {
            Some(c) => vec![c],
            None => named(crate::translit::transliterate(n).split(' ')),
        };
        for c in found {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// The adjustment of a hit on a listed body (`listed`: where it is, [`of_record`]) whose
/// query names countries (`query`, [`named`]), none of them where the body is.
pub(super) fn adjustment(query: &[Code], listed: &[Code]) -> Option<Adjustment> {
    if query.is_empty() || listed.is_empty() || query.iter().any(|c| listed.contains(c)) {
        return None;
    }
    let text = |cs: &[Code]| {
        cs.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(", ")
    };
    Some(Adjustment {
        attribute: "place".into(),
        effect: OTHER_COUNTRY,
        detail: format!("the name names {}; the listed body is in {}", text(query), text(listed)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(names: &[&str], nationalities: &[&str]) -> Record {
        Record {
            id: "x".into(),
            list: "t".into(),
            reference: "X".into(),
            kind: Kind::Entity,
            names: names.iter().map(|n| n.to_string()).collect(),
            birth_dates: Vec::new(),
            nationalities: nationalities.iter().map(|n| n.to_string()).collect(),
            documents: Vec::new(),
        }
    }

    #[test]
    fn another_country_than_the_bodys_costs() {
        let rec = entity(&["ZORVEL BANK"], &["Syria"]);
        let listed = of_record(&rec, ["zorvel", "bank"]);
        assert_eq!(listed, vec![*b"SY"]);
        let q = named(["zorvel", "bank", "korea"]);
        let adj = adjustment(&q, &listed).expect("a conflict");
        assert!(adj.effect < 0.0 && adj.detail.contains("KP") && adj.detail.contains("SY"));
        // The body's own country, as a demonym, and a name without a country: nothing.
        assert!(adjustment(&named(["syrian", "zorvel", "bank"]), &listed).is_none());
        assert!(adjustment(&named(["zorvel", "bank"]), &listed).is_none());
    }

    #[test]
    fn a_country_the_bodys_names_name_is_its_own() {
        // An Iranian bank's subsidiary in Russia, named for Iran.
        let rec = entity(&["KARVANDI IRAN ZAO"], &["RU"]);
        let listed = of_record(&rec, ["karvandi", "iran", "~jsc"]);
        assert!(listed.contains(b"IR") && listed.contains(b"RU"));
        assert!(adjustment(&named(["karvandi", "iran"]), &listed).is_none());
    }

    #[test]
    fn nothing_known_nothing_said() {
        let rec = entity(&["ZORVEL BANK"], &[]);
        assert!(of_record(&rec, ["zorvel", "bank"]).is_empty());
        assert!(adjustment(&named(["zorvel", "korea"]), &[]).is_none());
        let person = Record { kind: Kind::Person, ..entity(&["A B"], &["SY"]) };
        assert!(of_record(&person, ["a", "b"]).is_empty());
    }
}
