//! The company's visitor orders, newest first, a page at a time.

use chrono::NaiveDateTime;
use domain::{CompanyAction, CompanyId, OrderStatus};
use persistence::{visitor_orders, DbConn, VisitorOrderRow};

use crate::companies::access;
use crate::error::AppResult;
use crate::principal::Principal;
use crate::Context;

pub struct ListVisitorOrders {
    pub company_id: CompanyId,
    pub status: Option<OrderStatus>,
    /// After this row: (created at, id).
    pub after: Option<(NaiveDateTime, String)>,
    pub limit: u32,
}

pub struct VisitorOrderPage {
    pub orders: Vec<VisitorOrderRow>,
    pub has_more: bool,
}

pub fn list(
    conn: &mut DbConn,
    who: &Principal,
    cmd: ListVisitorOrders,
    _: &Context,
) -> AppResult<VisitorOrderPage> {
    access::require(conn, who, &cmd.company_id, CompanyAction::View)?;
    let after = cmd.after.as_ref().map(|(at, id)| (*at, id.as_str()));
    let mut orders = visitor_orders::list(
        conn,
        &cmd.company_id,
        cmd.status,
        after,
        i64::from(cmd.limit) + 1,
    )?;
    let has_more = orders.len() > cmd.limit as usize;
    orders.truncate(cmd.limit as usize);
    Ok(VisitorOrderPage { orders, has_more })
}
