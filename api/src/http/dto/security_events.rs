//! The security audit log as operators read it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use persistence::security_events::SecurityEventRow;

/// The domain's kinds under the contract's names (the same, snake_case), both ways.
macro_rules! kinds {
    ($($v:ident),* $(,)?) => {
        /// What happened.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum SecurityEventKind {
            $($v),*
        }

        impl From<domain::SecurityEventKind> for SecurityEventKind {
            fn from(k: domain::SecurityEventKind) -> Self {
                match k {
                    $(domain::SecurityEventKind::$v => Self::$v),*
                }
            }
        }

        impl From<SecurityEventKind> for domain::SecurityEventKind {
            fn from(k: SecurityEventKind) -> Self {
                match k {
                    $(SecurityEventKind::$v => Self::$v),*
                }
            }
        }
    };
}

kinds!(
    SignInSucceeded,
    SignInFailed,
    SignInThrottled,
    CodeFailed,
    RefreshTokenReused,
    SessionRevoked,
    PasswordChanged,
    CurrentPasswordWrong,
    PasswordResetRequested,
    PasswordReset,
    PhoneChanged,
    ClientCreated,
    ClientSecretRotated,
    ClientRevoked,
    ClientAuthenticationFailed,
    EvidenceRegistered,
    IdentityNumberWrong,
    RetentionApplied,
    PersonalDataExported,
    PersonalDataErased,
);

/// One security event. Never a password, a code or a token.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "sev_1f0c9a7b2d4e6f8091a2b3c4", "kind": "sign_in_failed", "account_id": null, "client_id": null, "email": "asa.oberg@example.se", "client_address": "198.51.100.7", "detail": null, "created_at": "2026-12-01T09:00:00Z"}))]
pub struct SecurityEvent {
    #[schema(max_length = 64)]
    pub id: String,
    pub kind: SecurityEventKind,
    /// The person's account, when known.
    #[schema(max_length = 64)]
    pub account_id: Option<String>,
    /// The machine client, when one acted or was acted on.
    #[schema(max_length = 64)]
    pub client_id: Option<String>,
    /// The email tried or concerned.
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// Where the request came from.
    #[schema(max_length = 64)]
    pub client_address: Option<String>,
    /// A fixed detail (a session id, a check's outcome).
    #[schema(max_length = 200)]
    pub detail: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<&SecurityEventRow> for SecurityEvent {
    fn from(r: &SecurityEventRow) -> Self {
        SecurityEvent {
            id: r.id.to_string(),
            kind: r.kind.into(),
            account_id: r.account_id.as_ref().map(ToString::to_string),
            client_id: r.client_id.as_ref().map(ToString::to_string),
            email: r.email.clone(),
            client_address: r.client_address.clone(),
            detail: r.detail.clone(),
            created_at: r.created_at.and_utc(),
        }
    }
}

/// A page of security events, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecurityEventPage {
    #[schema(max_items = 100)]
    pub data: Vec<SecurityEvent>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[schema(max_length = 64)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

/// Filters and paging.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SecurityEventQuery {
    /// Page size, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 45)]
    pub cursor: Option<String>,
    /// Only events of this kind.
    pub kind: Option<SecurityEventKind>,
    /// Only events of this account (`acc_...`).
    #[param(max_length = 64, pattern = "^acc_[0-9a-f]{24}$")]
    pub account_id: Option<String>,
    /// Only events of this machine client (`cli_...`).
    #[param(max_length = 64, pattern = "^cli_[0-9a-f]{24}$")]
    pub client_id: Option<String>,
    /// Only events naming this email.
    #[param(max_length = 254)]
    pub email: Option<String>,
    /// Only events at or after this time.
    pub created_from: Option<DateTime<Utc>>,
    /// Only events before this time.
    pub created_before: Option<DateTime<Utc>>,
}
