//! `id06-bench`: helpers for `make bench`, kept out of the service binary.
//!
//! - `seed`: synthetic cardholders (verified identity, complete contact details), each with orders
//!   waiting for review that match, in one transaction; prints them as JSON.
//! - `seed-company`: a company with an administrator and N card orders in the stages given
//!   (multi-row inserts of 1 000, 50 000 per transaction), for the company-list scale benchmark
//!   and the production queue.
//! - `argon2-rate`: how many password verifications per second this machine does, on N threads,
//!   the same way the login does them.

use std::time::{Duration, Instant};

use app::auth::password;
use chrono::{Months, NaiveDate, TimeDelta};
use clap::{Parser, Subcommand};
use diesel::RunQueryDsl;
use domain::{AccountId, CompanyId, CompanyRole, DeliveryAddress, MemberId, OrgNumber};
use persistence::{
    accounts, companies, evidence, memberships, Db, NewAccount, NewCompany, NewEvidence, NewMember,
};
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
        /// The server's vault (what it seals is opened with it): its key file...
        #[arg(long, env = "ID06_PIN_KEY_FILE", default_value = "data/pin-keys")]
        pin_key_file: std::path::PathBuf,
        /// ...and its blind-index key file.
        #[arg(long, env = "ID06_INDEX_KEY_FILE", default_value = "data/index-key")]
        index_key_file: std::path::PathBuf,
    },
    /// Create a company with an administrator and `orders` card orders in batched inserts (the
    /// company list's scale benchmark).
    SeedCompany {
        #[arg(long, env = "ID06_DATABASE_URL")]
        database_url: String,
        /// `cmp_` and 24 hex digits.
        #[arg(long)]
        company_id: String,
        #[arg(long)]
        org_number: String,
        #[arg(long)]
        admin_email: String,
        #[arg(long)]
        admin_phone: String,
        #[arg(long, default_value_t = 10_000)]
        orders: usize,
        /// The orders' stages, comma separated, taken in turn (order i gets the (i mod n)-th).
        #[arg(
            long,
            default_value = "waiting_for_review,approved,approved,delivered,rejected,approved,cancelled,approved,in_production,shipped"
        )]
        statuses: String,
        #[arg(long, default_value = "bench-password-2026")]
        password: String,
    },
    /// A crew of `rows` valid people as Swedish offices save it (CSV: Windows-1252 and `;`; XLSX
    /// with date and number cells), from the `first`-th person on, for the import benchmark.
    Crew {
        #[arg(long, default_value_t = 10_000)]
        rows: usize,
        #[arg(long, default_value_t = 0)]
        first: usize,
        #[arg(long, default_value = "bench")]
        tag: String,
        /// `csv` or `xlsx`.
        #[arg(long, default_value = "csv")]
        format: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Password verifications per second on `threads` threads for `seconds`.
    Argon2Rate {
        #[arg(long, default_value_t = 2)]
        threads: usize,
        #[arg(long, default_value_t = 3.0)]
        seconds: f64,
    },
    /// Run the retention job once as if `days_ahead` days had passed (the seeded orders all
    /// closed long enough ago), then once more (nothing left to do), and time both.
    Retention {
        #[arg(long, env = "ID06_DATABASE_URL")]
        database_url: String,
        #[arg(long, default_value_t = 460)]
        days_ahead: i64,
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
        Command::Retention {
            database_url,
            days_ahead,
        } => {
            let db = Db::connect(&database_url, 2).map_err(|e| e.to_string())?;
            let at = persistence::now() + TimeDelta::days(days_ahead);
            let rules = app::retention::Rules::default();
            let start = Instant::now();
            let erased = app::retention::run_once(&db, &rules, at).map_err(|e| e.to_string())?;
            let seconds = start.elapsed().as_secs_f64();
            let again = Instant::now();
            app::retention::run_once(&db, &rules, at).map_err(|e| e.to_string())?;
            Ok(json!({
                "orders_erased": erased.orders,
                "seconds": seconds,
                "orders_per_second": erased.orders as f64 / seconds.max(1e-9),
                "again_seconds": again.elapsed().as_secs_f64(),
            }))
        }
        Command::Crew {
            rows,
            first,
            tag,
            format,
            out,
        } => {
            use devkit::crew;
            let today = chrono::Utc::now().date_naive();
            let people = crew::members_from(first, rows, &tag, today);
            let bytes = match format.as_str() {
                "csv" => {
                    let cells: Vec<Vec<String>> =
                        people.iter().map(|m| crew::cells(m).to_vec()).collect();
                    crew::swedish_excel_csv(&crew::SWEDISH_HEADER, &cells)
                }
                "xlsx" => crew::xlsx(&people).map_err(|e| e.to_string())?,
                other => return Err(format!("no format {other}: csv or xlsx")),
            };
            std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
            Ok(json!({"rows": rows, "bytes": bytes.len()}))
        }
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
        Command::SeedCompany {
            database_url,
            company_id,
            org_number,
            admin_email,
            admin_phone,
            orders,
            statuses,
            password: pw,
        } => {
            let statuses = statuses
                .split(',')
                .map(|s| {
                    domain::OrderStatus::parse(s.trim())
                        .map(|status| status.as_str())
                        .ok_or_else(|| format!("--statuses: {s:?} is not an order status"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let db = Db::connect(&database_url, 2).map_err(|e| e.to_string())?;
            db.migrate().map_err(|e| e.to_string())?;
            let hash = password::hash(&pw)?;
            let now = persistence::now();
            let company: CompanyId =
                CompanyId::parse(&company_id).ok_or("--company-id: not a cmp_ id")?;
            let org = OrgNumber::parse(&org_number).map_err(|e| e.to_string())?;
            let address = DeliveryAddress::parse(&devkit::demo::company_address())
                .map_err(|e| format!("{e:?}"))?;
            // Ids of their own (`c` + the company's last two digits), apart from the cardholders'.
            let tag = company_id
                .get(26..)
                .ok_or("--company-id: not a cmp_ id")?
                .to_owned();
            let admin_id: AccountId =
                bench_id(format!("acc_c{tag}{:021x}", 0)).map_err(|e| e.to_string())?;
            db.write(|conn| {
                companies::insert(
                    conn,
                    &NewCompany {
                        id: &company,
                        name: &format!("Bench {company_id}"),
                        org_number: &org,
                        delivery_address: Some(&address),
                        created_at: now,
                    },
                )?;
                accounts::insert(
                    conn,
                    &NewAccount {
                        id: &admin_id,
                        email: &admin_email,
                        password_hash: &hash,
                        phone: &admin_phone,
                        given_names: "Bench",
                        surname: "Admin",
                        contact_phone: None,
                        contact_email: None,
                        contact_address: None,
                        contact_postal_code: None,
                        contact_city: None,
                        contact_country: None,
                        version: 1,
                        created_at: now,
                        updated_at: now,
                        language: domain::Language::English,
                    },
                )?;
                memberships::insert(
                    conn,
                    &NewMember {
                        id: &MemberId::parse(&format!("mem_{}", &company_id[4..]))
                            .ok_or(persistence::Error::NotFound)?,
                        company_id: &company,
                        email: &admin_email,
                        account_id: Some(&admin_id),
                        role: CompanyRole::Admin,
                        now,
                    },
                )
            })
            .map_err(|e| e.to_string())?;
            // Orders in multi-row INSERTs of 1 000, 50 000 per transaction: minutes for a million.
            let names = [
                "Anna Maria Bänkström",
                "Erik Johan Lindström",
                "Karin Åsa Öberg",
                "Nils Erik Holm",
                "Lars Ek",
            ];
            let start = Instant::now();
            let mut done = 0usize;
            while done < orders {
                let chunk = (orders - done).min(50_000);
                db.write(|conn| {
                    for first in (done..done + chunk).step_by(1000) {
                        let last = (first + 1000).min(done + chunk);
                        let mut sql = String::with_capacity(400 * (last - first));
                        sql.push_str("INSERT INTO card_orders (id, company_id, account_id, cardholder_email, cardholder_phone, card_type, status, given_names, surname, name_to_print, name_search, date_of_birth, nationality, personal_identity_number, valid_until, delivery_name, delivery_street, delivery_postal_code, delivery_city, delivery_country, invitation_id, rejection_reason, version, created_at, updated_at) VALUES ");
                        for i in first..last {
                            let full = names[i % names.len()];
                            let (given, surname) = full.rsplit_once(' ').unwrap_or((full, full));
                            // Spread over the last 81 days, one order every 7 s: none is old enough
                            // for retention when the server starts (it would erase in the
                            // background while the measurements run); the retention phase
                            // looks from a year and more ahead.
                            let at = now - TimeDelta::seconds(((orders - i) * 7) as i64);
                            let at = at.format("%Y-%m-%d %H:%M:%S%.6f");
                            if i > first {
                                sql.push(',');
                            }
                            sql.push_str(&format!(
                                "('ord_c{tag}{i:021x}', '{company_id}', NULL, 'person{i}@bench.example.se', '+46700000000', 'standard', '{}', '{given}', '{surname}', '{given} {surname}', '{}', '1985-06-15', 'SE', NULL, '2029-12-31', NULL, 'Storgatan 12', '90325', 'Umeå', 'SE', NULL, NULL, 1, '{at}', '{at}')",
                                statuses[i % statuses.len()],
                                domain::search_key(full),
                            ));
                        }
                        diesel::sql_query(sql).execute(conn)?;
                    }
                    Ok::<_, persistence::Error>(())
                })
                .map_err(|e| e.to_string())?;
                done += chunk;
            }
            Ok(
                json!({"company_id": company_id, "admin_email": admin_email, "password": pw, "orders": orders, "seconds": start.elapsed().as_secs_f64()}),
            )
        }
        Command::Seed {
            database_url,
            cardholders,
            orders_per_cardholder,
            password: pw,
            pin_key_file,
            index_key_file,
        } => {
            use app::vault::Vault;
            let vault = Vault::parse(
                &Vault::read_or_make(&pin_key_file, "a PIN key", Vault::generate_entry)?,
                &Vault::read_or_make(
                    &index_key_file,
                    "a blind-index key",
                    Vault::generate_index_key,
                )?,
            )?;
            let db = Db::connect(&database_url, 2).map_err(|e| e.to_string())?;
            db.migrate().map_err(|e| e.to_string())?;
            app::sealing::seal_pending(&db, &vault).map_err(|e| e.to_string())?;
            devkit::demo::seed(&db, &app::Clock::system(), &vault)?;
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
                    let account: AccountId = bench_id(id.clone())?;
                    let email = format!("cardholder{i}@bench.example.se");
                    let phone = format!("+467{:08}", i);
                    accounts::insert(
                        conn,
                        &NewAccount {
                            id: &account,
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
                            language: domain::Language::English,
                        },
                    )?;
                    let evidence_id = format!("idv_be{i:022}");
                    let document_number = vault
                        .seal_in(
                            persistence::sealing::Column::EvidenceDocumentNumber,
                            &evidence_id,
                            &format!("BE{i:07}"),
                        )
                        .map_err(|e| persistence::Error::Corrupt(e.to_string()))?;
                    evidence::insert(
                        conn,
                        &NewEvidence {
                            id: &bench_id(evidence_id)?,
                            account_id: &account,
                            source: domain::EvidenceSource::Passport,
                            document_number: &document_number,
                            issuing_country: "SE",
                            name_zone: domain::NameZone::Mrz,
                            surname: "BAENKSTROEM",
                            given_names: "ANNA<MARIA",
                            date_of_birth: dob,
                            nationality: Some("SE"),
                            personal_identity_number: None,
                            document_expires_on: expiry,
                            outcome: domain::Verdict::Green,
                            rejection_reason: None,
                            verifier: "bench",
                            verified_at: now,
                        },
                    )?;
                    let mut orders = Vec::with_capacity(orders_per_cardholder);
                    for j in 0..orders_per_cardholder {
                        let order_id = format!("ord_be{i:016}{j:06}");
                        let at = now - TimeDelta::seconds((orders_per_cardholder - j) as i64);
                        devkit::demo::insert_waiting_order(
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

/// A bench id as its type: the bench writes only well-formed ones.
fn bench_id<T: TryFrom<String, Error = domain::Invalid>>(raw: String) -> persistence::Result<T> {
    T::try_from(raw).map_err(|e| persistence::Error::Corrupt(format!("bench id: {e}")))
}
