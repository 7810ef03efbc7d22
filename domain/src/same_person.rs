//! One person per account: new identity evidence (a document check, a BankID completion) counts
//! for an account only when it is of the same person as the account's verified identity, and a
//! BankID identity counts for a card order only when it is the order's person.

use chrono::NaiveDate;

use crate::icao::canonical_mrz;
use crate::name_match::{mrz_truncated, name_agrees};
use crate::{Evidence, EvidenceName, IdentityField, PersonName};

/// Whether `new` is of the same person as `known`: the personal identity number when both have
/// one (it names one person, whatever the names say); otherwise the names (by the visual-zone
/// key or ICAO transliteration) and the date of birth. The fields that disagree otherwise.
pub fn same_person(known: &Evidence, new: &Evidence) -> Result<(), Vec<IdentityField>> {
    if let (Some(a), Some(b)) = (
        known.personal_identity_number.as_ref(),
        new.personal_identity_number.as_ref(),
    ) {
        return if a == b {
            Ok(())
        } else {
            Err(vec![IdentityField::PersonalIdentityNumber])
        };
    }
    let (surname_ok, given_ok) = names_agree(&known.name, &new.name);
    disagreements(
        surname_ok,
        given_ok,
        known.date_of_birth == new.date_of_birth,
    )
}

/// Whether `new` is the person a card order without a personal identity number names: its name
/// and date of birth (an order's number, when it has one, names the person by itself).
pub fn is_order_person(
    name: &PersonName,
    date_of_birth: NaiveDate,
    new: &Evidence,
) -> Result<(), Vec<IdentityField>> {
    let (surname_ok, given_ok) = name_agrees(name, &new.name);
    disagreements(surname_ok, given_ok, date_of_birth == new.date_of_birth)
}

fn disagreements(surname: bool, given: bool, born: bool) -> Result<(), Vec<IdentityField>> {
    let fields: Vec<IdentityField> = [
        (surname, IdentityField::Surname),
        (given, IdentityField::GivenNames),
        (born, IdentityField::DateOfBirth),
    ]
    .into_iter()
    .filter(|(ok, _)| !ok)
    .map(|(_, f)| f)
    .collect();
    if fields.is_empty() {
        Ok(())
    } else {
        Err(fields)
    }
}

/// Two evidence names: a name in national spelling against the other (as an order's name is
/// compared); two machine-readable zones letter by letter, a cut-off given-name field as a prefix.
fn names_agree(a: &EvidenceName, b: &EvidenceName) -> (bool, bool) {
    match (a, b) {
        (EvidenceName::Visual(name), other) | (other, EvidenceName::Visual(name)) => {
            name_agrees(name, other)
        }
        (
            EvidenceName::Mrz {
                surname: s1,
                given_names: g1,
            },
            EvidenceName::Mrz {
                surname: s2,
                given_names: g2,
            },
        ) => {
            let (g1, g2) = (canonical_mrz(g1), canonical_mrz(g2));
            let given = g1 == g2
                || (mrz_truncated(a) && g2.starts_with(&g1))
                || (mrz_truncated(b) && g1.starts_with(&g2));
            (canonical_mrz(s1) == canonical_mrz(s2), given)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CountryCode, EvidenceOutcome, EvidenceSource, PersonalIdentityNumber};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn today() -> NaiveDate {
        date(2026, 12, 6)
    }

    fn pin(s: &str) -> Option<PersonalIdentityNumber> {
        PersonalIdentityNumber::parse(s, today()).ok()
    }

    fn name(g: &str, s: &str) -> PersonName {
        PersonName::parse(g, s).unwrap_or_else(|_| unreachable!())
    }

    fn passport(surname: &str, given: &str, born: NaiveDate) -> Evidence {
        Evidence {
            source: EvidenceSource::Passport,
            name: EvidenceName::Mrz {
                surname: surname.into(),
                given_names: given.into(),
            },
            date_of_birth: born,
            nationality: CountryCode::parse("SE").ok(),
            personal_identity_number: None,
            document_expires_on: Some(date(2031, 5, 1)),
            outcome: EvidenceOutcome::Green,
        }
    }

    fn bankid(given: &str, surname: &str, number: &str) -> Evidence {
        let number = pin(number);
        Evidence {
            source: EvidenceSource::BankId,
            name: EvidenceName::Visual(name(given, surname)),
            date_of_birth: number
                .as_ref()
                .and_then(PersonalIdentityNumber::birth_date)
                .unwrap_or_default(),
            nationality: None,
            personal_identity_number: number,
            document_expires_on: None,
            outcome: EvidenceOutcome::Green,
        }
    }

    #[test]
    fn a_bankid_identity_of_the_passports_person_is_the_same_person() {
        let known = passport("OEBERG", "AASA<KARIN", date(1988, 3, 14));
        assert_eq!(
            same_person(&known, &bankid("Åsa Karin", "Öberg", "198803142382")),
            Ok(())
        );
        // And the other way round: a passport after a BankID identity.
        assert_eq!(
            same_person(&bankid("Åsa Karin", "Öberg", "198803142382"), &known),
            Ok(())
        );
    }

    #[test]
    fn someone_else_is_not_the_same_person() {
        let known = passport("OEBERG", "AASA<KARIN", date(1988, 3, 14));
        assert_eq!(
            same_person(&known, &bankid("Sven", "Svensson", "199001010017")),
            Err(vec![
                IdentityField::Surname,
                IdentityField::GivenNames,
                IdentityField::DateOfBirth
            ])
        );
        // A namesake born the same day is the same by name and date only while no number
        // says otherwise.
        let earlier = bankid("Åsa Karin", "Öberg", "198803142382");
        let namesake = bankid("Åsa Karin", "Öberg", "198803142374");
        assert_eq!(
            same_person(&earlier, &namesake),
            Err(vec![IdentityField::PersonalIdentityNumber])
        );
    }

    #[test]
    fn the_number_names_the_person_through_a_change_of_name() {
        let before = bankid("Åsa Karin", "Öberg", "198803142382");
        let married = bankid("Åsa Karin", "Lind", "198803142382");
        assert_eq!(same_person(&before, &married), Ok(()));
    }

    #[test]
    fn two_zones_compare_letter_by_letter_and_a_full_field_as_a_prefix() {
        let born = date(1988, 3, 14);
        let a = passport("OEBERG", "AASA<KARIN", born);
        assert_eq!(
            same_person(&a, &passport("OEBERG", "AASA KARIN", born)),
            Ok(())
        );
        assert_eq!(
            same_person(&a, &passport("OBERG", "ASA<KARIN", born)),
            Err(vec![IdentityField::Surname, IdentityField::GivenNames])
        );
        let full = passport("OEBERG", "MAXIMILIANA<ALEXANDRA<CHRISTINA", born);
        let longer = passport("OEBERG", "MAXIMILIANA<ALEXANDRA<CHRISTINA<BIRGITTA", born);
        assert_eq!(same_person(&full, &longer), Ok(()));
    }

    #[test]
    fn the_orders_person_by_name_and_date_of_birth() {
        let order = name("Anna Maria", "Bänkström");
        let born = date(1981, 12, 18);
        let anna = bankid("Anna Maria", "Bänkström", "198112189876");
        assert_eq!(is_order_person(&order, born, &anna), Ok(()));
        let sven = bankid("Sven", "Svensson", "199001010017");
        assert_eq!(
            is_order_person(&order, born, &sven),
            Err(vec![
                IdentityField::Surname,
                IdentityField::GivenNames,
                IdentityField::DateOfBirth
            ])
        );
    }
}
