//! The signed-in person: profile and contact details.

use actix_web::{get, put, web, HttpResponse};
use persistence::{accounts, evidence};

use crate::auth::principal::Bearer;
use crate::dto::me::{parse_contact, ContactDetailsInput, ContactDetailsView, Profile};
use crate::error::{ApiError, ApiResult, Problem};
use crate::review::verified_identity;
use crate::state::{blocking, AppState};

/// Your profile: sign-in email, where codes go, your verified identity and contact details.
#[utoipa::path(
    operation_id = "get_me",
    tag = "cardholder",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile.", body = Profile),
        (status = 401, description = "No valid access token.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/me")]
pub async fn get_me(state: web::Data<AppState>, bearer: Bearer) -> ApiResult<HttpResponse> {
    let profile = blocking(move || {
        let now = persistence::now();
        state.db.read(|conn| {
            let caller = bearer.session(conn, now)?;
            let account =
                accounts::find(conn, &caller.account_id)?.ok_or_else(ApiError::unauthenticated)?;
            let evidence = evidence::latest_verified(conn, &caller.account_id)?;
            let contact = parse_contact(&account.contact(), "")
                .map_err(|_| ApiError::Internal("stored contact details do not parse".into()))?;
            let phone = domain::PhoneNumber::parse(&account.phone)
                .map_err(|e| ApiError::Internal(format!("stored phone: {e}")))?;
            Ok(Profile {
                id: account.id,
                email: account.email,
                phone_hint: phone.masked(),
                given_names: account.given_names,
                surname: account.surname,
                verified_identity: evidence.as_ref().map(verified_identity),
                contact_details: ContactDetailsView::from(&contact),
            })
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(profile))
}

/// Replaces your contact details. Fields left out or `null` are cleared; all six are required
/// before an order can be accepted.
#[utoipa::path(
    operation_id = "put_contact_details",
    tag = "cardholder",
    security(("bearer" = [])),
    request_body = ContactDetailsInput,
    responses(
        (status = 200, description = "The stored contact details.", body = ContactDetailsView),
        (status = 401, description = "No valid access token.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[put("/me/contact-details")]
pub async fn put_contact_details(
    state: web::Data<AppState>,
    bearer: Bearer,
    body: web::Json<ContactDetailsInput>,
) -> ApiResult<HttpResponse> {
    let details = parse_contact(&body.into_inner().into_update(), "")?;
    let view = ContactDetailsView::from(&details);
    blocking(move || {
        let now = persistence::now();
        state.db.write(|conn| {
            let caller = bearer.session(conn, now)?;
            accounts::set_contact(conn, &caller.account_id, &details.to_update(), now)?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}
