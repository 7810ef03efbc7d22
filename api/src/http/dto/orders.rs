use chrono::{DateTime, NaiveDate, Utc};
use domain::{can_accept, ActorKind, IdentityCheck, IdentityProof, OrderStatus};
use persistence::{EventRow, OrderSummaryRow, OrderWithCompany};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::me::{ContactDetailsInput, ContactDetailsView};
use app::orders::view::Mismatch;
use app::orders::Reviewed;

/// An order's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = OrderStatus)]
pub enum OrderStatusView {
    Draft,
    WaitingForReview,
    Approved,
    InProduction,
    Produced,
    Shipped,
    Delivered,
    Rejected,
    Cancelled,
    Expired,
}

impl OrderStatusView {
    pub fn as_domain(self) -> OrderStatus {
        use OrderStatus as S;
        match self {
            Self::Draft => S::Draft,
            Self::WaitingForReview => S::WaitingForReview,
            Self::Approved => S::Approved,
            Self::InProduction => S::InProduction,
            Self::Produced => S::Produced,
            Self::Shipped => S::Shipped,
            Self::Delivered => S::Delivered,
            Self::Rejected => S::Rejected,
            Self::Cancelled => S::Cancelled,
            Self::Expired => S::Expired,
        }
    }
}

impl From<OrderStatus> for OrderStatusView {
    fn from(s: OrderStatus) -> Self {
        use OrderStatus as S;
        match s {
            S::Draft => Self::Draft,
            S::WaitingForReview => Self::WaitingForReview,
            S::Approved => Self::Approved,
            S::InProduction => Self::InProduction,
            S::Produced => Self::Produced,
            S::Shipped => Self::Shipped,
            S::Delivered => Self::Delivered,
            S::Rejected => Self::Rejected,
            S::Cancelled => Self::Cancelled,
            S::Expired => Self::Expired,
        }
    }
}

/// Who made a change.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ActorKind)]
pub enum ActorKindView {
    Cardholder,
    Member,
    Operator,
    System,
    /// A machine client (a company's HR system).
    Client,
}

impl From<ActorKind> for ActorKindView {
    fn from(k: ActorKind) -> Self {
        match k {
            ActorKind::Cardholder => Self::Cardholder,
            ActorKind::Member => Self::Member,
            ActorKind::Operator => Self::Operator,
            ActorKind::System => Self::System,
            ActorKind::Client => Self::Client,
        }
    }
}

/// The ordering company.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompanyRef {
    #[schema(example = "Byggbolaget Norr AB", max_length = 200)]
    pub name: String,
    /// Organisation number, `NNNNNN-NNNN`.
    #[schema(example = "556547-9770", max_length = 11)]
    pub org_number: String,
}

/// A field of the identity check.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdentityFieldName {
    Surname,
    GivenNames,
    DateOfBirth,
    Nationality,
    PersonalIdentityNumber,
    /// The card would outlive the identity document.
    ValidUntil,
}

impl From<domain::IdentityField> for IdentityFieldName {
    fn from(f: domain::IdentityField) -> Self {
        use domain::IdentityField as F;
        match f {
            F::Surname => Self::Surname,
            F::GivenNames => Self::GivenNames,
            F::DateOfBirth => Self::DateOfBirth,
            F::Nationality => Self::Nationality,
            F::PersonalIdentityNumber => Self::PersonalIdentityNumber,
            F::ValidUntil => Self::ValidUntil,
        }
    }
}

/// One field that differs between the order and the verified identity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IdentityMismatch {
    pub field: IdentityFieldName,
    /// What the order says.
    #[schema(max_length = 200)]
    pub order_value: String,
    /// What the verified identity says (for `valid_until`: the document's expiry).
    #[schema(max_length = 200)]
    pub verified_value: String,
}

/// The outcome of comparing an order with the verified identity.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdentityCheckResult {
    Match,
    Mismatch,
    /// No verified identity yet.
    Unverified,
}

/// How the order compares with the cardholder's verified identity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IdentityCheckView {
    pub result: IdentityCheckResult,
    #[schema(max_items = 6)]
    pub mismatches: Vec<IdentityMismatch>,
}

/// What the cardholder reviews before accepting (help article step 4).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderReview {
    #[schema(example = "ord_5b1e0c2a9d8f7e6a5b4c3d2e", max_length = 64)]
    pub id: String,
    pub status: OrderStatusView,
    #[schema(example = "Waiting for your review", max_length = 100)]
    pub status_label: String,
    #[schema(example = "standard", max_length = 32)]
    pub card_type: String,
    pub company: CompanyRef,
    #[schema(example = "Åsa Karin Öberg", max_length = 300)]
    pub full_name: String,
    #[schema(max_length = 200)]
    pub given_names: String,
    #[schema(max_length = 100)]
    pub surname: String,
    #[schema(example = "Åsa Öberg", max_length = 100)]
    pub name_to_print: String,
    pub date_of_birth: NaiveDate,
    /// ISO 3166-1 alpha-2, as the company entered it.
    #[schema(example = "SE", min_length = 2, max_length = 2)]
    pub nationality_in_order: String,
    /// From the cardholder's verified identity; `null` until one exists, and when it does not
    /// attest one (BankID without the passport or national ID check).
    #[schema(example = "SE", required = true, min_length = 2, max_length = 2)]
    pub verified_nationality: Option<String>,
    pub valid_until: NaiveDate,
    pub identity_check: IdentityCheckView,
    pub contact_details: ContactDetailsView,
    /// True when the order is waiting for review, the identity matches and no contact detail is missing.
    pub can_accept: bool,
    /// The cardholder's reason, when rejected.
    #[schema(required = true, max_length = 500)]
    pub rejection_reason: Option<String>,
    /// Changes with every change of the order or of the contact details; the `ETag` header carries it.
    #[schema(max_length = 41, example = "2.1")]
    pub version: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) fn company_ref(o: &OrderWithCompany) -> CompanyRef {
    company_named(&o.company_name, &o.company_org_number)
}

/// The company's organisation number as people write it (`556677-8899`); a stored one that
/// does not parse is shown as stored.
fn company_named(name: &str, org_number: &str) -> CompanyRef {
    CompanyRef {
        name: name.to_owned(),
        org_number: domain::OrgNumber::parse(org_number)
            .map_or_else(|_| org_number.to_owned(), |n| n.to_string()),
    }
}

impl From<&Reviewed> for OrderReview {
    fn from(r: &Reviewed) -> Self {
        let l = &r.loaded;
        let a = &r.assessment;
        let o = &l.order.order;
        let identity_check = identity_check_view(&a.identity, &a.mismatches);
        OrderReview {
            id: o.id.to_string(),
            status: o.status.into(),
            status_label: status_label(o.status),
            card_type: o.card_type.as_str().to_owned(),
            company: company_ref(&l.order),
            full_name: format!("{} {}", o.given_names, o.surname),
            given_names: o.given_names.clone(),
            surname: o.surname.clone(),
            name_to_print: o.name_to_print.clone(),
            date_of_birth: o.date_of_birth,
            nationality_in_order: o.nationality.clone(),
            verified_nationality: l.evidence.as_ref().and_then(|e| e.nationality.clone()),
            valid_until: o.valid_until,
            can_accept: can_accept(o.status, &a.identity, &a.contact),
            identity_check,
            contact_details: ContactDetailsView::from(&a.contact),
            rejection_reason: o.rejection_reason.clone(),
            version: l.version(),
            created_at: o.created_at.and_utc(),
            updated_at: o.updated_at.and_utc(),
        }
    }
}

/// The identity check as shown: the result and, for a mismatch, both values of each field.
pub fn identity_check_view(check: &IdentityCheck, mismatches: &[Mismatch]) -> IdentityCheckView {
    let result = match check {
        IdentityCheck::Match => IdentityCheckResult::Match,
        IdentityCheck::Unverified => IdentityCheckResult::Unverified,
        IdentityCheck::Mismatch(_) => IdentityCheckResult::Mismatch,
    };
    IdentityCheckView {
        result,
        mismatches: mismatches
            .iter()
            .map(|m| IdentityMismatch {
                field: m.field.into(),
                order_value: m.order_value.clone(),
                verified_value: m.verified_value.clone(),
            })
            .collect(),
    }
}

/// The `ETag` of a review: its version, quoted.
/// The label of a status, in the request's language.
fn status_label(s: domain::OrderStatus) -> String {
    app::texts::text(
        crate::http::language::current(),
        &format!("order-status-{}", s.as_str()),
    )
}

pub fn review_etag(r: &Reviewed) -> String {
    format!("\"{}\"", r.loaded.version())
}

/// An order in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderSummary {
    #[schema(max_length = 64)]
    pub id: String,
    pub status: OrderStatusView,
    #[schema(max_length = 100)]
    pub status_label: String,
    #[schema(max_length = 32)]
    pub card_type: String,
    pub company: CompanyRef,
    #[schema(max_length = 100)]
    pub name_to_print: String,
    pub valid_until: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&OrderSummaryRow> for OrderSummary {
    fn from(o: &OrderSummaryRow) -> Self {
        OrderSummary {
            id: o.id.to_string(),
            status: o.status.into(),
            status_label: status_label(o.status),
            card_type: o.card_type.as_str().to_owned(),
            company: company_named(&o.company_name, &o.company_org_number),
            name_to_print: o.name_to_print.clone(),
            valid_until: o.valid_until,
            created_at: o.created_at.and_utc(),
            updated_at: o.updated_at.and_utc(),
        }
    }
}

/// A page of orders, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderPage {
    #[schema(max_items = 100)]
    pub data: Vec<OrderSummary>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    #[schema(required = true, max_length = 45)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
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
    pub status: Option<OrderStatusView>,
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
        example = "Thank you! Your card data was confirmed and we are now ready to print ID06 card.",
        max_length = 200
    )]
    pub message: String,
    pub order: OrderReview,
}

/// One entry of an order's audit trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderEvent {
    #[schema(max_length = 64)]
    pub id: String,
    /// `null` for the event that created the order.
    #[schema(required = true)]
    pub from_status: Option<OrderStatusView>,
    pub to_status: OrderStatusView,
    pub actor_kind: ActorKindView,
    /// The cardholder's rejection reason, or the company's note.
    #[schema(required = true, max_length = 500)]
    pub reason: Option<String>,
    /// On the cardholder's accept: how their identity was proven. `null` on other events.
    #[schema(required = true)]
    pub identity_proof: Option<IdentityProofView>,
    /// Who acted, in the company's trails: the member, machine client, operator or cardholder by
    /// id and name. `null` in the cardholder's own trail (`actor_kind` says enough there).
    #[schema(required = true)]
    pub actor: Option<super::actors::ActorView>,
    pub created_at: DateTime<Utc>,
}

/// How a cardholder's identity was proven: a passport or national ID card checked by the
/// identity-verification partner, BankID, or BankID that also read the passport / national ID
/// card (its MRTD step-up).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdentityProofView {
    PassportCheck,
    NationalIdCheck,
    Bankid,
    BankidWithDocument,
}

impl From<IdentityProof> for IdentityProofView {
    fn from(p: IdentityProof) -> Self {
        match p {
            IdentityProof::PassportCheck => Self::PassportCheck,
            IdentityProof::NationalIdCheck => Self::NationalIdCheck,
            IdentityProof::BankId => Self::Bankid,
            IdentityProof::BankIdWithDocument => Self::BankidWithDocument,
        }
    }
}

impl From<&EventRow> for OrderEvent {
    fn from(e: &EventRow) -> Self {
        OrderEvent {
            id: e.id.to_string(),
            from_status: e.from_status.map(Into::into),
            to_status: e.to_status.into(),
            actor_kind: e.actor_kind.into(),
            reason: e.reason.clone(),
            identity_proof: e.proof.map(Into::into),
            actor: None,
            created_at: e.created_at.and_utc(),
        }
    }
}

impl OrderEvent {
    /// An event of a company's trail, naming who acted.
    pub fn with_actor(e: &EventRow, by: Option<&app::companies::actors::ActedBy>) -> Self {
        OrderEvent {
            actor: by.map(Into::into),
            ..OrderEvent::from(e)
        }
    }
}

/// An order's audit trail, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    #[schema(max_items = 1000)]
    pub data: Vec<OrderEvent>,
}
