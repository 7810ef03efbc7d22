//! `id06-api`: serve the API (default), or run one of the admin commands.

use clap::Parser;

use api::commands::{run, Command};
use api::config::Settings;

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

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    run(cli.command.unwrap_or(Command::Serve), cli.settings).await
}
