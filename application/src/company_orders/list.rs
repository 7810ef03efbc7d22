//! The company's orders, newest first, a page at a time, filtered by status, creation time and
//! the person's name.

use domain::{CompanyAction, CompanyId};
use persistence::{company_orders, DbConn, OrderCursor, OrderFilter, OrderRow};

use crate::companies::access;
use crate::error::AppResult;
use crate::principal::Principal;
use crate::Context;

pub struct ListOrders {
    pub company_id: CompanyId,
    pub filter: OrderFilter,
    pub after: Option<OrderCursor>,
    pub limit: u32,
}

pub struct OrderPage {
    pub orders: Vec<ListedOrder>,
    pub has_more: bool,
}

/// An order in a list: its personal identity number only masked.
pub struct ListedOrder {
    pub order: OrderRow,
    /// `YYYYMMDD-****`.
    pub masked_number: Option<String>,
}

pub fn list(
    conn: &mut DbConn,
    who: &Principal,
    cmd: ListOrders,
    ctx: &Context,
) -> AppResult<OrderPage> {
    access::require(conn, who, &cmd.company_id, CompanyAction::View)?;
    // One more than asked tells whether there is a next page.
    let mut orders = company_orders::list(
        conn,
        &cmd.company_id,
        &cmd.filter,
        cmd.after.as_ref(),
        i64::from(cmd.limit) + 1,
    )?;
    let has_more = orders.len() > cmd.limit as usize;
    orders.truncate(cmd.limit as usize);
    let today = ctx.today();
    let orders = orders
        .into_iter()
        .map(|order| {
            let masked_number =
                crate::opened::order_number(ctx.vault(), &order, today)?.map(|n| n.masked());
            Ok(ListedOrder {
                order,
                masked_number,
            })
        })
        .collect::<AppResult<_>>()?;
    Ok(OrderPage { orders, has_more })
}
