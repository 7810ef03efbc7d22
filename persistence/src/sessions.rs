use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{refresh_tokens as rt, sessions};
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct SessionRow {
    pub id: String,
    pub account_id: String,
    pub auth_level: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub auth_level: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rt)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct RefreshTokenRow {
    pub token_hash: String,
    pub session_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = rt)]
pub struct NewRefreshToken<'a> {
    pub token_hash: &'a str,
    pub session_id: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, s: &NewSession<'_>) -> Result<()> {
    diesel::insert_into(sessions::table)
        .values(s)
        .execute(conn)?;
    Ok(())
}

/// The session if it is live at `now` (not revoked, not past its absolute expiry) and belongs to
/// `account_id`: what every authenticated request checks, so revocation takes effect at once.
pub fn is_live(conn: &mut DbConn, id: &str, account_id: &str, now: NaiveDateTime) -> Result<bool> {
    let n: i64 = sessions::table
        .filter(sessions::id.eq(id))
        .filter(sessions::account_id.eq(account_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .count()
        .get_result(conn)?;
    Ok(n == 1)
}

pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<SessionRow>> {
    Ok(sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn revoke(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> Result<()> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)?;
    Ok(())
}

pub fn insert_refresh(conn: &mut DbConn, t: &NewRefreshToken<'_>) -> Result<()> {
    diesel::insert_into(rt::table).values(t).execute(conn)?;
    Ok(())
}

pub fn find_refresh(conn: &mut DbConn, token_hash: &str) -> Result<Option<RefreshTokenRow>> {
    Ok(rt::table
        .find(token_hash)
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .optional()?)
}

/// Marks a refresh token rotated; false if it already was (a reuse, or a concurrent refresh).
pub fn use_refresh(conn: &mut DbConn, token_hash: &str, now: NaiveDateTime) -> Result<bool> {
    let n = diesel::update(rt::table.find(token_hash).filter(rt::used_at.is_null()))
        .set(rt::used_at.eq(now))
        .execute(conn)?;
    Ok(n == 1)
}
