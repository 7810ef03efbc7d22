//! A webhook's deliveries and the attempts at each: claimed by the worker, in order per object.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{
    DeliveryAttemptId, DeliveryStatus, EventId, EventType, ObjectId, WebhookDeliveryId,
    WebhookEndpointId,
};

use super::{EndpointRow, ENABLED, PENDING, SUCCEEDED};
use crate::schema::{webhook_attempts as wa, webhook_deliveries as wd, webhook_endpoints as we};
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = wd)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct DeliveryRow {
    #[diesel(deserialize_as = String)]
    pub id: WebhookDeliveryId,
    #[diesel(deserialize_as = String)]
    pub endpoint_id: WebhookEndpointId,
    #[diesel(deserialize_as = String)]
    pub event_id: EventId,
    #[diesel(deserialize_as = String)]
    pub event_type: EventType,
    /// The order, card, visitor order or invitation the event is about.
    #[diesel(deserialize_as = String)]
    pub object_id: ObjectId,
    pub payload: String,
    #[diesel(deserialize_as = String)]
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewDelivery<'a> {
    pub id: &'a WebhookDeliveryId,
    pub endpoint_id: &'a WebhookEndpointId,
    pub event_id: &'a EventId,
    pub event_type: EventType,
    pub object_id: &'a ObjectId,
    pub payload: &'a str,
    pub now: NaiveDateTime,
}

/// One event's deliveries, one per endpoint, in one statement.
pub fn insert_deliveries(conn: &mut DbConn, deliveries: &[NewDelivery<'_>]) -> Result<()> {
    // Within SQLite's 32 766 bound parameters per statement.
    for chunk in deliveries.chunks(1000) {
        let values: Vec<_> = chunk
            .iter()
            .map(|d| {
                (
                    wd::id.eq(d.id.as_str()),
                    wd::endpoint_id.eq(d.endpoint_id.as_str()),
                    wd::event_id.eq(d.event_id.as_str()),
                    wd::event_type.eq(d.event_type.as_str()),
                    wd::object_id.eq(d.object_id.as_str()),
                    wd::payload.eq(d.payload),
                    wd::status.eq(PENDING),
                    wd::attempts.eq(0),
                    wd::next_attempt_at.eq(d.now),
                    wd::created_at.eq(d.now),
                )
            })
            .collect();
        on_backend!(conn, |c| diesel::insert_into(wd::table)
            .values(values)
            .execute(c))?;
    }
    Ok(())
}

/// Claims up to `limit` due deliveries until `lock_until`. A delivery waits while an older one
/// for the same endpoint and object is still pending, so each object's events arrive in order;
/// the endpoint must be enabled. The claim is one conditional update of them all: of two
/// claimers, each delivery goes to one. Two statements a round, whatever its size: on PostgreSQL
/// a statement per delivery (a check and a claim each) made the worker fall behind a fan-out.
pub fn claim_due(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lock_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<(DeliveryRow, EndpointRow)>> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Text};
    // Correlated on the outer row, which diesel's query builder does not express.
    let first_pending_of_its_object = sql::<Bool>(
        "NOT EXISTS (SELECT 1 FROM webhook_deliveries earlier \
         WHERE earlier.endpoint_id = webhook_deliveries.endpoint_id \
         AND earlier.object_id = webhook_deliveries.object_id AND earlier.status = ",
    )
    .bind::<Text, _>(PENDING)
    .sql(
        " AND (earlier.created_at < webhook_deliveries.created_at \
         OR (earlier.created_at = webhook_deliveries.created_at \
         AND earlier.id < webhook_deliveries.id)))",
    );
    let due: Vec<(DeliveryRow, EndpointRow)> = on_backend!(conn, |c| wd::table
        .inner_join(we::table)
        .filter(wd::status.eq(PENDING))
        .filter(wd::next_attempt_at.le(now))
        .filter(wd::locked_until.is_null().or(wd::locked_until.lt(now)))
        .filter(we::status.eq(ENABLED))
        .filter(first_pending_of_its_object)
        .order((wd::created_at.asc(), wd::id.asc()))
        .limit(limit)
        .select((DeliveryRow::as_select(), EndpointRow::as_select()))
        .load(c))?;
    if due.is_empty() {
        return Ok(due);
    }
    let ids: Vec<&str> = due.iter().map(|(d, _)| d.id.as_str()).collect();
    let won: Vec<String> = on_backend!(conn, |c| diesel::update(
        wd::table
            .filter(wd::id.eq_any(&ids))
            .filter(wd::status.eq(PENDING))
            .filter(wd::locked_until.is_null().or(wd::locked_until.lt(now))),
    )
    .set(wd::locked_until.eq(lock_until))
    .returning(wd::id)
    .get_results(c))?;
    let won: std::collections::HashSet<String> = won.into_iter().collect();
    Ok(due
        .into_iter()
        .filter(|(d, _)| won.contains(d.id.as_str()))
        .collect())
}

/// One attempt's result and what becomes of its delivery: `next` = `None` ends it (succeeded or
/// failed for good, as `status` says), `Some(t)` retries at `t`.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    pub id: &'a DeliveryAttemptId,
    pub delivery_id: &'a WebhookDeliveryId,
    pub at: NaiveDateTime,
    pub duration_ms: i32,
    pub status_code: Option<i32>,
    pub error: Option<&'a str>,
    pub status: DeliveryStatus,
    pub next: Option<NaiveDateTime>,
}

/// Records a round's attempts and their deliveries' new states: the attempts in one insert, and
/// the deliveries that end alike (a round's successes, sent at the same time, answered with the
/// same status) in one update each. A retry's time has its own jitter, so a retry is an update of
/// its own.
pub fn record_attempts(conn: &mut DbConn, attempts: &[Attempt<'_>]) -> Result<()> {
    type Outcome<'a> = (
        &'static str,
        Option<i32>,
        Option<&'a str>,
        NaiveDateTime,
        Option<NaiveDateTime>,
    );
    for chunk in attempts.chunks(1000) {
        let values: Vec<_> = chunk
            .iter()
            .map(|a| {
                (
                    wa::id.eq(a.id.as_str()),
                    wa::delivery_id.eq(a.delivery_id.as_str()),
                    wa::attempted_at.eq(a.at),
                    wa::duration_ms.eq(a.duration_ms),
                    wa::status_code.eq(a.status_code),
                    wa::error.eq(a.error),
                )
            })
            .collect();
        on_backend!(conn, |c| diesel::insert_into(wa::table)
            .values(values)
            .execute(c))?;
    }
    let mut alike: std::collections::BTreeMap<Outcome<'_>, Vec<&str>> = Default::default();
    for a in attempts {
        alike
            .entry((a.status.as_str(), a.status_code, a.error, a.at, a.next))
            .or_default()
            .push(a.delivery_id.as_str());
    }
    for ((status, status_code, error, at, next), ids) in alike {
        for chunk in ids.chunks(1000) {
            diesel::update(wd::table.filter(wd::id.eq_any(chunk)))
                .set((
                    wd::status.eq(status),
                    wd::attempts.eq(wd::attempts + 1),
                    wd::last_status_code.eq(status_code),
                    wd::last_error.eq(error),
                    wd::locked_until.eq(None::<NaiveDateTime>),
                    wd::next_attempt_at.eq(next.unwrap_or(at)),
                    wd::completed_at.eq(if next.is_none() { Some(at) } else { None }),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// A delivery of the endpoint.
pub fn find_delivery(
    conn: &mut DbConn,
    endpoint_id: &WebhookEndpointId,
    id: &WebhookDeliveryId,
) -> Result<Option<DeliveryRow>> {
    Ok(wd::table
        .filter(wd::id.eq(id.as_str()))
        .filter(wd::endpoint_id.eq(endpoint_id.as_str()))
        .select(DeliveryRow::as_select())
        .first(conn)
        .optional()?)
}

/// The endpoint's deliveries, newest first, strictly older than `after`.
pub fn list_deliveries(
    conn: &mut DbConn,
    endpoint_id: &WebhookEndpointId,
    status: Option<DeliveryStatus>,
    after: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> Result<Vec<DeliveryRow>> {
    let mut q = wd::table
        .filter(wd::endpoint_id.eq(endpoint_id.as_str()))
        .order((wd::created_at.desc(), wd::id.desc()))
        .limit(limit)
        .select(DeliveryRow::as_select())
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(wd::status.eq(s.as_str()));
    }
    if let Some((at, id)) = after {
        // The plain bound first: with the OR alone the planner scans instead of seeking.
        q = q.filter(wd::created_at.le(at)).filter(
            wd::created_at
                .lt(at)
                .or(wd::created_at.eq(at).and(wd::id.lt(id.to_owned()))),
        );
    }
    Ok(q.load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = wa)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct AttemptRow {
    #[diesel(deserialize_as = String)]
    pub id: DeliveryAttemptId,
    #[diesel(deserialize_as = String)]
    pub delivery_id: WebhookDeliveryId,
    pub attempted_at: NaiveDateTime,
    pub duration_ms: i32,
    pub status_code: Option<i32>,
    pub error: Option<String>,
}

/// The attempts at several deliveries, oldest first.
pub fn attempts_of(
    conn: &mut DbConn,
    delivery_ids: &[&WebhookDeliveryId],
) -> Result<Vec<AttemptRow>> {
    Ok(wa::table
        .filter(wa::delivery_id.eq_any(delivery_ids.iter().map(|d| d.as_str())))
        .order((wa::attempted_at.asc(), wa::id.asc()))
        .select(AttemptRow::as_select())
        .load(conn)?)
}

/// A failed (or pending) delivery is tried again now.
pub fn retry_now(conn: &mut DbConn, id: &WebhookDeliveryId, now: NaiveDateTime) -> Result<bool> {
    let n = diesel::update(wd::table.find(id.as_str()).filter(wd::status.ne(SUCCEEDED)))
        .set((
            wd::status.eq(PENDING),
            wd::next_attempt_at.eq(now),
            wd::completed_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// How many deliveries wait and since when (the oldest's creation): for `/metrics`.
pub fn backlog(conn: &mut DbConn) -> Result<(i64, Option<NaiveDateTime>)> {
    use diesel::dsl::{count_star, min};
    Ok(wd::table
        .filter(wd::status.eq(PENDING))
        .select((count_star(), min(wd::created_at)))
        .first(conn)?)
}
