//! The world a use-case test runs in: the service's shared state (`api::state::build`, no HTTP
//! server) on a fresh database, the adjustable clock, and callers signed in the way the service
//! signs them in — a live session or a registered machine client, and a token the service's keys
//! verify — so every runner checks them as it checks a request's.

use std::sync::Arc;

use api::config::Settings;
use app::auth::token::{ClientGrant, SessionGrant};
use app::clock::ClockControl;
use app::sign_in::session::{self, Origin};
use app::{App, AppResult, Clock, Context, Credentials};
use chrono::NaiveDateTime;
use domain::{AccountId, AuthLevel, ClientId, ClientRole, CompanyId, Scopes};
use persistence::test_db::TestDb;
use persistence::DbConn;

pub struct World {
    pub app: Arc<App>,
    /// Moves the use cases' clock forward.
    pub clock: ClockControl,
    // Dropped last: the database outlives the pool's connections.
    _db: TestDb,
}

impl World {
    pub async fn new() -> World {
        let tdb = TestDb::new();
        let mut settings = Settings::with_database(&tdb.url);
        settings.jwt_private_key =
            Some(app::auth::token::Keys::generate_pem().unwrap_or_else(|e| panic!("{e}")));
        settings.pin_keys = Some(app::vault::Vault::generate_entry());
        settings.index_key = Some(app::vault::Vault::generate_index_key());
        settings.frontend_url = "https://portal.example".into();
        let (clock, control) = Clock::adjustable();
        let app = api::state::build(&settings, clock)
            .await
            .unwrap_or_else(|e| panic!("build the state: {e}"));
        World {
            app: Arc::new(app),
            clock: control,
            _db: tdb,
        }
    }

    pub fn now(&self) -> NaiveDateTime {
        self.app.clock.now()
    }

    /// A context for one trip, as the runners make it.
    pub fn ctx(&self) -> Context {
        self.app.context()
    }

    /// `f` in one write transaction with a fresh context (the outbox bell rings after a commit
    /// that queued a message).
    pub fn write<T>(&self, f: impl FnOnce(&mut DbConn, &Context) -> AppResult<T>) -> AppResult<T> {
        self.ctx().write(&self.app.db, f)
    }

    /// `f` on one connection, outside a transaction (what a test reads back).
    pub fn read<T>(&self, f: impl FnOnce(&mut DbConn) -> AppResult<T>) -> AppResult<T> {
        self.app.db.read(f)
    }

    /// A session of `account` at `level` (`PasswordAndSms`: the second factor), and its access
    /// token as the service verifies it.
    pub fn sign_in(&self, account: &AccountId, level: AuthLevel) -> Credentials {
        let origin = Origin {
            client_address: domain::ClientAddress::unknown(),
            user_agent: Some("use-case tests".into()),
        };
        let now = self.now();
        let started = self
            .write(|conn, _| session::start(conn, account, level, &origin, now))
            .unwrap_or_else(|e| panic!("start a session: {e}"));
        let token = self
            .app
            .keys
            .issue(
                &SessionGrant {
                    account_id: &started.account_id,
                    session_id: &started.session_id,
                    auth_level: started.auth_level,
                    roles: &[],
                },
                self.app.clock.unix(),
            )
            .unwrap_or_else(|e| panic!("issue: {e}"));
        self.app
            .credentials(&token)
            .unwrap_or_else(|| panic!("the service's own token did not verify"))
    }

    /// A machine client's token, as the token endpoint would grant it.
    pub fn client_token(
        &self,
        id: &ClientId,
        role: ClientRole,
        company: Option<&CompanyId>,
        scopes: &Scopes,
    ) -> Credentials {
        let token = self
            .app
            .keys
            .issue_client(
                &ClientGrant {
                    client_id: id,
                    role,
                    scopes,
                    company_id: company,
                },
                self.app.clock.unix(),
            )
            .unwrap_or_else(|e| panic!("issue: {e}"));
        self.app
            .credentials(&token)
            .unwrap_or_else(|| panic!("the service's own client token did not verify"))
    }
}
