//! New tokens for a refresh token, which is used up. A used refresh token presented again ends
//! the whole session (it was likely stolen).

use persistence::sessions;

use super::session::{self, Started, Tokens};
use crate::error::{AppError, AppResult, AuthFailure};
use crate::security_events::{self, Event, Kind};
use crate::{ids, App};

pub struct RefreshTokens {
    pub refresh_token: String,
}

enum Outcome {
    Rotated(Started),
    Reused,
    Invalid,
}

pub async fn refresh(app: &App, cmd: RefreshTokens) -> AppResult<Tokens> {
    let token_hash = ids::hash_secret(&cmd.refresh_token);
    let outcome = app
        .write(move |conn, ctx| {
            let now = ctx.now();
            let Some(rt) = sessions::find_refresh(conn, &token_hash)? else {
                return Ok(Outcome::Invalid);
            };
            let Some(s) = sessions::find(conn, &rt.session_id)? else {
                return Ok(Outcome::Invalid);
            };
            if s.revoked_at.is_some() || s.expires_at <= now || s.last_active() + session::IDLE_TIMEOUT <= now {
                return Ok(Outcome::Invalid);
            }
            let reused = rt.used_at.is_some()
                || (rt.expires_at > now && !sessions::use_refresh(conn, &token_hash, now)?);
            if reused {
                sessions::revoke(conn, &s.id, now)?;
                let event = Event::new(Kind::RefreshTokenReused).account(&s.account_id).detail(s.id.as_str());
                security_events::record(conn, event, now)?;
                tracing::warn!(event = "refresh_token_reused", session_id = %s.id, "refresh token reused: session revoked");
                return Ok(Outcome::Reused);
            }
            if rt.expires_at <= now {
                return Ok(Outcome::Invalid);
            }
            sessions::touch(conn, &s.id, now)?;
            let refresh_token = session::new_refresh(conn, &s.id, s.expires_at, now)?;
            Ok(Outcome::Rotated(Started {
                account_id: s.account_id,
                session_id: s.id,
                auth_level: s.auth_level,
                refresh_token,
            }))
        })
        .await?;
    match outcome {
        Outcome::Rotated(started) => session::tokens(app, started),
        Outcome::Reused | Outcome::Invalid => {
            Err(AppError::Unauthenticated(AuthFailure::InvalidRefreshToken))
        }
    }
}
