//! SMS delivery from the outbox. Messages are written in the same transaction as the change that
//! needs them; this worker delivers them with retries and backoff, so none is lost when the
//! provider is down. Several instances may run it: each message is claimed before sending.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use persistence::{outbox, Db};
use tokio::sync::Notify;

use crate::config::SmsProvider;

#[derive(Debug, Clone)]
pub enum SmsSender {
    /// Development: the message goes to the log (the only place a demo user can read the code).
    Log,
    /// Tests: one JSON line per message, `{"to": ..., "message": ...}`.
    File(PathBuf),
}

impl SmsSender {
    pub fn from_settings(
        provider: SmsProvider,
        file: Option<PathBuf>,
    ) -> Result<SmsSender, String> {
        match (provider, file) {
            (SmsProvider::Log, _) => Ok(SmsSender::Log),
            (SmsProvider::File, Some(path)) => Ok(SmsSender::File(path)),
            (SmsProvider::File, None) => Err("ID06_SMS_PROVIDER=file needs ID06_SMS_FILE".into()),
        }
    }

    fn send(&self, to: &str, message: &str) -> Result<(), String> {
        match self {
            SmsSender::Log => {
                tracing::info!(target: "sms", to, message, "SMS (log provider, development only)");
                Ok(())
            }
            SmsSender::File(path) => {
                let line = serde_json::json!({ "to": to, "message": message }).to_string();
                let mut f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|e| format!("open {}: {e}", path.display()))?;
                // One write of the whole line, so concurrent readers never see half a message.
                f.write_all(format!("{line}\n").as_bytes())
                    .map_err(|e| format!("write {}: {e}", path.display()))?;
                f.flush().map_err(|e| format!("flush: {e}"))
            }
        }
    }
}

const BATCH: i64 = 32;
const CLAIM: TimeDelta = TimeDelta::seconds(30);

/// Delivers due messages; returns how many were handled.
pub fn deliver_due(db: &Db, sender: &SmsSender) -> Result<usize, persistence::Error> {
    let now = persistence::now();
    let batch = db.write(|conn| outbox::claim_due(conn, now, now + CLAIM, BATCH))?;
    let n = batch.len();
    let results: Vec<_> = batch
        .iter()
        .map(|msg| sender.send(&msg.recipient, &msg.body))
        .collect();
    let now = persistence::now();
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
pub async fn run_worker(db: Db, sender: SmsSender, wakeup: Arc<Notify>) {
    loop {
        let (d, s) = (db.clone(), sender.clone());
        match actix_web::web::block(move || deliver_due(&d, &s)).await {
            Ok(Ok(n)) if n as i64 == BATCH => continue,
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "SMS worker: database error"),
            Err(e) => tracing::error!(error = %e, "SMS worker: blocking task failed"),
        }
        let _ = tokio::time::timeout(Duration::from_secs(1), wakeup.notified()).await;
    }
}

/// Runs until the process ends: every ten minutes, removes what has expired.
pub async fn run_housekeeping(db: Db) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        let d = db.clone();
        match actix_web::web::block(move || {
            d.write(|conn| persistence::housekeeping::sweep(conn, persistence::now()))
        })
        .await
        {
            Ok(Ok(swept)) => tracing::debug!(?swept, "housekeeping"),
            Ok(Err(e)) => tracing::warn!(error = %e, "housekeeping: database error"),
            Err(e) => tracing::error!(error = %e, "housekeeping: blocking task failed"),
        }
    }
}
