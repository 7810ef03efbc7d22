//! Webhook endpoints and deliveries, and the objects events carry (the same views the API
//! serves, registered as the app's presenter).

use chrono::{DateTime, NaiveDateTime, Utc};
use domain::{DeliveryStatus, EndpointStatus, EventType};
use persistence::{AttemptRow, CardRow, EndpointRow, InvitationRow, OrderRow, VisitorOrderRow};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::cards::CompanyCard;
use super::company_orders::CompanyCardOrderSummary;
use super::invitations::Invitation;
use super::visitor_orders::VisitorCardOrder;
use app::invitations::InvitationView;
use app::webhooks::deliveries::Delivery;
use app::webhooks::endpoints::WithSecret;

/// What an event is about.
/// The event type names, as `domain::EventType` writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum WebhookEventType {
    #[serde(rename = "order.created")]
    OrderCreated,
    #[serde(rename = "order.changed")]
    OrderChanged,
    #[serde(rename = "order.approved")]
    OrderApproved,
    #[serde(rename = "order.rejected")]
    OrderRejected,
    #[serde(rename = "order.cancelled")]
    OrderCancelled,
    #[serde(rename = "order.expired")]
    OrderExpired,
    #[serde(rename = "production.started")]
    ProductionStarted,
    #[serde(rename = "production.produced")]
    ProductionProduced,
    #[serde(rename = "production.shipped")]
    ProductionShipped,
    #[serde(rename = "production.delivered")]
    ProductionDelivered,
    #[serde(rename = "card.activated")]
    CardActivated,
    #[serde(rename = "card.blocked")]
    CardBlocked,
    #[serde(rename = "card.unblocked")]
    CardUnblocked,
    #[serde(rename = "card.terminated")]
    CardTerminated,
    #[serde(rename = "card.expired")]
    CardExpired,
    #[serde(rename = "invitation.completed")]
    InvitationCompleted,
    /// A person whose orders the company placed had their personal data erased: erase it in
    /// your systems too.
    #[serde(rename = "person.erased")]
    PersonErased,
    /// An import of card orders from a spreadsheet finished: placed, or refused as a whole.
    #[serde(rename = "card_order_import.completed")]
    CardOrderImportCompleted,
}

impl WebhookEventType {
    pub fn name(self) -> &'static str {
        self.as_domain().as_str()
    }

    pub fn as_domain(self) -> EventType {
        match self {
            Self::OrderCreated => EventType::OrderCreated,
            Self::OrderChanged => EventType::OrderChanged,
            Self::OrderApproved => EventType::OrderApproved,
            Self::OrderRejected => EventType::OrderRejected,
            Self::OrderCancelled => EventType::OrderCancelled,
            Self::OrderExpired => EventType::OrderExpired,
            Self::ProductionStarted => EventType::ProductionStarted,
            Self::ProductionProduced => EventType::ProductionProduced,
            Self::ProductionShipped => EventType::ProductionShipped,
            Self::ProductionDelivered => EventType::ProductionDelivered,
            Self::CardActivated => EventType::CardActivated,
            Self::CardBlocked => EventType::CardBlocked,
            Self::CardUnblocked => EventType::CardUnblocked,
            Self::CardTerminated => EventType::CardTerminated,
            Self::CardExpired => EventType::CardExpired,
            Self::InvitationCompleted => EventType::InvitationCompleted,
            Self::PersonErased => EventType::PersonErased,
            Self::CardOrderImportCompleted => EventType::CardOrderImportCompleted,
        }
    }

    /// The contract's name of a type an endpoint can subscribe to (`ping` is not one).
    pub fn of(t: EventType) -> Option<Self> {
        match t {
            EventType::OrderCreated => Some(Self::OrderCreated),
            EventType::OrderChanged => Some(Self::OrderChanged),
            EventType::OrderApproved => Some(Self::OrderApproved),
            EventType::OrderRejected => Some(Self::OrderRejected),
            EventType::OrderCancelled => Some(Self::OrderCancelled),
            EventType::OrderExpired => Some(Self::OrderExpired),
            EventType::ProductionStarted => Some(Self::ProductionStarted),
            EventType::ProductionProduced => Some(Self::ProductionProduced),
            EventType::ProductionShipped => Some(Self::ProductionShipped),
            EventType::ProductionDelivered => Some(Self::ProductionDelivered),
            EventType::CardActivated => Some(Self::CardActivated),
            EventType::CardBlocked => Some(Self::CardBlocked),
            EventType::CardUnblocked => Some(Self::CardUnblocked),
            EventType::CardTerminated => Some(Self::CardTerminated),
            EventType::CardExpired => Some(Self::CardExpired),
            EventType::InvitationCompleted => Some(Self::InvitationCompleted),
            EventType::PersonErased => Some(Self::PersonErased),
            EventType::CardOrderImportCompleted => Some(Self::CardOrderImportCompleted),
            EventType::Ping => None,
        }
    }
}

// The lists of event types allow every subscribable type once (`max_items = 18`): a new
// type stops the build here until the bounds follow.
const _: () = assert!(EventType::ALL.len() - 1 == 18);

/// Registering an endpoint.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://hr.example.se/id06/webhooks", "description": "HR system", "event_types": ["order.approved", "production.shipped", "card.activated"]}))]
pub struct CreateWebhookEndpointRequest {
    /// An `https` URL on a public address.
    #[validate(length(min = 1, max = 2048))]
    #[schema(min_length = 1, max_length = 2048, pattern = "^https?://[!-~]+$")]
    pub url: String,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub description: Option<String>,
    /// The events to send, each once.
    #[validate(length(min = 1, max = 16))]
    #[schema(min_items = 1, max_items = 18)]
    pub event_types: Vec<WebhookEventType>,
}

/// Changing an endpoint (merge patch): fields left out stay.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": true}))]
pub struct WebhookEndpointPatch {
    #[validate(length(min = 1, max = 2048))]
    #[schema(
        min_length = 1,
        max_length = 2048,
        pattern = "^https?://[!-~]+$",
        nullable = false
    )]
    pub url: Option<String>,
    /// `null` removes it.
    #[serde(default, deserialize_with = "super::company_orders::present")]
    #[schema(min_length = 1, max_length = 200, value_type = Option<String>)]
    pub description: Option<Option<String>>,
    #[validate(length(min = 1, max = 16))]
    #[schema(min_items = 1, max_items = 18, nullable = false)]
    pub event_types: Option<Vec<WebhookEventType>>,
    /// `false` stops deliveries (events are kept); `true` resumes them.
    #[schema(nullable = false)]
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WebhookEndpointStatus {
    Enabled,
    Disabled,
}

/// A webhook endpoint (its secret is shown only when made or rotated).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpoint {
    #[schema(max_length = 32)]
    pub id: String,
    #[schema(max_length = 2048)]
    pub url: String,
    #[schema(required = true, max_length = 200)]
    pub description: Option<String>,
    #[schema(max_items = 18)]
    pub event_types: Vec<WebhookEventType>,
    pub status: WebhookEndpointStatus,
    /// Why it is disabled (by the company, or after three days of failed deliveries).
    #[schema(required = true, max_length = 200)]
    pub disabled_reason: Option<String>,
    /// Until when the secret before the last rotation still signs (a second `v1=`).
    #[schema(required = true)]
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&EndpointRow> for WebhookEndpoint {
    fn from(e: &EndpointRow) -> Self {
        WebhookEndpoint {
            id: e.id.to_string(),
            url: e.url.clone(),
            description: e.description.clone(),
            event_types: e
                .event_types
                .iter()
                .filter_map(WebhookEventType::of)
                .collect(),
            status: match e.status {
                EndpointStatus::Enabled => WebhookEndpointStatus::Enabled,
                EndpointStatus::Disabled => WebhookEndpointStatus::Disabled,
            },
            disabled_reason: e.disabled_reason.clone(),
            previous_secret_expires_at: e.previous_secret_expires_at.map(|t| t.and_utc()),
            created_at: e.created_at.and_utc(),
            updated_at: e.updated_at.and_utc(),
        }
    }
}

/// An endpoint with its signing secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpointWithSecret {
    #[serde(flatten)]
    pub endpoint: WebhookEndpoint,
    /// Verify each delivery's `ID06-Signature` with it; it is never shown again.
    #[schema(max_length = 64, example = "whsec_3q2-7w…")]
    pub secret: String,
}

impl From<&WithSecret> for WebhookEndpointWithSecret {
    fn from(w: &WithSecret) -> Self {
        WebhookEndpointWithSecret {
            endpoint: WebhookEndpoint::from(&w.endpoint),
            secret: w.secret.clone(),
        }
    }
}

/// The company's endpoints, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpointList {
    #[schema(max_items = 18)]
    pub data: Vec<WebhookEndpoint>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WebhookDeliveryStatus {
    Pending,
    Succeeded,
    Failed,
}

impl WebhookDeliveryStatus {
    pub fn as_domain(self) -> DeliveryStatus {
        match self {
            Self::Pending => DeliveryStatus::Pending,
            Self::Succeeded => DeliveryStatus::Succeeded,
            Self::Failed => DeliveryStatus::Failed,
        }
    }

    fn of(status: DeliveryStatus) -> Self {
        match status {
            DeliveryStatus::Pending => Self::Pending,
            DeliveryStatus::Succeeded => Self::Succeeded,
            DeliveryStatus::Failed => Self::Failed,
        }
    }
}

/// One attempt at a delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookAttempt {
    pub attempted_at: DateTime<Utc>,
    #[schema(minimum = 0, maximum = 600000)]
    pub duration_ms: i32,
    /// The receiver's status code (`null` when there was no answer).
    #[schema(required = true, minimum = 100, maximum = 599)]
    pub status_code: Option<i32>,
    /// Why it failed, when it did (never the receiver's body).
    #[schema(required = true, max_length = 200)]
    pub error: Option<String>,
}

impl From<&AttemptRow> for WebhookAttempt {
    fn from(a: &AttemptRow) -> Self {
        WebhookAttempt {
            attempted_at: a.attempted_at.and_utc(),
            duration_ms: a.duration_ms,
            status_code: a.status_code,
            error: a.error.clone(),
        }
    }
}

/// One event's delivery to the endpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDelivery {
    #[schema(max_length = 32)]
    pub id: String,
    /// The event's id: the same in every retry, so duplicates are recognisable.
    #[schema(max_length = 32)]
    pub event_id: String,
    #[schema(max_length = 40, example = "order.approved")]
    pub event_type: String,
    pub status: WebhookDeliveryStatus,
    /// When it is tried next (pending only).
    #[schema(required = true)]
    pub next_attempt_at: Option<DateTime<Utc>>,
    #[schema(max_items = 100)]
    pub attempts: Vec<WebhookAttempt>,
    pub created_at: DateTime<Utc>,
    #[schema(required = true)]
    pub completed_at: Option<DateTime<Utc>>,
}

impl From<&Delivery> for WebhookDelivery {
    fn from(d: &Delivery) -> Self {
        let status = WebhookDeliveryStatus::of(d.row.status);
        WebhookDelivery {
            id: d.row.id.to_string(),
            event_id: d.row.event_id.to_string(),
            event_type: d.row.event_type.as_str().to_owned(),
            status,
            next_attempt_at: matches!(status, WebhookDeliveryStatus::Pending)
                .then(|| d.row.next_attempt_at.and_utc()),
            attempts: d.attempts.iter().map(WebhookAttempt::from).collect(),
            created_at: d.row.created_at.and_utc(),
            completed_at: d.row.completed_at.map(|t| t.and_utc()),
        }
    }
}

/// A page of deliveries, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryPage {
    #[schema(max_items = 100)]
    pub data: Vec<WebhookDelivery>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    #[schema(required = true, max_length = 45)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Page size, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 45)]
    pub cursor: Option<String>,
    /// Only deliveries in this state.
    pub status: Option<WebhookDeliveryStatus>,
}

/// The API's own views, as the objects of events.
pub struct Objects;

fn tagged(kind: &str, view: impl Serialize) -> Value {
    let mut v = serde_json::to_value(view).unwrap_or(Value::Null);
    if let Value::Object(o) = &mut v {
        o.insert("object".into(), Value::String(kind.into()));
    }
    v
}

impl app::webhooks::Presenter for Objects {
    fn order(&self, o: &OrderRow, masked_number: Option<&str>) -> Value {
        tagged("card_order", CompanyCardOrderSummary::of(o, masked_number))
    }

    fn visitor_order(&self, o: &VisitorOrderRow) -> Value {
        tagged("visitor_card_order", VisitorCardOrder::from(o))
    }

    fn card(&self, c: &CardRow) -> Value {
        tagged("card", CompanyCard::of(c, false))
    }

    fn invitation(&self, i: &InvitationRow, now: NaiveDateTime) -> Value {
        tagged(
            "invitation",
            Invitation::from(&InvitationView::at(i.clone(), now)),
        )
    }

    fn card_order_import(&self, i: &persistence::card_order_imports::ImportRow) -> Value {
        tagged(
            "card_order_import",
            super::card_order_imports::CardOrderImportSummary::of(i),
        )
    }
}
