//! Property tests of the machine-readable zone: every well-formed TD3 zone with correct check
//! digits parses back to its fields, and a character changed in a checked field is caught.

use domain::{check_digit, Mrz, MrzError};
use proptest::prelude::*;

fn re(pattern: &str) -> impl Strategy<Value = String> {
    proptest::string::string_regex(pattern).unwrap_or_else(|_| unreachable!())
}

fn digit(field: &str) -> char {
    check_digit(field).map_or('?', char::from)
}

/// Line 2 of a TD3 zone with every check digit computed.
fn line2(
    number: &str,
    nationality: &str,
    born: &str,
    sex: char,
    expiry: &str,
    optional: &str,
) -> String {
    let head = format!(
        "{number}{}{nationality}{born}{}{sex}{expiry}{}{optional}{}",
        digit(number),
        digit(born),
        digit(expiry),
        digit(optional)
    );
    let composite = format!("{}{}{}", &head[0..10], &head[13..20], &head[21..43]);
    format!("{head}{}", digit(&composite))
}

fn zone() -> impl Strategy<Value = (String, String, String, String)> {
    (
        re("[A-Z0-9]{9}"),
        prop_oneof![Just("SWE"), Just("D<<"), Just("POL"), Just("UTO")],
        re("[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])"),
        prop_oneof![Just('M'), Just('F'), Just('<')],
        re("[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])"),
        re("[A-Z0-9<]{14}"),
        re("[A-Z]{2,12}"),
        re("[A-Z]{2,10}"),
    )
        .prop_map(
            |(number, nat, born, sex, expiry, optional, surname, given)| {
                let l1 = format!("{:<<44}", format!("P<{nat}{surname}<<{given}"));
                let l2 = line2(&number, nat, &born, sex, &expiry, &optional);
                (format!("{l1}\n{l2}"), number, surname, given)
            },
        )
}

/// The positions of line 2 that some check digit covers.
const CHECKED: &[usize] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 35,
    41, 42, 43,
];

fn value(c: u8) -> u32 {
    match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'A'..=b'Z' => u32::from(c - b'A') + 10,
        _ => 0,
    }
}

proptest! {
    #[test]
    fn a_correct_zone_parses_to_its_fields((zone, number, surname, given) in zone()) {
        let m = Mrz::parse(&zone).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(m.document_number, number.trim_end_matches('<'));
        prop_assert_eq!(m.surname, surname);
        prop_assert_eq!(m.given_names, given);
    }

    /// Weights 7, 3, 1 are prime to 10, so a change whose value differs by other than a multiple
    /// of 10 (not `A` for `0`, `K` for `0`, …) always changes some check digit.
    #[test]
    fn a_changed_character_is_caught((zone, _, _, _) in zone(), pick in 0..CHECKED.len(), replacement in re("[A-Z0-9<]")) {
        let mut lines: Vec<Vec<u8>> = zone.lines().map(|l| l.as_bytes().to_vec()).collect();
        let pos = CHECKED[pick];
        let (old, new) = (lines[1][pos], replacement.as_bytes()[0]);
        prop_assume!(!value(old).abs_diff(value(new)).is_multiple_of(10));
        lines[1][pos] = new;
        let changed = lines.iter().map(|l| String::from_utf8_lossy(l).into_owned()).collect::<Vec<_>>().join("\n");
        prop_assert!(matches!(Mrz::parse(&changed), Err(MrzError::CheckDigits(_)) | Err(MrzError::Form(_))));
    }
}
