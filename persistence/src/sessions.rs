use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{AccountId, AuthLevel, SessionId};

use crate::schema::{refresh_tokens as rt, sessions};
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct SessionRow {
    #[diesel(deserialize_as = String)]
    pub id: SessionId,
    #[diesel(deserialize_as = String)]
    pub account_id: AccountId,
    #[diesel(deserialize_as = String)]
    pub auth_level: AuthLevel,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub id: &'a SessionId,
    pub account_id: &'a AccountId,
    pub auth_level: AuthLevel,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rt)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct RefreshTokenRow {
    pub token_hash: String,
    #[diesel(deserialize_as = String)]
    pub session_id: SessionId,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewRefreshToken<'a> {
    pub token_hash: &'a str,
    pub session_id: &'a SessionId,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, s: &NewSession<'_>) -> Result<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(s.id.as_str()),
            sessions::account_id.eq(s.account_id.as_str()),
            sessions::auth_level.eq(s.auth_level.as_str()),
            sessions::created_at.eq(s.created_at),
            sessions::expires_at.eq(s.expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The session if it is live at `now` (not revoked, not past its absolute expiry) and belongs to
/// `account_id`: what every authenticated request checks, so revocation takes effect at once.
pub fn find_live(
    conn: &mut DbConn,
    id: &SessionId,
    account_id: &AccountId,
    now: NaiveDateTime,
) -> Result<Option<SessionRow>> {
    Ok(on_backend!(conn, |c| sessions::table
        .filter(sessions::id.eq(id.as_str()))
        .filter(sessions::account_id.eq(account_id.as_str()))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .select(SessionRow::as_select())
        .first(c)
        .optional())?)
}

pub fn find(conn: &mut DbConn, id: &SessionId) -> Result<Option<SessionRow>> {
    Ok(sessions::table
        .find(id.as_str())
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn revoke(conn: &mut DbConn, id: &SessionId, now: NaiveDateTime) -> Result<()> {
    diesel::update(
        sessions::table
            .find(id.as_str())
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)?;
    Ok(())
}

pub fn insert_refresh(conn: &mut DbConn, t: &NewRefreshToken<'_>) -> Result<()> {
    diesel::insert_into(rt::table)
        .values((
            rt::token_hash.eq(t.token_hash),
            rt::session_id.eq(t.session_id.as_str()),
            rt::created_at.eq(t.created_at),
            rt::expires_at.eq(t.expires_at),
        ))
        .execute(conn)?;
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
