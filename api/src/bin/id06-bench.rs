//! `id06-bench`: helpers for `make bench`, kept out of the service binary.
//!
//! - `seed`: synthetic cardholders (verified identity, complete contact details), each with orders
//!   waiting for review that match, in one transaction; prints them as JSON.
//! - `argon2-rate`: how many password verifications per second this machine does, on N threads,
//!   the same way the login does them.

use std::time::{Duration, Instant};

use api::app::auth::password;
use chrono::{Months, NaiveDate, TimeDelta};
use clap::{Parser, Subcommand};
use persistence::{accounts, evidence, Db, NewAccount, NewEvidence};
use serde_json::json;

#[derive(Parser)]
#[command(
    name = "id06-bench",
    about = "Seeding and calibration for the benchmark (not for production use)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create synthetic cardholders with orders waiting for review (after the demo company).
    Seed {
        #[arg(long, env = "ID06_DATABASE_URL")]
        database_url: String,
        #[arg(long, default_value_t = 1000)]
        cardholders: usize,
        #[arg(long, default_value_t = 20)]
        orders_per_cardholder: usize,
        #[arg(long, default_value = "bench-password-2026")]
        password: String,
    },
    /// Password verifications per second on `threads` threads for `seconds`.
    Argon2Rate {
        #[arg(long, default_value_t = 2)]
        threads: usize,
        #[arg(long, default_value_t = 3.0)]
        seconds: f64,
    },
}

fn main() -> std::process::ExitCode {
    match run(Cli::parse().command) {
        Ok(out) => {
            println!("{out}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("id06-bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<serde_json::Value, String> {
    match command {
        Command::Argon2Rate { threads, seconds } => {
            let hash = password::hash("calibration password")?;
            let deadline = Instant::now() + Duration::from_secs_f64(seconds);
            let start = Instant::now();
            let counts: Vec<u64> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..threads.max(1))
                    .map(|_| {
                        s.spawn(|| {
                            let mut n = 0u64;
                            while Instant::now() < deadline {
                                // A wrong password: the cost is the same, and it is what an attacker pays.
                                std::hint::black_box(password::verify("wrong password", &hash));
                                n += 1;
                            }
                            n
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
            });
            let total: u64 = counts.iter().sum();
            Ok(
                json!({"threads": threads, "verifies": total, "per_second": total as f64 / start.elapsed().as_secs_f64()}),
            )
        }
        Command::Seed {
            database_url,
            cardholders,
            orders_per_cardholder,
            password: pw,
        } => {
            let db = Db::connect(&database_url, 2).map_err(|e| e.to_string())?;
            db.migrate().map_err(|e| e.to_string())?;
            api::demo::seed(&db, &api::app::Clock::system())?;
            let hash = password::hash(&pw)?;
            let now = persistence::now();
            let today = now.date();
            let expiry = today.checked_add_months(Months::new(48));
            let valid_until = today.checked_add_months(Months::new(36)).unwrap_or(today);
            let dob = NaiveDate::from_ymd_opt(1985, 6, 15).unwrap_or_default();
            let mut out = Vec::with_capacity(cardholders);
            db.write(|conn| {
                for i in 0..cardholders {
                    let id = format!("acc_be{i:022}");
                    let email = format!("cardholder{i}@bench.example.se");
                    let phone = format!("+467{:08}", i);
                    accounts::insert(
                        conn,
                        &NewAccount {
                            id: &id,
                            email: &email,
                            password_hash: &hash,
                            phone: &phone,
                            given_names: "Anna Maria",
                            surname: "Bänkström",
                            contact_phone: Some(&phone),
                            contact_email: Some(&email),
                            contact_address: Some("Storgatan 1"),
                            contact_postal_code: Some("11455"),
                            contact_city: Some("Stockholm"),
                            contact_country: Some("SE"),
                            version: 1,
                            created_at: now,
                            updated_at: now,
                        },
                    )?;
                    evidence::insert(
                        conn,
                        &NewEvidence {
                            id: &format!("idv_be{i:022}"),
                            account_id: &id,
                            source: "passport",
                            document_number: &format!("BE{i:07}"),
                            issuing_country: "SE",
                            name_zone: "mrz",
                            surname: "BAENKSTROEM",
                            given_names: "ANNA<MARIA",
                            date_of_birth: dob,
                            nationality: "SE",
                            personal_identity_number: None,
                            document_expires_on: expiry,
                            outcome: "green",
                            rejection_reason: None,
                            verifier: "bench",
                            verified_at: now,
                        },
                    )?;
                    let mut orders = Vec::with_capacity(orders_per_cardholder);
                    for j in 0..orders_per_cardholder {
                        let order_id = format!("ord_be{i:016}{j:06}");
                        let at = now - TimeDelta::seconds((orders_per_cardholder - j) as i64);
                        api::demo::insert_waiting_order(
                            conn,
                            &order_id,
                            &id,
                            ("Anna Maria", "Bänkström", "Anna Bänkström"),
                            dob,
                            valid_until,
                            at,
                        )?;
                        orders.push(order_id);
                    }
                    out.push(json!({"email": email, "orders": orders}));
                }
                Ok::<_, persistence::Error>(())
            })
            .map_err(|e| e.to_string())?;
            Ok(json!({"password": pw, "cardholders": out}))
        }
    }
}
