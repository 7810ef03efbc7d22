//! The mechanisms of signing in: password hashing, one-time codes, access tokens, throttling.
//! The sign-in use cases that use them are in `app::sign_in`.

pub mod code;
pub mod keyring;
pub mod password;
pub mod pool;
pub mod throttle;
pub mod token;

/// Re-reads the token keys every `every` until the process ends, so a rotation reaches every
/// instance without a restart.
pub async fn reload_keys(app: std::sync::Arc<super::App>, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if let Err(e) = app.keys.reload(app.clock.unix()) {
            tracing::warn!(error = %e, "token keys: reload failed; the loaded keys stay");
        }
    }
}
