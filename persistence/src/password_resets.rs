//! Links to set a new password. Only the token's hash is stored; a link works once, and asking
//! for a new one ends the older ones.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::AccountId;

use crate::schema::password_resets as pr;
use crate::{DbConn, Result};

pub fn insert(
    conn: &mut DbConn,
    token_hash: &str,
    account_id: &AccountId,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::insert_into(pr::table)
        .values((
            pr::token_hash.eq(token_hash),
            pr::account_id.eq(account_id.as_str()),
            pr::created_at.eq(now),
            pr::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Uses the link if it is unused and unexpired and returns its account. The conditional update
/// makes two concurrent uses leave exactly one winner.
pub fn redeem(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<AccountId>> {
    let n = diesel::update(
        pr::table
            .filter(pr::token_hash.eq(token_hash))
            .filter(pr::used_at.is_null())
            .filter(pr::expires_at.gt(now)),
    )
    .set(pr::used_at.eq(now))
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    let id: String = pr::table
        .find(token_hash)
        .select(pr::account_id)
        .first(conn)?;
    Ok(AccountId::parse(&id))
}

/// Ends every unused link of the account (a newer one was sent, or the password was changed).
pub fn end_all(conn: &mut DbConn, account_id: &AccountId, now: NaiveDateTime) -> Result<usize> {
    Ok(diesel::update(
        pr::table
            .filter(pr::account_id.eq(account_id.as_str()))
            .filter(pr::used_at.is_null()),
    )
    .set(pr::used_at.eq(now))
    .execute(conn)?)
}

/// Whether the link is unused and unexpired (before the costly password hash is made).
pub fn is_live(conn: &mut DbConn, token_hash: &str, now: NaiveDateTime) -> Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        pr::table
            .filter(pr::token_hash.eq(token_hash))
            .filter(pr::used_at.is_null())
            .filter(pr::expires_at.gt(now)),
    ))
    .get_result(conn)?)
}
