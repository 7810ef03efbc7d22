use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::login_challenges as lc;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = lc)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct ChallengeRow {
    pub id: String,
    pub account_id: String,
    pub code_hash: String,
    pub attempts: i32,
    pub sends: i32,
    pub expires_at: NaiveDateTime,
    pub last_sent_at: NaiveDateTime,
    pub consumed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = lc)]
pub struct NewChallenge<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub code_hash: &'a str,
    pub attempts: i32,
    pub sends: i32,
    pub expires_at: NaiveDateTime,
    pub last_sent_at: NaiveDateTime,
    pub consumed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, c: &NewChallenge<'_>) -> Result<()> {
    diesel::insert_into(lc::table).values(c).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<ChallengeRow>> {
    Ok(lc::table
        .find(id)
        .select(ChallengeRow::as_select())
        .first(conn)
        .optional()?)
}

/// Counts one wrong code.
pub fn record_wrong_code(conn: &mut DbConn, id: &str) -> Result<()> {
    diesel::update(lc::table.find(id))
        .set(lc::attempts.eq(lc::attempts + 1))
        .execute(conn)?;
    Ok(())
}

/// Marks the challenge used; false if it already was (a concurrent verify won).
pub fn consume(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> Result<bool> {
    let n = diesel::update(lc::table.find(id).filter(lc::consumed_at.is_null()))
        .set(lc::consumed_at.eq(now))
        .execute(conn)?;
    Ok(n == 1)
}

/// A new code for the same challenge (resend): the old code stops working.
pub fn replace_code(
    conn: &mut DbConn,
    id: &str,
    code_hash: &str,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::update(lc::table.find(id))
        .set((
            lc::code_hash.eq(code_hash),
            lc::expires_at.eq(expires_at),
            lc::last_sent_at.eq(now),
            lc::sends.eq(lc::sends + 1),
        ))
        .execute(conn)?;
    Ok(())
}
