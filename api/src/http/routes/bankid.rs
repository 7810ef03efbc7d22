//! BankID: approving a card order (the cardholder, signed in with the second factor) and signing
//! in (anyone with a verified Swedish personal identity number). Both start an identification,
//! poll it about once a second for the animated QR code and the message to show, and may cancel.

use std::net::{IpAddr, Ipv4Addr};

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};

use crate::http::client_address::{client_address, origin};
use crate::http::dto::auth::TokenResponse;
use crate::http::dto::bankid::{
    BankIdIdentification, BankIdSignIn, BankIdSignInStarted, StartBankIdRequest,
};
use crate::http::dto::body::optional_json;
use crate::http::extract::idempotency_key;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::problem::{ApiError, ApiResult};
use crate::http::reply::{created, json_reply, no_store};
use app::bankid::approve::{self, AttemptOfOrder, StartApproval};
use app::bankid::attempt::{attempt_id, AttemptView};
use app::bankid::sign_in::{self, SignInAttempt, StartSignIn};
use app::orders::order_id;
use app::App;

/// The header that carries a BankID sign-in's secret.
pub const ATTEMPT_TOKEN: &str = "attempt-token";

/// The person's address as BankID needs it (`endUserIp`).
fn end_user_ip(req: &HttpRequest) -> IpAddr {
    let ip = client_address(req).ip();
    if ip.is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        ip
    }
}

fn start_request(req: &HttpRequest, body: &[u8]) -> ApiResult<StartBankIdRequest> {
    Ok(optional_json(req, body)?.unwrap_or_default())
}

/// Approve a card order with BankID.
///
/// Starts a BankID identification for an order waiting for your review. Show `qr_data` as an
/// animated QR code (poll the identification about once a second for the next one) or open
/// `autostart_url` on this device. When it completes, the identity BankID vouches for becomes
/// your verified identity: review the order again and accept it. An order with a personal
/// identity number can be identified only by that person. Starting again cancels the
/// identification before; a retry with the same `Idempotency-Key` replays the start (poll the
/// identification for its current state).
#[utoipa::path(
    operation_id = "start_bankid_approval",
    tag = "cardholder",
    security(("bearer" = [])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        IdempotencyKeyHeader,
    ),
    request_body(content = StartBankIdRequest, description = "Optional.", content_type = "application/json"),
    responses(
        (status = 201, description = "Started; poll it.", body = BankIdIdentification,
            headers(("Location" = String, description = "Where to poll it."))),
        (status = 403, description = "Sign in with the second factor first (`second_factor_required`)."),
        (status = 404, description = "No such order, or not yours."),
        (status = 409, description = "The order is not waiting for your review (`invalid_state`), or BankID is already identifying this person elsewhere (`bankid_already_in_progress`; BankID cancelled both)."),
        (status = 422, description = "The body has unknown fields, or the idempotency key was used for another request."),
        (status = 429, description = "Too many identifications started; retry after `Retry-After` seconds."),
        (status = 503, description = "BankID is unavailable (or not offered by this server); retry later."),
    ),
)]
#[post("/me/card-orders/{order_id}/bankid")]
pub async fn start_approval(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let raw_order = path.into_inner();
    let input = start_request(&req, &body)?;
    let command = StartApproval {
        order_id: order_id(&raw_order)?,
        same_device: input.same_device,
        end_user_ip: end_user_ip(&req),
        user_agent: origin(&req).user_agent,
    };
    let reply = approve::start(
        &app,
        credentials,
        idempotency_key(&req, &body)?,
        command,
        |v: &AttemptView| json_reply(&BankIdIdentification::from(v), 201, None),
    )
    .await?;
    Ok(created(
        reply,
        &format!("/v1/me/card-orders/{raw_order}/bankid"),
    ))
}

fn attempt_of_order(path: (String, String)) -> ApiResult<AttemptOfOrder> {
    Ok(AttemptOfOrder {
        order_id: order_id(&path.0)?,
        attempt_id: attempt_id(&path.1)?,
    })
}

/// Follow a BankID approval.
///
/// Where it stands, BankID's message to show, and while pending this second's QR code. Poll
/// about once a second; an identification nobody polls for 30 seconds is cancelled.
#[utoipa::path(
    operation_id = "get_bankid_approval",
    tag = "cardholder",
    security(("bearer" = [])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        ("attempt_id" = String, Path, description = "The identification's id (`bid_...`).", max_length = 64),
    ),
    responses(
        (status = 200, description = "The identification.", body = BankIdIdentification),
        (status = 403, description = "Sign in with the second factor first (`second_factor_required`)."),
        (status = 404, description = "No such identification of yours for this order."),
    ),
)]
#[get("/me/card-orders/{order_id}/bankid/{attempt_id}")]
pub async fn get_approval(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let view = approve::poll(&app, credentials, attempt_of_order(path.into_inner())?).await?;
    Ok(no_store(HttpResponse::Ok()).json(BankIdIdentification::from(&view)))
}

/// Cancel a BankID approval.
///
/// Here and at BankID. Cancelling a cancelled identification changes nothing.
#[utoipa::path(
    operation_id = "cancel_bankid_approval",
    tag = "cardholder",
    security(("bearer" = [])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        ("attempt_id" = String, Path, description = "The identification's id (`bid_...`).", max_length = 64),
    ),
    responses(
        (status = 204, description = "Cancelled."),
        (status = 403, description = "Sign in with the second factor first (`second_factor_required`)."),
        (status = 404, description = "No such identification of yours for this order."),
        (status = 409, description = "It completed or failed already (`bankid_attempt_ended`)."),
    ),
)]
#[delete("/me/card-orders/{order_id}/bankid/{attempt_id}")]
pub async fn cancel_approval(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    approve::cancel(&app, credentials, attempt_of_order(path.into_inner())?).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sign in with BankID.
///
/// For people whose verified identity has a Swedish personal identity number. Show `qr_data` as
/// an animated QR code or open `autostart_url` on this device, and poll with the
/// `attempt_token` about once a second; the first poll after the person identified carries the
/// same tokens as signing in with password and SMS code.
#[utoipa::path(
    operation_id = "start_bankid_sign_in",
    tag = "auth",
    request_body(content = StartBankIdRequest, description = "Optional.", content_type = "application/json"),
    responses(
        (status = 201, description = "Started; poll it with the `attempt_token`.", body = BankIdSignInStarted,
            headers(("Location" = String, description = "Where to poll it."))),
        (status = 409, description = "BankID is already identifying this person elsewhere (`bankid_already_in_progress`)."),
        (status = 422, description = "The body has unknown fields."),
        (status = 429, description = "Too many sign-ins started from your address; retry after `Retry-After` seconds."),
        (status = 503, description = "BankID is unavailable (or not offered by this server); retry later."),
    ),
)]
#[post("/auth/bankid")]
pub async fn start_sign_in(
    app: web::Data<App>,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input = start_request(&req, &body)?;
    let started = sign_in::start(
        &app,
        StartSignIn {
            same_device: input.same_device,
            end_user_ip: end_user_ip(&req),
            origin: origin(&req),
        },
    )
    .await?;
    let body = BankIdSignInStarted {
        identification: BankIdIdentification::from(&started.attempt),
        attempt_token: started.attempt_token,
    };
    let location = format!("/v1/auth/bankid/{}", body.identification.id);
    Ok(no_store(HttpResponse::Created())
        .insert_header((header::LOCATION, location))
        .json(&body))
}

fn sign_in_attempt(req: &HttpRequest, raw_id: &str) -> ApiResult<SignInAttempt> {
    let attempt_id = attempt_id(raw_id)?;
    let token = req
        .headers()
        .get(ATTEMPT_TOKEN)
        .and_then(|v| v.to_str().ok())
        .filter(|t| !t.is_empty() && t.len() <= 64)
        .ok_or_else(ApiError::not_found)?;
    Ok(SignInAttempt {
        attempt_id,
        attempt_token: token.to_owned(),
        origin: origin(req),
    })
}

/// Follow a BankID sign-in.
///
/// Where it stands, BankID's message to show, and while pending this second's QR code. The
/// first poll after the person identified carries the tokens; later polls do not. An attempt
/// nobody polls for 30 seconds is cancelled.
#[utoipa::path(
    operation_id = "get_bankid_sign_in",
    tag = "auth",
    params(
        ("attempt_id" = String, Path, description = "The sign-in's id (`bid_...`).", max_length = 64),
        ("Attempt-Token" = String, Header, description = "The `attempt_token` the start returned.", max_length = 64),
    ),
    responses(
        (status = 200, description = "The sign-in.", body = BankIdSignIn),
        (status = 404, description = "No such sign-in, or the wrong `Attempt-Token`."),
        (status = 409, description = "Another poll took the tokens at the same moment (`concurrent_change`)."),
    ),
)]
#[get("/auth/bankid/{attempt_id}")]
pub async fn get_sign_in(
    app: web::Data<App>,
    req: HttpRequest,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let polled = sign_in::poll(&app, sign_in_attempt(&req, &path.into_inner())?).await?;
    Ok(no_store(HttpResponse::Ok()).json(&BankIdSignIn {
        identification: BankIdIdentification::from(&polled.attempt),
        tokens: polled.tokens.map(TokenResponse::from),
    }))
}

/// Cancel a BankID sign-in.
///
/// Here and at BankID. Cancelling a cancelled sign-in changes nothing.
#[utoipa::path(
    operation_id = "cancel_bankid_sign_in",
    tag = "auth",
    params(
        ("attempt_id" = String, Path, description = "The sign-in's id (`bid_...`).", max_length = 64),
        ("Attempt-Token" = String, Header, description = "The `attempt_token` the start returned.", max_length = 64),
    ),
    responses(
        (status = 204, description = "Cancelled."),
        (status = 404, description = "No such sign-in, or the wrong `Attempt-Token`."),
        (status = 409, description = "It completed or failed already (`bankid_attempt_ended`)."),
    ),
)]
#[delete("/auth/bankid/{attempt_id}")]
pub async fn cancel_sign_in(
    app: web::Data<App>,
    req: HttpRequest,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    sign_in::cancel(&app, sign_in_attempt(&req, &path.into_inner())?).await?;
    Ok(HttpResponse::NoContent().finish())
}
