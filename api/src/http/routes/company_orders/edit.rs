//! Editing a company's card order (merge patch, `If-Match` required).

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{patch, web, HttpRequest, HttpResponse};

use super::order_ref;
use crate::http::dto::body::json_body;
use crate::http::dto::companies::parse_optional_address;
use crate::http::dto::company_orders::{CompanyCardOrder, OrderPatchRequest};
use crate::http::dto::validate;
use crate::http::extract::if_match;
use crate::http::extract::Bearer;
use crate::http::problem::{ApiError, ApiResult};
use app::company_orders::edit::{EditOrder, OrderPatch};
use app::company_orders::{self as co};
use app::App;

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
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "Your role does not allow ordering."),
        (status = 404, description = "No such order or company, or you are not a member."),
        (status = 409, description = "The order can no longer be edited (accepted, cancelled, ...), or changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 415, description = "Not `application/merge-patch+json`."),
        (status = 422, description = "Invalid fields, each named."),
        (status = 428, description = "`If-Match` is missing."),
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
    };
    let o = app.write_as(credentials, command, co::edit::edit).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, o.etag()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CompanyCardOrder::from(&o)))
}
