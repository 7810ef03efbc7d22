//! The audit trail of a company's order: who did what, when, and why.

use domain::CompanyAction;
use persistence::{events, DbConn, EventRow};

use super::{load, OrderRef};
use crate::app::error::AppResult;
use crate::app::principal::Principal;
use crate::app::Clock;

pub fn events(
    conn: &mut DbConn,
    who: &Principal,
    r: OrderRef,
    _: &Clock,
) -> AppResult<Vec<EventRow>> {
    load(conn, who, &r, CompanyAction::View)?;
    Ok(events::list(conn, r.order_id.as_str())?)
}
