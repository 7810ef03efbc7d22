//! Delivers queued messages (SMS and email) with retries and backoff. Several instances may run
//! it: each message is claimed before sending, so each is sent once.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use persistence::{outbox, Db, MessageRow};
use tokio::sync::Notify;

use super::email::{Email, EmailSender};
use super::sms::SmsSender;
use crate::stopping::Stopping;
use crate::Clock;
use domain::Channel;

const BATCH: i64 = 32;
const CLAIM: TimeDelta = TimeDelta::seconds(30);

/// The providers, one per channel.
#[derive(Clone)]
pub struct Senders {
    pub sms: SmsSender,
    pub email: EmailSender,
}

impl Senders {
    fn send(&self, m: &MessageRow) -> Result<(), String> {
        match m.channel {
            Channel::Sms => self.sms.send(&m.recipient, &m.body),
            Channel::Email => self.email.send(&Email {
                to: &m.recipient,
                subject: m.subject.as_deref().unwrap_or_default(),
                body: &m.body,
                link: m.link.as_deref(),
            }),
        }
    }
}

/// Delivers due messages of one channel; returns how many were handled. Once stopping begins,
/// the messages of the batch not yet sent are handed back (their claims released) for another
/// instance to send at once.
pub fn deliver_due(
    db: &Db,
    channel: Channel,
    senders: &Senders,
    clock: &Clock,
    stopping: &Stopping,
) -> Result<usize, persistence::Error> {
    let now = clock.now();
    let batch = db.write(|conn| outbox::claim_due(conn, channel, now, now + CLAIM, BATCH))?;
    let n = batch.len();
    let results: Vec<Option<Result<(), String>>> = batch
        .iter()
        .map(|m| (!stopping.is_set()).then(|| senders.send(m)))
        .collect();
    let now = clock.now();
    // One transaction records the whole batch; the sent ones in one statement.
    db.write(|conn| {
        let sent: Vec<&domain::MessageId> = batch
            .iter()
            .zip(&results)
            .filter(|(_, r)| matches!(r, Some(Ok(()))))
            .map(|(m, _)| &m.id)
            .collect();
        outbox::mark_sent(conn, &sent, now)?;
        for (msg, result) in batch.iter().zip(&results) {
            match result {
                None => outbox::release(conn, &msg.id)?,
                Some(Ok(())) => {}
                Some(Err(e)) => {
                    // Exponential backoff: 2, 4, 8, ... seconds, at most 5 minutes.
                    let exp = u32::try_from(msg.attempts + 1).unwrap_or(8).min(16);
                    let delay = TimeDelta::seconds(2i64.saturating_pow(exp).min(300));
                    tracing::warn!(message_id = %msg.id, channel = channel.as_str(), attempt = msg.attempts + 1, error = %e, "delivery failed; will retry");
                    crate::metrics::delivery_failed(channel.as_str());
                    outbox::mark_failed(conn, &msg.id, e, now + delay)?;
                }
            }
        }
        Ok::<_, persistence::Error>(())
    })?;
    Ok(n)
}

/// Runs until stopping: delivers when woken, and at least every second (retries).
pub async fn run(db: Db, senders: Senders, clock: Clock, wakeup: Arc<Notify>, stopping: Stopping) {
    while !stopping.is_set() {
        let mut full = false;
        for channel in [Channel::Sms, Channel::Email] {
            let (d, s, c, st) = (db.clone(), senders.clone(), clock.clone(), stopping.clone());
            match tokio::task::spawn_blocking(move || deliver_due(&d, channel, &s, &c, &st)).await {
                Ok(Ok(n)) => full |= n as i64 == BATCH,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, channel = channel.as_str(), "outbox worker: database error")
                }
                Err(e) => {
                    tracing::error!(error = %e, channel = channel.as_str(), "outbox worker: blocking task failed")
                }
            }
        }
        if !full {
            tokio::select! {
                _ = tokio::time::timeout(Duration::from_secs(1), wakeup.notified()) => {}
                _ = stopping.sleep(Duration::from_secs(1)) => {}
            }
        }
    }
}
