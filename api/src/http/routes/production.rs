//! The card producer's API: the queue, one order, its portrait, and the production transitions.
//! Only a `card_producer` client may call these (403 for every other caller).

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use domain::{BoundedText, OrderId, VisitorOrderId};

use crate::http::cursor;
use crate::http::dto::body::json_body;
use crate::http::dto::production::{
    PortraitImage, ProductionOrder, ProductionQueuePage, QueueQuery, RefuseRequest, ShipRequest,
};
use crate::http::dto::validate;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::extract::{idempotency_key, if_match};
use crate::http::problem::{ApiError, ApiResult};
use crate::http::query::Query;
use crate::http::reply::{json_reply, respond};
use app::production::transitions::{self as step, Advance, Refuse, Ship};
use app::production::{self as production, queue, ProductionOrder as Outcome};
use app::{App, FieldError};

fn present(o: &Outcome) -> app::AppResult<app::idempotency::Reply> {
    json_reply(&ProductionOrder::from(o), 200, Some(o.etag()))
}

fn bounded(field: &str, parsed: Result<BoundedText, domain::Invalid>) -> ApiResult<BoundedText> {
    parsed.map_err(|e| ApiError::validation(vec![FieldError::invalid(field, &e)]))
}

/// The production queue.
///
/// Approved card orders and visitor orders, oldest first (the order approved longest ago comes
/// first), a page at a time; `status` lists a later stage instead. Each entry has what is
/// printed and where it goes — the portrait through `portrait_url` — and nothing more.
#[utoipa::path(
    operation_id = "list_production_queue",
    tag = "production",
    security(("client_credentials" = ["production:read"])),
    params(QueueQuery),
    responses(
        (status = 200, description = "A page of the queue.", body = ProductionQueuePage),
        (status = 400, description = "Invalid `limit`, `cursor` or `status`."),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Not the card producer's client, or no `production:read` scope."),
    ),
)]
#[get("/production/queue")]
pub async fn list_production_queue(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    query: Query<QueueQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let command = queue::ListQueue {
        status: q
            .status
            .map_or(domain::OrderStatus::Approved, |s| s.as_domain()),
        after: q
            .cursor
            .as_deref()
            .map(|c| cursor::decode_with_id(c, &[OrderId::PREFIX, VisitorOrderId::PREFIX]))
            .transpose()?,
        limit: cursor::page_limit(q.limit)?,
    };
    let page = app.read_as(credentials, command, queue::list).await?;
    let next_cursor = page
        .orders
        .last()
        .filter(|_| page.has_more)
        .map(|o| cursor::encode_with_id(o.job.updated_at(), o.job.id()));
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(ProductionQueuePage {
            data: page.orders.iter().map(ProductionOrder::from).collect(),
            next_cursor,
            has_more: page.has_more,
        }))
}

/// Get an order to produce.
///
/// A card order or visitor order from `approved` on, with its cards and shipment. The `ETag`
/// is the version to send as `If-Match` with a transition.
#[utoipa::path(
    operation_id = "get_production_order",
    tag = "production",
    security(("client_credentials" = ["production:read"])),
    params(("order_id" = String, Path, description = "The order's id (`ord_...` or `vor_...`).", max_length = 64)),
    responses(
        (status = 200, description = "The order.", body = ProductionOrder, headers(("ETag" = String, description = "The order's version."))),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Not the card producer's client, or no `production:read` scope."),
        (status = 404, description = "No such order, or not approved yet."),
    ),
)]
#[get("/production/orders/{order_id}")]
pub async fn get_production_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let r = production::job_ref(&path.into_inner())?;
    let o = app.read_as(credentials, r, production::get).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, o.etag()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(ProductionOrder::from(&o)))
}

/// Get the portrait to print.
///
/// The photo the identity verifier took with the document that verified the cardholder (JPEG
/// or PNG), while the card is still to be made. 409 `portrait_missing` when the identity was
/// verified without a photographed document: refuse the order.
#[utoipa::path(
    operation_id = "get_production_portrait",
    tag = "production",
    security(("client_credentials" = ["production:read"])),
    params(("order_id" = String, Path, description = "The card order's id (`ord_...`).", max_length = 64)),
    responses(
        (status = 200, description = "The portrait.", content((PortraitImage = "image/jpeg"), (PortraitImage = "image/png"))),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Not the card producer's client, or no `production:read` scope."),
        (status = 404, description = "No such card order, or not approved yet."),
        (status = 409, description = "The card is already produced, or there is no portrait."),
    ),
)]
#[get("/production/orders/{order_id}/portrait")]
pub async fn get_production_portrait(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let r = production::job_ref(&path.into_inner())?;
    let p = app
        .write_as(credentials, r, production::portrait::get)
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(p.media_type.as_str())
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(p.bytes))
}

fn advance(req: &HttpRequest, raw: String) -> ApiResult<Advance> {
    Ok(Advance {
        job: production::job_ref(&raw)?,
        if_match: if_match(req)?,
    })
}

/// Start production.
///
/// `approved` → `in_production`.
#[utoipa::path(
    operation_id = "start_production",
    tag = "production",
    security(("client_credentials" = ["production:write"])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...` or `vor_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the order; 412 if it changed since."),
        IdempotencyKeyHeader,
    ),
    responses(
        (status = 200, description = "In production.", body = ProductionOrder, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed headers."),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Not the card producer's client, or no `production:write` scope."),
        (status = 404, description = "No such order, or not approved yet."),
        (status = 409, description = "The order is not `approved`, or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 422, description = "The idempotency key was used for another request."),
    ),
)]
#[post("/production/orders/{order_id}/start")]
pub async fn start_production(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let command = advance(&req, path.into_inner())?;
    let key = idempotency_key(&req, &[])?;
    let reply = app
        .write_as_idempotent(credentials, key, command, step::start, present)
        .await?;
    Ok(respond(reply))
}

/// Mark produced.
///
/// `in_production` → `produced`: the cards are made, each with its number, `inactive`. A
/// standard order gets one card for its cardholder; a visitor order its quantity of cards.
#[utoipa::path(
    operation_id = "mark_produced",
    tag = "production",
    security(("client_credentials" = ["production:write"])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...` or `vor_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the order; 412 if it changed since."),
        IdempotencyKeyHeader,
    ),
    responses(
        (status = 200, description = "Produced; the cards are in `cards`.", body = ProductionOrder, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed headers."),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Not the card producer's client, or no `production:write` scope."),
        (status = 404, description = "No such order, or not approved yet."),
        (status = 409, description = "The order is not `in_production`, or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 422, description = "The idempotency key was used for another request."),
    ),
)]
#[post("/production/orders/{order_id}/produced")]
pub async fn mark_produced(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let command = advance(&req, path.into_inner())?;
    let key = idempotency_key(&req, &[])?;
    let reply = app
        .write_as_idempotent(credentials, key, command, step::produced, present)
        .await?;
    Ok(respond(reply))
}

/// Mark shipped.
///
/// `produced` → `shipped`, with the carrier and tracking number; the cardholder is emailed.
#[utoipa::path(
    operation_id = "mark_shipped",
    tag = "production",
    security(("client_credentials" = ["production:write"])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...` or `vor_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the order; 412 if it changed since."),
        IdempotencyKeyHeader,
    ),
    request_body = ShipRequest,
    responses(
        (status = 200, description = "Shipped.", body = ProductionOrder, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Not the card producer's client, or no `production:write` scope."),
        (status = 404, description = "No such order, or not approved yet."),
        (status = 409, description = "The order is not `produced`, or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 415, description = "Not `application/json`."),
        (status = 422, description = "Carrier or tracking number missing or too long; or the idempotency key was used for another request."),
    ),
)]
#[post("/production/orders/{order_id}/ship")]
pub async fn mark_shipped(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: ShipRequest = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let command = Ship {
        advance: advance(&req, path.into_inner())?,
        carrier: bounded("carrier", BoundedText::carrier(&input.carrier))?,
        tracking_number: bounded(
            "tracking_number",
            BoundedText::tracking_number(&input.tracking_number),
        )?,
    };
    let key = idempotency_key(&req, &body)?;
    let reply = app
        .write_as_idempotent(credentials, key, command, step::ship, present)
        .await?;
    Ok(respond(reply))
}

/// Mark delivered.
///
/// `shipped` → `delivered`. The cardholder is emailed to activate the card; visitor cards,
/// which have no cardholder, are active on delivery.
#[utoipa::path(
    operation_id = "mark_delivered",
    tag = "production",
    security(("client_credentials" = ["production:write"])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...` or `vor_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the order; 412 if it changed since."),
        IdempotencyKeyHeader,
    ),
    responses(
        (status = 200, description = "Delivered.", body = ProductionOrder, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed headers."),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Not the card producer's client, or no `production:write` scope."),
        (status = 404, description = "No such order, or not approved yet."),
        (status = 409, description = "The order is not `shipped`, or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 422, description = "The idempotency key was used for another request."),
    ),
)]
#[post("/production/orders/{order_id}/deliver")]
pub async fn mark_delivered(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let command = advance(&req, path.into_inner())?;
    let key = idempotency_key(&req, &[])?;
    let reply = app
        .write_as_idempotent(credentials, key, command, step::deliver, present)
        .await?;
    Ok(respond(reply))
}

/// Refuse an order.
///
/// Before production, an approved card order whose portrait is unusable or whose documents are
/// missing goes back to its company (`rejected`, with the reason); the company corrects it and
/// the cardholder reviews it again. Visitor orders cannot be refused.
#[utoipa::path(
    operation_id = "refuse_production_order",
    tag = "production",
    security(("client_credentials" = ["production:write"])),
    params(
        ("order_id" = String, Path, description = "The card order's id (`ord_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the order; 412 if it changed since."),
        IdempotencyKeyHeader,
    ),
    request_body = RefuseRequest,
    responses(
        (status = 200, description = "Refused: back with the company.", body = ProductionOrder, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Not the card producer's client, or no `production:write` scope."),
        (status = 404, description = "No such order, or not approved yet."),
        (status = 409, description = "The order is not `approved` (or is a visitor order), or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 415, description = "Not `application/json`."),
        (status = 422, description = "The reason is missing or too long; or the idempotency key was used for another request."),
    ),
)]
#[post("/production/orders/{order_id}/refuse")]
pub async fn refuse_production_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: RefuseRequest = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let command = Refuse {
        advance: advance(&req, path.into_inner())?,
        reason: bounded("reason", BoundedText::reason(&input.reason))?,
    };
    let key = idempotency_key(&req, &body)?;
    let reply = app
        .write_as_idempotent(credentials, key, command, step::refuse, present)
        .await?;
    Ok(respond(reply))
}
