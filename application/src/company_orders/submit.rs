//! Submitting a draft (made from an invitee's data) to the cardholder, who is emailed to review.

use domain::{CompanyAction, Transition};
use persistence::DbConn;

use super::{assess, load, order_link, CompanyOrder, OrderRef};
use crate::emails;
use crate::error::AppResult;
use crate::journal::{self, Entry};
use crate::orders::IfMatch;
use crate::principal::Principal;
use crate::Clock;

pub struct SubmitOrder {
    pub order: OrderRef,
    pub if_match: Option<IfMatch>,
    pub frontend_url: String,
}

pub fn submit(
    conn: &mut DbConn,
    who: &Principal,
    cmd: SubmitOrder,
    clock: &Clock,
) -> AppResult<CompanyOrder> {
    let now = clock.now();
    let (acting, mut order) = load(conn, who, &cmd.order, CompanyAction::Order)?;
    journal::next(order.status, Transition::Submit)?;
    if let Some(m) = &cmd.if_match {
        m.check_version(order.version)?;
    }
    let link = order_link(&cmd.frontend_url, &order.id);
    let to = order.cardholder_email.clone();
    journal::record(
        conn,
        &mut order,
        Entry {
            transition: Transition::Submit,
            actor: acting.actor(),
            reason: None,
            notify: vec![emails::card_ordered(&to, &acting.company.name, &link)],
            proof: None,
        },
        now,
    )?;
    assess(conn, order, now.date())
}
