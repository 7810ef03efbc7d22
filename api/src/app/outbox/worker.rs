//! Delivers queued SMS messages with retries and backoff. Several instances may run it: each
//! message is claimed before sending, so each is sent once.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use persistence::{outbox, Db};
use tokio::sync::Notify;

use super::sms::SmsSender;
use crate::app::Clock;

const BATCH: i64 = 32;
const CLAIM: TimeDelta = TimeDelta::seconds(30);

/// Delivers due messages; returns how many were handled.
pub fn deliver_due(
    db: &Db,
    sender: &SmsSender,
    clock: &Clock,
) -> Result<usize, persistence::Error> {
    let now = clock.now();
    let batch = db.write(|conn| outbox::claim_due(conn, now, now + CLAIM, BATCH))?;
    let n = batch.len();
    let results: Vec<_> = batch
        .iter()
        .map(|msg| sender.send(&msg.recipient, &msg.body))
        .collect();
    let now = clock.now();
    // One transaction records the whole batch.
    db.write(|conn| {
        for (msg, result) in batch.iter().zip(&results) {
            match result {
                Ok(()) => outbox::mark_sent(conn, &msg.id, now)?,
                Err(e) => {
                    // Exponential backoff: 2, 4, 8, ... seconds, at most 5 minutes.
                    let delay = TimeDelta::seconds(2i64.saturating_pow(u32::try_from(msg.attempts + 1).unwrap_or(8)).min(300));
                    tracing::warn!(sms_id = %msg.id, attempt = msg.attempts + 1, error = %e, "SMS delivery failed; will retry");
                    outbox::mark_failed(conn, &msg.id, e, now + delay)?;
                }
            }
        }
        Ok::<_, persistence::Error>(())
    })?;
    Ok(n)
}

/// Runs until the process ends: delivers when woken, and at least every second (retries).
pub async fn run(db: Db, sender: SmsSender, clock: Clock, wakeup: Arc<Notify>) {
    loop {
        let (d, s, c) = (db.clone(), sender.clone(), clock.clone());
        match tokio::task::spawn_blocking(move || deliver_due(&d, &s, &c)).await {
            Ok(Ok(n)) if n as i64 == BATCH => continue,
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "SMS worker: database error"),
            Err(e) => tracing::error!(error = %e, "SMS worker: blocking task failed"),
        }
        let _ = tokio::time::timeout(Duration::from_secs(1), wakeup.notified()).await;
    }
}
