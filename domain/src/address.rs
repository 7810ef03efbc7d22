//! Where cards are delivered: an optional recipient line, street, postal code, city, country.

use crate::{BoundedText, CountryCode, Invalid, PostalCode};

/// An address as sent, every field still text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressInput {
    pub name: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAddress {
    name: Option<BoundedText>,
    street: BoundedText,
    postal_code: PostalCode,
    city: BoundedText,
    country: CountryCode,
}

impl DeliveryAddress {
    pub const NAME_MAX: usize = 100;
    pub const STREET_MAX: usize = 200;
    pub const CITY_MAX: usize = 100;

    /// Every invalid field with its name (`name`, `street`, `postal_code`, `city`, `country`).
    pub fn parse(raw: &AddressInput) -> Result<Self, Vec<(&'static str, Invalid)>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let country = keep(e, "country", CountryCode::parse_alpha2(&raw.country));
        let name = raw
            .name
            .as_deref()
            .map(|n| keep(e, "name", BoundedText::parse(n, Self::NAME_MAX)));
        let street = keep(
            e,
            "street",
            BoundedText::parse(&raw.street, Self::STREET_MAX),
        );
        let postal_code = keep(
            e,
            "postal_code",
            PostalCode::parse(&raw.postal_code, country),
        );
        let city = keep(e, "city", BoundedText::parse(&raw.city, Self::CITY_MAX));
        match (name, street, postal_code, city, country) {
            (
                name @ (None | Some(Some(_))),
                Some(street),
                Some(postal_code),
                Some(city),
                Some(country),
            ) if errors.is_empty() => Ok(Self {
                name: name.flatten(),
                street,
                postal_code,
                city,
                country,
            }),
            _ => Err(errors),
        }
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_ref().map(BoundedText::as_str)
    }

    pub fn street(&self) -> &str {
        self.street.as_str()
    }

    /// Storage form (a Swedish code as 5 digits).
    pub fn postal_code(&self) -> &str {
        self.postal_code.as_stored()
    }

    pub fn city(&self) -> &str {
        self.city.as_str()
    }

    pub fn country(&self) -> CountryCode {
        self.country
    }
}

fn keep<T>(
    errors: &mut Vec<(&'static str, Invalid)>,
    field: &'static str,
    r: Result<T, Invalid>,
) -> Option<T> {
    r.map_err(|e| errors.push((field, e))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(postal: &str, country: &str) -> AddressInput {
        AddressInput {
            name: Some("Site office".into()),
            street: "Storgatan 1".into(),
            postal_code: postal.into(),
            city: "Umeå".into(),
            country: country.into(),
        }
    }

    #[test]
    fn a_swedish_address_is_stored_with_five_digits() {
        let a = DeliveryAddress::parse(&input("903 25", "SE")).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(a.postal_code(), "90325");
        assert_eq!(a.name(), Some("Site office"));
    }

    #[test]
    fn every_bad_field_is_reported() {
        let mut raw = input("ABC", "SE");
        raw.city = " ".into();
        let errors = DeliveryAddress::parse(&raw)
            .err()
            .unwrap_or_else(|| panic!("expected an error"));
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["postal_code", "city"]);
        assert!(DeliveryAddress::parse(&input("12345", "XX")).is_err());
    }
}
