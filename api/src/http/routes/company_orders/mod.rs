//! A company's card orders: place, list, read, edit, submit, cancel, audit trail.

pub mod cancel;
pub mod edit;
pub mod export;
pub mod submit;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use domain::{Email, OrderPerson, PhoneNumber};
use persistence::OrderFilter;

use crate::http::dto::orders::OrderStatusView;

use crate::http::cursor;
use crate::http::dto::body::{json_body_checked, Checked};
use crate::http::dto::companies::parse_optional_address;
use crate::http::dto::company_orders::{
    CompanyCardOrder, CompanyCardOrderPage, CompanyCardOrderSummary, CompanyListQuery,
    PlaceOrderRequest,
};
use crate::http::dto::languages::named_or_requested;
use crate::http::dto::orders::{EventList, OrderEvent};
use crate::http::dto::validator_errors;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::extract::{idempotency_key, if_none_match};
use crate::http::problem::{ApiError, ApiResult, ProblemCode};
use crate::http::query::Query;
use crate::http::reply::{created, json_reply};
use app::companies::company_id;
use app::company_orders::list::{ListOrders, OrderPage};
use app::company_orders::place::PlaceOrder;
use app::company_orders::{self as co, CompanyOrder, OrderRef};
use app::orders::order_id;
use app::{App, FieldError};

pub(super) fn order_ref(path: (String, String)) -> ApiResult<OrderRef> {
    Ok(OrderRef {
        company_id: company_id(&path.0)?,
        order_id: order_id(&path.1)?,
    })
}

/// The filters of the company's order list (and its download).
pub(super) fn order_filter(
    status: Option<OrderStatusView>,
    created_from: Option<DateTime<Utc>>,
    created_before: Option<DateTime<Utc>>,
    name: Option<&str>,
) -> ApiResult<OrderFilter> {
    // Folded as the stored names are; text that folds to nothing matches every name.
    let name = match name {
        Some(n) if n.chars().count() > 100 => {
            return Err(ApiError::BadRequest {
                code: ProblemCode::InvalidQuery,
                detail: app::texts::Text::new("problem-name-too-long"),
            })
        }
        other => other.map(domain::search_key),
    };
    Ok(OrderFilter {
        status: status.map(|s| s.as_domain()),
        created_from: created_from.map(|t| t.naive_utc()),
        created_before: created_before.map(|t| t.naive_utc()),
        name,
    })
}

pub(super) fn present(o: &CompanyOrder, status: u16) -> app::AppResult<app::idempotency::Reply> {
    json_reply(&CompanyCardOrder::from(o), status, Some(o.etag()))
}

fn push<T>(errors: &mut Vec<FieldError>, field: &str, r: Result<T, domain::Invalid>) -> Option<T> {
    r.map_err(|e| errors.push(FieldError::invalid(field, &e)))
        .ok()
}

/// Place a card order.
///
/// For a person of the company: the cardholder is emailed that a card was ordered and how to
/// approve it. The order waits for the cardholder's review; it reaches them by their email, also
/// when they create their account later.
#[utoipa::path(
    operation_id = "place_card_order",
    tag = "company card orders",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        IdempotencyKeyHeader,
    ),
    request_body = PlaceOrderRequest,
    responses(
        (status = 201, description = "Placed; waiting for the cardholder's review.", body = CompanyCardOrder, headers(("Location" = String, description = "The order's URL."), ("ETag" = String, description = "The order's version."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "Your role does not allow ordering."),
        (status = 404, description = "No such company, or you are not a member."),
        (status = 422, description = "Invalid fields, each named (names, date of birth, identity number and its date, name to print, validity limits, email, phone, address); or the idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/card-orders")]
pub async fn place_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let Checked { input, schema } =
        json_body_checked::<PlaceOrderRequest>(&req, &body, "application/json")?;
    let today = app.clock.now().date();
    let mut errors = validator_errors(&input);
    let person = OrderPerson::parse(&input.person(), today)
        .map_err(|es| errors.extend(es.into_iter().map(|(f, e)| FieldError::invalid(f, &e))))
        .ok();
    let email = push(
        &mut errors,
        "cardholder_email",
        Email::parse(&input.cardholder_email),
    );
    let phone = push(
        &mut errors,
        "cardholder_phone",
        PhoneNumber::parse(&input.cardholder_phone),
    );
    let address = parse_optional_address(input.delivery_address, "delivery_address", &mut errors);
    // The validity depends on the person (a foreign cardholder's is bounded by the residence
    // permit rule): checked here too, so one answer names it beside the other fields.
    if let Some(p) = &person {
        if let Err(e) = p.check_valid_until(input.valid_until, today) {
            errors.push(FieldError::invalid("valid_until", &e.invalid()));
        }
    }
    let (
        Some(person),
        Some(cardholder_email),
        Some(cardholder_phone),
        Some(delivery_address),
        true,
    ) = (person, email, phone, address, errors.is_empty())
    else {
        return Err(schema.with(errors));
    };
    schema.settle()?;
    let location = format!("/v1/companies/{}/card-orders", company.as_str());
    let command = PlaceOrder {
        company_id: company,
        person,
        cardholder_email,
        cardholder_phone,
        valid_until: input.valid_until,
        delivery_address,
        language: named_or_requested(input.language),
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &body)?,
            command,
            co::place::place,
            |o| present(o, 201),
        )
        .await?;
    Ok(created(reply, &location))
}

/// List the company's card orders.
///
/// Newest first, a page at a time; filter by status, creation time and the person's name.
/// Personal identity numbers are masked here.
#[utoipa::path(
    operation_id = "list_company_card_orders",
    tag = "company card orders",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        CompanyListQuery,
    ),
    responses(
        (status = 200, description = "A page of orders.", body = CompanyCardOrderPage),
        (status = 400, description = "Invalid `limit`, `cursor`, `status`, time or `name`."),
        (status = 404, description = "No such company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/card-orders")]
pub async fn list_orders(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
    query: Query<CompanyListQuery>,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let q = query.into_inner();
    let limit = cursor::page_limit(q.limit)?;
    let command = ListOrders {
        company_id: company,
        filter: order_filter(
            q.status,
            q.created_from,
            q.created_before,
            q.name.as_deref(),
        )?,
        after: q.cursor.as_deref().map(cursor::decode).transpose()?,
        limit,
    };
    let page: OrderPage = app.read_as(credentials, command, co::list::list).await?;
    let last = page
        .orders
        .last()
        .map(|l| (l.order.created_at, l.order.id.as_str()));
    let next_cursor = cursor::next(page.has_more, last);
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CompanyCardOrderPage {
            data: page
                .orders
                .iter()
                .map(CompanyCardOrderSummary::from)
                .collect(),
            next_cursor,
            has_more: page.has_more,
        }))
}

/// Get a card order of the company.
///
/// With the identity check against the cardholder's verified identity, field by field (correct a
/// mismatch before the cardholder rejects), and the cardholder's rejection reason. The `ETag` is
/// the order's version: send it as `If-Match` to edit.
#[utoipa::path(
    operation_id = "get_company_card_order",
    tag = "company card orders",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        ("If-None-Match" = Option<String>, Header, description = "An `ETag` you hold; 304 when the order is unchanged."),
    ),
    responses(
        (status = 200, description = "The order.", body = CompanyCardOrder, headers(("ETag" = String, description = "The order's version."))),
        (status = 304, description = "Unchanged since the `If-None-Match` version.", headers(("ETag" = String, description = "The order's version."))),
        (status = 400, description = "`If-None-Match` is not a list of entity tags."),
        (status = 404, description = "No such order or company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/card-orders/{order_id}")]
pub async fn get_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let r = order_ref(path.into_inner())?;
    let o = app.write_as(credentials, r, co::view::get).await?;
    let etag = o.etag();
    if if_none_match(&req, &etag)? {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CompanyCardOrder::from(&o)))
}

/// List a company order's events.
///
/// The audit trail: every change of state, who made it (the member, machine client, operator or
/// cardholder, by id and name), and why.
#[utoipa::path(
    operation_id = "list_company_card_order_events",
    tag = "company card orders",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
    ),
    responses(
        (status = 200, description = "The events, oldest first.", body = EventList),
        (status = 404, description = "No such order or company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/card-orders/{order_id}/events")]
pub async fn list_order_events(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let r = order_ref(path.into_inner())?;
    let (events, by) = app.read_as(credentials, r, co::events::events).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(EventList {
            data: events
                .iter()
                .map(|e| OrderEvent::with_actor(e, by.get(&e.actor_id)))
                .collect(),
        }))
}
