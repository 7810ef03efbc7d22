//! Authentication: passwords, one-time SMS codes, access tokens and the authenticated caller.

pub mod code;
pub mod password;
pub mod pool;
pub mod principal;
pub mod token;
