//! Webhooks (the `app::webhooks` feature): a company's endpoints (`endpoints`) and their
//! deliveries (`deliveries`).

pub mod deliveries;
pub mod endpoints;
