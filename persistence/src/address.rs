//! A delivery address as stored: the same five columns on companies, orders and invitations.

/// Stored address fields, as raw values for the domain to parse or the API to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressRow {
    pub name: Option<String>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
}

impl AddressRow {
    /// Builds an address from optional columns: all of street, postal code, city and country, or none.
    pub fn from_parts(
        name: Option<String>,
        street: Option<String>,
        postal_code: Option<String>,
        city: Option<String>,
        country: Option<String>,
    ) -> Option<AddressRow> {
        Some(AddressRow {
            name,
            street: street?,
            postal_code: postal_code?,
            city: city?,
            country: country?,
        })
    }

    pub fn of(a: &domain::DeliveryAddress) -> AddressRow {
        AddressRow {
            name: a.name().map(str::to_owned),
            street: a.street().to_owned(),
            postal_code: a.postal_code().to_owned(),
            city: a.city().to_owned(),
            country: a.country().alpha2().to_owned(),
        }
    }
}
