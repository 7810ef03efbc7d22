use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::CallerId;

use crate::schema::idempotency_keys as ik;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ik)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct IdempotencyRow {
    /// Whose key it is.
    #[diesel(deserialize_as = String)]
    pub principal: CallerId,
    pub key: String,
    pub fingerprint: String,
    pub status_code: i32,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub etag: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewIdempotency<'a> {
    pub principal: &'a CallerId,
    pub key: &'a str,
    pub fingerprint: &'a str,
    pub status_code: i32,
    pub body: &'a str,
    pub created_at: NaiveDateTime,
    pub etag: Option<&'a str>,
}

/// The saved response for this principal's key, whatever its age (the caller knows how long
/// a key lives; housekeeping deletes expired ones).
pub fn find(conn: &mut DbConn, principal: &CallerId, key: &str) -> Result<Option<IdempotencyRow>> {
    Ok(ik::table
        .find((principal.as_str(), key))
        .select(IdempotencyRow::as_select())
        .first(conn)
        .optional()?)
}

/// Saves a response; `replace`: the key's expired row, found by the lookup before, goes first.
pub fn save(conn: &mut DbConn, row: &NewIdempotency<'_>, replace: bool) -> Result<()> {
    if replace {
        diesel::delete(ik::table.find((row.principal.as_str(), row.key))).execute(conn)?;
    }
    diesel::insert_into(ik::table)
        .values((
            ik::principal.eq(row.principal.as_str()),
            ik::key.eq(row.key),
            ik::fingerprint.eq(row.fingerprint),
            ik::status_code.eq(row.status_code),
            ik::body.eq(row.body),
            ik::created_at.eq(row.created_at),
            ik::etag.eq(row.etag),
        ))
        .execute(conn)?;
    Ok(())
}
