//! An order's audit trail: every change of state, who made it, and why.

use domain::OrderId;
use persistence::{events, orders, DbConn, EventRow};

use crate::error::{AppError, AppResult};
use crate::principal::Person;
use crate::Context;

pub fn events(
    conn: &mut DbConn,
    who: &Person,
    order_id: OrderId,
    _: &Context,
) -> AppResult<Vec<EventRow>> {
    if orders::find_for_account(conn, &order_id, who.account_id())?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(events::list(conn, order_id.as_str())?)
}
