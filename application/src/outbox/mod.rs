//! The transactional outbox: messages are written in the same transaction as the change that
//! causes them, and delivered afterwards by a worker with retries, so none is lost when a
//! provider is down and none is sent for a change that was rolled back.

pub mod email;
pub mod sms;
pub mod worker;

use chrono::NaiveDateTime;
use domain::{Channel, MessageId};
use persistence::{outbox, DbConn, NewMessage};

use super::error::AppResult;
use super::ids;
use crate::Context;

/// A message to send because of a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notification {
    /// A text message to an E.164 number.
    Sms { to: String, body: String },
    /// An email; `link` is the action it asks for (also in the body).
    Email {
        to: String,
        subject: String,
        body: String,
        link: Option<String>,
    },
}

impl Notification {
    /// An email to `to`; `link` is the action it asks for (also in the body).
    pub fn email(to: &str, subject: impl Into<String>, body: String, link: Option<String>) -> Self {
        Notification::Email {
            to: to.to_owned(),
            subject: subject.into(),
            body,
            link,
        }
    }
}

/// Queues `n` in the caller's transaction; the runner wakes the worker once it commits.
pub fn queue(
    conn: &mut DbConn,
    ctx: &Context,
    n: Notification,
    now: NaiveDateTime,
) -> AppResult<()> {
    let id: MessageId = ids::new();
    let message = match &n {
        Notification::Sms { to, body } => NewMessage {
            id: &id,
            channel: Channel::Sms,
            recipient: to,
            subject: None,
            body,
            link: None,
            created_at: now,
        },
        Notification::Email {
            to,
            subject,
            body,
            link,
        } => NewMessage {
            id: &id,
            channel: Channel::Email,
            recipient: to,
            subject: Some(subject),
            body,
            link: link.as_deref(),
            created_at: now,
        },
    };
    outbox::enqueue(conn, &message)?;
    ctx.mark_queued();
    Ok(())
}
