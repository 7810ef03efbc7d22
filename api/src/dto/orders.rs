use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::me::{ContactDetailsInput, ContactDetailsView};

/// The ordering company.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompanyRef {
    #[schema(example = "Byggbolaget Norr AB")]
    pub name: String,
    /// Organisation number, `NNNNNN-NNNN`.
    #[schema(example = "556547-9770")]
    pub org_number: String,
}

/// One field that differs between the order and the verified identity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IdentityMismatch {
    /// `surname`, `given_names`, `date_of_birth`, `nationality`, `personal_identity_number` or `valid_until`.
    pub field: String,
    /// What the order says.
    pub order_value: String,
    /// What the verified identity says (for `valid_until`: the document's expiry).
    pub verified_value: String,
}

/// How the order compares with the cardholder's verified identity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IdentityCheckView {
    /// `match`, `mismatch`, or `unverified` (no verified identity yet).
    #[schema(example = "match")]
    pub result: String,
    pub mismatches: Vec<IdentityMismatch>,
}

/// What the cardholder reviews before accepting (help article step 4).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderReview {
    #[schema(example = "ord_5b1e0c2a9d8f7e6a5b4c3d2e")]
    pub id: String,
    /// `draft`, `waiting_for_review`, `approved`, `in_production`, `shipped`, `delivered`,
    /// `rejected`, `cancelled` or `expired`.
    #[schema(example = "waiting_for_review")]
    pub status: String,
    #[schema(example = "Waiting for your review")]
    pub status_label: String,
    #[schema(example = "standard")]
    pub card_type: String,
    pub company: CompanyRef,
    #[schema(example = "Åsa Karin Öberg")]
    pub full_name: String,
    pub given_names: String,
    pub surname: String,
    #[schema(example = "Åsa Öberg")]
    pub name_to_print: String,
    pub date_of_birth: NaiveDate,
    /// ISO 3166-1 alpha-2, as the company entered it.
    #[schema(example = "SE")]
    pub nationality_in_order: String,
    /// From the cardholder's verified identity; `null` until one exists.
    #[schema(example = "SE")]
    pub verified_nationality: Option<String>,
    pub valid_until: NaiveDate,
    pub identity_check: IdentityCheckView,
    pub contact_details: ContactDetailsView,
    /// True when the order is waiting for review, the identity matches and no contact detail is missing.
    pub can_accept: bool,
    /// The cardholder's reason, when rejected.
    pub rejection_reason: Option<String>,
    /// Changes with every change of the order or of the contact details; the `ETag` header carries it.
    pub version: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An order in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderSummary {
    pub id: String,
    pub status: String,
    pub status_label: String,
    pub card_type: String,
    pub company: CompanyRef,
    pub name_to_print: String,
    pub valid_until: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A page of orders, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderPage {
    pub data: Vec<OrderSummary>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    Draft,
    WaitingForReview,
    Approved,
    InProduction,
    Shipped,
    Delivered,
    Rejected,
    Cancelled,
    Expired,
}

impl StatusFilter {
    pub fn as_domain(self) -> domain::OrderStatus {
        use domain::OrderStatus as S;
        match self {
            Self::Draft => S::Draft,
            Self::WaitingForReview => S::WaitingForReview,
            Self::Approved => S::Approved,
            Self::InProduction => S::InProduction,
            Self::Shipped => S::Shipped,
            Self::Delivered => S::Delivered,
            Self::Rejected => S::Rejected,
            Self::Cancelled => S::Cancelled,
            Self::Expired => S::Expired,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Page size, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 45)]
    pub cursor: Option<String>,
    /// Only orders in this status.
    pub status: Option<StatusFilter>,
}

/// Accepting, optionally completing the contact details in the same step.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"contact_details": {"address": "Storgatan 12", "postal_code": "114 55", "city": "Stockholm", "country": "SE"}}))]
pub struct AcceptRequest {
    /// Fields given here replace the stored ones; the others are kept.
    pub contact_details: Option<ContactDetailsInput>,
}

/// Rejecting, with the reason the company will see.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "My surname is spelled Öberg, not Öbergh."}))]
pub struct RejectRequest {
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// The answer to an accept (help article step 5).
#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptResponse {
    #[schema(
        example = "Thank you! Your card data was confirmed and we are now ready to print ID06 card."
    )]
    pub message: String,
    pub order: OrderReview,
}

/// One entry of an order's audit trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderEvent {
    pub id: String,
    /// `null` for the event that created the order.
    pub from_status: Option<String>,
    pub to_status: String,
    /// `cardholder`, `company` or `system`.
    pub actor_kind: String,
    /// The cardholder's rejection reason, or the company's note.
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An order's audit trail, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    pub data: Vec<OrderEvent>,
}
