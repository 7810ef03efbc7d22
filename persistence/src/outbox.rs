use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::sms_outbox as so;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = so)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct SmsRow {
    pub id: String,
    pub recipient: String,
    pub body: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = so)]
pub struct NewSms<'a> {
    pub id: &'a str,
    pub recipient: &'a str,
    pub body: &'a str,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

/// Queues a message; call it inside the transaction of the change it reports.
pub fn enqueue(conn: &mut DbConn, m: &NewSms<'_>) -> Result<()> {
    diesel::insert_into(so::table).values(m).execute(conn)?;
    Ok(())
}

/// Claims up to `limit` due messages until `lock_until`, so that another worker (another
/// instance) does not send them too. Each claim is a conditional update: exactly one claimer wins.
pub fn claim_due(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lock_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<SmsRow>> {
    let due: Vec<SmsRow> = so::table
        .filter(so::sent_at.is_null())
        .filter(so::next_attempt_at.le(now))
        .filter(so::locked_until.is_null().or(so::locked_until.lt(now)))
        .order(so::next_attempt_at.asc())
        .limit(limit)
        .select(SmsRow::as_select())
        .load(conn)?;
    let mut claimed = Vec::with_capacity(due.len());
    for row in due {
        let n = diesel::update(
            so::table
                .find(&row.id)
                .filter(so::sent_at.is_null())
                .filter(so::locked_until.is_null().or(so::locked_until.lt(now))),
        )
        .set(so::locked_until.eq(lock_until))
        .execute(conn)?;
        if n == 1 {
            claimed.push(row);
        }
    }
    Ok(claimed)
}

/// Delivered: the body (it may hold a one-time code) is erased.
pub fn mark_sent(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> Result<()> {
    diesel::update(so::table.find(id))
        .set((
            so::sent_at.eq(now),
            so::body.eq(""),
            so::locked_until.eq(None::<NaiveDateTime>),
            so::attempts.eq(so::attempts + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// Failed: try again at `retry_at`.
pub fn mark_failed(
    conn: &mut DbConn,
    id: &str,
    error: &str,
    retry_at: NaiveDateTime,
) -> Result<()> {
    diesel::update(so::table.find(id))
        .set((
            so::attempts.eq(so::attempts + 1),
            so::last_error.eq(error),
            so::next_attempt_at.eq(retry_at),
            so::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}
