//! Changing your password and mobile number, and resetting a forgotten password.

use actix_web::web::Bytes;
use actix_web::{post, web, HttpRequest, HttpResponse};
use domain::{Email, Password, PhoneNumber};

use crate::http::dto::body::json_body;
use crate::http::dto::security::{
    ChangePasswordRequest, PasswordResetConfirmation, PasswordResetRequest,
    PhoneChangeConfirmation, PhoneChangeRequest, PhoneChangeView, PhoneView,
};
use crate::http::dto::validate;
use crate::http::extract::client_address;
use crate::http::extract::Bearer;
use crate::http::problem::{ApiError, ApiResult};
use crate::http::reply::no_store;
use app::accounts::password_reset::{self, CompleteReset, RequestReset};
use app::me::credentials::{self, ChangePassword, ConfirmPhoneChange, StartPhoneChange};
use app::{App, FieldError};

fn new_password(raw: &str, field: &str) -> Result<Password, ApiError> {
    Password::parse(raw).map_err(|e| ApiError::validation(vec![FieldError::invalid(field, &e)]))
}

/// Change your password.
///
/// With the current password. Every other session ends (this one stays), and the account's email
/// is told.
#[utoipa::path(
    operation_id = "change_my_password",
    tag = "cardholder",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed; other sessions ended."),
        (status = 403, description = "Sign in with the SMS code first (`second_factor_required`)."),
        (status = 409, description = "The password changed concurrently."),
        (status = 422, description = "The current password is wrong (`wrong_password`), or the new one is too short or too common."),
        (status = 429, description = "Too many wrong passwords for this account; wait `Retry-After` seconds."),
    ),
)]
#[post("/me/password")]
pub async fn change_password(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: ChangePasswordRequest = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let command = ChangePassword {
        new: new_password(&input.new_password, "new_password")?,
        current: input.current_password,
    };
    credentials::change_password(&app, credentials, command).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change your mobile number.
///
/// With the current password. A code is sent by SMS to the new number; the number changes when
/// the code is confirmed (`POST /v1/me/phone-changes/{change_id}/confirmation`). Only mobile
/// numbers are accepted.
#[utoipa::path(
    operation_id = "start_phone_change",
    tag = "cardholder",
    security(("bearer" = [])),
    request_body = PhoneChangeRequest,
    responses(
        (status = 202, description = "A code was sent to the new number.", body = PhoneChangeView),
        (status = 403, description = "Sign in with the SMS code first (`second_factor_required`)."),
        (status = 422, description = "The current password is wrong (`wrong_password`), or the number is not a mobile number or is already yours."),
        (status = 429, description = "Too many wrong passwords or SMS codes for this account; wait `Retry-After` seconds."),
    ),
)]
#[post("/me/phone-changes")]
pub async fn start_phone_change(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: PhoneChangeRequest = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let phone = PhoneNumber::parse_mobile(&input.phone)
        .map_err(|e| ApiError::validation(vec![FieldError::invalid("phone", &e)]))?;
    let command = StartPhoneChange {
        current_password: input.current_password,
        phone,
    };
    let pending = credentials::start_phone_change(&app, credentials, command).await?;
    Ok(no_store(HttpResponse::Accepted()).json(PhoneChangeView::from(&pending)))
}

/// Confirm a new mobile number.
///
/// With the code sent to it. Sign-in codes then go to the new number, every other session ends,
/// and the old number and the account's email are told.
#[utoipa::path(
    operation_id = "confirm_phone_change",
    tag = "cardholder",
    security(("bearer" = [])),
    params(("change_id" = String, Path, description = "The change's id (`pch_...`).", max_length = 64, example = "pch_1f0c9a7b2d4e6f8091a2b3c4")),
    request_body = PhoneChangeConfirmation,
    responses(
        (status = 200, description = "The number changed.", body = PhoneView),
        (status = 403, description = "Sign in with the SMS code first (`second_factor_required`)."),
        (status = 404, description = "No such change of yours."),
        (status = 409, description = "The change expired, was confirmed, or had 5 wrong codes (`phone_change_closed`): start again."),
        (status = 422, description = "Wrong code (`invalid_code`)."),
    ),
)]
#[post("/me/phone-changes/{change_id}/confirmation")]
pub async fn confirm_phone_change(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: PhoneChangeConfirmation = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let command = ConfirmPhoneChange {
        id: path.into_inner(),
        code: input.code,
    };
    let phone = credentials::confirm_phone_change(&app, credentials, command).await?;
    Ok(no_store(HttpResponse::Ok()).json(PhoneView {
        phone: phone.as_str().to_owned(),
    }))
}

/// Forgot your password.
///
/// Sends a single-use link (valid for 1 hour) to set a new password, if the email has an
/// account. The answer is the same either way.
#[utoipa::path(
    operation_id = "request_password_reset",
    tag = "accounts",
    security(()),
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the email has an account, a link is on its way."),
        (status = 422, description = "The email is not an email address."),
        (status = 429, description = "Too many requests for this email or from your address; wait `Retry-After` seconds."),
    ),
)]
#[post("/password-resets")]
pub async fn request_password_reset(
    app: web::Data<App>,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: PasswordResetRequest = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let email = Email::parse(&input.email)
        .map_err(|e| ApiError::validation(vec![FieldError::invalid("email", &e)]))?;
    password_reset::request(
        &app,
        RequestReset {
            email,
            client_address: client_address(&req),
        },
    )
    .await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password from the emailed link.
///
/// Every session of the account ends; sign in with the new password (and the SMS code).
#[utoipa::path(
    operation_id = "confirm_password_reset",
    tag = "accounts",
    security(()),
    request_body = PasswordResetConfirmation,
    responses(
        (status = 204, description = "The new password is set."),
        (status = 422, description = "The link is invalid, expired or used (`invalid_link`), or the password is too short or too common."),
        (status = 429, description = "Too many invalid links from your address; wait `Retry-After` seconds."),
    ),
)]
#[post("/password-resets/confirmation")]
pub async fn confirm_password_reset(
    app: web::Data<App>,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: PasswordResetConfirmation = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let command = CompleteReset {
        new_password: new_password(&input.new_password, "new_password")?,
        token: input.token,
        client_address: client_address(&req),
    };
    password_reset::complete(&app, command).await?;
    Ok(HttpResponse::NoContent().finish())
}
