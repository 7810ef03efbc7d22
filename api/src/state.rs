//! The use cases' shared state, built from the settings: the database (connected and migrated),
//! token keys, password threads, quotas and the services a use case's context reaches. The server
//! is built around it (`startup.rs`); the in-process tests of the use cases use it alone.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::config::Settings;
use app::auth::password;
use app::auth::pool::PasswordPool;
use app::auth::token::Keys;
use app::Clock;

/// Connects and migrates the database, loads the keys and the vault, starts the password
/// threads. Checks BankID's settings: a wrong certificate or passphrase stops the start.
pub async fn build(settings: &Settings, clock: Clock) -> Result<app::App, String> {
    let (db, migrated) = crate::cli::migrated(settings, settings.db_pool_size)?;
    tracing::info!(
        backend = db.backend().name(),
        migrations_applied = migrated,
        "database ready"
    );
    let vault = Arc::new(crate::cli::vault(settings)?);
    let keys = match &settings.jwt_private_key {
        Some(pem) => Keys::from_pem(pem, &settings.jwt_issuer, &settings.jwt_audience)?,
        None => Keys::from_dir(
            &settings.jwt_key_dir,
            settings.jwt_key_activation_secs,
            clock.unix(),
            &settings.jwt_issuer,
            &settings.jwt_audience,
        )?,
    };
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let passwords = PasswordPool::start(cores);
    let dummy_hash = password::dummy_hash();
    let services = Arc::new(app::Services {
        links: app::frontend::Links::new(&settings.frontend_url),
        vault,
        // Checked now: a wrong certificate or passphrase stops the start, not a sign-in.
        bankid: settings
            .bankid
            .client()?
            .map(|c| Arc::new(c) as Arc<dyn app::bankid::client::BankId>),
        bankid_require_mrtd: settings.bankid.bankid_require_mrtd,
        presenter: Box::new(crate::http::dto::webhooks::Objects),
        outbox_bell: Arc::new(Notify::new()),
        import_bell: Arc::new(Notify::new()),
    });
    Ok(app::App {
        db,
        clock,
        keys,
        dummy_hash,
        passwords,
        quotas: Arc::new(app::quota::Quotas::new(settings.quotas.policies())),
        webhooks_allow_private: settings.webhooks_allow_private,
        services,
    })
}
