//! Companies, members and delivery addresses.

use chrono::{DateTime, Utc};
use domain::{AddressInput, CompanyRole};
use persistence::{AddressRow, CompanyRow, MemberWithName};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use app::companies::create::CompanyCreated;
use app::companies::view::CompanyView;
use app::FieldError;

/// A delivery address as sent.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Site office", "street": "Storgatan 12", "postal_code": "903 25", "city": "Umeå", "country": "SE"}))]
pub struct AddressRequest {
    /// An optional recipient line (a site office, a person to ask for).
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub street: String,
    /// Swedish codes `NNN NN`; others as written in that country.
    #[validate(length(min = 1, max = 12))]
    #[schema(min_length = 1, max_length = 12)]
    pub postal_code: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub city: String,
    /// ISO 3166-1 alpha-2.
    #[validate(length(min = 2, max = 2))]
    #[schema(min_length = 2, max_length = 2)]
    pub country: String,
}

impl AddressRequest {
    pub fn into_input(self) -> AddressInput {
        AddressInput {
            name: self.name,
            street: self.street,
            postal_code: self.postal_code,
            city: self.city,
            country: self.country,
        }
    }
}

/// Parses an address, naming each bad field under `prefix` (`delivery_address.city`).
pub fn parse_address(
    raw: AddressRequest,
    prefix: &str,
    errors: &mut Vec<FieldError>,
) -> Option<domain::DeliveryAddress> {
    domain::DeliveryAddress::parse(&raw.into_input())
        .map_err(|es| {
            errors.extend(
                es.into_iter()
                    .map(|(f, e)| FieldError::invalid(format!("{prefix}.{f}"), &e)),
            )
        })
        .ok()
}

/// An optional address: `Some(None)` when none was sent, `None` when it is invalid (the errors
/// are pushed).
pub fn parse_optional_address(
    raw: Option<AddressRequest>,
    prefix: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Option<domain::DeliveryAddress>> {
    match raw {
        Some(a) => parse_address(a, prefix, errors).map(Some),
        None => Some(None),
    }
}

/// A delivery address.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Address {
    #[schema(required = true, max_length = 100)]
    pub name: Option<String>,
    #[schema(max_length = 200)]
    pub street: String,
    /// Swedish codes are shown as `NNN NN`.
    #[schema(max_length = 12)]
    pub postal_code: String,
    #[schema(max_length = 100)]
    pub city: String,
    #[schema(min_length = 2, max_length = 2)]
    pub country: String,
}

impl From<&AddressRow> for Address {
    fn from(a: &AddressRow) -> Self {
        let swedish = a.country == "SE" && a.postal_code.len() == 5;
        Address {
            name: a.name.clone(),
            street: a.street.clone(),
            postal_code: if swedish {
                format!("{} {}", &a.postal_code[..3], &a.postal_code[3..])
            } else {
                a.postal_code.clone()
            },
            city: a.city.clone(),
            country: a.country.clone(),
        }
    }
}

/// A role in a company.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[schema(as = CompanyRole)]
pub enum CompanyRoleName {
    /// Manages members, and does everything an orderer does.
    Admin,
    /// Orders cards and follows them.
    Orderer,
}

impl CompanyRoleName {
    pub fn as_domain(self) -> CompanyRole {
        match self {
            Self::Admin => CompanyRole::Admin,
            Self::Orderer => CompanyRole::Orderer,
        }
    }
}

impl From<CompanyRole> for CompanyRoleName {
    fn from(r: CompanyRole) -> Self {
        match r {
            CompanyRole::Admin => Self::Admin,
            CompanyRole::Orderer => Self::Orderer,
        }
    }
}

/// `NNNNNN-NNNN` from the stored ten digits.
pub fn org_number_display(digits: &str) -> String {
    if digits.len() == 10 && digits.is_ascii() {
        format!("{}-{}", &digits[..6], &digits[6..])
    } else {
        digits.to_owned()
    }
}

/// Creating a company with its first administrator.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Bygg Syd AB", "org_number": "556036-0793", "delivery_address": {"street": "Hamngatan 1", "postal_code": "211 22", "city": "Malmö", "country": "SE"}, "admin_email": "boss@example.se"}))]
pub struct CreateCompanyRequest {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Swedish organisation number, `NNNNNN-NNNN` (ten digits, Luhn check).
    #[validate(length(min = 10, max = 11))]
    #[schema(min_length = 10, max_length = 11)]
    pub org_number: String,
    /// Where cards go unless an order says otherwise.
    #[validate(nested)]
    pub delivery_address: AddressRequest,
    /// The first administrator: emailed a link to create an account, or told by email.
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254)]
    pub admin_email: String,
}

/// A company.
#[derive(Debug, Serialize, ToSchema)]
pub struct Company {
    #[schema(max_length = 32)]
    pub id: String,
    #[schema(max_length = 200)]
    pub name: String,
    /// `NNNNNN-NNNN`.
    #[schema(max_length = 11)]
    pub org_number: String,
    #[schema(required = true)]
    pub delivery_address: Option<Address>,
    /// Your role; `null` for an operator who is not a member.
    #[schema(required = true)]
    pub your_role: Option<CompanyRoleName>,
    pub created_at: DateTime<Utc>,
}

impl Company {
    fn of(c: &CompanyRow, your_role: Option<CompanyRole>) -> Self {
        Company {
            id: c.id.as_str().to_owned(),
            name: c.name.clone(),
            org_number: org_number_display(&c.org_number),
            delivery_address: c.delivery_address().as_ref().map(Address::from),
            your_role: your_role.map(Into::into),
            created_at: c.created_at.and_utc(),
        }
    }
}

impl From<&CompanyView> for Company {
    fn from(v: &CompanyView) -> Self {
        Company::of(&v.company, v.your_role)
    }
}

impl From<&CompanyCreated> for Company {
    fn from(c: &CompanyCreated) -> Self {
        Company::of(&c.company, None)
    }
}

/// Inviting a member.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "johan.berg@example.se", "role": "orderer"}))]
pub struct InviteMemberRequest {
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254)]
    pub email: String,
    pub role: CompanyRoleName,
}

/// Changing a member's role.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"role": "admin"}))]
pub struct ChangeRoleRequest {
    pub role: CompanyRoleName,
}

/// Whether the member has an account yet.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Has an account and can sign in.
    Active,
    /// Was emailed a link to create an account.
    Invited,
}

/// A member of a company.
#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    #[schema(max_length = 32)]
    pub id: String,
    #[schema(max_length = 254)]
    pub email: String,
    pub role: CompanyRoleName,
    pub status: MemberStatus,
    /// From the account; `null` while invited.
    #[schema(required = true, max_length = 100)]
    pub given_names: Option<String>,
    #[schema(required = true, max_length = 100)]
    pub surname: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&MemberWithName> for Member {
    fn from(m: &MemberWithName) -> Self {
        Member {
            id: m.member.id.as_str().to_owned(),
            email: m.member.email.clone(),
            role: m.member.role.into(),
            status: if m.member.account_id.is_some() {
                MemberStatus::Active
            } else {
                MemberStatus::Invited
            },
            given_names: m.given_names.clone(),
            surname: m.surname.clone(),
            created_at: m.member.created_at.and_utc(),
            updated_at: m.member.updated_at.and_utc(),
        }
    }
}

/// The company's members, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberList {
    #[schema(max_items = 1000)]
    pub data: Vec<Member>,
}
