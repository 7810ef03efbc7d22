use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{ActorId, ActorKind, AnyOrderId, EventId, IdentityProof, OrderStatus};

use crate::schema::order_events;
use crate::{DbConn, Error, Result};

/// One entry of an order's audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: EventId,
    /// The card order or visitor order.
    pub order_id: AnyOrderId,
    /// The account, machine client or invitation that acted, or the service itself.
    pub actor_id: ActorId,
    pub actor_kind: ActorKind,
    /// `None` for the event that created the order.
    pub from_status: Option<OrderStatus>,
    pub to_status: OrderStatus,
    pub reason: Option<String>,
    /// How the cardholder's identity was proven (an accept).
    pub proof: Option<IdentityProof>,
    pub created_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = order_events)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct StoredEvent {
    #[diesel(deserialize_as = String)]
    id: EventId,
    #[diesel(deserialize_as = String)]
    order_id: AnyOrderId,
    #[diesel(deserialize_as = String)]
    actor_id: ActorId,
    #[diesel(deserialize_as = String)]
    actor_kind: ActorKind,
    from_status: Option<String>,
    #[diesel(deserialize_as = String)]
    to_status: OrderStatus,
    reason: Option<String>,
    identity_proof: Option<String>,
    created_at: NaiveDateTime,
}

impl TryFrom<StoredEvent> for EventRow {
    type Error = Error;
    fn try_from(e: StoredEvent) -> Result<EventRow> {
        let from_status = e
            .from_status
            .map(OrderStatus::try_from)
            .transpose()
            .map_err(|x| Error::Corrupt(format!("order_events.from_status: {x}")))?;
        Ok(EventRow {
            id: e.id,
            order_id: e.order_id,
            actor_id: e.actor_id,
            actor_kind: e.actor_kind,
            from_status,
            to_status: e.to_status,
            reason: e.reason,
            proof: e
                .identity_proof
                .map(|p| {
                    IdentityProof::parse(&p)
                        .ok_or_else(|| Error::Corrupt(format!("order_events.identity_proof: {p}")))
                })
                .transpose()?,
            created_at: e.created_at,
        })
    }
}

#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub id: &'a EventId,
    pub order_id: &'a AnyOrderId,
    pub actor_id: &'a ActorId,
    pub actor_kind: ActorKind,
    pub from_status: Option<OrderStatus>,
    pub to_status: OrderStatus,
    pub reason: Option<&'a str>,
    pub created_at: NaiveDateTime,
    /// How the cardholder's identity was proven (an accept).
    pub proof: Option<IdentityProof>,
}

pub fn insert(conn: &mut DbConn, e: &NewEvent<'_>) -> Result<()> {
    use order_events as t;
    diesel::insert_into(t::table)
        .values((
            t::id.eq(e.id.as_str()),
            t::order_id.eq(e.order_id.as_str()),
            t::actor_id.eq(e.actor_id.as_str()),
            t::actor_kind.eq(e.actor_kind.as_str()),
            t::from_status.eq(e.from_status.map(OrderStatus::as_str)),
            t::to_status.eq(e.to_status.as_str()),
            t::reason.eq(e.reason),
            t::identity_proof.eq(e.proof.as_ref().map(IdentityProof::as_str)),
            t::created_at.eq(e.created_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The audit trail of an order (card or visitor order), oldest first.
pub fn list(conn: &mut DbConn, order_id: &str) -> Result<Vec<EventRow>> {
    on_backend!(conn, |c| order_events::table
        .filter(order_events::order_id.eq(order_id))
        .order((order_events::created_at.asc(), order_events::id.asc()))
        .select(StoredEvent::as_select())
        .load(c))?
    .into_iter()
    .map(EventRow::try_from)
    .collect()
}
