//! Accounts: created from an emailed single-use link, so the email is verified.

pub mod create;
pub mod link;
pub mod password_reset;
