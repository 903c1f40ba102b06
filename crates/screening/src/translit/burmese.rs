//! Burmese (Myanmar script): names as the lists write them, one word per syllable in the
//! conventional romanisation of Burmese names (`မင်းအောင်လှိုင်` → `min aung hlaing`, `ကျော်`
//! → `kyaw`, `မြင့်` → `myint`, `ထွန်း` → `htun`). Burmese writes a name without spaces;
//! each syllable (an initial consonant or vowel with its medials, vowel signs, final
//! consonant and tone marks) becomes a word. Pali words' `ရ` as `r` (Thura) and the other
//! spellings of a syllable (Hsu / Su, Khaing / Khine) are left to the phonetic rules.

/// The Myanmar block and its extensions.
pub(crate) fn is_burmese(c: char) -> bool {
    matches!(c as u32, 0x1000..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F)
}

/// The conventional spelling of a consonant as the first of a syllable.
fn onset(c: char) -> Option<&'static str> {
    Some(match c {
        'က' => "k",
        'ခ' => "kh",
        'ဂ' | 'ဃ' => "g",
        'င' => "ng",
        'စ' | 'ဆ' => "s",
        'ဇ' | 'ဈ' => "z",
        'ဉ' | 'ည' => "ny",
        'ဋ' | 'တ' => "t",
        'ဌ' | 'ထ' => "ht",
        'ဍ' | 'ဎ' | 'ဒ' | 'ဓ' => "d",
        'ဏ' | 'န' => "n",
        'ပ' => "p",
        'ဖ' => "hp",
        'ဗ' | 'ဘ' => "b",
        'မ' => "m",
        'ယ' | 'ရ' => "y",
        'လ' | 'ဠ' => "l",
        'ဝ' => "w",
        'သ' => "th",
        'ဟ' => "h",
        'အ' => "",
        _ => return None,
    })
}

/// A consonant's class as the final of a syllable (before the asat, U+103A).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Final {
    K,
    Ng,
    C,
    /// ည, read i (ကြည် Kyi, ပြည် Pyi).
    Ny,
    /// ဉ, read in (ယဉ် Yin).
    Nya,
    T,
    N,
    P,
    M,
    Y,
}

fn final_of(c: char) -> Option<Final> {
    Some(match c {
        'က' | 'ခ' | 'ဂ' => Final::K,
        'င' => Final::Ng,
        'စ' => Final::C,
        'ည' => Final::Ny,
        'ဉ' => Final::Nya,
        'ဋ' | 'တ' | 'ဒ' => Final::T,
        'ဏ' | 'န' => Final::N,
        'ပ' | 'ဗ' => Final::P,
        'မ' => Final::M,
        'ယ' => Final::Y,
        _ => return None,
    })
}

const ASAT: char = '\u{103A}';
const VIRAMA: char = '\u{1039}';

/// One syllable's parts.
#[derive(Default)]
struct Syllable {
    onset: &'static str,
    /// An independent vowel's spelling, in place of onset and rhyme.
    vowel: Option<&'static str>,
    medial_y: bool,
    medial_w: bool,
    medial_h: bool,
    aa: bool,
    i: bool,
    u: bool,
    e: bool,
    ai: bool,
    anusvara: bool,
    creaky: bool,
    visarga: bool,
    fin: Option<Final>,
}

impl Syllable {
    fn romanise(&self, first: bool, out: &mut String) {
        if let Some(v) = self.vowel {
            // ဦး is the honorific U before a name, the syllable Oo inside one.
            out.push_str(if v == "u" && !first { "oo" } else { v });
            return;
        }
        let mut onset = self.onset.to_owned();
        if self.medial_y {
            onset = match onset.as_str() {
                "k" => "ky".into(),
                "kh" => "ch".into(),
                "g" => "gy".into(),
                "ng" => "ny".into(),
                o => format!("{o}y"),
            };
        }
        if self.medial_h {
            onset = match onset.as_str() {
                "y" => "sh".into(),
                o => format!("h{o}"),
            };
        }
        let nasal = self.anusvara || matches!(self.fin, Some(Final::N | Final::M));
        let stop = matches!(self.fin, Some(Final::T | Final::P));
        let rhyme: String = if self.e && self.aa {
            match self.fin {
                Some(Final::Ng) => "aung",
                Some(Final::K) => "auk",
                _ => "aw",
            }
            .into()
        } else if self.i && self.u {
            match self.fin {
                Some(Final::Ng) => "aing".into(),
                Some(Final::K) => "aik".into(),
                _ if self.visarga => "oe".into(),
                _ => "o".into(),
            }
        } else if self.i {
            if nasal {
                "ein".into()
            } else if stop || self.fin == Some(Final::K) {
                "eik".into()
            } else {
                "i".into()
            }
        } else if self.u {
            if nasal {
                "on".into()
            } else if stop || self.fin == Some(Final::K) {
                "ok".into()
            } else {
                "u".into()
            }
        } else if self.e && !self.medial_w {
            // ေ is `ay` in names (နေ Nay, ထေ Htay, အေး Aye), `e` in the readings.
            if onset.is_empty() {
                "aye".into()
            } else {
                "ay".into()
            }
        } else if self.e || self.ai {
            if self.medial_w {
                "we".into()
            } else {
                "e".into()
            }
        } else if self.medial_w {
            match self.fin {
                _ if nasal => "un".into(),
                Some(Final::T | Final::P) => "ut".into(),
                Some(Final::Ng) => "win".into(),
                Some(Final::K) => "wet".into(),
                _ => "wa".into(),
            }
        } else {
            match self.fin {
                Some(Final::K) => "et",
                Some(Final::Ng | Final::Nya) => "in",
                Some(Final::C) => "it",
                Some(Final::Ny) => "i",
                Some(Final::T | Final::P) => "at",
                Some(Final::N | Final::M) => "an",
                Some(Final::Y) => "e",
                None if self.anusvara => "an",
                None => "a",
            }
            .into()
        };
        out.push_str(&onset);
        out.push_str(&rhyme);
        // A nasal final with the creaky tone is written with a `t` (မြင့် Myint, ညွန့် Nyunt).
        if self.creaky && (nasal || matches!(self.fin, Some(Final::Ng | Final::Nya))) {
            out.push('t');
        }
    }
}

/// Transliterates a run of Burmese letters, one word per syllable.
pub(crate) fn burmese_word(chars: &[char], out: &mut String) {
    let mut syllables: Vec<Syllable> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // A consonant with the asat or the virama (after the tone marks, which Unicode
        // orders first: င့်) closes the syllable before it.
        let mut j = i + 1;
        while matches!(chars.get(j), Some('\u{1037}' | '\u{1038}')) {
            j += 1;
        }
        let closes = matches!(chars.get(j), Some(&ASAT | &VIRAMA));
        if let Some(f) = final_of(c).filter(|_| closes && !syllables.is_empty()) {
            if let Some(s) = syllables.last_mut() {
                if s.fin.is_none() {
                    s.fin = Some(f);
                }
                s.creaky |= chars[i + 1..j].contains(&'\u{1037}');
                s.visarga |= chars[i + 1..j].contains(&'\u{1038}');
            }
            i = j + 1;
            continue;
        }
        if let Some(o) = onset(c) {
            syllables.push(Syllable { onset: o, ..Syllable::default() });
            i += 1;
            continue;
        }
        let independent = match c {
            'ဣ' | 'ဤ' => Some("i"),
            'ဥ' | 'ဦ' => Some("u"),
            'ဧ' => Some("e"),
            'ဩ' | 'ဪ' => Some("aw"),
            _ => None,
        };
        if let Some(v) = independent {
            syllables.push(Syllable { vowel: Some(v), ..Syllable::default() });
            i += 1;
            continue;
        }
        if let Some(d) = c.to_digit(10).filter(|_| ('\u{1040}'..='\u{1049}').contains(&c)) {
            out.push(' ');
            out.push(char::from_digit(d, 10).unwrap_or('0'));
            out.push(' ');
            i += 1;
            continue;
        }
        if let Some(s) = syllables.last_mut() {
            match c {
                '\u{103B}' | '\u{103C}' => s.medial_y = true,
                '\u{103D}' => s.medial_w = true,
                '\u{103E}' => s.medial_h = true,
                '\u{102B}' | '\u{102C}' => s.aa = true,
                '\u{102D}' | '\u{102E}' => s.i = true,
                '\u{102F}' | '\u{1030}' => s.u = true,
                '\u{1031}' => s.e = true,
                '\u{1032}' => s.ai = true,
                '\u{1036}' => s.anusvara = true,
                '\u{1037}' => s.creaky = true,
                '\u{1038}' => s.visarga = true,
                _ => {}
            }
        }
        i += 1;
    }
    for (k, s) in syllables.iter().enumerate() {
        out.push(' ');
        s.romanise(k == 0, out);
        out.push(' ');
    }
}

/// The other conventional spellings of a Burmese syllable as [`burmese_word`] writes it:
/// the aspirates with or without their `h` (`Htun` / `Tun`, `Hpone` / `Pone`), `aing` as
/// `ine` (`Khaing` / `Khine`), `un` as `on` (`Mun` / `Mon`), ေ as `e` (`Nay` / `Ne`, `Aye` / `Ei`), a final `on` as `one` (`Sone`), ည် as `ae` after a medial
/// (`Pyi` / `Pyae`), ဦ as `Oo` or `U`, the Shan title စိုင်း as `Sai`, and `ရ` as the `r` of Pali words (`Yaza` / `Raza`).
pub(crate) fn spellings(word: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if s != word && !out.contains(&s) {
            out.push(s);
        }
    };
    if let Some(rest) = word.strip_prefix("ht").or_else(|| word.strip_prefix("hp")) {
        push(format!("{}{rest}", &word[1..2]));
        if word.starts_with("hp") {
            push(format!("ph{rest}"));
        }
    }
    if word == "aye" {
        push("ei".into());
        push("e".into());
    } else if let Some(stem) = word.strip_suffix("ay").filter(|s| !s.is_empty()) {
        push(format!("{stem}e"));
    }
    if let Some(stem) = word.strip_suffix("aing") {
        push(format!("{stem}ine"));
    }
    if word.len() >= 3 && word.ends_with("on") {
        push(format!("{word}e"));
    }
    if let Some(stem) = word.strip_suffix("un").filter(|s| !s.is_empty()) {
        push(format!("{stem}on"));
    }
    if let Some(stem) = word.strip_suffix("yi") {
        if !stem.is_empty() {
            push(format!("{stem}yae"));
        }
    }
    match word {
        "u" => push("oo".into()),
        "oo" => push("u".into()),
        // The Shan title of men, စိုင်း.
        "saing" => push("sai".into()),
        _ => {}
    }
    if let Some(rest) = word.strip_prefix('y').filter(|r| !r.is_empty()) {
        push(format!("r{rest}"));
    }
    out
}

#[cfg(test)]
mod tests {
    fn roman(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::new();
        super::burmese_word(&chars, &mut out);
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn syllables_in_the_conventional_romanisation_of_names() {
        for (burmese, latin) in [
            ("မင်းအောင်လှိုင်", "min aung hlaing"),
            ("စိုးဝင်း", "soe win"),
            ("မောင်မောင်ကျော်", "maung maung kyaw"),
            ("မိုးမြင့်ထွန်း", "moe myint htun"),
            ("သိန်းညွန့်", "thein nyunt"),
            ("သန်းငြိမ်း", "than nyein"),
            ("ကိုကိုလှိုင်", "ko ko hlaing"),
            ("သက်နိုင်ဝင်း", "thet naing win"),
            ("ဝင်းရှိန်", "win shein"),
            ("ဟိန်းထက်", "hein htet"),
            ("ပွင့်စန်း", "pwint san"),
            ("အောင်လင်းဒွေး", "aung lin dwe"),
            ("ရဲဝင်းဦး", "ye win oo"),
            ("ဦးသန့်", "u thant"),
            ("ဒေါ်ခင်ကြည်", "daw khin kyi"),
            ("ယဉ်မင်းသူ", "yin min thu"),
            ("နေဝင်း", "nay win"),
            ("ခင်အေး", "khin aye"),
        ] {
            assert_eq!(roman(burmese), latin, "{burmese}");
        }
    }

    #[test]
    fn other_conventional_spellings() {
        use super::spellings;
        assert_eq!(spellings("htun"), ["tun", "hton"]);
        assert_eq!(spellings("mun"), ["mon"]);
        assert!(spellings("hpone").contains(&"pone".to_owned()));
        assert_eq!(spellings("khaing"), ["khine"]);
        assert_eq!(spellings("son"), ["sone"]);
        assert_eq!(spellings("pyi"), ["pyae"]);
        assert_eq!(spellings("u"), ["oo"]);
        assert_eq!(spellings("ye"), ["re"]);
        assert_eq!(spellings("nay"), ["ne"]);
        assert_eq!(spellings("aye"), ["ei", "e"]);
        assert!(spellings("min").is_empty());
    }
}
