//! What the procedure needs to know about the exemption ground a request is filed under, and
//! the per-regime procedure parameters (hold limits, report deadlines, validity).
//!
//! The regime registry owns the grounds; this module holds a *snapshot* of the parts the
//! procedure uses, pinned on the case at submission, so that a later change of the rules never
//! changes how a filed case is handled (domain rule 1: the ground version in force on the
//! submission date decides).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// How a ground is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProcedureKind {
    /// Advance notification: the supply may proceed unless the committee takes a negative
    /// decision within `working_days` of circulation.
    Notification {
        /// Length of the no-objection period, in working days.
        working_days: u32,
    },
    /// Prior approval: nothing happens without an explicit committee decision.
    Approval,
}

impl ProcedureKind {
    /// `notification` or `approval_request`.
    pub fn filing_name(self) -> &'static str {
        match self {
            ProcedureKind::Notification { .. } => "notification",
            ProcedureKind::Approval => "approval_request",
        }
    }
}

/// Which items a ground covers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemScope {
    /// Whether lethal items may be filed under the ground.
    #[serde(default = "yes")]
    pub lethal_allowed: bool,
    /// Whether non-lethal items may be filed under the ground.
    #[serde(default = "yes")]
    pub non_lethal_allowed: bool,
    /// When non-empty, the only military-list categories the ground covers (`ML1`, …).
    #[serde(default)]
    pub categories: Vec<String>,
    /// Whether the ground only covers temporary exports (e.g. Libya 2009 para 13(b)).
    #[serde(default)]
    pub temporary_only: bool,
    /// Categories whose items are lethal by nature (declaring them non-lethal is an error).
    #[serde(default)]
    pub always_lethal: Vec<String>,
}

fn yes() -> bool {
    true
}

/// The recognised government of the destination on the submission date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RecognisedGovernment {
    /// Its name, e.g. `Government of National Accord`.
    pub name: String,
    /// Other names it goes by (compared case-insensitively).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Where the recognition comes from.
    #[serde(default)]
    pub citation: Option<String>,
}

impl RecognisedGovernment {
    /// Whether `name` designates this government (case and spacing insensitive).
    pub fn matches(&self, name: &str) -> bool {
        let wanted = normalise(name);
        !wanted.is_empty()
            && (normalise(&self.name) == wanted
                || self.aliases.iter().any(|a| normalise(a) == wanted))
    }
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The parts of an exemption ground (as in force on one date) that the procedure uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroundRules {
    /// Ground id, e.g. `un-libya/res2174-p8`.
    pub id: String,
    /// Regime id, e.g. `un-libya`.
    pub regime: String,
    /// The committee that decides, e.g. `1970 Committee`.
    #[serde(default)]
    pub body: String,
    /// Destination country (ISO alpha-2) the ground is about.
    #[serde(default)]
    pub destination: Option<String>,
    /// Notification or approval request.
    pub procedure: ProcedureKind,
    /// Citations of the ground, e.g. `S/RES/2174 (2014) para 8`.
    #[serde(default)]
    pub citations: Vec<String>,
    /// Ids of the information a filing must contain (see [`crate::procedure::validate`]).
    #[serde(default)]
    pub required_information: Vec<String>,
    /// Which items it covers.
    #[serde(default)]
    pub item_scope: ItemScope,
    /// End-user categories it allows (`government_forces`, `un_personnel`, …); empty = any.
    #[serde(default)]
    pub eligible_end_users: Vec<String>,
    /// Submitter kinds it allows on the submission date (`member_state_mission`,
    /// `international_organisation`, `recipient_focal_point`, `un_entity`; the ground's
    /// `submitters` rule in the regime data); empty = any.
    #[serde(default)]
    pub eligible_submitters: Vec<String>,
    /// The citation (and confidence tag) of the submitter rule.
    #[serde(default)]
    pub submitters_citation: Option<String>,
    /// When set, the end user must be under this government.
    #[serde(default)]
    pub recognised_government: Option<RecognisedGovernment>,
}

impl GroundRules {
    /// The most specific (last) citation, or the ground id when it has none.
    pub fn citation(&self) -> String {
        self.citations.last().cloned().unwrap_or_else(|| self.id.clone())
    }
}

/// Per-regime procedure parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProcedureParams {
    /// How long a hold lasts before it expires, in calendar days (`None`: indefinitely).
    #[serde(default)]
    pub hold_max_days: Option<u32>,
    /// How much one extension adds, in calendar days.
    #[serde(default)]
    pub hold_extension_days: u32,
    /// How many extensions a hold may get.
    #[serde(default)]
    pub hold_max_extensions: u32,
    /// Post-delivery reports are due this many calendar days after a delivery.
    pub report_due_days: u32,
    /// An approval covers deliveries up to this many calendar days after the decision.
    pub approval_validity_days: u32,
    /// A pending case lapses when a question stays unanswered this long (calendar days).
    #[serde(default)]
    pub question_lapse_days: Option<u32>,
}

impl Default for ProcedureParams {
    /// Defaults modelled on the 1267 practice reported in `domain.md` §2.3 (hold 6 months +
    /// one 3-month extension) [U for the 1970 Committee], a 30-day post-delivery report and
    /// a one-year approval validity [U].
    fn default() -> Self {
        ProcedureParams {
            hold_max_days: Some(183),
            hold_extension_days: 92,
            hold_max_extensions: 1,
            report_due_days: 30,
            approval_validity_days: 365,
            question_lapse_days: Some(90),
        }
    }
}

/// A working-day calendar: what the procedure needs from it.
pub trait WorkingDays: Send + Sync {
    /// The last day of a period of `n` working days counted from the day after `start`
    /// (`n = 0`: `start` itself). Fails outside the calendar's years.
    fn add_working_days(&self, start: Date, n: u32) -> Result<Date, String>;
}

impl WorkingDays for crate::calendar::Calendar {
    fn add_working_days(&self, start: Date, n: u32) -> Result<Date, String> {
        crate::calendar::Calendar::add_working_days(self, start, n).map_err(|e| e.to_string())
    }
}

/// A calendar with weekends and an explicit list of holidays, for tests and for regimes
/// whose calendar file is not loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimpleCalendar {
    /// Non-working days besides Saturdays and Sundays.
    pub holidays: Vec<Date>,
}

impl SimpleCalendar {
    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: Date) -> bool {
        use jiff::civil::Weekday;
        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !self.holidays.contains(&date)
    }
}

impl WorkingDays for SimpleCalendar {
    fn add_working_days(&self, start: Date, n: u32) -> Result<Date, String> {
        let mut date = start;
        let mut left = n;
        while left > 0 {
            date = date.tomorrow().map_err(|e| e.to_string())?;
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        Ok(date)
    }
}

/// The time zone the committee's days are counted in: UN Headquarters, New York.
pub const COMMITTEE_TIME_ZONE: &str = "America/New_York";

fn committee_time_zone_name() -> String {
    COMMITTEE_TIME_ZONE.to_owned()
}

/// The time zone named `name` (an IANA id) from the tz database bundled into the binary: no
/// file is read, so the domain stays pure and every machine counts the same days.
pub fn time_zone(name: &str) -> Result<jiff::tz::TimeZone, String> {
    jiff::tz::TimeZoneDatabase::bundled()
        .get(name)
        .map_err(|e| format!("unknown time zone `{name}`: {e}"))
}

/// The procedure parameters file, `regimes/procedure/parameters.json`: the committee's time
/// zone, a default and per-regime overrides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParamsFile {
    /// Remarks and sources.
    #[serde(default)]
    pub note: Option<String>,
    /// IANA id of the time zone instants are converted in to get the committee's civil date
    /// (receipt, end of a no-objection period, hold expiry, report due dates, lapses); default
    /// [`COMMITTEE_TIME_ZONE`].
    #[serde(default = "committee_time_zone_name")]
    pub time_zone: String,
    /// Parameters for regimes without their own entry.
    pub default: ProcedureParams,
    /// Per-regime parameters, by regime id.
    #[serde(default)]
    pub regimes: std::collections::BTreeMap<String, ProcedureParams>,
}

impl Default for ParamsFile {
    fn default() -> Self {
        ParamsFile {
            note: None,
            time_zone: committee_time_zone_name(),
            default: ProcedureParams::default(),
            regimes: Default::default(),
        }
    }
}

impl ParamsFile {
    /// Parses the file; an unknown `time_zone` is an error.
    pub fn from_json(text: &str) -> Result<ParamsFile, String> {
        let file: ParamsFile =
            serde_json::from_str(text).map_err(|e| format!("procedure parameters file: {e}"))?;
        file.zone().map_err(|e| format!("procedure parameters file: field `time_zone`: {e}"))?;
        Ok(file)
    }

    /// The committee's time zone.
    pub fn zone(&self) -> Result<jiff::tz::TimeZone, String> {
        time_zone(&self.time_zone)
    }

    /// The parameters of `regime`.
    pub fn for_regime(&self, regime: &str) -> ProcedureParams {
        self.regimes.get(regime).copied().unwrap_or(self.default)
    }
}
