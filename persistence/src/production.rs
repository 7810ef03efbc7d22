//! The card producer's queue: card orders and visitor orders in one status, oldest change first
//! (for `approved`: the order approved longest ago is made first), over both tables.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::OrderStatus;

use crate::orders::OrderWithCompany;
use crate::schema::{card_orders, companies, visitor_orders};
use crate::visitor_orders::VisitorOrderRow;
use crate::{DbConn, Result};

/// A visitor order with its company's name and organisation number (printed on the card).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct VisitorWithCompany {
    #[diesel(embed)]
    pub order: VisitorOrderRow,
    #[diesel(select_expression = companies::name)]
    pub company_name: String,
    #[diesel(select_expression = companies::org_number)]
    pub company_org_number: String,
}

/// One order in the queue.
// A page holds at most 101 of these, briefly: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum QueuedOrder {
    Standard(OrderWithCompany),
    Visitor(VisitorWithCompany),
}

impl QueuedOrder {
    /// Where the queue is ordered: the last change, then the id.
    pub fn position(&self) -> (NaiveDateTime, &str) {
        match self {
            Self::Standard(o) => (o.order.updated_at, o.order.id.as_str()),
            Self::Visitor(v) => (v.order.updated_at, v.order.id.as_str()),
        }
    }
}

/// Up to `limit` orders in `status`, oldest change first, strictly after `after`.
pub fn queue(
    conn: &mut DbConn,
    status: OrderStatus,
    after: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> Result<Vec<QueuedOrder>> {
    macro_rules! standard {
        ($c:ident) => {{
            let mut q = card_orders::table
                .inner_join(companies::table)
                .filter(card_orders::status.eq(status.as_str()))
                .select(OrderWithCompany::as_select())
                .order((card_orders::updated_at.asc(), card_orders::id.asc()))
                .limit(limit)
                .into_boxed();
            if let Some((at, id)) = after {
                // The plain bound first: with the OR alone the planner scans instead of seeking.
                q = q.filter(card_orders::updated_at.ge(at)).filter(
                    card_orders::updated_at
                        .gt(at)
                        .or(card_orders::updated_at.eq(at).and(card_orders::id.gt(id))),
                );
            }
            q.load($c)
        }};
    }
    macro_rules! visitor {
        ($c:ident) => {{
            let mut q = visitor_orders::table
                .inner_join(companies::table)
                .filter(visitor_orders::status.eq(status.as_str()))
                .select(VisitorWithCompany::as_select())
                .order((visitor_orders::updated_at.asc(), visitor_orders::id.asc()))
                .limit(limit)
                .into_boxed();
            if let Some((at, id)) = after {
                // The plain bound first: with the OR alone the planner scans instead of seeking.
                q = q.filter(visitor_orders::updated_at.ge(at)).filter(
                    visitor_orders::updated_at
                        .gt(at)
                        .or(visitor_orders::updated_at
                            .eq(at)
                            .and(visitor_orders::id.gt(id))),
                );
            }
            q.load($c)
        }};
    }
    let standard: Vec<OrderWithCompany> = on_backend!(conn, |c| standard!(c))?;
    let visitor: Vec<VisitorWithCompany> = on_backend!(conn, |c| visitor!(c))?;
    let mut all: Vec<QueuedOrder> = standard
        .into_iter()
        .map(QueuedOrder::Standard)
        .chain(visitor.into_iter().map(QueuedOrder::Visitor))
        .collect();
    all.sort_by(|a, b| a.position().cmp(&b.position()));
    all.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(all)
}

/// A visitor order with its company.
pub fn find_visitor(
    conn: &mut DbConn,
    id: &domain::VisitorOrderId,
) -> Result<Option<VisitorWithCompany>> {
    Ok(on_backend!(conn, |c| visitor_orders::table
        .inner_join(companies::table)
        .filter(visitor_orders::id.eq(id.as_str()))
        .select(VisitorWithCompany::as_select())
        .first(c)
        .optional())?)
}

/// A card order with its company.
pub fn find_standard(conn: &mut DbConn, id: &domain::OrderId) -> Result<Option<OrderWithCompany>> {
    Ok(on_backend!(conn, |c| card_orders::table
        .inner_join(companies::table)
        .filter(card_orders::id.eq(id.as_str()))
        .select(OrderWithCompany::as_select())
        .first(c)
        .optional())?)
}
