//! The harness of the black-box tests: the real server, built as `make run` builds it, on a free
//! loopback port with a fresh database (SQLite, or PostgreSQL when `ID06_TEST_POSTGRES_URL` is
//! set), the demo data, and SMS messages written to a file the tests read the codes from.

mod order_steps;
pub use order_steps::in_years;
pub mod proxy;
pub mod raw_tables;
pub mod receiver;
pub mod sheets;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use api::config::SmsProvider;
use api::{Application, Settings};
use app::clock::{Clock, ClockControl};
use persistence::test_db::TestDb;
use persistence::Db;
use reqwest::{Client, Response};
use serde_json::{json, Value};

pub use devkit::demo::{
    ADMIN_EMAIL, ASA_EMAIL, COMPANY_ID, ERIK_EMAIL, ORDERER_EMAIL, ORDER_ERIK, ORDER_MATCHING,
    ORDER_MISSPELLED, OTHER_ADMIN_EMAIL, PASSWORD,
};
pub use devkit::demo::{
    CARD_ID, INVITATION_ID, ORDER_APPROVED, ORDER_DELIVERED, VISITOR_ORDER_ID, WEBHOOK_ENDPOINT_ID,
};
pub use devkit::demo::{
    INTEGRATOR_ID, INTEGRATOR_SECRET, OTHER_INTEGRATOR_ID, OTHER_INTEGRATOR_SECRET, PRODUCER_ID,
    PRODUCER_SECRET, VERIFIER_ID, VERIFIER_SECRET,
};

pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub db: Db,
    pub sms_file: PathBuf,
    /// Emails, one JSON line each (`to`, `subject`, `body`, `link`), unless a test chose SMTP.
    pub email_file: PathBuf,
    /// Moves the server's clock forward: tests move time instead of editing rows.
    pub clock: ClockControl,
    /// The server's clock and services, for use cases run beside it (the CLI's commands).
    context: (Clock, Arc<app::Services>),
    /// What the server was started with (its database, keys, ...): for the CLI's commands.
    pub settings: Settings,
    handle: actix_web::dev::ServerHandle,
    _dir: tempfile::TempDir,
    // Dropped last: the database outlives the server's connections.
    _db: TestDb,
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
}

/// A BankID test double on a free loopback port; its base URL (`/rp/v6.0/...` for the
/// service, `/test/...` to script it).
pub fn bankid_double() -> String {
    let (port, server) = devkit::bankid_double::start("127.0.0.1:0")
        .unwrap_or_else(|e| panic!("start the BankID double: {e}"));
    tokio::spawn(server);
    format!("http://127.0.0.1:{port}")
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// A server that uses a BankID double of its own (collecting every 100 ms); the double's
    /// base URL with it.
    pub async fn spawn_with_bankid(configure: impl FnOnce(&mut Settings)) -> (TestApp, String) {
        let double = bankid_double();
        let url = format!("{double}/rp/v6.0");
        let app = Self::spawn_with(|s| {
            s.bankid.bankid_url = Some(url);
            s.bankid.bankid_collect_interval_ms = 100;
            configure(s);
        })
        .await;
        (app, double)
    }

    /// [`TestApp::spawn`] with settings changed by `configure` (for example CORS origins).
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
        Self::spawn_seeded(configure, true).await
    }

    /// A server on an empty database: no demo data.
    pub async fn spawn_empty() -> TestApp {
        Self::spawn_seeded(|_| {}, false).await
    }

    async fn spawn_seeded(configure: impl FnOnce(&mut Settings), demo: bool) -> TestApp {
        let tdb = TestDb::new();
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let sms_file = dir.path().join("sms.jsonl");
        let email_file = dir.path().join("email.jsonl");
        let mut settings = Settings::with_database(&tdb.url);
        settings.bind = "127.0.0.1:0".into();
        settings.sms_provider = SmsProvider::File;
        settings.sms_file = Some(sms_file.clone());
        settings.email.email_provider = api::config::EmailProvider::File;
        settings.email.email_file = Some(email_file.clone());
        settings.jwt_private_key =
            Some(app::auth::token::Keys::generate_pem().unwrap_or_else(|e| panic!("{e}")));
        settings.pin_keys = Some(app::vault::Vault::generate_entry());
        settings.index_key = Some(app::vault::Vault::generate_index_key());
        settings.workers = Some(2);
        // Quotas are tested on their own (tests/api/quotas.rs); elsewhere they stay out of the way.
        settings.quotas = api::config::QuotaSettings {
            quota_person: 1_000_000,
            quota_integrator: 1_000_000,
            quota_identity_verifier: 1_000_000,
            quota_card_producer: 1_000_000,
            quota_anonymous: 1_000_000,
        };
        // `make test` collects every answer's status for the contract check.
        settings.status_log = std::env::var_os("ID06_STATUS_LOG").map(std::path::PathBuf::from);
        configure(&mut settings);
        let (clock, control) = Clock::adjustable();
        if demo {
            seed_demo(&settings, &clock);
        }
        let app = Application::build_with_clock(settings.clone(), clock)
            .await
            .unwrap_or_else(|e| panic!("build app: {e}"));
        let base = format!("http://127.0.0.1:{}", app.port());
        let db = app.db().clone();
        let ctx = app.context();
        let context = (ctx.clock().clone(), ctx.services());
        let handle = app.handle();
        tokio::spawn(app.run_until_stopped());
        let client = Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        TestApp {
            base,
            client,
            db,
            sms_file,
            email_file,
            clock: control,
            context,
            settings,
            handle,
            _dir: dir,
            _db: tdb,
        }
    }

    /// The database the server uses (for the CLI's commands).
    pub fn database_url(&self) -> &str {
        &self._db.url
    }

    /// The server's vault: to open what a test reads from the raw rows.
    pub fn vault(&self) -> &app::vault::Vault {
        &self.context.1.vault
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut r = self.client.get(self.url(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        r.send().await.unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// A GET that asks for `language` (`Accept-Language`).
    pub async fn get_in(&self, language: &str, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .header("Accept-Language", language)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Option<Value>) -> Response {
        let mut r = self.client.post(self.url(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(b) = body {
            r = r.json(&b);
        }
        r.send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post(
            "/v1/auth/login",
            None,
            Some(json!({"email": email, "password": password})),
        )
        .await
    }

    /// SMS messages sent so far: (to, message).
    pub fn sms_messages(&self) -> Vec<(String, String)> {
        let text = std::fs::read_to_string(&self.sms_file).unwrap_or_default();
        text.lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .map(|v| {
                (
                    v["to"].as_str().unwrap_or_default().to_owned(),
                    v["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// Waits (up to 10 s, for tests whose gateway is down) until no SMS waits in the outbox.
    pub async fn settle_sms(&self) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            let waiting = self
                .db
                .read(|c| persistence::outbox::backlog(c, domain::Channel::Sms))
                .map_or(0, |(n, _)| n);
            if waiting == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits for the `n`-th SMS (1-based) and returns its code and recipient.
    pub async fn nth_code(&self, n: usize) -> (String, String) {
        let start = Instant::now();
        loop {
            let msgs = self.sms_messages();
            if let Some((to, message)) = msgs.get(n - 1) {
                let code = six_digits(message);
                return (code, to.clone());
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "SMS number {n} never arrived (have {})",
                msgs.len()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Emails sent so far, as written by the file provider.
    pub fn emails(&self) -> Vec<Value> {
        let text = std::fs::read_to_string(&self.email_file).unwrap_or_default();
        text.lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .collect()
    }

    /// Waits for the `n`-th email (1-based) to `to`.
    pub async fn nth_email_to(&self, to: &str, n: usize) -> Value {
        let start = Instant::now();
        loop {
            let mine: Vec<Value> = self
                .emails()
                .into_iter()
                .filter(|e| e["to"] == to)
                .collect();
            if let Some(e) = mine.get(n - 1) {
                return e.clone();
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "email number {n} to {to} never arrived (have {})",
                mine.len()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The `token` of the link in the `n`-th email to `to`.
    pub async fn link_token(&self, to: &str, n: usize) -> String {
        let e = self.nth_email_to(to, n).await;
        let link = e["link"].as_str().unwrap_or_default();
        link.split("token=")
            .nth(1)
            .or_else(|| link.rsplit('/').next())
            .unwrap_or_default()
            .to_owned()
    }

    /// Creates an account from the `n`-th emailed link to `email`, with the demo password, and
    /// signs it in.
    pub async fn create_account_from_link(&self, email: &str, n: usize, phone: &str) -> Session {
        let token = self.link_token(email, n).await;
        let r = self
            .post(
                "/v1/accounts",
                None,
                Some(json!({"token": token, "password": PASSWORD, "phone": phone, "given_names": "Nils", "surname": "Holgersson"})),
            )
            .await;
        expect(r, 201).await;
        self.sign_in(email).await
    }

    /// A platform operator, made by the bootstrap command and signed in.
    pub async fn operator(&self, email: &str) -> Session {
        let ctx = app::Context::new(self.context.0.clone(), Arc::clone(&self.context.1));
        api::cli::create_operator(&self.db, &ctx, email, "en")
            .unwrap_or_else(|e| panic!("create operator: {e}"));
        self.create_account_from_link(email, 1, "+46705550000")
            .await
    }

    /// Password, then the code from the SMS: a full sign-in.
    pub async fn sign_in(&self, email: &str) -> Session {
        // An SMS still in the outbox would land after `before` is counted and be
        // taken for this sign-in's code: let earlier ones arrive first.
        self.settle_sms().await;
        let before = self.sms_messages().len();
        let r = self.login(email, PASSWORD).await;
        assert_eq!(r.status(), 200, "login");
        let challenge: Value = r.json().await.unwrap_or_default();
        let (code, _) = self.nth_code(before + 1).await;
        let r = self
            .post(
                "/v1/auth/login/verify",
                None,
                Some(json!({"challenge_id": challenge["challenge_id"], "code": code})),
            )
            .await;
        assert_eq!(r.status(), 200, "verify");
        let t: Value = r.json().await.unwrap_or_default();
        Session {
            access_token: t["access_token"].as_str().unwrap_or_default().to_owned(),
            refresh_token: t["refresh_token"].as_str().unwrap_or_default().to_owned(),
        }
    }

    /// The token endpoint with HTTP Basic client authentication and a form body.
    pub async fn token_request(&self, id: &str, secret: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url("/v1/oauth/token"))
            .basic_auth(id, Some(secret))
            .form(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST /v1/oauth/token: {e}"))
    }

    /// A machine client's access token (all its scopes, or `scope`).
    pub async fn client_token(&self, id: &str, secret: &str, scope: Option<&str>) -> String {
        let mut form = vec![("grant_type", "client_credentials")];
        if let Some(s) = scope {
            form.push(("scope", s));
        }
        let r = self.token_request(id, secret, &form).await;
        assert_eq!(r.status(), 200, "client token");
        let t: Value = r.json().await.unwrap_or_default();
        t["access_token"].as_str().unwrap_or_default().to_owned()
    }

    /// Fills in the contact details that the demo leaves missing.
    pub async fn complete_contact(&self, token: &str) {
        let r = self
            .client
            .put(self.url("/v1/me/contact-details"))
            .bearer_auth(token)
            .json(&json!({"phone": "070-445 07 23", "email": "asa.oberg@example.se", "address": "Storgatan 12", "postal_code": "114 55", "city": "Stockholm", "country": "SE"}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.status(), 200);
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop the workers; the database is removed after this.
        drop(self.handle.stop(false));
    }
}

/// Reads a response as JSON, asserting its status.
pub async fn expect(r: Response, status: u16) -> Value {
    let got = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = r.text().await.unwrap_or_default();
    assert_eq!(got, status, "body: {text}");
    if status >= 400 {
        assert_eq!(
            ct, "application/problem+json",
            "error content type; body: {text}"
        );
    }
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The code an SMS carries: its first run of six digits, in either language.
pub fn six_digits(message: &str) -> String {
    message
        .split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 6)
        .unwrap_or_default()
        .to_owned()
}

/// The demo data in the test's fresh database, seeded at the test clock's time (the server then
/// migrates nothing more).
fn seed_demo(settings: &Settings, clock: &Clock) {
    let (db, _) = api::cli::migrated(settings, 1).unwrap_or_else(|e| panic!("migrate: {e}"));
    let vault = api::cli::vault(settings).unwrap_or_else(|e| panic!("vault: {e}"));
    devkit::demo::seed(&db, clock, &vault).unwrap_or_else(|e| panic!("demo: {e}"));
}
