//! One order of the company, with the identity check field by field, so a mismatch can be
//! corrected before the cardholder rejects.

use domain::CompanyAction;
use persistence::DbConn;

use super::{assess, load, CompanyOrder, OrderRef};
use crate::error::AppResult;
use crate::principal::Principal;
use crate::Context;

pub fn get(
    conn: &mut DbConn,
    who: &Principal,
    r: OrderRef,
    ctx: &Context,
) -> AppResult<CompanyOrder> {
    let (_, order) = load(conn, who, &r, CompanyAction::View)?;
    assess(conn, ctx.vault(), order, ctx.now().date())
}
