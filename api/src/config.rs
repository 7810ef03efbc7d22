//! Settings: environment variables prefixed `ID06_` (or the same as flags). `id06-api --help`
//! lists every one. Secrets are never printed: clap hides their values, `Debug` redacts them.

use std::fmt;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

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

    /// Where SMS messages go: `log` (development: the log) or `file` (one JSON line per message).
    #[arg(long, env = "ID06_SMS_PROVIDER", value_enum, default_value_t = SmsProvider::Log)]
    pub sms_provider: SmsProvider,

    /// The file for `ID06_SMS_PROVIDER=file`.
    #[arg(long, env = "ID06_SMS_FILE")]
    pub sms_file: Option<PathBuf>,

    /// The token signing key: an Ed25519 private key in PKCS#8 PEM (`id06-api keygen` makes one).
    /// When unset, the key in `ID06_JWT_KEY_FILE` is used, created on first start.
    #[arg(long, env = "ID06_JWT_PRIVATE_KEY", hide_env_values = true)]
    pub jwt_private_key: Option<String>,

    /// Key file used when `ID06_JWT_PRIVATE_KEY` is unset.
    #[arg(
        long,
        env = "ID06_JWT_KEY_FILE",
        default_value = "data/jwt-ed25519.pem"
    )]
    pub jwt_key_file: PathBuf,

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

    /// Seed the demo data when the database has none (what `make run` does).
    #[arg(long, env = "ID06_DEMO", default_value_t = false)]
    pub demo: bool,

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmsProvider {
    Log,
    File,
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
            jwt_private_key: None,
            jwt_key_file: "data/jwt-ed25519.pem".into(),
            jwt_issuer: "urn:id06:card-order-service".into(),
            jwt_audience: "id06-api".into(),
            cors_allowed_origins: Vec::new(),
            demo: false,
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
            .field("sms_provider", &self.sms_provider)
            .field("sms_file", &self.sms_file)
            .field(
                "jwt_private_key",
                &self.jwt_private_key.as_ref().map(|_| "***"),
            )
            .field("jwt_key_file", &self.jwt_key_file)
            .field("jwt_issuer", &self.jwt_issuer)
            .field("jwt_audience", &self.jwt_audience)
            .field("cors_allowed_origins", &self.cors_allowed_origins)
            .field("demo", &self.demo)
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
        let d = format!("{s:?}");
        assert!(!d.contains("hunter2") && !d.contains("BEGIN"), "{d}");
    }
}
