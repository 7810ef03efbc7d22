//! Identity-document checks as the identity-verification partner sends them, and as they are
//! shown.

use chrono::{DateTime, NaiveDate, Utc};
use domain::{DocumentType, Verdict};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use app::identity::register::{Delivery, Registered};
use app::identity::CheckStatus;

/// The document shown.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentTypeName {
    Passport,
    NationalIdCard,
}

/// The verifier's conclusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcomeName {
    /// Genuine, and the person is its holder.
    Green,
    /// Inconclusive (unreadable, damaged): come back with another document.
    Yellow,
    /// Refused (not genuine, not the holder).
    Red,
}

/// The portrait from the document: JPEG or PNG, at most 512 KiB, at least 240×320 pixels,
/// taller than wide.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PortraitInput {
    pub media_type: PortraitMediaType,
    /// The file, base64 (RFC 4648 §4).
    #[validate(length(min = 1, max = 700000))]
    #[schema(min_length = 1, max_length = 700000, content_encoding = "base64")]
    pub data: String,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
pub enum PortraitMediaType {
    #[serde(rename = "image/jpeg")]
    Jpeg,
    #[serde(rename = "image/png")]
    Png,
}

/// A document check, as the identity-verification partner registers it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "document_type": "passport", "document_number": "AB1234567", "issuing_country": "SE",
    "surname": "Lind", "given_names": "Maja Elisabet", "date_of_birth": "1990-05-17",
    "nationality": "SE", "document_expires_on": "2031-05-01",
    "personal_identity_number": "19900517-1237",
    "mrz": "P<SWELIND<<MAJA<ELISABET<<<<<<<<<<<<<<<<<<<<\nAB12345671SWE9005178F3105010<<<<<<<<<<<<<<<2",
    "email": "maja.lind@example.se", "outcome": "green",
    "portrait": {"media_type": "image/png", "data": "iVBORw0KGgoAAAANSUhEUgAAAPAAAAFACAIAAAANimYEAAACa0lEQVR42u3SAQkAAAgEse+fwhCGMJYxBBkswXGZLngjEmBoMDQYGgyNocHQYGgwNBgaQ4OhwdBgaDA0hgZDg6HB0GBoDA2GBkODocHQGBoMDYYGQ4OhMTQYGgwNhgZDY2gwNBgaDI2hwdBgaDA0GBpDg6HB0GBoMDSGBkODocHQYGgMDYYGQ4OhwdAYGgwNhgZDg6ExNBgaDA2GBkNjaDA0GBoMDYbG0GBoMDQYGkODocHQYGgwNIYGQ4OhwdBgaAwNhgZDg6HB0BgaDA2GBkODoTE0GBoMDYYGQ2NoMDQYGgwNhsbQYGgwNBgaQ6uAocHQYGgwNIYGQ4OhwdBgaAwNhgZDg6HB0BgaDA2GBkODoTE0GBoMDYYGQ2NoMDQYGgwNhsbQYGgwNBgaDI2hwdBgaDA0hgZDg6HB0GBoDA2GBkODocHQGBoMDYYGQ4OhMTQYGgwNhgZDY2gwNBgaDA2GxtBgaDA0GBoMjaHB0GBoMDSGVgFDg6HB0GBoDA2GBkODocHQGBoMDYYGQ4OhMTQYGgwNhgZDY2gwNBgaDA2GxtBgaDA0GBoMjaHB0GBoMDQYGkODocHQYGgMDYYGQ4OhwdAYGgwNhgZDg6ExNBgaDA2GBkNjaDA0GBoMDYbG0GBoMDQYGgyNocHQYGgwNBgaQ4OhwdBgaAwtAYYGQ4OhwdAYGgwNhgZDg6ExNBgaDA2GBkNjaDA0GBoMDYbG0GBoMDQYGgyNocHQYGgwNBgaQ4OhwdBgaDA0hgZDg6HB0BgaDA2GBkODoTE0GBoMDYYGQ2NoMDQYGgwNhsbQYGgwNBgaDI2hwdBwZQHkZPUJb4VObQAAAABJRU5ErkJggg=="}
}))]
pub struct RegisterCheckRequest {
    pub document_type: DocumentTypeName,
    /// As printed: letters and digits (spaces ignored).
    #[validate(length(min = 1, max = 24))]
    #[schema(min_length = 1, max_length = 24, pattern = "^[0-9A-Za-z ]{1,24}$")]
    pub document_number: String,
    /// ISO 3166-1 alpha-2 (alpha-3 and the ICAO `D` accepted).
    #[validate(length(min = 1, max = 3))]
    #[schema(min_length = 1, max_length = 3)]
    pub issuing_country: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub surname: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub given_names: String,
    pub date_of_birth: NaiveDate,
    /// ISO 3166-1 alpha-2 (alpha-3 and the ICAO `D` accepted).
    #[validate(length(min = 1, max = 3))]
    #[schema(min_length = 1, max_length = 3)]
    pub nationality: String,
    pub document_expires_on: NaiveDate,
    /// A Swedish personal identity or coordination number, when the document carries one.
    #[validate(length(min = 10, max = 13))]
    #[schema(min_length = 10, max_length = 13)]
    pub personal_identity_number: Option<String>,
    /// The machine-readable zone as read (TD1: three lines of 30; TD2: two of 36; TD3: two of
    /// 44), lines separated by line breaks. Every check digit is verified, and every field above
    /// must agree with it.
    #[validate(length(min = 1, max = 140))]
    #[schema(min_length = 1, max_length = 140)]
    pub mrz: Option<String>,
    /// The person's email: where the outcome (and, for green, the link to create an account)
    /// goes.
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254)]
    pub email: String,
    pub outcome: CheckOutcomeName,
    /// Why, for yellow and red (required there, refused for green).
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: Option<String>,
    #[validate(nested)]
    pub portrait: PortraitInput,
}

/// What reached the person.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryName {
    /// Green: emailed a single-use link to create an account.
    AccountLinkSent,
    /// Green: the person's existing account now carries the identity.
    AttachedToAccount,
    /// Yellow or red: emailed the outcome, the reason and what to do next.
    OutcomeSent,
    /// Green, but the account with this email is already verified as another person: not
    /// attached (an account's identity stays its person's); the person was told.
    OtherPersonsAccount,
}

/// A registered check (the portrait is not echoed).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "idc_1f0c9a7b2d4e6f8091a2b3c4", "email": "maja.lind@example.se", "document_type": "passport", "outcome": "green", "reason": null, "next_step": "Create your account with the emailed link, confirming the identity number on your card order.", "delivery": "account_link_sent", "bound": false, "registered_at": "2026-12-01T09:00:00Z"}))]
pub struct IdentityVerification {
    #[schema(max_length = 64)]
    pub id: String,
    #[schema(max_length = 254)]
    pub email: String,
    pub document_type: DocumentTypeName,
    pub outcome: CheckOutcomeName,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    /// What the person is to do next.
    #[schema(max_length = 300)]
    pub next_step: String,
    pub delivery: Option<DeliveryName>,
    /// Bound to an account as its verified identity.
    pub bound: bool,
    pub registered_at: DateTime<Utc>,
}

pub fn outcome_name(v: Verdict) -> CheckOutcomeName {
    match v {
        Verdict::Green => CheckOutcomeName::Green,
        Verdict::Yellow => CheckOutcomeName::Yellow,
        Verdict::Red => CheckOutcomeName::Red,
    }
}

impl From<&Registered> for IdentityVerification {
    fn from(r: &Registered) -> Self {
        let status = CheckStatus::from(&r.check);
        IdentityVerification {
            id: r.check.id.to_string(),
            email: r.check.email.clone(),
            document_type: match r.check.document_type {
                DocumentType::Passport => DocumentTypeName::Passport,
                DocumentType::NationalIdCard => DocumentTypeName::NationalIdCard,
            },
            outcome: outcome_name(status.outcome),
            reason: status.reason,
            next_step: status.next_step.to_owned(),
            delivery: Some(match r.delivery {
                Delivery::AccountLinkSent => DeliveryName::AccountLinkSent,
                Delivery::AttachedToAccount => DeliveryName::AttachedToAccount,
                Delivery::OutcomeSent => DeliveryName::OutcomeSent,
                Delivery::OtherPersonsAccount => DeliveryName::OtherPersonsAccount,
            }),
            bound: status.bound,
            registered_at: status.registered_at.and_utc(),
        }
    }
}

/// The newest identity check for a person, as the person and companies with orders for the
/// person see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"outcome": "yellow", "reason": "The photo page is damaged.", "next_step": "The check was inconclusive: visit the identity-verification partner again with a valid, undamaged passport or national ID card.", "registered_at": "2026-12-01T09:00:00Z"}))]
pub struct IdentityCheckStatus {
    pub outcome: CheckOutcomeName,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    #[schema(max_length = 300)]
    pub next_step: String,
    pub registered_at: DateTime<Utc>,
}

impl From<&CheckStatus> for IdentityCheckStatus {
    fn from(s: &CheckStatus) -> Self {
        IdentityCheckStatus {
            outcome: outcome_name(s.outcome),
            reason: s.reason.clone(),
            next_step: s.next_step.to_owned(),
            registered_at: s.registered_at.and_utc(),
        }
    }
}
