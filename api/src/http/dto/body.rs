//! JSON bodies: one mapping of every body error to a problem, used by the JSON extractor's error
//! handler and by handlers that read an optional body themselves.

use actix_web::error::JsonPayloadError;
use actix_web::http::header;
use actix_web::HttpRequest;
use serde::de::DeserializeOwned;

use crate::app::FieldError;
use crate::http::problem::{ApiError, ProblemCode};

/// Request bodies are limited to this many bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

pub fn json_error(e: &JsonPayloadError) -> ApiError {
    match e {
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType {
            expected: "application/json",
        },
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::PayloadTooLarge { limit: BODY_LIMIT }
        }
        JsonPayloadError::Deserialize(de) => serde_error(de),
        JsonPayloadError::Payload(actix_web::error::PayloadError::Overflow) => {
            ApiError::PayloadTooLarge { limit: BODY_LIMIT }
        }
        _ => ApiError::BadRequest {
            code: ProblemCode::MalformedBody,
            detail: "The request body could not be read.".into(),
        },
    }
}

/// Syntax errors are 400; well-formed JSON of the wrong shape (unknown or missing fields, wrong
/// types) is 422 naming the problem.
pub fn serde_error(e: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::BadRequest {
            code: ProblemCode::MalformedJson,
            detail: format!(
                "The request body is not valid JSON (line {}, column {}).",
                e.line(),
                e.column()
            ),
        },
        Category::Data => {
            let message = e.to_string();
            // serde's message ends with " at line L column C"; the position is noise here.
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_owned();
            let field = message
                .split('`')
                .nth(1)
                .filter(|_| {
                    message.starts_with("unknown field") || message.starts_with("missing field")
                })
                .unwrap_or("body")
                .to_owned();
            let code = if message.starts_with("unknown field") {
                "unknown_field"
            } else if message.starts_with("missing field") {
                "required"
            } else {
                "invalid_type"
            };
            ApiError::validation(vec![FieldError::new(field, code, message)])
        }
    }
}

/// An optional JSON body read from raw bytes: empty means `None`; otherwise it must be declared
/// `application/json` and parse.
pub fn optional_json<T: DeserializeOwned>(
    req: &HttpRequest,
    bytes: &[u8],
) -> Result<Option<T>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<mime::Mime>().ok())
        .is_some_and(|m| {
            m.type_() == mime::APPLICATION
                && (m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
        });
    if !is_json {
        return Err(ApiError::UnsupportedMediaType {
            expected: "application/json",
        });
    }
    // A body that is sent must be an object, as the contract says: not `null` (the body is
    // optional, not nullable), and not an array (serde would also read a struct from one).
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| serde_error(&e))?;
    match value {
        serde_json::Value::Object(_) => serde_json::from_value(value)
            .map(Some)
            .map_err(|e| serde_error(&e)),
        _ => Err(ApiError::validation(vec![FieldError::new(
            "body",
            "invalid_type",
            "The body must be a JSON object (or left out).",
        )])),
    }
}

/// A required JSON body of exactly this media type (`application/json`, or
/// `application/merge-patch+json` for a merge patch): another type is 415, so a merge patch
/// sent to a replace (or the other way round) is refused rather than misread.
pub fn json_body<T: DeserializeOwned>(
    req: &HttpRequest,
    bytes: &[u8],
    expected: &'static str,
) -> Result<T, ApiError> {
    let matches = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<mime::Mime>().ok())
        .is_some_and(|m| m.essence_str().eq_ignore_ascii_case(expected));
    if !matches {
        return Err(ApiError::UnsupportedMediaType { expected });
    }
    // serde would also read a struct from an array; a body is an object or nothing.
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| serde_error(&e))?;
    if !value.is_object() {
        return Err(ApiError::validation(vec![FieldError::new(
            "body",
            "invalid_type",
            "The body must be a JSON object.",
        )]));
    }
    serde_json::from_value(value).map_err(|e| serde_error(&e))
}
