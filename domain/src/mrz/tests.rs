//! The ICAO Doc 9303 specimens, corrupted check digits, and agreement with sent fields.

use super::*;

// The specimens of ICAO Doc 9303 (Utopia, Anna Maria Eriksson).
const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
const TD1: &str = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";
const TD2: &str = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
}

#[test]
fn the_specimens_parse() {
    let p = Mrz::parse(TD3).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        (p.format, p.document_code.as_str(), p.issuing_state.as_str()),
        (MrzFormat::Td3, "P", "UTO")
    );
    assert_eq!(
        (p.surname.as_str(), p.given_names.as_str()),
        ("ERIKSSON", "ANNA<MARIA")
    );
    assert_eq!(
        (p.document_number.as_str(), p.nationality.as_str(), p.sex),
        ("L898902C3", "UTO", 'F')
    );
    assert_eq!(p.birth_date(today()), NaiveDate::from_ymd_opt(1974, 8, 12));
    assert_eq!(p.expiry(), NaiveDate::from_ymd_opt(2012, 4, 15));
    assert_eq!(p.optional_data, "ZE184226B");

    let i = Mrz::parse(TD1).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        (i.format, i.document_number.as_str(), i.surname.as_str()),
        (MrzFormat::Td1, "D23145890", "ERIKSSON")
    );
    assert_eq!(i.given_names, "ANNA<MARIA");
    let t = Mrz::parse(TD2).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        (t.format, t.document_number.as_str(), t.nationality.as_str()),
        (MrzFormat::Td2, "D23145890", "UTO")
    );
}

#[test]
fn every_corrupted_check_digit_is_named() {
    // (zone, line, position of the check digit, which check)
    let cases = [
        (TD3, 1, 9, MrzCheck::DocumentNumber),
        (TD3, 1, 19, MrzCheck::DateOfBirth),
        (TD3, 1, 27, MrzCheck::Expiry),
        (TD3, 1, 42, MrzCheck::OptionalData),
        (TD3, 1, 43, MrzCheck::Composite),
        (TD1, 0, 14, MrzCheck::DocumentNumber),
        (TD1, 1, 6, MrzCheck::DateOfBirth),
        (TD1, 1, 14, MrzCheck::Expiry),
        (TD1, 1, 29, MrzCheck::Composite),
        (TD2, 1, 9, MrzCheck::DocumentNumber),
        (TD2, 1, 19, MrzCheck::DateOfBirth),
        (TD2, 1, 27, MrzCheck::Expiry),
        (TD2, 1, 35, MrzCheck::Composite),
    ];
    for (zone, line, pos, which) in cases {
        let mut lines: Vec<String> = zone.lines().map(str::to_owned).collect();
        let mut bytes = lines[line].clone().into_bytes();
        bytes[pos] = if bytes[pos] == b'9' { b'0' } else { b'9' };
        lines[line] = String::from_utf8(bytes).unwrap_or_default();
        // A field's own digit is named first; the composite digit covers it, so it may follow.
        match Mrz::parse(&lines.join("\n")) {
            Err(MrzError::CheckDigits(bad)) => {
                assert_eq!(bad[0], which);
                assert!(
                    bad[1..].iter().all(|b| *b == MrzCheck::Composite),
                    "{bad:?}"
                );
            }
            other => panic!("{which:?}: {other:?}"),
        }
    }
}

#[test]
fn bad_forms_are_refused() {
    assert!(matches!(Mrz::parse("P<UTO"), Err(MrzError::Form(_))));
    assert!(matches!(
        Mrz::parse(&TD3.to_lowercase()),
        Err(MrzError::Form(_))
    ));
    assert!(matches!(
        Mrz::parse(&TD3.replace('<', " ")),
        Err(MrzError::Form(_))
    ));
}

/// A Swedish TD3 zone with `names` (the name field), digits computed.
fn td3(names: &str) -> String {
    let l1: String = format!("{:<<44}", format!("P<SWE{names}"))
        .chars()
        .take(44)
        .collect();
    let (number, born, expiry, optional) = ("AA0000001", "880314", "300601", "<<<<<<<<<<<<<<");
    let d = |f: &str| char::from(check_digit(f).unwrap_or(b'?'));
    let head = format!(
        "{number}{}SWE{born}{}F{expiry}{}{optional}<",
        d(number),
        d(born),
        d(expiry)
    );
    let composite = format!("{}{}{}", &head[0..10], &head[13..20], &head[21..43]);
    format!("{l1}\n{head}{}", d(&composite))
}

/// Åsa Karin Öberg's passport.
fn swedish() -> String {
    td3("OEBERG<<AASA<KARIN")
}

#[test]
fn a_full_name_field_may_cut_the_name_short() {
    let long = Mrz::parse(&td3("WOLFESCHLEGELSTEINHAUSENBERGERDORFF<<HUBERT<BLAINE"))
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(long.name_may_be_truncated);
    assert_eq!(long.given_names, "HU");
    let c = claim("Wolfeschlegelsteinhausenbergerdorff", "Hubert Blaine");
    assert_eq!(long.disagreements(&c, today()), []);
    // A name that is not cut short must be whole.
    let short = Mrz::parse(&swedish()).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(!short.name_may_be_truncated);
    assert_eq!(
        short.disagreements(&claim("Öbergh", "Åsa Karin"), today()),
        [MrzField::Surname]
    );
}

fn claim<'a>(surname: &'a str, given: &'a str) -> DocumentClaim<'a> {
    let se = CountryCode::parse("SE").unwrap_or_else(|e| panic!("{e}"));
    DocumentClaim {
        document_number: "aa 0000001",
        issuing_country: se,
        surname,
        given_names: given,
        date_of_birth: NaiveDate::from_ymd_opt(1988, 3, 14).unwrap_or_default(),
        nationality: se,
        expires_on: NaiveDate::from_ymd_opt(2030, 6, 1).unwrap_or_default(),
    }
}

#[test]
fn the_zone_bears_out_the_sent_fields() {
    let m = Mrz::parse(&swedish()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(m.disagreements(&claim("Öberg", "Åsa Karin"), today()), []);
    let mut c = claim("Öbergh", "Åsa");
    c.nationality = CountryCode::parse("DEU").unwrap_or_else(|e| panic!("{e}"));
    c.expires_on = NaiveDate::from_ymd_opt(2030, 6, 2).unwrap_or_default();
    assert_eq!(
        m.disagreements(&c, today()),
        [
            MrzField::Surname,
            MrzField::GivenNames,
            MrzField::Nationality,
            MrzField::Expiry
        ]
    );
}

#[test]
fn germany_is_d_in_the_zone() {
    let l1 = format!("{:<<44}", "P<D<<MUSTERMANN<<ERIKA");
    let d = |f: &str| char::from(check_digit(f).unwrap_or(b'?'));
    let head = format!(
        "C01X00T47{}D<<640812{}F270228{}{}<",
        d("C01X00T47"),
        d("640812"),
        d("270228"),
        "<".repeat(14)
    );
    let composite = format!("{}{}{}", &head[0..10], &head[13..20], &head[21..43]);
    let m =
        Mrz::parse(&format!("{l1}\n{head}{}", d(&composite))).unwrap_or_else(|e| panic!("{e:?}"));
    let de = CountryCode::parse("DE").unwrap_or_else(|e| panic!("{e}"));
    let c = DocumentClaim {
        document_number: "C01X00T47",
        issuing_country: de,
        surname: "Mustermann",
        given_names: "Erika",
        date_of_birth: NaiveDate::from_ymd_opt(1964, 8, 12).unwrap_or_default(),
        nationality: de,
        expires_on: NaiveDate::from_ymd_opt(2027, 2, 28).unwrap_or_default(),
    };
    assert_eq!(m.disagreements(&c, today()), []);
}

#[test]
fn check_digits_of_the_standard_examples() {
    assert_eq!(check_digit("520727"), Some(b'3'));
    assert_eq!(check_digit("L898902C3"), Some(b'6'));
    assert_eq!(check_digit("AB2134<<<"), Some(b'5'));
    assert_eq!(check_digit("a"), None);
}
