//! What the cardholder reviews: the order, how it compares with their verified identity, and
//! their contact details.

use domain::OrderId;
use persistence::DbConn;

use super::view::{self, Reviewed};
use crate::error::AppResult;
use crate::principal::Person;
use crate::Context;

pub fn review(
    conn: &mut DbConn,
    who: &Person,
    order_id: OrderId,
    ctx: &Context,
) -> AppResult<Reviewed> {
    let loaded = view::load(conn, ctx.vault(), &order_id, who.account_id(), ctx.today())?;
    let assessment = loaded.assess(ctx.vault(), ctx.today())?;
    Ok(Reviewed { loaded, assessment })
}
