//! The demo's orders: card orders waiting for review, a pending invitation, a visitor order.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use persistence::{
    accounts, companies, events, invitations, orders, visitor_orders, NewEvent, NewOrder,
    PersonColumns,
};

use super::{
    demo_id, ADMIN_ID, COMPANY_ID, INVITATION_EMAIL, INVITATION_ID, INVITATION_TOKEN,
    VISITOR_ORDER_ID,
};
use app::ids;
use domain::{
    search_key, AccountId, ActorKind, CompanyId, EventId, OrderId, OrderStatus, VisitorOrderId,
};

/// A pending invitation (its token printed by `seed-demo`) and an approved visitor order.
pub(super) fn seed_invitation_and_visitor_order(
    conn: &mut persistence::DbConn,
    company_id: &CompanyId,
    address: &domain::DeliveryAddress,
    now: NaiveDateTime,
) -> Result<(), persistence::Error> {
    let delivery = persistence::AddressRow::of(address);
    invitations::insert(
        conn,
        &persistence::NewInvitation {
            id: &demo_id(INVITATION_ID)?,
            company_id,
            email: INVITATION_EMAIL,
            card_type: domain::CardKind::Standard,
            valid_until: None,
            delivery: None,
            token_hash: &ids::hash_secret(INVITATION_TOKEN),
            expires_at: now + app::invitations::LIFETIME,
            created_by: &demo_id(ADMIN_ID)?,
            language: domain::Language::English,
            now,
        },
    )?;
    let visitor: VisitorOrderId = demo_id(VISITOR_ORDER_ID)?;
    visitor_orders::insert(
        conn,
        &persistence::NewVisitorOrder {
            id: &visitor,
            company_id,
            status: OrderStatus::Approved,
            quantity: 10,
            valid_until: now.date() + chrono::Days::new(180),
            delivery: &delivery,
            now,
        },
    )?;
    events::insert(
        conn,
        &NewEvent {
            id: &ids::new::<EventId>(),
            order_id: &visitor.clone().into(),
            actor_id: &demo_id(ADMIN_ID)?,
            actor_kind: ActorKind::Member,
            from_status: None,
            to_status: OrderStatus::Approved,
            reason: None,
            created_at: now,
            proof: None,
        },
    )
}

/// An order placed by the demo company and submitted to the cardholder, with its two events.
pub fn insert_waiting_order(
    conn: &mut persistence::DbConn,
    id: &str,
    account_id: &str,
    names: (&str, &str, &str),
    date_of_birth: NaiveDate,
    valid_until: NaiveDate,
    at: NaiveDateTime,
) -> Result<(), persistence::Error> {
    insert_numbered_order(
        conn,
        id,
        account_id,
        names,
        (date_of_birth, None),
        valid_until,
        at,
    )
}

/// [`insert_waiting_order`] with the person's personal identity number on it (sealed for the
/// order `id`).
pub(super) fn insert_numbered_order(
    conn: &mut persistence::DbConn,
    id: &str,
    account_id: &str,
    (given, surname, print): (&str, &str, &str),
    (date_of_birth, personal_identity_number): (NaiveDate, Option<&persistence::SealedNumber>),
    valid_until: NaiveDate,
    at: NaiveDateTime,
) -> Result<(), persistence::Error> {
    let id: OrderId = demo_id(id)?;
    let company_id: CompanyId = demo_id(COMPANY_ID)?;
    let account_id: AccountId = demo_id(account_id)?;
    let account = accounts::find(conn, &account_id)?.ok_or(persistence::Error::NotFound)?;
    let delivery = companies::find(conn, &company_id)?
        .and_then(|c| c.delivery_address())
        .ok_or(persistence::Error::NotFound)?;
    orders::insert(
        conn,
        &NewOrder {
            id: &id,
            company_id: &company_id,
            account_id: Some(&account_id),
            cardholder_email: &account.email,
            cardholder_phone: &account.phone,
            card_type: domain::CardKind::Standard,
            status: OrderStatus::WaitingForReview,
            person: PersonColumns {
                given_names: given,
                surname,
                name_to_print: print,
                name_to_print_chosen: false,
                name_search: &search_key(&format!("{given} {surname}")),
                date_of_birth,
                nationality: "SE",
                personal_identity_number,
            },
            valid_until,
            delivery: &delivery,
            invitation_id: None,
            rejection_reason: None,
            version: 2,
            created_at: at,
            updated_at: at,
            language: domain::Language::English,
        },
    )?;
    for (n, from, to) in [
        (1, None, OrderStatus::Draft),
        (2, Some(OrderStatus::Draft), OrderStatus::WaitingForReview),
    ] {
        events::insert(
            conn,
            &NewEvent {
                id: &ids::new::<EventId>(),
                order_id: &id.clone().into(),
                actor_id: &demo_id(ADMIN_ID)?,
                actor_kind: ActorKind::Member,
                from_status: from,
                to_status: to,
                reason: None,
                created_at: at + TimeDelta::milliseconds(n),
                proof: None,
            },
        )?;
    }
    Ok(())
}
