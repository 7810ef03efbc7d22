//! Throttling of sign-in, with counters in the database so every instance enforces the same
//! limits. Limits are per email (whether or not an account has it, so answers do not reveal
//! which emails exist), per client address, and SMS sends per account.

use chrono::{NaiveDateTime, TimeDelta};
use persistence::{rate_limits, DbConn};

use crate::app::error::{AppError, AppResult};

pub const WINDOW: TimeDelta = TimeDelta::minutes(15);
/// Failed password attempts per email per window (NIST 800-63B allows at most 100).
pub const FAILURES_PER_EMAIL: i32 = 10;
/// Failed password attempts per client address per window.
pub const FAILURES_PER_ADDRESS: i32 = 50;
/// Login challenges (SMS) per account per window: limits SMS pumping.
pub const CHALLENGES_PER_ACCOUNT: i32 = 5;
/// Wrong codes per challenge before it dies.
pub const CODE_ATTEMPTS: i32 = 5;

pub fn email_key(email: &str) -> String {
    format!("login-email:{}", crate::app::ids::hash_secret(email))
}

pub fn address_key(addr: &str) -> String {
    format!("login-addr:{addr}")
}

pub fn sms_key(account_id: &str) -> String {
    format!("sms:{account_id}")
}

/// 429 if any counter reached its limit.
pub fn check(conn: &mut DbConn, limits: &[(&str, i32)], now: NaiveDateTime) -> AppResult<()> {
    for (key, limit) in limits {
        let (hits, window_end) = rate_limits::current(conn, key, WINDOW, now)?;
        if hits >= *limit {
            let secs = (window_end - now).num_seconds().max(1);
            return Err(AppError::RateLimited {
                retry_after_secs: secs.unsigned_abs(),
            });
        }
    }
    Ok(())
}

pub fn count(conn: &mut DbConn, keys: &[&str], now: NaiveDateTime) -> AppResult<()> {
    for key in keys {
        rate_limits::hit(conn, key, WINDOW, now)?;
    }
    Ok(())
}
