//! HTTP: routes, request and response bodies, the mapping of errors to problems, middleware and
//! the contract. Handlers turn a request into a command, call a use case in `app`, and turn its
//! outcome into a response; nothing here decides a business rule.

pub mod authorization;
pub mod client_address;
pub mod contract;
pub mod cursor;
pub mod dto;
pub mod export;
pub mod extract;
pub mod fallback;
pub mod language;
pub mod metrics;
pub mod middleware;
pub mod problem;
pub mod problem_code;
pub mod query;
pub mod quota;
pub mod reply;
pub mod request_schema;
pub mod routes;
pub mod spreadsheet;
pub mod status_log;
