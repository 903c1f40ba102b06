//! Class 9 of issue 14 as famous unlisted names meet the lists: a bank's name beside another
//! trade, an "Abd" compound whose name is another word of the listed name, a name opening
//! with the consonant ya against one opening with a vowel, and a given name against its
//! nisba. The names are invented for these tests, each written in several spellings.

mod common;

use common::{rare, record, score_of};
use embargo_screening::{Index, Kind, Record};

/// 300 people named Mohamed, Ahmed, Ali, Hassan, Ivan, Juan or Omar, and 200 bodies, with
/// rare names of their own, so that common names and words weigh as in a real list.
fn fillers() -> Vec<Record> {
    let given = ["Mohamed", "Ahmed", "Ali", "Hassan", "Ivan", "Juan", "Omar"];
    let words = ["Bank", "Trading Company", "Group", "Airlines", "Steel", "Commercial Bank"];
    let people = (0..300).map(|i| {
        let name = format!("{} {}", given[i % given.len()], rare(i));
        record(&format!("P{i}"), Kind::Person, &[&name])
    });
    let bodies = (300..500).map(|i| {
        let name = format!("{} {}", rare(i), words[i % words.len()]);
        record(&format!("E{i}"), Kind::Entity, &[&name])
    });
    people.chain(bodies).collect()
}

fn index_with(extra: Vec<Record>) -> Index {
    let mut records = fillers();
    records.extend(extra);
    Index::build(records)
}

#[test]
fn a_bank_is_not_the_airline_or_the_steelworks_of_the_same_name() {
    let index = index_with(vec![
        record("VB", Kind::Entity, &["VELKORAN BANK"]),
        record("TB", Kind::Entity, &["BANK TORVALEN"]),
    ]);
    let e = |q: &str, r: &str| score_of(&index, q, Kind::Entity, r);
    for (q, r) in [
        ("Velkoran Airlines", "VB"),
        ("VELKORAN AIRWAYS", "VB"),
        ("Torvalen Steel", "TB"),
        ("Torvalen Stahl", "TB"),
    ] {
        assert!(e(q, r) < 0.70, "{q}: {}", e(q, r));
    }
    // What a bank itself does is no other trade: described so, the bank keeps the score the
    // words give (a description a customer file may use).
    let finance = e("Velkoran Financial Services", "VB");
    assert!(finance >= 0.5, "{finance}");
    // A trade's word added to the bank's own name does not hide the bank: the bank is found
    // on both sides, so nothing is left for another trade to conflict with.
    for q in ["Velkoran Bank Airlines", "Velkoran Steel Bank"] {
        assert!(e(q, "VB") >= 0.70, "{q}: {}", e(q, "VB"));
    }
    // The bank itself, however its name is written, is found.
    for (q, r) in [
        ("Velkoran Bank PLC", "VB"),
        ("Banque Velkoran", "VB"),
        ("VELKORAN BK", "VB"),
        ("Torvalen Bank", "TB"),
    ] {
        assert!(e(q, r) >= 0.70, "{q}: {}", e(q, r));
    }
}

#[test]
fn an_abd_compound_is_one_name_with_the_name_after_its_head() {
    // "Abdul Karim" is Abd al-Karim: not Abdallah followed by Karim.
    let index = index_with(vec![record("SK", Kind::Person, &["SALIM ABDALLAH KARIM"])]);
    let p = |q: &str| score_of(&index, q, Kind::Person, "SK");
    for q in ["Salim Abdul Karim", "Saleem Abdel Karim", "Salim Abdulkarim"] {
        assert!(p(q) < 0.70, "{q}: {}", p(q));
    }
    for q in ["Salim Abdallah Karim", "Saleem Abdullah Karim", "Salim Abd Allah Karim"] {
        assert!(p(q) >= 0.70, "{q}: {}", p(q));
    }
    // The compound found whole, its parts in order, is the compound.
    let index = index_with(vec![record("AK", Kind::Person, &["SALIM ABDUL KARIM"])]);
    let p = |q: &str| score_of(&index, q, Kind::Person, "AK");
    for q in ["Salim Abdulkarim", "Saleem Abdel Kareem", "Salim Abd al-Karim"] {
        assert!(p(q) >= 0.70, "{q}: {}", p(q));
    }
}

#[test]
fn a_name_opening_with_ya_is_not_one_opening_with_a_vowel() {
    let index = index_with(vec![
        record("YK", Kind::Person, &["YUSUF KHARDAMI"]),
        record("YL", Kind::Person, &["YEVGENY LAPTOREV"]),
    ]);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for q in ["Assaf Khardami", "Asaf Khardami", "Osaf Khardami"] {
        assert!(p(q, "YK") < 0.70, "{q}: {}", p(q, "YK"));
    }
    // The ya written `j` (German), `i` (Russian) or `you` (French), and the Russian е written
    // `e`, are the same first letter.
    for (q, r) in [
        ("Jusuf Khardami", "YK"),
        ("Iusuf Khardami", "YK"),
        ("Youssef Khardami", "YK"),
        ("Evgeny Laptorev", "YL"),
        ("Evgenii Laptorev", "YL"),
    ] {
        assert!(p(q, r) >= 0.70, "{q}: {}", p(q, r));
    }
}

#[test]
fn a_nisba_is_a_family_name_of_its_own() {
    let index = index_with(vec![
        record("FA", Kind::Person, &["FARHAD TALOVI AHMADI"]),
        record("KH", Kind::Person, &["KAMRAN HUSSEINI"]),
        record("SQ", Kind::Person, &["SALMAN FATIH QORBANDI"]),
    ]);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    // The nisba's vowels spelled otherwise: a given name, not the nisba.
    assert!(p("Ahmed Talovi", "FA") < 0.70, "{}", p("Ahmed Talovi", "FA"));
    // The nisba in other spellings is the nisba; a letter moved is no nisba added.
    for (q, r) in [
        ("Farhad Talovi Ahmady", "FA"),
        ("Farhad Talovi Akhmadi", "FA"),
        ("Kamran Husaini", "KH"),
        ("Kamran Hosseini", "KH"),
        ("Salman Fathi Qorbandi", "SQ"),
    ] {
        assert!(p(q, r) >= 0.70, "{q}: {}", p(q, r));
    }
}

#[test]
fn husayn_and_hasan_are_two_names_however_spelled() {
    // Husayn is the diminutive of Hasan: the same letters but one, two names.
    let index = index_with(vec![
        record("HT", Kind::Person, &["HASAN TURVALI"]),
        record("HZ", Kind::Person, &["HOCINE ZELMARI"]),
    ]);
    let p = |q: &str, r: &str| score_of(&index, q, Kind::Person, r);
    for (q, r) in [("Hussen Turvali", "HT"), ("Houssein Turvali", "HT"), ("Hassan Zelmari", "HZ")] {
        assert!(p(q, r) < 0.70, "{q}: {}", p(q, r));
    }
    for (q, r) in [
        ("Hassen Turvali", "HT"),
        ("Hacene Turvali", "HT"),
        ("Hussein Zelmari", "HZ"),
        ("Husayn Zelmari", "HZ"),
    ] {
        assert!(p(q, r) >= 0.70, "{q}: {}", p(q, r));
    }
}

#[test]
fn a_lone_abd_compound_is_one_given_name_no_longer_name_contains() {
    // An alias that is one Abd compound alone is a given name many share: a longer name that
    // holds it names someone else, unless it is the alias itself.
    let index = index_with(vec![record("AQ", Kind::Person, &["KARIM VOLTANI", "ABDURRAHMAN"])]);
    let p = |q: &str| score_of(&index, q, Kind::Person, "AQ");
    for q in ["Abdurrahman Qelvani", "Abdulrahman Qelvani"] {
        assert!(p(q) < 0.70, "{q}: {}", p(q));
    }
    for q in ["Abdurrahman", "Abdul Rahman", "Karim Voltani"] {
        assert!(p(q) >= 0.70, "{q}: {}", p(q));
    }
}
