//! Your sessions: where you are signed in, and ending any of them.

use chrono::NaiveDateTime;
use domain::{AuthLevel, SessionId};
use persistence::{sessions, DbConn};

use crate::error::{AppError, AppResult};
use crate::principal::Person;
use crate::security_events::{self, Event, Kind};
use crate::sign_in::session::IDLE_TIMEOUT;
use crate::Context;

/// A live session as its owner sees it.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub id: SessionId,
    pub auth_level: AuthLevel,
    pub created_at: NaiveDateTime,
    pub last_active_at: NaiveDateTime,
    /// When it ends unless refreshed before (the 30-minute idle timeout).
    pub idle_expires_at: NaiveDateTime,
    /// When it ends whatever happens (12 hours after sign-in).
    pub expires_at: NaiveDateTime,
    pub client_address: Option<String>,
    pub user_agent: Option<String>,
    /// The session of the token making this request.
    pub current: bool,
}

/// The caller's live sessions, most recently active first.
pub fn list(conn: &mut DbConn, who: &Person, _: (), ctx: &Context) -> AppResult<Vec<SessionInfo>> {
    let now = ctx.now();
    let rows = sessions::list_live(conn, who.account_id(), now, now - IDLE_TIMEOUT)?;
    Ok(rows
        .into_iter()
        .map(|s| SessionInfo {
            current: &s.id == who.session_id(),
            last_active_at: s.last_active(),
            idle_expires_at: (s.last_active() + IDLE_TIMEOUT).min(s.expires_at),
            id: s.id,
            auth_level: s.auth_level,
            created_at: s.created_at,
            expires_at: s.expires_at,
            client_address: s.client_address,
            user_agent: s.user_agent,
        })
        .collect())
}

/// Ends one of the caller's sessions (the current one too: that is signing out). Its access and
/// refresh tokens stop working at once. 404 for a session that is not the caller's or not live.
pub fn revoke(conn: &mut DbConn, who: &Person, id: SessionId, ctx: &Context) -> AppResult<()> {
    let now = ctx.now();
    sessions::find_live(conn, &id, who.account_id(), now, now - IDLE_TIMEOUT)?
        .ok_or(AppError::NotFound)?;
    sessions::revoke(conn, &id, now)?;
    let event = Event::new(Kind::SessionRevoked)
        .account(who.account_id())
        .detail(id.as_str());
    security_events::record(conn, event, now)?;
    tracing::info!(event = "session_revoked", session_id = %id, by_session = %who.session_id(), "session revoked by its owner");
    Ok(())
}
