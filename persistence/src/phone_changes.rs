//! A new mobile number waiting for the code sent to it. Only the code's hash is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{AccountId, PhoneChangeId};

use crate::schema::phone_changes as pc;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pc)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct PhoneChangeRow {
    #[diesel(deserialize_as = String)]
    pub id: PhoneChangeId,
    #[diesel(deserialize_as = String)]
    pub account_id: AccountId,
    pub phone: String,
    pub code_hash: String,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub consumed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewPhoneChange<'a> {
    pub id: &'a PhoneChangeId,
    pub account_id: &'a AccountId,
    pub phone: &'a str,
    pub code_hash: &'a str,
    pub expires_at: NaiveDateTime,
    pub now: NaiveDateTime,
}

/// Starts a change; earlier pending changes of the account end (only the newest code works).
pub fn insert(conn: &mut DbConn, c: &NewPhoneChange<'_>) -> Result<()> {
    diesel::update(
        pc::table
            .filter(pc::account_id.eq(c.account_id.as_str()))
            .filter(pc::consumed_at.is_null()),
    )
    .set(pc::consumed_at.eq(c.now))
    .execute(conn)?;
    diesel::insert_into(pc::table)
        .values((
            pc::id.eq(c.id.as_str()),
            pc::account_id.eq(c.account_id.as_str()),
            pc::phone.eq(c.phone),
            pc::code_hash.eq(c.code_hash),
            pc::attempts.eq(0),
            pc::created_at.eq(c.now),
            pc::expires_at.eq(c.expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The change `id` of `account_id`, if there is one.
pub fn find(
    conn: &mut DbConn,
    id: &PhoneChangeId,
    account_id: &AccountId,
) -> Result<Option<PhoneChangeRow>> {
    Ok(pc::table
        .filter(pc::id.eq(id.as_str()))
        .filter(pc::account_id.eq(account_id.as_str()))
        .select(PhoneChangeRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn record_wrong_code(conn: &mut DbConn, id: &PhoneChangeId) -> Result<()> {
    diesel::update(pc::table.find(id.as_str()))
        .set(pc::attempts.eq(pc::attempts + 1))
        .execute(conn)?;
    Ok(())
}

/// Marks the change done; false if it already was (a concurrent confirmation won).
pub fn consume(conn: &mut DbConn, id: &PhoneChangeId, now: NaiveDateTime) -> Result<bool> {
    let n = diesel::update(
        pc::table
            .find(id.as_str())
            .filter(pc::consumed_at.is_null()),
    )
    .set(pc::consumed_at.eq(now))
    .execute(conn)?;
    Ok(n == 1)
}
