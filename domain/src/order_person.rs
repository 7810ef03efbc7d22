//! The person on a card order, as a company (or an invitee) gives it: DESIGN §4's rules across
//! fields — the name to print made of the full name, an identity number that agrees with the date
//! of birth, and a validity within the limits of the person's citizenship and number.

use chrono::NaiveDate;

use crate::{
    check_valid_until, CountryCode, DateOfBirth, Invalid, NameToPrint, PersonName,
    PersonalIdentityNumber, ValidityError,
};

/// The person as sent, every field still text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonInput {
    pub given_names: String,
    pub surname: String,
    pub date_of_birth: String,
    pub nationality: String,
    pub personal_identity_number: Option<String>,
    pub name_to_print: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderPerson {
    pub name: PersonName,
    pub date_of_birth: DateOfBirth,
    pub nationality: CountryCode,
    pub personal_identity_number: Option<PersonalIdentityNumber>,
    pub name_to_print: NameToPrint,
    /// Whether the name to print was chosen by whoever sent the order; otherwise it is derived
    /// from the name ([`NameToPrint::default_for`]) and follows it when the name is corrected.
    pub name_to_print_chosen: bool,
}

impl OrderPerson {
    /// Every invalid field with its name (`given_names`, `surname`, `date_of_birth`,
    /// `nationality`, `personal_identity_number`, `name_to_print`).
    pub fn parse(
        raw: &PersonInput,
        today: NaiveDate,
    ) -> Result<Self, Vec<(&'static str, Invalid)>> {
        let mut errors = Vec::new();
        let name = PersonName::parse(&raw.given_names, &raw.surname)
            .map_err(|(field, e)| errors.push((field, e)))
            .ok();
        let dob = DateOfBirth::parse(&raw.date_of_birth, today)
            .map_err(|e| errors.push(("date_of_birth", e)))
            .ok();
        let nationality = CountryCode::parse_alpha2(&raw.nationality)
            .map_err(|e| errors.push(("nationality", e)))
            .ok();
        let number = match raw.personal_identity_number.as_deref() {
            None => Some(None),
            Some(n) => PersonalIdentityNumber::parse(n, today)
                .map(Some)
                .map_err(|e| errors.push(("personal_identity_number", e)))
                .ok(),
        };
        if let (Some(Some(n)), Some(d)) = (&number, &dob) {
            if n.birth_date() != Some(d.date()) {
                errors.push((
                    "personal_identity_number",
                    Invalid::new(
                        "does_not_match_date_of_birth",
                        "the date in the personal identity number differs from the date of birth",
                    ),
                ));
            }
        }
        let name_to_print = name.as_ref().and_then(|n| {
            match raw.name_to_print.as_deref() {
                Some(p) => NameToPrint::parse(p, n),
                None => NameToPrint::default_for(n),
            }
            .map_err(|e| errors.push(("name_to_print", e)))
            .ok()
        });
        match (name, dob, nationality, number, name_to_print) {
            (
                Some(name),
                Some(date_of_birth),
                Some(nationality),
                Some(number),
                Some(name_to_print),
            ) if errors.is_empty() => Ok(Self {
                name,
                date_of_birth,
                nationality,
                personal_identity_number: number,
                name_to_print,
                name_to_print_chosen: raw.name_to_print.is_some(),
            }),
            _ => Err(errors),
        }
    }

    /// Whether the longer (5-year) validity applies: a Swedish citizen, or a holder of a
    /// personnummer or samordningsnummer.
    pub fn may_hold_long_validity(&self) -> bool {
        self.nationality.is_sweden() || self.personal_identity_number.is_some()
    }

    /// The card's validity rule for this person, as of `today`.
    pub fn check_valid_until(
        &self,
        valid_until: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), ValidityError> {
        check_valid_until(valid_until, today, self.may_hold_long_validity(), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default()
    }

    fn input() -> PersonInput {
        PersonInput {
            given_names: "Åsa Karin".into(),
            surname: "Öberg".into(),
            date_of_birth: "1985-03-14".into(),
            nationality: "SE".into(),
            personal_identity_number: None,
            name_to_print: None,
        }
    }

    #[test]
    fn defaults_the_name_to_print() {
        let p = OrderPerson::parse(&input(), today()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(p.name_to_print.as_str(), "Åsa Öberg");
        assert!(p.may_hold_long_validity());
    }

    #[test]
    fn reports_every_field() {
        let mut raw = input();
        raw.surname = "".into();
        raw.nationality = "XX".into();
        raw.date_of_birth = "1985-02-30".into();
        let fields: Vec<_> = OrderPerson::parse(&raw, today())
            .err()
            .unwrap_or_else(|| panic!("expected an error"))
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["surname", "date_of_birth", "nationality"]);
    }

    #[test]
    fn the_number_must_agree_with_the_birth_date() {
        let mut raw = input();
        raw.personal_identity_number = Some("19811218-9876".into());
        raw.date_of_birth = "1981-12-18".into();
        assert!(OrderPerson::parse(&raw, today()).is_ok());
        raw.date_of_birth = "1981-12-19".into();
        let errors = OrderPerson::parse(&raw, today())
            .err()
            .unwrap_or_else(|| panic!("expected an error"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].1.code, "does_not_match_date_of_birth");
    }

    #[test]
    fn foreigners_without_a_number_get_six_months() {
        let mut raw = input();
        raw.nationality = "PL".into();
        let p = OrderPerson::parse(&raw, today()).unwrap_or_else(|e| panic!("{e:?}"));
        let seven_months = NaiveDate::from_ymd_opt(2027, 7, 1).unwrap_or_default();
        assert!(matches!(
            p.check_valid_until(seven_months, today()),
            Err(ValidityError::TooLong { .. })
        ));
        let five_months = NaiveDate::from_ymd_opt(2027, 5, 1).unwrap_or_default();
        assert_eq!(p.check_valid_until(five_months, today()), Ok(()));
    }
}
