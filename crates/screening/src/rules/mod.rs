//! The match rules: every way two tokens can match, one module per rule, each holding both
//! the rule's similarity and its retrieval keys.
//!
//! [`RULES`] lists the rules in the order they are tried. [`token_sim`] runs them over a
//! pair of tokens; [`token_keys`] collects the keys of every rule for one token. Because a
//! rule is one [`Rule`] value with both functions, a way to match cannot be added without
//! saying how it is retrieved: the ARCHITECTURE invariant ("every way two tokens can match
//! has a retrieval key, so indexed search returns exactly what brute force returns") holds by
//! construction, and `keys_cover_matches` below checks it rule by rule on examples of each.
//! Two rules have no keys by design and are bounded in the index without retrieval: a query
//! initial against a full listed token ([`initial`]) and a number against another number
//! ([`number`]). The acronym rule compares an acronym with a run of words, not two tokens;
//! it has its own keys ([`acronym::listed_keys`], [`acronym::query_runs`]).

use std::hash::Hasher;

use crate::score::MatchKind;
use crate::token::TokInfo;

pub(crate) mod acronym;
pub(crate) mod edit;
pub(crate) mod equivalence;
pub(crate) mod exact;
pub(crate) mod inflection;
pub(crate) mod initial;
pub(crate) mod joined;
pub(crate) mod number;
pub(crate) mod persian;
pub(crate) mod phonetic;
pub(crate) mod romanised;
pub(crate) mod sibilant;
pub(crate) mod spelling;
pub(crate) mod syllabic;
pub(crate) mod unvocalised;

/// A token similarity: how two tokens matched and how closely, or `None`.
pub(crate) type Sim = Option<(MatchKind, f32)>;

/// What a rule says about a pair of tokens.
pub(crate) enum Step {
    /// The answer for the pair: no later rule is tried.
    Decide(Sim),
    /// A candidate similarity: kept when it beats the best so far.
    Offer(Sim),
}

/// What the rules share about a pair, computed once.
pub(crate) struct Pair {
    /// Both tokens are in a common equivalence group ([`equivalence`]).
    pub equivalent: bool,
    /// Both tokens are known names or countries of different groups ([`equivalence::distinct`]).
    pub distinct: bool,
    /// Either token was read from one character of a syllabic script ([`syllabic`]).
    pub syllabic: bool,
    /// Byte lengths of the two tokens.
    pub la: usize,
    pub lb: usize,
}

/// Which token is being keyed: a listed token (index build) or a query token (search), alone
/// or as the join of neighbouring tokens ([`joined`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyUse {
    pub join: bool,
    pub listed: bool,
}

/// One way two tokens can match.
pub(crate) struct Rule {
    /// The kind of match the rule reports (joins keep only some kinds, [`joined::KINDS`]).
    pub kind: MatchKind,
    /// The rule's verdict on a pair, given the best similarity of the rules before it.
    pub sim: fn(&TokInfo, &TokInfo, &Pair, Sim) -> Step,
    /// The rule's retrieval keys of a token: two tokens the rule matches share one.
    pub keys: fn(&TokInfo, KeyUse, &mut Vec<u64>),
}

/// The rules, in the order they are tried.
pub(crate) const RULES: &[Rule] = &[
    exact::RULE,
    number::RULE,
    syllabic::RULE,
    romanised::RULE,
    initial::RULE,
    equivalence::RULE,
    phonetic::SKELETON,
    phonetic::LONG_SOUND,
    unvocalised::RULE,
    persian::RULE,
    edit::RULE,
    sibilant::RULE,
    spelling::RULE,
    inflection::RULE,
];

/// Whether `s` beats the best similarity so far.
pub(crate) fn better(best: Sim, s: f32) -> bool {
    best.is_none_or(|(_, b)| s > b)
}

/// Compares two tokens. `None` when they do not match at all.
pub(crate) fn token_sim(a: &TokInfo, b: &TokInfo) -> Sim {
    token_sim_with(a, b, |_| true)
}

/// Compares two tokens by the rules of the given kinds only (the restriction of syllables,
/// [`syllabic`], is of the equivalence kind).
pub(crate) fn token_sim_by(a: &TokInfo, b: &TokInfo, kinds: &[MatchKind]) -> Sim {
    token_sim_with(a, b, |r| kinds.contains(&r.kind))
}

fn token_sim_with(a: &TokInfo, b: &TokInfo, tried: impl Fn(&Rule) -> bool) -> Sim {
    let pair = Pair {
        equivalent: equivalence::shared(a, b),
        distinct: equivalence::distinct(a, b),
        syllabic: a.syllabic || b.syllabic,
        la: a.text.len(),
        lb: b.text.len(),
    };
    let mut best: Sim = None;
    for rule in RULES.iter().filter(|r| tried(r)) {
        match (rule.sim)(a, b, &pair, best) {
            Step::Decide(s) => return s,
            Step::Offer(Some((kind, s))) if better(best, s) => best = Some((kind, s)),
            Step::Offer(_) => {}
        }
    }
    best
}

/// Retrieval keys of a token: the keys of every rule that applies to it (a join only has the
/// keys of the kinds a join may match by).
pub(crate) fn token_keys(t: &TokInfo, join: bool, listed: bool, out: &mut Vec<u64>) {
    let at = KeyUse { join, listed };
    for rule in RULES {
        if join && !joined::KINDS.contains(&rule.kind) {
            continue;
        }
        (rule.keys)(t, at, out);
    }
    if join {
        // A join matches a query token read from Arabic script by its consonants too
        // ([`joined::unit_sim`]).
        unvocalised::join_keys(t, at, out);
    }
}

/// A rule without retrieval keys.
pub(crate) fn no_keys(_: &TokInfo, _: KeyUse, _: &mut Vec<u64>) {}

/// Key namespaces, so that keys of different rules never collide by construction.
pub(crate) mod tag {
    /// A consonant skeleton ([`super::phonetic`] and the spelling rules).
    pub const SKELETON: u8 = 1;
    /// An equivalence group.
    pub const GROUP: u8 = 2;
    /// A spelling: the token itself, its deletion variants, its other romanisations.
    pub const TEXT: u8 = 3;
    /// A first letter (initials).
    pub const INITIAL: u8 = 4;
    /// The initials of a run of words (acronyms).
    pub const ACRONYM: u8 = 5;
    /// A phonetic key with one sound deleted (long names one sound apart).
    pub const LONG_SOUND: u8 = 6;
    /// The consonant skeleton of a listed join, or of a query token read from Arabic script
    /// that may match one ([`super::unvocalised::join_keys`]).
    pub const JOINED_SKELETON: u8 = 7;
}

/// A retrieval key: the "Fx" hash of `rustc-hash` over a namespace tag and bytes, with a final
/// avalanche so that sorted keys spread evenly. Not cryptographic; a collision only costs
/// time (candidates are re-scored), never correctness.
pub(crate) fn key_hash(tag: u8, s: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write_u8(tag);
    h.write(s);
    h.write_u8(0xff);
    let mut x = h.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

/// The vowel letters of a token, in order.
pub(crate) fn vowel_letters(t: &TokInfo) -> Vec<u8> {
    t.text.bytes().filter(|c| b"aeiouy".contains(c)).collect()
}

/// The letters of a token with runs of the same letter written once.
pub(crate) fn dedup_letters(s: &[u8]) -> Vec<u8> {
    let mut out = s.to_vec();
    out.dedup();
    out
}

/// Whether two vowel-initial spellings differ only in their leading vowels (`Omar`, `Umar`,
/// `Oumar`, `Amar`; `Isa`, `Eissa`): transliterations disagree most on a word's first vowel,
/// so it does not decide. The rest must be spelled alike and start with a consonant.
pub(crate) fn same_after_leading_vowel(a: &[u8], b: &[u8]) -> bool {
    let is_v = |c: &u8| b"aeiouy".contains(c);
    let rest = |s: &[u8]| -> Option<usize> {
        let n = s.iter().take_while(|c| is_v(c)).count();
        (n > 0 && s.len() - n >= 3).then_some(n)
    };
    match (rest(a), rest(b)) {
        (Some(i), Some(j)) => a[i..] == b[j..],
        _ => false,
    }
}

/// Whether `token` only matches what the rules' keys find: not a query initial or a number,
/// which are bounded without retrieval.
#[cfg(test)]
pub(crate) fn retrieved(query: &TokInfo) -> bool {
    query.text.len() > 1 && !query.has_digit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{normalize, NameStyle};

    /// Tokens exercising every rule, in several scripts and spellings.
    const EXAMPLES: &[&str] = &[
        "Qadhafi Gaddafi Kadafi al-Qadhdhafi Qathafi",
        "Mohammed Muhammad Mohamed Mehmet Maxamed Cabdi Abdi Cali Ali Xasan Hassan",
        "Omar Umar Oumar Amor Aisha Aicha Ayesha Essid El-Sseid Sayyid Lazhar Azhar",
        "Abderrahmane Abd al-Rahman Errachid Rashid",
        "Bob Robert Bill William Sasha Aleksandr Alexander Alexandros",
        "Jewgeni Yevgeniy Lawrow Lavrov Putinas Putin Sergejs Sergey",
        "Vladimirovich Vlandimirovits Johnson Jonson Karim Kazim Hamid Hamed",
        "Xi Shi Hsi Jinping Jin Ping Mao Tse-tung Zedong",
        "김정은 Kim Jong Un Jong-un Jeong Ri Lee",
        "محمد القذافي معمر",
        "فاضل ذبیح رمضان Fazil Fadil Zabih Dhabih Ramazan Ramadan",
        "انتصار منتصر Intissar Muntasir Noor Nour Nur Rasheed Rashid",
        "Jang Myong Jin",
        "김동명 KIM TONG MYONG Dong-myeong",
        "CHANG Myong Chin",
        "Lee Cheol Woo",
        "RI CHOL U",
        "Владимир Путин",
        "A. B Ahmad Abu",
        "Ким Чен Ын",
        "Ри Ен Чер Ri Yong Chol",
        "Ибрагим Гусейн Хаджиев Ibrahim Husein Hajiyev Насралла Nasrallah Fadlalla",
        "ထွန်းသီရိအောင် Htun Tun Thiri Aung",
        "သူရမွန် Thura Mon",
        "Цяо Чжэньфан Qiao Zhenfang",
        "Сюй Юнбинь Xu Yongbin",
    ];

    /// Organisation names, read as such (Russian case endings, the words of organisation
    /// names in their other cases).
    const ORG_EXAMPLES: &[&str] = &[
        "Группа Вагнера Wagner Group",
        "Исламское государство Ирака и Леванта Islamic State of Iraq and the Levant",
        "Аль-Каида в исламском Магрибе Al-Qaida in the Islamic Maghreb Хизбалла Hizballah",
    ];

    fn vocabulary() -> Vec<TokInfo> {
        let mut out = Vec::new();
        for line in EXAMPLES {
            let toks = normalize(line, NameStyle::Person);
            out.extend(toks.iter().map(TokInfo::new));
            for w in toks.windows(2) {
                out.extend(TokInfo::join(w));
            }
        }
        for line in ORG_EXAMPLES {
            out.extend(normalize(line, NameStyle::Organisation).iter().map(TokInfo::new));
        }
        let mut inflected = TokInfo::from_text("putinas", false);
        inflected.inflected = true;
        out.push(inflected);
        out
    }

    fn keys(t: &TokInfo, listed: bool) -> Vec<u64> {
        let mut out = Vec::new();
        token_keys(t, false, listed, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn t(s: &str) -> TokInfo {
        TokInfo::from_text(s, false)
    }

    #[test]
    fn token_kinds() {
        assert_eq!(token_sim(&t("qadhafi"), &t("qadhafi")).map(|x| x.0), Some(MatchKind::Exact));
        assert_eq!(token_sim(&t("gaddafi"), &t("qadhafi")).map(|x| x.0), Some(MatchKind::Phonetic));
        assert_eq!(token_sim(&t("bob"), &t("robert")).map(|x| x.0), Some(MatchKind::Equivalent));
        assert_eq!(token_sim(&t("a"), &t("ahmad")).map(|x| x.0), Some(MatchKind::Initial));
        assert_eq!(token_sim(&t("johnson"), &t("jonson")).map(|x| x.0), Some(MatchKind::Edit));
        assert_eq!(token_sim(&t("frederik"), &t("frank")), None);
        // A repeated keystroke in a short syllable.
        assert_eq!(token_sim(&t("joonng"), &t("jong")).map(|x| x.0), Some(MatchKind::Phonetic));
    }

    #[test]
    fn keys_cover_matches() {
        let vocab = vocabulary();
        let mut checked = 0;
        for q in vocab.iter().filter(|q| retrieved(q)) {
            let qk = keys(q, false);
            for l in &vocab {
                if token_sim(q, l).is_none() {
                    continue;
                }
                let lk = keys(l, true);
                assert!(
                    qk.iter().any(|k| lk.binary_search(k).is_ok()),
                    "`{}` matches `{}` ({:?}) without a shared key",
                    q.text,
                    l.text,
                    token_sim(q, l)
                );
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn every_kind_has_a_rule() {
        let kinds: Vec<MatchKind> = RULES.iter().map(|r| r.kind).collect();
        for k in [
            MatchKind::Exact,
            MatchKind::Equivalent,
            MatchKind::Phonetic,
            MatchKind::Unvocalised,
            MatchKind::Edit,
            MatchKind::Initial,
            MatchKind::Number,
            MatchKind::Inflected,
            MatchKind::Romanised,
        ] {
            assert!(kinds.contains(&k), "{k:?}");
        }
        // Acronyms compare runs of words: their own keys (`acronym`).
        assert!(!kinds.contains(&MatchKind::Acronym));
    }
}
