//! A company's card orders: placing, editing, cancelling, reading and listing them.

use chrono::{DateTime, NaiveDate, Utc};
use domain::{IdentityCheck, PersonInput};
use persistence::OrderRow;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::companies::{Address, AddressRequest};
use super::languages::LanguageView;
use super::orders::{identity_check_view, IdentityCheckView, OrderStatusView};
use app::company_orders::list::ListedOrder;
use app::company_orders::CompanyOrder;

/// Placing a card order for a person.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"given_names": "Åsa Karin", "surname": "Öberg", "date_of_birth": "1988-03-14", "nationality": "SE", "cardholder_email": "asa.oberg@example.se", "cardholder_phone": "070-445 07 23", "name_to_print": "Åsa Öberg", "valid_until": "2029-12-01"}))]
pub struct PlaceOrderRequest {
    /// In the order of the passport or BankID.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub given_names: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub surname: String,
    /// `YYYY-MM-DD`.
    #[validate(length(min = 10, max = 10))]
    #[schema(min_length = 10, max_length = 10)]
    pub date_of_birth: String,
    /// ISO 3166-1 alpha-2: as in the passport (Swedish with a personnummer).
    #[validate(length(min = 2, max = 2))]
    #[schema(min_length = 2, max_length = 2)]
    pub nationality: String,
    /// Swedish personnummer or samordningsnummer, `YYYYMMDD-NNNN`; its date must be the date of birth.
    #[validate(length(min = 10, max = 13))]
    #[schema(min_length = 10, max_length = 13)]
    pub personal_identity_number: Option<String>,
    /// The cardholder's own email: the order reaches them there.
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254)]
    pub cardholder_email: String,
    /// The cardholder's mobile number (sign-in codes).
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub cardholder_phone: String,
    /// Given names of the full name (in order, initials allowed) and the surname; at most 30
    /// characters. Default: first given name and surname.
    #[validate(length(min = 1, max = 30))]
    #[schema(min_length = 1, max_length = 30)]
    pub name_to_print: Option<String>,
    /// After today; at most 5 years ahead for Swedish citizens and holders of a Swedish personal
    /// identity or coordination number, otherwise at most 6 months.
    pub valid_until: NaiveDate,
    /// Where the card goes; default: the company's delivery address.
    #[validate(nested)]
    pub delivery_address: Option<AddressRequest>,
    /// The language the cardholder's emails and SMS are written in until they choose their
    /// own. Default: the request's language (`Accept-Language`).
    #[schema(nullable = false)]
    pub language: Option<LanguageView>,
}

impl PlaceOrderRequest {
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

/// A merge patch (RFC 7396) of an order's person data, validity and delivery: a field sent
/// replaces the stored one; `personal_identity_number` or `name_to_print` sent as `null` clears it
/// (the name to print then follows the name again); the other fields cannot be `null`. A patch
/// that changes nothing changes nothing: same version and `ETag`, no event, no email.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"surname": "Öberg"}))]
pub struct OrderPatchRequest {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, nullable = false)]
    pub given_names: Option<String>,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, nullable = false)]
    pub surname: Option<String>,
    #[validate(length(min = 10, max = 10))]
    #[schema(min_length = 10, max_length = 10, nullable = false)]
    pub date_of_birth: Option<String>,
    #[validate(length(min = 2, max = 2))]
    #[schema(min_length = 2, max_length = 2, nullable = false)]
    pub nationality: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(min_length = 10, max_length = 13, value_type = Option<String>)]
    pub personal_identity_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(min_length = 1, max_length = 30, value_type = Option<String>)]
    pub name_to_print: Option<Option<String>>,
    #[schema(nullable = false)]
    pub valid_until: Option<NaiveDate>,
    #[validate(nested)]
    #[schema(nullable = false)]
    pub delivery_address: Option<AddressRequest>,
}

/// A field that was sent, with its value or `null`.
pub(crate) fn present<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Cancelling, with the reason the audit trail keeps.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "The employee left before starting."}))]
pub struct CancelRequest {
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// A field of the order's cardholder, unless their personal data was erased.
fn held<T>(o: &OrderRow, field: impl FnOnce(&OrderRow) -> T) -> Option<T> {
    o.personal_data_erased_at.is_none().then(|| field(o))
}

/// A card order as the ordering company sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyCardOrder {
    #[schema(max_length = 32)]
    pub id: String,
    pub status: OrderStatusView,
    #[schema(max_length = 32)]
    pub card_type: String,
    /// The cardholder's fields are `null` once their personal data was erased (see
    /// `personal_data_erased_at`), and only then.
    #[schema(required = true, max_length = 100)]
    pub given_names: Option<String>,
    #[schema(required = true, max_length = 100)]
    pub surname: Option<String>,
    #[schema(required = true, max_length = 30)]
    pub name_to_print: Option<String>,
    #[schema(required = true)]
    pub date_of_birth: Option<NaiveDate>,
    #[schema(required = true, min_length = 2, max_length = 2)]
    pub nationality: Option<String>,
    /// Whole here; masked in lists.
    #[schema(required = true, max_length = 13)]
    pub personal_identity_number: Option<String>,
    #[schema(required = true, max_length = 254)]
    pub cardholder_email: Option<String>,
    #[schema(required = true, max_length = 16)]
    pub cardholder_phone: Option<String>,
    /// Whether a person with the cardholder's email has an account yet.
    pub cardholder_has_account: bool,
    pub valid_until: NaiveDate,
    #[schema(required = true)]
    pub delivery_address: Option<Address>,
    /// When the cardholder's personal data was erased from the order (the retention rules
    /// for closed orders, or the person's erasure): the order and its trail stay, without them.
    #[schema(required = true)]
    pub personal_data_erased_at: Option<DateTime<Utc>>,
    /// How the order compares with the cardholder's verified identity, field by field.
    pub identity_check: IdentityCheckView,
    /// The newest identity-document check for the cardholder's email (any outcome): a yellow
    /// or red one says why and what the person is to do next. `null` when there is none.
    #[schema(required = true)]
    pub identity_verification: Option<crate::http::dto::identity::IdentityCheckStatus>,
    /// From the cardholder's verified identity; `null` until one exists, and when it does not
    /// attest one (BankID without the passport or national ID check).
    #[schema(required = true, min_length = 2, max_length = 2)]
    pub verified_nationality: Option<String>,
    /// The cardholder's reason, when rejected.
    #[schema(required = true, max_length = 500)]
    pub rejection_reason: Option<String>,
    /// The language the cardholder was written to in before they had an account (with one,
    /// their own choice counts).
    pub language: LanguageView,
    /// The version; the `ETag` header carries it quoted, for `If-Match`.
    #[schema(max_length = 20)]
    pub version: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&CompanyOrder> for CompanyCardOrder {
    fn from(c: &CompanyOrder) -> Self {
        let o = &c.order;
        let identity_check = identity_check_view(&c.identity, &c.mismatches);
        CompanyCardOrder {
            id: o.id.to_string(),
            status: o.status.into(),
            card_type: o.card_type.as_str().to_owned(),
            given_names: held(o, |o| o.given_names.clone()),
            surname: held(o, |o| o.surname.clone()),
            name_to_print: held(o, |o| o.name_to_print.clone()),
            date_of_birth: held(o, |o| o.date_of_birth),
            nationality: held(o, |o| o.nationality.clone()),
            personal_identity_number: c.personal_identity_number.as_ref().map(|n| n.to_string()),
            cardholder_email: held(o, |o| o.cardholder_email.clone()),
            cardholder_phone: held(o, |o| o.cardholder_phone.clone()),
            cardholder_has_account: o.account_id.is_some(),
            valid_until: o.valid_until,
            delivery_address: held(o, |o| Address::from(&o.delivery_address())),
            personal_data_erased_at: o.personal_data_erased_at.map(|t| t.and_utc()),
            identity_check,
            identity_verification: c
                .identity_verification
                .as_ref()
                .map(crate::http::dto::identity::IdentityCheckStatus::from),
            verified_nationality: match c.identity {
                IdentityCheck::Unverified => None,
                _ => c.evidence.as_ref().and_then(|e| e.nationality.clone()),
            },
            rejection_reason: o.rejection_reason.clone(),
            language: o.language.into(),
            version: o.version.to_string(),
            created_at: o.created_at.and_utc(),
            updated_at: o.updated_at.and_utc(),
        }
    }
}

/// An order in the company's list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyCardOrderSummary {
    #[schema(max_length = 32)]
    pub id: String,
    pub status: OrderStatusView,
    #[schema(max_length = 32)]
    pub card_type: String,
    /// "Erased person" (in the request's language) once the cardholder's personal data was
    /// erased.
    #[schema(max_length = 201)]
    pub full_name: String,
    /// The cardholder's fields are `null` once their personal data was erased, and only then.
    #[schema(required = true, max_length = 30)]
    pub name_to_print: Option<String>,
    #[schema(required = true)]
    pub date_of_birth: Option<NaiveDate>,
    #[schema(required = true, min_length = 2, max_length = 2)]
    pub nationality: Option<String>,
    /// Masked: `YYYYMMDD-****`; whole on the single order.
    #[schema(required = true, max_length = 13)]
    pub personal_identity_number: Option<String>,
    #[schema(required = true, max_length = 254)]
    pub cardholder_email: Option<String>,
    pub valid_until: NaiveDate,
    /// When the cardholder's personal data was erased from the order.
    #[schema(required = true)]
    pub personal_data_erased_at: Option<DateTime<Utc>>,
    /// The cardholder's reason, when rejected.
    #[schema(required = true, max_length = 500)]
    pub rejection_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&ListedOrder> for CompanyCardOrderSummary {
    fn from(l: &ListedOrder) -> Self {
        CompanyCardOrderSummary::of(&l.order, l.masked_number.as_deref())
    }
}

/// What a list shows for a cardholder whose personal data was erased.
fn erased_person(lang: domain::Language) -> String {
    app::texts::text(lang, "erased-person")
}

impl CompanyCardOrderSummary {
    /// `masked_number`: the order's personal identity number, masked (`YYYYMMDD-****`).
    pub fn of(o: &OrderRow, masked_number: Option<&str>) -> Self {
        CompanyCardOrderSummary {
            id: o.id.to_string(),
            status: o.status.into(),
            card_type: o.card_type.as_str().to_owned(),
            full_name: held(o, |o| format!("{} {}", o.given_names, o.surname))
                .unwrap_or_else(|| erased_person(crate::http::language::current())),
            name_to_print: held(o, |o| o.name_to_print.clone()),
            date_of_birth: held(o, |o| o.date_of_birth),
            nationality: held(o, |o| o.nationality.clone()),
            personal_identity_number: masked_number.map(str::to_owned),
            cardholder_email: held(o, |o| o.cardholder_email.clone()),
            valid_until: o.valid_until,
            personal_data_erased_at: o.personal_data_erased_at.map(|t| t.and_utc()),
            rejection_reason: o.rejection_reason.clone(),
            created_at: o.created_at.and_utc(),
            updated_at: o.updated_at.and_utc(),
        }
    }
}

/// A page of the company's orders, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyCardOrderPage {
    #[schema(max_items = 100)]
    pub data: Vec<CompanyCardOrderSummary>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    #[schema(required = true, max_length = 45)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CompanyListQuery {
    /// Page size, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 45)]
    pub cursor: Option<String>,
    /// Only orders in this status.
    pub status: Option<OrderStatusView>,
    /// Only orders created at or after this time (RFC 3339).
    pub created_from: Option<DateTime<Utc>>,
    /// Only orders created before this time (RFC 3339).
    pub created_before: Option<DateTime<Utc>>,
    /// Only orders whose person's full name contains this text (case and accents ignored).
    #[param(min_length = 1, max_length = 100)]
    pub name: Option<String>,
}
