//! A company's visitor card orders: place, list, read.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use domain::VisitorOrderId;

use crate::http::cursor;
use crate::http::dto::body::{json_body_checked, Checked};
use crate::http::dto::companies::parse_optional_address;
use crate::http::dto::validator_errors;
use crate::http::dto::visitor_orders::{
    PlaceVisitorOrderRequest, VisitorCardOrder, VisitorCardOrderPage, VisitorListQuery,
};
use crate::http::extract::idempotency_key;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::problem::ApiResult;
use crate::http::query::Query;
use crate::http::reply::{created, json_reply};
use app::companies::company_id;
use app::visitor_orders::list::ListVisitorOrders;
use app::visitor_orders::place::PlaceVisitorOrder;
use app::visitor_orders::{self as vo, visitor_order_id, VisitorOrderRef};
use app::App;

/// Order visitor cards.
///
/// A number of cards without personal data, RFID or cardholder approval: approved when placed.
#[utoipa::path(
    operation_id = "place_visitor_card_order",
    tag = "visitor card orders",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        IdempotencyKeyHeader,
    ),
    request_body = PlaceVisitorOrderRequest,
    responses(
        (status = 201, description = "Placed and approved.", body = VisitorCardOrder, headers(("Location" = String, description = "The order's URL."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "Your role does not allow ordering."),
        (status = 404, description = "No such company, or you are not a member."),
        (status = 422, description = "Invalid quantity, validity or address, each named; or the idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/visitor-card-orders")]
pub async fn place_visitor_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let Checked { input, schema } =
        json_body_checked::<PlaceVisitorOrderRequest>(&req, &body, "application/json")?;
    let mut errors = validator_errors(&input);
    let (Some(delivery_address), true) = (
        parse_optional_address(input.delivery_address, "delivery_address", &mut errors),
        errors.is_empty(),
    ) else {
        return Err(schema.with(errors));
    };
    schema.settle()?;
    let location = format!("/v1/companies/{}/visitor-card-orders", company.as_str());
    let command = PlaceVisitorOrder {
        company_id: company,
        quantity: input.quantity,
        valid_until: input.valid_until,
        delivery_address,
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &body)?,
            command,
            vo::place::place,
            |o| json_reply(&VisitorCardOrder::from(o), 201, None),
        )
        .await?;
    Ok(created(reply, &location))
}

/// List the company's visitor card orders.
///
/// Newest first, a page at a time.
#[utoipa::path(
    operation_id = "list_visitor_card_orders",
    tag = "visitor card orders",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        VisitorListQuery,
    ),
    responses(
        (status = 200, description = "A page of visitor orders.", body = VisitorCardOrderPage),
        (status = 400, description = "Invalid `limit`, `cursor` or `status`."),
        (status = 404, description = "No such company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/visitor-card-orders")]
pub async fn list_visitor_orders(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
    query: Query<VisitorListQuery>,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let q = query.into_inner();
    let limit = cursor::page_limit(q.limit)?;
    let command = ListVisitorOrders {
        company_id: company,
        status: q.status.map(|s| s.as_domain()),
        after: q
            .cursor
            .as_deref()
            .map(|c| cursor::decode_as(c, VisitorOrderId::PREFIX))
            .transpose()?,
        limit,
    };
    let page = app.read_as(credentials, command, vo::list::list).await?;
    let last = page.orders.last().map(|o| (o.created_at, o.id.as_str()));
    let next_cursor = cursor::next(page.has_more, last);
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(VisitorCardOrderPage {
            data: page.orders.iter().map(VisitorCardOrder::from).collect(),
            next_cursor,
            has_more: page.has_more,
        }))
}

/// Get a visitor card order.
#[utoipa::path(
    operation_id = "get_visitor_card_order",
    tag = "visitor card orders",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("order_id" = String, Path, description = "The visitor order's id (`vor_...`).", max_length = 64),
    ),
    responses(
        (status = 200, description = "The visitor order.", body = VisitorCardOrder),
        (status = 404, description = "No such order or company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/visitor-card-orders/{order_id}")]
pub async fn get_visitor_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let (c, o) = path.into_inner();
    let r = VisitorOrderRef {
        company_id: company_id(&c)?,
        order_id: visitor_order_id(&o)?,
    };
    let order = app.read_as(credentials, r, vo::view::get).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(VisitorCardOrder::from(&order)))
}
