//! JSON bodies: every body is read here (the `Json` extractor, `json_body`, `optional_json`):
//! strict JSON, checked against the contract's schema, then read by serde, with one mapping of
//! every body error to a problem.

use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use super::strict_json;
use crate::http::problem::{ApiError, ProblemCode};
use crate::http::request_schema::RequestSchemas;
use app::texts::Text;
use app::FieldError;

/// Request bodies are limited to this many bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A body larger than the route's usual limit, read up to `limit` bytes: refused at once when
/// its declared length is over (nothing of it read), or as soon as what arrives is.
pub async fn read_limited(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<web::Bytes, ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    match payload.to_bytes_limited(limit).await {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(_)) => Err(ApiError::BadRequest {
            code: ProblemCode::MalformedBody,
            detail: Text::new("problem-malformed-body"),
        }),
        Err(_) => Err(ApiError::PayloadTooLarge { limit }),
    }
}

/// Syntax errors and repeated member names are 400; well-formed JSON of the wrong shape is 422
/// naming the field by its path.
fn serde_error(e: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::BadRequest {
            code: ProblemCode::MalformedJson,
            detail: Text::new("problem-malformed-json")
                .with("line", e.line())
                .with("column", e.column()),
        },
        Category::Data if e.to_string().starts_with(strict_json::DUPLICATE_MEMBER) => {
            ApiError::BadRequest {
                code: ProblemCode::DuplicateMember,
                detail: Text::new("problem-duplicate-member")
                    .with("member", member_named(&e.to_string())),
            }
        }
        Category::Data => shape_error(".", e),
    }
}

/// The name in a duplicate member's message (`duplicate member name `x``), quoted as sent.
fn member_named(message: &str) -> String {
    message
        .split('`')
        .nth(1)
        .map_or_else(|| without_position(message), |n| format!("`{n}`"))
}

/// serde's message ends with " at line L column C"; the position is noise in a field error.
fn without_position(message: &str) -> String {
    message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_owned()
}

/// A value the contract's schema let through but the handler's type could not read, at `path`
/// (serde_path_to_error's form: `a.b[0]`, `.` for the body).
fn shape_error(path: &str, e: &serde_json::Error) -> ApiError {
    let message = without_position(&e.to_string());
    let named = message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("unknown field") || message.starts_with("missing field"));
    let code = if message.starts_with("unknown field") {
        "unknown_field"
    } else if message.starts_with("missing field") {
        "required"
    } else {
        "invalid_type"
    };
    let at = (path != ".").then_some(path);
    let field = match (at, named) {
        (Some(at), Some(name)) if !at.ends_with(name) => format!("{at}.{name}"),
        (Some(at), _) => at.to_owned(),
        (None, Some(name)) => name.to_owned(),
        (None, None) => "body".to_owned(),
    };
    let text = match code {
        "invalid_type" => Text::new("field-invalid_type-detail").with("detail", message),
        "required" => Text::new("field-required"),
        _ => Text::new("field-unknown_field"),
    };
    ApiError::validation(vec![FieldError::new(field, code, text)])
}

/// A body read as far as its shape allows, with what the contract's schema found wrong in it.
/// A handler whose own rules (domain parsing, cross-field checks) find more adds theirs before it
/// answers, so one 422 names everything; [`SchemaErrors::settle`] refuses what the schema alone
/// refused.
pub struct Checked<T> {
    pub input: T,
    pub schema: SchemaErrors,
}

/// What the contract's schema found wrong in a body (possibly nothing).
#[must_use = "settle the schema's errors: a body the contract refuses must not be acted on"]
pub struct SchemaErrors(Vec<FieldError>);

impl SchemaErrors {
    /// The 422 naming the rules' errors and the schema's for every field the rules did not judge
    /// (the rules' code is the more telling: `invalid_org_number` rather than `invalid_format`).
    pub fn with(self, rules: Vec<FieldError>) -> ApiError {
        // One entry per field: of the rules' findings the last (the domain's, after validator's
        // bounds), else the schema's.
        let mut all: Vec<FieldError> = Vec::new();
        for e in rules.into_iter().rev().chain(self.0) {
            if !all.iter().any(|kept| kept.field == e.field) {
                all.push(e);
            }
        }
        all.sort_by(|a, b| a.field.cmp(&b.field));
        ApiError::validation(all)
    }

    /// Refuses the body if the schema found anything.
    pub fn settle(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.with(Vec::new()))
        }
    }
}

/// Reads a parsed body into `T`: first against the operation's schema in the contract (every
/// violation at once, by path), then by serde, whose error names its path too. A body the schema
/// refuses is still read when its shape allows, so the handler can add its own findings.
fn read<T: DeserializeOwned>(
    req: &HttpRequest,
    value: serde_json::Value,
) -> Result<Checked<T>, ApiError> {
    let errors = RequestSchemas::body_errors(req, &value);
    match serde_path_to_error::deserialize(value) {
        Ok(input) => Ok(Checked {
            input,
            schema: SchemaErrors(errors),
        }),
        Err(_) if !errors.is_empty() => Err(ApiError::validation(errors)),
        Err(e) => Err(shape_error(&e.path().to_string(), e.inner())),
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
    let value = strict_json::parse(bytes).map_err(|e| serde_error(&e))?;
    match value {
        serde_json::Value::Object(_) => {
            let Checked { input, schema } = read(req, value)?;
            schema.settle()?;
            Ok(Some(input))
        }
        _ => Err(ApiError::validation(vec![FieldError::new(
            "body",
            "invalid_type",
            Text::new("field-body-object-or-nothing"),
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
    let Checked { input, schema } = json_body_checked(req, bytes, expected)?;
    schema.settle()?;
    Ok(input)
}

/// [`json_body`] for a handler with rules of its own: the schema's findings come back with the
/// body instead of refusing it at once.
pub fn json_body_checked<T: DeserializeOwned>(
    req: &HttpRequest,
    bytes: &[u8],
    expected: &'static str,
) -> Result<Checked<T>, ApiError> {
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
    let value = strict_json::parse(bytes).map_err(|e| serde_error(&e))?;
    if !value.is_object() {
        return Err(ApiError::validation(vec![FieldError::new(
            "body",
            "invalid_type",
            Text::new("field-body-object"),
        )]));
    }
    read(req, value)
}

/// A required `application/json` body read through [`json_body`], as an extractor.
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        let bytes = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let bytes = bytes.await?;
            json_body(&req, &bytes, "application/json")
                .map(Json)
                .map_err(Into::into)
        })
    }
}
