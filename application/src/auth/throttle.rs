//! Throttling of sign-in, code entry, resends, link use and password resets, with counters in the
//! database so every instance enforces the same limits (fixed 15-minute windows).
//!
//! Limits are per email (whether or not an account has it, so answers do not reveal which emails
//! exist), per account, and per client address. An address over its limit is slowed down for
//! everyone except the accounts that signed in from it before (a company behind one NAT keeps
//! working while a stranger sprays passwords from the same address); an account that is itself
//! under attack is protected by its own limit whatever the address.

use chrono::{NaiveDateTime, TimeDelta};
use domain::{AccountId, ClientAddress};
use persistence::{housekeeping::KNOWN_ADDRESS_RETENTION, known_sign_ins, rate_limits, DbConn};

use crate::error::{AppError, AppResult};

pub const WINDOW: TimeDelta = TimeDelta::minutes(15);
/// Failed password attempts per email per window (NIST 800-63B allows at most 100 in all).
pub const FAILURES_PER_EMAIL: i32 = 10;
/// Failed password attempts per client address per window.
pub const FAILURES_PER_ADDRESS: i32 = 50;
/// Login challenges and resends (SMS) per account per window: limits SMS pumping.
pub const CHALLENGES_PER_ACCOUNT: i32 = 5;
/// Wrong codes per challenge before it dies.
pub const CODE_ATTEMPTS: i32 = 5;
/// Wrong codes per account per window, over all its challenges.
pub const WRONG_CODES_PER_ACCOUNT: i32 = 10;
/// Wrong codes per client address per window.
pub const WRONG_CODES_PER_ADDRESS: i32 = 50;
/// Codes re-sent per client address per window.
pub const RESENDS_PER_ADDRESS: i32 = 30;

/// A counter: its key and its limit per window.
#[derive(Debug, Clone)]
pub struct Limit {
    key: String,
    max: i32,
}

impl Limit {
    pub fn new(key: String, max: i32) -> Limit {
        Limit { key, max }
    }

    /// `what` from one place: the caller's network (`ClientAddress::network`: an IPv6 caller by
    /// its prefix), the one notion every per-address limit counts by.
    pub fn per_address(what: &str, address: &ClientAddress, max: i32) -> Limit {
        Self::new(format!("{what}-addr:{}", address.network()), max)
    }

    /// Failed sign-ins naming this email.
    pub fn email(email: &str) -> Limit {
        Self::new(
            format!("login-email:{}", crate::ids::hash_secret(email)),
            FAILURES_PER_EMAIL,
        )
    }

    /// Failed sign-ins from this address.
    pub fn sign_in_address(address: &ClientAddress) -> Limit {
        Self::per_address("login", address, FAILURES_PER_ADDRESS)
    }

    /// SMS codes sent to this account.
    pub fn sms(account_id: &AccountId) -> Limit {
        Self::new(format!("sms:{account_id}"), CHALLENGES_PER_ACCOUNT)
    }

    /// Wrong codes for this account.
    pub fn code_account(account_id: &AccountId) -> Limit {
        Self::new(format!("code-acct:{account_id}"), WRONG_CODES_PER_ACCOUNT)
    }

    /// Wrong codes from this address.
    pub fn code_address(address: &ClientAddress) -> Limit {
        Self::per_address("code", address, WRONG_CODES_PER_ADDRESS)
    }

    /// Codes re-sent from this address.
    pub fn resend_address(address: &ClientAddress) -> Limit {
        Self::per_address("resend", address, RESENDS_PER_ADDRESS)
    }

    /// Seconds until the window ends, if the limit is reached.
    fn reached(&self, conn: &mut DbConn, now: NaiveDateTime) -> AppResult<Option<u64>> {
        let (hits, window_end) = rate_limits::current(conn, &self.key, WINDOW, now)?;
        Ok((hits >= self.max).then(|| (window_end - now).num_seconds().max(1).unsigned_abs()))
    }

    pub fn reset(&self, conn: &mut DbConn) -> AppResult<()> {
        Ok(rate_limits::reset(conn, &self.key)?)
    }
}

fn limited(retry_after_secs: u64) -> AppError {
    AppError::RateLimited { retry_after_secs }
}

/// 429 if any counter reached its limit.
pub fn check(conn: &mut DbConn, limits: &[&Limit], now: NaiveDateTime) -> AppResult<()> {
    for limit in limits {
        if let Some(secs) = limit.reached(conn, now)? {
            return Err(limited(secs));
        }
    }
    Ok(())
}

/// 429 if an address counter reached its limit, unless `account` signed in from that address
/// before: the address is slowed down for strangers, not for the people who work behind it.
pub fn check_address(
    conn: &mut DbConn,
    limit: &Limit,
    account: Option<&AccountId>,
    address: &ClientAddress,
    now: NaiveDateTime,
) -> AppResult<()> {
    let Some(secs) = limit.reached(conn, now)? else {
        return Ok(());
    };
    match account {
        Some(id)
            if known_sign_ins::seen_since(
                conn,
                id,
                &address_hash(address),
                now - KNOWN_ADDRESS_RETENTION,
            )? =>
        {
            Ok(())
        }
        _ => Err(limited(secs)),
    }
}

/// Counts one hit on each counter.
pub fn count(conn: &mut DbConn, limits: &[&Limit], now: NaiveDateTime) -> AppResult<()> {
    for limit in limits {
        rate_limits::hit(conn, &limit.key, WINDOW, now)?;
    }
    Ok(())
}

/// Remembers that `account` completed a sign-in from `address`.
pub fn remember_address(
    conn: &mut DbConn,
    account: &AccountId,
    address: &ClientAddress,
    now: NaiveDateTime,
) -> AppResult<()> {
    Ok(known_sign_ins::remember(
        conn,
        account,
        &address_hash(address),
        now,
    )?)
}

/// Addresses are personal data: only their hash is kept with the account. Known by the network
/// the limits count, so a person whose IPv6 address changes within the prefix stays known.
fn address_hash(address: &ClientAddress) -> String {
    crate::ids::hash_secret(&format!("address:{}", address.network()))
}
