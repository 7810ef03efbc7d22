//! The service's command line: serve (the default), migrate, keys, PINs, the contract, and the
//! bootstrap commands. `id06-api` runs it; the demo binary (`id06-demo`, crate `id06-devkit`) runs it too, with the
//! demo's own commands beside.

use std::process::ExitCode;

use clap::Subcommand;

use crate::config::{LogFormat, Settings};
use crate::Application;

/// The service's commands (`id06-api <command>`; `serve` when none is given).
#[derive(Subcommand)]
pub enum Command {
    /// Migrate the database, then serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Make a person a platform operator: at once if they have an account, otherwise they are
    /// emailed a single-use link to create one (no password on the command line).
    CreateOperator {
        #[arg(long)]
        email: String,
        /// The language the person is written to in (`en` or `sv`), until they choose their own.
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Erase a person's personal data for a request received elsewhere (GDPR Art. 17), as
    /// `POST /v1/accounts/{account_id}/erasure` does; prints what was erased and what is held.
    EraseAccount {
        /// The person's account (`acc_...`).
        #[arg(long)]
        account_id: String,
        /// Where the request came from (kept in the security log).
        #[arg(long)]
        reason: String,
    },
    /// Create a company with its first administrator, who is emailed a link to create an
    /// account (or told by email, with an account already).
    CreateCompany {
        /// The company's registered name.
        #[arg(long)]
        name: String,
        /// Swedish organisation number, `NNNNNN-NNNN`.
        #[arg(long)]
        org_number: String,
        /// Default delivery address: street.
        #[arg(long)]
        street: String,
        #[arg(long)]
        postal_code: String,
        #[arg(long)]
        city: String,
        /// ISO 3166-1 alpha-2.
        #[arg(long, default_value = "SE")]
        country: String,
        /// Optional recipient line of the delivery address.
        #[arg(long)]
        delivery_name: Option<String>,
        /// The first administrator's email.
        #[arg(long)]
        admin_email: String,
        /// The language the administrator is written to in (`en` or `sv`), until they choose
        /// their own.
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Create a machine client (OAuth2 client credentials) and print its id and secret (shown
    /// this once).
    CreateApiClient {
        /// What the client is, for people reading the list.
        #[arg(long)]
        name: String,
        /// `identity_verifier`, `card_producer` or `integrator`.
        #[arg(long)]
        role: String,
        /// The company of an integrator (`cmp_...`).
        #[arg(long)]
        company_id: Option<String>,
        /// A scope (repeat for more); none: every scope the role allows.
        #[arg(long = "scope")]
        scopes: Vec<String>,
    },
    /// Print a new Ed25519 token signing key (PKCS#8 PEM) for ID06_JWT_PRIVATE_KEY.
    Keygen,
    /// Add a new token signing key to ID06_JWT_KEY_DIR: published at once, signing after
    /// ID06_JWT_KEY_ACTIVATION_SECS; keys whose tokens have all expired are removed.
    RotateKeys,
    /// Print a new PIN key (`id:base64`) to put first in ID06_PIN_KEYS or the key file.
    PinKey,
    /// Seal every stored card PIN and webhook signing secret again under the first PIN key, so
    /// older keys can be removed.
    ResealPins,
}

/// Logs to standard error as the settings say; a second call keeps the first (the demo binary
/// logs its seeding before the service's own commands start).
pub fn init_logging(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _already = match settings.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// The database, migrated.
fn migrated(settings: &Settings) -> Result<persistence::Db, String> {
    crate::cli::migrated(settings, 2).map(|(db, _)| db)
}

pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("{}: {message}", program());
    ExitCode::FAILURE
}

/// The running program's name, for messages.
fn program() -> String {
    std::env::args()
        .next()
        .and_then(|a| a.rsplit('/').next().map(str::to_owned))
        .unwrap_or_else(|| "id06-api".into())
}

/// Runs `command` with `settings`.
pub async fn run(command: Command, settings: Settings) -> ExitCode {
    match command {
        Command::Keygen => match app::auth::token::Keys::generate_pem() {
            Ok(pem) => print!("{pem}"),
            Err(e) => return fail(e),
        },
        Command::RotateKeys => {
            match crate::cli::rotate_keys(&settings, chrono::Utc::now().timestamp()) {
                Ok(r) => {
                    println!(
                        "added key {} (signs in {} s)",
                        r.added, settings.jwt_key_activation_secs
                    );
                    for kid in r.removed {
                        println!("removed key {kid} (its tokens have expired)");
                    }
                }
                Err(e) => return fail(e),
            }
        }
        Command::PinKey => println!("{}", app::vault::Vault::generate_entry()),
        Command::ResealPins => {
            init_logging(&settings);
            match crate::cli::reseal_pins(&settings) {
                Ok(n) => println!(
                    "resealed {} PIN(s), {} webhook signing secret(s), {} identity value(s) and \
                     {} portrait(s) under the first key",
                    n.pins, n.webhook_secrets, n.identity_values, n.portraits
                ),
                Err(e) => return fail(e),
            }
        }
        Command::Migrate => {
            init_logging(&settings);
            match crate::cli::migrated(&settings, 2) {
                Ok((_, n)) => println!("applied {n} migration(s)"),
                Err(e) => return fail(e),
            }
        }
        Command::CreateOperator { email, language } => {
            init_logging(&settings);
            let result = migrated(&settings).and_then(|db| {
                let ctx = crate::cli::context(&settings, app::Clock::system())?;
                crate::cli::create_operator(&db, &ctx, &email, &language)
            });
            match result {
                Ok(m) => println!("{m}"),
                Err(e) => return fail(e),
            }
        }
        Command::EraseAccount { account_id, reason } => {
            init_logging(&settings);
            let result = migrated(&settings).and_then(|db| {
                let ctx = crate::cli::context(&settings, app::Clock::system())?;
                crate::cli::erase_account(&db, &ctx, &account_id, &reason)
            });
            match result {
                Ok(m) => println!("{m}"),
                Err(e) => return fail(e),
            }
        }
        Command::CreateCompany {
            name,
            org_number,
            street,
            postal_code,
            city,
            country,
            delivery_name,
            admin_email,
            language,
        } => {
            init_logging(&settings);
            let args = crate::cli::CompanyArgs {
                name,
                org_number,
                address: domain::AddressInput {
                    name: delivery_name,
                    street,
                    postal_code,
                    city,
                    country,
                },
                admin_email,
                language,
            };
            let result = migrated(&settings).and_then(|db| {
                let ctx = crate::cli::context(&settings, app::Clock::system())?;
                crate::cli::create_company(&db, &ctx, args)
            });
            match result {
                Ok(m) => println!("{m}"),
                Err(e) => return fail(e),
            }
        }
        Command::CreateApiClient {
            name,
            role,
            company_id,
            scopes,
        } => {
            init_logging(&settings);
            let args = crate::cli::ClientArgs {
                name,
                role,
                company_id,
                scopes,
            };
            let result = migrated(&settings)
                .and_then(|db| crate::cli::create_api_client(&db, &app::Clock::system(), args));
            match result {
                Ok(m) => println!("{m}"),
                Err(e) => return fail(e),
            }
        }
        Command::Serve => {
            init_logging(&settings);
            let app = match Application::build(settings.clone()).await {
                Ok(app) => app,
                Err(e) => return fail(e),
            };
            tracing::info!(
                port = app.port(),
                "listening on http://{} (Swagger UI at /swagger-ui/)",
                settings.bind
            );
            let handle = app.handle();
            actix_web::rt::spawn(async move {
                stop_signal().await;
                tracing::info!("stopping: no new connections; finishing requests in flight");
                handle.stop(true).await;
            });
            if let Err(e) = app.run_until_stopped().await {
                return fail(e);
            }
        }
    }
    ExitCode::SUCCESS
}

/// SIGTERM (orchestrators, rolling restarts) or SIGINT (Ctrl-C): both stop gracefully.
async fn stop_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
