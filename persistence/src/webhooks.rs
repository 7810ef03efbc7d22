//! Webhook endpoints, their deliveries (the webhook outbox: one row per event and endpoint,
//! written in the transaction of the journal entry) and the attempts at each delivery.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{CompanyId, WebhookDeliveryId, WebhookEndpointId};

use crate::schema::{webhook_attempts as wa, webhook_deliveries as wd, webhook_endpoints as we};
use crate::{DbConn, Result, SealedPin};

pub const ENABLED: &str = "enabled";
pub const DISABLED: &str = "disabled";
pub const PENDING: &str = "pending";
pub const SUCCEEDED: &str = "succeeded";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = we)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct EndpointRow {
    #[diesel(deserialize_as = String)]
    pub id: WebhookEndpointId,
    #[diesel(deserialize_as = String)]
    pub company_id: CompanyId,
    pub url: String,
    pub description: Option<String>,
    pub event_types: String,
    pub secret_sealed: String,
    pub secret_key_id: String,
    pub previous_secret_sealed: Option<String>,
    pub previous_secret_key_id: Option<String>,
    pub previous_secret_expires_at: Option<NaiveDateTime>,
    pub status: String,
    pub disabled_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl EndpointRow {
    pub fn secret(&self) -> SealedPin {
        SealedPin {
            ciphertext: self.secret_sealed.clone(),
            key_id: self.secret_key_id.clone(),
        }
    }

    /// The secret before the last rotation, while it still signs.
    pub fn previous_secret(&self, now: NaiveDateTime) -> Option<SealedPin> {
        match (
            &self.previous_secret_sealed,
            &self.previous_secret_key_id,
            self.previous_secret_expires_at,
        ) {
            (Some(c), Some(k), Some(until)) if until > now => Some(SealedPin {
                ciphertext: c.clone(),
                key_id: k.clone(),
            }),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewEndpoint<'a> {
    pub id: &'a WebhookEndpointId,
    pub company_id: &'a CompanyId,
    pub url: &'a str,
    pub description: Option<&'a str>,
    pub event_types: &'a str,
    pub secret: &'a SealedPin,
    pub now: NaiveDateTime,
}

pub fn insert_endpoint(conn: &mut DbConn, e: &NewEndpoint<'_>) -> Result<()> {
    diesel::insert_into(we::table)
        .values((
            (
                we::id.eq(e.id.as_str()),
                we::company_id.eq(e.company_id.as_str()),
                we::url.eq(e.url),
                we::description.eq(e.description),
                we::event_types.eq(e.event_types),
                we::secret_sealed.eq(&e.secret.ciphertext),
                we::secret_key_id.eq(&e.secret.key_id),
            ),
            (
                we::status.eq(ENABLED),
                we::version.eq(1i64),
                we::created_at.eq(e.now),
                we::updated_at.eq(e.now),
            ),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find_endpoint(
    conn: &mut DbConn,
    company_id: &CompanyId,
    id: &WebhookEndpointId,
) -> Result<Option<EndpointRow>> {
    Ok(we::table
        .filter(we::id.eq(id.as_str()))
        .filter(we::company_id.eq(company_id.as_str()))
        .select(EndpointRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_endpoint_any(conn: &mut DbConn, id: &str) -> Result<Option<EndpointRow>> {
    Ok(we::table
        .find(id)
        .select(EndpointRow::as_select())
        .first(conn)
        .optional()?)
}

/// The company's endpoints, newest first (a company has a handful: at most `limit`).
pub fn list_endpoints(
    conn: &mut DbConn,
    company_id: &CompanyId,
    limit: i64,
) -> Result<Vec<EndpointRow>> {
    Ok(we::table
        .filter(we::company_id.eq(company_id.as_str()))
        .order((we::created_at.desc(), we::id.desc()))
        .limit(limit)
        .select(EndpointRow::as_select())
        .load(conn)?)
}

/// The company's enabled endpoints: where a journal entry's event may go.
pub fn enabled_endpoints(
    conn: &mut DbConn,
    company_id: &CompanyId,
) -> Result<Vec<(String, String)>> {
    Ok(we::table
        .filter(we::company_id.eq(company_id.as_str()))
        .filter(we::status.eq(ENABLED))
        .select((we::id, we::event_types))
        .load(conn)?)
}

pub fn count_endpoints(conn: &mut DbConn, company_id: &CompanyId) -> Result<i64> {
    Ok(we::table
        .filter(we::company_id.eq(company_id.as_str()))
        .count()
        .get_result(conn)?)
}

/// What an update changes.
#[derive(Debug, Clone, Default)]
pub struct EndpointChange<'a> {
    pub url: Option<&'a str>,
    pub description: Option<Option<&'a str>>,
    pub event_types: Option<&'a str>,
    /// `Some(None)`: enabled; `Some(Some(reason))`: disabled.
    pub disabled: Option<Option<&'a str>>,
}

/// Applies `change` if the endpoint is still at `version`; false otherwise.
pub fn update_endpoint(
    conn: &mut DbConn,
    id: &WebhookEndpointId,
    version: i64,
    change: &EndpointChange<'_>,
    now: NaiveDateTime,
) -> Result<bool> {
    let target = we::table
        .filter(we::id.eq(id.as_str()))
        .filter(we::version.eq(version));
    let n = diesel::update(target)
        .set((we::version.eq(version + 1), we::updated_at.eq(now)))
        .execute(conn)?;
    if n != 1 {
        return Ok(false);
    }
    let row = we::table.find(id.as_str());
    if let Some(url) = change.url {
        diesel::update(row).set(we::url.eq(url)).execute(conn)?;
    }
    if let Some(d) = change.description {
        diesel::update(row)
            .set(we::description.eq(d))
            .execute(conn)?;
    }
    if let Some(t) = change.event_types {
        diesel::update(row)
            .set(we::event_types.eq(t))
            .execute(conn)?;
    }
    if let Some(disabled) = change.disabled {
        let status = if disabled.is_some() {
            DISABLED
        } else {
            ENABLED
        };
        diesel::update(row)
            .set((we::status.eq(status), we::disabled_reason.eq(disabled)))
            .execute(conn)?;
    }
    Ok(true)
}

/// A new secret; the one before signs too until `previous_until`.
pub fn rotate_secret(
    conn: &mut DbConn,
    id: &WebhookEndpointId,
    version: i64,
    new: &SealedPin,
    old: &SealedPin,
    previous_until: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(
        we::table
            .filter(we::id.eq(id.as_str()))
            .filter(we::version.eq(version)),
    )
    .set((
        we::secret_sealed.eq(&new.ciphertext),
        we::secret_key_id.eq(&new.key_id),
        we::previous_secret_sealed.eq(&old.ciphertext),
        we::previous_secret_key_id.eq(&old.key_id),
        we::previous_secret_expires_at.eq(previous_until),
        we::version.eq(version + 1),
        we::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Removes the endpoint with its deliveries and their attempts.
pub fn delete_endpoint(conn: &mut DbConn, id: &WebhookEndpointId) -> Result<bool> {
    let deliveries = wd::table
        .filter(wd::endpoint_id.eq(id.as_str()))
        .select(wd::id);
    diesel::delete(wa::table.filter(wa::delivery_id.eq_any(deliveries))).execute(conn)?;
    diesel::delete(wd::table.filter(wd::endpoint_id.eq(id.as_str()))).execute(conn)?;
    Ok(diesel::delete(we::table.find(id.as_str())).execute(conn)? == 1)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = wd)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct DeliveryRow {
    #[diesel(deserialize_as = String)]
    pub id: WebhookDeliveryId,
    pub endpoint_id: String,
    pub event_id: String,
    pub event_type: String,
    pub object_id: String,
    pub payload: String,
    pub status: String,
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
    pub endpoint_id: &'a str,
    pub event_id: &'a str,
    pub event_type: &'a str,
    pub object_id: &'a str,
    pub payload: &'a str,
    pub now: NaiveDateTime,
}

pub fn insert_delivery(conn: &mut DbConn, d: &NewDelivery<'_>) -> Result<()> {
    diesel::insert_into(wd::table)
        .values((
            wd::id.eq(d.id.as_str()),
            wd::endpoint_id.eq(d.endpoint_id),
            wd::event_id.eq(d.event_id),
            wd::event_type.eq(d.event_type),
            wd::object_id.eq(d.object_id),
            wd::payload.eq(d.payload),
            wd::status.eq(PENDING),
            wd::attempts.eq(0),
            wd::next_attempt_at.eq(d.now),
            wd::created_at.eq(d.now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Claims up to `limit` due deliveries until `lock_until`. A delivery waits while an older one
/// for the same endpoint and object is still pending, so each object's events arrive in order;
/// the endpoint must be enabled. Each claim is a conditional update: one claimer wins.
pub fn claim_due(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lock_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<(DeliveryRow, EndpointRow)>> {
    let due: Vec<(DeliveryRow, EndpointRow)> = on_backend!(conn, |c| wd::table
        .inner_join(we::table)
        .filter(wd::status.eq(PENDING))
        .filter(wd::next_attempt_at.le(now))
        .filter(wd::locked_until.is_null().or(wd::locked_until.lt(now)))
        .filter(we::status.eq(ENABLED))
        .order((wd::created_at.asc(), wd::id.asc()))
        .limit(limit * 4)
        .select((DeliveryRow::as_select(), EndpointRow::as_select()))
        .load(c))?;
    let mut claimed = Vec::new();
    for (d, e) in due {
        if claimed.len() as i64 >= limit {
            break;
        }
        let earlier: i64 = wd::table
            .filter(wd::endpoint_id.eq(&d.endpoint_id))
            .filter(wd::object_id.eq(&d.object_id))
            .filter(wd::status.eq(PENDING))
            .filter(
                wd::created_at.lt(d.created_at).or(wd::created_at
                    .eq(d.created_at)
                    .and(wd::id.lt(d.id.as_str()))),
            )
            .count()
            .get_result(conn)?;
        if earlier > 0 {
            continue;
        }
        let n = diesel::update(
            wd::table
                .find(d.id.as_str())
                .filter(wd::status.eq(PENDING))
                .filter(wd::locked_until.is_null().or(wd::locked_until.lt(now))),
        )
        .set(wd::locked_until.eq(lock_until))
        .execute(conn)?;
        if n == 1 {
            claimed.push((d, e));
        }
    }
    Ok(claimed)
}

/// One attempt's result.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    pub id: &'a str,
    pub delivery_id: &'a str,
    pub at: NaiveDateTime,
    pub duration_ms: i32,
    pub status_code: Option<i32>,
    pub error: Option<&'a str>,
}

/// Records the attempt and the delivery's new state: `next` = `None` ends it (succeeded or
/// failed for good), `Some(t)` retries at `t`.
pub fn record_attempt(
    conn: &mut DbConn,
    a: &Attempt<'_>,
    status: &str,
    next: Option<NaiveDateTime>,
) -> Result<()> {
    diesel::insert_into(wa::table)
        .values((
            wa::id.eq(a.id),
            wa::delivery_id.eq(a.delivery_id),
            wa::attempted_at.eq(a.at),
            wa::duration_ms.eq(a.duration_ms),
            wa::status_code.eq(a.status_code),
            wa::error.eq(a.error),
        ))
        .execute(conn)?;
    diesel::update(wd::table.find(a.delivery_id))
        .set((
            wd::status.eq(status),
            wd::attempts.eq(wd::attempts + 1),
            wd::last_status_code.eq(a.status_code),
            wd::last_error.eq(a.error),
            wd::locked_until.eq(None::<NaiveDateTime>),
            wd::next_attempt_at.eq(next.unwrap_or(a.at)),
            wd::completed_at.eq(if next.is_none() { Some(a.at) } else { None }),
        ))
        .execute(conn)?;
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
    status: Option<&str>,
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
        q = q.filter(wd::status.eq(s.to_owned()));
    }
    if let Some((at, id)) = after {
        q = q.filter(
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
    pub id: String,
    pub delivery_id: String,
    pub attempted_at: NaiveDateTime,
    pub duration_ms: i32,
    pub status_code: Option<i32>,
    pub error: Option<String>,
}

/// The attempts at several deliveries, oldest first.
pub fn attempts_of(conn: &mut DbConn, delivery_ids: &[&str]) -> Result<Vec<AttemptRow>> {
    Ok(wa::table
        .filter(wa::delivery_id.eq_any(delivery_ids))
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

/// Disables an enabled endpoint (its deliveries failed for too long); false if it was not enabled.
pub fn disable(conn: &mut DbConn, id: &str, reason: &str, now: NaiveDateTime) -> Result<bool> {
    let n = diesel::update(we::table.find(id).filter(we::status.eq(ENABLED)))
        .set((
            we::status.eq(DISABLED),
            we::disabled_reason.eq(reason),
            we::version.eq(we::version + 1),
            we::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}
