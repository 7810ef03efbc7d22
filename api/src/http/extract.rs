//! What handlers read from a request besides its body: the bearer token's credentials,
//! preconditions, idempotency keys, the client's address. Each is checked for form here and
//! handed to the use cases as a typed value.

use std::future::{ready, Ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};

use super::problem::{ApiError, ApiResult, ProblemCode};
use app::idempotency::IdempotencyKey;
use app::orders::IfMatch;
use app::{App, Credentials};

/// `If-Match` and `If-None-Match`: `*` or a list of entity tags (RFC 9110); empty, which says
/// nothing, is the same as no header.
pub const IF_MATCH_PATTERN: &str = r#"^(?:[*]|(?:W/)?"[!#-~]*"(?: *, *(?:W/)?"[!#-~]*")*)?$"#;

pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// The `Idempotency-Key` request header as the contract declares it, once: an operation that
/// takes a key lists `params(IdempotencyKeyHeader)`; the contract refers every use to
/// `#/components/parameters/IdempotencyKey`.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
pub struct IdempotencyKeyHeader {
    // One line: the contract keeps a doc comment's line breaks. The pattern is added from
    // IDEMPOTENCY_KEY_PATTERN by contract/rules.rs, as for every header.
    /// Makes retries safe: the first successful response is replayed, with its headers, for 24 hours; the same key with another request is refused (`idempotency_key_reused`).
    #[param(rename = "Idempotency-Key", min_length = 1, max_length = 255)]
    idempotency_key: Option<String>,
}
/// 1 to 255 visible ASCII characters.
pub const IDEMPOTENCY_KEY_PATTERN: &str = "^[!-~]{1,255}$";

/// A bearer token whose signature and claims verify, as the use cases' `Credentials`. Its
/// session is checked by the use case's runner, in the same database trip as the use case.
pub struct Bearer(pub Credentials);

impl FromRequest for Bearer {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(credentials(req).map(Bearer))
    }
}

fn credentials(req: &HttpRequest) -> ApiResult<Credentials> {
    let app = req
        .app_data::<web::Data<App>>()
        .ok_or_else(|| ApiError::internal("app state missing"))?;
    let token =
        super::authorization::bearer(req.headers()).ok_or_else(ApiError::unauthenticated)?;
    let credentials = app
        .credentials(token)
        .ok_or_else(ApiError::unauthenticated)?;
    let span = tracing::Span::current();
    span.record(
        "principal_kind",
        credentials.client_role().map_or("person", |r| r.as_str()),
    );
    span.record("principal_id", credentials.caller_id());
    Ok(credentials)
}

fn entity_tags(
    req: &HttpRequest,
    name: header::HeaderName,
    code: ProblemCode,
) -> ApiResult<Option<Vec<String>>> {
    let Some(v) = req.headers().get(&name) else {
        return Ok(None);
    };
    let invalid = || ApiError::BadRequest {
        code,
        detail: app::texts::Text::new("problem-invalid-precondition-header")
            .with("header", name.as_str()),
    };
    let raw = v.to_str().map_err(|_| invalid())?;
    // An empty field value says nothing: the same as no header.
    if raw.trim().is_empty() {
        return Ok(None);
    }
    static RE: std::sync::LazyLock<Option<regex::Regex>> =
        std::sync::LazyLock::new(|| regex::Regex::new(IF_MATCH_PATTERN).ok());
    if !RE.as_ref().is_some_and(|re| re.is_match(raw)) {
        return Err(invalid());
    }
    Ok(Some(raw.split(',').map(|t| t.trim().to_owned()).collect()))
}

/// The precondition of `If-Match`, if sent; 400 when it is not of that form. Our entity tags
/// are strong and start with the version they name (a company's `"7"`, a review's `"7.2"`);
/// If-Match compares strongly (RFC 9110 §13.1.1), so a weak or foreign tag names no version.
pub fn if_match(req: &HttpRequest) -> ApiResult<Option<IfMatch>> {
    let Some(tags) = entity_tags(req, header::IF_MATCH, ProblemCode::InvalidIfMatch)? else {
        return Ok(None);
    };
    if tags.iter().any(|t| t == "*") {
        return Ok(Some(IfMatch::Any));
    }
    // Tags are compared as sent: `"07"` is not the tag of version 7.
    let version = |t: &str| {
        let part = t.strip_prefix('"')?.strip_suffix('"')?.split('.').next()?;
        part.parse::<i64>().ok().filter(|v| v.to_string() == part)
    };
    Ok(Some(IfMatch::Versions(
        tags.iter().filter_map(|t| version(t)).collect(),
    )))
}

/// Whether `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2), so a GET can
/// answer 304; 400 when the header is not of the form.
pub fn if_none_match(req: &HttpRequest, etag: &str) -> ApiResult<bool> {
    let Some(tags) = entity_tags(req, header::IF_NONE_MATCH, ProblemCode::InvalidIfNoneMatch)?
    else {
        return Ok(false);
    };
    let opaque = |t: &str| t.trim_start_matches("W/").to_owned();
    Ok(tags.iter().any(|t| t == "*" || opaque(t) == opaque(etag)))
}

/// The request's `Idempotency-Key`, if it sent one: 1 to 255 visible ASCII characters, else 400.
pub fn idempotency_key(req: &HttpRequest, body: &[u8]) -> ApiResult<Option<IdempotencyKey>> {
    // A header sent empty is a malformed key (the contract's pattern needs 1 character), not
    // an absent one: a client that meant to send a key must learn it did not.
    let Some(value) = req.headers().get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic()));
    let Some(key) = key else {
        return Err(ApiError::BadRequest {
            code: ProblemCode::InvalidIdempotencyKey,
            detail: app::texts::Text::new("problem-invalid-idempotency-key"),
        });
    };
    Ok(Some(IdempotencyKey::new(
        key,
        req.method().as_str(),
        req.path(),
        body,
    )))
}

pub use super::client_address::{client_address, origin};
