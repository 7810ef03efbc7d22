//! `id06-api`: serve the API (default), or run one of the admin commands.

use clap::{Parser, Subcommand};

use api::config::{LogFormat, Settings};
use api::Application;

#[derive(Parser)]
#[command(
    name = "id06-api",
    version,
    about = "ID06 card-order service: JSON REST API with an OpenAPI contract."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    settings: Settings,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database, then serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create the demo data (if absent) and print how to sign in.
    SeedDemo {
        /// Print the demo accounts and orders as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make a person a platform operator: at once if they have an account, otherwise they are
    /// emailed a single-use link to create one (no password on the command line).
    CreateOperator {
        #[arg(long)]
        email: String,
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
    /// Print the OpenAPI document.
    Openapi,
    /// Serve a local test double of BankID's Relying Party API v6 (plain HTTP; for tests and
    /// the demo, never for production).
    BankidDouble {
        #[arg(
            long,
            env = "ID06_BANKID_DOUBLE_BIND",
            default_value = "127.0.0.1:8081"
        )]
        bind: String,
    },
}

fn init_logging(settings: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_new(&settings.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match settings.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

/// The database, migrated.
fn migrated(settings: &Settings) -> Result<persistence::Db, String> {
    persistence::Db::connect(&settings.database_url, 2)
        .and_then(|db| db.migrate().map(|_| db))
        .map_err(|e| e.to_string())
}

fn fail(message: impl std::fmt::Display) -> std::process::ExitCode {
    eprintln!("id06-api: {message}");
    std::process::ExitCode::FAILURE
}

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let settings = cli.settings;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Keygen => match app::auth::token::Keys::generate_pem() {
            Ok(pem) => print!("{pem}"),
            Err(e) => return fail(e),
        },
        Command::RotateKeys => {
            match api::cli::rotate_keys(&settings, chrono::Utc::now().timestamp()) {
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
        Command::PinKey => println!("{}", app::cards::pin_vault::PinVault::generate_entry()),
        Command::ResealPins => {
            init_logging(&settings);
            match api::cli::reseal_pins(&settings) {
                Ok(n) => println!(
                    "resealed {} PIN(s) and {} webhook signing secret(s) under the first key",
                    n.pins, n.webhook_secrets
                ),
                Err(e) => return fail(e),
            }
        }
        Command::BankidDouble { bind } => {
            init_logging(&settings);
            match api::bankid_double::start(&bind) {
                Ok((port, server)) => {
                    println!("BankID test double on http://127.0.0.1:{port}/rp/v6.0");
                    if let Err(e) = server.await {
                        return fail(e.to_string());
                    }
                }
                Err(e) => return fail(format!("bind {bind}: {e}")),
            }
        }
        Command::Openapi => match serde_json::to_string_pretty(&api::http::contract::spec()) {
            Ok(json) => println!("{json}"),
            Err(e) => return fail(e),
        },
        Command::Migrate => {
            init_logging(&settings);
            let result =
                persistence::Db::connect(&settings.database_url, 2).and_then(|db| db.migrate());
            match result {
                Ok(n) => println!("applied {n} migration(s)"),
                Err(e) => return fail(e),
            }
        }
        Command::SeedDemo { json } => {
            init_logging(&settings);
            let seeded = persistence::Db::connect(&settings.database_url, 2)
                .and_then(|db| db.migrate().map(|_| db))
                .map_err(|e| e.to_string())
                .and_then(|db| {
                    let vault = api::cli::pin_vault(&settings)?;
                    api::demo::seed(&db, &app::Clock::system(), &vault)
                });
            match seeded {
                Ok(info) if json => match serde_json::to_string_pretty(&info) {
                    Ok(j) => println!("{j}"),
                    Err(e) => return fail(e),
                },
                Ok(info) => print_demo(&info, &settings),
                Err(e) => return fail(e),
            }
        }
        Command::CreateOperator { email } => {
            init_logging(&settings);
            let result = migrated(&settings).and_then(|db| {
                api::cli::create_operator(
                    &db,
                    &app::Clock::system(),
                    &email,
                    &settings.frontend_url,
                )
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
        } => {
            init_logging(&settings);
            let args = api::cli::CompanyArgs {
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
            };
            let result = migrated(&settings).and_then(|db| {
                api::cli::create_company(&db, &app::Clock::system(), args, &settings.frontend_url)
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
            let args = api::cli::ClientArgs {
                name,
                role,
                company_id,
                scopes,
            };
            let result = migrated(&settings)
                .and_then(|db| api::cli::create_api_client(&db, &app::Clock::system(), args));
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
            if let Some(info) = app.demo() {
                print_demo(info, &settings);
            }
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
    std::process::ExitCode::SUCCESS
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

fn print_demo(info: &api::demo::DemoInfo, settings: &Settings) {
    println!();
    println!(
        "Demo data ({}): {} {}",
        if info.created { "created" } else { "present" },
        info.company.name,
        info.company.org_number
    );
    println!(
        "  and a second company: {} {}",
        info.other_company.name, info.other_company.org_number
    );
    for a in &info.accounts {
        println!(
            "  sign in as {} <{}> with password {}",
            a.name, a.email, a.password
        );
    }
    for o in &info.orders {
        println!("  order {} ({}): {}", o.id, o.cardholder_email, o.note);
    }
    for i in &info.invitations {
        println!(
            "  invitation {} to {}: open GET /v1/invitations/{}",
            i.id, i.email, i.token
        );
    }
    for v in &info.visitor_orders {
        println!("  visitor order {} ({} cards, approved)", v.id, v.quantity);
    }
    for c in &info.clients {
        println!(
            "  machine client {} ({}, {}): secret {} -> POST /v1/oauth/token",
            c.id, c.role, c.scopes, c.secret
        );
    }
    println!(
        "  SMS codes appear in this log (ID06_SMS_PROVIDER=log), on lines with target \"sms\"."
    );
    println!("  Swagger UI: http://{}/swagger-ui/", settings.bind);
    println!();
}
