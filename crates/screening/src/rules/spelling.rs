//! Spelling readings: a name transliterated the German way (`Jewgeni` / `Yevgeniy`, `Lawrow`
//! / `Lavrov`), the French way (`Aicha` / `Aisha`), the Russian way (`Khasan` / `Hasan`,
//! `Dzhamal` / `Jamal`) or the Somali way (`Maxamed` / `Mohamed`,
//! `Cali` / `Ali`), or written with the Arabic article fused or assimilated (`Essayed` /
//! `Sayed`, `Lazhar` / `Azhar`): its English reading ([`TokInfo::spellings`], from
//! `crate::phonetic::{german_variants, french_variant, russian_variant, somali_variant,
//! article_variants}`)
//! against the other token, phonetically, as a phonetic variant. Keyed by the skeleton of
//! each reading.

use super::{
    dedup_letters, key_hash, same_after_leading_vowel, tag, KeyUse, Pair, Rule, Sim, Step,
};
use crate::phonetic::coarse_key;
use crate::score::MatchKind;
use crate::token::{Spelling, TokInfo};

use super::edit::osa_distance;

/// Similarity of a reading and the English spelling it reads as.
const SPELLING_SIM: f32 = 0.88;
/// Similarity of a reading spelled exactly as the other token.
const SPELLING_EXACT: f32 = 0.92;

pub(crate) const RULE: Rule = Rule { kind: MatchKind::Phonetic, sim, keys };

fn sim(a: &TokInfo, b: &TokInfo, p: &Pair, best: Sim) -> Step {
    let (la, lb) = (p.la, p.lb);
    if p.syllabic || la.min(lb) < 3 {
        return Step::Offer(None);
    }
    // A German, French or Russian reading spelled exactly as the other token is that
    // spelling, not a typo of it (`Мухаммед` `mukhammed` read `muhammed`), as good as a
    // Persian reading. (Somali and article readings guess at a letter: `Carlos` is no
    // `Arlos`.)
    if best.is_none_or(|(_, s)| s < SPELLING_EXACT)
        && la.min(lb) >= 4
        && [(a, b), (b, a)]
            .iter()
            .any(|(x, y)| x.spellings.iter().any(|v| !v.short_ok && v.text == y.text))
    {
        return Step::Offer(Some((MatchKind::Phonetic, SPELLING_EXACT)));
    }
    if !best.is_none_or(|(_, s)| s < SPELLING_SIM) {
        return Step::Offer(None);
    }
    for (x, y) in [(a, b), (b, a)] {
        // A `j` read as `y` is a vowel to the phonetic key: only against a written `y`
        // (`Jelena`/`Yelena`, not `Julian`/`Allen`).
        // The variant must sound like the other token and be spelled nearly like it (the
        // phonetic key alone pools vowels: `shaitaly` is not `saidullah`).
        let fits = |v: &Spelling| {
            // A reading spelled exactly as the other token also counts at four letters
            // (`Khizb` / `Hizb`).
            (v.short_ok || la.min(lb) >= 5 || (la.min(lb) >= 4 && v.text == y.text))
                && v.fine == y.fine
                && (!v.leading_y || y.text.starts_with('y'))
                && {
                    // Somali and article readings are compared without doubled letters
                    // (`husen` / `hussein`, `hakim` / `hakeem`).
                    let (vt, yt) = if v.short_ok {
                        (dedup_letters(v.text.as_bytes()), dedup_letters(y.text.as_bytes()))
                    } else {
                        (v.text.as_bytes().to_vec(), y.text.as_bytes().to_vec())
                    };
                    let edits = if v.short_ok {
                        // Four letters or fewer: spelled alike but for the leading vowel.
                        (vt.len().saturating_sub(2) / 3).min(2)
                    } else {
                        (vt.len() / 3).min(2)
                    };
                    osa_distance(&vt, &yt, edits).is_some()
                        || (v.short_ok && same_after_leading_vowel(&vt, &yt))
                }
        };
        if x.spellings.iter().any(fits) {
            return Step::Offer(Some((MatchKind::Phonetic, SPELLING_SIM)));
        }
        // Against a word read from Arabic script, the article reading of a Latin spelling
        // with the script's short vowels left out (الصبار `sbar` / `Essabar`).
        let unvocalised = |v: &Spelling| {
            v.short_ok && {
                let coarse = coarse_key(&v.fine);
                super::unvocalised::forms(y).filter(|f| *f.coarse == coarse).any(|f| {
                    let reading = TokInfo::from_text(&v.text, false);
                    super::unvocalised::supplied_by(f, &reading).is_some()
                })
            }
        };
        if y.unvocalised && x.spellings.iter().any(unvocalised) {
            return Step::Offer(Some((MatchKind::Phonetic, SPELLING_SIM - 0.03)));
        }
    }
    Step::Offer(None)
}

fn keys(t: &TokInfo, _: KeyUse, out: &mut Vec<u64>) {
    if t.org_form || t.coarse.is_empty() {
        return;
    }
    for v in &t.spellings {
        out.push(key_hash(tag::SKELETON, coarse_key(&v.fine).as_bytes()));
    }
}

#[cfg(test)]
mod tests {
    use super::super::token_sim;
    use super::*;

    fn t(s: &str) -> TokInfo {
        TokInfo::from_text(s, false)
    }

    #[test]
    fn arabic_article_fused_or_assimilated() {
        let sim = |a: &str, b: &str| token_sim(&t(a), &t(b));
        // Fused al-/el-/ul-, assimilated to a doubled sun letter, Maghrebi `l`: either side.
        for (a, b) in [
            ("alhakim", "hakim"),
            ("elhakim", "hakeem"),
            ("ulhassan", "hasan"),
            ("essalmi", "salmi"),
            ("assalmi", "salmi"),
            ("errazak", "razzak"),
            ("arrazaq", "razak"),
            ("ettaher", "taher"),
            ("ezzubair", "zubair"),
            ("ennouri", "nouri"),
            ("lakhal", "akhal"),
            ("labidi", "abidi"),
            // With the silent final `e` of French spellings.
            ("lamine", "amin"),
            ("lakhdare", "akhdar"),
            ("ezzedine", "zeddin"),
        ] {
            assert!(sim(a, b).is_some_and(|(_, s)| s >= 0.85), "{a} {b}: {:?}", sim(a, b));
            assert_eq!(sim(a, b), sim(b, a), "{a} {b}");
        }
        // A word that only looks like it keeps its own reading: no match with unrelated words.
        assert_eq!(sim("ellison", "nelson"), None);
        assert_eq!(sim("lamberto", "roberto"), None);
        assert!(sim("essen", "sen").is_none(), "three letters left is no word");
        // Letters Arabic lacks: a European name.
        assert!(crate::phonetic::article_variants("lavilla").is_empty());
        assert!(crate::phonetic::article_variants("elpidio").is_empty());
    }

    #[test]
    fn a_fused_article_against_arabic_script() {
        // The Arabic script writes the article apart and leaves out short vowels; the Latin
        // spelling fuses the article (invented names).
        let arabic = |name: &str| {
            let toks = crate::normalize::normalize(name, crate::normalize::NameStyle::Person);
            TokInfo::new(toks.last().expect("a token"))
        };
        for (ar, latin) in [("الصبار", "essabar"), ("الرشيد", "errashid")] {
            let r = token_sim(&arabic(ar), &t(latin));
            assert!(r.is_some_and(|(_, s)| s >= 0.8), "{ar} {latin}: {r:?}");
        }
    }

    #[test]
    fn arabic_names_written_in_russian_are_their_english_spellings() {
        let cyr = |w: &str| {
            let toks = crate::normalize::normalize(w, crate::normalize::NameStyle::Person);
            TokInfo::new(toks.last().expect("a token"))
        };
        // Invented and common names: `х` is h, `в` between vowels the waw English writes `w`.
        // A reading spelled exactly as the other token is that spelling, not a typo.
        for (ru, latin) in [
            ("Мухаммед", "muhammed"),
            ("Авлаки", "awlaki"),
            ("Завахири", "zawahiri"),
            ("Ховайди", "howaydi"),
        ] {
            let r = token_sim(&cyr(ru), &t(latin));
            assert!(
                r.is_some_and(|(k, s)| k == MatchKind::Phonetic && s >= 0.9),
                "{ru} / {latin}: {r:?}"
            );
        }
        // Only between vowels: Лавров stays Lavrov.
        assert_eq!(crate::phonetic::cyrillic_w_variant("lavrov"), None);
    }

    #[test]
    fn somali_orthography() {
        let sim = |a: &str, b: &str| token_sim(&t(a), &t(b));
        for (a, b) in [
            ("xuseen", "hussein"),
            ("xaliimo", "halima"),
            ("maxamuud", "mohamud"),
            ("maxamed", "mohamed"),
            ("cumar", "omar"),
            ("cali", "ali"),
            ("cabdulqaadir", "abdulkadir"),
            ("cismaan", "osman"),
            ("faadumo", "fadumo"),
        ] {
            assert!(sim(a, b).is_some_and(|(_, s)| s >= 0.85), "{a} {b}: {:?}", sim(a, b));
        }
        // `ch`, `ck`, `sc` are no Somali `c`; a Somali reading must still be spelled alike.
        assert_eq!(crate::phonetic::somali_variant("richard"), None);
        assert_eq!(crate::phonetic::somali_variant("jackson"), None);
        assert_eq!(sim("cali", "eli"), None);
        assert_eq!(sim("carlos", "arlos").map(|x| x.1 < 0.9), Some(true));
    }
}
