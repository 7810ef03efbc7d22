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
    /// The last refresh; `None` for sessions from before it was recorded.
    pub last_active_at: Option<NaiveDateTime>,
    pub client_address: Option<String>,
    pub user_agent: Option<String>,
}

impl SessionRow {
    pub fn last_active(&self) -> NaiveDateTime {
        self.last_active_at.unwrap_or(self.created_at)
    }
}

#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub id: &'a SessionId,
    pub account_id: &'a AccountId,
    pub auth_level: AuthLevel,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub client_address: &'a str,
    pub user_agent: Option<&'a str>,
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
            sessions::last_active_at.eq(s.created_at),
            sessions::client_address.eq(s.client_address),
            sessions::user_agent.eq(s.user_agent),
        ))
        .execute(conn)?;
    Ok(())
}

/// The session's level of authentication if it is live at `now` (not revoked, not past its
/// absolute expiry, active since `idle_since`) and belongs to `account_id`: what every
/// authenticated request checks, so revocation takes effect at once. Only the level is read,
/// as the caller has the rest from the token.
pub fn find_live(
    conn: &mut DbConn,
    id: &SessionId,
    account_id: &AccountId,
    now: NaiveDateTime,
    idle_since: NaiveDateTime,
) -> Result<Option<AuthLevel>> {
    let level: Option<String> = on_backend!(conn, |c| sessions::table
        .filter(sessions::id.eq(id.as_str()))
        .filter(sessions::account_id.eq(account_id.as_str()))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .filter(
            sessions::last_active_at
                .gt(idle_since)
                .or(sessions::last_active_at
                    .is_null()
                    .and(sessions::created_at.gt(idle_since)))
        )
        .select(sessions::auth_level)
        .first(c)
        .optional())?;
    level
        .map(|l| crate::typed::parse_one(l, "sessions.auth_level"))
        .transpose()
}

/// The account's live sessions, most recently active first.
pub fn list_live(
    conn: &mut DbConn,
    account_id: &AccountId,
    now: NaiveDateTime,
    idle_since: NaiveDateTime,
) -> Result<Vec<SessionRow>> {
    let mut rows: Vec<SessionRow> = sessions::table
        .filter(sessions::account_id.eq(account_id.as_str()))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .select(SessionRow::as_select())
        .load(conn)?;
    rows.retain(|s| s.last_active() > idle_since);
    rows.sort_by(|a, b| {
        b.last_active()
            .cmp(&a.last_active())
            .then(b.id.as_str().cmp(a.id.as_str()))
    });
    Ok(rows)
}

/// Records a refresh: the idle timeout counts from here.
pub fn touch(conn: &mut DbConn, id: &SessionId, now: NaiveDateTime) -> Result<()> {
    diesel::update(sessions::table.find(id.as_str()))
        .set(sessions::last_active_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Revokes every live session of the account except `keep`; returns how many.
pub fn revoke_all_except(
    conn: &mut DbConn,
    account_id: &AccountId,
    keep: Option<&SessionId>,
    now: NaiveDateTime,
) -> Result<usize> {
    let keep = keep.map_or("", |k| k.as_str());
    Ok(diesel::update(
        sessions::table
            .filter(sessions::account_id.eq(account_id.as_str()))
            .filter(sessions::id.ne(keep))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)?)
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
