//! The ID06 card-order service: actix-web app, OpenAPI contract, background SMS delivery.

pub mod app;
pub mod auth;
pub mod config;
pub mod cursor;
pub mod demo;
pub mod dto;
pub mod error;
pub mod fallback;
pub mod idempotency;
pub mod ids;
pub mod middleware;
pub mod openapi;
pub mod review;
pub mod routes;
pub mod sms;
pub mod state;
pub mod throttle;

pub use app::Application;
pub use config::Settings;
