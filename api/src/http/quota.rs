//! Request quotas at the door: every request is counted against its caller's budget (the person
//! or machine client of a valid bearer token, else the client address), refused with 429 and
//! `Retry-After` once the budget is spent, and every response announces the budget with the
//! IETF `RateLimit-Policy` and `RateLimit` headers (draft-ietf-httpapi-ratelimit-headers), as
//! GitHub's tell integrators theirs. Health probes are not counted.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, Error, ResponseError};

use super::client_address::client_address;
use super::problem::ApiError;
use app::quota::{CallerClass, Decision};
use app::{App, AppError};

pub const POLICY_HEADER: &str = "ratelimit-policy";
pub const STATE_HEADER: &str = "ratelimit";

/// The caller's quota key and class.
fn caller(req: &ServiceRequest, app: &App) -> (String, CallerClass) {
    let token = super::authorization::bearer(req.headers());
    match token.and_then(|t| app.credentials(t)) {
        Some(c) => {
            let class = c
                .client_role()
                .map_or(CallerClass::Person, CallerClass::Client);
            (c.caller_id().to_owned(), class)
        }
        None => (
            format!("addr:{}", client_address(req.request()).network()),
            CallerClass::Anonymous,
        ),
    }
}

fn policy_name(class: CallerClass) -> &'static str {
    match class {
        CallerClass::Person => "person",
        CallerClass::Client(r) => r.as_str(),
        CallerClass::Anonymous => "anonymous",
    }
}

fn announce(headers: &mut actix_web::http::header::HeaderMap, class: CallerClass, d: &Decision) {
    let name = policy_name(class);
    let policy = format!("\"{name}\";q={};w={}", d.policy.limit, d.policy.window);
    let state = format!("\"{name}\";r={};t={}", d.remaining, d.reset);
    for (h, v) in [(POLICY_HEADER, policy), (STATE_HEADER, state)] {
        if let Ok(v) = HeaderValue::from_str(&v) {
            headers.insert(HeaderName::from_static(h), v);
        }
    }
}

pub async fn enforce(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(app) = req.app_data::<web::Data<App>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if req.path().starts_with("/health/") {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let (key, class) = caller(&req, &app);
    let decision = app.quotas.admit(&key, class, app.clock.unix());
    let mut res = if decision.allowed {
        next.call(req).await?.map_into_boxed_body()
    } else {
        tracing::info!(
            event = "quota_exceeded",
            policy = policy_name(class),
            "request quota spent"
        );
        let (r, _) = req.into_parts();
        let error = ApiError::App(AppError::RateLimited {
            retry_after_secs: u64::from(decision.reset.max(1)),
        });
        ServiceResponse::new(r, error.error_response())
    };
    announce(res.headers_mut(), class, &decision);
    Ok(res)
}
