//! The cards an order becomes when the producer marks it produced: one standard card for the
//! cardholder, or the visitor order's quantity of visitor cards. All start `inactive`.

use chrono::NaiveDateTime;
use domain::{CardId, CardKind};
use persistence::{cards, CardRow, DbConn, NewCard, OrderRow, VisitorOrderRow};

use crate::error::{AppError, AppResult};
use crate::ids;
use crate::journal::{open_card as open, Actor};

/// The standard card of an order (its cardholder has an account: the order was accepted).
pub fn standard(
    conn: &mut DbConn,
    order: &OrderRow,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<Vec<CardRow>> {
    let account = order
        .account_id
        .clone()
        .ok_or_else(|| AppError::Internal(format!("approved order {} has no account", order.id)))?;
    let name_search = domain::search_key(&format!("{} {}", order.given_names, order.surname));
    let id: CardId = ids::new();
    let number = new_number(conn)?;
    open(
        conn,
        &NewCard {
            id: &id,
            number: number.as_str(),
            kind: CardKind::Standard,
            company_id: &order.company_id,
            order_id: &order.id.clone().into(),
            account_id: Some(&account),
            name_to_print: Some(&order.name_to_print),
            name_search: Some(&name_search),
            valid_until: order.valid_until,
            now,
        },
        actor,
    )?;
    Ok(persistence::cards::list_for_order(conn, order.id.as_str())?)
}

/// The visitor cards of a visitor order.
pub fn visitor(
    conn: &mut DbConn,
    order: &VisitorOrderRow,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<Vec<CardRow>> {
    for _ in 0..order.quantity {
        let id: CardId = ids::new();
        let number = new_number(conn)?;
        open(
            conn,
            &NewCard {
                id: &id,
                number: number.as_str(),
                kind: CardKind::Visitor,
                company_id: &order.company_id,
                order_id: &order.id.clone().into(),
                account_id: None,
                name_to_print: None,
                name_search: None,
                valid_until: order.valid_until,
                now,
            },
            actor,
        )?;
    }
    Ok(persistence::cards::list_for_order(conn, order.id.as_str())?)
}

/// A new card number nobody has: nine random digits and a check digit.
fn new_number(conn: &mut DbConn) -> AppResult<domain::CardNumber> {
    use rand::Rng;
    let mut rng = rand::rng();
    for _ in 0..16 {
        let serial: [u8; 9] = std::array::from_fn(|_| rng.random_range(0..10u8));
        let number = domain::CardNumber::from_serial(serial);
        if !cards::number_taken(conn, number.as_str())? {
            return Ok(number);
        }
    }
    Err(AppError::Internal("no free card number in 16 draws".into()))
}
