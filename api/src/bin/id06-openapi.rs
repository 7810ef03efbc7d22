//! `id06-openapi`: prints the contract generated from the code, as `make openapi` commits it.

use std::process::ExitCode;

fn main() -> ExitCode {
    match serde_json::to_string_pretty(&api::http::contract::spec()) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("id06-openapi: {e}");
            ExitCode::FAILURE
        }
    }
}
