//! `id06-demo`: the service with what is not the product — `serve` seeds the demo data first
//! when `ID06_DEMO` is set (what `make run` does), `seed-demo` seeds and prints it, and
//! `bankid-double` serves the local test double of BankID. Every other command is `id06-api`'s.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use api::commands::{fail, init_logging, run, Command};
use api::config::Settings;
use devkit::demo::{self, DemoInfo};

#[derive(Parser)]
#[command(
    name = "id06-demo",
    version,
    about = "The ID06 card-order service with its demo data and the BankID test double (never for production)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<DemoCommand>,
    /// Seed the demo data before serving, when the database has none (what `make run` does).
    #[arg(long, env = "ID06_DEMO", default_value_t = false)]
    demo: bool,
    #[command(flatten)]
    settings: Settings,
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Create the demo data (if absent) and print how to sign in.
    SeedDemo {
        /// Print the demo accounts and orders as JSON.
        #[arg(long)]
        json: bool,
    },
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
    #[command(flatten)]
    Service(Command),
}

/// The database migrated and the demo data in it.
fn seed(settings: &Settings) -> Result<DemoInfo, String> {
    let (db, _) = api::cli::migrated(settings, 2)?;
    let vault = api::cli::vault(settings)?;
    demo::seed(&db, &app::Clock::system(), &vault)
}

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = cli.settings;
    match cli.command.unwrap_or(DemoCommand::Service(Command::Serve)) {
        DemoCommand::SeedDemo { json } => {
            init_logging(&settings);
            match seed(&settings) {
                Ok(info) if json => match serde_json::to_string_pretty(&info) {
                    Ok(j) => println!("{j}"),
                    Err(e) => return fail(e),
                },
                Ok(info) => demo::print::print(&info, &settings.bind),
                Err(e) => return fail(e),
            }
            ExitCode::SUCCESS
        }
        DemoCommand::BankidDouble { bind } => {
            init_logging(&settings);
            match devkit::bankid_double::start(&bind) {
                Ok((port, server)) => {
                    println!("BankID test double on http://127.0.0.1:{port}/rp/v6.0");
                    match server.await {
                        Ok(()) => ExitCode::SUCCESS,
                        Err(e) => fail(e.to_string()),
                    }
                }
                Err(e) => fail(format!("bind {bind}: {e}")),
            }
        }
        DemoCommand::Service(Command::Serve) if cli.demo => {
            init_logging(&settings);
            match seed(&settings) {
                Ok(info) => demo::print::print(&info, &settings.bind),
                Err(e) => return fail(e),
            }
            run(Command::Serve, settings).await
        }
        DemoCommand::Service(command) => run(command, settings).await,
    }
}
