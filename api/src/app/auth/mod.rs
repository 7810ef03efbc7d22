//! The mechanisms of signing in: password hashing, one-time codes, access tokens, throttling.
//! The sign-in use cases that use them are in `app::sign_in`.

pub mod code;
pub mod password;
pub mod pool;
pub mod throttle;
pub mod token;
