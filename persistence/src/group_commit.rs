//! SQLite's one writer, shared by the writes that arrive together (group commit). SQLite writes
//! one transaction at a time and each commit waits for the disk (`synchronous = FULL`: an fsync of
//! the WAL), so write throughput was one fsync per write. Here a write that finds the writer busy
//! queues for it and then runs inside the transaction the writes before it opened, in its own
//! savepoint; the last write of the group commits for all of them, once. Each write still:
//! - sees the writes before it and nothing after it (they run one after another);
//! - is undone alone when it fails (its savepoint is rolled back; the others stay);
//! - is answered only after the commit that made it durable, or with an error if that commit
//!   failed, so an acknowledged write survives a crash as before.
//!
//! A group closes when nobody is waiting or it reaches [`MAX_GROUP`] writes, so a write waits at
//! most for the writes queued before it.

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed, Ordering::SeqCst};

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use parking_lot::{Condvar, Mutex};

use crate::db::{DbConn, Manager};
use crate::error::Error;

/// Writes committed together at most: bounds how long the first of them waits.
pub const MAX_GROUP: usize = 32;
/// Failed commits remembered for their waiting writes (a failed commit is rare; a write waits
/// for its own group only, so a short memory is enough).
const FAILURES_KEPT: usize = 16;

type Pooled = r2d2::PooledConnection<Manager>;
type Tm = <DbConn as diesel::Connection>::TransactionManager;

#[derive(Default)]
pub(crate) struct Writer {
    state: Mutex<State>,
    settled: Condvar,
    /// Writes waiting for the state's lock: while there are any, a group stays open for them.
    queued: AtomicUsize,
    /// Groups committed, and the writes they kept: how many writes share a commit.
    commits: AtomicU64,
    kept: AtomicU64,
}

#[derive(Default)]
struct State {
    /// The open group's connection, inside its transaction.
    open: Option<Pooled>,
    /// Writes that ran in the open group, and those of them kept.
    members: usize,
    kept: u64,
    /// The open group's number; a group's writes wait until it has moved on.
    group: u64,
    /// Groups whose commit failed, and why.
    failed: VecDeque<(u64, String)>,
}

impl Writer {
    /// Runs `f` in the shared write transaction and returns once that transaction committed.
    pub(crate) fn write<T, E: From<Error>>(
        &self,
        checkout: impl FnOnce() -> Result<Pooled, Error>,
        f: impl FnOnce(&mut DbConn) -> Result<T, E>,
    ) -> Result<T, E> {
        self.queued.fetch_add(1, SeqCst);
        let mut state = self.state.lock();
        self.queued.fetch_sub(1, SeqCst);
        let (mut conn, first) = match state.open.take() {
            Some(conn) => (conn, false),
            None => {
                let mut conn = checkout()?;
                begin_group(&mut conn)?;
                state.members = 0;
                (conn, true)
            }
        };
        // A write that joins a group runs in its own savepoint, to be undone alone; the write
        // that opened the group has the transaction to itself so far, and a write alone (the
        // usual case when writes do not overlap) costs no more than its own transaction.
        if !first {
            if let Err(e) = Tm::begin_transaction(&mut conn) {
                self.fail_group(&mut state, conn, &e.to_string());
                return Err(Error::from(e).into());
            }
        }
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| f(&mut conn)));
        let kept = matches!(outcome, Ok(Ok(_)));
        let group = state.group;
        let settled = match (first, kept) {
            (true, true) => Ok(()),
            // Nothing else is in the transaction yet: it is rolled back whole.
            (true, false) => {
                self.roll_back(&mut state, conn);
                return finish(outcome);
            }
            (false, true) => Tm::commit_transaction(&mut conn),
            (false, false) => Tm::rollback_transaction(&mut conn),
        };
        match settled {
            // The transaction is in no known state: nothing in it can be kept.
            Err(e) => self.fail_group(&mut state, conn, &e.to_string()),
            Ok(()) => {
                state.members += 1;
                state.kept += u64::from(kept);
                if self.queued.load(SeqCst) == 0 || state.members >= MAX_GROUP {
                    self.commit_group(&mut state, conn);
                } else {
                    state.open = Some(conn);
                }
            }
        }
        match outcome {
            Err(_) | Ok(Err(_)) => {
                drop(state);
                finish(outcome)
            }
            Ok(Ok(value)) => {
                // Waiting lets the queued writes in; the last of them commits.
                while state.group == group {
                    self.settled.wait(&mut state);
                }
                match state.failed.iter().find(|(g, _)| *g == group) {
                    Some((_, why)) => Err(Error::Unavailable(format!(
                        "the write could not be committed: {why}"
                    ))
                    .into()),
                    None => Ok(value),
                }
            }
        }
    }

    /// Commits the open group (its writes are then durable) and wakes them.
    fn commit_group(&self, state: &mut State, mut conn: Pooled) {
        let conn: &mut DbConn = &mut conn;
        if let Err(e) = Tm::commit_transaction(conn) {
            tracing::error!(error = %e, writes = state.members, "a group of writes could not be committed");
            if let Err(e) = Tm::rollback_transaction(conn) {
                tracing::error!(error = %e, "rollback failed");
            }
            remember(state, e.to_string());
        } else {
            self.commits.fetch_add(1, Relaxed);
            self.kept.fetch_add(state.kept, Relaxed);
        }
        self.next_group(state);
    }

    /// Groups committed so far, and the writes in them.
    pub(crate) fn committed(&self) -> (u64, u64) {
        (self.commits.load(Relaxed), self.kept.load(Relaxed))
    }

    /// Rolls back a group that holds only the write that failed in it: nobody else to tell.
    fn roll_back(&self, state: &mut State, mut conn: Pooled) {
        let conn: &mut DbConn = &mut conn;
        if let Err(e) = Tm::rollback_transaction(conn) {
            tracing::error!(error = %e, "rollback failed");
        }
        self.next_group(state);
    }

    /// Rolls the open group back: every write in it is told it failed.
    fn fail_group(&self, state: &mut State, mut conn: Pooled, why: &str) {
        let conn: &mut DbConn = &mut conn;
        // Down to no transaction at all, savepoints first.
        while !matches!(
            Tm::transaction_manager_status_mut(conn).transaction_depth(),
            Ok(None) | Err(_)
        ) {
            if let Err(e) = Tm::rollback_transaction(conn) {
                tracing::error!(error = %e, "rollback failed");
                break;
            }
        }
        tracing::error!(error = %why, writes = state.members, "a group of writes was rolled back");
        remember(state, why.to_owned());
        self.next_group(state);
    }

    fn next_group(&self, state: &mut State) {
        state.group += 1;
        state.members = 0;
        state.kept = 0;
        self.settled.notify_all();
    }
}

/// A write that failed or panicked: undone already, nothing of it waits for a commit.
fn finish<T, E>(outcome: std::thread::Result<Result<T, E>>) -> Result<T, E> {
    match outcome {
        Ok(result) => result,
        Err(panicked) => panic::resume_unwind(panicked),
    }
}

fn remember(state: &mut State, why: String) {
    if state.failed.len() >= FAILURES_KEPT {
        state.failed.pop_front();
    }
    state.failed.push_back((state.group, why));
}

/// `BEGIN IMMEDIATE`: the group takes the write lock at once, so a read-then-write never fails
/// to upgrade it.
fn begin_group(conn: &mut DbConn) -> Result<(), Error> {
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction(c),
    }
    .map_err(Error::from)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Barrier};
    use std::time::Duration;

    use diesel::connection::SimpleConnection;

    use crate::test_db::TestDb;
    use crate::{Db, Error};

    fn count(db: &Db) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        db.read(|c| {
            Ok::<_, Error>(
                diesel::RunQueryDsl::get_result::<N>(
                    diesel::sql_query("SELECT COUNT(*) AS n FROM numbers"),
                    c,
                )?
                .n,
            )
        })
        .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Writes that arrive together share commits, and each is kept or undone on its own: one
    /// in four fails after writing, one panics after writing; none of theirs stays, all of the
    /// others' do, and every write that was told "done" is there.
    #[test]
    fn writes_queued_together_commit_together_and_fail_alone() {
        let tdb = TestDb::sqlite();
        let db = Db::connect(&tdb.url, 4).unwrap_or_else(|e| panic!("{e}"));
        db.write(|c| {
            c.batch_execute("CREATE TABLE numbers (n INTEGER PRIMARY KEY)")
                .map_err(Error::from)
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let writers = 24;
        let start = Arc::new(Barrier::new(writers));
        let threads: Vec<_> = (0..writers)
            .map(|n| {
                let (db, start) = (db.clone(), Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    db.write(|c| {
                        c.batch_execute(&format!("INSERT INTO numbers VALUES ({n})"))?;
                        // Long enough that the others queue behind it.
                        std::thread::sleep(Duration::from_millis(5));
                        if n == 7 {
                            panic!("a write that panics after writing");
                        }
                        if n % 4 == 0 {
                            return Err(Error::NotFound);
                        }
                        Ok(n)
                    })
                })
            })
            .collect();
        let mut done = 0;
        for (n, t) in threads.into_iter().enumerate() {
            match t.join() {
                Ok(Ok(got)) => {
                    assert_eq!(got, n);
                    done += 1;
                }
                Ok(Err(Error::NotFound)) => assert_eq!(n % 4, 0),
                Ok(Err(e)) => panic!("write {n}: {e}"),
                Err(_) => assert_eq!(n, 7),
            }
        }
        assert_eq!(done, writers - writers / 4 - 1);
        assert_eq!(count(&db), i64::try_from(done).unwrap_or(0));
        let stats = db.pool_stats();
        assert_eq!(stats.writes_committed, 1 + done as u64);
        assert!(
            stats.write_commits < stats.writes_committed,
            "no writes shared a commit: {} commits for {} writes",
            stats.write_commits,
            stats.writes_committed
        );
        // The writer is free again: a write after them commits alone.
        db.write(|c| {
            c.batch_execute("INSERT INTO numbers VALUES (1000)")
                .map_err(Error::from)
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(count(&db), i64::try_from(done).unwrap_or(0) + 1);
    }
}
