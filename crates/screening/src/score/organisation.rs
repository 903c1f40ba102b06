//! What the words of two organisation names say beyond their similarity (classes 6 and 9 of
//! issue 14): which tokens are company forms, common words of organisation names, places and
//! banks comes from the index ([`super::QueryName::forms`], [`super::ListedName::forms`]).
//!
//! - A word of the organisation's own (none of those) found on both sides identifies it
//!   ([`Words::distinctive`]). Then the common words only one side writes describe the body
//!   ("… Aid Agency" / "… Aid Association"), as does a place only one side writes ("… of
//!   Korea", "Iranian …"): omissions, not a conflict ([`Words::omits`]).
//!   Not a common word of another trade against a bank the other name names ("Zentara
//!   Airlines" / "ZENTARA BANK"): a bank is its own kind of body, so the two conflict.
//! - A place costs half its weight when the other name leaves it out ([`place_factor`]); found
//!   on both sides it counts whole ("Crimean Railway").
//! - Between businesses (a company form or a bank on either side), two names sharing only
//!   common words and places while one keeps a common word the other lacks ("Tehran
//!   Investment Bank" / "TEHRAN INVESTMENT COMPANY"), or naming two places ("X (France)" /
//!   "X (Germany)"), are two bodies ([`Words::cap`]). Armed groups are named with common words
//!   alone ("Egyptian Islamic Jihad" / "Egyptian Al-Jihad"), so the caps are for businesses.
//! - A listed name found whole in a query that only adds common words (among them what the
//!   business does: "Ghaed Bassir Petrochemical Products Company" / "GHAED BASSIR"), places
//!   or a legal form is contained in it ([`Words::contained`]); a word of the query's own
//!   ("Crystalord Zentara Ltd" / "CRYSTALORD LTD") or another company form ("Deutsche Bank
//!   Trust Company" / "DEUTSCHE BANK") is another body.
//! - A query of common words and places alone does not name a listed organisation whose own
//!   word it lacks ("Korea Trading Corporation" / "KOREA TAESONG TRADING COMPANY").

use super::{unit_span as span, FormBits, ListedName, MatchKind, Pair, QueryName};

/// Index of the bits of legal forms, company forms, common words, places and banks in
/// `forms`.
const LEGAL: usize = 0;
const FORM: usize = 1;
const WORD: usize = 2;
const PLACE: usize = 3;
const BANK: usize = 4;
const TRADE: usize = 7;
const COMPANY: usize = 8;

/// Share of its weight that a place in an organisation's name costs when the other name
/// leaves it out.
const PLACE_OMITTED: f32 = 0.5;
/// Share of its weight that a common word of an organisation's name costs when the other
/// name leaves it out and the organisation's own word is found ("Zorvalin Aid Agency" /
/// "Zorvalin Aid Association"): it describes the body, it does not name it.
pub(super) const WORD_OMITTED: f32 = 0.5;
/// Least similarity of an organisation's own word for it to identify the organisation (an
/// acronym of words of its own identifies it too).
const DISTINCTIVE_MIN_SIM: f32 = 0.9;
/// Highest score of two businesses that share only common words and places, or that name
/// two places.
const PLAIN_ORG_CEILING: f32 = 0.6;

fn is(bits: &FormBits, kind: usize, i: usize) -> bool {
    i < 64 && bits[kind] & (1u64 << i) != 0
}

/// A company form, a common word or a place: a word that does not name the organisation.
fn plain(bits: &FormBits, i: usize) -> bool {
    [FORM, WORD, PLACE].iter().any(|&k| is(bits, k, i))
}

/// A common word that names what the body does or is, not a group: "group" is also a legal
/// form's bit ([`crate::index`]), the body's description either way ("X Group" / "X
/// Company"), so two names that differ only by it are not two bodies.
fn word(bits: &FormBits, i: usize) -> bool {
    is(bits, WORD, i) && !is(bits, LEGAL, i)
}

/// A common word of a trade other than a bank's (airlines, steel, oil; not finance,
/// investment or services: [`crate::tables::TRADE_GROUP_HEADS`]).
fn trade(bits: &FormBits, i: usize) -> bool {
    is(bits, TRADE, i)
}

/// The least share of its weight token `i` can count for left unmatched as a common word
/// ([`Words::describes`]): [`WORD_OMITTED`] for a common word, 1 otherwise.
pub(super) fn least_word_share(bits: &FormBits, i: usize) -> f32 {
    if is(bits, WORD, i) {
        WORD_OMITTED
    } else {
        1.0
    }
}

/// The factor on the weight of token `i` of an organisation's name: [`PLACE_OMITTED`] for a
/// place the other name does not have, 1 otherwise (and for persons).
pub(super) fn place_factor(person: bool, bits: &FormBits, i: usize, found: bool) -> f32 {
    if !person && !found && is(bits, PLACE, i) {
        PLACE_OMITTED
    } else {
        1.0
    }
}

/// The organisation words of an aligned pair of names.
pub(super) struct Words {
    person: bool,
    /// A word of the organisation's own found on both sides.
    distinctive: bool,
    /// A company form (or "company") or a bank on either side.
    business: bool,
    /// A place left on each side.
    two_places: bool,
    /// A place left on one side against a place or a word of the other's own: not an
    /// omission ("X (U.K.)" / "X Canada").
    places_clash: bool,
    /// A common word left on either side.
    word_left: bool,
    /// A common word left on each side.
    words_both_left: bool,
    /// A legal form on either side: companies.
    legal: bool,
    /// A word of the listed organisation's own left unmatched.
    own_left: bool,
    /// A bank one side names and the other does not, which keeps a common word of another
    /// trade ([`trade`]): what that body does ("Zentara Airlines" / "ZENTARA BANK", "Orvik
    /// Steel" / "BANK ORVIK"). A bank is one kind of body, licensed as a bank: named beside
    /// another trade, it is another body, not one described twice.
    bank_and_trade: bool,
}

impl Words {
    /// `used_q` and `c_sim` say which query tokens were aligned and how closely each listed
    /// token was found (0: not found).
    pub(super) fn of(
        person: bool,
        query: &QueryName<'_>,
        listed: &ListedName<'_>,
        chosen: &[Pair],
        used_q: &[bool],
        c_sim: &[f32],
    ) -> Words {
        if person {
            return Words {
                person,
                distinctive: false,
                business: false,
                two_places: false,
                places_clash: false,
                word_left: false,
                words_both_left: false,
                legal: false,
                own_left: false,
                bank_and_trade: false,
            };
        }
        let (q, c) = (&query.forms, &listed.forms);
        let distinctive = chosen.iter().any(|p| {
            let ((qs, ql), (cs, cl)) = (span(p.q), span(p.c));
            (p.sim >= DISTINCTIVE_MIN_SIM || p.kind == MatchKind::Acronym)
                && (qs..qs + ql).any(|i| !plain(q, i))
                && (cs..cs + cl).any(|j| !plain(c, j))
        });
        let q_left =
            |pred: &dyn Fn(usize) -> bool| (0..used_q.len()).any(|i| !used_q[i] && pred(i));
        let c_left =
            |pred: &dyn Fn(usize) -> bool| (0..c_sim.len()).any(|j| c_sim[j] == 0.0 && pred(j));
        let (q_place, c_place) = (q_left(&|i| is(q, PLACE, i)), c_left(&|j| is(c, PLACE, j)));
        let (q_own, c_own) = (q_left(&|i| !plain(q, i)), c_left(&|j| !plain(c, j)));
        Words {
            person,
            distinctive,
            business: [q, c].iter().any(|b| b[FORM] | b[BANK] | b[COMPANY] != 0),
            two_places: q_place && c_place,
            places_clash: (q_place && (c_place || c_own)) || (c_place && q_own),
            word_left: q_left(&|i| word(q, i)) || c_left(&|j| word(c, j)),
            words_both_left: q_left(&|i| word(q, i)) && c_left(&|j| word(c, j)),
            legal: [q, c].iter().any(|b| b[LEGAL] != 0),
            own_left: c_own,
            bank_and_trade: (q_left(&|i| is(q, BANK, i)) && c_left(&|j| trade(c, j)))
                || (c_left(&|j| is(c, BANK, j)) && q_left(&|i| trade(q, i))),
        }
    }

    /// Whether the two organisations' names share no word of the organisation's own.
    pub(super) fn generic_only(&self) -> bool {
        !self.person && !self.distinctive
    }

    /// Whether token `i` of a side (its `bits`), left unmatched, is an omission rather than a
    /// conflict: a common word, or a place, once the organisation's own word is found.
    pub(super) fn omits(&self, bits: &FormBits, i: usize) -> bool {
        self.distinctive
            && ((is(bits, WORD, i) && !self.bank_and_trade)
                || (!self.places_clash && is(bits, PLACE, i)))
    }

    /// Whether token `i` of a side (its `bits`) is a common word that costs [`WORD_OMITTED`]
    /// of its weight when left unmatched: the organisation's own word is found, and the two
    /// are not companies (a legal form) that each keep a word of what they do ("Bowne
    /// Enterprise Solutions LLC" / "Bowne Technology Enterprise LLC": two companies of one
    /// group).
    pub(super) fn describes(&self, bits: &FormBits, i: usize) -> bool {
        self.distinctive
            && !(self.legal && self.words_both_left)
            && !self.bank_and_trade
            && is(bits, WORD, i)
    }

    /// Whether the query's words left over (by `used_q`) only describe the listed name:
    /// common words, places, legal forms, or any words after the listed name when the query
    /// opens with two words or more, all found ("MYANMAR RUBY ENTERPRISE Gems and Jewellery
    /// Company Limited": what the firm does, after its name).
    pub(super) fn contained(&self, query: &FormBits, used_q: &[bool]) -> bool {
        let describes = |i: usize| [LEGAL, WORD, PLACE].iter().any(|&k| is(query, k, i));
        let n = used_q.len();
        let opening = (0..n).find(|&i| !used_q[i]).unwrap_or(n);
        let tail = |i: usize| opening >= 2 && i >= opening && !used_q[i..].contains(&true);
        self.distinctive && (0..n).all(|i| used_q[i] || describes(i) || tail(i))
    }

    /// The score, capped for two businesses that are two bodies, and for a query that shares
    /// only common words and places with a listed organisation whose own word it lacks
    /// ("Korea Trading Corporation" / "KOREA TAESONG TRADING COMPANY"): that word is what
    /// names the body. (A query that adds a word of its own to a listed name of common words,
    /// "Global United Shipping Ltd-BZE" / "GLOBAL UNITED SHIPPING LIMITED", is judged as any
    /// extra word is.)
    pub(super) fn cap(&self, score: f32) -> f32 {
        let plain_only = !self.distinctive && self.word_left;
        let own_missing = !self.distinctive && self.own_left;
        if !self.person && (own_missing || (self.business && (plain_only || self.two_places))) {
            score.min(PLAIN_ORG_CEILING)
        } else {
            score
        }
    }
}
