//! Cancelling a company's card order, with a reason the trail keeps.

use actix_web::web::Bytes;
use actix_web::{post, web, HttpRequest, HttpResponse};
use domain::BoundedText;

use super::{order_ref, present};
use crate::http::dto::body::optional_json;
use crate::http::dto::company_orders::{CancelRequest, CompanyCardOrder};
use crate::http::dto::validate;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::extract::{idempotency_key, if_match};
use crate::http::problem::{ApiError, ApiResult};
use crate::http::reply::respond;
use app::company_orders::cancel::CancelOrder;
use app::company_orders::{self as co};
use app::{App, FieldError};

/// Cancel a card order.
///
/// Before production, with a reason the audit trail keeps.
#[utoipa::path(
    operation_id = "cancel_company_card_order",
    tag = "company card orders",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the order you cancel; 412 if it changed since."),
        IdempotencyKeyHeader,
    ),
    request_body = CancelRequest,
    responses(
        (status = 200, description = "Cancelled.", body = CompanyCardOrder, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "Your role does not allow ordering."),
        (status = 404, description = "No such order or company, or you are not a member."),
        (status = 409, description = "The order is in production or done, or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 422, description = "The reason is missing or too long, or the idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/card-orders/{order_id}/cancel")]
pub async fn cancel_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let r = order_ref(path.into_inner())?;
    let input: CancelRequest = optional_json(&req, &body)?.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            "reason",
            "required",
            app::texts::Text::new("field-reason-cancel"),
        )])
    })?;
    validate(&input)?;
    let reason = BoundedText::reason(&input.reason)
        .map_err(|e| ApiError::validation(vec![FieldError::invalid("reason", &e)]))?;
    let command = CancelOrder {
        order: r,
        if_match: if_match(&req)?,
        reason,
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &body)?,
            command,
            co::cancel::cancel,
            |o| present(o, 200),
        )
        .await?;
    Ok(respond(reply))
}
