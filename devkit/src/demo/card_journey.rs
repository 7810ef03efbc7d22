//! The demo's second half of the journey: a card order of the second company approved and in
//! the production queue, and a delivered order whose card waits for its holder (Johan Berg) to
//! activate it with the number printed on it.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use domain::{
    search_key, AccountId, ActorKind, CardId, CardKind, CardNumber, CompanyId, EventId, OrderId,
    OrderStatus,
};
use persistence::{
    accounts, card_events, cards, companies, events, orders, shipments, DbConn, NewCard,
    NewCardEvent, NewEvent, NewOrder, PersonColumns,
};
use serde::Serialize;

use super::{demo_id, ADMIN_ID, COMPANY_ID, ORDERER_ID, OTHER_ADMIN_ID, OTHER_COMPANY_ID};
use app::ids;

/// Johan Berg's delivered order, and its card.
pub const ORDER_DELIVERED: &str = "ord_de0000000000000000000004";
pub const CARD_ID: &str = "crd_de0000000000000000000001";
/// Lars Ek's order, approved and waiting in the production queue.
pub const ORDER_APPROVED: &str = "ord_de0000000000000000000005";
pub const PRODUCER_CLIENT: &str = super::clients::PRODUCER_ID;

/// The number printed on the demo card (fixed, so the demo can print it).
pub fn card_number() -> CardNumber {
    CardNumber::from_serial([4, 2, 0, 6, 1, 9, 7, 3, 5])
}

#[derive(Debug, Serialize)]
pub struct DemoCard {
    pub id: &'static str,
    /// Type it to activate the card (`POST /v1/me/cards/{id}/activate`).
    pub number: String,
    pub holder_email: &'static str,
    pub note: &'static str,
}

pub fn cards_info() -> Vec<DemoCard> {
    vec![DemoCard {
        id: CARD_ID,
        number: card_number().to_string(),
        holder_email: super::ORDERER_EMAIL,
        note: "delivered, waiting for activation",
    }]
}

const TO_DELIVERED: [OrderStatus; 7] = [
    OrderStatus::Draft,
    OrderStatus::WaitingForReview,
    OrderStatus::Approved,
    OrderStatus::InProduction,
    OrderStatus::Produced,
    OrderStatus::Shipped,
    OrderStatus::Delivered,
];

pub(super) fn seed(conn: &mut DbConn, now: NaiveDateTime) -> Result<(), persistence::Error> {
    let valid_until = now.date() + chrono::Days::new(365 * 3);
    let delivered_at = now - TimeDelta::hours(4);
    order_through(
        conn,
        ORDER_DELIVERED,
        COMPANY_ID,
        ORDERER_ID,
        ("Johan", "Berg"),
        NaiveDate::from_ymd_opt(1985, 6, 21).unwrap_or_default(),
        valid_until,
        &TO_DELIVERED,
        delivered_at - TimeDelta::days(3),
    )?;
    shipments::insert(
        conn,
        ORDER_DELIVERED,
        "PostNord",
        "00370712345678901234",
        delivered_at - TimeDelta::days(1),
    )?;
    shipments::delivered(conn, ORDER_DELIVERED, delivered_at)?;
    let card: CardId = demo_id(CARD_ID)?;
    let number = card_number();
    let company: CompanyId = demo_id(COMPANY_ID)?;
    let holder: AccountId = demo_id(ORDERER_ID)?;
    cards::insert(
        conn,
        &NewCard {
            id: &card,
            number: number.as_str(),
            kind: CardKind::Standard,
            company_id: &company,
            order_id: &demo_id(ORDER_DELIVERED)?,
            account_id: Some(&holder),
            name_to_print: Some("Johan Berg"),
            name_search: Some(&search_key("Johan Berg")),
            valid_until,
            now: delivered_at - TimeDelta::days(2),
        },
    )?;
    card_events::insert(
        conn,
        &NewCardEvent {
            id: &ids::new::<EventId>(),
            card_id: &card,
            actor_id: &demo_id(PRODUCER_CLIENT)?,
            actor_kind: ActorKind::Client,
            from_status: None,
            to_status: domain::CardStatus::Inactive,
            reason: None,
            created_at: delivered_at - TimeDelta::days(2),
        },
    )?;
    order_through(
        conn,
        ORDER_APPROVED,
        OTHER_COMPANY_ID,
        OTHER_ADMIN_ID,
        ("Lars", "Ek"),
        NaiveDate::from_ymd_opt(1975, 11, 3).unwrap_or_default(),
        valid_until,
        &TO_DELIVERED[..3],
        now - TimeDelta::hours(5),
    )
}

/// An order of `account` in the last of `path`, with one event per step an hour apart.
#[allow(clippy::too_many_arguments)]
fn order_through(
    conn: &mut DbConn,
    id: &str,
    company: &str,
    account: &str,
    (given, surname): (&str, &str),
    date_of_birth: NaiveDate,
    valid_until: NaiveDate,
    path: &[OrderStatus],
    start: NaiveDateTime,
) -> Result<(), persistence::Error> {
    let id: OrderId = demo_id(id)?;
    let company_id: CompanyId = demo_id(company)?;
    let account_id: AccountId = demo_id(account)?;
    let holder = accounts::find(conn, &account_id)?.ok_or(persistence::Error::NotFound)?;
    let delivery = companies::find(conn, &company_id)?
        .and_then(|c| c.delivery_address())
        .ok_or(persistence::Error::NotFound)?;
    let last = path.len() as i64;
    let print = format!("{given} {surname}");
    orders::insert(
        conn,
        &NewOrder {
            id: &id,
            company_id: &company_id,
            account_id: Some(&account_id),
            cardholder_email: &holder.email,
            cardholder_phone: &holder.phone,
            card_type: domain::CardKind::Standard,
            status: *path.last().unwrap_or(&OrderStatus::Draft),
            person: PersonColumns {
                given_names: given,
                surname,
                name_to_print: &print,
                name_to_print_chosen: false,
                name_search: &search_key(&print),
                date_of_birth,
                nationality: "SE",
                personal_identity_number: None,
            },
            valid_until,
            delivery: &delivery,
            invitation_id: None,
            rejection_reason: None,
            version: last,
            created_at: start,
            updated_at: start + TimeDelta::hours(last - 1),
            language: domain::Language::English,
        },
    )?;
    let mut from = None;
    for (n, to) in path.iter().enumerate() {
        let (actor_id, actor_kind) = match to {
            OrderStatus::Draft | OrderStatus::WaitingForReview => (ADMIN_ID, ActorKind::Member),
            OrderStatus::Approved => (account, ActorKind::Cardholder),
            _ => (PRODUCER_CLIENT, ActorKind::Client),
        };
        events::insert(
            conn,
            &NewEvent {
                id: &ids::new::<EventId>(),
                order_id: &id.clone().into(),
                actor_id: &demo_id(actor_id)?,
                actor_kind,
                from_status: from,
                to_status: *to,
                reason: None,
                created_at: start + TimeDelta::hours(n as i64),
                proof: None,
            },
        )?;
        from = Some(*to);
    }
    Ok(())
}
