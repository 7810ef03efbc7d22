//! The ID06 card-order service. A request goes through `http` (routes, bodies, problems,
//! middleware, contract) into `app` (the caller's principal, the use cases, the order journal,
//! the outbox and background workers), which uses `domain` for rules and `persistence` for data.
//! `startup` builds the whole thing; `main` runs it.

pub mod allocator;
pub mod cli;
pub mod commands;
pub mod config;
pub mod http;
pub mod startup;
pub mod state;

pub use config::Settings;
pub use startup::Application;
