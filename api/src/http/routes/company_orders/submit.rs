//! Submitting a draft order (made from an invitee's data) for the cardholder's review.

use actix_web::{post, web, HttpRequest, HttpResponse};

use super::{order_ref, present};
use crate::http::dto::company_orders::CompanyCardOrder;
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::extract::{idempotency_key, if_match};
use crate::http::problem::ApiResult;
use crate::http::reply::respond;
use app::company_orders::submit::SubmitOrder;
use app::company_orders::{self as co};
use app::App;

/// Submit a draft order.
///
/// A draft made from an invitee's data goes to the cardholder for review; they are emailed.
#[utoipa::path(
    operation_id = "submit_company_card_order",
    tag = "company card orders",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the draft you submit; 412 if it changed since."),
        IdempotencyKeyHeader,
    ),
    responses(
        (status = 200, description = "Submitted; waiting for the cardholder's review.", body = CompanyCardOrder, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed headers."),
        (status = 403, description = "Your role does not allow ordering."),
        (status = 404, description = "No such order or company, or you are not a member."),
        (status = 409, description = "The order is not a draft, or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 422, description = "The idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/card-orders/{order_id}/submit")]
pub async fn submit_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let command = SubmitOrder {
        order: order_ref(path.into_inner())?,
        if_match: if_match(&req)?,
    };
    let reply = app
        .write_as_idempotent(
            credentials,
            // No body: the key is bound to the method and path.
            idempotency_key(&req, &[])?,
            command,
            co::submit::submit,
            |o| present(o, 200),
        )
        .await?;
    Ok(respond(reply))
}
