//! Changes to a company's card order: edit (merge patch, `If-Match` required), cancel, submit.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{patch, post, web, HttpRequest, HttpResponse};
use domain::BoundedText;

use super::company_orders::{order_ref, present};
use crate::http::dto::body::{json_body, optional_json};
use crate::http::dto::companies::parse_optional_address;
use crate::http::dto::company_orders::{CancelRequest, CompanyCardOrder, OrderPatchRequest};
use crate::http::dto::validate;
use crate::http::extract::Bearer;
use crate::http::extract::{idempotency_key, if_match};
use crate::http::problem::{ApiError, ApiResult, Problem};
use crate::http::reply::respond;
use app::company_orders::cancel::CancelOrder;
use app::company_orders::edit::{EditOrder, OrderPatch};
use app::company_orders::submit::SubmitOrder;
use app::company_orders::{self as co};
use app::{App, FieldError};

/// Edit a card order.
///
/// Corrects the person data, validity or delivery while the order waits for the cardholder's
/// review or was rejected. `If-Match` is required. The order waits for review again and the
/// cardholder is emailed; a cardholder holding the old version is refused (412) until they read
/// it again.
#[utoipa::path(
    operation_id = "edit_company_card_order",
    tag = "company card orders",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("order_id" = String, Path, description = "The order's id (`ord_...`).", max_length = 64),
        ("If-Match" = String, Header, description = "The `ETag` of the order you edit; 412 if it changed since."),
    ),
    request_body(content = OrderPatchRequest, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Edited; waiting for the cardholder's review.", body = CompanyCardOrder, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Your role does not allow ordering.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order or company, or you are not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order can no longer be edited (accepted, cancelled, ...), or changed concurrently.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not match the current `ETag`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not `application/merge-patch+json`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` is missing.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[patch("/companies/{company_id}/card-orders/{order_id}")]
pub async fn edit_order(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let r = order_ref(path.into_inner())?;
    let input: OrderPatchRequest = json_body(&req, &body, "application/merge-patch+json")?;
    validate(&input)?;
    let if_match = if_match(&req)?.ok_or(ApiError::PreconditionRequired)?;
    let mut errors = Vec::new();
    let Some(delivery_address) =
        parse_optional_address(input.delivery_address, "delivery_address", &mut errors)
    else {
        return Err(ApiError::validation(errors));
    };
    let command = EditOrder {
        order: r,
        if_match,
        patch: OrderPatch {
            given_names: input.given_names,
            surname: input.surname,
            date_of_birth: input.date_of_birth,
            nationality: input.nationality,
            personal_identity_number: input.personal_identity_number,
            name_to_print: input.name_to_print,
            valid_until: input.valid_until,
            delivery_address,
        },
        frontend_url: app.frontend_url.clone(),
    };
    let o = app.write_as(credentials, command, co::edit::edit).await?;
    app.outbox_wakeup.notify_one();
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, o.etag()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CompanyCardOrder::from(&o)))
}

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
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the first successful response is replayed, with its headers, for 24 hours.", max_length = 255),
    ),
    request_body = CancelRequest,
    responses(
        (status = 200, description = "Cancelled.", body = CompanyCardOrder, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Your role does not allow ordering.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order or company, or you are not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order is in production or done, or changed concurrently.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not match the current `ETag`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The reason is missing or too long, or the idempotency key was used for another request.", body = Problem, content_type = "application/problem+json"),
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
            "Say why the order is cancelled.",
        )])
    })?;
    validate(&input)?;
    let reason = BoundedText::reason(&input.reason)
        .map_err(|e| ApiError::validation(vec![FieldError::new("reason", e.code, e.message)]))?;
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
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the first successful response is replayed, with its headers, for 24 hours.", max_length = 255),
    ),
    responses(
        (status = 200, description = "Submitted; waiting for the cardholder's review.", body = CompanyCardOrder, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed headers.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Your role does not allow ordering.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order or company, or you are not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The order is not a draft, or changed concurrently.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` does not match the current `ETag`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The idempotency key was used for another request.", body = Problem, content_type = "application/problem+json"),
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
        frontend_url: app.frontend_url.clone(),
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
    app.outbox_wakeup.notify_one();
    Ok(respond(reply))
}
