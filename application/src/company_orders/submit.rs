//! Submitting a draft (made from an invitee's data) to the cardholder, who is emailed to review.

use domain::{CompanyAction, Transition};
use persistence::DbConn;

use super::{assess, load, CompanyOrder, OrderRef};
use crate::emails;
use crate::error::AppResult;
use crate::journal::{self, Entry};
use crate::orders::IfMatch;
use crate::principal::Principal;
use crate::Context;

pub struct SubmitOrder {
    pub order: OrderRef,
    pub if_match: Option<IfMatch>,
}

pub fn submit(
    conn: &mut DbConn,
    who: &Principal,
    cmd: SubmitOrder,
    ctx: &Context,
) -> AppResult<CompanyOrder> {
    let now = ctx.now();
    let (acting, mut order) = load(conn, who, &cmd.order, CompanyAction::Order)?;
    journal::next(order.status, Transition::Submit)?;
    if let Some(m) = &cmd.if_match {
        m.check_version(order.version)?;
    }
    let link = ctx.links().card_order(order.id.as_str());
    let to = order.cardholder_email.clone();
    let language = crate::accounts::link::cardholder_language(conn, &order)?;
    journal::record(
        conn,
        ctx,
        &mut order,
        Entry {
            transition: Transition::Submit,
            actor: acting.actor(),
            reason: None,
            notify: vec![emails::card_ordered(
                &to,
                language,
                &acting.company.name,
                &link,
            )],
            proof: None,
        },
        now,
    )?;
    assess(conn, ctx.vault(), order, now.date())
}
