//! Erasure (GDPR Art. 17): the person's own, and an operator's for a request received elsewhere.

use actix_web::web::Bytes;
use actix_web::{post, web, HttpRequest, HttpResponse};
use domain::BoundedText;

use crate::http::dto::body::json_body;
use crate::http::dto::erasure::{ErasureReport, ErasureRequest, OperatorErasureRequest};
use crate::http::dto::validate;
use crate::http::extract::Bearer;
use crate::http::problem::{ApiError, ApiResult};
use crate::http::reply::no_store;
use app::erasure::{self, EraseAccount};
use app::principal::Person;
use app::{App, FieldError};

/// Erase your personal data.
///
/// With your password again, signed in with the SMS second factor. What no law or live card
/// needs goes at once: your sessions (you are signed out everywhere), contact details,
/// memberships, the personal data on your closed orders (the companies see "Erased person"),
/// and the log of who read your data. What your live cards or orders in progress still need is
/// listed in `held` with the reason and the day it goes; the erasure then finishes by itself
/// (your verified identities, document checks, portraits and the account). Companies whose
/// orders named you are told (`person.erased` webhook), and you get an email.
#[utoipa::path(
    operation_id = "erase_my_personal_data",
    tag = "personal data",
    security(("bearer" = [])),
    request_body = ErasureRequest,
    responses(
        (status = 200, description = "Erased; what is held for now, and why.", body = ErasureReport),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Sign in with the SMS code first (`second_factor_required`)."),
        (status = 422, description = "The password is wrong (`wrong_password`)."),
        (status = 429, description = "Too many wrong passwords for this account; wait `Retry-After` seconds."),
    ),
)]
#[post("/me/erasure")]
pub async fn erase_me(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: ErasureRequest = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let report = erasure::erase_mine(&app, credentials, input.password).await?;
    Ok(no_store(HttpResponse::Ok()).json(ErasureReport::from(&report)))
}

/// Erase a person's personal data.
///
/// Operators only, for a request the person made elsewhere (a letter, an email to support): the
/// same erasure as theirs, with where the request came from kept in the security log.
#[utoipa::path(
    operation_id = "erase_account_personal_data",
    tag = "personal data",
    security(("bearer" = [])),
    params(("account_id" = String, Path, description = "The person's account (`acc_...`).", max_length = 64)),
    request_body = OperatorErasureRequest,
    responses(
        (status = 200, description = "Erased; what is held for now, and why.", body = ErasureReport),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Only operators (`operator_required`)."),
        (status = 404, description = "No such account."),
        (status = 422, description = "The reason is missing or too long."),
    ),
)]
#[post("/accounts/{account_id}/erasure")]
pub async fn erase_account(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: OperatorErasureRequest = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let reason = BoundedText::reason(&input.reason)
        .map_err(|e| ApiError::validation(vec![FieldError::invalid("reason", &e)]))?;
    let command = EraseAccount {
        account_id: path.into_inner(),
        reason,
    };
    let report = app
        .write_as(credentials, command, |conn, who: &Person, cmd, ctx| {
            erasure::erase_account(conn, who, cmd, ctx)
        })
        .await?;
    Ok(no_store(HttpResponse::Ok()).json(ErasureReport::from(&report)))
}
