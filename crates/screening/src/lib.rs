//! Transliteration-aware name screening against sanctions lists.
//!
//! A pure library (no IO, no clock): build an [`Index`] from [`Record`]s once per list version,
//! then [`Index::search`] a [`Query`] with [`Options`] to get ranked, explained [`Hit`]s.
//! [`IndexHandle`] holds the current index as an immutable snapshot that is swapped atomically
//! when the lists change.
//!
//! # How a name is matched
//!
//! 1. Both names are [normalised](normalize): Unicode NFKC, transliteration to ASCII (rules for
//!    Arabic names, tables for Cyrillic and Greek, `any_ascii` for other scripts), case and
//!    diacritics folded, articles (`al-`, `el-`…), filiation (`bin`, `ibn`), honorifics
//!    (`Sheikh`, `Col`, `Mullah`…) dropped, "Abd al-" compounds split into `abd` + stem
//!    (`Abdullah`, `Abdoulaye`, `Abdirahman`), "al-Din" compounds into stem + `din`
//!    (`Sirajuddin`, `Nasreddine`, as `Siraj ud-Din` is read), company
//!    forms (`Ltd`, `JSC`, `ООО`, `Sp. z o.o.`…, with one typo in long form words) replaced by
//!    canonical low-weight tokens, Roman series numbers in organisation names read as numbers.
//!    CamelCase starts a new word (`SiemensAG`). Han and Hangul are read one syllable per
//!    character; such tokens are marked *syllabic* (Hangul is romanised as the lists write
//!    Korean names: `김정은` → `kim jeong eun`, read also as `kim jong un`; `리선권` → `ri seon
//!    gwon`; `any_ascii` would give `gim`, `bag` for 박). Two consonants are two initials
//!    (`JC`); titles of office (`Präsident`, `Presidente`, `elnök`) go wherever they stand;
//!    `bin` in front of a family name written first (`bin Salman Mohammed`) goes too. A name
//!    joining names with a slash (`Al-Qa'ida/Islamic Army`) is also read as each of them;
//!    bracketed words (`Deutsche Bank (Schweiz) AG`) are qualifiers with half their weight.
//!    A person name whose every word has a Latvian or Lithuanian case ending (`Sergejs
//!    Lavrovs`, `Vladimiras Putinas`), or any person name in Greek script, is marked
//!    *inflected*. Family names are marked where the lists mark them: before the comma of
//!    "SURNAME, Given", or in capitals in a mixed-case name ("Daniel PEREZ ROJAS").
//!    A Chinese name in Wade-Giles (every word a Wade-Giles syllable, one at
//!    least with a spelling pinyin lacks: `hs`, `ts`, `-ung`, `-ieh`…) is also read as pinyin
//!    (`Mao Tse-tung` → `Mao Zedong`, `Hsi Chin-p'ing` → `Xi Jinping`).
//! 2. Each query token is compared with each listed token ([`MatchKind`]): exact, equivalent
//!    (nickname / cross-language given-name groups), phonetic (same consonant skeleton, so
//!    q/g/k, dh/th/d, ou/u/o, ee/i/y and doubled letters agree; in tokens of up to four letters
//!    the vowels must agree too; other languages' spellings of Russian names — Polish `w`,
//!    Hungarian `gy`/`cs`, `-owicz`/`-ovics`/`-ović` for `-ovich`, Slavic `-ej` — agree; a
//!    word-initial `x`/`hs` is compared as `s`, 0.9; a German transliteration (`w`, `sch`:
//!    `Jewgeni Prigoschin`) or a French one (`ch`: `Aicha`, `Hichem`) read the English way,
//!    0.88, when it is then spelled nearly like the other token; long names one sound apart,
//!    0.8),
//!    *romanised* (a Wade-Giles or Hangul syllable and its other romanisation, 0.9),
//!    *inflected* (an inflected name's stem without its case ending, 0.9), edit distance (one
//!    edit for 4–5 letters, two from 6 letters),
//!    initial, different numbers (0.6: "Fund VII" vs "Fund VIII", a sibling worth a review; like
//!    initials, numbers never make a match on their own), and joined/split tokens (`Abubakr`
//!    vs `Abu Bakr`, `Namchongang` vs `Nam Chon Gang`: two or three tokens as one word on
//!    either side, exact only), and acronyms between organisations: a token of 2–6 letters
//!    (`PLA`, `U.S.` read as `us`) against as many consecutive significant words with those
//!    initials (company forms and stopwords are not words; 0.85, so an acronym alone gives
//!    0.79), on either side; never when the query or the listed party is a person. A fuzzy match on a common token counts less
//!    (`similarity^(1/weight)`): common tokens have many neighbours (initials keep their 0.6).
//!    A syllabic token is a whole syllable: against another syllabic token only identity
//!    counts, against a Latin spelling no edit-distance match and another vowel only 0.7 (a
//!    different character is a different name, not a typo).
//!    Across a filiation particle, own names and fathers' names align at 0.3 of their
//!    similarity ("Ahmad bin Hasan" is not "Hasan bin Ahmad").
//! 3. Tokens are aligned independently of order (best pairs first) and weighed by rarity: a
//!    token's weight comes from how many listed records contain a token with the same phonetic
//!    key (IDF at index build), so `Mohammed` weighs less than `Qadhafi`; two- and three-letter
//!    tokens weigh less, numbers more.
//! 4. The name score is `coverage × (1 − λ · listed_miss) − 1.5 · conflict`: *coverage* is the
//!    weighted share of the query that was found; *listed_miss* the weighted share of the
//!    listed name that was not; middle names (patronymics, nasab; never a family name) count
//!    0.35 on both sides; of two family names the first, the one a person goes by, costs its
//!    whole weight when only the second is found ("Daniel Rojas" is not "Daniel PEREZ
//!    ROJAS"); so
//!    unmatched query tokens cost more than unmatched listed tokens (λ = 0.5) and a short query
//!    such as "Muammar Gaddafi" still finds "MUAMMAR MOHAMMED ABU MINYAR QADHAFI" (0.81).
//!    *conflict* is the smaller of the two sides' wholly unmatched shares: a different name in
//!    the same slot ("Ahmed" here, "Mohamed" there) is evidence against, not an omission.
//!    A query in a syllabic script is written whole: it has no middle names, a listed syllable
//!    it lacks costs its whole weight (λ = 1 for it), any query syllable the listed name lacks
//!    is a conflict, and two neighbouring syllables of one given name found in the reverse
//!    order count half ("민석", Min-seok, is not "So'k-min"). *Containment*: when every token
//!    of a listed person name (two or more tokens, weight ≥ 1.0) is found with similarity ≥
//!    0.95, starting with the query's first token, the query's extra tokens cost 0.4 of their
//!    weight (coverage = found / (found + 0.4 · extra)): "FAZL RABI ABDUL HAMID" finds "FAZL
//!    RABI". *Short queries*: when every token of a person query is found (similarity ≥
//!    0.75), two of them rare names found as rare listed names (weight ≥ 0.5), and the
//!    listed name's given name and every family name the list marks are among them, the
//!    listed name's unmatched share counts at most 0.4 ("Malek Ruben" finds "MALEK REUBEN
//!    RIAK RENGU"). *Common names*: when the query tokens found weigh less than 1.0 together
//!    ("Abdul Rahman", "Mohamed Ali"), a name score above 0.85 keeps a quarter of its excess:
//!    common names alone stay below 0.90, in the same order among namesakes.
//!    *Known by*: a person's record is also indexed under the given name of its primary name
//!    combined with each alias of one rare word (a laqab, family name or nickname: "Ahmed" of
//!    "AHMED OMAR AL-FITURI" with "Al-Dabbashi"); a hit through it says so
//!    ([`Explanation::combined`]).
//! 5. Secondary attributes then move the score: same date of birth (+0.08, same year +0.04,
//!    years two or more apart −0.12), a shared nationality (+0.03, none shared −0.05), a shared
//!    document number (+0.15). The result is clamped to [0, 1].
//!
//! # What scores mean
//!
//! * **1.0** — the same name after normalisation (every token exact or equivalent, nothing left
//!   over on either side), or a strong name match confirmed by date of birth or a document.
//!   A name of common names only ("Abdul Rahman") scores at most 0.89 on its own.
//! * **≥ 0.85** — every query token found, by spelling variants a human would accept as the same
//!   name (transliteration, a typo), possibly with extra middle names on the listed side: a
//!   probable match that needs a look at the secondary data.
//! * **≥ 0.70** ([`DEFAULT_THRESHOLD`]) — most of the rare parts of the query found, or the
//!   whole listed name found inside a longer query, or an organisation that differs only by a
//!   series number: a possible match worth reviewing. Below it, hits are not reported.
//! * **< 0.5** — a common given name in common, or nothing.

mod index;
pub mod normalize;
pub mod phonetic;
mod places;
mod rules;
mod score;
mod tables;
mod token;
mod translit;
mod wade_giles;

pub use index::{Index, IndexHandle, IndexStats};
pub use score::{Adjustment, Alignment, Explanation, MatchKind, Unmatched};

use serde::Serialize;

/// The default alert threshold (see the crate documentation for the meaning of scores).
pub const DEFAULT_THRESHOLD: f64 = 0.70;

/// What kind of party a record or query is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A natural person.
    Person,
    /// A company, organisation or group.
    Entity,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
}

impl Kind {
    /// The lower-case name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Entity => "entity",
            Kind::Vessel => "vessel",
            Kind::Aircraft => "aircraft",
        }
    }

    /// Parses `person`, `entity` (or `organization`, `company`), `vessel`, `aircraft`.
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "individual" => Some(Kind::Person),
            "entity" | "organization" | "organisation" | "company" => Some(Kind::Entity),
            "vessel" | "ship" => Some(Kind::Vessel),
            "aircraft" => Some(Kind::Aircraft),
            _ => None,
        }
    }

    fn style(self) -> normalize::NameStyle {
        match self {
            Kind::Person => normalize::NameStyle::Person,
            _ => normalize::NameStyle::Organisation,
        }
    }
}

/// A date of birth, possibly partial or a range of years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct BirthDate {
    /// First possible year.
    pub year_from: i16,
    /// Last possible year (equal to `year_from` for a single year).
    pub year_to: i16,
    /// Month, when known.
    pub month: Option<u8>,
    /// Day, when known.
    pub day: Option<u8>,
}

impl BirthDate {
    /// A single year.
    pub fn year(year: i16) -> BirthDate {
        BirthDate { year_from: year, year_to: year, month: None, day: None }
    }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `DD.MM.YYYY`, `DD/MM/YYYY` or `YYYY-YYYY`
    /// (a range). Returns `None` for anything else.
    pub fn parse(s: &str) -> Option<BirthDate> {
        let s = s.trim();
        let nums: Vec<&str> = s.split(['-', '/', '.', ' ']).filter(|p| !p.is_empty()).collect();
        let num = |p: &str| -> Option<i32> {
            if p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty() && p.len() <= 4 {
                p.parse().ok()
            } else {
                None
            }
        };
        let valid_year = |y: i32| (1000..=2999).contains(&y);
        let valid = |m: i32, d: i32| (1..=12).contains(&m) && (1..=31).contains(&d);
        match nums.as_slice() {
            [y] => {
                let y = num(y)?;
                valid_year(y).then(|| BirthDate::year(y as i16))
            }
            [a, b] => {
                let (a, b) = (num(a)?, num(b)?);
                if valid_year(a) && valid_year(b) && b >= a {
                    Some(BirthDate {
                        year_from: a as i16,
                        year_to: b as i16,
                        month: None,
                        day: None,
                    })
                } else if valid_year(a) && (1..=12).contains(&b) {
                    Some(BirthDate {
                        year_from: a as i16,
                        year_to: a as i16,
                        month: Some(b as u8),
                        day: None,
                    })
                } else {
                    None
                }
            }
            [a, b, c] => {
                let (a, b, c) = (num(a)?, num(b)?, num(c)?);
                if valid_year(a) && valid(b, c) {
                    Some(BirthDate {
                        year_from: a as i16,
                        year_to: a as i16,
                        month: Some(b as u8),
                        day: Some(c as u8),
                    })
                } else if valid_year(c) && valid(b, a) {
                    Some(BirthDate {
                        year_from: c as i16,
                        year_to: c as i16,
                        month: Some(b as u8),
                        day: Some(a as u8),
                    })
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

/// One listed party, as the screening crate sees it (converted from the list model by the
/// caller).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Record {
    /// Caller's identifier (unique within an index).
    pub id: String,
    /// The list it comes from (`un`, `ofac`, …).
    pub list: String,
    /// The issuer's reference (`LYi.013`).
    pub reference: String,
    /// What kind of party it is.
    pub kind: Kind,
    /// The primary name first, then aliases and original-script names.
    pub names: Vec<String>,
    /// Dates of birth.
    pub birth_dates: Vec<BirthDate>,
    /// Nationalities: ISO 3166-1 alpha-2 codes (upper case) or country names.
    pub nationalities: Vec<String>,
    /// Identity document numbers.
    pub documents: Vec<String>,
}

/// What to screen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Query {
    /// The name, in any script.
    pub name: String,
    /// Restrict to a kind (`None`: every kind; the name style is guessed from the name).
    pub kind: Option<Kind>,
    /// Date of birth, when known.
    pub birth_date: Option<BirthDate>,
    /// Nationality (ISO alpha-2 or country name), when known.
    pub nationality: Option<String>,
    /// Identity document numbers, when known.
    pub documents: Vec<String>,
}

impl Query {
    /// A query with only a name.
    pub fn name(name: impl Into<String>) -> Query {
        Query { name: name.into(), ..Query::default() }
    }

    /// Checks that the query can be screened: its name must have at least one letter once
    /// invisible characters are removed ([`normalize::has_letters`]). A name of digits,
    /// punctuation or zero-width characters only is an input error, not "no hits".
    /// ([`Index::search`] itself never fails: such a query simply finds nothing.)
    pub fn validate(&self) -> Result<(), QueryError> {
        if normalize::has_letters(&self.name) {
            Ok(())
        } else {
            Err(QueryError::NoLetters { name: self.name.escape_debug().to_string() })
        }
    }
}

/// Why a query cannot be screened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The name has no letter in any script once invisible characters are removed.
    #[error("the name \"{name}\" has no letters (only digits, punctuation or invisible characters); nothing to screen")]
    NoLetters {
        /// The name as given, with control and invisible characters escaped.
        name: String,
    },
}

/// Search options.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Only hits scoring at least this are returned.
    pub threshold: f64,
    /// At most this many hits (best first).
    pub limit: usize,
    /// Only these lists (`None`: all).
    pub lists: Option<Vec<String>>,
}

impl Default for Options {
    fn default() -> Options {
        Options { threshold: DEFAULT_THRESHOLD, limit: 10, lists: None }
    }
}

/// One listed party that matched.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Hit {
    /// The list (`un`, `ofac`, …).
    pub list: String,
    /// The issuer's reference.
    pub reference: String,
    /// The record's id as given to [`Index::build`].
    pub id: String,
    /// The kind of the listed party.
    pub kind: Kind,
    /// The listed party's primary name.
    pub name: String,
    /// The name or alias that matched best.
    pub matched_name: String,
    /// Final score in [0, 1].
    pub score: f64,
    /// How the score came about.
    pub explanation: Explanation,
}

#[cfg(test)]
mod tests {
    use super::{Query, QueryError};

    #[test]
    fn a_query_without_letters_is_an_input_error() {
        assert_eq!(Query::name("Muammar Gaddafi").validate(), Ok(()));
        assert_eq!(Query::name("Gad\u{200C}dafi").validate(), Ok(()));
        let err = Query::name("\u{200C}\u{200B} 42").validate().unwrap_err();
        assert!(matches!(err, QueryError::NoLetters { .. }));
        // The message shows the invisible characters, escaped.
        assert!(err.to_string().contains("\\u{200c}"), "{err}");
        assert!(Query::name("").validate().is_err());
    }
}
