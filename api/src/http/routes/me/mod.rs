//! The signed-in person: profile and contact details.

pub mod credentials;
pub mod personal_data;
pub mod sessions;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, patch, put, web, HttpRequest, HttpResponse};

use crate::http::dto::body::json_body;
use crate::http::dto::me::{
    ContactDetailsInput, ContactDetailsPatch, ContactDetailsView, Profile, ProfilePatch,
};
use crate::http::extract::Bearer;
use crate::http::problem::ApiResult;
use app::me::{contact_details, profile};
use app::principal::Person;
use app::App;

/// Get your profile.
///
/// Your sign-in email, where codes go, your verified identity and your contact details.
#[utoipa::path(
    operation_id = "get_me",
    tag = "cardholder",
    security(("bearer" = [])),
    responses((status = 200, description = "The profile.", body = Profile)),
)]
#[get("/me")]
pub async fn get_me(app: web::Data<App>, Bearer(credentials): Bearer) -> ApiResult<HttpResponse> {
    let p = app
        .read_as(credentials, (), |conn, who: &Person, cmd, clock| {
            profile::profile(conn, who, cmd, clock)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Profile::from(&p)))
}

/// Change your settings.
///
/// A JSON merge patch (RFC 7396, `application/merge-patch+json`): a field sent sets it, a field
/// left out keeps its value. `language` is the language your emails and SMS are written in
/// (until you set it: the language of the order or invitation that brought you here).
#[utoipa::path(
    operation_id = "patch_me",
    tag = "cardholder",
    security(("bearer" = [])),
    request_body(content = ProfilePatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The profile, as changed.", body = Profile),
        (status = 422, description = "Invalid fields, each named."),
    ),
)]
#[patch("/me")]
pub async fn patch_me(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: ProfilePatch = json_body(&req, &body, "application/merge-patch+json")?;
    let cmd = profile::SettingsPatch {
        language: input.language.map(|l| l.as_domain()),
    };
    let p = app
        .write_as(credentials, cmd, |conn, who: &Person, cmd, clock| {
            profile::patch(conn, who, cmd, clock)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Profile::from(&p)))
}

/// Replace your contact details.
///
/// Fields left out or `null` are cleared; all six are required before an order can be accepted.
/// To change only some fields, use `PATCH`.
#[utoipa::path(
    operation_id = "put_contact_details",
    tag = "cardholder",
    security(("bearer" = [])),
    request_body = ContactDetailsInput,
    responses(
        (status = 200, description = "The stored contact details.", body = ContactDetailsView),
        (status = 422, description = "Invalid fields, each named."),
    ),
)]
#[put("/me/contact-details")]
pub async fn put_contact_details(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: ContactDetailsInput = json_body(&req, &body, "application/json")?;
    let details = contact_details::parse(&input.into_update(), "")?;
    let stored = app
        .write_as(credentials, details, |conn, who: &Person, cmd, clock| {
            contact_details::replace(conn, who, cmd, clock)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(ContactDetailsView::from(&stored)))
}

/// Change some of your contact details.
///
/// A JSON merge patch (RFC 7396, `application/merge-patch+json`): a field with a value sets it,
/// a field set to `null` clears it, a field left out is kept. The result must be valid as a whole.
#[utoipa::path(
    operation_id = "patch_contact_details",
    tag = "cardholder",
    security(("bearer" = [])),
    request_body(content = ContactDetailsPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "The stored contact details.", body = ContactDetailsView),
        (status = 422, description = "Invalid fields, each named."),
    ),
)]
#[patch("/me/contact-details")]
pub async fn patch_contact_details(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: ContactDetailsPatch = json_body(&req, &body, "application/merge-patch+json")?;
    let stored = app
        .write_as(
            credentials,
            input.into_patch(),
            |conn, who: &Person, cmd, clock| contact_details::patch(conn, who, cmd, clock),
        )
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(ContactDetailsView::from(&stored)))
}
