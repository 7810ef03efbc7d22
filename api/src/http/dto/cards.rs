//! Cards: the cardholder's view (number masked to its last four digits), the company's view
//! (the whole number and the audit trail), and the requests that change them.

use chrono::{DateTime, NaiveDate, Utc};
use domain::{CardKind, CardStatus};
use persistence::{CardEventRow, CardRow, CardWithCompany};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use super::orders::ActorKindView;
use app::cards::company::CompanyCard as CompanyCardOutcome;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = CardStatus)]
pub enum CardStatusView {
    /// Produced, waiting for the cardholder to activate it.
    Inactive,
    Active,
    /// Blocked by the company; can be unblocked.
    Blocked,
    /// Final.
    Terminated,
    /// Past its `valid_until`.
    Expired,
}

impl CardStatusView {
    pub fn as_domain(self) -> CardStatus {
        match self {
            Self::Inactive => CardStatus::Inactive,
            Self::Active => CardStatus::Active,
            Self::Blocked => CardStatus::Blocked,
            Self::Terminated => CardStatus::Terminated,
            Self::Expired => CardStatus::Expired,
        }
    }
}

impl From<CardStatus> for CardStatusView {
    fn from(s: CardStatus) -> Self {
        match s {
            CardStatus::Inactive => Self::Inactive,
            CardStatus::Active => Self::Active,
            CardStatus::Blocked => Self::Blocked,
            CardStatus::Terminated => Self::Terminated,
            CardStatus::Expired => Self::Expired,
        }
    }
}

/// A standard card (a person, RFID) or a visitor card (no person, no RFID).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = CardKind)]
pub enum CardKindView {
    Standard,
    Visitor,
}

impl From<CardKind> for CardKindView {
    fn from(k: CardKind) -> Self {
        match k {
            CardKind::Standard => Self::Standard,
            CardKind::Visitor => Self::Visitor,
        }
    }
}

/// One of the cardholder's cards.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyCard {
    #[schema(max_length = 32, example = "crd_0123456789abcdef01234567")]
    pub id: String,
    /// The last four digits of the card number. The whole number is printed on the card; typing
    /// it is how you activate the card and see its PIN.
    #[schema(min_length = 4, max_length = 4, example = "4321")]
    pub number_last4: String,
    pub status: CardStatusView,
    #[schema(max_length = 32)]
    pub company_id: String,
    #[schema(max_length = 200)]
    pub company_name: String,
    #[schema(required = true, max_length = 40)]
    pub name_to_print: Option<String>,
    pub valid_until: NaiveDate,
    /// The card order it was produced for.
    #[schema(max_length = 32)]
    pub order_id: String,
    #[schema(required = true)]
    pub activated_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<&CardWithCompany> for MyCard {
    fn from(c: &CardWithCompany) -> Self {
        let card = &c.card;
        MyCard {
            id: card.id.to_string(),
            number_last4: last4(&card.number),
            status: card.status.into(),
            company_id: card.company_id.to_string(),
            company_name: c.company_name.clone(),
            name_to_print: card.name_to_print.clone(),
            valid_until: card.valid_until,
            order_id: card.order_id.to_string(),
            activated_at: card.activated_at.map(|t| t.and_utc()),
            created_at: card.created_at.and_utc(),
        }
    }
}

/// `ID-****-**7897`: the letters and the last four digits.
fn masked_number(number: &str) -> String {
    format!(
        "{}****-**{}",
        number.get(..3).unwrap_or_default(),
        last4(number)
    )
}

fn last4(number: &str) -> String {
    number
        .get(number.len().saturating_sub(4)..)
        .unwrap_or_default()
        .to_owned()
}

/// The cardholder's cards, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyCardList {
    #[schema(max_items = 500)]
    pub data: Vec<MyCard>,
}

/// The number printed on the card, as proof of holding it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"card_number": "ID-1234-567897"}))]
pub struct CardNumberRequest {
    /// As printed (`BB-xxxx-xxxxxx`); case, spaces and hyphens do not matter.
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub card_number: String,
}

/// The card's PIN: shown only in this response, never in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardPin {
    pub card: MyCard,
    /// Six digits.
    #[schema(
        min_length = 6,
        max_length = 6,
        pattern = "^[0-9]{6}$",
        example = "123456"
    )]
    pub pin: String,
}

/// One of the company's cards.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyCard {
    #[schema(max_length = 32)]
    pub id: String,
    /// As printed (two letters and ten digits) for those who may act on the card (members,
    /// integrators with `cards:write`); to others only its last four digits: `ID-****-**7897`.
    #[schema(max_length = 14, example = "ID-1234-567897")]
    pub number: String,
    pub kind: CardKindView,
    pub status: CardStatusView,
    /// Why it was last changed (blocked, terminated, replaced, expired).
    #[schema(required = true, max_length = 500)]
    pub status_reason: Option<String>,
    /// The cardholder's account (`null` for visitor cards).
    #[schema(required = true, max_length = 32)]
    pub account_id: Option<String>,
    #[schema(required = true, max_length = 40)]
    pub name_to_print: Option<String>,
    pub valid_until: NaiveDate,
    /// The card order (`ord_...`) or visitor order (`vor_...`) it was produced for.
    #[schema(max_length = 32)]
    pub order_id: String,
    #[schema(required = true)]
    pub activated_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CompanyCard {
    /// `full_number`: whether the reader may act on the card and so sees its printed number.
    pub fn of(c: &CardRow, full_number: bool) -> Self {
        CompanyCard {
            id: c.id.to_string(),
            number: if full_number {
                c.number.clone()
            } else {
                masked_number(&c.number)
            },
            kind: c.kind.into(),
            status: c.status.into(),
            status_reason: c.status_reason.clone(),
            account_id: c.account_id.as_ref().map(ToString::to_string),
            name_to_print: c.name_to_print.clone(),
            valid_until: c.valid_until,
            order_id: c.order_id.to_string(),
            activated_at: c.activated_at.map(|t| t.and_utc()),
            created_at: c.created_at.and_utc(),
            updated_at: c.updated_at.and_utc(),
        }
    }
}

/// One entry of a card's audit trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardEvent {
    #[schema(max_length = 64)]
    pub id: String,
    /// `null` for the event that created the card.
    #[schema(required = true)]
    pub from_status: Option<CardStatusView>,
    pub to_status: CardStatusView,
    pub actor_kind: ActorKindView,
    /// Who acted: the member, machine client, operator or cardholder by id and name.
    #[schema(required = true)]
    pub actor: Option<super::actors::ActorView>,
    #[schema(required = true, max_length = 500)]
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl CardEvent {
    pub(crate) fn of(e: &CardEventRow, by: Option<&app::companies::actors::ActedBy>) -> Self {
        CardEvent {
            id: e.id.to_string(),
            from_status: e.from_status.map(Into::into),
            to_status: e.to_status.into(),
            actor_kind: e.actor_kind.into(),
            actor: by.map(Into::into),
            reason: e.reason.clone(),
            created_at: e.created_at.and_utc(),
        }
    }
}

/// A company's card with its audit trail, oldest event first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyCardDetail {
    #[serde(flatten)]
    pub card: CompanyCard,
    #[schema(max_items = 1000)]
    pub events: Vec<CardEvent>,
}

impl From<&CompanyCardOutcome> for CompanyCardDetail {
    fn from(c: &CompanyCardOutcome) -> Self {
        CompanyCardDetail {
            card: CompanyCard::of(&c.card, c.full_number),
            events: c
                .events
                .iter()
                .map(|e| CardEvent::of(e, c.actors.get(&e.actor_id)))
                .collect(),
        }
    }
}

/// A page of the company's cards, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyCardPage {
    #[schema(max_items = 100)]
    pub data: Vec<CompanyCard>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    #[schema(required = true, max_length = 45)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CompanyCardQuery {
    /// Page size, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 45)]
    pub cursor: Option<String>,
    /// Only cards in this state.
    pub status: Option<CardStatusView>,
    /// Only cards whose holder's name contains this (case and accents ignored).
    #[param(min_length = 1, max_length = 100)]
    pub name: Option<String>,
}

/// Why a card is blocked, unblocked or terminated (kept in its audit trail).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "Reported lost"}))]
pub struct CardChangeRequest {
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}
