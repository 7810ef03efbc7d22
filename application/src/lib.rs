//! The use cases, apart from HTTP. Each feature is a module with one function per use case,
//! taking the checked caller, a command of domain types and the trip's [`Context`], and returning
//! an outcome or an [`AppError`]. The runners here open the one database trip of a request: the
//! caller's session is checked on the same connection (and inside the same transaction for
//! writes) that the use case then uses.

pub mod account_notices;
pub mod accounts;
pub mod auth;
pub mod bankid;
pub mod card_order_imports;
pub mod cards;
pub mod clients;
pub mod clock;
pub mod companies;
pub mod company_orders;
pub mod context;
pub mod data_access;
pub mod emails;
pub mod erasure;
pub mod error;
pub mod frontend;
pub mod hmac;
pub mod housekeeping;
pub mod idempotency;
pub mod identity;
pub mod ids;
pub mod invitations;
pub mod journal;
pub mod me;
pub mod metrics;
pub mod opened;
pub mod orders;
pub mod outbox;
pub mod principal;
pub mod problem_code;
pub mod production;
pub mod quota;
pub mod retention;
pub mod sealing;
pub mod security_events;
pub mod sign_in;
pub mod spreadsheet;
pub mod statements;
pub mod stopping;
pub mod texts;
pub mod vault;
pub mod visitor_orders;
pub mod webhooks;

use std::sync::Arc;

pub use clock::Clock;
pub use context::{Context, Services};
use domain::CallerId;
pub use error::{AppError, AppResult, FieldError};
use persistence::{Db, DbConn};
pub use principal::{Credentials, Principal, Requirement};
pub use problem_code::ProblemCode;

use auth::pool::PasswordPool;
use auth::token::Keys;
use idempotency::{IdempotencyKey, Reply};

/// Everything the use cases share: database, clock, token keys, password threads, quotas and the
/// services a use case's [`Context`] reaches.
pub struct App {
    pub db: Db,
    pub clock: Clock,
    pub keys: Keys,
    /// Verified when a login names an unknown email, so both take the same time.
    pub dummy_hash: String,
    /// Where argon2 runs.
    pub passwords: PasswordPool,
    /// Request quotas per caller, counted here and flushed to the database.
    pub quotas: Arc<quota::Quotas>,
    /// Webhook endpoints may be on private addresses and plain http (tests, development).
    pub webhooks_allow_private: bool,
    /// Links, vault, BankID, presenter and the outbox bell.
    pub services: Arc<Services>,
}

impl App {
    /// The credentials of an access token, if its signature and claims verify now.
    pub fn credentials(&self, token: &str) -> Option<Credentials> {
        self.keys.verify(token, self.clock.unix())
    }

    /// A fresh context for one database trip.
    pub fn context(&self) -> Context {
        Context::new(self.clock.clone(), Arc::clone(&self.services))
    }

    /// A read as the caller: the session check and the use case on one pooled connection.
    pub async fn read_as<R, C, O>(
        &self,
        credentials: Credentials,
        command: C,
        use_case: impl FnOnce(&mut DbConn, &R, C, &Context) -> AppResult<O> + Send + 'static,
    ) -> AppResult<O>
    where
        R: Requirement,
        C: Send + 'static,
        O: Send + 'static,
    {
        self.trip_as(Trip::Read, credentials, command, use_case)
            .await
    }

    /// A write as the caller: the session check and the use case in one transaction.
    pub async fn write_as<R, C, O>(
        &self,
        credentials: Credentials,
        command: C,
        use_case: impl FnOnce(&mut DbConn, &R, C, &Context) -> AppResult<O> + Send + 'static,
    ) -> AppResult<O>
    where
        R: Requirement,
        C: Send + 'static,
        O: Send + 'static,
    {
        self.trip_as(Trip::Write, credentials, command, use_case)
            .await
    }

    async fn trip_as<R, C, O>(
        &self,
        trip: Trip,
        credentials: Credentials,
        command: C,
        use_case: impl FnOnce(&mut DbConn, &R, C, &Context) -> AppResult<O> + Send + 'static,
    ) -> AppResult<O>
    where
        R: Requirement,
        C: Send + 'static,
        O: Send + 'static,
    {
        let (db, ctx) = (self.db.clone(), self.context());
        let work = move || {
            let run = |conn: &mut DbConn| {
                let who = checked::<R>(conn, &credentials, ctx.clock())?;
                use_case(conn, &who, command, &ctx)
            };
            match trip {
                Trip::Read => db.read(run),
                Trip::Write => ctx.write(&db, |conn, _| run(conn)),
            }
        };
        self.off_thread(trip, work).await
    }

    /// Runs database work where it costs least. Reads of an embedded SQLite file take tens of
    /// microseconds and never wait on the network (WAL readers do not wait for writers), so they
    /// run on the request's own thread: the hop to a blocking thread and back cost more than the
    /// read. Everything else goes to the blocking pool. `startup` keeps a pooled connection free
    /// for each request thread, so an inline read never waits for one.
    async fn off_thread<T: Send + 'static>(
        &self,
        trip: Trip,
        work: impl FnOnce() -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        if matches!(trip, Trip::Read) && self.db.reads_are_local() {
            let (out, sent) = persistence::statements::counting(work);
            statements::add(sent);
            out
        } else {
            blocking(work).await
        }
    }

    /// [`App::write_as`] made safe to retry: with a key, the first reply is saved in the same
    /// transaction and replayed to a retry of the same request; `present` renders the outcome
    /// into the reply that is sent (and saved).
    pub async fn write_as_idempotent<R, C, O>(
        &self,
        credentials: Credentials,
        key: Option<IdempotencyKey>,
        command: C,
        use_case: impl FnOnce(&mut DbConn, &R, C, &Context) -> AppResult<O> + Send + 'static,
        present: impl FnOnce(&O) -> AppResult<Reply> + Send + 'static,
    ) -> AppResult<Reply>
    where
        R: Requirement + CallerKey,
        C: Send + 'static,
        O: Send + 'static,
    {
        let (db, ctx) = (self.db.clone(), self.context());
        blocking(move || {
            ctx.write(&db, |conn, ctx| {
                let who = checked::<R>(conn, &credentials, ctx.clock())?;
                let caller = who.caller_key();
                let now = ctx.now();
                if let Some(k) = &key {
                    if let Some(replay) = k.replay(conn, &caller, now)? {
                        return Ok(replay);
                    }
                }
                let outcome = use_case(conn, &who, command, ctx)?;
                let reply = present(&outcome)?;
                if let Some(k) = &key {
                    k.save(conn, &caller, &reply, now)?;
                }
                Ok(reply)
            })
        })
        .await
    }

    /// A read with no caller (sign-in steps, health).
    pub async fn read<O: Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConn, &Context) -> AppResult<O> + Send + 'static,
    ) -> AppResult<O> {
        let (db, ctx) = (self.db.clone(), self.context());
        self.off_thread(Trip::Read, move || db.read(|conn| f(conn, &ctx)))
            .await
    }

    /// A write with no caller, in one transaction.
    pub async fn write<O: Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConn, &Context) -> AppResult<O> + Send + 'static,
    ) -> AppResult<O> {
        let (db, ctx) = (self.db.clone(), self.context());
        blocking(move || ctx.write(&db, f)).await
    }
}

/// A read on one connection, or a write in one transaction.
#[derive(Clone, Copy)]
enum Trip {
    Read,
    Write,
}

fn checked<R: Requirement>(
    conn: &mut DbConn,
    credentials: &Credentials,
    clock: &Clock,
) -> AppResult<R> {
    R::require(principal::authenticate(conn, credentials, clock.now())?)
}

/// Whose idempotency keys these are: keys are scoped to the caller.
pub trait CallerKey {
    fn caller_key(&self) -> CallerId;
}

impl CallerKey for principal::Person {
    fn caller_key(&self) -> CallerId {
        self.account_id().clone().into()
    }
}

impl CallerKey for principal::MultiFactor {
    fn caller_key(&self) -> CallerId {
        self.account_id().clone().into()
    }
}

impl CallerKey for Principal {
    fn caller_key(&self) -> CallerId {
        self.caller_id()
    }
}

impl CallerKey for principal::CardProducer {
    fn caller_key(&self) -> CallerId {
        self.id().clone().into()
    }
}

impl CallerKey for principal::IdentityVerifier {
    fn caller_key(&self) -> CallerId {
        self.id().clone().into()
    }
}

/// Runs blocking work (database, file I/O) off the async threads, inside the current tracing
/// span. A panic there becomes an internal error, not a dropped connection.
pub async fn blocking<T, F>(f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> AppResult<T> + Send + 'static,
{
    let span = tracing::Span::current();
    let (out, sent) =
        tokio::task::spawn_blocking(move || span.in_scope(|| persistence::statements::counting(f)))
            .await
            .map_err(|e| AppError::Internal(format!("blocking task failed: {e}")))?;
    statements::add(sent);
    out
}
