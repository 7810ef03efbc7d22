//! SQLite's write-ahead log is copied back into the database file by a thread of its own. By
//! default the connection whose commit takes the log past 1 000 pages does it, at the end of that
//! commit, and copying the pages and syncing the database file takes milliseconds: with the group
//! writer (`group_commit`) waiting for that commit, every write waited for the copy too. Here the
//! pooled connections never checkpoint (`wal_autocheckpoint = 0`) and this thread runs a passive
//! checkpoint while the log grows. A passive checkpoint takes no write lock: writes go on while it
//! copies, and readers keep their snapshots. Nothing about durability changes: each commit is
//! still synced to the log before it is acknowledged.

use std::path::Path;
use std::sync::{Arc, Weak};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::sql_types::Integer;
use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection};

use crate::error::Error;

/// How often the log is looked at while writes come in, and while nothing was written.
const BUSY: Duration = Duration::from_millis(100);
const QUIET: Duration = Duration::from_secs(1);

/// Held by the database handle; the thread ends within [`QUIET`] once every handle is gone.
pub(crate) struct Checkpointer;

#[derive(QueryableByName)]
struct Outcome {
    /// Pages in the log, and those of them now in the database file.
    #[diesel(sql_type = Integer)]
    log: i32,
    #[diesel(sql_type = Integer)]
    checkpointed: i32,
}

/// Starts the thread on its own connection to `path`.
pub(crate) fn start(path: &Path) -> Result<Arc<Checkpointer>, Error> {
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())
        .map_err(|e| Error::Unavailable(format!("cannot open {}: {e}", path.display())))?;
    conn.batch_execute("PRAGMA busy_timeout = 5000;")?;
    let held = Arc::new(Checkpointer);
    let watched = Arc::downgrade(&held);
    std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || run(conn, watched))
        .map_err(|e| Error::Config(format!("cannot start the checkpoint thread: {e}")))?;
    Ok(held)
}

fn run(mut conn: SqliteConnection, watched: Weak<Checkpointer>) {
    let mut copied_before = 0;
    while watched.strong_count() > 0 {
        let pause = match diesel::sql_query("PRAGMA wal_checkpoint(PASSIVE)")
            .get_result::<Outcome>(&mut conn)
        {
            // The log restarts from its beginning once it was copied whole: a count below the
            // last one is new pages too.
            Ok(o) if o.checkpointed != copied_before || o.log > o.checkpointed => {
                copied_before = o.checkpointed;
                BUSY
            }
            Ok(_) => QUIET,
            Err(e) => {
                tracing::warn!(error = %e, "sqlite checkpoint failed; retrying");
                QUIET
            }
        };
        std::thread::sleep(pause);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use diesel::connection::SimpleConnection;

    use crate::test_db::TestDb;
    use crate::{Db, Error};

    fn file_size(path: &std::path::Path) -> u64 {
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }

    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        wal_autocheckpoint: i32,
    }

    /// The pooled connections never checkpoint in a commit; a commit that takes the log far past
    /// 1 000 pages is copied into the database file by the thread soon after.
    #[test]
    fn the_log_is_copied_back_by_the_thread_not_by_the_commit() {
        use diesel::RunQueryDsl;
        let tdb = TestDb::sqlite();
        let db = Db::connect(&tdb.url, 2).unwrap_or_else(|e| panic!("{e}"));
        let file = std::path::PathBuf::from(tdb.url.trim_start_matches("sqlite://"));
        let setting: Setting = db
            .write(|c| {
                diesel::sql_query("PRAGMA wal_autocheckpoint")
                    .get_result(c)
                    .map_err(Error::from)
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            setting.wal_autocheckpoint, 0,
            "a pooled connection checkpoints"
        );
        db.write(|c| {
            // About 2 000 pages of 4 KiB.
            c.batch_execute(
                "CREATE TABLE filler (b BLOB); \
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) \
                 INSERT INTO filler SELECT randomblob(4000) FROM n;",
            )
            .map_err(Error::from)
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let start = Instant::now();
        while file_size(&file) < 8_000_000 {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(10),
                "the log was not copied back: the database file is {} bytes",
                file_size(&file)
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}
