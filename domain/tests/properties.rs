//! Property tests of identity matching and value parsing.

use chrono::NaiveDate;
use domain::{
    check_identity, mrz_variants_match, transliterate_variants, CountryCode, Evidence,
    EvidenceName, EvidenceOutcome, EvidenceSource, IdentityCheck, OrderIdentity, PersonName,
    PhoneNumber,
};
use proptest::prelude::*;

fn name_part() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-ZÅÄÖÜØÆ][a-zåäöüéøæß]{1,10}")
        .unwrap_or_else(|_| unreachable!())
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1990, 6, 1).unwrap_or_default()
}

proptest! {
    /// Every listed transliteration of a name matches its MRZ form.
    #[test]
    fn every_variant_matches(given in name_part(), surname in name_part()) {
        for v in transliterate_variants(&surname, 64) {
            prop_assert!(mrz_variants_match(&surname, &v, false), "{} -> {}", surname, v);
        }
        let full = format!("{given} {surname}");
        for v in transliterate_variants(&full, 64) {
            prop_assert!(mrz_variants_match(&full, &v, false));
        }
    }

    /// A visual-zone name always matches itself, whatever the case; and the identity check is
    /// a match exactly when no field differs.
    #[test]
    fn visual_name_matches_itself_in_any_case(given in name_part(), surname in name_part()) {
        let order_name = PersonName::parse(&given, &surname).unwrap_or_else(|_| unreachable!());
        let doc_name = PersonName::parse(&given.to_uppercase(), &surname.to_uppercase()).unwrap_or_else(|_| unreachable!());
        let se = CountryCode::parse("SE").unwrap_or_else(|_| unreachable!());
        let ev = Evidence {
            source: EvidenceSource::NationalIdCard,
            name: EvidenceName::Visual(doc_name),
            date_of_birth: date(),
            nationality: Some(se),
            personal_identity_number: None,
            document_expires_on: None,
            outcome: EvidenceOutcome::Green,
        };
        let order = OrderIdentity { name: &order_name, date_of_birth: date(), nationality: se, personal_identity_number: None, valid_until: date() };
        prop_assert_eq!(check_identity(&order, Some(&ev), date()), IdentityCheck::Match);
    }

    /// Appending a letter to the order's surname never matches the MRZ of the original.
    #[test]
    fn an_extra_letter_never_matches(surname in name_part()) {
        for v in transliterate_variants(&surname, 8) {
            let longer = format!("{surname}x");
            prop_assert!(!mrz_variants_match(&longer, &v, false));
        }
    }

    /// Phone parsing never panics and is idempotent on its output.
    #[test]
    fn phone_parse_is_idempotent(raw in "\\PC{0,20}") {
        if let Ok(p) = PhoneNumber::parse(&raw) {
            prop_assert_eq!(PhoneNumber::parse(p.as_str()).map(|q| q.as_str().to_owned()), Ok(p.as_str().to_owned()));
        }
    }

    /// Name parsing never panics, and accepted names are within bounds.
    #[test]
    fn names_are_bounded(g in "\\PC{0,120}", s in "\\PC{0,120}") {
        if let Ok(n) = PersonName::parse(&g, &s) {
            prop_assert!(n.given_names().chars().count() <= PersonName::MAX_LEN);
            prop_assert!(!n.surname().is_empty());
        }
    }
}
