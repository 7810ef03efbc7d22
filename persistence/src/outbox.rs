//! The transactional outbox: one queue for every channel (SMS, email), claimed by workers so that
//! each message is sent once even with several instances.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{Channel, MessageId};

use crate::schema::outbox as ob;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ob)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct MessageRow {
    #[diesel(deserialize_as = String)]
    pub id: MessageId,
    #[diesel(deserialize_as = String)]
    pub channel: Channel,
    pub recipient: String,
    pub subject: Option<String>,
    pub body: String,
    pub link: Option<String>,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    pub id: &'a MessageId,
    pub channel: Channel,
    pub recipient: &'a str,
    pub subject: Option<&'a str>,
    pub body: &'a str,
    pub link: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

/// Queues a message; call it inside the transaction of the change it reports.
pub fn enqueue(conn: &mut DbConn, m: &NewMessage<'_>) -> Result<()> {
    diesel::insert_into(ob::table)
        .values((
            ob::id.eq(m.id.as_str()),
            ob::channel.eq(m.channel.as_str()),
            ob::recipient.eq(m.recipient),
            ob::subject.eq(m.subject),
            ob::body.eq(m.body),
            ob::link.eq(m.link),
            ob::attempts.eq(0),
            ob::next_attempt_at.eq(m.created_at),
            ob::created_at.eq(m.created_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Claims up to `limit` due messages of `channel` until `lock_until`, so that another worker
/// (another instance) does not send them too. The claim is one conditional update of them all:
/// of two claimers, each message goes to one.
pub fn claim_due(
    conn: &mut DbConn,
    channel: Channel,
    now: NaiveDateTime,
    lock_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<MessageRow>> {
    let due: Vec<MessageRow> = ob::table
        .filter(ob::channel.eq(channel.as_str()))
        .filter(ob::sent_at.is_null())
        .filter(ob::next_attempt_at.le(now))
        .filter(ob::locked_until.is_null().or(ob::locked_until.lt(now)))
        .order(ob::next_attempt_at.asc())
        .limit(limit)
        .select(MessageRow::as_select())
        .load(conn)?;
    if due.is_empty() {
        return Ok(due);
    }
    let ids: Vec<&str> = due.iter().map(|m| m.id.as_str()).collect();
    let won: Vec<String> = on_backend!(conn, |c| diesel::update(
        ob::table
            .filter(ob::id.eq_any(&ids))
            .filter(ob::sent_at.is_null())
            .filter(ob::locked_until.is_null().or(ob::locked_until.lt(now))),
    )
    .set(ob::locked_until.eq(lock_until))
    .returning(ob::id)
    .get_results(c))?;
    let won: std::collections::HashSet<String> = won.into_iter().collect();
    Ok(due
        .into_iter()
        .filter(|m| won.contains(m.id.as_str()))
        .collect())
}

/// Delivered: the body and link (they may hold a one-time code or a single-use token) are erased.
/// One statement for a batch.
pub fn mark_sent(conn: &mut DbConn, ids: &[&MessageId], now: NaiveDateTime) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(ob::table.filter(ob::id.eq_any(ids.iter().map(|id| id.as_str()))))
        .set((
            ob::sent_at.eq(now),
            ob::body.eq(""),
            ob::link.eq(None::<String>),
            ob::locked_until.eq(None::<NaiveDateTime>),
            ob::attempts.eq(ob::attempts + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// Handed back unsent (the instance is stopping): free for any worker at once.
pub fn release(conn: &mut DbConn, id: &MessageId) -> Result<()> {
    diesel::update(ob::table.find(id.as_str()))
        .set(ob::locked_until.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    Ok(())
}

/// Failed: try again at `retry_at`.
pub fn mark_failed(
    conn: &mut DbConn,
    id: &MessageId,
    error: &str,
    retry_at: NaiveDateTime,
) -> Result<()> {
    diesel::update(ob::table.find(id.as_str()))
        .set((
            ob::attempts.eq(ob::attempts + 1),
            ob::last_error.eq(error),
            ob::next_attempt_at.eq(retry_at),
            ob::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// How many messages of `channel` wait and since when (the oldest's creation): for `/metrics`.
pub fn backlog(conn: &mut DbConn, channel: Channel) -> Result<(i64, Option<NaiveDateTime>)> {
    use diesel::dsl::{count_star, min};
    Ok(ob::table
        .filter(ob::channel.eq(channel.as_str()))
        .filter(ob::sent_at.is_null())
        .select((count_star(), min(ob::created_at)))
        .first(conn)?)
}
