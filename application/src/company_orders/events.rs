//! The audit trail of a company's order: who did what, when, and why.

use std::collections::HashMap;

use domain::CompanyAction;
use persistence::{events, DbConn, EventRow};

use super::{load, OrderRef};
use crate::companies::actors::{self, ActedBy};
use crate::error::AppResult;
use crate::principal::Principal;
use crate::Context;

/// The trail, with who acted by stored actor id (as a card's trail has it).
pub fn events(
    conn: &mut DbConn,
    who: &Principal,
    r: OrderRef,
    _: &Context,
) -> AppResult<(Vec<EventRow>, HashMap<domain::ActorId, ActedBy>)> {
    load(conn, who, &r, CompanyAction::View)?;
    let rows = events::list(conn, r.order_id.as_str())?;
    let by = actors::resolve(
        conn,
        &r.company_id,
        rows.iter().map(|e| (e.actor_kind, &e.actor_id)),
    )?;
    Ok((rows, by))
}
