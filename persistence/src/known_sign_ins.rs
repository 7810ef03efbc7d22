//! Addresses (hashed) each account signed in from, for throttling that spares an account's own
//! address while strangers' failures from it are being slowed down.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::AccountId;

use crate::schema::known_sign_ins as ks;
use crate::{DbConn, Result};

/// Records a full sign-in of `account_id` from the address with this hash.
pub fn remember(
    conn: &mut DbConn,
    account_id: &AccountId,
    address_hash: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let values = (
        ks::account_id.eq(account_id.as_str()),
        ks::address_hash.eq(address_hash),
        ks::last_at.eq(now),
    );
    // Upsert does not compile through the multi-connection, so each backend runs its own.
    on_backend!(conn, |c| diesel::insert_into(ks::table)
        .values(values)
        .on_conflict((ks::account_id, ks::address_hash))
        .do_update()
        .set(ks::last_at.eq(now))
        .execute(c))?;
    Ok(())
}

/// Whether `account_id` signed in from the address since `since`.
pub fn seen_since(
    conn: &mut DbConn,
    account_id: &AccountId,
    address_hash: &str,
    since: NaiveDateTime,
) -> Result<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        ks::table
            .filter(ks::account_id.eq(account_id.as_str()))
            .filter(ks::address_hash.eq(address_hash))
            .filter(ks::last_at.gt(since)),
    ))
    .get_result(conn)?)
}

/// Forgets addresses not used since `before` (housekeeping).
pub fn sweep(conn: &mut DbConn, before: NaiveDateTime) -> Result<usize> {
    Ok(diesel::delete(ks::table.filter(ks::last_at.lt(before))).execute(conn)?)
}
