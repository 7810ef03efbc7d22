//! Settings: environment variables prefixed `ID06_` (or the same as flags). `id06-api --help`
//! lists every one. Secrets are never printed: clap hides their values, `Debug` redacts them.

use std::fmt;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

mod bankid;
mod quotas;
mod retention;
mod senders;
pub use bankid::BankIdSettings;
pub use quotas::QuotaSettings;
pub use retention::RetentionSettings;

#[derive(Clone, Args)]
pub struct Settings {
    /// Database: `sqlite://PATH` or a plain path (SQLite, embedded), or `postgres://USER:PASS@HOST/DB`.
    #[arg(
        long,
        env = "ID06_DATABASE_URL",
        default_value = "sqlite://data/id06.db",
        hide_env_values = true
    )]
    pub database_url: String,

    /// Address and port to listen on.
    #[arg(long, env = "ID06_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// Where SMS messages go: `log` (development: the log), `file` (one JSON line per message) or
    /// `http` (an SMS gateway: a form POST of `from`, `to`, `message` with HTTP Basic auth, as
    /// 46elks and similar APIs take it).
    #[arg(long, env = "ID06_SMS_PROVIDER", value_enum, default_value_t = SmsProvider::Log)]
    pub sms_provider: SmsProvider,

    /// The file for `ID06_SMS_PROVIDER=file`.
    #[arg(long, env = "ID06_SMS_FILE")]
    pub sms_file: Option<PathBuf>,

    /// The gateway's endpoint for `ID06_SMS_PROVIDER=http`, e.g. `https://api.46elks.com/a1/sms`.
    #[arg(long, env = "ID06_SMS_GATEWAY_URL")]
    pub sms_gateway_url: Option<String>,

    /// The sender name or number the gateway shows.
    #[arg(long, env = "ID06_SMS_SENDER", default_value = "ID06")]
    pub sms_sender: String,

    /// The gateway's user name (HTTP Basic).
    #[arg(long, env = "ID06_SMS_USERNAME")]
    pub sms_username: Option<String>,

    /// The gateway's password (HTTP Basic).
    #[arg(long, env = "ID06_SMS_PASSWORD", hide_env_values = true)]
    pub sms_password: Option<String>,

    #[command(flatten)]
    pub email: EmailSettings,

    /// The web portal's address, e.g. `https://portal.id06.se`: the links in emails lead there
    /// (`/sign-in`, `/create-account?token=…`, `/reset-password?token=…`, `/card-orders/{id}`,
    /// `/cards`, `/invitations/{token}`; see `app/frontend.rs`). This service serves no pages.
    #[arg(
        long,
        env = "ID06_FRONTEND_URL",
        default_value = "http://127.0.0.1:3000"
    )]
    pub frontend_url: String,

    /// One fixed token signing key: an Ed25519 private key in PKCS#8 PEM (`id06-api keygen`
    /// makes one). When unset, the keys in `ID06_JWT_KEY_DIR` are used, which rotate.
    #[arg(long, env = "ID06_JWT_PRIVATE_KEY", hide_env_values = true)]
    pub jwt_private_key: Option<String>,

    /// The directory of token signing keys (`<created>-<kid>.pem`, mode 600), shared by every
    /// instance; the first key is made on first start, `id06-api rotate-keys` adds the next.
    #[arg(long, env = "ID06_JWT_KEY_DIR", default_value = "data/jwt-keys")]
    pub jwt_key_dir: PathBuf,

    /// Seconds a new key is published before it signs, so every instance has loaded it first
    /// (at least `ID06_JWT_KEY_RELOAD_SECS`).
    #[arg(long, env = "ID06_JWT_KEY_ACTIVATION_SECS", default_value_t = 120)]
    pub jwt_key_activation_secs: i64,

    /// How often each instance re-reads the key directory.
    #[arg(long, env = "ID06_JWT_KEY_RELOAD_SECS", default_value_t = 30)]
    pub jwt_key_reload_secs: u64,

    /// The `iss` of issued access tokens.
    #[arg(
        long,
        env = "ID06_JWT_ISSUER",
        default_value = "urn:id06:card-order-service"
    )]
    pub jwt_issuer: String,

    /// The `aud` of issued access tokens.
    #[arg(long, env = "ID06_JWT_AUDIENCE", default_value = "id06-api")]
    pub jwt_audience: String,

    /// Origins of browser apps allowed to call the API (CORS), comma-separated, e.g.
    /// `https://portal.example.se`. None by default: only same-origin pages (Swagger UI) call it.
    #[arg(long, env = "ID06_CORS_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub cors_allowed_origins: Vec<String>,

    /// Load balancers and reverse proxies in front of the service (addresses or networks,
    /// comma-separated, e.g. `10.0.0.0/8`). Only from these is `X-Forwarded-For` believed; the
    /// client address (throttling, sessions, audit log) is otherwise the connection's peer.
    #[arg(long, env = "ID06_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,

    /// The prefix length IPv6 callers are counted by in every per-address limit (a /64 is what
    /// one subscriber holds at least); sessions and the audit log keep the full address.
    #[arg(long, env = "ID06_IPV6_PREFIX_LEN", default_value_t = 64)]
    pub ipv6_prefix_len: u8,

    #[command(flatten)]
    pub quotas: QuotaSettings,

    #[command(flatten)]
    pub bankid: BankIdSettings,

    #[command(flatten)]
    pub retention: RetentionSettings,

    /// The vault's keys, which seal secrets and identity data at rest (AES-256-GCM): card PINs,
    /// webhook signing secrets, personal identity numbers, document numbers, the MRZ and
    /// portraits. `id:base64-of-32-bytes`, comma-separated, the sealing key first;
    /// `id06-api pin-key` makes one. Rotate by putting a new key first, running
    /// `id06-api reseal-pins`, then removing the old key. When unset, the keys in
    /// `ID06_PIN_KEY_FILE` are used.
    #[arg(long, env = "ID06_PIN_KEYS", hide_env_values = true)]
    pub pin_keys: Option<String>,

    /// The file of PIN keys (one `id:base64` per line, the sealing key first), made with one key
    /// on first start; shared by every instance.
    #[arg(long, env = "ID06_PIN_KEY_FILE", default_value = "data/pin-keys")]
    pub pin_key_file: PathBuf,

    /// The blind-index key (base64 of 32 bytes): the keyed hash under which personal identity
    /// numbers are found without being stored in clear. Fixed for the life of the data (another
    /// key finds nothing stored before). When unset, the key in `ID06_INDEX_KEY_FILE`.
    #[arg(long, env = "ID06_INDEX_KEY", hide_env_values = true)]
    pub index_key: Option<String>,

    /// The file of the blind-index key, made on first start; shared by every instance.
    #[arg(long, env = "ID06_INDEX_KEY_FILE", default_value = "data/index-key")]
    pub index_key_file: PathBuf,

    /// Let webhook endpoints be plain `http` and on private, loopback or link-local addresses.
    /// For tests and local development only: in production it would let companies make the
    /// service call into its own network.
    #[arg(long, env = "ID06_WEBHOOKS_ALLOW_PRIVATE", default_value_t = false)]
    pub webhooks_allow_private: bool,

    /// Seconds a webhook receiver has to answer one delivery.
    #[arg(long, env = "ID06_WEBHOOK_TIMEOUT_SECS", default_value_t = 10)]
    pub webhook_timeout_secs: u64,

    /// A bearer token that `GET /metrics` requires. Unset: `/metrics` is not served (404).
    #[arg(long, env = "ID06_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// A file every answer's `METHOD route status` is appended to (the route as the contract names
    /// it). For the contract test that checks every status the test suites saw is documented;
    /// unset in production.
    #[arg(long, env = "ID06_STATUS_LOG")]
    pub status_log: Option<std::path::PathBuf>,

    /// Days a card order waits for the cardholder's review before it expires.
    #[arg(long, env = "ID06_ORDER_REVIEW_DAYS", default_value_t = 30)]
    pub order_review_days: i64,

    /// Seconds between sweeps of the expiry job (cards past validity, orders not reviewed).
    #[arg(long, env = "ID06_EXPIRY_INTERVAL_SECS", default_value_t = 60)]
    pub expiry_interval_secs: u64,

    /// On SIGTERM: seconds to finish requests in flight, and again for the workers' rounds.
    #[arg(long, env = "ID06_SHUTDOWN_TIMEOUT_SECS", default_value_t = 10)]
    pub shutdown_timeout_secs: u64,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "ID06_WORKERS")]
    pub workers: Option<usize>,

    /// Database connections in the pool.
    #[arg(long, env = "ID06_DB_POOL_SIZE", default_value_t = 8)]
    pub db_pool_size: u32,

    /// Log filter (tracing `EnvFilter` syntax), e.g. `info` or `api=debug,info`.
    #[arg(long, env = "ID06_LOG", default_value = "info")]
    pub log: String,

    /// Log format: `text` or `json`.
    #[arg(long, env = "ID06_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// Where email goes.
#[derive(Clone, Args)]
pub struct EmailSettings {
    /// `log` (development: the log), `file` (one JSON line per message) or `smtp`.
    #[arg(long, env = "ID06_EMAIL_PROVIDER", value_enum, default_value_t = EmailProvider::Log)]
    pub email_provider: EmailProvider,

    /// The file for `ID06_EMAIL_PROVIDER=file`.
    #[arg(long, env = "ID06_EMAIL_FILE")]
    pub email_file: Option<PathBuf>,

    /// The sender of every email.
    #[arg(
        long,
        env = "ID06_EMAIL_FROM",
        default_value = "ID06 <no-reply@id06.example>"
    )]
    pub email_from: String,

    /// SMTP server host name (for `smtp`).
    #[arg(long, env = "ID06_SMTP_HOST")]
    pub smtp_host: Option<String>,

    /// SMTP server port.
    #[arg(long, env = "ID06_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,

    /// `starttls` (upgrade a plain connection; port 587), `tls` (implicit TLS; port 465) or
    /// `none` (plain text; only for a server on loopback).
    #[arg(long, env = "ID06_SMTP_TLS", value_enum, default_value_t = SmtpTls::Starttls)]
    pub smtp_tls: SmtpTls,

    /// SMTP user name, when the server wants one.
    #[arg(long, env = "ID06_SMTP_USERNAME")]
    pub smtp_username: Option<String>,

    /// SMTP password.
    #[arg(long, env = "ID06_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
}

impl Default for EmailSettings {
    fn default() -> Self {
        EmailSettings {
            email_provider: EmailProvider::Log,
            email_file: None,
            email_from: "ID06 <no-reply@id06.example>".into(),
            smtp_host: None,
            smtp_port: 587,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: None,
            smtp_password: None,
        }
    }
}

impl fmt::Debug for EmailSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmailSettings")
            .field("email_provider", &self.email_provider)
            .field("email_file", &self.email_file)
            .field("email_from", &self.email_from)
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_tls", &self.smtp_tls)
            .field("smtp_username", &self.smtp_username)
            .field("smtp_password", &self.smtp_password.as_ref().map(|_| "***"))
            .finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EmailProvider {
    Log,
    File,
    Smtp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmtpTls {
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmsProvider {
    Log,
    File,
    Http,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Settings {
    /// The defaults, with another database (tests and tools build settings without the environment).
    pub fn with_database(database_url: &str) -> Settings {
        Settings {
            database_url: database_url.to_owned(),
            bind: "127.0.0.1:8080".into(),
            sms_provider: SmsProvider::Log,
            sms_file: None,
            sms_gateway_url: None,
            sms_sender: "ID06".into(),
            sms_username: None,
            sms_password: None,
            email: EmailSettings::default(),
            frontend_url: "http://127.0.0.1:3000".into(),
            jwt_private_key: None,
            jwt_key_dir: "data/jwt-keys".into(),
            jwt_key_activation_secs: 120,
            jwt_key_reload_secs: 30,
            jwt_issuer: "urn:id06:card-order-service".into(),
            jwt_audience: "id06-api".into(),
            cors_allowed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            ipv6_prefix_len: 64,
            quotas: QuotaSettings::default(),
            bankid: BankIdSettings::default(),
            retention: RetentionSettings::default(),
            pin_keys: None,
            pin_key_file: "data/pin-keys".into(),
            index_key: None,
            index_key_file: "data/index-key".into(),
            webhooks_allow_private: false,
            webhook_timeout_secs: 10,
            metrics_token: None,
            status_log: None,
            order_review_days: 30,
            expiry_interval_secs: 60,
            shutdown_timeout_secs: 10,
            workers: None,
            db_pool_size: 8,
            log: "info".into(),
            log_format: LogFormat::Text,
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &persistence::redact(&self.database_url))
            .field("bind", &self.bind)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("ipv6_prefix_len", &self.ipv6_prefix_len)
            .field("quotas", &self.quotas)
            .field("sms_provider", &self.sms_provider)
            .field("sms_file", &self.sms_file)
            .field("sms_gateway_url", &self.sms_gateway_url)
            .field("sms_sender", &self.sms_sender)
            .field("sms_username", &self.sms_username)
            .field("sms_password", &self.sms_password.as_ref().map(|_| "***"))
            .field("email", &self.email)
            .field("frontend_url", &self.frontend_url)
            .field(
                "jwt_private_key",
                &self.jwt_private_key.as_ref().map(|_| "***"),
            )
            .field("jwt_key_dir", &self.jwt_key_dir)
            .field("jwt_key_activation_secs", &self.jwt_key_activation_secs)
            .field("jwt_key_reload_secs", &self.jwt_key_reload_secs)
            .field("jwt_issuer", &self.jwt_issuer)
            .field("jwt_audience", &self.jwt_audience)
            .field("cors_allowed_origins", &self.cors_allowed_origins)
            .field("pin_keys", &self.pin_keys.as_ref().map(|_| "***"))
            .field("pin_key_file", &self.pin_key_file)
            .field("index_key", &self.index_key.as_ref().map(|_| "***"))
            .field("index_key_file", &self.index_key_file)
            .field("webhooks_allow_private", &self.webhooks_allow_private)
            .field("webhook_timeout_secs", &self.webhook_timeout_secs)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("bankid", &self.bankid)
            .field("retention", &self.retention)
            .field("order_review_days", &self.order_review_days)
            .field("expiry_interval_secs", &self.expiry_interval_secs)
            .field("shutdown_timeout_secs", &self.shutdown_timeout_secs)
            .field("workers", &self.workers)
            .field("db_pool_size", &self.db_pool_size)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let mut s = Settings::with_database("postgres://u:hunter2@h/db");
        s.jwt_private_key = Some("-----BEGIN PRIVATE KEY-----secret".into());
        s.email.smtp_password = Some("smtp-secret".into());
        s.sms_password = Some("sms-secret".into());
        s.pin_keys = Some("k1:pin-secret".into());
        s.index_key = Some("index-secret".into());
        let d = format!("{s:?}");
        assert!(
            !d.contains("hunter2")
                && !d.contains("BEGIN")
                && !d.contains("smtp-secret")
                && !d.contains("sms-secret")
                && !d.contains("pin-secret")
                && !d.contains("index-secret"),
            "{d}"
        );
    }
}
