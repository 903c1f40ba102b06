//! The regime data model: measures (supply to, export from, assistance, mercenaries,
//! notification requirements) with their scope and dates, and exemption grounds with their
//! citations, eligibility, item scope, procedure and required information.

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::country::CountryCode;
use crate::military::MlCategory;

/// How well a fact is established (from the domain notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// Verified in a primary or near-primary source.
    V,
    /// Secondary source only.
    S,
    /// Computed by a stated rule (calendar only).
    C,
    /// Unverified: background knowledge or inference.
    U,
}

impl Confidence {
    /// Whether the fact must be shown as unverified.
    pub fn is_unverified(self) -> bool {
        self == Confidence::U
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Confidence::V => "V",
            Confidence::S => "S",
            Confidence::C => "C",
            Confidence::U => "U",
        };
        f.write_str(s)
    }
}

/// An inclusive date range, open-ended when `to` is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day.
    pub from: Date,
    /// Last day (inclusive).
    pub to: Option<Date>,
}

impl Period {
    /// Whether `date` lies in the period.
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && self.to.is_none_or(|t| date <= t)
    }

    /// Whether two periods share a day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.to.is_none_or(|t| other.from <= t) && other.to.is_none_or(|t| self.from <= t)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to {
            Some(t) => write!(f, "{} – {}", self.from, t),
            None => write!(f, "{} –", self.from),
        }
    }
}

/// What a measure prohibits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// Supply, sale or transfer *to* the target (destination = target).
    SupplyTo,
    /// Export *from* the target, and procurement from it (origin = target).
    ExportFrom,
    /// Technical, financial or other assistance, training (applies to transfers whose purpose
    /// is `training`).
    Assistance,
    /// Armed mercenary personnel (recorded; not a goods transfer).
    Mercenaries,
    /// A notification requirement on shipments that are otherwise allowed.
    Notification,
}

/// Whom a measure covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every end user in the territory.
    Territory,
    /// Everyone except forces of the recognised Government.
    NonGovernmental,
    /// Only armed groups / non-state end users (including forces of unrecognised authorities).
    ArmedGroups,
    /// Only listed persons, entities or named groups.
    ListedPersons,
}

/// End-user categories of the transfer contract (PRODUCT.md), plus `peace_operation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndUserCategory {
    /// Forces of a government.
    GovernmentForces,
    /// UN personnel.
    UnPersonnel,
    /// Media representatives.
    Media,
    /// Humanitarian and development workers and associated personnel.
    Humanitarian,
    /// Armed groups and other non-state actors.
    NonState,
    /// Private persons and companies.
    Private,
    /// Anything else.
    Other,
    /// Extension: UN or UN-authorised peace operations and regional missions (MONUSCO,
    /// MINUSCA, AMISOM, MSS …).
    PeaceOperation,
}

/// Purposes of the transfer contract (PRODUCT.md), plus extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Security assistance.
    SecurityAssistance,
    /// Disarmament assistance.
    Disarmament,
    /// Humanitarian use.
    Humanitarian,
    /// Protective use.
    Protective,
    /// Personal use.
    PersonalUse,
    /// Training.
    Training,
    /// Anything else.
    Other,
    /// Extension: reunification of military and security institutions (Libya, 2769).
    Reunification,
    /// Extension: implementing a peace agreement (South Sudan).
    PeaceAgreement,
    /// Extension: protecting or evacuating nationals.
    Evacuation,
    /// Extension: temporary vessels/aircraft delivering exempt items (Libya, 2769).
    DeliverySupport,
    /// Extension: human-rights monitoring.
    HumanRightsMonitoring,
}

impl EndUserCategory {
    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            EndUserCategory::GovernmentForces => "government_forces",
            EndUserCategory::UnPersonnel => "un_personnel",
            EndUserCategory::Media => "media",
            EndUserCategory::Humanitarian => "humanitarian",
            EndUserCategory::NonState => "non_state",
            EndUserCategory::Private => "private",
            EndUserCategory::Other => "other",
            EndUserCategory::PeaceOperation => "peace_operation",
        }
    }
}

impl fmt::Display for EndUserCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Purpose {
    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::SecurityAssistance => "security_assistance",
            Purpose::Disarmament => "disarmament",
            Purpose::Humanitarian => "humanitarian",
            Purpose::Protective => "protective",
            Purpose::PersonalUse => "personal_use",
            Purpose::Training => "training",
            Purpose::Other => "other",
            Purpose::Reunification => "reunification",
            Purpose::PeaceAgreement => "peace_agreement",
            Purpose::Evacuation => "evacuation",
            Purpose::DeliverySupport => "delivery_support",
            Purpose::HumanRightsMonitoring => "human_rights_monitoring",
        }
    }
}

impl fmt::Display for Purpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which items a ground covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemScope {
    /// Any item.
    Any,
    /// Lethal items only.
    Lethal,
    /// Non-lethal items only.
    NonLethal,
    /// Non-lethal items in the `protective_clothing` group.
    ProtectiveClothing,
    /// Items in the `small_arms` group.
    SmallArms,
}

/// How a ground's humanitarian or protective purpose is tested against the items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coherence {
    /// Items not protective or humanitarian by nature do not fit the ground.
    #[default]
    Require,
    /// The text sets no condition: the ground applies, with a warning.
    Warn,
}

/// Whether a ground requires the end user to be forces of the recognised Government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GovernmentRequirement {
    /// No requirement.
    #[default]
    Any,
    /// End user must be forces (or bodies) of the Government recognised on the date.
    Recognised,
}

/// The procedure an exemption ground requires.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureKind {
    /// Nothing to file.
    Standing,
    /// Notify; with `working_days`, may proceed absent a negative decision within the period,
    /// otherwise an advance notice for information.
    Notification,
    /// Prior approval by the deciding body.
    PriorApproval,
}

/// Stable ids of the information a request or notification must contain. The
/// exemption-request engine validates requests against these.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum InfoField {
    /// The precise end user (`end_user.name`).
    EndUser,
    /// Exact quantity of every item.
    Quantities,
    /// Detailed list of equipment (a description of every item).
    ItemList,
    /// Note from the body of the recipient government responsible for requests.
    ResponsibleBodyNote,
    /// Intended delivery dates.
    DeliveryDates,
    /// Itinerary / route of shipments.
    Itinerary,
    /// Mode of transport.
    Transport,
    /// Manufacturer and supplier of every item.
    Manufacturer,
    /// Serial (and lot/batch) numbers of every item.
    SerialNumbers,
    /// Type and technical specification (calibre) of every item.
    TechnicalSpecification,
    /// Place of delivery.
    PlaceOfDelivery,
    /// Destination unit or storage place.
    DestinationUnit,
    /// End-user documentation.
    EndUserDocumentation,
}

impl InfoField {
    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            InfoField::EndUser => "end_user",
            InfoField::Quantities => "quantities",
            InfoField::ItemList => "item_list",
            InfoField::ResponsibleBodyNote => "responsible_body_note",
            InfoField::DeliveryDates => "delivery_dates",
            InfoField::Itinerary => "itinerary",
            InfoField::Transport => "transport",
            InfoField::Manufacturer => "manufacturer",
            InfoField::SerialNumbers => "serial_numbers",
            InfoField::TechnicalSpecification => "technical_specification",
            InfoField::PlaceOfDelivery => "place_of_delivery",
            InfoField::DestinationUnit => "destination_unit",
            InfoField::EndUserDocumentation => "end_user_documentation",
        }
    }
}

impl fmt::Display for InfoField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A prohibition in force for a period.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Id, unique in the regime (e.g. `res1970-p9`).
    pub id: Spanned<String>,
    /// What it prohibits.
    pub kind: MeasureKind,
    /// Whom it covers.
    pub scope: Scope,
    /// The target country; absent for listed-persons measures that apply wherever the listed
    /// end user is.
    #[serde(default)]
    pub target: Option<CountryCode>,
    /// A sub-national area the measure is limited to (e.g. `Darfur`).
    #[serde(default)]
    pub area: Option<String>,
    /// First day in force.
    pub from: Spanned<Date>,
    /// Last day in force (inclusive).
    #[serde(default)]
    pub to: Option<Spanned<Date>>,
    /// The last renewal expiry the notes verify; after it the measure is assumed renewed and
    /// shown as unverified.
    #[serde(default)]
    pub verified_to: Option<Date>,
    /// Categories the measure is limited to (empty: all arms and related materiel).
    #[serde(default)]
    pub categories: Vec<MlCategory>,
    /// Confidence of the `categories` mapping (default: the measure's): a transfer left
    /// outside the measure by an unverified mapping is flagged unverified.
    #[serde(default)]
    pub categories_confidence: Option<Confidence>,
    /// The measure covers small arms, light weapons and their ammunition only, tested by the UN
    /// International Tracing Instrument definition (not by a list of ML categories).
    #[serde(default)]
    pub salw: bool,
    /// A `supply_to` measure that also covers technical assistance, training and financial
    /// assistance (services of the transfer).
    #[serde(default)]
    pub services: bool,
    /// Citation for services provided outside the target to its personnel being covered (e.g.
    /// training of Libyans outside Libya, IAN #2).
    #[serde(default)]
    pub services_abroad: Option<String>,
    /// Listed-persons regimes whose listed end users are covered (`un-1267`).
    #[serde(default)]
    pub lists: Vec<String>,
    /// Groups covered by name (normalised match against the end user's name or government).
    #[serde(default)]
    pub named_groups: Vec<String>,
    /// `named_groups` normalised (filled when the registry is built), each followed by a space
    /// for prefix matching.
    #[serde(skip)]
    pub normalised_groups: Vec<String>,
    /// Citations.
    pub citations: Vec<String>,
    /// Confidence.
    pub confidence: crate::regime::Confidence,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
}

impl Measure {
    /// The period in force.
    pub fn period(&self) -> Period {
        Period { from: *self.from.get_ref(), to: self.to.as_ref().map(|t| *t.get_ref()) }
    }
}

/// The kinds of submitter a ground may allow, as used by the request model
/// (`crate::procedure::model::Submitter::kind`): the permanent (or observer) mission of a
/// Member State, an international, regional or subregional organisation, the focal point (or
/// other channel) of the recipient State's government, a UN department, agency or mission.
pub const SUBMITTER_KINDS: &[&str] =
    &["member_state_mission", "international_organisation", "recipient_focal_point", "un_entity"];

/// Who may file under a ground during a period (inside the ground's own period).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitterRule {
    /// Submitter kinds allowed (each one of [`SUBMITTER_KINDS`]).
    pub kinds: Vec<Spanned<String>>,
    /// First day (default: the ground's `from`).
    #[serde(default)]
    pub from: Option<Spanned<Date>>,
    /// Last day, inclusive (default: the ground's `to`).
    #[serde(default)]
    pub to: Option<Spanned<Date>>,
    /// Where the rule comes from.
    pub citations: Vec<String>,
    /// Confidence.
    pub confidence: Confidence,
}

impl SubmitterRule {
    /// The period of the rule, its open ends taken from `ground`.
    pub fn period(&self, ground: &Ground) -> Period {
        Period {
            from: self.from.as_ref().map_or(*ground.from.get_ref(), |f| *f.get_ref()),
            to: self.to.as_ref().map(|t| *t.get_ref()).or(ground.to.as_ref().map(|t| *t.get_ref())),
        }
    }

    /// The allowed kinds, as text.
    pub fn kind_names(&self) -> Vec<String> {
        self.kinds.iter().map(|k| k.get_ref().clone()).collect()
    }

    /// The citations and confidence, as one line (`S/RES/2278 (2016) [S]`).
    pub fn citation(&self) -> String {
        format!("{} [{}]", self.citations.join("; "), self.confidence)
    }
}

/// An exemption ground (one version of it: a ground whose procedure changed is two records).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ground {
    /// Id, unique in the regime (e.g. `res2174-p8`); the global id is `regime/id`.
    pub id: Spanned<String>,
    /// Short title.
    pub title: String,
    /// Citations.
    pub citations: Vec<String>,
    /// Confidence.
    pub confidence: Confidence,
    /// First day in force.
    pub from: Spanned<Date>,
    /// Last day in force (inclusive).
    #[serde(default)]
    pub to: Option<Spanned<Date>>,
    /// Measures it exempts from (empty: all measures of the regime).
    #[serde(default)]
    pub measures: Vec<String>,
    /// Eligible end-user categories (empty: any).
    #[serde(default)]
    pub end_users: Vec<EndUserCategory>,
    /// Whether the end user must be the recognised Government.
    #[serde(default)]
    pub government: GovernmentRequirement,
    /// Names (and aliases) of the only eligible end users (e.g. the African Union missions in
    /// Somalia across their names, the armed rangers of CAR 2488), matched as whole words
    /// against the end user's name and government; empty: no name condition.
    #[serde(default)]
    pub end_user_names: Vec<String>,
    /// `end_user_names` normalised (filled when the registry is built).
    #[serde(skip)]
    pub normalised_end_user_names: Vec<String>,
    /// How a humanitarian or protective purpose is tested against items that are not
    /// protective or humanitarian by nature: `require` (the ground does not apply) or `warn`
    /// (the text sets no such condition: the verdict stands with a warning).
    #[serde(default)]
    pub coherence: Coherence,
    /// Eligible purposes (empty: any).
    #[serde(default)]
    pub purposes: Vec<Purpose>,
    /// Item scope.
    pub items: ItemScope,
    /// Further restriction to categories or named groups (`ML13`, `group:annex_a`).
    #[serde(default)]
    pub categories: Vec<String>,
    /// Categories or named groups excluded.
    #[serde(default)]
    pub exclude_categories: Vec<String>,
    /// `true`: only temporary exports; `false`: only permanent; absent: either.
    #[serde(default)]
    pub temporary: Option<bool>,
    /// The procedure.
    pub procedure: ProcedureKind,
    /// No-objection period in working days (notification with a negative-decision window).
    #[serde(default)]
    pub working_days: Option<u32>,
    /// Lead time: filing at least this many days before delivery.
    #[serde(default)]
    pub lead_days: Option<u32>,
    /// Whether `lead_days` counts working days.
    #[serde(default)]
    pub lead_working_days: bool,
    /// Deciding body (defaults to the regime's committee).
    #[serde(default)]
    pub body: Option<String>,
    /// Who may file, as human-readable text (the rule itself is `submitters`).
    #[serde(default)]
    pub filed_by: Option<String>,
    /// Who may file, as data: dated rules of submitter kinds (see [`SUBMITTER_KINDS`]);
    /// empty: the notes do not say, nobody is refused on this ground.
    #[serde(default)]
    pub submitters: Vec<SubmitterRule>,
    /// Information the request or notification must contain.
    #[serde(default)]
    pub required_info: Vec<InfoField>,
    /// The general ("any other supply") route: never picked as an applicable ground; named as
    /// the only route when nothing else fits.
    #[serde(default)]
    pub general: bool,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
}

impl Ground {
    /// The submitter rule in force on `date`, if the ground has one for that day.
    pub fn submitters_on(&self, date: Date) -> Option<&SubmitterRule> {
        self.submitters.iter().find(|r| r.period(self).contains(date))
    }

    /// The period in force.
    pub fn period(&self) -> Period {
        Period { from: *self.from.get_ref(), to: self.to.as_ref().map(|t| *t.get_ref()) }
    }

    /// The ground's local id.
    pub fn local_id(&self) -> &str {
        self.id.get_ref()
    }

    /// Whether the ground must be shown as unverified.
    pub fn is_unverified(&self) -> bool {
        self.confidence.is_unverified()
    }
}

/// A regime data file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regime {
    /// Always `"regime"`.
    pub kind: String,
    /// Id, e.g. `un-libya`.
    pub id: Spanned<String>,
    /// Human name.
    pub name: String,
    /// The committee (default deciding body).
    #[serde(default)]
    pub committee: Option<String>,
    /// The committee's name over time (a committee established or renamed by a later
    /// resolution is not named for earlier dates); `committee` is the fallback.
    #[serde(default)]
    pub committee_names: Vec<CommitteeName>,
    /// Duties on transfers that are otherwise allowed (end-user documentation, post-sale
    /// notifications): reported as obligations, whatever the verdict.
    #[serde(default)]
    pub obligation: Vec<Obligation>,
    /// The working-day calendar used for its periods.
    #[serde(default)]
    pub calendar: Option<String>,
    /// Establishing citations.
    pub citations: Vec<String>,
    /// Confidence.
    pub confidence: Confidence,
    /// Local id of the main general prior-approval route, if any (for display; the check uses
    /// whichever ground marked `general = true` is in force on the date).
    #[serde(default)]
    pub general_route: Option<Spanned<String>>,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
    /// Measures.
    #[serde(default)]
    pub measure: Vec<Measure>,
    /// Exemption grounds.
    #[serde(default)]
    pub ground: Vec<Ground>,
}

/// The name of a regime's committee during a period.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitteeName {
    /// The name.
    pub name: String,
    /// First day.
    pub from: Date,
    /// Last day (inclusive).
    #[serde(default)]
    pub to: Option<Date>,
    /// Citations.
    pub citations: Vec<String>,
    /// Confidence.
    pub confidence: Confidence,
}

/// A duty attached to transfers to a target that are not prohibited (S/RES/1945 (2010) para
/// 8 end-user documentation; S/RES/2607 (2021) para 10 post-sale notification).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// Id, unique in the regime.
    pub id: String,
    /// What must be done.
    pub title: String,
    /// Destination the duty applies to.
    pub target: CountryCode,
    /// First day.
    pub from: Date,
    /// Last day (inclusive).
    #[serde(default)]
    pub to: Option<Date>,
    /// Categories the duty concerns (empty: every item).
    #[serde(default)]
    pub categories: Vec<MlCategory>,
    /// Information the transfer must carry to meet the duty (reported as missing otherwise).
    #[serde(default)]
    pub required_info: Vec<InfoField>,
    /// A deadline after the sale (the transfer date), in working days of the regime's calendar.
    #[serde(default)]
    pub after_sale_working_days: Option<u32>,
    /// Who must act.
    #[serde(default)]
    pub by: Option<String>,
    /// Citations.
    pub citations: Vec<String>,
    /// Confidence.
    pub confidence: Confidence,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
}

impl Obligation {
    /// The period in force.
    pub fn period(&self) -> Period {
        Period { from: self.from, to: self.to }
    }
}

impl Regime {
    /// The committee's name on `date`, with its citations and confidence when dated.
    pub fn committee_on(&self, date: Date) -> Option<(&str, Option<&CommitteeName>)> {
        match self.committee_names.iter().find(|c| Period { from: c.from, to: c.to }.contains(date))
        {
            Some(c) => Some((c.name.as_str(), Some(c))),
            None => self.committee.as_deref().map(|c| (c, None)),
        }
    }

    /// The deciding body of a ground on `date` (its `body`, else the committee's name then).
    pub fn body_on<'a>(&'a self, g: &'a Ground, date: Date) -> Option<&'a str> {
        g.body.as_deref().or_else(|| self.committee_on(date).map(|(n, _)| n))
    }

    /// The regime id.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    /// Measures in force on `date`.
    pub fn measures_in_force(&self, date: Date) -> impl Iterator<Item = &Measure> {
        self.measure.iter().filter(move |m| m.period().contains(date))
    }

    /// Grounds in force on `date`.
    pub fn grounds_in_force(&self, date: Date) -> impl Iterator<Item = &Ground> {
        self.ground.iter().filter(move |g| g.period().contains(date))
    }

    /// A ground by local id.
    pub fn ground(&self, local_id: &str) -> Option<&Ground> {
        self.ground.iter().find(|g| g.local_id() == local_id)
    }

    /// The deciding body of a ground.
    pub fn body_of<'a>(&'a self, g: &'a Ground) -> Option<&'a str> {
        g.body.as_deref().or(self.committee.as_deref())
    }
}
