//! Shared state of the running app, and the one helper through which handlers reach the database.

use std::sync::Arc;

use actix_web::web;
use persistence::Db;
use tokio::sync::Notify;

use crate::auth::pool::PasswordPool;
use crate::auth::token::Keys;
use crate::error::{ApiError, ApiResult};

pub struct AppState {
    pub db: Db,
    pub keys: Keys,
    /// Verified when a login names an unknown email, so both take the same time.
    pub dummy_hash: String,
    /// Where argon2 runs.
    pub passwords: PasswordPool,
    /// Wakes the SMS worker when a message was queued.
    pub sms_wakeup: Arc<Notify>,
}

/// Runs blocking work (database, argon2) on the blocking pool, inside the request's tracing span.
/// A panic there becomes a 500, not a dropped connection.
pub async fn blocking<T, F>(f: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> ApiResult<T> + Send + 'static,
{
    let span = tracing::Span::current();
    web::block(move || span.in_scope(f))
        .await
        .map_err(|e| ApiError::Internal(format!("blocking task failed: {e}")))?
}
