//! Invitations: the company's side (create, list, read, resend, revoke) and the invitee's
//! (read what is asked, answer), where the link's token is the credential.

use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use domain::{Email, InvitationId, OrderPerson, PhoneNumber};

use crate::http::cursor;
use crate::http::dto::body::{json_body_checked, Checked};
use crate::http::dto::companies::{org_number_display, parse_optional_address};
use crate::http::dto::invitations::{
    Invitation, InvitationListQuery, InvitationPage, InvitationRequest, PublicInvitation,
    SubmissionReceipt, SubmissionRequest,
};
use crate::http::dto::orders::CompanyRef;
use crate::http::dto::validator_errors;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::extract::{client_address, idempotency_key};
use crate::http::problem::{ApiError, ApiResult};
use crate::http::query::Query;
use crate::http::reply::{created, json_reply, no_store, respond};
use app::companies::company_id;
use app::invitations::create::InviteCardholder;
use app::invitations::manage::{ListInvitations, Resend};
use app::invitations::public::{self, Submission, SubmitOutcome, TokenRequest};
use app::invitations::{self as inv, invitation_id, InvitationRef};
use app::{App, AppError, FieldError};

fn invitation_ref(path: (String, String)) -> ApiResult<InvitationRef> {
    Ok(InvitationRef {
        company_id: company_id(&path.0)?,
        invitation_id: invitation_id(&path.1)?,
    })
}

/// Invite a cardholder to enter personal data.
///
/// The person is emailed a single-use link that expires in 14 days. Their answer becomes a draft
/// order for the company to submit.
#[utoipa::path(
    operation_id = "create_invitation",
    tag = "invitations",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        IdempotencyKeyHeader,
    ),
    request_body = InvitationRequest,
    responses(
        (status = 201, description = "Invited; the email is on its way.", body = Invitation, headers(("Location" = String, description = "The invitation's URL."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "Your role does not allow ordering."),
        (status = 404, description = "No such company, or you are not a member."),
        (status = 422, description = "Invalid email, validity or address, each named; or the idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/invitations")]
pub async fn create_invitation(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let Checked { input, schema } =
        json_body_checked::<InvitationRequest>(&req, &body, "application/json")?;
    let mut errors = validator_errors(&input);
    let email = Email::parse(&input.email)
        .map_err(|e| errors.push(FieldError::invalid("email", &e)))
        .ok();
    let address = parse_optional_address(input.delivery_address, "delivery_address", &mut errors);
    let (Some(email), Some(delivery_address), true) = (email, address, errors.is_empty()) else {
        return Err(schema.with(errors));
    };
    schema.settle()?;
    let location = format!("/v1/companies/{}/invitations", company.as_str());
    let command = InviteCardholder {
        company_id: company,
        email,
        card_type: domain::CardKind::Standard,
        valid_until: input.valid_until,
        delivery_address,
        language: crate::http::dto::languages::named_or_requested(input.language),
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &body)?,
            command,
            inv::create::create,
            |v| json_reply(&Invitation::from(v), 201, None),
        )
        .await?;
    Ok(created(reply, &location))
}

/// List the company's invitations.
///
/// Newest first, a page at a time, with each one's status (pending, completed, revoked, expired).
#[utoipa::path(
    operation_id = "list_invitations",
    tag = "invitations",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        InvitationListQuery,
    ),
    responses(
        (status = 200, description = "A page of invitations.", body = InvitationPage),
        (status = 400, description = "Invalid `limit` or `cursor`."),
        (status = 404, description = "No such company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/invitations")]
pub async fn list_invitations(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
    query: Query<InvitationListQuery>,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let q = query.into_inner();
    let limit = cursor::page_limit(q.limit)?;
    let command = ListInvitations {
        company_id: company,
        after: q
            .cursor
            .as_deref()
            .map(|c| cursor::decode_as(c, InvitationId::PREFIX))
            .transpose()?,
        limit,
    };
    let page = app.read_as(credentials, command, inv::manage::list).await?;
    let last = page
        .invitations
        .last()
        .map(|v| (v.row.created_at, v.row.id.as_str()));
    let next_cursor = cursor::next(page.has_more, last);
    Ok(no_store(HttpResponse::Ok()).json(InvitationPage {
        data: page.invitations.iter().map(Invitation::from).collect(),
        next_cursor,
        has_more: page.has_more,
    }))
}

/// Get an invitation.
#[utoipa::path(
    operation_id = "get_invitation",
    tag = "invitations",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("invitation_id" = String, Path, description = "The invitation's id (`inv_...`).", max_length = 64),
    ),
    responses(
        (status = 200, description = "The invitation.", body = Invitation),
        (status = 404, description = "No such invitation or company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/invitations/{invitation_id}")]
pub async fn get_invitation(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let r = invitation_ref(path.into_inner())?;
    let v = app.read_as(credentials, r, inv::manage::get).await?;
    Ok(no_store(HttpResponse::Ok()).json(Invitation::from(&v)))
}

/// Send an invitation again.
///
/// A new link with a new 14-day expiry; the previous link stops working. Also for an expired one.
#[utoipa::path(
    operation_id = "resend_invitation",
    tag = "invitations",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("invitation_id" = String, Path, description = "The invitation's id (`inv_...`).", max_length = 64),
        IdempotencyKeyHeader,
    ),
    responses(
        (status = 200, description = "Sent again.", body = Invitation),
        (status = 400, description = "Malformed headers."),
        (status = 403, description = "Your role does not allow ordering."),
        (status = 404, description = "No such invitation or company, or you are not a member."),
        (status = 409, description = "The invitation was answered or revoked, or changed concurrently."),
        (status = 422, description = "The idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/invitations/{invitation_id}/resend")]
pub async fn resend_invitation(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let command = Resend {
        invitation: invitation_ref(path.into_inner())?,
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &[])?,
            command,
            inv::manage::resend,
            |v| json_reply(&Invitation::from(v), 200, None),
        )
        .await?;
    Ok(respond(reply))
}

/// Revoke an invitation.
///
/// Its link stops working.
#[utoipa::path(
    operation_id = "revoke_invitation",
    tag = "invitations",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("invitation_id" = String, Path, description = "The invitation's id (`inv_...`).", max_length = 64),
        IdempotencyKeyHeader,
    ),
    responses(
        (status = 200, description = "Revoked.", body = Invitation),
        (status = 400, description = "Malformed headers."),
        (status = 403, description = "Your role does not allow ordering."),
        (status = 404, description = "No such invitation or company, or you are not a member."),
        (status = 409, description = "The invitation was answered or revoked already, or changed concurrently."),
        (status = 422, description = "The idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/invitations/{invitation_id}/revoke")]
pub async fn revoke_invitation(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let r = invitation_ref(path.into_inner())?;
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &[])?,
            r,
            inv::manage::revoke,
            |v| json_reply(&Invitation::from(v), 200, None),
        )
        .await?;
    Ok(respond(reply))
}

/// Open an invitation.
///
/// For the invitee, with the token from the emailed link: what is asked, and by which company.
/// An unknown, used, revoked or expired token is 404; too many from one address, 429.
#[utoipa::path(
    operation_id = "open_invitation",
    tag = "invitations",
    security(()),
    params(("token" = String, Path, description = "The token of the emailed link.", max_length = 128)),
    responses(
        (status = 200, description = "What the invitation asks.", body = PublicInvitation),
        (status = 404, description = "No pending invitation has this token."),
        (status = 429, description = "Too many unknown tokens from your address; wait `Retry-After` seconds."),
    ),
)]
#[get("/invitations/{token}")]
pub async fn open_invitation(
    app: web::Data<App>,
    req: HttpRequest,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let t = TokenRequest {
        token: path.into_inner(),
        client_address: client_address(&req),
    };
    // A write: a miss is counted for the throttle.
    let found = app
        .write(move |conn, clock| public::open(conn, t, clock))
        .await?;
    let found = found.ok_or(ApiError::App(AppError::NotFound))?;
    Ok(no_store(HttpResponse::Ok()).json(PublicInvitation::from(&found)))
}

/// Answer an invitation.
///
/// Your personal data exactly as in your passport, national ID card or BankID, and your mobile
/// number; the same rules as an order. The company is told that the order is ready to submit,
/// and you then review and approve it. The link works once.
#[utoipa::path(
    operation_id = "submit_invitation",
    tag = "invitations",
    security(()),
    params(("token" = String, Path, description = "The token of the emailed link.", max_length = 128)),
    request_body = SubmissionRequest,
    responses(
        (status = 201, description = "Received; a draft order waits for the company.", body = SubmissionReceipt),
        (status = 400, description = "Malformed JSON."),
        (status = 404, description = "No pending invitation has this token."),
        (status = 409, description = "The invitation was answered or changed meanwhile."),
        (status = 422, description = "Invalid fields, each named."),
        (status = 429, description = "Too many unknown tokens from your address; wait `Retry-After` seconds."),
    ),
)]
#[post("/invitations/{token}/submission")]
pub async fn submit_invitation(
    app: web::Data<App>,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let Checked { input, schema } =
        json_body_checked::<SubmissionRequest>(&req, &body, "application/json")?;
    let today = app.clock.now().date();
    let mut errors = validator_errors(&input);
    let person = OrderPerson::parse(&input.person(), today)
        .map_err(|es| errors.extend(es.into_iter().map(|(f, e)| FieldError::invalid(f, &e))))
        .ok();
    let phone = PhoneNumber::parse_mobile(&input.phone)
        .map_err(|e| errors.push(FieldError::invalid("phone", &e)))
        .ok();
    let address = parse_optional_address(input.delivery_address, "delivery_address", &mut errors);
    let (Some(person), Some(phone), Some(delivery_address), true) =
        (person, phone, address, errors.is_empty())
    else {
        return Err(schema.with(errors));
    };
    schema.settle()?;
    let command = Submission {
        token: TokenRequest {
            token: path.into_inner(),
            client_address: client_address(&req),
        },
        person,
        phone,
        delivery_address,
    };
    let outcome = app
        .write(move |conn, clock| public::submit(conn, command, clock))
        .await?;
    let SubmitOutcome::Done(done) = outcome else {
        return Err(ApiError::App(AppError::NotFound));
    };
    Ok(no_store(HttpResponse::Created()).json(SubmissionReceipt {
        message: format!(
            "Thank you! {} will check your data and send you the order to approve.",
            done.company_name
        ),
        company: CompanyRef {
            name: done.company_name,
            org_number: org_number_display(&done.company_org_number),
        },
    }))
}
