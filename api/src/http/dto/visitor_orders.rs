//! Visitor card orders.

use chrono::{DateTime, NaiveDate, Utc};
use persistence::VisitorOrderRow;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::companies::{Address, AddressRequest};
use super::orders::OrderStatusView;

/// Ordering visitor cards.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"quantity": 10, "valid_until": "2027-06-30"}))]
pub struct PlaceVisitorOrderRequest {
    /// How many cards, 1 to 100.
    #[schema(minimum = 1, maximum = 100)]
    #[serde(deserialize_with = "super::whole::i32")]
    pub quantity: i32,
    /// After today, at most 5 years ahead.
    pub valid_until: NaiveDate,
    /// Where the cards go; default: the company's delivery address.
    #[validate(nested)]
    pub delivery_address: Option<AddressRequest>,
}

/// An order of visitor cards (no personal data, no RFID, no cardholder approval).
#[derive(Debug, Serialize, ToSchema)]
pub struct VisitorCardOrder {
    #[schema(max_length = 32)]
    pub id: String,
    pub status: OrderStatusView,
    #[schema(minimum = 1, maximum = 100)]
    pub quantity: i32,
    pub valid_until: NaiveDate,
    pub delivery_address: Address,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&VisitorOrderRow> for VisitorCardOrder {
    fn from(o: &VisitorOrderRow) -> Self {
        VisitorCardOrder {
            id: o.id.to_string(),
            status: o.status.into(),
            quantity: o.quantity,
            valid_until: o.valid_until,
            delivery_address: Address::from(&o.delivery_address()),
            created_at: o.created_at.and_utc(),
            updated_at: o.updated_at.and_utc(),
        }
    }
}

/// A page of visitor orders, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct VisitorCardOrderPage {
    #[schema(max_items = 100)]
    pub data: Vec<VisitorCardOrder>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    #[schema(required = true, max_length = 45)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VisitorListQuery {
    /// Page size, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 45)]
    pub cursor: Option<String>,
    /// Only orders in this status.
    pub status: Option<OrderStatusView>,
}
