//! Every request: a request id (`X-Request-Id`, echoed or made), a tracing span carrying it, one
//! access-log line, security headers, and the framework's own error responses (plain text from
//! extractors, payload limits, ...) rewritten into the problem+json shape.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};
use tracing::Instrument;

use super::problem::ApiError;

pub const REQUEST_ID: &str = "x-request-id";

/// Swagger UI: its own scripts and styles (it sets inline styles at run time), its inline SVG
/// icons, and calls to this server only.
pub const SWAGGER_UI_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/// JSON answers load nothing.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

tokio::task_local! {
    static CURRENT_REQUEST_ID: String;
}

/// The id of the request being handled (problem documents cite it as their `instance`).
pub fn current_request_id() -> String {
    CURRENT_REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
        .map_or_else(|| app::ids::new_raw("req"), str::to_owned)
}

pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = request_id(&req);
    let language = super::language::of_request(&req);
    let handled = CURRENT_REQUEST_ID.scope(id.clone(), handle(req, next, id));
    let mut res = super::language::scope(language, handled).await?;
    super::language::mark(res.headers_mut(), language);
    Ok(res)
}

async fn handle(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    id: String,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // HEAD is GET without the body (RFC 9110 §9.3.2) on every GET route, the contract and Swagger
    // UI included: routed as GET; the connection knows the request was HEAD and sends the
    // headers (Content-Length included) without the body.
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    let csp = if req.path().starts_with("/swagger-ui") {
        SWAGGER_UI_CSP
    } else {
        API_CSP
    };
    // The caller is added by the credentials extractor, as ids only (never names or emails).
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        path = %loggable_path(req.path()),
        principal_kind = tracing::field::Empty,
        principal_id = tracing::field::Empty,
    );
    let start = Instant::now();
    let mut statements = 0;
    let res = if accepts_json(&req) {
        let (res, sent) = app::statements::counted(next.call(req).instrument(span.clone())).await;
        statements = sent;
        res?.map_into_boxed_body()
    } else {
        let (r, _) = req.into_parts();
        ServiceResponse::new(r, ApiError::NotAcceptable.error_response())
    };
    let mut res = span.in_scope(|| as_problem(res));
    let headers = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&id) {
        headers.insert(HeaderName::from_static(REQUEST_ID), v);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Swagger UI may load only its own files and call only this server; the API's JSON may load
    // nothing at all.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    let status = res.status().as_u16();
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    if let Some(log) = res
        .request()
        .app_data::<actix_web::web::Data<crate::http::status_log::StatusLog>>()
    {
        log.record(res.request().method().as_str(), &route, status);
    }
    app::metrics::http_request(
        &route,
        res.request().method().as_str(),
        status,
        start.elapsed().as_secs_f64(),
    );
    app::metrics::db_statements(&route, res.request().method().as_str(), statements);
    span.in_scope(|| {
        tracing::info!(
            status,
            latency_ms = start.elapsed().as_secs_f64() * 1000.0,
            "handled"
        )
    });
    Ok(res)
}

/// False when the request's `Accept` rules out JSON. Swagger UI's pages are HTML and a
/// portrait is an image: both exempt.
fn accepts_json(req: &ServiceRequest) -> bool {
    if req.path().starts_with("/swagger-ui") || req.path().ends_with("/portrait") {
        return true;
    }
    // Downloads answer CSV or XLSX (their handlers choose, or refuse with 406).
    if ["/template", "/report", "/export"]
        .iter()
        .any(|end| req.path().ends_with(end))
    {
        return true;
    }
    let Some(accept) = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    accept.split(',').any(|range| {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        // A range with q=0 means "not this".
        let refused = parts.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        !refused
            && matches!(
                media.as_str(),
                "*/*" | "application/*" | "application/json" | "application/problem+json" | ""
            )
    })
}

/// Rewrites an error response that is not already a problem into one of the same status.
fn as_problem(res: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        // The token endpoint answers RFC 6749 error documents as application/json.
        .is_some_and(|ct| {
            ct.starts_with("application/problem+json") || ct.starts_with("application/json")
        });
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return res;
    }
    if let Some(cause) = res.response().error() {
        tracing::info!(%cause, "framework error rewritten as problem");
    }
    let error = match status {
        StatusCode::NOT_FOUND => ApiError::not_found(),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allow = res
                .headers()
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let allow = allow
                .split(',')
                .map(str::trim)
                .filter_map(known_method)
                .collect();
            ApiError::MethodNotAllowed { allow }
        }
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge {
            limit: super::dto::body::BODY_LIMIT,
        },
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType {
            expected: "application/json",
        },
        StatusCode::SERVICE_UNAVAILABLE => {
            ApiError::App(app::AppError::Unavailable("framework".into()))
        }
        s if s.is_server_error() => ApiError::internal(format!("framework answered {s}")),
        _ => ApiError::BadRequest {
            code: super::problem::ProblemCode::BadRequest,
            detail: app::texts::Text::new("problem-bad-request"),
        },
    };
    let (req, _) = res.into_parts();
    ServiceResponse::new(req, error.error_response())
}

fn known_method(m: &str) -> Option<&'static str> {
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        .into_iter()
        .find(|k| *k == m)
}

/// The path as logged: an invitation's token is its invitee's credential, so it never reaches
/// the log.
fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_prefix("/v1/invitations/") {
        Some(rest) => {
            let tail = rest.split_once('/').map_or("", |(_, t)| t);
            let sep = if tail.is_empty() { "" } else { "/" };
            format!("/v1/invitations/{{token}}{sep}{tail}").into()
        }
        None => path.into(),
    }
}

#[cfg(test)]
mod loggable_path_tests {
    use super::loggable_path;

    #[test]
    fn invitation_tokens_are_not_logged() {
        assert_eq!(
            loggable_path("/v1/invitations/ivt_secret"),
            "/v1/invitations/{token}"
        );
        assert_eq!(
            loggable_path("/v1/invitations/ivt_secret/submission"),
            "/v1/invitations/{token}/submission"
        );
        assert_eq!(loggable_path("/v1/me"), "/v1/me");
    }
}
