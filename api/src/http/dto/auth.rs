use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

/// Step one of signing in.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "asa.oberg@example.se", "password": "correct horse battery staple"}))]
pub struct LoginRequest {
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254)]
    pub email: String,
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 1, max_length = 128, format = Password)]
    pub password: String,
}

/// A login challenge: a code was sent by SMS to the account's phone.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"challenge_id": "lch_1f0c9a7b2d4e6f8091a2b3c4", "expires_at": "2026-11-24T10:05:00Z", "phone_hint": "+46 *******23", "resend_after": "2026-11-24T10:00:30Z"}))]
pub struct LoginChallenge {
    #[schema(max_length = 64)]
    pub challenge_id: String,
    /// The code stops working at this time.
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// The phone the code went to, mostly hidden.
    #[schema(max_length = 32)]
    pub phone_hint: String,
    /// A new code can be asked for from this time.
    pub resend_after: chrono::DateTime<chrono::Utc>,
}

/// Step two: the code from the SMS.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"challenge_id": "lch_1f0c9a7b2d4e6f8091a2b3c4", "code": "123456"}))]
pub struct VerifyRequest {
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub challenge_id: String,
    #[validate(length(equal = 6), custom(function = "digits_only"))]
    #[schema(pattern = "^[0-9]{6}$", min_length = 6, max_length = 6)]
    pub code: String,
}

fn digits_only(code: &str) -> Result<(), validator::ValidationError> {
    if code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("digits")
            .with_message("must be the 6 digits from the SMS".into()))
    }
}

/// Ask for a new code for the same challenge.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"challenge_id": "lch_1f0c9a7b2d4e6f8091a2b3c4"}))]
pub struct ResendRequest {
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub challenge_id: String,
}

/// Exchange a refresh token for new tokens (the old one stops working).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "rt_3q2-7wEjq8cEo2v8dX0YtWl9t5mP1rZQ4bXcVfGhJkA"}))]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 1, max_length = 128)]
    pub refresh_token: String,
}

/// Tokens of a signed-in session.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"access_token": "eyJhbGciOiJFZERTQSIsImtpZCI6ImszSnE4UW0wYzFzNVdiMmUiLCJ0eXAiOiJhdCtqd3QifQ.eyJzdWIiOiJhY2NfZGUwMDAwMDAwMDAwMDAwMDAwMDAwMDAxIn0.c2lnbmF0dXJl", "token_type": "Bearer", "expires_in": 900, "refresh_token": "rt_3q2-7wEjq8cEo2v8dX0YtWl9t5mP1rZQ4bXcVfGhJkA"}))]
pub struct TokenResponse {
    /// An EdDSA-signed JWT; send it as `Authorization: Bearer ...`.
    #[schema(max_length = 4096)]
    pub access_token: String,
    #[schema(example = "Bearer", max_length = 16)]
    pub token_type: String,
    /// Seconds until the access token expires.
    #[schema(minimum = 1, maximum = 900)]
    pub expires_in: i64,
    /// Single use: each refresh returns a new one. Reusing an old one ends the session.
    #[schema(max_length = 128)]
    pub refresh_token: String,
}

impl From<app::sign_in::Challenge> for LoginChallenge {
    fn from(c: app::sign_in::Challenge) -> Self {
        LoginChallenge {
            challenge_id: c.id.to_string(),
            expires_at: c.expires_at,
            phone_hint: c.phone_hint,
            resend_after: c.resend_after,
        }
    }
}

impl From<app::sign_in::session::Tokens> for TokenResponse {
    fn from(t: app::sign_in::session::Tokens) -> Self {
        TokenResponse {
            access_token: t.access_token,
            token_type: "Bearer".into(),
            expires_in: t.expires_in,
            refresh_token: t.refresh_token,
        }
    }
}
