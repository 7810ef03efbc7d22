use chrono::{DateTime, NaiveDate, Utc};
use domain::{ContactDetails, ContactUpdate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, FieldError};

/// Contact details as given; every field is optional and `null` means unknown.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"phone": "070-445 07 23", "email": "asa.oberg@example.se", "address": "Storgatan 12", "postal_code": "114 55", "city": "Stockholm", "country": "SE"}))]
pub struct ContactDetailsInput {
    /// E.164 (`+46704450723`) or a Swedish national number (`070-445 07 23`).
    #[schema(max_length = 32)]
    pub phone: Option<String>,
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// Street address.
    #[schema(max_length = 200)]
    pub address: Option<String>,
    /// Swedish codes `NNN NN`; others as written in that country.
    #[schema(max_length = 12)]
    pub postal_code: Option<String>,
    #[schema(max_length = 100)]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[schema(min_length = 2, max_length = 2)]
    pub country: Option<String>,
}

impl ContactDetailsInput {
    pub fn into_update(self) -> ContactUpdate {
        ContactUpdate {
            phone: self.phone,
            email: self.email,
            address: self.address,
            postal_code: self.postal_code,
            city: self.city,
            country: self.country,
        }
    }
}

/// Parses contact details, naming every invalid field (`prefix` + field name).
pub fn parse_contact(update: &ContactUpdate, prefix: &str) -> Result<ContactDetails, ApiError> {
    ContactDetails::parse(update).map_err(|errors| {
        ApiError::validation(
            errors
                .into_iter()
                .map(|(f, e)| FieldError::new(format!("{prefix}{}", f.as_str()), e.code, e.message))
                .collect(),
        )
    })
}

/// Contact details and which required ones are still missing.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"phone": "+46704450723", "email": "asa.oberg@example.se", "address": null, "postal_code": null, "city": null, "country": null, "missing": ["address", "postal_code", "city", "country"]}))]
pub struct ContactDetailsView {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    /// Swedish codes are shown as `NNN NN`.
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    /// Required fields that are still empty; an order can be accepted only when this is empty.
    pub missing: Vec<String>,
}

impl From<&ContactDetails> for ContactDetailsView {
    fn from(c: &ContactDetails) -> Self {
        ContactDetailsView {
            phone: c.phone.as_ref().map(|p| p.as_str().to_owned()),
            email: c.email.as_ref().map(|e| e.as_str().to_owned()),
            address: c.address.as_ref().map(|a| a.as_str().to_owned()),
            postal_code: c.postal_code.as_ref().map(ToString::to_string),
            city: c.city.as_ref().map(|a| a.as_str().to_owned()),
            country: c.country.map(|c| c.alpha2().to_owned()),
            missing: c.missing().iter().map(|f| f.as_str().to_owned()).collect(),
        }
    }
}

/// The identity the cardholder proved with a document or BankID.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VerifiedIdentity {
    /// `passport`, `national_id_card` or `bankid`.
    pub source: String,
    pub surname: String,
    pub given_names: String,
    /// `mrz` when the name was read from the machine-readable zone (A–Z, ICAO transliteration).
    pub name_zone: String,
    pub date_of_birth: NaiveDate,
    /// ISO 3166-1 alpha-2.
    pub nationality: String,
    pub issuing_country: String,
    pub document_expires_on: Option<NaiveDate>,
    pub verified_at: DateTime<Utc>,
}

/// The signed-in person.
#[derive(Debug, Serialize, ToSchema)]
pub struct Profile {
    pub id: String,
    /// The sign-in email.
    pub email: String,
    /// Where sign-in codes are sent, mostly hidden.
    pub phone_hint: String,
    pub given_names: String,
    pub surname: String,
    /// `null` until the person has verified their identity.
    pub verified_identity: Option<VerifiedIdentity>,
    pub contact_details: ContactDetailsView,
}
