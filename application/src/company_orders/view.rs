//! One order of the company, with the identity check field by field, so a mismatch can be
//! corrected before the cardholder rejects.

use domain::{CompanyAction, IdentityDataRead};
use persistence::DbConn;

use super::{assess, load, CompanyOrder, OrderRef};
use crate::data_access::{self, Subject};
use crate::error::AppResult;
use crate::principal::Principal;
use crate::Context;

pub fn get(
    conn: &mut DbConn,
    who: &Principal,
    r: OrderRef,
    ctx: &Context,
) -> AppResult<CompanyOrder> {
    let (acting, order) = load(conn, who, &r, CompanyAction::View)?;
    let viewed = assess(conn, ctx.vault(), order, ctx.now().date())?;
    // The order compared with the cardholder's verified identity: a read of their identity data.
    if let (Some(account), Some(_)) = (&viewed.order.account_id, &viewed.evidence) {
        data_access::record(
            conn,
            Subject::Account(account),
            &acting.actor(),
            Some(&viewed.order.company_id),
            IdentityDataRead::OrderIdentityCheck,
            viewed.order.id.as_str(),
            ctx.now(),
        )?;
    }
    Ok(viewed)
}
