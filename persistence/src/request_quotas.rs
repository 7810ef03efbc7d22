//! Request-quota counters shared by every instance: a fixed window per key (Unix seconds), to
//! which each instance adds what it counted since its last flush.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

use crate::{DbConn, Result};

#[derive(QueryableByName)]
struct Hits {
    #[diesel(sql_type = Integer)]
    hits: i32,
}

const SQLITE: &str = "INSERT INTO request_quotas (key, window_start, hits) VALUES (?, ?, ?) \
    ON CONFLICT (key) DO UPDATE SET \
    hits = CASE WHEN request_quotas.window_start = excluded.window_start \
        THEN request_quotas.hits + excluded.hits \
        WHEN request_quotas.window_start > excluded.window_start THEN request_quotas.hits \
        ELSE excluded.hits END, \
    window_start = MAX(request_quotas.window_start, excluded.window_start) \
    RETURNING hits";

const POSTGRES: &str = "INSERT INTO request_quotas (key, window_start, hits) VALUES ($1, $2, $3) \
    ON CONFLICT (key) DO UPDATE SET \
    hits = CASE WHEN request_quotas.window_start = excluded.window_start \
        THEN request_quotas.hits + excluded.hits \
        WHEN request_quotas.window_start > excluded.window_start THEN request_quotas.hits \
        ELSE excluded.hits END, \
    window_start = GREATEST(request_quotas.window_start, excluded.window_start) \
    RETURNING hits";

/// Adds `hits` to `key`'s count in the window starting at `window_start` (a newer window
/// restarts the count; a flush for a window already past adds nothing) and returns the total
/// every instance has counted in the current window.
pub fn add(conn: &mut DbConn, key: &str, window_start: i64, hits: i32) -> Result<i32> {
    let row: Hits = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(SQLITE)
            .bind::<Text, _>(key)
            .bind::<BigInt, _>(window_start)
            .bind::<Integer, _>(hits)
            .get_result(c)?,
        DbConn::Pg(c) => diesel::sql_query(POSTGRES)
            .bind::<Text, _>(key)
            .bind::<BigInt, _>(window_start)
            .bind::<Integer, _>(hits)
            .get_result(c)?,
    };
    Ok(row.hits)
}

/// Removes counters of windows that started before `before` (housekeeping).
pub fn sweep(conn: &mut DbConn, before: i64) -> Result<usize> {
    Ok(match conn {
        DbConn::Sqlite(c) => diesel::sql_query("DELETE FROM request_quotas WHERE window_start < ?")
            .bind::<BigInt, _>(before)
            .execute(c)?,
        DbConn::Pg(c) => diesel::sql_query("DELETE FROM request_quotas WHERE window_start < $1")
            .bind::<BigInt, _>(before)
            .execute(c)?,
    })
}
