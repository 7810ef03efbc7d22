//! Removing what no longer serves: expired login challenges, ended sessions and their refresh
//! tokens, expired idempotency keys and rate-limit windows, delivered SMS (whose bodies were
//! already erased) and ended BankID identifications. One transaction; safe to run on several instances at once.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::schema::{
    idempotency_keys, login_challenges, outbox, password_resets, phone_changes, rate_limits,
    refresh_tokens, sessions,
};
use crate::{DbConn, Result};

/// How long ended things are kept for support and audit before they go.
pub const GRACE: TimeDelta = TimeDelta::days(1);
/// Idempotency keys are honoured this long (published in the contract).
pub const IDEMPOTENCY_RETENTION: TimeDelta = TimeDelta::hours(24);
/// Delivered messages are kept this long (recipient, subject and time; bodies are erased on sending).
pub const SENT_MESSAGE_RETENTION: TimeDelta = TimeDelta::days(7);

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub challenges: usize,
    pub sessions: usize,
    pub refresh_tokens: usize,
    pub idempotency_keys: usize,
    pub rate_limits: usize,
    pub messages: usize,
    /// Links to create an account that were used or expired.
    pub signup_links: usize,
    /// Addresses an account has not signed in from for [`KNOWN_ADDRESS_RETENTION`].
    pub known_addresses: usize,
    /// Request-quota counters of windows long past.
    pub quota_counters: usize,
    /// Password-reset links and pending mobile-number changes that expired.
    pub resets_and_phone_changes: usize,
    /// BankID identifications that ended a day ago or more.
    pub bankid_attempts: usize,
}

/// An address an account signed in from counts as its own this long.
pub const KNOWN_ADDRESS_RETENTION: TimeDelta = TimeDelta::days(90);

pub fn sweep(conn: &mut DbConn, now: NaiveDateTime) -> Result<Swept> {
    let old = now - GRACE;
    let ended_sessions = sessions::table
        .filter(
            sessions::expires_at
                .lt(old)
                .or(sessions::revoked_at.lt(old)),
        )
        .select(sessions::id);
    let refresh_tokens = diesel::delete(
        refresh_tokens::table.filter(refresh_tokens::session_id.eq_any(ended_sessions)),
    )
    .execute(conn)?;
    let sessions = diesel::delete(
        sessions::table.filter(
            sessions::expires_at
                .lt(old)
                .or(sessions::revoked_at.lt(old)),
        ),
    )
    .execute(conn)?;
    Ok(Swept {
        challenges: diesel::delete(
            login_challenges::table.filter(login_challenges::expires_at.lt(old)),
        )
        .execute(conn)?,
        sessions,
        refresh_tokens,
        idempotency_keys: diesel::delete(
            idempotency_keys::table
                .filter(idempotency_keys::created_at.lt(now - IDEMPOTENCY_RETENTION)),
        )
        .execute(conn)?,
        rate_limits: diesel::delete(rate_limits::table.filter(rate_limits::window_start.lt(old)))
            .execute(conn)?,
        messages: diesel::delete(
            outbox::table.filter(outbox::sent_at.lt(now - SENT_MESSAGE_RETENTION)),
        )
        .execute(conn)?,
        signup_links: crate::signup_links::sweep(conn, old)?,
        known_addresses: crate::known_sign_ins::sweep(conn, now - KNOWN_ADDRESS_RETENTION)?,
        quota_counters: crate::request_quotas::sweep(conn, old.and_utc().timestamp())?,
        resets_and_phone_changes: diesel::delete(
            password_resets::table.filter(password_resets::expires_at.lt(old)),
        )
        .execute(conn)?
            + diesel::delete(phone_changes::table.filter(phone_changes::expires_at.lt(old)))
                .execute(conn)?,
        bankid_attempts: crate::bankid_attempts::delete_ended_before(conn, old)?,
    })
}
