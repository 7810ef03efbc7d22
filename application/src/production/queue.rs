//! The production queue: orders in one status (approved by default), oldest change first, a page
//! at a time, with a cursor over both kinds of order.

use chrono::NaiveDateTime;
use domain::{OrderStatus, Scope};
use persistence::{cards, production, shipments, DbConn, QueuedOrder};

use super::{Job, ProductionOrder};
use crate::error::{AppError, AppResult};
use crate::principal::CardProducer;
use crate::Context;

/// The states the queue lists: work still to do.
pub const QUEUE_STATES: [OrderStatus; 4] = [
    OrderStatus::Approved,
    OrderStatus::InProduction,
    OrderStatus::Produced,
    OrderStatus::Shipped,
];

pub struct ListQueue {
    pub status: OrderStatus,
    /// After this position: (last change, id).
    pub after: Option<(NaiveDateTime, String)>,
    pub limit: u32,
}

pub struct QueuePage {
    pub orders: Vec<ProductionOrder>,
    pub has_more: bool,
}

pub fn list(
    conn: &mut DbConn,
    who: &CardProducer,
    cmd: ListQueue,
    _: &Context,
) -> AppResult<QueuePage> {
    who.need(Scope::ProductionRead)?;
    if !QUEUE_STATES.contains(&cmd.status) {
        return Err(AppError::validation(vec![crate::FieldError::new(
            "status",
            "invalid_status",
            crate::texts::Text::new("field-queue-status"),
        )]));
    }
    let after = cmd.after.as_ref().map(|(at, id)| (*at, id.as_str()));
    let mut rows = production::queue(conn, cmd.status, after, i64::from(cmd.limit) + 1)?;
    let has_more = rows.len() > cmd.limit as usize;
    rows.truncate(cmd.limit as usize);
    let jobs: Vec<Job> = rows
        .into_iter()
        .map(|r| match r {
            QueuedOrder::Standard(o) => Job::Standard(o),
            QueuedOrder::Visitor(v) => Job::Visitor(v),
        })
        .collect();
    // Two queries for the whole page, not two per order.
    let ids: Vec<&str> = jobs.iter().map(Job::id).collect();
    let mut cards = cards::list_for_orders(conn, &ids)?;
    let mut shipments = shipments::find_many(conn, &ids)?;
    let orders = jobs
        .into_iter()
        .map(|job| {
            let (mine, rest): (Vec<_>, Vec<_>) = cards
                .drain(..)
                .partition(|c| c.order_id.as_str() == job.id());
            cards = rest;
            let shipment = shipments
                .iter()
                .position(|s| s.order_id.as_str() == job.id())
                .map(|i| shipments.swap_remove(i));
            ProductionOrder {
                job,
                cards: mine,
                shipment,
            }
        })
        .collect();
    Ok(QueuePage { orders, has_more })
}
