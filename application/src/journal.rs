//! The order journal: the one function that writes an order's transition — the conditional
//! update, its audit event, and the notifications it causes — inside the caller's transaction.
//! Every transition of every actor goes through it, so the audit trail (and what webhooks will be
//! fed from) cannot miss one.

use crate::ProblemCode;
use chrono::NaiveDateTime;
use domain::{ActorKind, EventId, EventType, IdentityProof, OrderStatus, Transition};
use persistence::{
    events, orders, visitor_orders, DbConn, NewEvent, NewOrder, OrderRow, VisitorOrderRow,
};

use super::error::{AppError, AppResult};
use super::ids;
use super::outbox::{self, Notification};
use super::webhooks::{self, Subject};

/// Who made a transition.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub kind: ActorKind,
    /// The account, machine client or company that acted.
    pub id: &'a str,
}

/// One transition of an order.
#[derive(Debug)]
pub struct Entry<'a> {
    pub transition: Transition,
    pub actor: Actor<'a>,
    /// The cardholder's rejection reason, or the company's note.
    pub reason: Option<&'a str>,
    /// How the cardholder's identity was proven (an accept).
    pub proof: Option<IdentityProof>,
    /// Messages the transition sends, queued in the same transaction.
    pub notify: Vec<Notification>,
}

/// The state `transition` leads to from `from`, or the conflict a client is told about.
pub fn next(from: OrderStatus, transition: Transition) -> AppResult<OrderStatus> {
    from.apply(transition).map_err(|e| AppError::Conflict {
        code: ProblemCode::InvalidState,
        detail: format!(
            "The order is {} ({}) and cannot be {} now.",
            e.from.as_str(),
            e.from.label(),
            e.transition
        ),
    })
}

/// Writes the transition of `order`, as read: 409 when it is not in a state that allows it, or
/// when another request changed it since it was read (exactly one of concurrent transitions
/// wins). On success `order` is what is now stored, without reading it back.
pub fn record(
    conn: &mut DbConn,
    order: &mut OrderRow,
    entry: Entry<'_>,
    now: NaiveDateTime,
) -> AppResult<OrderStatus> {
    let from = order.status;
    let to = next(from, entry.transition)?;
    let rejection_reason = entry.reason.filter(|_| to == OrderStatus::Rejected);
    if !orders::transition(conn, &order.id, order.version, to, rejection_reason, now)? {
        return Err(AppError::Conflict {
            code: ProblemCode::ConcurrentChange,
            detail: "The order was changed by another request. Read it again.".into(),
        });
    }
    order.status = to;
    order.version += 1;
    order.rejection_reason = rejection_reason.map(str::to_owned);
    order.updated_at = now;
    append(conn, Subject::Order(order), from, to, entry, now)?;
    Ok(to)
}

/// [`record`] for a visitor order.
pub fn record_visitor(
    conn: &mut DbConn,
    order: &mut VisitorOrderRow,
    entry: Entry<'_>,
    now: NaiveDateTime,
) -> AppResult<OrderStatus> {
    let from = order.status;
    let to = next(from, entry.transition)?;
    if !visitor_orders::transition(conn, &order.id, order.version, to, now)? {
        return Err(AppError::Conflict {
            code: ProblemCode::ConcurrentChange,
            detail: "The order was changed by another request. Read it again.".into(),
        });
    }
    order.status = to;
    order.version += 1;
    order.updated_at = now;
    append(conn, Subject::VisitorOrder(order), from, to, entry, now)?;
    Ok(to)
}

/// The event of a transition (stored and sent to the company's webhooks) and the notifications
/// it causes; `subject` is the order as now stored.
fn append(
    conn: &mut DbConn,
    subject: Subject<'_>,
    from: OrderStatus,
    to: OrderStatus,
    entry: Entry<'_>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let order_id = match &subject {
        Subject::Order(o) => o.id.as_str().to_owned(),
        Subject::VisitorOrder(o) => o.id.as_str().to_owned(),
        Subject::Card(c) => c.id.as_str().to_owned(),
        Subject::Invitation(i) => i.id.as_str().to_owned(),
    };
    let order_id = order_id.as_str();
    let event_id: EventId = ids::new();
    events::insert(
        conn,
        &NewEvent {
            id: &event_id,
            order_id,
            actor_id: entry.actor.id,
            actor_kind: entry.actor.kind,
            from_status: Some(from),
            to_status: to,
            reason: entry.reason,
            created_at: now,
            proof: entry.proof,
        },
    )?;
    webhooks::emit(
        conn,
        EventType::of_order(entry.transition),
        &event_id,
        subject,
        now,
    )?;
    for n in entry.notify {
        outbox::queue(conn, n, now)?;
    }
    tracing::info!(
        event = "order_transition",
        order_id,
        actor_kind = %entry.actor.kind,
        from = from.as_str(),
        to = to.as_str(),
        "order {}", entry.transition
    );
    Ok(())
}

/// Writes a new order and its first event (from no state to `order.status`), with the
/// notifications it causes, inside the caller's transaction.
pub fn open(
    conn: &mut DbConn,
    order: &NewOrder<'_>,
    actor: Actor<'_>,
    notify: Vec<Notification>,
    now: NaiveDateTime,
) -> AppResult<()> {
    orders::insert(conn, order)?;
    let event_id: EventId = ids::new();
    events::insert(
        conn,
        &NewEvent {
            id: &event_id,
            order_id: order.id.as_str(),
            actor_id: actor.id,
            actor_kind: actor.kind,
            from_status: None,
            to_status: order.status,
            reason: None,
            created_at: now,
            proof: None,
        },
    )?;
    if let Some(stored) = orders::find(conn, order.id)? {
        webhooks::emit(
            conn,
            EventType::OrderCreated,
            &event_id,
            Subject::Order(&stored),
            now,
        )?;
    }
    for n in notify {
        outbox::queue(conn, n, now)?;
    }
    tracing::info!(
        event = "order_opened",
        order_id = %order.id,
        actor_kind = %actor.kind,
        to = order.status.as_str(),
        "order opened"
    );
    Ok(())
}
