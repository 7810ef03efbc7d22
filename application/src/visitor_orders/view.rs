//! One visitor order of the company.

use domain::CompanyAction;
use persistence::{visitor_orders, DbConn, VisitorOrderRow};

use super::VisitorOrderRef;
use crate::companies::access;
use crate::error::{AppError, AppResult};
use crate::principal::Principal;
use crate::Context;

pub fn get(
    conn: &mut DbConn,
    who: &Principal,
    r: VisitorOrderRef,
    _: &Context,
) -> AppResult<VisitorOrderRow> {
    access::require(conn, who, &r.company_id, CompanyAction::View)?;
    visitor_orders::find(conn, &r.company_id, &r.order_id)?.ok_or(AppError::NotFound)
}
