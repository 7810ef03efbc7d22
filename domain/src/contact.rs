use crate::{BoundedText, CountryCode, Email, Invalid, PhoneNumber, PostalCode};

/// A contact-details field, named as in the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactField {
    Phone,
    Email,
    Address,
    PostalCode,
    City,
    Country,
}

impl ContactField {
    pub const ALL: [ContactField; 6] = [
        Self::Phone,
        Self::Email,
        Self::Address,
        Self::PostalCode,
        Self::City,
        Self::Country,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Address => "address",
            Self::PostalCode => "postal_code",
            Self::City => "city",
            Self::Country => "country",
        }
    }
}

/// Raw contact details as typed (or as stored); `None` means not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactUpdate {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

impl ContactUpdate {
    /// The fields given in `self`, the others from `base` (filling in what is missing).
    pub fn over(self, base: ContactUpdate) -> ContactUpdate {
        ContactUpdate {
            phone: self.phone.or(base.phone),
            email: self.email.or(base.email),
            address: self.address.or(base.address),
            postal_code: self.postal_code.or(base.postal_code),
            city: self.city.or(base.city),
            country: self.country.or(base.country),
        }
    }
}

/// A person's contact details. Every field may still be missing; all are required before an order
/// can be accepted ([`ContactDetails::missing`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactDetails {
    pub phone: Option<PhoneNumber>,
    pub email: Option<Email>,
    pub address: Option<BoundedText>,
    pub postal_code: Option<PostalCode>,
    pub city: Option<BoundedText>,
    pub country: Option<CountryCode>,
}

fn keep<T>(
    errors: &mut Vec<(ContactField, Invalid)>,
    field: ContactField,
    r: Result<T, Invalid>,
) -> Option<T> {
    r.map_err(|e| errors.push((field, e))).ok()
}

impl ContactDetails {
    pub const ADDRESS_MAX: usize = 200;
    pub const CITY_MAX: usize = 100;

    /// Parses every given field; reports every invalid one.
    pub fn parse(raw: &ContactUpdate) -> Result<Self, Vec<(ContactField, Invalid)>> {
        Self::parse_with(raw, PhoneNumber::parse)
    }

    /// Contact details read back from storage: as [`ContactDetails::parse`], but the phone number
    /// is read by its stored form ([`PhoneNumber::parse_stored`]).
    pub fn parse_stored(raw: &ContactUpdate) -> Result<Self, Vec<(ContactField, Invalid)>> {
        Self::parse_with(raw, PhoneNumber::parse_stored)
    }

    fn parse_with(
        raw: &ContactUpdate,
        phone: fn(&str) -> Result<PhoneNumber, Invalid>,
    ) -> Result<Self, Vec<(ContactField, Invalid)>> {
        let mut errors = Vec::new();
        let country = raw.country.as_deref().and_then(|c| {
            keep(
                &mut errors,
                ContactField::Country,
                CountryCode::parse_alpha2(c),
            )
        });
        let details = ContactDetails {
            phone: raw
                .phone
                .as_deref()
                .and_then(|p| keep(&mut errors, ContactField::Phone, phone(p))),
            email: raw
                .email
                .as_deref()
                .and_then(|e| keep(&mut errors, ContactField::Email, Email::parse(e))),
            address: raw.address.as_deref().and_then(|a| {
                keep(
                    &mut errors,
                    ContactField::Address,
                    BoundedText::parse(a, Self::ADDRESS_MAX),
                )
            }),
            postal_code: raw.postal_code.as_deref().and_then(|p| {
                keep(
                    &mut errors,
                    ContactField::PostalCode,
                    PostalCode::parse(p, country),
                )
            }),
            city: raw.city.as_deref().and_then(|c| {
                keep(
                    &mut errors,
                    ContactField::City,
                    BoundedText::parse(c, Self::CITY_MAX),
                )
            }),
            country,
        };
        if errors.is_empty() {
            Ok(details)
        } else {
            Err(errors)
        }
    }

    /// The required fields that are still missing, in display order.
    pub fn missing(&self) -> Vec<ContactField> {
        let present = [
            self.phone.is_some(),
            self.email.is_some(),
            self.address.is_some(),
            self.postal_code.is_some(),
            self.city.is_some(),
            self.country.is_some(),
        ];
        ContactField::ALL
            .into_iter()
            .zip(present)
            .filter(|(_, p)| !p)
            .map(|(f, _)| f)
            .collect()
    }

    /// Storage form of every field.
    pub fn to_update(&self) -> ContactUpdate {
        ContactUpdate {
            phone: self.phone.as_ref().map(|p| p.as_str().to_owned()),
            email: self.email.as_ref().map(|e| e.as_str().to_owned()),
            address: self.address.as_ref().map(|a| a.as_str().to_owned()),
            postal_code: self.postal_code.as_ref().map(|p| p.as_stored().to_owned()),
            city: self.city.as_ref().map(|c| c.as_str().to_owned()),
            country: self.country.map(|c| c.alpha2().to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(phone: Option<&str>, postal: Option<&str>, country: Option<&str>) -> ContactUpdate {
        ContactUpdate {
            phone: phone.map(Into::into),
            email: Some("asa@example.se".into()),
            address: Some("Storgatan 1".into()),
            postal_code: postal.map(Into::into),
            city: Some("Stockholm".into()),
            country: country.map(Into::into),
        }
    }

    #[test]
    fn complete_details_have_nothing_missing() {
        let d = ContactDetails::parse(&raw(Some("070-445 07 23"), Some("114 55"), Some("SE")));
        assert_eq!(d.as_ref().map(|d| d.missing()), Ok(vec![]));
        assert_eq!(
            d.map(|d| d.to_update().postal_code),
            Ok(Some("11455".into()))
        );
    }

    #[test]
    fn reports_missing_and_invalid() {
        let d = ContactDetails::parse(&raw(None, None, Some("SE")));
        assert_eq!(
            d.map(|d| d.missing()),
            Ok(vec![ContactField::Phone, ContactField::PostalCode])
        );
        let e = ContactDetails::parse(&raw(Some("12"), Some("1234"), Some("SE")));
        assert_eq!(
            e.map_err(|e| e.into_iter().map(|(f, _)| f).collect::<Vec<_>>()),
            Err(vec![ContactField::Phone, ContactField::PostalCode])
        );
    }

    #[test]
    fn update_fills_in_missing() {
        let base = raw(Some("+46704450723"), None, None);
        let merged = ContactUpdate {
            postal_code: Some("114 55".into()),
            country: Some("SE".into()),
            ..Default::default()
        }
        .over(base);
        assert_eq!(
            ContactDetails::parse(&merged).map(|d| d.missing()),
            Ok(vec![])
        );
    }
}
