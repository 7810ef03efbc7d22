//! Black-box tests: the real server on a free port, spoken to over HTTP. One binary, one module
//! per area. They run on SQLite, and on PostgreSQL when `ID06_TEST_POSTGRES_URL` is set.

mod access;
mod auth;
mod backend;
mod bankid;
mod bankid_flows;
mod clients;
mod companies;
mod company_orders;
mod contract;
mod credentials;
mod email_links;
mod field_errors;
mod http;
mod identity;
mod imports;
mod invitations;
mod jwt_attacks;
mod keys;
mod languages;
mod merge_patch;
mod metrics;
mod orders;
mod outage;
mod privacy;
mod production;
mod quotas;
mod security_events;
mod sms_gateway;
mod smtp;
mod story;
mod story_privacy;
mod throttling;
mod visitor_orders;
mod webhook_queue;
mod webhooks;
