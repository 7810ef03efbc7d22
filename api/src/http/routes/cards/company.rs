//! The company's cards: list, read with the audit trail, block, unblock, terminate.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use domain::{BoundedText, CardId};

use crate::http::cursor;
use crate::http::dto::body::json_body;
use crate::http::dto::cards::{
    CardChangeRequest, CompanyCard, CompanyCardDetail, CompanyCardPage, CompanyCardQuery,
};
use crate::http::dto::validate;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::extract::{idempotency_key, if_match};
use crate::http::problem::{ApiError, ApiResult};
use crate::http::query::Query;
use crate::http::reply::{json_reply, respond};
use app::cards::card_id;
use app::cards::company::{self as cc, CardRef, ChangeCard, CompanyCard as Outcome};
use app::companies::company_id;
use app::principal::Principal;
use app::{App, AppResult, FieldError};

fn card_ref((c, k): (String, String)) -> ApiResult<CardRef> {
    Ok(CardRef {
        company_id: company_id(&c)?,
        card_id: card_id(&k)?,
    })
}

/// List the company's cards.
///
/// Newest first, a page at a time; by state and by the holder's name (case and accents
/// ignored).
#[utoipa::path(
    operation_id = "list_company_cards",
    tag = "company cards",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        CompanyCardQuery,
    ),
    responses(
        (status = 200, description = "A page of cards.", body = CompanyCardPage),
        (status = 400, description = "Invalid `limit`, `cursor`, `status` or `name`."),
        (status = 403, description = "An integrator without `cards:read`."),
        (status = 404, description = "No such company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/cards")]
pub async fn list_company_cards(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
    query: Query<CompanyCardQuery>,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let q = query.into_inner();
    // Blank is no filter; the contract bounds the length.
    let name = q
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| domain::search_key(&n.chars().take(100).collect::<String>()));
    let command = cc::ListCards {
        company_id: company,
        status: q.status.map(|s| s.as_domain()),
        name,
        after: q
            .cursor
            .as_deref()
            .map(|c| cursor::decode_as(c, CardId::PREFIX))
            .transpose()?,
        limit: cursor::page_limit(q.limit)?,
    };
    let page = app.read_as(credentials, command, cc::list).await?;
    let last = page.cards.last().map(|c| (c.created_at, c.id.as_str()));
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CompanyCardPage {
            data: page
                .cards
                .iter()
                .map(|c| CompanyCard::of(c, page.full_numbers))
                .collect(),
            next_cursor: cursor::next(page.has_more, last),
            has_more: page.has_more,
        }))
}

/// Get a company's card.
///
/// With its audit trail (who changed it, from what, to what, why). The `ETag` is the version to
/// send as `If-Match` with a change.
#[utoipa::path(
    operation_id = "get_company_card",
    tag = "company cards",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("card_id" = String, Path, description = "The card's id (`crd_...`).", max_length = 64),
    ),
    responses(
        (status = 200, description = "The card.", body = CompanyCardDetail, headers(("ETag" = String, description = "The card's version."))),
        (status = 403, description = "An integrator without `cards:read`."),
        (status = 404, description = "No such card or company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/cards/{card_id}")]
pub async fn get_company_card(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let r = card_ref(path.into_inner())?;
    let c = app.read_as(credentials, r, cc::get).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, c.etag()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CompanyCardDetail::from(&c)))
}

type Change =
    fn(&mut persistence::DbConn, &Principal, ChangeCard, &app::Context) -> AppResult<Outcome>;

async fn change(
    app: web::Data<App>,
    credentials: app::Credentials,
    req: HttpRequest,
    path: (String, String),
    body: Bytes,
    use_case: Change,
) -> ApiResult<HttpResponse> {
    let r = card_ref(path)?;
    let input: CardChangeRequest = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let reason = BoundedText::reason(&input.reason)
        .map_err(|e| ApiError::validation(vec![FieldError::invalid("reason", &e)]))?;
    let command = ChangeCard {
        card: r,
        if_match: if_match(&req)?,
        reason,
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &body)?,
            command,
            use_case,
            |c: &Outcome| json_reply(&CompanyCardDetail::from(c), 200, Some(c.etag())),
        )
        .await?;
    Ok(respond(reply))
}

/// Block a card.
///
/// Only an `active` card (lost, stolen, the holder left): it can be unblocked later.
#[utoipa::path(
    operation_id = "block_company_card",
    tag = "company cards",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("card_id" = String, Path, description = "The card's id (`crd_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the card; 412 if it changed since."),
        IdempotencyKeyHeader,
    ),
    request_body = CardChangeRequest,
    responses(
        (status = 200, description = "Blocked.", body = CompanyCardDetail, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "An integrator without `cards:write`."),
        (status = 404, description = "No such card or company, or you are not a member."),
        (status = 409, description = "The card is not `active`, or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 422, description = "The reason is missing or too long; or the idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/cards/{card_id}/block")]
pub async fn block_company_card(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    change(app, credentials, req, path.into_inner(), body, cc::block).await
}

/// Unblock a card.
///
/// A `blocked` card becomes `active` again.
#[utoipa::path(
    operation_id = "unblock_company_card",
    tag = "company cards",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("card_id" = String, Path, description = "The card's id (`crd_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the card; 412 if it changed since."),
        IdempotencyKeyHeader,
    ),
    request_body = CardChangeRequest,
    responses(
        (status = 200, description = "Active again.", body = CompanyCardDetail, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "An integrator without `cards:write`."),
        (status = 404, description = "No such card or company, or you are not a member."),
        (status = 409, description = "The card is not `blocked`, or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 422, description = "The reason is missing or too long; or the idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/cards/{card_id}/unblock")]
pub async fn unblock_company_card(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    change(app, credentials, req, path.into_inner(), body, cc::unblock).await
}

/// Terminate a card.
///
/// Final: a new card must be ordered. The only change an `inactive` card allows.
#[utoipa::path(
    operation_id = "terminate_company_card",
    tag = "company cards",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("card_id" = String, Path, description = "The card's id (`crd_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the card; 412 if it changed since."),
        IdempotencyKeyHeader,
    ),
    request_body = CardChangeRequest,
    responses(
        (status = 200, description = "Terminated.", body = CompanyCardDetail, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "An integrator without `cards:write`."),
        (status = 404, description = "No such card or company, or you are not a member."),
        (status = 409, description = "The card has already ended, or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 422, description = "The reason is missing or too long; or the idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/cards/{card_id}/terminate")]
pub async fn terminate_company_card(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    change(
        app,
        credentials,
        req,
        path.into_inner(),
        body,
        cc::terminate,
    )
    .await
}
