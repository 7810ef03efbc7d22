//! The one error type of the use cases. Each variant says what happened in the caller's terms;
//! `http::problem` is the one place that turns it into a status and a problem document.

use crate::texts::Text;
use crate::ProblemCode;

/// One invalid, missing or mismatching field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field's name, as in the request or resource (`contact_details.postal_code`).
    pub field: String,
    pub code: String,
    /// For people, in the reader's language when rendered.
    pub message: Text,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: impl Into<String>, message: Text) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message,
        }
    }

    /// A domain refusal of `field`, its text by its code.
    pub fn invalid(field: impl Into<String>, e: &domain::Invalid) -> Self {
        Self::new(field, e.code, Text::of_invalid(e))
    }
}

/// Why the caller is not signed in, or a sign-in step failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    /// No access token, or one that is invalid, expired or of a revoked session.
    InvalidToken,
    /// Wrong email or password (the same answer for both).
    InvalidCredentials,
    /// Wrong SMS code; this many attempts are left.
    InvalidCode { remaining: i32 },
    /// The sign-in attempt expired, was used or had too many wrong codes.
    ChallengeInvalid,
    /// The refresh token is invalid, expired or was reused.
    InvalidRefreshToken,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("unauthenticated: {0:?}")]
    Unauthenticated(AuthFailure),
    /// The caller may see the resource but not take this action.
    #[error("{detail}")]
    Forbidden { code: ProblemCode, detail: Text },
    /// No such resource, or not the caller's (the two are not told apart).
    #[error("not found")]
    NotFound,
    /// The resource is in a state that does not allow this, or changed concurrently.
    #[error("{detail}")]
    Conflict { code: ProblemCode, detail: Text },
    /// The caller's `If-Match` names a version that is no longer current.
    #[error("the resource changed since it was read")]
    PreconditionFailed,
    /// Input that does not parse, or a rule of the domain that refuses the request.
    #[error("{detail}")]
    Unprocessable {
        code: ProblemCode,
        detail: Text,
        errors: Vec<FieldError>,
    },
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    /// The database or another dependency is down or overloaded.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// A bug or broken data; the cause is logged, never sent.
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub fn validation(errors: Vec<FieldError>) -> Self {
        AppError::Unprocessable {
            code: ProblemCode::ValidationFailed,
            detail: Text::new("problem-validation-failed"),
            errors,
        }
    }

    pub fn corrupt(what: &str, detail: impl std::fmt::Display) -> Self {
        AppError::Internal(format!("stored {what} does not parse: {detail}"))
    }
}

impl From<persistence::Error> for AppError {
    fn from(e: persistence::Error) -> Self {
        use persistence::Error as E;
        match e {
            E::NotFound => AppError::NotFound,
            E::Unavailable(m) => AppError::Unavailable(m),
            E::Conflict { kind, message } => {
                tracing::info!(%kind, cause = %message, "constraint violation answered as conflict");
                AppError::Conflict {
                    code: ProblemCode::Conflict,
                    detail: Text::new("problem-conflict"),
                }
            }
            other @ (E::Corrupt(_) | E::Query(_) | E::Config(_)) => {
                AppError::Internal(other.to_string())
            }
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
