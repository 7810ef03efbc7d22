//! The one mapping of errors to HTTP: every error — a use case's, a malformed request's, the
//! framework's own — leaves as `application/problem+json` (RFC 9457) with a stable `code`.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

pub use crate::http::problem_code::{ProblemCode, ProblemCodeSchema};
#[cfg(test)]
use app::error::FieldError;
use app::error::{AppError, AuthFailure};
use app::texts::Text;

/// A problem detail (RFC 9457).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:id06:problem:validation_failed",
    "title": "Unprocessable Content",
    "status": 422,
    "detail": "The request has invalid fields.",
    "instance": "urn:id06:request:req_5b1e0c2a9d8f7e6a5b4c3d2e",
    "code": "validation_failed",
    "errors": [{"field": "postal_code", "code": "invalid_postal_code", "message": "a Swedish postal code has five digits, like 114 55"}]
}))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:id06:problem:` followed by `code`.
    #[serde(rename = "type")]
    #[schema(max_length = 100)]
    pub type_: String,
    /// The HTTP reason phrase of `status` (RFC 9110).
    #[schema(max_length = 100)]
    pub title: String,
    #[schema(minimum = 400, maximum = 599)]
    pub status: u16,
    /// What went wrong, for people.
    #[schema(max_length = 1000)]
    pub detail: String,
    /// This occurrence: the request id (`X-Request-Id`) as a URN; quote it when asking for help.
    #[schema(max_length = 100)]
    pub instance: String,
    /// Stable machine-readable code.
    #[schema(value_type = ProblemCodeSchema)]
    pub code: ProblemCode,
    /// Field errors, for validation problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 100)]
    pub errors: Vec<FieldErrorView>,
}

/// One invalid, missing or mismatching field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(as = FieldError)]
pub struct FieldErrorView {
    /// The field's name, as in the request or resource (`contact_details.postal_code`).
    #[schema(max_length = 100)]
    pub field: String,
    #[schema(max_length = 64)]
    pub code: String,
    #[schema(max_length = 1000)]
    pub message: String,
}

/// Errors of the HTTP layer: a use case's, or one of a request that never reached one.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("{detail}")]
    BadRequest { code: ProblemCode, detail: Text },
    /// Query parameters the contract or the handler could not read, each named.
    #[error("invalid query")]
    InvalidQuery { errors: Vec<app::FieldError> },
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<&'static str> },
    #[error("request body too large")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported media type")]
    UnsupportedMediaType { expected: &'static str },
    /// A change that needs `If-Match` came without one.
    #[error("If-Match required")]
    PreconditionRequired,
    #[error("not acceptable")]
    NotAcceptable,
}

impl From<persistence::Error> for ApiError {
    fn from(e: persistence::Error) -> Self {
        ApiError::App(e.into())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn not_found() -> Self {
        ApiError::App(AppError::NotFound)
    }

    pub fn unauthenticated() -> Self {
        ApiError::App(AppError::Unauthenticated(AuthFailure::InvalidToken))
    }

    pub fn validation(errors: Vec<app::FieldError>) -> Self {
        ApiError::App(AppError::validation(errors))
    }

    pub fn internal(cause: impl Into<String>) -> Self {
        ApiError::App(AppError::Internal(cause.into()))
    }

    fn code(&self) -> ProblemCode {
        use ProblemCode as P;
        match self {
            ApiError::App(e) => match e {
                AppError::Unauthenticated(f) => match f {
                    AuthFailure::InvalidToken => P::InvalidToken,
                    AuthFailure::InvalidCredentials => P::InvalidCredentials,
                    AuthFailure::InvalidCode { .. } => P::InvalidCode,
                    AuthFailure::ChallengeInvalid => P::ChallengeInvalid,
                    AuthFailure::InvalidRefreshToken => P::InvalidRefreshToken,
                },
                AppError::Forbidden { code, .. } => *code,
                AppError::Conflict { code, .. } => *code,
                AppError::Unprocessable { code, .. } => *code,
                AppError::NotFound => P::NotFound,
                AppError::PreconditionFailed => P::PreconditionFailed,
                AppError::RateLimited { .. } => P::RateLimited,
                AppError::Unavailable(_) => P::ServiceUnavailable,
                AppError::Internal(_) => P::InternalError,
            },
            ApiError::BadRequest { code, .. } => *code,
            ApiError::InvalidQuery { .. } => P::InvalidQuery,
            ApiError::MethodNotAllowed { .. } => P::MethodNotAllowed,
            ApiError::PayloadTooLarge { .. } => P::PayloadTooLarge,
            ApiError::UnsupportedMediaType { .. } => P::UnsupportedMediaType,
            ApiError::PreconditionRequired => P::PreconditionRequired,
            ApiError::NotAcceptable => P::NotAcceptable,
        }
    }

    fn detail(&self) -> Text {
        let t = Text::new;
        match self {
            ApiError::App(e) => match e {
                AppError::Unauthenticated(f) => match f {
                    AuthFailure::InvalidToken => t("problem-invalid-token"),
                    AuthFailure::InvalidCredentials => t("problem-invalid-credentials"),
                    AuthFailure::InvalidCode { remaining } => {
                        t("problem-wrong-code").with("remaining", i64::from(*remaining))
                    }
                    AuthFailure::ChallengeInvalid => t("problem-challenge-invalid"),
                    AuthFailure::InvalidRefreshToken => t("problem-invalid-refresh-token"),
                },
                AppError::Forbidden { detail, .. }
                | AppError::Conflict { detail, .. }
                | AppError::Unprocessable { detail, .. } => detail.clone(),
                AppError::NotFound => t("problem-not-found"),
                AppError::PreconditionFailed => t("problem-precondition-failed"),
                AppError::RateLimited { retry_after_secs } => {
                    t("problem-rate-limited").with("seconds", *retry_after_secs)
                }
                AppError::Unavailable(_) => t("problem-unavailable"),
                AppError::Internal(_) => t("problem-internal"),
            },
            ApiError::BadRequest { detail, .. } => detail.clone(),
            ApiError::InvalidQuery { errors } => t("problem-invalid-query").with(
                "fields",
                errors
                    .iter()
                    .map(|e| e.field.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ApiError::MethodNotAllowed { allow } => {
                t("problem-method-not-allowed").with("allow", allow.join(", "))
            }
            ApiError::PayloadTooLarge { limit } => {
                t("problem-payload-too-large").with("limit", *limit)
            }
            ApiError::UnsupportedMediaType { expected } => {
                t("problem-unsupported-media-type").with("expected", *expected)
            }
            ApiError::PreconditionRequired => t("problem-precondition-required"),
            ApiError::NotAcceptable => t("problem-not-acceptable"),
        }
    }

    /// The problem document, its texts in the request's language.
    pub fn problem(&self) -> Problem {
        let lang = super::language::current();
        let status = self.status_code();
        let code = self.code();
        Problem {
            type_: format!("urn:id06:problem:{}", code.as_str()),
            title: title(status, lang),
            status: status.as_u16(),
            detail: clean(&self.detail().render(lang), 1000),
            instance: format!(
                "urn:id06:request:{}",
                super::middleware::current_request_id()
            ),
            code,
            errors: match self {
                ApiError::App(AppError::Unprocessable { errors, .. })
                | ApiError::InvalidQuery { errors } => errors
                    .iter()
                    .map(|e| FieldErrorView {
                        field: clean(&e.field, 100),
                        code: e.code.clone(),
                        message: clean(&e.message.render(lang), 1000),
                    })
                    .collect(),
                _ => Vec::new(),
            },
        }
    }
}

/// Text that may quote what a client sent (an unknown field's name, a bad query value), made safe
/// to show and log: control characters replaced, length bounded as the contract says.
fn clean(text: &str, max_chars: usize) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .take(max_chars)
        .collect()
}

/// The problem's title: the status's reason phrase, in `lang`.
pub fn title(status: StatusCode, lang: domain::Language) -> String {
    let key = format!("title-{}", status.as_u16());
    app::texts::Text::keyed(key, reason_phrase(status)).render(lang)
}

/// RFC 9110's reason phrases, where they differ from older ones still in libraries.
pub fn reason_phrase(status: StatusCode) -> &'static str {
    match status.as_u16() {
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        _ => status.canonical_reason().unwrap_or("Error"),
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::App(e) => match e {
                AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
                AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
                AppError::NotFound => StatusCode::NOT_FOUND,
                AppError::Conflict { .. } => StatusCode::CONFLICT,
                AppError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
                AppError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
                AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            ApiError::BadRequest { .. } | ApiError::InvalidQuery { .. } => StatusCode::BAD_REQUEST,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        // The cause goes to the log once, inside the request's span (which carries the request id).
        match self {
            ApiError::App(AppError::Internal(cause)) => tracing::error!(%cause, "internal error"),
            ApiError::App(AppError::Unavailable(cause)) => {
                tracing::warn!(%cause, "service unavailable")
            }
            _ => {}
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        res.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        match self {
            // Every 401 says how to authenticate (RFC 9110 §11.6.1): with a bearer token; the
            // error parameter only where a token was presented and refused (RFC 6750 §3).
            ApiError::App(AppError::Unauthenticated(f)) => {
                let value = match f {
                    AuthFailure::InvalidToken => "Bearer realm=\"id06\", error=\"invalid_token\"",
                    _ => "Bearer realm=\"id06\"",
                };
                res.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static(value)));
            }
            ApiError::MethodNotAllowed { allow } => {
                res.insert_header((header::ALLOW, allow.join(", ")));
            }
            ApiError::App(AppError::RateLimited { retry_after_secs }) => {
                res.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::App(AppError::Unavailable(_)) => {
                res.insert_header((header::RETRY_AFTER, "5"));
            }
            _ => {}
        }
        res.body(serde_json::to_vec(&self.problem()).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_codes() {
        let cases: Vec<(ApiError, u16, &str)> = vec![
            (ApiError::not_found(), 404, "not_found"),
            (
                AppError::PreconditionFailed.into(),
                412,
                "precondition_failed",
            ),
            (
                AppError::RateLimited {
                    retry_after_secs: 3,
                }
                .into(),
                429,
                "rate_limited",
            ),
            (
                persistence::Error::Unavailable("x".into()).into(),
                503,
                "service_unavailable",
            ),
            (
                persistence::Error::Conflict {
                    kind: persistence::ConflictKind::Unique,
                    message: "x".into(),
                }
                .into(),
                409,
                "conflict",
            ),
            (persistence::Error::NotFound.into(), 404, "not_found"),
            (
                persistence::Error::Corrupt("secret cause".into()).into(),
                500,
                "internal_error",
            ),
            (ApiError::internal("secret cause"), 500, "internal_error"),
        ];
        for (e, status, code) in cases {
            let p = e.problem();
            assert_eq!((p.status, p.code.as_str()), (status, code));
            assert!(!p.detail.contains("secret cause"));
        }
    }

    #[test]
    fn quoted_client_text_is_made_safe() {
        let p = ApiError::validation(vec![FieldError::new(
            "x\u{1b}[31m".repeat(50),
            "unknown_field",
            Text::new("field-invalid_value-detail").with("detail", "unknown field `\u{0}`"),
        )])
        .problem();
        assert_eq!(p.errors[0].field.chars().count(), 100);
        assert!(!p.errors[0].field.chars().any(char::is_control));
        assert!(!p.errors[0].message.chars().any(char::is_control));
    }

    #[test]
    fn current_reason_phrases() {
        assert_eq!(
            ApiError::PayloadTooLarge { limit: 1 }.problem().title,
            "Content Too Large"
        );
        assert_eq!(
            ApiError::validation(vec![]).problem().title,
            "Unprocessable Content"
        );
    }

    #[test]
    fn headers() {
        let r = ApiError::MethodNotAllowed {
            allow: vec!["GET", "PUT"],
        }
        .error_response();
        assert_eq!(
            r.headers().get(header::ALLOW).and_then(|v| v.to_str().ok()),
            Some("GET, PUT")
        );
        assert_eq!(
            r.headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json")
        );
        for f in [
            AuthFailure::InvalidToken,
            AuthFailure::InvalidCredentials,
            AuthFailure::ChallengeInvalid,
            AuthFailure::InvalidCode { remaining: 2 },
            AuthFailure::InvalidRefreshToken,
        ] {
            let r = ApiError::App(AppError::Unauthenticated(f)).error_response();
            assert!(r.headers().contains_key(header::WWW_AUTHENTICATE), "{f:?}");
        }
        let r = ApiError::App(AppError::RateLimited {
            retry_after_secs: 7,
        })
        .error_response();
        assert_eq!(
            r.headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("7")
        );
    }
}
