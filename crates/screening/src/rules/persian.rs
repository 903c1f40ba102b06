//! Persian readings: a token read from Arabic script that writes ذ, ض or ظ also reads with
//! the `z` Persian, Urdu, Pashto and Turkish give those letters (فضل `fdl` / Fazl, ذاکر
//! `dhakir` / Zakir, ضیا `dia` / Zia), where Arabic spellings write `dh`, `d` or `z` (Fadl,
//! Dhakir, Diya); and a consonant و with the `v` of Persian spellings (جواد `jwad` / Javad,
//! نوید / Navid). The reading is prepared in [`TokInfo::z_reading`] and compared with every
//! rule, as good as an unvocalised reading at best. Keyed by every key of the reading.

use super::{better, token_keys, token_sim, KeyUse, Pair, Rule, Sim, Step};
use crate::score::MatchKind;
use crate::token::TokInfo;

/// Similarity of the Persian reading and the spelling it is written as.
const PERSIAN_SIM: f32 = 0.92;

pub(crate) const RULE: Rule = Rule { kind: MatchKind::Unvocalised, sim, keys };

fn sim(a: &TokInfo, b: &TokInfo, _: &Pair, best: Sim) -> Step {
    if a.z_reading.is_none() && b.z_reading.is_none() || best.is_some_and(|(_, s)| s >= PERSIAN_SIM)
    {
        return Step::Offer(None);
    }
    let mut found: Sim = None;
    for (x, y) in [(a, b), (b, a)] {
        let Some(z) = x.z_reading.as_deref() else { continue };
        let r = match token_sim(z, y) {
            Some((MatchKind::Exact, _)) => Some((MatchKind::Unvocalised, PERSIAN_SIM)),
            Some((kind, s)) => Some((kind, s.min(PERSIAN_SIM))),
            None => None,
        };
        if let Some((kind, s)) = r {
            if better(best, s) && better(found, s) {
                found = Some((kind, s));
            }
        }
    }
    Step::Offer(found)
}

fn keys(t: &TokInfo, at: KeyUse, out: &mut Vec<u64>) {
    if let Some(z) = &t.z_reading {
        token_keys(z, at.join, at.listed, out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::token_sim;
    use super::*;
    use crate::normalize::{normalize, NameStyle};

    fn arabic(name: &str) -> Vec<TokInfo> {
        normalize(name, NameStyle::Person).iter().map(TokInfo::new).collect()
    }

    fn t(s: &str) -> TokInfo {
        TokInfo::from_text(s, false)
    }

    #[test]
    fn dhal_dad_and_za_read_as_z_or_as_d() {
        // Invented names, each letter in the Persian and the Arabic spelling.
        for (ar, latins) in [
            ("فاضل", &["fazil", "fazel", "fadil", "fadhil"][..]),
            ("ذبیح", &["zabih", "dhabih"][..]),
            ("رمضان", &["ramazan", "ramadan", "ramadhan"][..]),
        ] {
            let q = arabic(ar);
            assert_eq!(q.len(), 1, "{ar}");
            for latin in latins {
                let r = token_sim(&q[0], &t(latin));
                assert!(r.is_some_and(|(_, s)| s >= 0.8), "{ar} ({}) / {latin}: {r:?}", q[0].text);
            }
        }
        // Only those letters: د is `d` in every language (داود is not Zawud), and the reading
        // does not open other consonants (ضیا is not Sia).
        let q = arabic("داود");
        assert!(q[0].z_reading.as_ref().is_none_or(|z| !z.text.contains('z')), "{q:?}");
        let q = arabic("ضیا");
        let r = token_sim(&q[0], &t("zia"));
        assert!(r.is_some_and(|(_, s)| s >= 0.85), "{} {r:?}", q[0].text);
        assert!(token_sim(&q[0], &t("sia")).is_none_or(|(_, s)| s < 0.8));
    }

    #[test]
    fn a_consonant_waw_reads_as_v_in_persian_spellings() {
        // Invented names: و before a long vowel, at the start, after a long vowel.
        for (ar, latins) in [
            ("شوادیان", &["shavadian", "shawadian"][..]),
            ("ونیرزاده", &["vanirzadeh", "vanirzade"][..]),
            ("ساوین", &["savin", "sawin"][..]),
        ] {
            let q = arabic(ar);
            assert_eq!(q.len(), 1, "{ar}");
            for latin in latins {
                let r = token_sim(&q[0], &t(latin));
                assert!(r.is_some_and(|(_, s)| s >= 0.8), "{ar} ({}) / {latin}: {r:?}", q[0].text);
            }
        }
        // Hebrew writes a vowel with vav as often (an invented name): no `v` reading there.
        let q = arabic("דאורין");
        assert!(q[0].z_reading.is_none(), "{q:?}");
        assert!(arabic("داورین")[0].z_reading.is_some());
        // A vowel و between consonants stays a vowel: no `v` reading opens "Mahvud".
        let q = arabic("کرموش");
        assert!(token_sim(&q[0], &t("karmvesh")).is_none_or(|(_, s)| s < 0.8), "{q:?}");
    }

    #[test]
    fn the_nisba_after_a_silent_he_reads_as_ei() {
        // Invented family names in -e'i, with the zero-width non-joiner and without.
        for ar in ["سیمره\u{200C}ای", "سیمرهای", "تارنه\u{200C}ای"] {
            let q = arabic(ar);
            assert_eq!(q.len(), 1, "{ar}: {q:?}");
            let latin =
                if ar.starts_with('س') { ["seymarei", "simarei"] } else { ["tarnei", "taranei"] };
            for l in latin {
                let r = token_sim(&q[0], &t(l));
                assert!(r.is_some_and(|(_, s)| s >= 0.8), "{ar} ({}) / {l}: {r:?}", q[0].text);
            }
        }
    }
}
