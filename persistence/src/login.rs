use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{AccountId, ChallengeId};

use crate::schema::login_challenges as lc;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = lc)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct ChallengeRow {
    #[diesel(deserialize_as = String)]
    pub id: ChallengeId,
    #[diesel(deserialize_as = String)]
    pub account_id: AccountId,
    pub code_hash: String,
    pub attempts: i32,
    pub sends: i32,
    pub expires_at: NaiveDateTime,
    pub last_sent_at: NaiveDateTime,
    pub consumed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewChallenge<'a> {
    pub id: &'a ChallengeId,
    pub account_id: &'a AccountId,
    pub code_hash: &'a str,
    pub expires_at: NaiveDateTime,
    pub last_sent_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, c: &NewChallenge<'_>) -> Result<()> {
    diesel::insert_into(lc::table)
        .values((
            lc::id.eq(c.id.as_str()),
            lc::account_id.eq(c.account_id.as_str()),
            lc::code_hash.eq(c.code_hash),
            lc::attempts.eq(0),
            lc::sends.eq(1),
            lc::expires_at.eq(c.expires_at),
            lc::last_sent_at.eq(c.last_sent_at),
            lc::created_at.eq(c.created_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &ChallengeId) -> Result<Option<ChallengeRow>> {
    Ok(lc::table
        .find(id.as_str())
        .select(ChallengeRow::as_select())
        .first(conn)
        .optional()?)
}

/// Counts one wrong code.
pub fn record_wrong_code(conn: &mut DbConn, id: &ChallengeId) -> Result<()> {
    diesel::update(lc::table.find(id.as_str()))
        .set(lc::attempts.eq(lc::attempts + 1))
        .execute(conn)?;
    Ok(())
}

/// Marks the challenge used; false if it already was (a concurrent verify won).
pub fn consume(conn: &mut DbConn, id: &ChallengeId, now: NaiveDateTime) -> Result<bool> {
    let n = diesel::update(
        lc::table
            .find(id.as_str())
            .filter(lc::consumed_at.is_null()),
    )
    .set(lc::consumed_at.eq(now))
    .execute(conn)?;
    Ok(n == 1)
}

/// A new code for the same challenge (resend): the old code stops working.
pub fn replace_code(
    conn: &mut DbConn,
    id: &ChallengeId,
    code_hash: &str,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::update(lc::table.find(id.as_str()))
        .set((
            lc::code_hash.eq(code_hash),
            lc::expires_at.eq(expires_at),
            lc::last_sent_at.eq(now),
            lc::sends.eq(lc::sends + 1),
        ))
        .execute(conn)?;
    Ok(())
}
