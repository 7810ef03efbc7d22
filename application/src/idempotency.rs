//! `Idempotency-Key` (Stripe semantics): the first successful reply to a key is saved in the same
//! transaction as the change and replayed, with its headers, for 24 hours to retries of the same
//! request; the same key with another request is a 422. Keys are scoped to the caller.

use std::cell::Cell;

use crate::ProblemCode;
use chrono::{NaiveDateTime, TimeDelta};
use domain::CallerId;
use persistence::{idempotency, DbConn, NewIdempotency};
use sha2::{Digest, Sha256};

use super::error::{AppError, AppResult};

pub const RETENTION: TimeDelta = persistence::housekeeping::IDEMPOTENCY_RETENTION;

/// A client's key and the fingerprint of the request it came with.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    key: String,
    fingerprint: String,
    /// Set by [`IdempotencyKey::replay`] when the key was saved once and has expired: saving
    /// it again replaces that row. Known from the lookup, so a first use costs no delete.
    expired: Cell<bool>,
}

/// What the edge answered the first time, saved as it made it and handed back to a retry: a
/// result code, a body and a version tag. The use cases neither make nor read it (the HTTP layer
/// makes it from their outcome and sends it).
#[derive(Debug, Clone)]
pub struct Reply {
    pub code: u16,
    pub body: String,
    pub tag: Option<String>,
    /// True when this is a saved reply sent again.
    pub replayed: bool,
}

impl IdempotencyKey {
    /// `key` as the client sent it (already checked for form), bound to the request it came with.
    pub fn new(key: &str, method: &str, path: &str, body: &[u8]) -> IdempotencyKey {
        let mut h = Sha256::new();
        h.update(method.as_bytes());
        h.update(b" ");
        h.update(path.as_bytes());
        h.update(b"\n");
        h.update(body);
        IdempotencyKey {
            key: key.to_owned(),
            fingerprint: h.finalize().iter().map(|b| format!("{b:02x}")).collect(),
            expired: Cell::new(false),
        }
    }

    /// The saved reply for this key, if any.
    pub fn replay(
        &self,
        conn: &mut DbConn,
        caller: &CallerId,
        now: NaiveDateTime,
    ) -> AppResult<Option<Reply>> {
        let Some(row) = idempotency::find(conn, caller, &self.key)? else {
            return Ok(None);
        };
        if row.created_at < now - RETENTION {
            self.expired.set(true);
            return Ok(None);
        }
        if row.fingerprint != self.fingerprint {
            return Err(AppError::Unprocessable {
                code: ProblemCode::IdempotencyKeyReused,
                detail: crate::texts::Text::new("problem-idempotency-key-reused"),
                errors: vec![],
            });
        }
        Ok(Some(Reply {
            code: u16::try_from(row.status_code).map_err(|_| {
                AppError::from(persistence::Error::Corrupt(format!(
                    "idempotency reply code {}",
                    row.status_code
                )))
            })?,
            body: row.body,
            tag: row.etag,
            replayed: true,
        }))
    }

    pub fn save(
        &self,
        conn: &mut DbConn,
        caller: &CallerId,
        reply: &Reply,
        now: NaiveDateTime,
    ) -> AppResult<()> {
        idempotency::save(
            conn,
            &NewIdempotency {
                principal: caller,
                key: &self.key,
                fingerprint: &self.fingerprint,
                status_code: i32::from(reply.code),
                body: &reply.body,
                created_at: now,
                etag: reply.tag.as_deref(),
            },
            self.expired.get(),
        )?;
        Ok(())
    }
}
