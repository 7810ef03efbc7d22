//! `Idempotency-Key` (Stripe semantics): the first successful response to a key is saved in the
//! same transaction as the change and replayed for 24 hours to retries with the same body; the
//! same key with another body is a 422. Keys are scoped to the caller.

use actix_web::http::StatusCode;
use actix_web::HttpRequest;
use chrono::{NaiveDateTime, TimeDelta};
use persistence::{idempotency, DbConn, NewIdempotency};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};

pub const HEADER: &str = "Idempotency-Key";
/// 1 to 255 visible ASCII characters.
pub const PATTERN: &str = "^[!-~]{1,255}$";
pub const RETENTION: TimeDelta = persistence::housekeeping::IDEMPOTENCY_RETENTION;

pub struct IdempotencyKey {
    key: String,
    fingerprint: String,
}

/// A saved (or fresh) response to return.
pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    pub etag: Option<String>,
    pub replayed: bool,
}

impl IdempotencyKey {
    /// The request's key, if it sent one: 1 to 255 visible ASCII characters, else 400.
    pub fn from_request(req: &HttpRequest, body: &[u8]) -> ApiResult<Option<IdempotencyKey>> {
        // An empty field value is the same as no header.
        let Some(value) = req
            .headers()
            .get(HEADER)
            .filter(|v| !v.as_bytes().iter().all(u8::is_ascii_whitespace))
        else {
            return Ok(None);
        };
        let key =
            value.to_str().ok().map(str::trim).filter(|k| {
                !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic())
            });
        let Some(key) = key else {
            return Err(ApiError::BadRequest {
                code: "invalid_idempotency_key",
                detail: "Idempotency-Key must be 1 to 255 visible ASCII characters.".into(),
            });
        };
        let mut h = Sha256::new();
        h.update(req.method().as_str().as_bytes());
        h.update(b" ");
        h.update(req.path().as_bytes());
        h.update(b"\n");
        h.update(body);
        let fingerprint = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        Ok(Some(IdempotencyKey {
            key: key.to_owned(),
            fingerprint,
        }))
    }

    /// The saved reply for this key, if any.
    pub fn replay(
        &self,
        conn: &mut DbConn,
        principal: &str,
        now: NaiveDateTime,
    ) -> ApiResult<Option<Reply>> {
        let Some(row) = idempotency::find(conn, principal, &self.key, now - RETENTION)? else {
            return Ok(None);
        };
        if row.fingerprint != self.fingerprint {
            return Err(ApiError::Unprocessable {
                code: "idempotency_key_reused",
                detail: "This Idempotency-Key was used with another request. Use a new key for a new request.".into(),
                errors: vec![],
            });
        }
        let status = u16::try_from(row.status_code)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::OK);
        Ok(Some(Reply {
            status,
            body: row.body,
            etag: None,
            replayed: true,
        }))
    }

    pub fn save(
        &self,
        conn: &mut DbConn,
        principal: &str,
        reply: &Reply,
        now: NaiveDateTime,
    ) -> ApiResult<()> {
        idempotency::save(
            conn,
            &NewIdempotency {
                principal,
                key: &self.key,
                fingerprint: &self.fingerprint,
                status_code: i32::from(reply.status.as_u16()),
                body: &reply.body,
                created_at: now,
            },
            now - RETENTION,
        )?;
        Ok(())
    }
}
