//! JSON bodies: one mapping of every body error to a problem, used by the JSON extractor's error
//! handler and by handlers that read an optional body themselves.

use actix_web::error::JsonPayloadError;
use actix_web::http::header;
use actix_web::HttpRequest;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldError};

/// Request bodies are limited to this many bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

pub fn json_error(e: &JsonPayloadError) -> ApiError {
    match e {
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::PayloadTooLarge { limit: BODY_LIMIT }
        }
        JsonPayloadError::Deserialize(de) => serde_error(de),
        JsonPayloadError::Payload(actix_web::error::PayloadError::Overflow) => {
            ApiError::PayloadTooLarge { limit: BODY_LIMIT }
        }
        _ => ApiError::BadRequest {
            code: "malformed_body",
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
            code: "malformed_json",
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
        return Err(ApiError::UnsupportedMediaType);
    }
    // `null` is the same as no body.
    let value: Option<T> = serde_json::from_slice(bytes).map_err(|e| serde_error(&e))?;
    Ok(value)
}
