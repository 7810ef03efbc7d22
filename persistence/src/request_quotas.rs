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

/// The upsert's rule, on both databases (`max` is their name for the larger of two): the same
/// window adds, a newer one restarts the count, a past one adds nothing.
macro_rules! on_conflict {
    ($max:literal) => {
        concat!(
            " ON CONFLICT (key) DO UPDATE SET \
            hits = CASE WHEN request_quotas.window_start = excluded.window_start \
                THEN request_quotas.hits + excluded.hits \
                WHEN request_quotas.window_start > excluded.window_start THEN request_quotas.hits \
                ELSE excluded.hits END, \
            window_start = ",
            $max,
            "(request_quotas.window_start, excluded.window_start) "
        )
    };
}

const SQLITE: &str = concat!(
    "INSERT INTO request_quotas (key, window_start, hits) VALUES (?, ?, ?)",
    on_conflict!("MAX"),
    "RETURNING hits"
);

const POSTGRES: &str = concat!(
    "INSERT INTO request_quotas (key, window_start, hits) VALUES ($1, $2, $3)",
    on_conflict!("GREATEST"),
    "RETURNING hits"
);

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

#[derive(QueryableByName)]
struct Total {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = Integer)]
    hits: i32,
}

/// The upsert of `add` for many keys at once, its rows passed as one value: a JSON array on
/// SQLite, three arrays on PostgreSQL. One statement whatever the count, and one text, so one
/// prepared statement (a flush had a statement per caller: a thousand callers in a second cost a
/// fifteenth of the server's CPU on SQLite, and as many round trips on PostgreSQL).
const SQLITE_ALL: &str = concat!(
    "INSERT INTO request_quotas (key, window_start, hits) \
    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') \
    FROM json_each(?) WHERE true",
    on_conflict!("MAX"),
    "RETURNING key, hits"
);

const POSTGRES_ALL: &str = concat!(
    "INSERT INTO request_quotas (key, window_start, hits) \
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[])",
    on_conflict!("GREATEST"),
    "RETURNING key, hits"
);

/// [`add`] for each `(key, window_start, hits)` (each key once), in one statement; the totals by
/// key.
pub fn add_all(conn: &mut DbConn, counts: &[(&str, i64, i32)]) -> Result<Vec<(String, i32)>> {
    use diesel::sql_types::Array;
    if counts.is_empty() {
        return Ok(Vec::new());
    }
    let totals: Vec<Total> = match conn {
        DbConn::Sqlite(c) => {
            let rows = serde_json::to_string(counts)
                .map_err(|e| crate::Error::Config(format!("quota counts: {e}")))?;
            diesel::sql_query(SQLITE_ALL)
                .bind::<Text, _>(rows)
                .load(c)?
        }
        DbConn::Pg(c) => diesel::sql_query(POSTGRES_ALL)
            .bind::<Array<Text>, _>(counts.iter().map(|(k, _, _)| *k).collect::<Vec<_>>())
            .bind::<Array<BigInt>, _>(counts.iter().map(|(_, s, _)| *s).collect::<Vec<_>>())
            .bind::<Array<Integer>, _>(counts.iter().map(|(_, _, h)| *h).collect::<Vec<_>>())
            .load(c)?,
    };
    Ok(totals.into_iter().map(|t| (t.key, t.hits)).collect())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_db::TestDb;
    use crate::Db;

    /// Many keys in one statement count as `add` counts one: the same window adds, a newer one
    /// restarts, a past one adds nothing; each key's total comes back.
    #[test]
    fn add_all_counts_each_key_as_add_does() {
        let tdb = TestDb::new();
        let db = Db::connect(&tdb.url, 2).unwrap_or_else(|e| panic!("{e}"));
        db.migrate().unwrap_or_else(|e| panic!("{e}"));
        let round = |counts: &[(&str, i64, i32)]| {
            let mut totals = db
                .write(|c| add_all(c, counts))
                .unwrap_or_else(|e| panic!("{e}"));
            totals.sort();
            totals
        };
        let key = |k: &str, n: i32| (k.to_owned(), n);
        assert_eq!(
            round(&[("a", 100, 3), ("b", 100, 1)]),
            [key("a", 3), key("b", 1)]
        );
        assert_eq!(
            round(&[("a", 100, 2), ("b", 160, 5), ("c", 100, 7)]),
            [key("a", 5), key("b", 5), key("c", 7)]
        );
        // "b" is in window 160 now: a late flush for 100 adds nothing.
        assert_eq!(round(&[("b", 100, 9)]), [key("b", 5)]);
        assert_eq!(round(&[]), []);
        let one = db
            .write(|c| add(c, "a", 100, 1))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(one, 6, "add and add_all keep the same counts");
    }
}
