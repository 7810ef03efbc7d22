//! The use cases in-process, below HTTP: the service's state without its server, a fresh
//! database per test (SQLite, or PostgreSQL when `ID06_TEST_POSTGRES_URL` is set), the objects a
//! test needs made by builders (`build.rs`), the adjustable clock, argon2 at test cost. Rules are
//! tested here; `tests/api` keeps what is HTTP's (statuses, headers, the contract, the access
//! table, one story per actor).

mod access;
mod build;
mod build_identity;
mod cards;
mod erasure;
mod expiry;
mod idempotency;
mod imports;
mod journal;
mod retention;
mod review_read;
mod sealing;
mod statements;
mod world;
