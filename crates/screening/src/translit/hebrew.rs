//! Hebrew script: the Hebrew press writes Arabic and Persian names letter for letter, with the
//! geresh for the sounds Hebrew lacks (`ח׳` for خ, `ג׳` for ج, `ע׳` for غ, `ד׳` for ذ, `ת׳`
//! for ث, `צ׳` for ض, `ט׳` for ظ), and no short vowels, as Arabic script does (`חסן נסראללה`,
//! Hassan Nasrallah). A Hebrew word is therefore read as the Arabic letters it stands for
//! ([`as_arabic`]), and the Arabic reader does the rest (the article, long vowels, the names
//! it knows, the missing short vowels: [`super::arabic`]).

/// Whether a character is a Hebrew letter, point or punctuation mark.
pub(crate) fn is_hebrew(c: char) -> bool {
    matches!(c as u32, 0x0591..=0x05F4 | 0xFB1D..=0xFB4F)
}

/// The Arabic letter a Hebrew letter stands for in an Arabic name; `geresh` when a geresh
/// (or an apostrophe) follows it.
fn arabic_letter(c: char, geresh: bool) -> Option<char> {
    Some(match (c, geresh) {
        ('א', _) => 'ا',
        ('ב', _) => 'ب',
        ('ג', true) => 'ج',
        // A bare gimel writes the gh of Arabic names (בגדאדי, Baghdadi).
        ('ג', false) => 'غ',
        ('ד', false) => 'د',
        ('ד', true) => 'ذ',
        ('ה', _) => 'ه',
        ('ו', _) => 'و',
        ('ז', _) => 'ز',
        ('ח', false) => 'ح',
        ('ח', true) => 'خ',
        ('ט', false) => 'ط',
        ('ט', true) => 'ظ',
        ('י', _) => 'ي',
        ('כ' | 'ך', _) => 'ك',
        ('ל', _) => 'ل',
        ('מ' | 'ם', _) => 'م',
        ('נ' | 'ן', _) => 'ن',
        ('ס', _) => 'س',
        ('ע', false) => 'ع',
        ('ע', true) => 'غ',
        ('פ' | 'ף', _) => 'ف',
        ('צ' | 'ץ', false) => 'ص',
        ('צ' | 'ץ', true) => 'ض',
        ('ק', _) => 'ق',
        ('ר', _) => 'ر',
        ('ש', _) => 'ش',
        ('ת', false) => 'ت',
        ('ת', true) => 'ث',
        _ => return None,
    })
}

/// A text with its Hebrew words written in the Arabic letters they stand for: points
/// dropped, a doubled vav or yod (the consonant w or y) written once, the maqaf as a hyphen.
pub(crate) fn as_arabic(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let geresh = matches!(chars.get(i + 1), Some('\u{05F3}' | '\'' | '’' | '`'));
        if let Some(a) = arabic_letter(c, geresh) {
            out.push(a);
            i += if geresh { 2 } else { 1 };
            // וו and יי write one consonant.
            if matches!(c, 'ו' | 'י') && chars.get(i) == Some(&c) {
                i += 1;
            }
            continue;
        }
        match c {
            '\u{05BE}' => out.push('-'),
            // Points, accents, geresh and gershayim alone: no letter.
            c if is_hebrew(c) => {}
            c => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::as_arabic;

    #[test]
    fn hebrew_letters_as_the_arabic_letters_they_write() {
        assert_eq!(as_arabic("חסן"), "حسن");
        assert_eq!(as_arabic("ח׳אלד"), "خالد");
        assert_eq!(as_arabic("ג'מאל"), "جمال");
        assert_eq!(as_arabic("סוואר"), "سوار");
        assert_eq!(as_arabic("Hassan"), "Hassan");
        assert_eq!(as_arabic("אבו־בכר"), "ابو-بكر");
    }
}
