//! Your card orders, newest first, a page at a time.

use domain::OrderStatus;
use persistence::{orders, DbConn, OrderCursor, OrderSummaryRow};

use crate::error::AppResult;
use crate::principal::Person;
use crate::Context;

pub struct ListOrders {
    pub status: Option<OrderStatus>,
    /// Continue after this row (the previous page's last).
    pub after: Option<OrderCursor>,
    /// 1 to 100.
    pub limit: u32,
}

pub struct Page {
    pub orders: Vec<OrderSummaryRow>,
    pub has_more: bool,
}

pub fn list(conn: &mut DbConn, who: &Person, cmd: ListOrders, _: &Context) -> AppResult<Page> {
    let limit = cmd.limit as usize;
    let mut rows = orders::list_for_account(
        conn,
        who.account_id(),
        cmd.status,
        cmd.after.as_ref(),
        i64::from(cmd.limit) + 1,
    )?;
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    Ok(Page {
        orders: rows,
        has_more,
    })
}
