//! Connections: one diesel codebase over SQLite and PostgreSQL, chosen by the URL scheme.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::{Error, Result};

/// A connection to either backend; repositories take `&mut DbConn` and never see the pool.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Where the data lives, parsed from the configured URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Backend {
    /// `postgres://…` or `postgresql://…` selects PostgreSQL; `sqlite://PATH` or a plain path SQLite.
    pub fn from_url(url: &str) -> Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Backend::Postgres(url.to_owned()));
        }
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        if path.is_empty() || (path.contains("://") && !url.starts_with("sqlite://")) {
            return Err(Error::Config(format!(
                "unsupported database URL scheme in '{}': use postgres://… or sqlite://PATH",
                redact(url)
            )));
        }
        Ok(Backend::Sqlite(PathBuf::from(path)))
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or_default();
            format!("{}{}:***@{}", &url[..s + 3], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// Opens connections with the settings each backend needs, and reports the real connection error.
#[derive(Debug, Clone)]
pub struct Manager {
    backend: Backend,
}

impl Manager {
    fn open(&self) -> std::result::Result<DbConn, ConnectError> {
        match &self.backend {
            Backend::Sqlite(path) => {
                let mut c = SqliteConnection::establish(&path.to_string_lossy())?;
                c.set_instrumentation(crate::statements::count);
                // Per connection; WAL is set once on the file (see Db::connect). A 1 MiB page cache per
                // connection: the OS caches the file too, and the pool holds several connections.
                // The log is checkpointed by a thread of its own, never inside a commit (see
                // `checkpoint`).
                c.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -1024; PRAGMA wal_autocheckpoint = 0;")?;
                Ok(DbConn::Sqlite(c))
            }
            Backend::Postgres(url) => {
                let mut c = PgConnection::establish(&with_connect_timeout(url))?;
                c.set_instrumentation(crate::statements::count);
                c.batch_execute("SET statement_timeout = 5000; SET TIME ZONE 'UTC';")?;
                Ok(DbConn::Pg(c))
            }
        }
    }
}

fn with_connect_timeout(url: &str) -> String {
    if url.contains("connect_timeout=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&connect_timeout=3")
    } else {
        format!("{url}?connect_timeout=3")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(transparent)]
    Connection(#[from] diesel::ConnectionError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = ConnectError;

    fn connect(&self) -> std::result::Result<DbConn, ConnectError> {
        self.open()
    }

    fn is_valid(&self, conn: &mut DbConn) -> std::result::Result<(), ConnectError> {
        Ok(conn.batch_execute("SELECT 1")?)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

/// The pool, plus SQLite's one writer (write transactions wait for it in the process, not on
/// SQLite's busy handler, and the writes that arrive together commit together: see
/// `group_commit`), plus the breaker that answers at once while the database is known to be
/// down.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<Manager>,
    backend: Backend,
    sqlite_writer: Option<Arc<crate::group_commit::Writer>>,
    /// SQLite: the checkpoint thread runs while a handle holds this.
    _checkpointer: Option<Arc<crate::checkpoint::Checkpointer>>,
    breaker: Arc<Breaker>,
    waits: Arc<Waits>,
}

/// Time spent waiting for pooled connections, for metrics.
#[derive(Debug, Default)]
struct Waits {
    checkouts: std::sync::atomic::AtomicU64,
    micros: std::sync::atomic::AtomicU64,
}

/// The pool as metrics see it.
#[derive(Debug, Clone, Copy)]
pub struct PoolStats {
    pub size: u32,
    pub idle: u32,
    /// Checkouts so far, and the microseconds they waited in all.
    pub checkouts: u64,
    pub wait_micros: u64,
    /// SQLite: write transactions committed, and the writes they carried (group commit).
    pub write_commits: u64,
    pub writes_committed: u64,
}

/// How long a pooled connection is waited for. A database that cannot be reached is reported
/// within this time, not after requests have queued behind each other.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(1);
/// After a failed connection attempt, requests are answered "unavailable" at once for this long;
/// the first request after it tries again, so the service recovers by itself.
const BREAK_FOR: Duration = Duration::from_millis(1000);

/// Remembers that the database could not be reached, so requests do not each wait out the
/// checkout timeout while it is down.
#[derive(Default)]
struct Breaker {
    open_until: Mutex<Option<std::time::Instant>>,
}

impl Breaker {
    fn check(&self) -> Result<()> {
        let open_until = *self.open_until.lock().unwrap_or_else(|p| p.into_inner());
        match open_until {
            Some(t) if std::time::Instant::now() < t => Err(Error::Unavailable(
                "the database could not be reached a moment ago".into(),
            )),
            _ => Ok(()),
        }
    }

    fn trip(&self) {
        *self.open_until.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(std::time::Instant::now() + BREAK_FOR);
    }
}

impl Db {
    pub fn connect(url: &str, pool_size: u32) -> Result<Db> {
        let backend = Backend::from_url(url)?;
        let checkpointer = match &backend {
            Backend::Sqlite(path) => {
                prepare_sqlite_file(path)?;
                Some(crate::checkpoint::start(path)?)
            }
            Backend::Postgres(_) => None,
        };
        let manager = Manager {
            backend: backend.clone(),
        };
        // One direct attempt first, so an unreachable database fails now with libpq's own words.
        drop(
            manager.open().map_err(|e| {
                Error::Unavailable(format!("cannot connect to {}: {e}", redact(url)))
            })?,
        );
        let pool = r2d2::Pool::builder()
            .max_size(pool_size.max(2))
            .min_idle(Some(1))
            // A PostgreSQL connection can die with the server or the network, so it is tested
            // before use; an SQLite connection is a file handle that does not break.
            .test_on_check_out(matches!(backend, Backend::Postgres(_)))
            .connection_timeout(CHECKOUT_TIMEOUT)
            .build(manager)?;
        let sqlite_writer = matches!(backend, Backend::Sqlite(_)).then(Arc::default);
        Ok(Db {
            pool,
            backend,
            sqlite_writer,
            _checkpointer: checkpointer,
            breaker: Arc::default(),
            waits: Arc::default(),
        })
    }

    /// A pooled connection, or `Unavailable` at once while the breaker is open. A checkout that
    /// failed because connections could not be made (not merely because all were busy) opens it.
    fn checkout(&self) -> Result<r2d2::PooledConnection<Manager>> {
        use std::sync::atomic::Ordering::Relaxed;
        self.breaker.check()?;
        let started = std::time::Instant::now();
        let got = self.pool.get();
        let waited = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.waits.checkouts.fetch_add(1, Relaxed);
        self.waits.micros.fetch_add(waited, Relaxed);
        got.map_err(|e| {
            // r2d2 names the last connection error when there was one; a plain timeout is load.
            if e.to_string() != "timed out waiting for connection" {
                self.breaker.trip();
            }
            Error::from(e)
        })
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// Connections open and idle, and the time spent waiting for them.
    pub fn pool_stats(&self) -> PoolStats {
        use std::sync::atomic::Ordering::Relaxed;
        let state = self.pool.state();
        let (commits, writes) = self
            .sqlite_writer
            .as_ref()
            .map_or((0, 0), |w| w.committed());
        PoolStats {
            size: state.connections,
            idle: state.idle_connections,
            checkouts: self.waits.checkouts.load(Relaxed),
            wait_micros: self.waits.micros.load(Relaxed),
            write_commits: commits,
            writes_committed: writes,
        }
    }

    /// True when a read is a short local file access that never waits on the network (SQLite),
    /// so it may run on the calling thread instead of a blocking pool.
    pub fn reads_are_local(&self) -> bool {
        matches!(self.backend, Backend::Sqlite(_))
    }

    /// Applies pending migrations; returns how many ran.
    pub fn migrate(&self) -> Result<usize> {
        let mut conn = self.pool.get()?;
        let migrations = match &*conn {
            DbConn::Sqlite(_) => SQLITE_MIGRATIONS,
            DbConn::Pg(_) => POSTGRES_MIGRATIONS,
        };
        let ran = conn
            .run_pending_migrations(migrations)
            .map_err(|e| Error::Config(format!("migration failed: {e}")))?;
        Ok(ran.len())
    }

    /// Reverts the newest migrations down to and including the one named `name` (its directory's
    /// name): for tests of what a migration does to rows written the way the version before it
    /// wrote them. How many were reverted.
    #[cfg(feature = "testing")]
    pub fn revert_through(&self, name: &str) -> Result<usize> {
        let mut conn = self.pool.get()?;
        let sqlite = matches!(&*conn, DbConn::Sqlite(_));
        // Diesel's version of `2026-12-08-000001_x` is its digits before the name.
        let target: String = name
            .split('_')
            .next()
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let mut reverted = 0;
        loop {
            let migrations = if sqlite {
                SQLITE_MIGRATIONS
            } else {
                POSTGRES_MIGRATIONS
            };
            let version = conn
                .revert_last_migration(migrations)
                .map_err(|e| Error::Config(format!("reverting a migration failed: {e}")))?;
            reverted += 1;
            if version.to_string() == target {
                return Ok(reverted);
            }
        }
    }

    /// Runs `f` on one pooled connection, outside a transaction (reads). Blocking.
    pub fn read<T, E: From<Error>>(
        &self,
        f: impl FnOnce(&mut DbConn) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let mut conn = self.checkout()?;
        f(&mut conn)
    }

    /// Runs `f` in one write transaction (`BEGIN IMMEDIATE` on SQLite, so a read-then-write
    /// transaction never fails to upgrade its lock), committed only when `f` returns `Ok`, and
    /// returns once it is committed. On SQLite `f` may share the transaction with the writes
    /// queued with it, in a savepoint of its own (see `group_commit`). Blocking.
    pub fn write<T, E: From<Error>>(
        &self,
        f: impl FnOnce(&mut DbConn) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if let Some(writer) = &self.sqlite_writer {
            return writer.write(|| self.checkout(), f);
        }
        // PostgreSQL: a transaction of its own on its own connection.
        let mut conn = self.checkout()?;
        let conn: &mut DbConn = &mut conn;
        <DbConn as Connection>::TransactionManager::begin_transaction(conn).map_err(Error::from)?;
        match f(conn) {
            Ok(value) => {
                <DbConn as Connection>::TransactionManager::commit_transaction(conn)
                    .map_err(Error::from)?;
                Ok(value)
            }
            Err(e) => {
                if let Err(rollback) =
                    <DbConn as Connection>::TransactionManager::rollback_transaction(conn)
                {
                    tracing::error!(error = %rollback, "rollback failed");
                }
                Err(e)
            }
        }
    }
}

fn prepare_sqlite_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Config(format!("cannot create {}: {e}", dir.display())))?;
    }
    let mut c = SqliteConnection::establish(&path.to_string_lossy())
        .map_err(|e| Error::Unavailable(format!("cannot open {}: {e}", path.display())))?;
    // WAL persists in the file; setting it once avoids every pooled connection racing for it.
    c.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_from_url() {
        assert_eq!(
            Backend::from_url("postgres://u:p@h/db")
                .map(|b| b.name())
                .ok(),
            Some("postgres")
        );
        assert_eq!(
            Backend::from_url("sqlite://data/x.db").ok(),
            Some(Backend::Sqlite("data/x.db".into()))
        );
        assert_eq!(
            Backend::from_url("./data/x.db").ok(),
            Some(Backend::Sqlite("./data/x.db".into()))
        );
        assert!(Backend::from_url("mysql://h/db").is_err());
        assert!(Backend::from_url("").is_err());
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("postgres://user:secret@host:5432/db"),
            "postgres://user:***@host:5432/db"
        );
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }

    #[test]
    fn unreachable_postgres_fails_fast_with_the_real_error() {
        let start = std::time::Instant::now();
        let err = Db::connect("postgres://nobody@127.0.0.1:1/none", 2)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("cannot connect") && err.contains("127.0.0.1"),
            "{err}"
        );
        assert!(start.elapsed() < Duration::from_secs(5));
    }
}
