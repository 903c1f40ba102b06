//! Mapping of UN list labels to embargo regime ids (`un-libya`, …).
//!
//! Only UN designations map to UN regimes: OFAC, EU and UK programmes are their own (LIBYA3 is a
//! US programme) and are kept as given. A non-UN list's record that carries a UN reference
//! (EU `unitedNationId`, UK `UN Reference Number`, FtM `unscId`/`programId UN-SC…`) is the
//! national implementation of a UN listing and maps through the reference.

/// (UN_LIST_TYPE label, reference prefix, FtM programId, regime id).
const UN: &[(&str, &str, &str, &str)] = &[
    ("Libya", "LY", "UN-SC1970", "un-libya"),
    ("DPRK", "KP", "UN-SC1718", "un-dprk"),
    ("Al-Qaida", "QD", "UN-SC1267", "un-isil-aq"),
    ("Taliban", "TA", "UN-SC1988", "un-taliban"),
    ("Somalia", "SO", "UN-SC751", "un-somalia"),
    ("CAR", "CF", "UN-SC2127", "un-car"),
    ("DRC", "CD", "UN-SC1533", "un-drc"),
    ("SouthSudan", "SS", "UN-SC2206", "un-south-sudan"),
    ("Sudan", "SD", "UN-SC1591", "un-sudan"),
    ("Yemen", "YE", "UN-SC2140", "un-yemen"),
    ("Haiti", "HT", "UN-SC2653", "un-haiti"),
    ("Iraq", "IQ", "UN-SC1518", "un-iraq"),
    ("Iran", "IR", "UN-SC1737", "un-iran"),
    ("GB", "GB", "UN-SC2048", "un-guinea-bissau"),
];

/// The regime of a UN `UN_LIST_TYPE` label (`Libya` → `un-libya`), case-insensitive and
/// ignoring spaces (`South Sudan` = `SouthSudan`).
pub fn un_list_type(label: &str) -> Option<&'static str> {
    let norm: String =
        label.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    UN.iter().find(|(l, ..)| l.to_ascii_lowercase() == norm).map(|(.., r)| *r)
}

/// The regime of a UN reference number (`LYi.013` → `un-libya`).
pub fn un_reference(reference: &str) -> Option<&'static str> {
    let r = reference.trim();
    let b = r.as_bytes();
    if b.len() < 7
        || !b[0].is_ascii_uppercase()
        || !b[1].is_ascii_uppercase()
        || !matches!(b[2], b'i' | b'e')
        || b[3] != b'.'
    {
        return None;
    }
    UN.iter().find(|(_, p, ..)| p.as_bytes() == &b[..2]).map(|(.., r)| *r)
}

/// The regime of an OpenSanctions programme id (`UN-SC1970` → `un-libya`).
pub fn ftm_program_id(id: &str) -> Option<&'static str> {
    let id = id.trim();
    UN.iter().find(|(_, _, p, _)| p.eq_ignore_ascii_case(id)).map(|(.., r)| *r)
}

/// The OpenSanctions programme id of a UN regime (`un-libya` → `UN-SC1970`), the inverse of
/// [`ftm_program_id`].
pub fn ftm_program_of(regime: &str) -> Option<&'static str> {
    UN.iter().find(|(.., r)| *r == regime).map(|(_, _, p, _)| *p)
}

/// Adds `regime` to `regimes` if absent.
pub fn add(regimes: &mut Vec<String>, regime: Option<&str>) {
    if let Some(r) = regime {
        if !regimes.iter().any(|x| x == r) {
            regimes.push(r.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings() {
        assert_eq!(un_list_type("Libya"), Some("un-libya"));
        assert_eq!(un_list_type("SouthSudan"), Some("un-south-sudan"));
        assert_eq!(un_list_type("Al-Qaida"), Some("un-isil-aq"));
        assert_eq!(un_list_type("LIBYA3"), None);
        assert_eq!(un_reference("LYi.013"), Some("un-libya"));
        assert_eq!(un_reference("KPe.023 "), Some("un-dprk"));
        assert_eq!(un_reference("99901"), None);
        assert_eq!(ftm_program_id("UN-SC1970"), Some("un-libya"));
        assert_eq!(ftm_program_of("un-libya"), Some("UN-SC1970"));
        assert_eq!(ftm_program_of("LIBYA3"), None);
    }
}
