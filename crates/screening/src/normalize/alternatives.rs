//! The ways a listed name can be read: the names a slash or a semicolon joins, and an
//! organisation's acronym given in brackets, with the name without it.

use super::{normalize, NameStyle};

/// The ways a listed name can be read: itself and, when it joins names with a slash
/// ("Al-Qa'ida/Islamic Army") or a semicolon (an alias field that holds several spellings:
/// "Abas Rashidi; Abbas Rashedi"), each of them. A part needs three letters, so company forms
/// such as "A/S" stay whole.
pub fn alternatives(name: &str) -> Vec<&str> {
    let mut out = vec![name];
    let parts: Vec<&str> = name.split(['/', ';']).map(str::trim).collect();
    // Letters as normalisation reads them: a default-ignorable code point that Unicode calls
    // alphabetic (the Hangul fillers) is no letter of the name.
    let letters =
        |p: &str| crate::translit::strip_ignorable(p).chars().filter(|c| c.is_alphabetic()).count();
    if parts.len() > 1 && parts.iter().all(|p| letters(p) >= 3) {
        out.extend(parts);
    }
    out
}

/// The ways a listed name of the given style can be read ([`alternatives`]); an organisation's
/// name that gives its acronym in brackets ("KOREA KWANGSON BANKING CORPORATION (KKBC)") is
/// also known by the acronym alone ([`bracketed_acronym`]) and, when the acronym ends it, by
/// the name without it (the acronym is no word the name's other spellings must write).
pub fn alternatives_for(name: &str, style: NameStyle) -> Vec<&str> {
    let mut out = alternatives(name);
    if style == NameStyle::Organisation {
        let mut more: Vec<&str> = Vec::new();
        for a in &out {
            if let Some(acronym) = bracketed_acronym(a) {
                more.push(acronym);
                more.extend(without_own_acronym(a));
            }
        }
        for a in more {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    out
}

/// An organisation's name without the acronym of its own words that ends it in brackets
/// ("YAZD METALLURGY INDUSTRIES (YMI)" → "YAZD METALLURGY INDUSTRIES"; see
/// [`bracketed_acronym`]), when it has one: the acronym is no word the name's other spellings
/// must write.
pub fn without_own_acronym(name: &str) -> Option<&str> {
    bracketed_acronym(name)?;
    let (before, after) = name.split_once('(')?;
    let rest = after.split_once(')').map(|(_, r)| r.trim());
    (rest == Some("") && !before.trim().is_empty()).then(|| before.trim_end())
}

/// The acronym an organisation's name gives in brackets: one word of two to eight capital
/// letters or digits whose letters are those of the name in order, starting with its first
/// word's initial ("FORCES DEMOCRATIQUES DE LIBERATION DU RWANDA (FDLR)", "Modern
/// Industries Technique Company (MITEC)"). Not a place, a company form or a word the name
/// spells out ("(UK)", "(PVT)", "(SHENZHEN)").
fn bracketed_acronym(name: &str) -> Option<&str> {
    let open = name.find('(')?;
    let close = open + name[open..].find(')')?;
    let inner = name[open + 1..close].trim();
    let outside = format!("{} {}", &name[..open], &name[close + 1..]);
    let letters = inner.chars().filter(char::is_ascii_uppercase).count();
    if !(2..=8).contains(&inner.len())
        || letters < 2
        || !inner.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        || outside.split_whitespace().count() < 2
    {
        return None;
    }
    let words: Vec<String> = outside
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let lower = inner.to_ascii_lowercase();
    let mut acr = lower.chars().filter(char::is_ascii_alphabetic);
    let first = acr.next()?;
    if words.first().and_then(|w| w.chars().next()) != Some(first) {
        return None;
    }
    // The remaining letters in order in the rest of the name.
    let rest: String = words.concat().chars().skip(1).collect();
    let mut rest = rest.chars();
    if !acr.all(|c| rest.any(|r| r == c)) {
        return None;
    }
    let toks = normalize(inner, NameStyle::Organisation);
    let plain = toks.iter().all(|t| {
        !t.org_form && !t.generic && !crate::places::is_place(&t.text) && !words.contains(&t.text)
    });
    plain.then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slashes_semicolons_and_bracketed_acronyms() {
        assert_eq!(
            alternatives("Al-Qa'ida/Islamic Army"),
            vec!["Al-Qa'ida/Islamic Army", "Al-Qa'ida", "Islamic Army"]
        );
        assert_eq!(alternatives("Bowne Denmark A/S"), vec!["Bowne Denmark A/S"]);
        // An organisation's acronym in brackets is one of its names; not a place, a company
        // form, or letters the name does not spell.
        let org = |n| alternatives_for(n, NameStyle::Organisation);
        assert_eq!(
            org("VELMORAN TRADING CORPORATION (VTC)"),
            ["VELMORAN TRADING CORPORATION (VTC)", "VTC", "VELMORAN TRADING CORPORATION"]
        );
        assert_eq!(org("Front de libération du Zandar (FLZ)")[1], "FLZ");
        assert_eq!(org("Modern Tarsel Engineering Company (MOTEC)")[1], "MOTEC");
        for n in [
            "VELMORAN TRADING (UK)",
            "VELMORAN TRADING (PVT)",
            "VELMORAN TRADING (XQZ)",
            "ABC TRADING (SHENZHEN)",
        ] {
            assert_eq!(org(n), [n], "{n}");
        }
        assert_eq!(
            alternatives_for("Karim DOSTYAR (KD)", NameStyle::Person),
            ["Karim DOSTYAR (KD)"]
        );
        assert_eq!(
            alternatives("Karim Dostyar; Kareem Dostiar"),
            vec!["Karim Dostyar; Kareem Dostiar", "Karim Dostyar", "Kareem Dostiar"]
        );
    }
}
