use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use crate::schema::rate_limits as rl;
use crate::{DbConn, Result};

/// Hits counted for `key` in the fixed window containing `now`, and when that window ends.
/// Counters live in the database so every instance sees the same numbers.
pub fn current(
    conn: &mut DbConn,
    key: &str,
    window: TimeDelta,
    now: NaiveDateTime,
) -> Result<(i32, NaiveDateTime)> {
    let row: Option<(NaiveDateTime, i32)> = rl::table
        .find(key)
        .select((rl::window_start, rl::hits))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((start, hits)) if start + window > now => (hits, start + window),
        _ => (0, now + window),
    })
}

/// Counts one hit for `key`; returns the count in the current window.
pub fn hit(conn: &mut DbConn, key: &str, window: TimeDelta, now: NaiveDateTime) -> Result<i32> {
    let (hits, _) = current(conn, key, window, now)?;
    if hits == 0 {
        // A new window: upsert, so two instances starting the same window cannot collide. Upsert
        // does not compile through the multi-connection, so each backend runs it on its own type.
        let insert = diesel::insert_into(rl::table)
            .values((rl::key.eq(key), rl::window_start.eq(now), rl::hits.eq(1)))
            .on_conflict(rl::key)
            .do_update()
            .set((rl::window_start.eq(now), rl::hits.eq(1)));
        match conn {
            DbConn::Sqlite(c) => insert.execute(c)?,
            DbConn::Pg(c) => insert.execute(c)?,
        };
        Ok(1)
    } else {
        diesel::update(rl::table.find(key))
            .set(rl::hits.eq(rl::hits + 1))
            .execute(conn)?;
        Ok(hits + 1)
    }
}

pub fn reset(conn: &mut DbConn, key: &str) -> Result<()> {
    diesel::delete(rl::table.find(key)).execute(conn)?;
    Ok(())
}
