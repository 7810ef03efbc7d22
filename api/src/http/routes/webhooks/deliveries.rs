//! An endpoint's deliveries: listed with their attempts, and retried by hand.

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use domain::WebhookDeliveryId;

use super::endpoints::endpoint_ref;
use crate::http::cursor;
use crate::http::dto::webhooks::{DeliveryQuery, WebhookDelivery, WebhookDeliveryPage};
use crate::http::extract::idempotency_key;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::problem::ApiResult;
use crate::http::query::Query;
use crate::http::reply::{json_reply, respond};
use app::webhooks::deliveries::{self, DeliveryRef, ListDeliveries};
use app::{App, AppError};

/// List an endpoint's deliveries.
///
/// Newest first, each with its attempts (when, how long, the answer's status, why it failed)
/// and, while pending, the next retry.
#[utoipa::path(
    operation_id = "list_webhook_deliveries",
    tag = "webhooks",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("endpoint_id" = String, Path, description = "The endpoint's id (`whe_...`).", max_length = 64),
        DeliveryQuery,
    ),
    responses(
        (status = 200, description = "A page of deliveries.", body = WebhookDeliveryPage),
        (status = 400, description = "Invalid `limit`, `cursor` or `status`."),
        (status = 403, description = "Not an administrator, or an integrator without `webhooks:read`."),
        (status = 404, description = "No such endpoint or company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/webhook-endpoints/{endpoint_id}/deliveries")]
pub async fn list_webhook_deliveries(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
    query: Query<DeliveryQuery>,
) -> ApiResult<HttpResponse> {
    let r = endpoint_ref(path.into_inner())?;
    let q = query.into_inner();
    let command = ListDeliveries {
        endpoint: r,
        status: q.status.map(|s| s.as_domain()),
        after: q
            .cursor
            .as_deref()
            .map(|c| cursor::decode_as(c, WebhookDeliveryId::PREFIX))
            .transpose()?,
        limit: cursor::page_limit(q.limit)?,
    };
    let page = app.read_as(credentials, command, deliveries::list).await?;
    let last = page
        .deliveries
        .last()
        .map(|d| (d.row.created_at, d.row.id.as_str()));
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(WebhookDeliveryPage {
            data: page.deliveries.iter().map(WebhookDelivery::from).collect(),
            next_cursor: cursor::next(page.has_more, last),
            has_more: page.has_more,
        }))
}

/// Retry a delivery.
///
/// A failed (or still pending) delivery is tried again now; one that succeeded is 409.
#[utoipa::path(
    operation_id = "retry_webhook_delivery",
    tag = "webhooks",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("endpoint_id" = String, Path, description = "The endpoint's id (`whe_...`).", max_length = 64),
        ("delivery_id" = String, Path, description = "The delivery's id (`whd_...`).", max_length = 64),
        IdempotencyKeyHeader,
    ),
    responses(
        (status = 200, description = "Pending again, due now.", body = WebhookDelivery),
        (status = 403, description = "Not an administrator, or an integrator without `webhooks:write`."),
        (status = 404, description = "No such delivery, endpoint or company, or you are not a member."),
        (status = 409, description = "The delivery succeeded."),
        (status = 422, description = "The idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/retry")]
pub async fn retry_webhook_delivery(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
) -> ApiResult<HttpResponse> {
    let (c, e, d) = path.into_inner();
    let command = DeliveryRef {
        endpoint: endpoint_ref((c, e))?,
        delivery_id: WebhookDeliveryId::parse(&d).ok_or(AppError::NotFound)?,
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &[])?,
            command,
            deliveries::retry,
            |d| json_reply(&WebhookDelivery::from(d), 200, None),
        )
        .await?;
    Ok(respond(reply))
}
