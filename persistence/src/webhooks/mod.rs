//! Webhook endpoints (here), their deliveries (the webhook outbox: one row per event and
//! endpoint, written in the transaction of the journal entry) and the attempts at each delivery
//! (`deliveries`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{CompanyId, DeliveryStatus, EndpointStatus, EventTypes, WebhookEndpointId};

use crate::schema::{webhook_attempts as wa, webhook_deliveries as wd, webhook_endpoints as we};
use crate::{DbConn, Result, Sealed};

mod deliveries;
pub use deliveries::*;

const ENABLED: &str = EndpointStatus::Enabled.as_str();
const DISABLED: &str = EndpointStatus::Disabled.as_str();
const PENDING: &str = DeliveryStatus::Pending.as_str();
const SUCCEEDED: &str = DeliveryStatus::Succeeded.as_str();

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
    #[diesel(deserialize_as = String)]
    pub event_types: EventTypes,
    pub secret_sealed: String,
    pub secret_key_id: String,
    pub previous_secret_sealed: Option<String>,
    pub previous_secret_key_id: Option<String>,
    pub previous_secret_expires_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = String)]
    pub status: EndpointStatus,
    pub disabled_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When it was made or last enabled again.
    pub enabled_at: NaiveDateTime,
}

impl EndpointRow {
    pub fn secret(&self) -> Sealed {
        Sealed {
            ciphertext: self.secret_sealed.clone(),
            key_id: self.secret_key_id.clone(),
        }
    }

    /// The secret before the last rotation, while it still signs.
    pub fn previous_secret(&self, now: NaiveDateTime) -> Option<Sealed> {
        match (
            &self.previous_secret_sealed,
            &self.previous_secret_key_id,
            self.previous_secret_expires_at,
        ) {
            (Some(c), Some(k), Some(until)) if until > now => Some(Sealed {
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
    pub event_types: &'a EventTypes,
    pub secret: &'a Sealed,
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
                we::event_types.eq(e.event_types.to_stored()),
                we::secret_sealed.eq(&e.secret.ciphertext),
                we::secret_key_id.eq(&e.secret.key_id),
            ),
            (
                we::status.eq(ENABLED),
                we::version.eq(1i64),
                we::created_at.eq(e.now),
                we::updated_at.eq(e.now),
                we::enabled_at.eq(e.now),
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

/// The company's endpoints with the event types each wants: where a journal entry's event goes.
/// A disabled endpoint gets its deliveries too; they wait until it is enabled again.
pub fn subscribed_endpoints(
    conn: &mut DbConn,
    company_id: &CompanyId,
) -> Result<Vec<(WebhookEndpointId, EventTypes)>> {
    let rows: Vec<(String, String)> = we::table
        .filter(we::company_id.eq(company_id.as_str()))
        .select((we::id, we::event_types))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, types)| {
            let corrupt =
                |e: domain::Invalid| crate::Error::Corrupt(format!("webhook_endpoints: {e}"));
            Ok((
                WebhookEndpointId::try_from(id).map_err(corrupt)?,
                EventTypes::try_from(types).map_err(corrupt)?,
            ))
        })
        .collect()
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
    pub event_types: Option<&'a EventTypes>,
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
            .set(we::event_types.eq(t.to_stored()))
            .execute(conn)?;
    }
    if let Some(disabled) = change.disabled {
        let status = if disabled.is_some() {
            DISABLED
        } else {
            // Enabled again: the deliveries that waited get their retries from now.
            diesel::update(row.filter(we::status.eq(DISABLED)))
                .set(we::enabled_at.eq(now))
                .execute(conn)?;
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
    new: &Sealed,
    old: &Sealed,
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

/// Endpoints whose secret, or previous secret, is sealed by another key than `key_id`: what
/// `reseal-pins` seals again.
pub fn secrets_not_sealed_by(
    conn: &mut DbConn,
    key_id: &str,
    limit: i64,
) -> Result<Vec<EndpointRow>> {
    // `previous_secret_key_id <> key` is NULL (not true) where there is no previous secret.
    Ok(we::table
        .filter(
            we::secret_key_id
                .ne(key_id)
                .or(we::previous_secret_key_id.ne(key_id)),
        )
        .order(we::id.asc())
        .limit(limit)
        .select(EndpointRow::as_select())
        .load(conn)?)
}

/// The same secret sealed anew, if the endpoint still holds `old` (a rotation in between wins).
/// `previous` picks the secret before the last rotation; `fresh` = `None` removes that one.
pub fn reseal_secret(
    conn: &mut DbConn,
    id: &WebhookEndpointId,
    previous: bool,
    old: &Sealed,
    fresh: Option<&Sealed>,
) -> Result<bool> {
    let row = we::table.filter(we::id.eq(id.as_str()));
    let n = if previous {
        let row = row.filter(we::previous_secret_sealed.eq(&old.ciphertext));
        match fresh {
            Some(fresh) => diesel::update(row)
                .set((
                    we::previous_secret_sealed.eq(&fresh.ciphertext),
                    we::previous_secret_key_id.eq(&fresh.key_id),
                ))
                .execute(conn)?,
            None => diesel::update(row)
                .set((
                    we::previous_secret_sealed.eq(None::<String>),
                    we::previous_secret_key_id.eq(None::<String>),
                    we::previous_secret_expires_at.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?,
        }
    } else {
        let fresh = fresh.ok_or(crate::Error::NotFound)?;
        diesel::update(row.filter(we::secret_sealed.eq(&old.ciphertext)))
            .set((
                we::secret_sealed.eq(&fresh.ciphertext),
                we::secret_key_id.eq(&fresh.key_id),
            ))
            .execute(conn)?
    };
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
/// Disables an enabled endpoint (its deliveries failed for too long); false if it was not enabled.
pub fn disable(
    conn: &mut DbConn,
    id: &WebhookEndpointId,
    reason: &str,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(we::table.find(id.as_str()).filter(we::status.eq(ENABLED)))
        .set((
            we::status.eq(DISABLED),
            we::disabled_reason.eq(reason),
            we::version.eq(we::version + 1),
            we::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}
