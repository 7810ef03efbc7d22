//! Creating an account from an emailed single-use link.

use actix_web::web::Bytes;
use actix_web::{post, web, HttpRequest, HttpResponse};
use domain::{Password, PersonName, PhoneNumber};

use crate::http::dto::accounts::{Account, CreateAccountRequest};
use crate::http::dto::body::{json_body_checked, Checked};
use crate::http::dto::validator_errors;
use crate::http::extract::client_address;
use crate::http::problem::ApiResult;
use app::accounts::create::{create_account as create, NewAccountRequest};
use app::{App, FieldError};

/// Create your account.
///
/// With the token of the emailed link (it works once and expires): choose a password and give the
/// mobile number that sign-in codes go to. The email is the link's, so it is verified; company
/// memberships and card orders waiting for it become the account's. Then sign in.
#[utoipa::path(
    operation_id = "create_account",
    tag = "accounts",
    security(()),
    request_body = CreateAccountRequest,
    responses(
        (status = 201, description = "Created; sign in with the email and password.", body = Account, headers(("Location" = String, description = "Where the signed-in person reads the profile (`/v1/me`)."))),
        (status = 400, description = "Malformed JSON."),
        (status = 409, description = "An account with the link's email exists already."),
        (status = 422, description = "Invalid fields (a short or common password, a phone number that is not a mobile one), the link is invalid, expired or used (`invalid_link`), or — for a link from an identity check — the identity number is missing or not the one on the card order (`identity_number_mismatch`)."),
        (status = 429, description = "Too many invalid links from your address; wait `Retry-After` seconds."),
    ),
)]
#[post("/accounts")]
pub async fn create_account(
    app: web::Data<App>,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let Checked { input, schema } =
        json_body_checked::<CreateAccountRequest>(&req, &body, "application/json")?;
    let mut errors = validator_errors(&input);
    let password = Password::parse(&input.password)
        .map_err(|e| errors.push(FieldError::invalid("password", &e)))
        .ok();
    let phone = PhoneNumber::parse_mobile(&input.phone)
        .map_err(|e| errors.push(FieldError::invalid("phone", &e)))
        .ok();
    let name = PersonName::parse(&input.given_names, &input.surname)
        .map_err(|(f, e)| errors.push(FieldError::invalid(f, &e)))
        .ok();
    let (Some(password), Some(phone), Some(name), true) =
        (password, phone, name, errors.is_empty())
    else {
        return Err(schema.with(errors));
    };
    schema.settle()?;
    let command = NewAccountRequest {
        token: input.token,
        password,
        phone,
        name,
        identity_number: input.identity_number,
        client_address: client_address(&req),
    };
    let account = create(&app, command).await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, "/v1/me"))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(Account::from(&account)))
}
