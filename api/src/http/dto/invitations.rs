//! Invitations of cardholders, as the company and as the invitee see them.

use chrono::{DateTime, NaiveDate, Utc};
use domain::PersonInput;
use persistence::InvitationWithCompany;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::companies::{org_number_display, Address, AddressRequest};
use super::languages::LanguageView;
use super::orders::CompanyRef;
use app::invitations::{InvitationStatus, InvitationView};

/// The card an invitation asks for.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CardType {
    /// The personal ID06 card (visitor cards carry no personal data and need no invitation).
    Standard,
}

/// Inviting a person to enter their data.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "new.hire@example.se", "card_type": "standard"}))]
pub struct InvitationRequest {
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254)]
    pub email: String,
    pub card_type: CardType,
    /// The card's validity; default: the longest the person may hold.
    pub valid_until: Option<NaiveDate>,
    /// Where the card goes; default: the company's delivery address (the invitee may give another).
    #[validate(nested)]
    pub delivery_address: Option<AddressRequest>,
    /// The language the invitee's emails and SMS are written in (and their order's) until they
    /// choose their own. Default: the request's language (`Accept-Language`).
    #[schema(nullable = false)]
    pub language: Option<LanguageView>,
}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatusName {
    /// Sent; the link works until `expires_at`.
    Pending,
    /// Answered: `order_id` is the draft it made.
    Completed,
    Revoked,
    /// Not answered in time; it can be sent again.
    Expired,
}

impl From<InvitationStatus> for InvitationStatusName {
    fn from(s: InvitationStatus) -> Self {
        match s {
            InvitationStatus::Pending => Self::Pending,
            InvitationStatus::Completed => Self::Completed,
            InvitationStatus::Revoked => Self::Revoked,
            InvitationStatus::Expired => Self::Expired,
        }
    }
}

/// An invitation, as the company sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Invitation {
    #[schema(max_length = 32)]
    pub id: String,
    #[schema(max_length = 254)]
    pub email: String,
    pub card_type: CardType,
    #[schema(required = true)]
    pub valid_until: Option<NaiveDate>,
    #[schema(required = true)]
    pub delivery_address: Option<Address>,
    pub status: InvitationStatusName,
    pub expires_at: DateTime<Utc>,
    /// How many times the link was sent.
    #[schema(minimum = 1, maximum = 1000000)]
    pub sends: i32,
    /// The draft order the answer made.
    #[schema(required = true, max_length = 32)]
    pub order_id: Option<String>,
    /// The language the invitee is written to in.
    pub language: LanguageView,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&InvitationView> for Invitation {
    fn from(v: &InvitationView) -> Self {
        let r = &v.row;
        Invitation {
            id: r.id.to_string(),
            email: r.email.clone(),
            card_type: CardType::Standard,
            valid_until: r.valid_until,
            delivery_address: r.delivery_address().as_ref().map(Address::from),
            status: v.status.into(),
            expires_at: r.expires_at.and_utc(),
            sends: r.sends,
            order_id: r.order_id.as_ref().map(ToString::to_string),
            language: r.language.into(),
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

/// A page of invitations, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationPage {
    #[schema(max_items = 100)]
    pub data: Vec<Invitation>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    #[schema(required = true, max_length = 45)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InvitationListQuery {
    /// Page size, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 45)]
    pub cursor: Option<String>,
}

/// What an invitation asks of the invitee, and who asks.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicInvitation {
    pub company: CompanyRef,
    /// The email the invitation was sent to: the card's orders and account go with it.
    #[schema(max_length = 254)]
    pub email: String,
    pub card_type: CardType,
    #[schema(required = true)]
    pub valid_until: Option<NaiveDate>,
    /// Where the card goes unless you give another address.
    #[schema(required = true)]
    pub delivery_address: Option<Address>,
    pub expires_at: DateTime<Utc>,
}

impl From<&InvitationWithCompany> for PublicInvitation {
    fn from(i: &InvitationWithCompany) -> Self {
        let r = &i.invitation;
        PublicInvitation {
            company: CompanyRef {
                name: i.company_name.clone(),
                org_number: org_number_display(&i.company_org_number),
            },
            email: r.email.clone(),
            card_type: CardType::Standard,
            valid_until: r.valid_until,
            delivery_address: r.delivery_address().as_ref().map(Address::from),
            expires_at: r.expires_at.and_utc(),
        }
    }
}

/// The invitee's personal data and mobile number, exactly as in the passport, national ID card or
/// BankID.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"given_names": "Nils Erik", "surname": "Holm", "date_of_birth": "1990-05-17", "nationality": "SE", "phone": "070-123 45 67"}))]
pub struct SubmissionRequest {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub given_names: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub surname: String,
    #[validate(length(min = 10, max = 10))]
    #[schema(min_length = 10, max_length = 10)]
    pub date_of_birth: String,
    #[validate(length(min = 2, max = 2))]
    #[schema(min_length = 2, max_length = 2)]
    pub nationality: String,
    #[validate(length(min = 10, max = 13))]
    #[schema(min_length = 10, max_length = 13)]
    pub personal_identity_number: Option<String>,
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub name_to_print: Option<String>,
    /// Mobile number for sign-in codes.
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub phone: String,
    /// Where the card should go, if not where the invitation says.
    #[validate(nested)]
    pub delivery_address: Option<AddressRequest>,
}

impl SubmissionRequest {
    pub fn person(&self) -> PersonInput {
        PersonInput {
            given_names: self.given_names.clone(),
            surname: self.surname.clone(),
            date_of_birth: self.date_of_birth.clone(),
            nationality: self.nationality.clone(),
            personal_identity_number: self.personal_identity_number.clone(),
            name_to_print: self.name_to_print.clone(),
        }
    }
}

/// The answer was received.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionReceipt {
    #[schema(max_length = 500)]
    pub message: String,
    pub company: CompanyRef,
}
