//! The transactional outbox: messages are written in the same transaction as the change that
//! causes them, and delivered afterwards by a worker with retries, so none is lost when a
//! provider is down and none is sent for a change that was rolled back.

pub mod sms;
pub mod worker;

use chrono::NaiveDateTime;
use persistence::{outbox, DbConn, NewSms};

use super::error::AppResult;
use super::ids;

/// A message to send because of a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notification {
    /// A text message to an E.164 number.
    Sms { to: String, body: String },
}

/// Queues `n` in the caller's transaction.
pub fn queue(conn: &mut DbConn, n: Notification, now: NaiveDateTime) -> AppResult<()> {
    match n {
        Notification::Sms { to, body } => outbox::enqueue(
            conn,
            &NewSms {
                id: &ids::new_raw("sms"),
                recipient: &to,
                body: &body,
                attempts: 0,
                next_attempt_at: now,
                locked_until: None,
                sent_at: None,
                last_error: None,
                created_at: now,
            },
        )?,
    }
    Ok(())
}
