//! The cardholder's card orders: list, review, accept, reject, audit trail.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};

use crate::http::cursor;
use crate::http::dto::body::optional_json;
use crate::http::dto::orders::{
    review_etag, AcceptRequest, AcceptResponse, EventList, ListQuery, OrderEvent, OrderPage,
    OrderReview, OrderSummary, RejectRequest,
};
use crate::http::dto::validate;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::extract::{idempotency_key, if_match, if_none_match};
use crate::http::problem::{ApiError, ApiResult};
use crate::http::query::Query;
use crate::http::reply::{json_reply, respond};
use app::orders::accept::Accept;
use app::orders::list::ListOrders;
use app::orders::reject::Reject;
use app::orders::{self, order_id, Reviewed};
use app::App;

pub const CONFIRMATION: &str =
    "Thank you! Your card data was confirmed and we are now ready to print ID06 card.";

/// List your card orders.
///
/// Newest first, a page at a time: pass `next_cursor` as `cursor` for the next page.
#[utoipa::path(
    operation_id = "list_my_card_orders",
    tag = "cardholder",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "A page of orders.", body = OrderPage),
        (status = 400, description = "Invalid `limit`, `cursor` or `status`."),
    ),
)]
#[get("/me/card-orders")]
pub async fn list_orders(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    query: Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let limit = cursor::page_limit(q.limit)?;
    let command = ListOrders {
        status: q.status.map(|s| s.as_domain()),
        after: q.cursor.as_deref().map(cursor::decode).transpose()?,
        limit,
    };
    let page = app
        .read_as(credentials, command, orders::list::list)
        .await?;
    let last = page.orders.last().map(|r| (r.created_at, r.id.as_str()));
    let next_cursor = cursor::next(page.has_more, last);
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(OrderPage {
            data: page.orders.iter().map(OrderSummary::from).collect(),
            next_cursor,
            has_more: page.has_more,
        }))
}

/// Review a card order.
///
/// The order as the company placed it, how it compares with your verified identity field by
/// field, and your contact details. The `ETag` is the version you reviewed: send it as
/// `If-Match` when you accept or reject, and as `If-None-Match` to ask whether it changed (304).
#[utoipa::path(
    operation_id = "get_my_card_order",
    tag = "cardholder",
    security(("bearer" = [])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        ("If-None-Match" = Option<String>, Header, description = "An `ETag` you hold; 304 when the review is unchanged."),
    ),
    responses(
        (status = 200, description = "The order to review.", body = OrderReview,
            headers(("ETag" = String, description = "The version of the review."))),
        (status = 304, description = "Unchanged since the `If-None-Match` version.",
            headers(("ETag" = String, description = "The version of the review."))),
        (status = 400, description = "`If-None-Match` is not a list of entity tags."),
        (status = 404, description = "No such order, or not yours."),
    ),
)]
#[get("/me/card-orders/{order_id}")]
pub async fn get_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = order_id(&path.into_inner())?;
    let reviewed = app.read_as(credentials, id, orders::review::review).await?;
    let etag = review_etag(&reviewed);
    if if_none_match(&req, &etag)? {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(OrderReview::from(&reviewed)))
}

/// Accept a card order.
///
/// Confirms that the data is right and the card may be produced. Allowed while the order waits
/// for your review, when it matches your verified identity and your contact details are complete;
/// they can be completed in the same request. The body is optional.
#[utoipa::path(
    operation_id = "accept_my_card_order",
    tag = "cardholder",
    security(("bearer" = [])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the review you accept; 412 if the order changed since. Your own contact-detail changes do not count: accept checks them again."),
        IdempotencyKeyHeader,
    ),
    request_body(content = AcceptRequest, description = "Optional: contact details to complete in the same step.", content_type = "application/json"),
    responses(
        (status = 200, description = "Accepted.", body = AcceptResponse, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 404, description = "No such order, or not yours."),
        (status = 409, description = "The order is not waiting for your review (e.g. already accepted), or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 422, description = "The identity does not match (`identity_mismatch`, `identity_unverified`), contact details are missing (`contact_details_incomplete`) or invalid (`validation_failed`), or the idempotency key was used for another request."),
    ),
)]
#[post("/me/card-orders/{order_id}/accept")]
pub async fn accept_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: AcceptRequest = optional_json(&req, &body)?.unwrap_or_default();
    let command = Accept {
        order_id: order_id(&path.into_inner())?,
        if_match: if_match(&req)?,
        contact_details: input.contact_details.map(|c| c.into_update()),
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &body)?,
            command,
            orders::accept::accept,
            |r: &Reviewed| {
                json_reply(
                    &AcceptResponse {
                        message: CONFIRMATION.into(),
                        order: OrderReview::from(r),
                    },
                    200,
                    Some(review_etag(r)),
                )
            },
        )
        .await?;
    Ok(respond(reply))
}

/// Reject a card order.
///
/// Tells the company what is wrong (for example a misspelled name). The company corrects the
/// order and you review it again.
#[utoipa::path(
    operation_id = "reject_my_card_order",
    tag = "cardholder",
    security(("bearer" = [])),
    params(
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the review you reject; 412 if the order changed since."),
        IdempotencyKeyHeader,
    ),
    request_body = RejectRequest,
    responses(
        (status = 200, description = "Rejected.", body = OrderReview, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 404, description = "No such order, or not yours."),
        (status = 409, description = "The order is not waiting for your review, or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 422, description = "The reason is missing or too long, or the idempotency key was used for another request."),
    ),
)]
#[post("/me/card-orders/{order_id}/reject")]
pub async fn reject_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let input: RejectRequest = optional_json(&req, &body)?.ok_or_else(|| {
        ApiError::validation(vec![app::FieldError::new(
            "reason",
            "required",
            app::texts::Text::new("field-reason-reject"),
        )])
    })?;
    validate(&input)?;
    let reason = domain::BoundedText::reason(&input.reason)
        .map_err(|e| ApiError::validation(vec![app::FieldError::invalid("reason", &e)]))?;
    let command = Reject {
        order_id: order_id(&path.into_inner())?,
        if_match: if_match(&req)?,
        reason,
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &body)?,
            command,
            orders::reject::reject,
            |r: &Reviewed| json_reply(&OrderReview::from(r), 200, Some(review_etag(r))),
        )
        .await?;
    Ok(respond(reply))
}

/// List an order's events.
///
/// The audit trail: every change of state, who made it, and why; oldest first.
#[utoipa::path(
    operation_id = "list_my_card_order_events",
    tag = "cardholder",
    security(("bearer" = [])),
    params(("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64)),
    responses(
        (status = 200, description = "Events, oldest first.", body = EventList),
        (status = 404, description = "No such order, or not yours."),
    ),
)]
#[get("/me/card-orders/{order_id}/events")]
pub async fn list_order_events(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = order_id(&path.into_inner())?;
    let events = app.read_as(credentials, id, orders::events::events).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(EventList {
            data: events.iter().map(OrderEvent::from).collect(),
        }))
}
