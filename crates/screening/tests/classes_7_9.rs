//! Classes 7 and 9 of issue 14: native scripts as natives write them, and false alerts to
//! remove. The names are invented for these tests, each written in several spellings.

mod common;

use common::{rare, record, score_of};
use embargo_screening::{Index, Kind, Options, Query, Record};

/// 300 people named Mohamed, Ahmed, Ali, Hassan, Ivan, Juan or Omar with rare surnames of
/// their own, so that these given names weigh as common names do in a real list.
fn fillers() -> Vec<Record> {
    let common = ["Mohamed", "Ahmed", "Ali", "Hassan", "Ivan", "Juan", "Omar"];
    (0..300)
        .map(|i| {
            let a = common[i % common.len()];
            record(&format!("F{i}"), Kind::Person, &[&format!("{a} {}", rare(i))])
        })
        .collect()
}

#[test]
fn a_longer_query_found_in_a_two_word_alias_of_common_names_is_someone_else() {
    let mut records = fillers();
    records.push(record("CO", Kind::Person, &["AHMED OMAR"]));
    records.push(record("AL", Kind::Person, &["MOHAMED TARABISHI"]));
    records.push(record("RA", Kind::Person, &["TAWFIQ QUNAYTIRI"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    // The aliases themselves, in other spellings, are found.
    for (q, r) in [
        ("Ahmed Omar", "CO"),
        ("Ahmad Umar", "CO"),
        ("Mohamed Tarabishi", "AL"),
        ("Mohammed Tarabishi", "AL"),
        ("TARABISHI, Muhammad", "AL"),
    ] {
        assert!(p(q, r) >= 0.70, "{q}: {}", p(q, r));
    }
    // A father's name after a filiation is no family name, when the given name is common.
    for q in ["Mohamed bin Tarabishi", "Mohammed ibn Tarabishi", "Muhammad ould Tarabishi"] {
        assert!(p(q, "AL") < 0.70, "{q}: {}", p(q, "AL"));
    }
    for q in ["Ahmed bin Omar", "Ahmad ibn Umar"] {
        assert!(p(q, "CO") < 0.70, "{q}: {}", p(q, "CO"));
    }
    // A word that an alias of two common names lacks is a name of another person.
    for q in ["Ahmed Nasser Omar", "Ahmad Yunus Umar", "Ahmed Petrovich Omar"] {
        assert!(p(q, "CO") < 0.70, "{q}: {}", p(q, "CO"));
    }
    // With a rare name in the alias, a middle name the list omits is still a middle name.
    for (q, r) in [
        ("Mohamed Nasser Tarabishi", "AL"),
        ("Tawfiq Nasser Qunaytiri", "RA"),
        ("Taufik Yunus Qunaytiri", "RA"),
    ] {
        assert!(p(q, r) >= 0.70, "{q}: {}", p(q, r));
    }
}

#[test]
fn a_person_s_names_spelling_an_acronym_are_no_organisation() {
    // Held before this change (a query of several words read as a person's name looks up no
    // acronym); kept as the regression test of class 9's first case.
    let mut records = fillers();
    records.push(record("ORG", Kind::Entity, &["KHT"]));
    records.push(record("ORG2", Kind::Entity, &["YSB"]));
    let index = Index::build(records);
    let opts = Options { threshold: 0.0, limit: 1000, lists: None };
    for (q, r) in [
        ("Karim Hadi Tawfiq", "ORG"),
        ("Kareem Haadi Tawfeeq", "ORG"),
        ("Yusuf Salim Bakri", "ORG2"),
        ("Youssef Salem Bakry", "ORG2"),
    ] {
        let untyped = index.search(&Query::name(q), &opts);
        assert!(untyped.iter().all(|h| h.reference != r), "{q}");
        assert_eq!(score_of(&index, q, Kind::Person, r), 0.0, "{q}");
    }
}

#[test]
fn persian_compound_names_with_or_without_the_non_joiner() {
    let mut records = fillers();
    records.push(record("PE", Kind::Person, &["MOHAMMAD ALI ZARGARI"]));
    records.push(record("GH", Kind::Person, &["GHOLAM HOSSEIN ZARGARI"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for q in ["محمدعلی زرگری", "محمد\u{200C}علی زرگری", "محمد علی زرگری", "محمدعلي زرگري"]
    {
        assert!(p(q, "PE") >= 0.70, "{q}: {}", p(q, "PE"));
    }
    for q in ["غلامحسین زرگری", "غلام\u{200C}حسین زرگری"] {
        assert!(p(q, "GH") >= 0.70, "{q}: {}", p(q, "GH"));
    }
    // Titles in Arabic script are dropped like their Latin forms.
    for q in ["الشيخ محمدعلی زرگری", "مولوی محمد علی زرگری", "الحاج محمدعلي زرگري"]
    {
        assert!(p(q, "PE") >= 0.70, "{q}: {}", p(q, "PE"));
    }
}

#[test]
fn korean_names_in_hangul_against_the_lists_romanisation() {
    let mut records = fillers();
    records.push(record("K1", Kind::Person, &["CHANG KWANG THAEK"]));
    records.push(record("K2", Kind::Person, &["RI RYONG SU"]));
    records.push(record("K3", Kind::Person, &["THAK MYONG CHOL"]));
    records.push(record("K4", Kind::Person, &["JANG GWANG TAEK"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    // ㅈ as McCune-Reischauer's `ch`, the aspirates as the DPRK writes them, and the South's
    // spelling of 령 as 영 and 리 as 이; the Revised spelling of the list still found.
    for (q, r) in [
        ("장광택", "K1"),
        ("장 광택", "K1"),
        ("이영수", "K2"),
        ("리영수", "K2"),
        ("탁명철", "K3"),
        ("장광택", "K4"),
    ] {
        assert!(p(q, r) >= 0.70, "{q} / {r}: {}", p(q, r));
    }
    // Another given-name syllable is still another name.
    assert!(p("장명택", "K1") < 0.70, "{}", p("장명택", "K1"));
}

/// Class 7 in Cyrillic: Korean names as the Russian press writes them, in Kontsevich's system
/// (`Чхоль`, `Ён`, `Джу`) and in the older spellings still in use (`Чен`, `Ен`, `Чер`, `Рен`,
/// `Чжон`), against the list's McCune-Reischauer-like forms.
#[test]
fn korean_names_in_cyrillic_against_the_lists_romanisation() {
    let mut records = fillers();
    records.push(record("C1", Kind::Person, &["PYON YONG CHOL"]));
    records.push(record("C2", Kind::Person, &["CHOE RYONG SU"]));
    records.push(record("C3", Kind::Person, &["HWANG JONG UN"]));
    records.push(record("C4", Kind::Person, &["KANG THAE HUN"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for (q, r) in [
        ("Пён Ён Чхоль", "C1"),
        ("Пён Ен Чер", "C1"),
        ("Чхве Рён Су", "C2"),
        ("Чхве Рен Су", "C2"),
        ("Цой Рён Су", "C2"),
        ("Хван Чон Ын", "C3"),
        ("Хван Чен Ын", "C3"),
        ("Хван Чжон Ын", "C3"),
        ("Кан Тхэ Хун", "C4"),
    ] {
        assert!(p(q, r) >= 0.70, "{q} / {r}: {}", p(q, r));
    }
    // Another given-name syllable is still another name.
    for (q, r) in [("Пён Ён Су", "C1"), ("Чхве Мён Су", "C2"), ("Хван Чон Ир", "C3")]
    {
        assert!(p(q, r) < 0.70, "{q} / {r}: {}", p(q, r));
    }
}

/// Class 7 in Cyrillic: Arabic and Persian names as Russian writes them. Cyrillic has no h:
/// `г` writes it as well as `х` (`Ибрагим`, `Гусейн`); the final h of "-allah" is dropped
/// (`Насралла`), as it is in some Latin spellings (`Fadlalla`); titles are dropped in their
/// Russian forms (`Хаджи`).
#[test]
fn arabic_names_as_russian_writes_them() {
    let mut records = fillers();
    records.push(record("R1", Kind::Person, &["HUSAYN HAMDI TARQUBANI"]));
    records.push(record("R2", Kind::Person, &["NASRALLAH QUTAYFANI"]));
    records.push(record("R3", Kind::Person, &["HRYHORENKO, Bohdan"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for (q, r) in [
        ("Гусейн Гамди Таркубани", "R1"),
        ("Хусейн Хамди Таркубани", "R1"),
        ("Гусейн Таркубани", "R1"),
        ("Насралла Кутайфани", "R2"),
        ("Nasralla Qutayfani", "R2"),
        ("Хаджи Насралла Кутайфани", "R2"),
        ("Богдан Григоренко", "R3"),
    ] {
        assert!(p(q, r) >= 0.70, "{q} / {r}: {}", p(q, r));
    }
    // Another family name is another name.
    assert!(p("Гусейн Гамди Таркани", "R1") < 0.70, "{}", p("Гусейн Гамди Таркани", "R1"));
}

/// Class 7 in Cyrillic: Chinese names as Russian writes them, in the Palladius system, the
/// given name in one word (`Чжэньфан`) or hyphenated, against the list's pinyin. Invented
/// names.
#[test]
fn chinese_names_in_cyrillic_against_the_lists_pinyin() {
    let mut records = fillers();
    records.push(record("Z1", Kind::Person, &["QIAO, Zhenfang"]));
    records.push(record("Z2", Kind::Person, &["XU, Yongbin"]));
    records.push(record("Z3", Kind::Person, &["JIANG Wei Ming"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for (q, r) in [
        ("Цяо Чжэньфан", "Z1"),
        ("Цяо Чжэнь-фан", "Z1"),
        ("Сюй Юнбинь", "Z2"),
        ("Цзян Вэймин", "Z3"),
    ] {
        assert!(p(q, r) >= 0.70, "{q} / {r}: {}", p(q, r));
    }
    // Another given name is another person.
    assert!(p("Цзян Вэйго", "Z3") < 0.70, "{}", p("Цзян Вэйго", "Z3"));
}

/// Class 7 in Burmese: a name in Myanmar script, written without spaces, against the list's
/// conventional romanisation, one word per syllable (Ht/T, Khaing/Khine, Nay, Myint) and the
/// Pali words the list writes as one (Thura). Invented names.
#[test]
fn burmese_names_against_the_lists_romanisation() {
    let mut records = fillers();
    records.push(record("M1", Kind::Person, &["HTUN, Zaw Min"]));
    records.push(record("M2", Kind::Person, &["KHINE, Nay Chit"]));
    records.push(record("M3", Kind::Person, &["LWIN, Thura Kyaw"]));
    records.push(record("M4", Kind::Person, &["TUN, Aye Myint"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for (q, r) in [
        ("ဇော်မင်းထွန်း", "M1"),
        ("နေချစ်ခိုင်", "M2"),
        ("သူရကျော်လွင်", "M3"),
        ("အေးမြင့်ထွန်း", "M4"),
        ("ဦးအေးမြင့်ထွန်း", "M4"),
    ] {
        assert!(p(q, r) >= 0.70, "{q} / {r}: {}", p(q, r));
    }
    // Another syllable is another name.
    assert!(p("ဇော်မင်းဦး", "M1") < 0.70, "{}", p("ဇော်မင်းဦး", "M1"));
}

/// Class 7 in Hebrew: the Hebrew press writes Arabic names letter for letter, with a geresh
/// for the sounds Hebrew lacks (ח׳ kh, ג׳ j) and without short vowels. Invented names.
#[test]
fn arabic_names_as_hebrew_writes_them() {
    let mut records = fillers();
    records.push(record("H1", Kind::Person, &["TARQUBANI, Husayn"]));
    records.push(record("H2", Kind::Person, &["KHALDUN AL-ZANDARI"]));
    records.push(record("H3", Kind::Person, &["JAMAL QUTAYFANI"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for (q, r) in [
        ("חוסיין תרקובאני", "H1"),
        ("ח׳לדון אל־זנדרי", "H2"),
        ("ח'לדון זנדרי", "H2"),
        ("ג׳מאל קטיפאני", "H3"),
    ] {
        assert!(p(q, r) >= 0.70, "{q} / {r}: {}", p(q, r));
    }
    // Another family name is another person.
    assert!(p("חוסיין זנדרי", "H1") < 0.70, "{}", p("חוסיין זנדרי", "H1"));
}

/// Class 7 in Latin letters: a Korean name written in another romanisation than the list's
/// (Revised Romanisation or the usual South Korean spellings against the DPRK's
/// McCune-Reischauer-like forms), and the family names Lee/Ri, Park/Pak, Choi/Choe.
#[test]
fn korean_names_in_another_romanisation() {
    let mut records = fillers();
    records.push(record("K1", Kind::Person, &["CHANG, Pom Tok"]));
    records.push(record("K2", Kind::Person, &["RI CHOL U"]));
    records.push(record("K3", Kind::Person, &["PAK Kyong Song"]));
    records.push(record("K4", Kind::Person, &["CHOE Ryong Chin"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for (q, r) in [
        ("Jang Beom Deok", "K1"),
        ("JANG Bom-Dok", "K1"),
        ("Chang Pŏm-tŏk", "K1"),
        ("Lee Cheol Woo", "K2"),
        ("Yi Chul U", "K2"),
        ("Park Gyeong Seong", "K3"),
        ("Bak Kyung Sung", "K3"),
        ("Choi Yong Jin", "K4"),
        ("Choe Young-Jin", "K4"),
    ] {
        assert!(p(q, r) >= 0.70, "{q} / {r}: {}", p(q, r));
    }
    // Another syllable is another name, in any romanisation.
    for (q, r) in [("Jang Beom Sik", "K1"), ("Lee Cheol Min", "K2"), ("Park Gyeong Ho", "K3")] {
        assert!(p(q, r) < 0.70, "{q} / {r}: {}", p(q, r));
    }
}

/// Class 7: Afghan and Pakistani names in Persian script as the lists romanise them: short
/// names of two letters (گل Gul), a final ye that is an alif maqsura (عیسی Isa, موسی Musa),
/// a word-initial waw (ولی Wali), a doubled ya (سيد Sayyid). Invented full names.
#[test]
fn afghan_names_in_persian_script() {
    let mut records = fillers();
    records.push(record("A1", Kind::Person, &["GUL AHMAD TARKAMANI"]));
    records.push(record("A2", Kind::Person, &["MOHAMMAD ESSA BARIKZOY"]));
    records.push(record("A3", Kind::Person, &["WALI MOHAMMAD SHINWARAY"]));
    records.push(record("A4", Kind::Person, &["SAYYED MUSA QALANDARI"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for (q, r) in [
        ("گل احمد ترکمانی", "A1"),
        ("محمد عیسی باریکزوی", "A2"),
        ("ولی محمد شینواری", "A3"),
        ("سید موسی قلندری", "A4"),
    ] {
        assert!(p(q, r) >= 0.70, "{q} / {r}: {}", p(q, r));
    }
}

/// Arabic and Persian names as Russian writes them: Cyrillic has no `h`, so `х` (kh) writes
/// the ḥ and h as well as kh, and `дж` (dzh) the j: "Хамид Хаккар" is Hamid Haqqar, in
/// Cyrillic and in its Latin transliteration. Invented full names.
#[test]
fn arabic_names_written_in_russian() {
    let mut records = fillers();
    records.push(record("R1", Kind::Person, &["HAQQARI, Hamid Jamaluddin"]));
    records.push(record("R2", Kind::Person, &["HUSAYNZADA, Hassan Tahir"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for (q, r) in [
        ("Хамид Джамалуддин Хаккари", "R1"),
        ("Khamid Dzhamaluddin Khakkari", "R1"),
        ("Хамид Хаккари", "R1"),
        ("Хасан Тахир Хусайнзада", "R2"),
        ("Khasan Takhir Khusaynzada", "R2"),
    ] {
        assert!(p(q, r) >= 0.70, "{q} / {r}: {}", p(q, r));
    }
    // Another family name that shares only the given name stays apart.
    assert!(p("Хамид Карими", "R1") < 0.70);
}

/// Arabic-script names against the lists' Latin spellings: the letters the reading joins into
/// one digraph (س then ه read `sh`), the silent final `e` of French spellings, the common name
/// whose usual vowels another spelling does not share, the nisba `-avi` whose short vowel
/// is not written, and compound names the script writes
/// as one word or as two (class 7). Invented full names. Two rows passed before these rules
/// and stay as controls: محمد / Mhamed (the whole name carries it) and the compound written
/// as two words on both sides.
#[test]
fn arabic_script_names_against_latin_spellings() {
    let mut records = fillers();
    records.push(record("S1", Kind::Person, &["SUHAIL BARAKZOUI"]));
    records.push(record("S2", Kind::Person, &["LAMINE SAHRAOUI TALBI"]));
    records.push(record("S3", Kind::Person, &["MHAMED KHOUDIRI"]));
    records.push(record("S4", Kind::Person, &["NASRULLAH ZAHIR KHEL"]));
    records.push(record("S5", Kind::Person, &["GHULAM FAROOQ AKHOONDZADA"]));
    records.push(record("S6", Kind::Person, &["MOJTABA RAZAVI NEJAD"]));
    records.push(record("S7", Kind::Person, &["HADI MOUSAVI KHANSARI"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for (q, r) in [
        ("سهيل بارکزوی", "S1"),
        ("سهيل باركزوي", "S1"),
        ("لمين صحراوي طالبي", "S2"),
        ("محمد خضيري", "S3"),
        ("نصرالله ظاهرخیل", "S4"),
        ("نصر الله ظاهر خیل", "S4"),
        ("غلام فاروق آخوند زاده", "S5"),
        ("مجتبی رضوی نژاد", "S6"),
        ("هادی موسوی خوانساری", "S7"),
    ] {
        assert!(p(q, r) >= 0.70, "{q} / {r}: {}", p(q, r));
    }
    // Another family name written alongside is not the compound: the letters must be the
    // listed word's.
    for (q, r) in [("سهيل بارکزوی", "S2"), ("غلام فاروق آخوند زاده", "S1")]
    {
        assert!(p(q, r) < 0.70, "{q} / {r}: {}", p(q, r));
    }
}

#[test]
fn a_nickname_in_quotes_is_no_name_the_list_must_hold() {
    // The press writes a nickname inside the name; the list holds the name without it.
    let mut records = fillers();
    records.push(record("ZG", Kind::Person, &["ZORVANDA GARCIA, Ismo"]));
    records.push(record("KC", Kind::Person, &["KELVERA CERVANTES, Nemo"]));
    let index = Index::build(records);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for (q, r) in [
        ("Ismo \"El Tordo\" Zorvanda", "ZG"),
        ("Ismo “El Tordo” Zorvanda Garcia", "ZG"),
        ("Nemo Kelvera «El Mencho»", "KC"),
    ] {
        assert!(p(q, r) >= 0.8, "{q}: {}", p(q, r));
    }
}
