//! Sessions, password and mobile-number changes, and password resets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use app::me::credentials::PendingPhoneChange;
use app::me::sessions::SessionInfo;

/// A place where you are signed in.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "ses_1f0c9a7b2d4e6f8091a2b3c4", "current": true, "authentication_methods": ["pwd", "sms"], "created_at": "2026-12-01T08:00:00Z", "last_active_at": "2026-12-01T09:45:00Z", "idle_expires_at": "2026-12-01T10:15:00Z", "expires_at": "2026-12-01T20:00:00Z", "client_address": "198.51.100.7", "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)"}))]
pub struct SessionView {
    #[schema(max_length = 64)]
    pub id: String,
    /// The session of the token that made this request.
    pub current: bool,
    /// How the session was signed in (RFC 8176 `amr` values).
    #[schema(max_items = 4)]
    pub authentication_methods: Vec<AuthenticationMethod>,
    pub created_at: DateTime<Utc>,
    /// The last time its tokens were refreshed.
    pub last_active_at: DateTime<Utc>,
    /// It ends at this time unless refreshed before (30 minutes without activity).
    pub idle_expires_at: DateTime<Utc>,
    /// It ends at this time whatever happens (12 hours after signing in).
    pub expires_at: DateTime<Utc>,
    /// The address it was signed in from.
    #[schema(max_length = 64)]
    pub client_address: Option<String>,
    /// The `User-Agent` it was signed in with.
    #[schema(max_length = 200)]
    pub user_agent: Option<String>,
}

impl From<&SessionInfo> for SessionView {
    fn from(s: &SessionInfo) -> Self {
        SessionView {
            id: s.id.to_string(),
            current: s.current,
            authentication_methods: s
                .auth_level
                .methods()
                .iter()
                .filter_map(|m| AuthenticationMethod::parse(m))
                .collect(),
            created_at: s.created_at.and_utc(),
            last_active_at: s.last_active_at.and_utc(),
            idle_expires_at: s.idle_expires_at.and_utc(),
            expires_at: s.expires_at.and_utc(),
            client_address: s.client_address.clone(),
            user_agent: s.user_agent.clone(),
        }
    }
}

/// An authentication method (RFC 8176): `pwd` a password, `sms` a code by SMS, `mfa` several
/// factors; `bankid` Swedish BankID (not an RFC 8176 value: it says which multi-factor method).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AuthenticationMethod {
    Pwd,
    Sms,
    Bankid,
    Mfa,
}

impl AuthenticationMethod {
    fn parse(amr: &str) -> Option<Self> {
        match amr {
            "pwd" => Some(Self::Pwd),
            "sms" => Some(Self::Sms),
            "bankid" => Some(Self::Bankid),
            "mfa" => Some(Self::Mfa),
            _ => None,
        }
    }
}

/// Your live sessions, most recently active first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionList {
    #[schema(max_items = 1000)]
    pub data: Vec<SessionView>,
}

/// A new password, with the current one.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "correct horse battery staple", "new_password": "a new and longer passphrase"}))]
pub struct ChangePasswordRequest {
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 1, max_length = 128, format = Password)]
    pub current_password: String,
    /// 12 to 128 characters, not a common or easily guessed password.
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 12, max_length = 128, format = Password)]
    pub new_password: String,
}

/// A new mobile number for sign-in codes, with the current password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "correct horse battery staple", "phone": "+46 70 123 45 67"}))]
pub struct PhoneChangeRequest {
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 1, max_length = 128, format = Password)]
    pub current_password: String,
    /// A mobile number (it must receive SMS).
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub phone: String,
}

/// A change of mobile number waiting for the code sent to the new number.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "pch_1f0c9a7b2d4e6f8091a2b3c4", "phone_hint": "+46 *******67", "expires_at": "2026-12-01T10:05:00Z"}))]
pub struct PhoneChangeView {
    #[schema(max_length = 64)]
    pub id: String,
    /// The new number, mostly hidden.
    #[schema(max_length = 32)]
    pub phone_hint: String,
    /// The code stops working at this time.
    pub expires_at: DateTime<Utc>,
}

impl From<&PendingPhoneChange> for PhoneChangeView {
    fn from(p: &PendingPhoneChange) -> Self {
        PhoneChangeView {
            id: p.id.to_string(),
            phone_hint: p.phone_hint.clone(),
            expires_at: p.expires_at.and_utc(),
        }
    }
}

/// The code sent to the new number.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "123456"}))]
pub struct PhoneChangeConfirmation {
    #[validate(length(equal = 6))]
    #[schema(pattern = "^[0-9]{6}$", min_length = 6, max_length = 6)]
    pub code: String,
}

/// The mobile number sign-in codes now go to.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"phone": "+46701234567"}))]
pub struct PhoneView {
    /// E.164.
    #[schema(max_length = 16)]
    pub phone: String,
}

/// Ask for a link to set a new password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "asa.oberg@example.se"}))]
pub struct PasswordResetRequest {
    #[validate(length(min = 3, max = 254))]
    #[schema(min_length = 3, max_length = 254)]
    pub email: String,
}

/// The token from the emailed link, and the new password.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "prt_4hQk0c2Vb7yW1nJ8sD3fG6aZ", "new_password": "a new and longer passphrase"}))]
pub struct PasswordResetConfirmation {
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 1, max_length = 128)]
    pub token: String,
    /// 12 to 128 characters, not a common or easily guessed password.
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 12, max_length = 128, format = Password)]
    pub new_password: String,
}
