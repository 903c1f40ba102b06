//! Phonetic keys for transliteration variance.
//!
//! Consonants are mapped to classes that transliteration systems confuse: `q g k c kh gh ck`
//! → `k`; `d t dh th` → `t`; `s z sh sch sz ts tz c(e/i)` → `s`; `j dj dzh zh` → `j`; `ch tch
//! tsch cz` → `c`; `b p` → `b`; `f v ph` → `f`; `w` and `y` count as vowels (except a leading
//! `w` before a vowel, which is `f`); doubled letters collapse; a final `h` after a vowel
//! (`-ah`, `-eh`) is silent; a `j` closing a syllable after `e`/`i`/`o` is the Slavic `й`, a
//! vowel (`Sergej`).
//!
//! Two keys are derived:
//! * the **fine** key keeps one `a` for every run of vowels (`gaddafi`, `qadhafi`, `kadhafi`,
//!   `gheddafi` → `katafa`; `muhammad`, `mohamed` → `mahamat`);
//! * the **coarse** key (the consonant skeleton) drops the vowels but keeps a leading `a` for
//!   a word that starts with a vowel (`usama`, `osama` → `asm`).

/// Fine phonetic key (consonant classes plus one `a` per vowel run).
pub fn fine_key(token: &str) -> String {
    let token = slavic_suffix(token);
    let b = token.as_bytes();
    let n = b.len();
    let mut out = String::with_capacity(n);
    let mut i = 0;
    let mut last_class: u8 = 0; // last emitted symbol, b'a' for a vowel run
    let is_v = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    while i < n {
        let c = b[i];
        let n1 = b.get(i + 1).copied().unwrap_or(0);
        let n2 = b.get(i + 2).copied().unwrap_or(0);
        let n3 = b.get(i + 3).copied().unwrap_or(0);
        let (class, adv): (u8, usize) = match c {
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => (b'a', 1),
            b'w' => {
                // A leading `w` before a vowel, or before `l`/`r` (Polish and German
                // `Wladimir`, `Wrona`), is a `v`.
                if i == 0 && (is_v(n1) || matches!(n1, b'l' | b'r')) {
                    (b'f', 1)
                } else {
                    (b'a', 1)
                }
            }
            b'h' => {
                if i + 1 == n && i > 0 && is_v(b[i - 1]) {
                    (0, 1)
                } else {
                    (b'h', 1)
                }
            }
            // Hungarian `gy` before a vowel is a soft `d` (`Vlagyimir`).
            b'g' if n1 == b'y' && is_v(n2) && n2 != b'y' => (b't', 2),
            b'k' | b'g' => {
                if n1 == b'h' {
                    (b'k', 2)
                } else {
                    (b'k', 1)
                }
            }
            b'q' => (b'k', 1),
            b'c' => match n1 {
                b'h' => (b'c', 2),
                b'k' => (b'k', 2),
                b'z' => (b'c', 2),
                // Hungarian `cs` (`Vlagyimirovics`).
                b's' => (b'c', 2),
                b'e' | b'i' | b'y' => (b's', 1),
                _ => (b'k', 1),
            },
            b'x' => {
                push_class(&mut out, &mut last_class, b'k');
                (b's', 1)
            }
            b's' => {
                if n1 == b'c' && n2 == b'h' {
                    (b's', 3)
                } else if n1 == b'h' || n1 == b'z' {
                    (b's', 2)
                } else {
                    (b's', 1)
                }
            }
            b'z' => {
                // `zh`, and Hungarian `zs`.
                if n1 == b'h' || n1 == b's' {
                    (b'j', 2)
                } else {
                    (b's', 1)
                }
            }
            b't' => {
                if n1 == b's' && n2 == b'c' && n3 == b'h' {
                    (b'c', 4)
                } else if n1 == b's' && n2 == b'h' {
                    // `tsh`: `ch` as Arabic and Persian write it (تش).
                    (b'c', 3)
                } else if n1 == b'c' && n2 == b'h' {
                    (b'c', 3)
                } else if n1 == b'h' {
                    (b't', 2)
                } else if n1 == b's' || n1 == b'z' {
                    (b's', 2)
                } else {
                    (b't', 1)
                }
            }
            b'd' => {
                if n1 == b'z' && n2 == b'h' {
                    (b'j', 3)
                } else if n1 == b'j' {
                    (b'j', 2)
                } else if n1 == b'h' {
                    (b't', 2)
                } else {
                    (b't', 1)
                }
            }
            // `j` closing a syllable after `e`, `i`, `o` is the Slavic `й` (`Sergej`, `Jurij`,
            // `Andrejs`), a `y`; before a vowel or after `a` (`Faraj`, `Siraj`) it is a `j`.
            b'j' if i > 0
                && matches!(b[i - 1], b'e' | b'i' | b'o' | b'y')
                && !is_v(n1)
                && n1 != b'j' =>
            {
                (b'a', 1)
            }
            b'j' => (b'j', 1),
            b'p' => {
                if n1 == b'h' {
                    (b'f', 2)
                } else {
                    (b'b', 1)
                }
            }
            b'b' => (b'b', 1),
            b'f' | b'v' => (b'f', 1),
            b'l' | b'r' | b'm' | b'n' => (c, 1),
            b'0'..=b'9' => (c, 1),
            _ => (0, 1),
        };
        if class != 0 {
            push_class(&mut out, &mut last_class, class);
        }
        i += adv;
    }
    out
}

/// Spellings of the Slavic `-ovich`/`-evich` (patronymics, surnames) in other languages'
/// transliterations: Polish `-owicz`, German `-owitsch`, Dutch `-ovitsj`, Hungarian `-ovics`,
/// French `-ovitch`, Greek `-οβιτς`, South Slavic `-ović` (without the diacritic).
const SLAVIC_SUFFIXES: &[&str] = &[
    "wicz", "witsch", "witsj", "witch", "wich", "vitsch", "vitsj", "vitch", "vits", "vics", "vic",
];

/// A token with its `-ovich`-like ending written `-vich`.
fn slavic_suffix(token: &str) -> std::borrow::Cow<'_, str> {
    for suffix in SLAVIC_SUFFIXES {
        if let Some(stem) = token.strip_suffix(suffix) {
            if stem.len() >= 3 && (stem.ends_with('o') || stem.ends_with('e')) {
                return format!("{stem}vich").into();
            }
        }
    }
    token.into()
}

/// The English spellings of a name transliterated from Russian the German way (`Jewgeni
/// Prigoschin`, `Lawrow`, `Gorbatschow`): `w` is `v`, `tsch` is `ch` and `sch` is `sh` or
/// `zh`, and then a leading `j` before a vowel is `y`. Empty when the token has no `w` or
/// `sch`.
pub fn german_variants(token: &str) -> Vec<String> {
    let b = token.as_bytes();
    let vowel = |c: Option<&u8>| c.is_some_and(|c| b"aeiouy".contains(c));
    if !token.contains('w') && !token.contains("sch") {
        return Vec::new();
    }
    // A leading `j` is read as `y` only beside another German spelling: `Jason` is not
    // `Yasin`, `Jewgeni` is `Yevgeni`.
    let leading_j = b.first() == Some(&b'j') && vowel(b.get(1));
    let mut v = token.replace("tsch", "ch").replace('w', "v");
    if leading_j {
        v.replace_range(..1, "y");
    }
    let mut out: Vec<String> = Vec::new();
    for s in [v.replace("sch", "sh"), v.replace("sch", "zh")] {
        if s != token && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Whether a word is a Slavic name as German, Polish, Czech or the South Slavic languages
/// write it, where `j` is the English `y`: a Russian ending written the German way (`-ow`,
/// `-ew`, `-owa`, `-ewa`, `-itsch`, `tsch`), a given name's `-ij` or `-ej` (Jurij, Sergej), a
/// South Slavic `-ic` (Petrovic), or a Polish `cz` or `sz`.
///
/// A bare `-ow` or `-ew` counts only with another `w` in the word (`Iwanow`, `Medwedew`):
/// English names end so too (Andrew, Barlow), and "Jason Andrew" is no Yasin.
pub fn slavic_latin(word: &str) -> bool {
    let german_w = (word.ends_with("ow") || word.ends_with("ew")) && word.matches('w').count() >= 2;
    word.len() >= 4
        && (german_w
            || ["owa", "ewa", "itsch", "ij", "ej", "vic", "wic"].iter().any(|e| word.ends_with(e))
            || ["tsch", "cz", "sz"].iter().any(|c| word.contains(c)))
}

/// The English readings of a word of such a name ([`slavic_latin`]): a leading `j` before a
/// vowel written `y`, a final `ej` written `ey`, and a final `ij` written `iy` or `i`
/// (`Juri`, `Jurij` → `yuri`; `yuriy`, `yuri`); empty when it has neither.
pub fn slavic_j_readings(word: &str) -> Vec<String> {
    let b = word.as_bytes();
    let leading = b.len() >= 3 && b[0] == b'j' && b"aeiouy".contains(&b[1]);
    let ending = b.len() >= 4 && (word.ends_with("ij") || word.ends_with("ej"));
    if !leading && !ending {
        return Vec::new();
    }
    let mut out = word.to_owned();
    if leading {
        out.replace_range(..1, "y");
    }
    if !ending {
        return vec![out];
    }
    let stem = &out[..out.len() - 1];
    let mut readings = vec![format!("{stem}y")];
    if word.ends_with("ij") {
        readings.push(stem.to_owned());
    }
    readings
}

/// The English spelling of a name transliterated the French way (`Aicha`, `Hichem`,
/// `Cherif` for Aisha, Hisham, Sharif): `ch` is `sh`. Only for words of two syllables or
/// more: a one-syllable `ch` word is more often Chinese (`Cheng` is not `Sheng`).
pub fn french_variant(token: &str) -> Option<String> {
    let b = token.as_bytes();
    let is_v = |c: &u8| b"aeiouy".contains(c);
    let syllables =
        b.iter().enumerate().filter(|(i, c)| is_v(c) && (*i == 0 || !is_v(&b[i - 1]))).count();
    if syllables < 2 || !token.contains("ch") {
        return None;
    }
    let mut out = String::with_capacity(token.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'c'
            && b.get(i + 1) == Some(&b'h')
            && (i == 0 || !matches!(b[i - 1], b's' | b't'))
        {
            out.push_str("sh");
            i += 2;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    (out != token).then_some(out)
}

/// The spellings of a token that starts with the Arabic article written into the word: fused
/// (`Alqaida`, `Elkhalifa`, `Ulhaq` → `qaida`, `khalifa`, `haq`), assimilated to a following
/// "sun letter" and written with its doubled consonant (`Essayed`, `Errachid`, `Ettayeb`,
/// `Ennasr`, `Ezzaher`, `Eddine`-like words → `sayed`, `rachid`, `tayeb`, `nasr`, `zaher`), or
/// reduced to `l` before a vowel in Maghrebi spellings (`Lazhar`, `Lakhdar`, `Larbi` →
/// `azhar`, `akhdar`, `arbi`). The word without the article must keep four letters; the
/// caller only accepts the reading when it is then spelled nearly like the other token, so
/// `Ellison` or `Lauren` reach nothing that is not spelled `lison` or `auren`; a word with a
/// `v` or `p` (letters Arabic lacks) has no such reading.
pub fn article_variants(token: &str) -> Vec<String> {
    let b = token.as_bytes();
    // Arabic has no `v` or `p`: a word spelled with one is no transliterated Arabic word
    // (`Lavilla` is not al-Avilla).
    if b.iter().any(|c| matches!(c, b'v' | b'p')) {
        return Vec::new();
    }
    let is_v = |c: u8| b"aeiou".contains(&c);
    let mut out: Vec<String> = Vec::new();
    let mut push = |rest: &str| {
        if rest.len() >= 4 && rest.bytes().any(is_v) && !out.iter().any(|o| o == rest) {
            out.push(rest.to_owned());
        }
        // The silent final `e` of the French spelling (`Lamine` = al-Amin, `Lakhdare`).
        let r = rest.as_bytes();
        if r.len() >= 5 && r[r.len() - 1] == b'e' && !is_v(r[r.len() - 2]) {
            let stem = &rest[..rest.len() - 1];
            if !out.iter().any(|o| o == stem) {
                out.push(stem.to_owned());
            }
        }
    };
    // Fused: al/el/ul + consonant (`alqaida`), and ad/ar/as/at/an/az/ash + the same letter
    // again (`assayed`, `ashsharif`).
    for art in ["al", "el", "ul"] {
        if let Some(rest) = token.strip_prefix(art) {
            if rest.bytes().next().is_some_and(|c| !is_v(c)) {
                push(rest);
            }
        }
    }
    // Assimilated: a vowel, then a doubled sun letter (`essayed`, `ettayeb`, `azzahir`).
    if b.len() >= 6 && is_v(b[0]) && b[1] == b[2] && b"tdrzsnl".contains(&b[1]) {
        push(&token[2..]);
    }
    // `ash-sh`, `ath-th`, `adh-dh` written as one word (`ashshami` is rare; `eshsham`).
    for (pre, letters) in [("esh", "sh"), ("ash", "sh"), ("eth", "th"), ("ath", "th")] {
        if let Some(rest) = token.strip_prefix(pre) {
            if rest.starts_with(letters) {
                push(rest);
            }
        }
    }
    // Maghrebi `l` for the article before a vowel (`Lazhar` = al-Azhar).
    if b.len() >= 6 && b[0] == b'l' && b"aei".contains(&b[1]) && !is_v(b[2]) {
        push(&token[1..]);
    }
    out
}

/// A name with its European particle written into the word, as customer files write it
/// (`Deleon`, `Delacruz`, `Dossantos`, `Vandermerwe`, `Dubois`): the word without it (`leon`,
/// `cruz`, `santos`, `merwe`, `bois`), as person names are read without their particles
/// ([`crate::tables::PERSON_PARTICLES`]). The longest particle first; the rest must keep four
/// letters, a vowel, and start with a consonant (`Delgado` is not `del-Agado`). `None`
/// otherwise.
pub fn particle_variant(token: &str) -> Option<String> {
    const FUSED: &[&str] = &[
        "vanden", "vander", "vonder", "delos", "delas", "della", "dela", "van", "von", "del",
        "dos", "das", "de", "du", "da", "di",
    ];
    let is_v = |c: u8| b"aeiouy".contains(&c);
    FUSED.iter().find_map(|p| {
        let rest = token.strip_prefix(p)?;
        let r = rest.as_bytes();
        // After `da` and `di`, five letters: `Daniel` is no `da Niel`.
        let least = if p.len() == 2 && p.ends_with(['a', 'i']) { 5 } else { 4 };
        (r.len() >= least && !is_v(r[0]) && r.iter().any(|&c| is_v(c))).then(|| rest.to_owned())
    })
}

/// The English spelling of a name transliterated from Russian: Cyrillic has no `h`, so `х`
/// (`kh`) writes the Arabic and Persian ḥ and h as well as kh (`Khasan`, `Mukhammed`,
/// `Khakkani` → `hasan`, `muhammed`, `hakkani`), and `дж` (`dzh`) the `j` (`Dzhamal` →
/// `jamal`). `None` unless the token has `kh` or `dzh`.
pub fn russian_variant(token: &str) -> Option<String> {
    if !token.contains("kh") && !token.contains("dzh") {
        return None;
    }
    let out = token.replace("dzh", "j").replace("kh", "h");
    (out.len() >= 3).then_some(out)
}

/// The reading of a name written in Cyrillic with `г` for h: Russian writes the Arabic and
/// Persian h with `г` as well as `х` (`Ибрагим`, `Гусейн`, `Гаджи` → `ibrahim`, `husein`,
/// `haji`), and Ukrainian and Belarusian `г` is h (`Григорій` → `hryhoriy`). With the
/// readings of [`russian_variant`]. `None` unless the token has a `g` (not `gh`, `ng`, which
/// Cyrillic writes with letters of their own).
pub fn cyrillic_h_variant(token: &str) -> Option<String> {
    if !token.contains('g') || token.contains("gh") || token.contains("ng") {
        return None;
    }
    let out = token.replace("dzh", "j").replace("kh", "h").replace('g', "h");
    (out.len() >= 3).then_some(out)
}

/// The reading of a name written in Cyrillic with `в` for the Arabic and Persian waw between
/// vowels, which English spellings of Arabic names write `w` (`Авлаки`, `Завахири` →
/// `awlaki`, `zawahiri`), with the readings of [`russian_variant`]. `None` unless the token has
/// a `v` between vowels.
pub fn cyrillic_w_variant(token: &str) -> Option<String> {
    let b = token.as_bytes();
    let vowel = |c: Option<&u8>| c.is_some_and(|c| b"aeiouy".contains(c));
    let between = |i: usize| b[i] == b'v' && i > 0 && vowel(b.get(i - 1)) && vowel(b.get(i + 1));
    if !(0..b.len()).any(between) {
        return None;
    }
    let w: String =
        b.iter().enumerate().map(|(i, &c)| if between(i) { 'w' } else { c as char }).collect();
    let out = w.replace("dzh", "j").replace("kh", "h");
    (out.len() >= 3).then_some(out)
}

/// The English spelling of a name in Somali orthography: `x` is the Arabic ḥ (`Xasan`,
/// `Maxamed` → `hasan`, `mahamed`), `c` the ʿayn, which English spellings leave out (`Cabdi`,
/// `Cali`, `Cumar` → `abdi`, `ali`, `umar`), and long vowels are doubled (`Daahir`,
/// `Cabdullaahi` → `dahir`, `abdullahi`). `None` unless the token has a Somali `x` or `c`
/// (not in `ch`, `ck`, `sc`, nor at the end).
pub fn somali_variant(token: &str) -> Option<String> {
    let b = token.as_bytes();
    // Not a final `c` (`Sinopec`, `Isaac`: the ʿayn begins a Somali name or stands inside it).
    let somali_c = |i: usize| {
        b[i] == b'c'
            && i + 1 < b.len()
            && !matches!(b.get(i + 1), Some(b'h' | b'k' | b'c'))
            && (i == 0 || b[i - 1] != b's')
    };
    let has_x = b.contains(&b'x');
    let has_c = (0..b.len()).any(somali_c);
    if !has_x && !has_c {
        return None;
    }
    let mut out = String::with_capacity(b.len());
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'x' => out.push('h'),
            b'c' if somali_c(i) => {}
            // A doubled vowel is one long vowel.
            c if b"aeiou".contains(&c) && out.as_bytes().last() == Some(&c) => {}
            c => out.push(c as char),
        }
    }
    (out.len() >= 2 && out != token).then_some(out)
}

/// The spelling of a token with a word-initial sibilant written as `s`: pinyin `x` (`Xi`,
/// `Xu`; also Iberian `Ximena`) and Wade-Giles `hs` (`Hsi`). These keep their own keys (the
/// `x` of `Alexander` is `ks`, so rarity is not pooled with every `s` syllable); the variant
/// is what a romanisation with `s`/`sh` would write.
pub fn sibilant_variant(token: &str) -> Option<String> {
    let b = token.as_bytes();
    let vowel = |c: Option<&u8>| c.is_some_and(|c| b"aeiouy".contains(c));
    match b {
        [b'x', rest @ ..] if vowel(rest.first()) => Some(format!("s{}", &token[1..])),
        [b'h', b's', rest @ ..] if vowel(rest.first()) => Some(token[1..].to_owned()),
        _ => None,
    }
}

fn push_class(out: &mut String, last: &mut u8, class: u8) {
    if class == *last {
        return; // doubled letter or vowel run
    }
    out.push(class as char);
    *last = class;
}

/// Coarse key: the fine key without vowels, except a leading vowel marker.
pub fn coarse_key(fine: &str) -> String {
    let mut out = String::with_capacity(fine.len());
    let mut last = 0u8;
    for (i, c) in fine.bytes().enumerate() {
        if c == b'a' {
            if i == 0 {
                out.push('a');
            }
            continue;
        }
        if c == last {
            continue;
        }
        out.push(c as char);
        last = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_somali_c_begins_a_name_or_stands_inside_it() {
        assert_eq!(somali_variant("cabdi").as_deref(), Some("abdi"));
        assert_eq!(somali_variant("sacid").as_deref(), Some("said"));
        // A final `c` is a Latin `k`: a brand, not an ʿayn ("Sinopec" is no "Sinope").
        assert_eq!(somali_variant("sinopec"), None);
        assert_eq!(somali_variant("isaac"), None);
    }

    #[test]
    fn russian_spellings_read_the_english_way() {
        assert_eq!(russian_variant("khasan").as_deref(), Some("hasan"));
        assert_eq!(russian_variant("mukhammed").as_deref(), Some("muhammed"));
        assert_eq!(russian_variant("dzhamal").as_deref(), Some("jamal"));
        assert_eq!(russian_variant("hasan"), None);
        assert_eq!(russian_variant("zhukov"), None);
        assert_eq!(cyrillic_h_variant("ibragim").as_deref(), Some("ibrahim"));
        assert_eq!(cyrillic_h_variant("guseyn").as_deref(), Some("huseyn"));
        assert_eq!(cyrillic_h_variant("gadzhi").as_deref(), Some("haji"));
        assert_eq!(cyrillic_h_variant("khasan"), None);
    }

    #[test]
    fn gaddafi_variants_share_keys() {
        let keys: Vec<String> =
            ["gaddafi", "qadhafi", "kadhafi", "gheddafi", "qaddafi", "kaddafi", "qadhdhafi"]
                .iter()
                .map(|t| fine_key(t))
                .collect();
        assert!(keys.iter().all(|k| k == "katafa"), "{keys:?}");
    }

    #[test]
    fn muhammad_variants() {
        for t in ["muhammad", "mohamed", "mohammed", "muhamad"] {
            assert_eq!(fine_key(t), "mahamat", "{t}");
        }
        assert_ne!(fine_key("mahmud"), fine_key("muhammad"));
    }

    #[test]
    fn slavic_j() {
        assert_eq!(fine_key("alexander"), fine_key("aleksander"));
        assert_eq!(fine_key("sergej"), fine_key("sergey"));
        assert_eq!(fine_key("jurij"), fine_key("juriy"));
        assert_ne!(fine_key("faraj"), fine_key("farah"));
        assert_ne!(fine_key("mujahid"), fine_key("muyahid"));
    }

    #[test]
    fn other_transliterations_of_russian() {
        for (a, b) in [
            ("wladimirowicz", "vladimirovich"),
            ("wladimirowitsch", "vladimirovich"),
            ("vlagyimirovics", "vladimirovich"),
            ("putyin", "putin"),
            ("milosevic", "milosevich"),
            ("zsukov", "zhukov"),
            ("fladimirufitsh", "vladimirovich"),
        ] {
            assert_eq!(fine_key(a), fine_key(b), "{a} {b}");
        }
        // `w` before a vowel only at the start of a word.
        assert_ne!(fine_key("howard"), fine_key("hovard"));
    }

    #[test]
    fn a_slavic_j_reads_as_y() {
        // Invented words: Russian endings the German way, -ij, -ic, Polish cz and sz.
        for w in ["korwalow", "tarselewa", "marvitsch", "velkij", "parkovic", "korczak"] {
            assert!(slavic_latin(w), "{w}");
        }
        for w in ["jimenez", "howard", "juan", "velkor", "andrew", "barlow", "matthew"] {
            assert!(!slavic_latin(w), "{w}");
        }
        assert_eq!(slavic_j_readings("juri"), ["yuri"]);
        assert_eq!(slavic_j_readings("jurij"), ["yuriy", "yuri"]);
        assert_eq!(slavic_j_readings("sergej"), ["sergey"]);
        assert!(slavic_j_readings("petr").is_empty());
    }

    #[test]
    fn french_transliteration_variant() {
        assert_eq!(french_variant("aicha").as_deref(), Some("aisha"));
        assert_eq!(french_variant("hichem").as_deref(), Some("hishem"));
        assert_eq!(french_variant("cheng"), None);
        assert_eq!(french_variant("gorbatschow").as_deref(), None);
    }

    #[test]
    fn german_transliteration_variants() {
        assert!(german_variants("jewgeni").contains(&"yevgeni".to_owned()));
        assert!(german_variants("prigoschin").contains(&"prigozhin".to_owned()));
        assert!(german_variants("gorbatschow").contains(&"gorbachov".to_owned()));
        assert!(german_variants("putin").is_empty());
    }

    #[test]
    fn coarse_keeps_leading_vowel() {
        assert_eq!(coarse_key(&fine_key("usama")), "asm");
        assert_eq!(coarse_key(&fine_key("osama")), "asm");
        assert_eq!(coarse_key(&fine_key("sama")), "sm");
        assert_eq!(coarse_key(&fine_key("hussein")), "hsn");
        assert_eq!(coarse_key(&fine_key("husayn")), "hsn");
    }
}
