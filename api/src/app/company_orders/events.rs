//! The audit trail of a company's order: who did what, when, and why.

use domain::CompanyAction;
use persistence::{events, DbConn, EventRow};

use super::{load, OrderRef};
use crate::app::companies::actors::{self, ActedBy};
use crate::app::error::AppResult;
use crate::app::principal::Principal;
use crate::app::Clock;

/// The trail, each event with who acted.
pub fn events(
    conn: &mut DbConn,
    who: &Principal,
    r: OrderRef,
    _: &Clock,
) -> AppResult<Vec<(EventRow, ActedBy)>> {
    load(conn, who, &r, CompanyAction::View)?;
    let rows = events::list(conn, r.order_id.as_str())?;
    let mut by = actors::resolve(
        conn,
        &r.company_id,
        rows.iter().map(|e| (e.actor_kind, e.actor_id.as_str())),
    )?;
    Ok(rows
        .into_iter()
        .map(|e| {
            let acted = by.remove(&e.actor_id).unwrap_or(ActedBy {
                kind: e.actor_kind,
                id: None,
                name: None,
            });
            by.insert(e.actor_id.clone(), acted.clone());
            (e, acted)
        })
        .collect())
}
