//! Signing in: email and password, then the SMS code; refresh-token rotation; logout.
//! One file per use case; `session` holds what starting and refreshing a session share.

pub mod logout;
pub mod refresh;
pub mod resend;
pub mod session;
pub mod start;
pub mod verify;

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use domain::{ChallengeId, Language, PhoneNumber};

use super::error::{AppError, AppResult};
use super::outbox::Notification;

/// How long a code works.
pub const CODE_TTL: TimeDelta = TimeDelta::minutes(5);
/// How long before another code may be sent.
pub const RESEND_COOLDOWN: TimeDelta = TimeDelta::seconds(30);
/// Codes one challenge may send in all.
pub const MAX_SENDS: i32 = 3;

/// A sign-in attempt waiting for its code.
#[derive(Debug, Clone)]
pub struct Challenge {
    pub id: ChallengeId,
    pub expires_at: DateTime<Utc>,
    /// The phone the code went to, mostly hidden.
    pub phone_hint: String,
    pub resend_after: DateTime<Utc>,
}

fn challenge(
    id: ChallengeId,
    phone: &str,
    expires_at: NaiveDateTime,
    last_sent_at: NaiveDateTime,
) -> AppResult<Challenge> {
    let phone = PhoneNumber::parse_stored(phone).map_err(|e| AppError::corrupt("phone", e))?;
    Ok(Challenge {
        id,
        expires_at: expires_at.and_utc(),
        phone_hint: phone.masked(),
        resend_after: (last_sent_at + RESEND_COOLDOWN).and_utc(),
    })
}

/// The SMS carrying a new code, in the account's language, and the code's hash for the challenge
/// row.
fn code_message(
    challenge_id: &ChallengeId,
    phone: &str,
    language: Language,
) -> AppResult<(Notification, String)> {
    let code = super::auth::code::generate().map_err(AppError::Internal)?;
    let hash = super::auth::code::hash(challenge_id.as_str(), &code);
    let body = super::texts::Text::new("sms-sign-in-code")
        .with("code", code)
        .with("minutes", CODE_TTL.num_minutes())
        .render(language);
    Ok((
        Notification::Sms {
            to: phone.to_owned(),
            body,
        },
        hash,
    ))
}

fn challenge_invalid() -> AppError {
    AppError::Unauthenticated(super::error::AuthFailure::ChallengeInvalid)
}
