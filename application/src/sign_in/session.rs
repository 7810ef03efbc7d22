//! Starting a session, its refresh tokens, and the tokens a client receives.

use chrono::{NaiveDateTime, TimeDelta};
use domain::{AccountId, AuthLevel, SessionId};
use persistence::{sessions, DbConn, NewRefreshToken, NewSession};

use crate::auth::token::{SessionGrant, ACCESS_TTL_SECS};
use crate::error::{AppError, AppResult};
use crate::{ids, App};

/// A session's absolute lifetime: after it, sign in again.
pub const SESSION_TTL: TimeDelta = TimeDelta::hours(12);
/// A session not refreshed this long ends (the idle timeout); its refresh token expires with it.
pub const IDLE_TIMEOUT: TimeDelta = TimeDelta::minutes(30);

/// Where a session was started from, as its owner sees it in the session list.
#[derive(Debug, Clone)]
pub struct Origin {
    pub client_address: domain::ClientAddress,
    /// The client's `User-Agent`, cut to 200 characters.
    pub user_agent: Option<String>,
}

/// A session that was started or refreshed, and its new refresh token.
#[derive(Debug)]
pub struct Started {
    pub account_id: AccountId,
    pub session_id: SessionId,
    pub auth_level: AuthLevel,
    pub refresh_token: String,
}

/// What a signed-in client holds.
#[derive(Debug)]
pub struct Tokens {
    pub access_token: String,
    pub expires_in: i64,
    pub refresh_token: String,
}

pub fn start(
    conn: &mut DbConn,
    account_id: &AccountId,
    auth_level: AuthLevel,
    origin: &Origin,
    now: NaiveDateTime,
) -> AppResult<Started> {
    let session_id: SessionId = ids::new();
    let expires_at = now + SESSION_TTL;
    // The session keeps the full address (the limits count its network).
    let client_address = origin.client_address.to_string();
    sessions::insert(
        conn,
        &NewSession {
            id: &session_id,
            account_id,
            auth_level,
            created_at: now,
            expires_at,
            client_address: &client_address,
            user_agent: origin.user_agent.as_deref(),
        },
    )?;
    let refresh_token = new_refresh(conn, &session_id, expires_at, now)?;
    Ok(Started {
        account_id: account_id.clone(),
        session_id,
        auth_level,
        refresh_token,
    })
}

/// A new refresh token of the session, stored hashed.
pub fn new_refresh(
    conn: &mut DbConn,
    session_id: &SessionId,
    session_expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<String> {
    let token = ids::new_secret("rt");
    sessions::insert_refresh(
        conn,
        &NewRefreshToken {
            token_hash: &ids::hash_secret(&token),
            session_id,
            created_at: now,
            expires_at: (now + IDLE_TIMEOUT).min(session_expires_at),
        },
    )?;
    Ok(token)
}

/// Signs the access token of a session.
pub fn tokens(app: &App, s: Started) -> AppResult<Tokens> {
    let access_token = app
        .keys
        .issue(
            &SessionGrant {
                account_id: &s.account_id,
                session_id: &s.session_id,
                auth_level: s.auth_level,
                roles: &[],
            },
            app.clock.unix(),
        )
        .map_err(AppError::Internal)?;
    Ok(Tokens {
        access_token,
        expires_in: ACCESS_TTL_SECS,
        refresh_token: s.refresh_token,
    })
}
