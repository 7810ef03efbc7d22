//! The authenticated caller. The extractor checks the token (signature, claims) without I/O; the
//! session is checked in the handler's own database call through [`Bearer::session`], so a
//! revoked session stops working at once and each request makes one trip to the database.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use persistence::{sessions, DbConn};

use super::token::Claims;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// A request with a valid access token. Its session is not yet checked.
#[derive(Debug, Clone)]
pub struct Bearer(Claims);

/// A cardholder with a live session.
#[derive(Debug, Clone)]
pub struct Cardholder {
    pub account_id: String,
    pub session_id: String,
    /// Signed in with the SMS second factor.
    pub second_factor: bool,
}

impl Bearer {
    /// The token's account and session, not yet checked against the database.
    pub fn subject(&self) -> (&str, &str) {
        (&self.0.sub, &self.0.sid)
    }

    /// The caller, if the token's session is still live.
    pub fn session(&self, conn: &mut DbConn, now: chrono::NaiveDateTime) -> ApiResult<Cardholder> {
        if sessions::is_live(conn, &self.0.sid, &self.0.sub, now)? {
            Ok(Cardholder {
                account_id: self.0.sub.clone(),
                session_id: self.0.sid.clone(),
                second_factor: self.0.amr.iter().any(|m| m == "sms"),
            })
        } else {
            Err(ApiError::unauthenticated())
        }
    }
}

impl FromRequest for Bearer {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(extract(req))
    }
}

fn extract(req: &HttpRequest) -> Result<Bearer, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal("app state missing".into()))?;
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(ApiError::unauthenticated)?;
    let (scheme, token) = value
        .split_once(' ')
        .ok_or_else(ApiError::unauthenticated)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::unauthenticated());
    }
    state
        .keys
        .verify(token.trim())
        .map(Bearer)
        .ok_or_else(ApiError::unauthenticated)
}
