//! The cardholder's cards: "all my current cards" of the help article, each with its company,
//! state, validity and the order it came from. The number is shown only as its last four
//! digits: typing the whole number is how the cardholder proves to hold the card.

use domain::CardId;
use persistence::{cards, CardWithCompany, DbConn};

use crate::error::{AppError, AppResult};
use crate::principal::Person;
use crate::Context;

pub fn list(
    conn: &mut DbConn,
    who: &Person,
    _: (),
    _: &Context,
) -> AppResult<Vec<CardWithCompany>> {
    Ok(cards::list_for_account(conn, who.account_id())?)
}

pub fn get(conn: &mut DbConn, who: &Person, id: CardId, _: &Context) -> AppResult<CardWithCompany> {
    cards::find_for_account(conn, &id, who.account_id())?.ok_or(AppError::NotFound)
}
