use chrono::{DateTime, NaiveDate, Utc};
use domain::{ContactDetails, ContactUpdate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::languages::LanguageView;
use app::me::contact_details::ContactPatch;
use app::me::profile::Profile as ProfileOutcome;
use persistence::EvidenceRow;

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

/// A JSON merge patch (RFC 7396) of the contact details: a field sent with a value sets it, a
/// field sent as `null` clears it, a field left out keeps its stored value.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"city": "Göteborg", "postal_code": "411 01"}))]
pub struct ContactDetailsPatch {
    #[serde(default, deserialize_with = "present")]
    #[schema(max_length = 32, value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(max_length = 254, value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(max_length = 200, value_type = Option<String>)]
    pub address: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(max_length = 12, value_type = Option<String>)]
    pub postal_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(max_length = 100, value_type = Option<String>)]
    pub city: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(min_length = 2, max_length = 2, value_type = Option<String>)]
    pub country: Option<Option<String>>,
}

/// A field that was sent, with its value or `null`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

impl ContactDetailsPatch {
    pub fn into_patch(self) -> ContactPatch {
        ContactPatch {
            phone: self.phone,
            email: self.email,
            address: self.address,
            postal_code: self.postal_code,
            city: self.city,
            country: self.country,
        }
    }
}

/// Contact details and which required ones are still missing.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"phone": "+46704450723", "email": "asa.oberg@example.se", "address": null, "postal_code": null, "city": null, "country": null, "missing": ["address", "postal_code", "city", "country"]}))]
pub struct ContactDetailsView {
    #[schema(required = true, max_length = 16)]
    pub phone: Option<String>,
    #[schema(required = true, max_length = 254)]
    pub email: Option<String>,
    #[schema(required = true, max_length = 200)]
    pub address: Option<String>,
    /// Swedish codes are shown as `NNN NN`.
    #[schema(required = true, max_length = 12)]
    pub postal_code: Option<String>,
    #[schema(required = true, max_length = 100)]
    pub city: Option<String>,
    #[schema(required = true, min_length = 2, max_length = 2)]
    pub country: Option<String>,
    /// Required fields that are still empty; an order can be accepted only when this is empty.
    #[schema(max_items = 6)]
    pub missing: Vec<ContactFieldName>,
}

/// A contact-detail field.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactFieldName {
    Phone,
    Email,
    Address,
    PostalCode,
    City,
    Country,
}

impl From<domain::ContactField> for ContactFieldName {
    fn from(f: domain::ContactField) -> Self {
        use domain::ContactField as F;
        match f {
            F::Phone => Self::Phone,
            F::Email => Self::Email,
            F::Address => Self::Address,
            F::PostalCode => Self::PostalCode,
            F::City => Self::City,
            F::Country => Self::Country,
        }
    }
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
            missing: c.missing().into_iter().map(Into::into).collect(),
        }
    }
}

/// Where a verified identity came from.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = EvidenceSource)]
pub enum EvidenceSourceView {
    Passport,
    NationalIdCard,
    Bankid,
}

/// Where on the document the name was read.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NameZone {
    /// The machine-readable zone (A–Z, ICAO transliteration).
    Mrz,
    /// The visual zone (national spelling).
    Visual,
}

/// The identity the cardholder proved with a document or BankID.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VerifiedIdentity {
    pub source: EvidenceSourceView,
    #[schema(max_length = 100)]
    pub surname: String,
    #[schema(max_length = 200)]
    pub given_names: String,
    pub name_zone: NameZone,
    pub date_of_birth: NaiveDate,
    /// ISO 3166-1 alpha-2; `null` when the source does not attest one (BankID without the
    /// passport or national ID check).
    #[schema(required = true, min_length = 2, max_length = 2)]
    pub nationality: Option<String>,
    #[schema(min_length = 2, max_length = 2)]
    pub issuing_country: String,
    #[schema(required = true)]
    pub document_expires_on: Option<NaiveDate>,
    pub verified_at: DateTime<Utc>,
}

impl From<&EvidenceRow> for VerifiedIdentity {
    fn from(row: &EvidenceRow) -> Self {
        VerifiedIdentity {
            source: match row.source {
                domain::EvidenceSource::Passport => EvidenceSourceView::Passport,
                domain::EvidenceSource::NationalIdCard => EvidenceSourceView::NationalIdCard,
                domain::EvidenceSource::BankId => EvidenceSourceView::Bankid,
            },
            surname: row.surname.clone(),
            given_names: row.given_names.clone(),
            name_zone: match row.name_zone {
                domain::NameZone::Mrz => NameZone::Mrz,
                domain::NameZone::Visual => NameZone::Visual,
            },
            date_of_birth: row.date_of_birth,
            nationality: row.nationality.clone(),
            issuing_country: row.issuing_country.clone(),
            document_expires_on: row.document_expires_on,
            verified_at: row.verified_at.and_utc(),
        }
    }
}

/// The signed-in person.
#[derive(Debug, Serialize, ToSchema)]
pub struct Profile {
    #[schema(max_length = 64, example = "acc_5b1e0c2a9d8f7e6a5b4c3d2e")]
    pub id: String,
    /// The sign-in email.
    #[schema(max_length = 254)]
    pub email: String,
    /// Where sign-in codes are sent, mostly hidden.
    #[schema(max_length = 32)]
    pub phone_hint: String,
    #[schema(max_length = 200)]
    pub given_names: String,
    #[schema(max_length = 100)]
    pub surname: String,
    /// `null` until the person has verified their identity.
    #[schema(required = true)]
    pub verified_identity: Option<VerifiedIdentity>,
    /// The newest identity-document check registered for your email, of any outcome: a yellow
    /// or red one says why and what to do next. `null` when there is none.
    #[schema(required = true)]
    pub identity_verification: Option<crate::http::dto::identity::IdentityCheckStatus>,
    pub contact_details: ContactDetailsView,
    /// The companies you are a member of, with your role in each.
    #[schema(max_items = 1000)]
    pub companies: Vec<Membership>,
    /// Roles on the platform itself (`operator`).
    #[schema(max_items = 4)]
    pub platform_roles: Vec<PlatformRoleName>,
    /// The language your emails and SMS are written in; change it with `PATCH /v1/me`.
    pub language: LanguageView,
}

/// A JSON merge patch (RFC 7396) of your settings: a field sent sets it, a field left out keeps
/// its value.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"language": "sv"}))]
pub struct ProfilePatch {
    /// The language your emails and SMS are written in.
    #[schema(nullable = false)]
    pub language: Option<LanguageView>,
}

/// Your membership of a company.
#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    #[schema(max_length = 32)]
    pub company_id: String,
    #[schema(max_length = 200)]
    pub company_name: String,
    /// `NNNNNN-NNNN`.
    #[schema(max_length = 11)]
    pub org_number: String,
    pub role: crate::http::dto::companies::CompanyRoleName,
}

impl From<&persistence::MembershipOfAccount> for Membership {
    fn from(m: &persistence::MembershipOfAccount) -> Self {
        Membership {
            company_id: m.company_id.as_str().to_owned(),
            company_name: m.company_name.clone(),
            org_number: crate::http::dto::companies::org_number_display(&m.company_org_number),
            role: m.role.into(),
        }
    }
}

/// A role on the platform.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlatformRoleName {
    /// Creates companies.
    Operator,
}

impl From<&ProfileOutcome> for Profile {
    fn from(p: &ProfileOutcome) -> Self {
        Profile {
            id: p.id.to_string(),
            email: p.email.clone(),
            phone_hint: p.phone_hint.clone(),
            given_names: p.given_names.clone(),
            surname: p.surname.clone(),
            verified_identity: p.verified_identity.as_ref().map(VerifiedIdentity::from),
            identity_verification: p
                .identity_verification
                .as_ref()
                .map(crate::http::dto::identity::IdentityCheckStatus::from),
            contact_details: ContactDetailsView::from(&p.contact),
            companies: p.companies.iter().map(Membership::from).collect(),
            platform_roles: p
                .platform_role
                .map(|domain::PlatformRole::Operator| PlatformRoleName::Operator)
                .into_iter()
                .collect(),
            language: p.language.into(),
        }
    }
}
