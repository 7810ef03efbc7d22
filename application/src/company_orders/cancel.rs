//! Cancelling an order before production, with a reason the audit trail keeps.

use domain::{BoundedText, CompanyAction, Transition};
use persistence::DbConn;

use super::{assess, load, CompanyOrder, OrderRef};
use crate::error::AppResult;
use crate::journal::{self, Entry};
use crate::orders::IfMatch;
use crate::principal::Principal;
use crate::Context;

pub struct CancelOrder {
    pub order: OrderRef,
    pub if_match: Option<IfMatch>,
    pub reason: BoundedText,
}

pub fn cancel(
    conn: &mut DbConn,
    who: &Principal,
    cmd: CancelOrder,
    ctx: &Context,
) -> AppResult<CompanyOrder> {
    let now = ctx.now();
    let (acting, mut order) = load(conn, who, &cmd.order, CompanyAction::Order)?;
    journal::next(order.status, Transition::Cancel)?;
    if let Some(m) = &cmd.if_match {
        m.check_version(order.version)?;
    }
    journal::record(
        conn,
        ctx,
        &mut order,
        Entry {
            transition: Transition::Cancel,
            actor: acting.actor(),
            reason: Some(cmd.reason.as_str()),
            notify: Vec::new(),
            proof: None,
        },
        now,
    )?;
    assess(conn, ctx.vault(), order, now.date())
}
