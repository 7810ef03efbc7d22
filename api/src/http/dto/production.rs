//! The card producer's view of an order: what to print and where to ship it, nothing more.

use chrono::{DateTime, NaiveDate, Utc};
use persistence::{CardRow, ShipmentRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::cards::{CardKindView, CardStatusView};
use super::companies::{org_number_display, Address};
use super::orders::OrderStatusView;
use app::production::{Job, ProductionOrder as Outcome};

/// The company printed on the card.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrintedCompany {
    #[schema(max_length = 32)]
    pub id: String,
    #[schema(max_length = 200)]
    pub name: String,
    /// `NNNNNN-NNNN`.
    #[schema(max_length = 11, example = "556547-9770")]
    pub org_number: String,
}

/// A card made for the order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProducedCard {
    #[schema(max_length = 32)]
    pub id: String,
    /// To print on the card: two letters and ten digits.
    #[schema(max_length = 14, example = "ID-1234-567897")]
    pub number: String,
    pub kind: CardKindView,
    pub status: CardStatusView,
}

impl From<&CardRow> for ProducedCard {
    fn from(c: &CardRow) -> Self {
        ProducedCard {
            id: c.id.to_string(),
            number: c.number.clone(),
            kind: c.kind.into(),
            status: c.status.into(),
        }
    }
}

/// How the order travels.
#[derive(Debug, Serialize, ToSchema)]
pub struct Shipment {
    #[schema(max_length = 100, example = "PostNord")]
    pub carrier: String,
    #[schema(max_length = 100)]
    pub tracking_number: String,
    pub shipped_at: DateTime<Utc>,
    #[schema(required = true)]
    pub delivered_at: Option<DateTime<Utc>>,
}

impl From<&ShipmentRow> for Shipment {
    fn from(s: &ShipmentRow) -> Self {
        Shipment {
            carrier: s.carrier.clone(),
            tracking_number: s.tracking_number.clone(),
            shipped_at: s.shipped_at.and_utc(),
            delivered_at: s.delivered_at.map(|t| t.and_utc()),
        }
    }
}

/// An order to produce: a standard card for one person or a number of visitor cards.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductionOrder {
    /// `ord_...` (a standard card) or `vor_...` (visitor cards).
    #[schema(max_length = 32)]
    pub id: String,
    pub kind: CardKindView,
    pub status: OrderStatusView,
    pub company: PrintedCompany,
    /// The name printed on a standard card (`null` for visitor cards).
    #[schema(required = true, max_length = 40)]
    pub name_to_print: Option<String>,
    /// How many cards: 1 for a standard order.
    #[schema(minimum = 1, maximum = 100)]
    pub quantity: i32,
    /// Printed on the card.
    pub valid_until: NaiveDate,
    pub delivery_address: Address,
    /// Where to fetch the portrait to print (standard orders, until produced); `null` otherwise.
    #[schema(required = true, max_length = 100)]
    pub portrait_url: Option<String>,
    /// The cards made (from `produced` on).
    #[schema(max_items = 100)]
    pub cards: Vec<ProducedCard>,
    #[schema(required = true)]
    pub shipment: Option<Shipment>,
    /// When the order last changed (for `approved`: when the cardholder approved it).
    pub updated_at: DateTime<Utc>,
}

impl From<&Outcome> for ProductionOrder {
    fn from(o: &Outcome) -> Self {
        let cards = o.cards.iter().map(ProducedCard::from).collect();
        let shipment = o.shipment.as_ref().map(Shipment::from);
        match &o.job {
            Job::Standard(s) => {
                let order = &s.order;
                let printable = matches!(
                    order.status,
                    domain::OrderStatus::Approved | domain::OrderStatus::InProduction
                );
                ProductionOrder {
                    id: order.id.to_string(),
                    kind: CardKindView::Standard,
                    status: order.status.into(),
                    company: PrintedCompany {
                        id: order.company_id.to_string(),
                        name: s.company_name.clone(),
                        org_number: org_number_display(&s.company_org_number),
                    },
                    name_to_print: Some(order.name_to_print.clone()),
                    quantity: 1,
                    valid_until: order.valid_until,
                    delivery_address: Address::from(&order.delivery_address()),
                    portrait_url: printable
                        .then(|| format!("/v1/production/orders/{}/portrait", order.id)),
                    cards,
                    shipment,
                    updated_at: order.updated_at.and_utc(),
                }
            }
            Job::Visitor(v) => {
                let order = &v.order;
                ProductionOrder {
                    id: order.id.to_string(),
                    kind: CardKindView::Visitor,
                    status: order.status.into(),
                    company: PrintedCompany {
                        id: order.company_id.to_string(),
                        name: v.company_name.clone(),
                        org_number: org_number_display(&v.company_org_number),
                    },
                    name_to_print: None,
                    quantity: order.quantity,
                    valid_until: order.valid_until,
                    delivery_address: Address::from(&order.delivery_address()),
                    portrait_url: None,
                    cards,
                    shipment,
                    updated_at: order.updated_at.and_utc(),
                }
            }
        }
    }
}

/// A page of the production queue, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductionQueuePage {
    #[schema(max_items = 100)]
    pub data: Vec<ProductionOrder>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    #[schema(required = true, max_length = 50)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

/// The stages the production queue lists.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueStatus {
    Approved,
    InProduction,
    Produced,
    Shipped,
}

impl QueueStatus {
    pub fn as_domain(self) -> domain::OrderStatus {
        match self {
            Self::Approved => domain::OrderStatus::Approved,
            Self::InProduction => domain::OrderStatus::InProduction,
            Self::Produced => domain::OrderStatus::Produced,
            Self::Shipped => domain::OrderStatus::Shipped,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// Page size, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 50, pattern = "^[0-9]{1,16}[.](ord|vor)_[0-9a-f]{24}$")]
    pub cursor: Option<String>,
    /// Which stage: `approved` (to start; the default), `in_production`, `produced`, `shipped`.
    pub status: Option<QueueStatus>,
}

/// The order was handed to a carrier.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"carrier": "PostNord", "tracking_number": "00370712345678901234"}))]
pub struct ShipRequest {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub carrier: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub tracking_number: String,
}

/// Why an approved order cannot be produced (the company sees it and corrects the order).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "The portrait is blurred: take a new one."}))]
pub struct RefuseRequest {
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// A portrait to print: the image's bytes.
#[derive(Debug, ToSchema)]
#[schema(value_type = String, format = Binary, max_length = 1048576)]
pub struct PortraitImage(pub Vec<u8>);
