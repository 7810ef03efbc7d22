//! Migrations: the same names for both backends, reversible (up, down, up), matching `schema.rs`,
//! and SQLite foreign keys enforced. Runs on PostgreSQL too when `ID06_TEST_POSTGRES_URL` is set.

use diesel::prelude::*;
use diesel_migrations::MigrationHarness;
use persistence::schema::*;
use persistence::test_db::TestDb;
use persistence::{Db, DbConn};

fn org() -> domain::OrgNumber {
    domain::OrgNumber::parse("556547-9770").unwrap_or_else(|e| panic!("{e}"))
}

fn migration_names(dir: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .join(dir);
    let mut names: Vec<String> = std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn both_backends_have_the_same_migrations() {
    let sqlite = migration_names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, migration_names("postgres"));
    for name in &sqlite {
        for dir in ["sqlite", "postgres"] {
            let m = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../migrations")
                .join(dir)
                .join(name);
            assert!(
                m.join("up.sql").is_file() && m.join("down.sql").is_file(),
                "{}",
                m.display()
            );
        }
    }
}

/// Loads zero rows of every table through its model: fails if a column is missing or mistyped.
fn schema_matches(conn: &mut DbConn) {
    macro_rules! check {
        ($table:ident, $row:ty) => {
            $table::table
                .select(<$row as SelectableHelper<_>>::as_select())
                .limit(0)
                .load::<$row>(conn)
                .unwrap_or_else(|e| panic!("{}: {e}", stringify!($table)));
        };
    }
    check!(accounts, persistence::AccountRow);
    check!(identity_verifications, persistence::EvidenceRow);
    check!(card_orders, persistence::OrderRow);
    // Events are read through a private row type: a query of all its columns checks them.
    persistence::events::list(conn, domain::OrderId::from_random([0; 12]).as_str())
        .unwrap_or_else(|e| panic!("order_events: {e}"));
    check!(login_challenges, persistence::ChallengeRow);
    check!(sessions, persistence::SessionRow);
    check!(refresh_tokens, persistence::RefreshTokenRow);
    check!(outbox, persistence::MessageRow);
    check!(companies, persistence::CompanyRow);
    check!(memberships, persistence::MemberRow);
    check!(signup_links, persistence::SignupLinkRow);
    check!(invitations, persistence::InvitationRow);
    check!(visitor_orders, persistence::VisitorOrderRow);
    check!(idempotency_keys, persistence::IdempotencyRow);
    check!(cards, persistence::CardRow);
    check!(shipments, persistence::ShipmentRow);
    check!(bankid_attempts, persistence::BankIdAttemptRow);
    check!(webhook_endpoints, persistence::EndpointRow);
    check!(webhook_deliveries, persistence::DeliveryRow);
    persistence::card_events::list(conn, "crd_none").unwrap_or_else(|e| panic!("card_events: {e}"));
    persistence::cards::sealed_pin(conn, &domain::CardId::from_random([0; 12]))
        .unwrap_or_else(|e| panic!("cards pin: {e}"));
    companies::table
        .select((
            companies::id,
            companies::name,
            companies::org_number,
            companies::created_at,
        ))
        .limit(0)
        .load::<(String, String, String, chrono::NaiveDateTime)>(conn)
        .unwrap_or_else(|e| panic!("companies: {e}"));
    rate_limits::table
        .select((
            rate_limits::key,
            rate_limits::window_start,
            rate_limits::hits,
        ))
        .limit(0)
        .load::<(String, chrono::NaiveDateTime, i32)>(conn)
        .unwrap_or_else(|e| panic!("rate_limits: {e}"));
}

#[test]
fn migrations_run_up_down_up_and_match_the_schema() {
    let tdb = TestDb::new();
    let db = Db::connect(&tdb.url, 2).unwrap_or_else(|e| panic!("{e}"));
    let ran = db.migrate().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ran, migration_names("sqlite").len());
    db.read(|conn| {
        schema_matches(conn);
        conn.revert_all_migrations(match conn {
            DbConn::Sqlite(_) => persistence_migrations::SQLITE,
            DbConn::Pg(_) => persistence_migrations::POSTGRES,
        })
        .unwrap_or_else(|e| panic!("down: {e}"));
        Ok::<_, persistence::Error>(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        db.migrate().unwrap_or_else(|e| panic!("{e}")),
        migration_names("sqlite").len()
    );
    db.read(|conn| {
        schema_matches(conn);
        Ok::<_, persistence::Error>(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        db.migrate().unwrap_or_else(|e| panic!("{e}")),
        0,
        "a second run applies nothing"
    );
}

mod persistence_migrations {
    pub const SQLITE: diesel_migrations::EmbeddedMigrations =
        diesel_migrations::embed_migrations!("../migrations/sqlite");
    pub const POSTGRES: diesel_migrations::EmbeddedMigrations =
        diesel_migrations::embed_migrations!("../migrations/postgres");
}

#[test]
fn foreign_keys_are_enforced() {
    let tdb = TestDb::new();
    let db = Db::connect(&tdb.url, 2).unwrap_or_else(|e| panic!("{e}"));
    db.migrate().unwrap_or_else(|e| panic!("{e}"));
    let now = persistence::now();
    // A member of a company that does not exist.
    let r = db.write(|conn| {
        persistence::memberships::insert(
            conn,
            &persistence::NewMember {
                id: &domain::MemberId::from_random([1; 12]),
                company_id: &domain::CompanyId::from_random([2; 12]),
                email: "a@b.se",
                account_id: None,
                role: domain::CompanyRole::Admin,
                now,
            },
        )
    });
    assert!(
        matches!(
            r,
            Err(persistence::Error::Conflict {
                kind: persistence::ConflictKind::ForeignKey,
                ..
            })
        ),
        "an event of a missing order must be refused as a conflict: {r:?}"
    );
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let tdb = TestDb::new();
    let db = Db::connect(&tdb.url, 2).unwrap_or_else(|e| panic!("{e}"));
    db.migrate().unwrap_or_else(|e| panic!("{e}"));
    let now = persistence::now();
    let r: Result<(), persistence::Error> = db.write(|conn| {
        persistence::companies::insert(
            conn,
            &persistence::NewCompany {
                id: &domain::CompanyId::from_random([1; 12]),
                name: "Bygg AB",
                org_number: &org(),
                delivery_address: None,
                created_at: now,
            },
        )?;
        persistence::companies::insert(
            conn,
            &persistence::NewCompany {
                id: &domain::CompanyId::from_random([2; 12]),
                name: "Other AB",
                org_number: &org(),
                delivery_address: None,
                created_at: now,
            },
        )
    });
    assert!(
        matches!(
            r,
            Err(persistence::Error::Conflict {
                kind: persistence::ConflictKind::Unique,
                ..
            })
        ),
        "{r:?}"
    );
    let n = db
        .read(persistence::companies::count)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 0, "the first insert was rolled back with the second");
}

#[test]
fn housekeeping_removes_only_what_expired() {
    use persistence::{housekeeping, sessions, NewRefreshToken, NewSession};
    let tdb = TestDb::new();
    let db = Db::connect(&tdb.url, 2).unwrap_or_else(|e| panic!("{e}"));
    db.migrate().unwrap_or_else(|e| panic!("{e}"));
    let now = persistence::now();
    let long_ago = now - chrono::TimeDelta::days(3);
    let account = domain::AccountId::from_random([1; 12]);
    let (old, live) = (
        domain::SessionId::from_random([2; 12]),
        domain::SessionId::from_random([3; 12]),
    );
    let swept = db
        .write(|conn| {
            persistence::companies::insert(
                conn,
                &persistence::NewCompany {
                    id: &domain::CompanyId::from_random([1; 12]),
                    name: "Bygg AB",
                    org_number: &org(),
                    delivery_address: None,
                    created_at: now,
                },
            )?;
            persistence::accounts::insert(
                conn,
                &persistence::NewAccount {
                    id: &account,
                    email: "a@b.se",
                    password_hash: "x",
                    phone: "+46704450723",
                    given_names: "A",
                    surname: "B",
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
            for (id, expires) in [(&old, long_ago), (&live, now + chrono::TimeDelta::hours(1))] {
                sessions::insert(
                    conn,
                    &NewSession {
                        id,
                        account_id: &account,
                        auth_level: domain::AuthLevel::PasswordAndSms,
                        created_at: long_ago,
                        expires_at: expires,
                        client_address: "127.0.0.1",
                        user_agent: None,
                    },
                )?;
                sessions::insert_refresh(
                    conn,
                    &NewRefreshToken {
                        token_hash: &format!("h_{id}"),
                        session_id: id,
                        created_at: long_ago,
                        expires_at: expires,
                    },
                )?;
            }
            housekeeping::sweep(conn, now)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((swept.sessions, swept.refresh_tokens), (1, 1));
    let live = db
        .read(|conn| sessions::find(conn, &live))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(live.is_some());
}

/// Who made a machine client is read as an actor reference: the values the command line and the
/// demo wrote before (`cli`, `demo`) become the service (`system`), an account stays itself.
#[test]
fn the_actor_references_migration_maps_what_was_free_text() {
    use domain::{AccountId, ActorId, ClientId, ClientRole};
    let tdb = TestDb::new();
    let db = Db::connect(&tdb.url, 2).unwrap_or_else(|e| panic!("{e}"));
    db.migrate().unwrap_or_else(|e| panic!("{e}"));
    let account = AccountId::from_random([7; 12]);
    let clients: Vec<(ClientId, &str, ActorId)> = vec![
        (ClientId::from_random([1; 12]), "cli", ActorId::System),
        (ClientId::from_random([2; 12]), "demo", ActorId::System),
        (
            ClientId::from_random([3; 12]),
            account.as_str(),
            ActorId::Account(account.clone()),
        ),
    ];
    let now = persistence::now();
    db.write(|conn| {
        for (id, before, _) in &clients {
            persistence::api_clients::insert(
                conn,
                &persistence::NewClient {
                    id,
                    name: "old client",
                    role: ClientRole::CardProducer,
                    company_id: None,
                    scopes: "production:read",
                    secret_hash: "x",
                    created_by: &ActorId::System,
                    now,
                },
            )?;
            // As the version before the migration wrote it.
            diesel::update(api_clients::table.find(id.as_str()))
                .set(api_clients::created_by.eq(*before))
                .execute(conn)?;
        }
        Ok::<_, persistence::Error>(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    // Back to before `actor_references` (the migrations after it first), and up again.
    let reverted = db
        .revert_through("2026-12-07-000001_actor_references")
        .unwrap_or_else(|e| panic!("down: {e}"));
    assert_eq!(db.migrate().unwrap_or_else(|e| panic!("{e}")), reverted);
    for (id, before, after) in clients {
        let row = db
            .read(|conn| persistence::api_clients::find(conn, &id))
            .unwrap_or_else(|e| panic!("{before}: {e}"))
            .unwrap_or_else(|| panic!("{before}: gone"));
        assert_eq!(row.created_by, after, "{before}");
    }
}
