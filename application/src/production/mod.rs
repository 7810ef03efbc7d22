//! The card producer's side (DESIGN §3, §4): the queue of approved card orders and visitor
//! orders, what to print (the portrait through its own endpoint), and the transitions of
//! production — start, produced (the cards are made), shipped, delivered — or a refusal before
//! production that sends a card order back to its company. Every transition goes through the
//! order journal.
//!
//! The producer sees only orders from `approved` on, and of them only what it prints and ships:
//! never the cardholder's contact details, date of birth or identity number.

pub mod portrait;
pub mod queue;
pub mod transitions;

use domain::{AnyOrderId, OrderStatus};
use persistence::{
    cards, production, shipments, CardRow, DbConn, OrderWithCompany, ShipmentRow,
    VisitorWithCompany,
};

use super::error::{AppError, AppResult};

/// The states the producer sees an order in.
pub const VISIBLE: [OrderStatus; 5] = [
    OrderStatus::Approved,
    OrderStatus::InProduction,
    OrderStatus::Produced,
    OrderStatus::Shipped,
    OrderStatus::Delivered,
];

/// Which order: a card order or a visitor order.
pub type JobRef = AnyOrderId;

/// An order id from a path: anything else names nothing (404).
pub fn job_ref(raw: &str) -> AppResult<JobRef> {
    AnyOrderId::parse(raw).ok_or(AppError::NotFound)
}

/// An order as the producer works on it.
// Short-lived, one per request or page entry: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Job {
    Standard(OrderWithCompany),
    Visitor(VisitorWithCompany),
}

impl Job {
    pub fn status(&self) -> OrderStatus {
        match self {
            Job::Standard(o) => o.order.status,
            Job::Visitor(v) => v.order.status,
        }
    }

    pub fn version(&self) -> i64 {
        match self {
            Job::Standard(o) => o.order.version,
            Job::Visitor(v) => v.order.version,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Job::Standard(o) => o.order.id.as_str(),
            Job::Visitor(v) => v.order.id.as_str(),
        }
    }
}

/// An order with its cards and shipment.
#[derive(Debug, Clone)]
pub struct ProductionOrder {
    pub job: Job,
    pub cards: Vec<CardRow>,
    pub shipment: Option<ShipmentRow>,
}

impl ProductionOrder {
    pub fn etag(&self) -> String {
        format!("\"{}\"", self.job.version())
    }
}

/// The order, if the producer may see it (from `approved` on); 404 otherwise.
pub fn load(conn: &mut DbConn, r: &JobRef) -> AppResult<Job> {
    let job = match r {
        AnyOrderId::Card(id) => production::find_standard(conn, id)?.map(Job::Standard),
        AnyOrderId::Visitor(id) => production::find_visitor(conn, id)?.map(Job::Visitor),
    };
    job.filter(|j| VISIBLE.contains(&j.status()))
        .ok_or(AppError::NotFound)
}

/// The order with its cards and shipment.
pub fn complete(conn: &mut DbConn, job: Job) -> AppResult<ProductionOrder> {
    let cards = cards::list_for_order(conn, job.id())?;
    let shipment = shipments::find(conn, job.id())?;
    Ok(ProductionOrder {
        job,
        cards,
        shipment,
    })
}

/// One order as the producer sees it (`GET /v1/production/orders/{id}`).
pub fn get(
    conn: &mut DbConn,
    who: &super::principal::CardProducer,
    r: JobRef,
    _: &super::Context,
) -> AppResult<ProductionOrder> {
    who.need(domain::Scope::ProductionRead)?;
    let job = load(conn, &r)?;
    complete(conn, job)
}

impl Job {
    /// When the order last changed: its place in the queue.
    pub fn updated_at(&self) -> chrono::NaiveDateTime {
        match self {
            Job::Standard(o) => o.order.updated_at,
            Job::Visitor(v) => v.order.updated_at,
        }
    }
}
