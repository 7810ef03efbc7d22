use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::idempotency_keys as ik;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ik)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct IdempotencyRow {
    pub principal: String,
    pub key: String,
    pub fingerprint: String,
    pub status_code: i32,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub etag: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = ik)]
pub struct NewIdempotency<'a> {
    pub principal: &'a str,
    pub key: &'a str,
    pub fingerprint: &'a str,
    pub status_code: i32,
    pub body: &'a str,
    pub created_at: NaiveDateTime,
    pub etag: Option<&'a str>,
}

/// The saved response for this principal's key, if saved after `not_before` (older ones expired).
pub fn find(
    conn: &mut DbConn,
    principal: &str,
    key: &str,
    not_before: NaiveDateTime,
) -> Result<Option<IdempotencyRow>> {
    Ok(ik::table
        .find((principal, key))
        .filter(ik::created_at.ge(not_before))
        .select(IdempotencyRow::as_select())
        .first(conn)
        .optional()?)
}

/// Saves a response; an expired row with the same key is replaced.
pub fn save(conn: &mut DbConn, row: &NewIdempotency<'_>, not_before: NaiveDateTime) -> Result<()> {
    diesel::delete(
        ik::table
            .find((row.principal, row.key))
            .filter(ik::created_at.lt(not_before)),
    )
    .execute(conn)?;
    diesel::insert_into(ik::table).values(row).execute(conn)?;
    Ok(())
}
