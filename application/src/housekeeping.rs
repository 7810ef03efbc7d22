//! Removes what has expired: challenges, ended sessions, idempotency keys, rate-limit windows,
//! delivered SMS. Safe to run on every instance at once (each sweep is one idempotent delete).

use std::time::Duration;

use persistence::Db;

use crate::Clock;

/// Runs until the process ends: every ten minutes, removes what has expired.
pub async fn run(db: Db, clock: Clock) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        let (d, c) = (db.clone(), clock.clone());
        match tokio::task::spawn_blocking(move || {
            d.write(|conn| persistence::housekeeping::sweep(conn, c.now()))
        })
        .await
        {
            Ok(Ok(swept)) => tracing::debug!(?swept, "housekeeping"),
            Ok(Err(e)) => tracing::warn!(error = %e, "housekeeping: database error"),
            Err(e) => tracing::error!(error = %e, "housekeeping: blocking task failed"),
        }
    }
}
