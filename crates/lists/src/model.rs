//! The designation model every list format is mapped into.
//!
//! Field meanings follow `shared/docs/list-formats.md` §0.1.
//! Values are already trimmed and whitespace-collapsed; absent values are `None` or empty vectors,
//! never empty strings.

use serde::{Deserialize, Serialize};

/// Which list a designation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// UN Security Council consolidated list.
    Un,
    /// OFAC (SDN and consolidated non-SDN).
    Ofac,
    /// EU financial sanctions file.
    Eu,
    /// UK (OFSI ConList / FCDO UK Sanctions List).
    Uk,
    /// FollowTheMoney entities (OpenSanctions exports).
    Ftm,
}

impl Source {
    /// Every source, in display order.
    pub const ALL: [Source; 5] = [Source::Un, Source::Ofac, Source::Eu, Source::Uk, Source::Ftm];

    /// The short lowercase name used on the command line and in JSON (`un`, `ofac`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Un => "un",
            Source::Ofac => "ofac",
            Source::Eu => "eu",
            Source::Uk => "uk",
            Source::Ftm => "ftm",
        }
    }

    /// Parses the short name (case-insensitive).
    pub fn parse(s: &str) -> Result<Source, UnknownSource> {
        let lower = s.trim().to_ascii_lowercase();
        Source::ALL.into_iter().find(|src| src.as_str() == lower).ok_or(UnknownSource(s.to_owned()))
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A source name that is not one of `un`, `ofac`, `eu`, `uk`, `ftm`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown list source `{0}` (expected one of: un, ofac, eu, uk, ftm)")]
pub struct UnknownSource(pub String);

/// What kind of thing is designated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A natural person.
    Person,
    /// A company, organisation, group or other legal entity.
    Entity,
    /// A ship.
    Vessel,
    /// An aircraft.
    Aircraft,
}

impl Kind {
    /// The lowercase name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Entity => "entity",
            Kind::Vessel => "vessel",
            Kind::Aircraft => "aircraft",
        }
    }
}

/// How reliable an alias is, in the issuer's own terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AliasQuality {
    /// UN "Good", OFAC "strong", EU/UK primary-quality aliases.
    Strong,
    /// UN "Low", OFAC "weak" (including weak aliases found inside remarks).
    Weak,
}

/// One alternative name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    /// The name as written by the issuer (whitespace-collapsed).
    pub name: String,
    /// The issuer's quality grade.
    pub quality: AliasQuality,
    /// A former name (OFAC `fka`, UK "former name").
    #[serde(default)]
    pub former: bool,
}

/// A date of birth as the list gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BirthDate {
    /// A full date.
    Exact {
        /// The date.
        date: jiff::civil::Date,
        /// Marked "circa"/"approximately" by the issuer.
        #[serde(default)]
        approximate: bool,
        /// The text as it appeared in the file.
        raw: String,
    },
    /// A year only (or year and month; the month is then kept in `raw` only).
    Year {
        /// The year.
        year: i16,
        /// Marked "circa"/"approximately" by the issuer.
        #[serde(default)]
        approximate: bool,
        /// The text as it appeared in the file.
        raw: String,
    },
    /// A range of years, inclusive.
    Range {
        /// First year.
        from: i16,
        /// Last year.
        to: i16,
        /// The text as it appeared in the file.
        raw: String,
    },
    /// Text that could not be parsed; kept so nothing is lost.
    Unparsed {
        /// The text as it appeared in the file.
        raw: String,
    },
}

/// A country reference: the text as given plus its ISO 3166-1 alpha-2 code when it resolves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRef {
    /// The country (or demonym) as written in the list.
    pub name: String,
    /// ISO 3166-1 alpha-2, upper case, when resolvable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso2: Option<String>,
}

/// A place: free text plus country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Free text (street, city, province… joined with ", ").
    pub text: String,
    /// The country, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryRef>,
}

/// An identity document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Document type as given (`Passport`, `National Identification Number`, …).
    pub doc_type: String,
    /// The number, trimmed.
    pub number: String,
    /// Issuing country, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryRef>,
}

/// One designated person, entity, vessel or aircraft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Designation {
    /// The list it comes from.
    pub source: Source,
    /// The issuer's reference (`LYi.013`, an OFAC uid/ent_num, an EU logical id…).
    pub reference: String,
    /// Person, entity, vessel or aircraft.
    pub kind: Kind,
    /// The primary name.
    pub primary_name: String,
    /// Alternative names.
    #[serde(default)]
    pub aliases: Vec<Alias>,
    /// Names in their original (non-Latin) script.
    #[serde(default)]
    pub original_script_names: Vec<String>,
    /// Dates of birth (persons) or of registration where a list gives one.
    #[serde(default)]
    pub birth_dates: Vec<BirthDate>,
    /// Places of birth.
    #[serde(default)]
    pub birth_places: Vec<Place>,
    /// Nationalities / citizenships.
    #[serde(default)]
    pub nationalities: Vec<CountryRef>,
    /// Identity documents.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// Addresses.
    #[serde(default)]
    pub addresses: Vec<Place>,
    /// Programme or regime codes as given by the issuer (`Libya`, `LIBYA3`, …).
    #[serde(default)]
    pub programmes: Vec<String>,
    /// Embargo regime ids these programmes map to (`un-libya`, …), where known.
    #[serde(default)]
    pub regimes: Vec<String>,
    /// Listing date, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_on: Option<jiff::civil::Date>,
    /// Free text that did not fit elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

impl Designation {
    /// A designation with its identity and no other attributes yet; parsers fill in the rest.
    pub fn new(source: Source, reference: String, kind: Kind, primary_name: String) -> Designation {
        Designation {
            source,
            reference,
            kind,
            primary_name,
            aliases: Vec::new(),
            original_script_names: Vec::new(),
            birth_dates: Vec::new(),
            birth_places: Vec::new(),
            nationalities: Vec::new(),
            documents: Vec::new(),
            addresses: Vec::new(),
            programmes: Vec::new(),
            regimes: Vec::new(),
            listed_on: None,
            remarks: None,
        }
    }

    /// The primary name followed by every alias and original-script name, without duplicates.
    pub fn all_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::with_capacity(1 + self.aliases.len());
        let candidates = std::iter::once(self.primary_name.as_str())
            .chain(self.aliases.iter().map(|a| a.name.as_str()))
            .chain(self.original_script_names.iter().map(String::as_str));
        for name in candidates {
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }
}
