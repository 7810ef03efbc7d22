//! A company's webhook endpoints (their deliveries: `webhook_deliveries.rs`).

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use domain::{BoundedText, EventTypes, WebhookEndpointId};

use crate::http::dto::body::json_body;
use crate::http::dto::validate;
use crate::http::dto::webhooks::{
    CreateWebhookEndpointRequest, WebhookDelivery, WebhookEndpoint, WebhookEndpointList,
    WebhookEndpointPatch, WebhookEndpointWithSecret, WebhookEventType,
};
use crate::http::extract::Bearer;
use crate::http::extract::IdempotencyKeyHeader;
use crate::http::extract::{idempotency_key, if_match};
use crate::http::problem::{ApiError, ApiResult};
use crate::http::reply::{json_reply, respond};
use app::companies::company_id;
use app::webhooks::deliveries;
use app::webhooks::endpoints::{
    self, ChangeEndpoint, CreateEndpoint, EndpointRef, RevealSecret, RotateSecret,
};
use app::webhooks::url::WebhookUrl;
use app::{App, AppError, FieldError};

pub(super) fn endpoint_ref((c, e): (String, String)) -> ApiResult<EndpointRef> {
    Ok(EndpointRef {
        company_id: company_id(&c)?,
        endpoint_id: WebhookEndpointId::parse(&e).ok_or(AppError::NotFound)?,
    })
}

fn event_types(list: &[WebhookEventType]) -> ApiResult<EventTypes> {
    EventTypes::parse(list.iter().map(|t| t.name()))
        .map_err(|e| ApiError::validation(vec![FieldError::invalid("event_types", &e)]))
}

fn description(raw: &str) -> ApiResult<BoundedText> {
    BoundedText::parse(raw, 200)
        .map_err(|e| ApiError::validation(vec![FieldError::invalid("description", &e)]))
}

async fn checked_url(app: &App, raw: &str) -> ApiResult<WebhookUrl> {
    WebhookUrl::check(raw, app.webhooks_allow_private)
        .await
        .map_err(|e| ApiError::validation(vec![e]))
}

/// Register a webhook endpoint.
///
/// Events of the types named are POSTed to the URL as JSON, signed (`ID06-Signature: t=…,v1=…`,
/// HMAC-SHA256 with the secret over `"{t}.{body}"`). The URL must be `https` on a public address
/// (checked now and on every delivery). The secret is in this answer only; a retry with the same
/// `Idempotency-Key` within 24 hours answers with the endpoint made the first time (and its
/// current secret) instead of making another.
#[utoipa::path(
    operation_id = "create_webhook_endpoint",
    tag = "webhooks",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        IdempotencyKeyHeader,
    ),
    request_body = CreateWebhookEndpointRequest,
    responses(
        (status = 201, description = "Registered; the secret is shown in this answer only (a retry with the same `Idempotency-Key` gets the same endpoint and its current secret).", body = WebhookEndpointWithSecret, headers(("Location" = String, description = "The endpoint's URL."))),
        (status = 400, description = "Malformed JSON."),
        (status = 403, description = "Not an administrator, or an integrator without `webhooks:write`."),
        (status = 404, description = "No such company, or you are not a member."),
        (status = 409, description = "A request with the same `Idempotency-Key` is still in progress."),
        (status = 422, description = "The URL is not https, does not resolve, or resolves to a private address; event types unknown or repeated; too many endpoints; or the idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/webhook-endpoints")]
pub async fn create_webhook_endpoint(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let input: CreateWebhookEndpointRequest = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let types = event_types(&input.event_types)?;
    let description = input.description.as_deref().map(description).transpose()?;
    app.read_as(credentials.clone(), company.clone(), endpoints::authorize)
        .await?;
    let url = checked_url(&app, &input.url).await?;
    let location = format!("/v1/companies/{company}/webhook-endpoints");
    let command = CreateEndpoint {
        company_id: company.clone(),
        url,
        description,
        event_types: types,
    };
    // What is saved for a retry is the endpoint without its secret; the secret is opened from the
    // vault for each answer, the first and any replay alike.
    let reply = app
        .write_as_idempotent(
            credentials.clone(),
            idempotency_key(&req, &body)?,
            command,
            endpoints::create,
            |made| json_reply(&WebhookEndpoint::from(&made.endpoint), 201, None),
        )
        .await?;
    let replayed = reply.replayed;
    let endpoint_id = serde_json::from_str::<serde_json::Value>(&reply.body)
        .ok()
        .and_then(|v| v["id"].as_str().and_then(WebhookEndpointId::parse))
        .ok_or_else(|| ApiError::internal("a saved endpoint reply without its id"))?;
    let command = RevealSecret {
        endpoint: EndpointRef {
            company_id: company,
            endpoint_id,
        },
    };
    let made = app.read_as(credentials, command, endpoints::reveal).await?;
    let mut response = HttpResponse::Created();
    response
        .insert_header((header::LOCATION, format!("{location}/{}", made.endpoint.id)))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    Ok(response.json(WebhookEndpointWithSecret::from(&made)))
}

/// List the company's webhook endpoints.
#[utoipa::path(
    operation_id = "list_webhook_endpoints",
    tag = "webhooks",
    security(("bearer" = [])),
    params(("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001")),
    responses(
        (status = 200, description = "The endpoints, newest first.", body = WebhookEndpointList),
        (status = 403, description = "Not an administrator, or an integrator without `webhooks:read`."),
        (status = 404, description = "No such company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/webhook-endpoints")]
pub async fn list_webhook_endpoints(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let rows = app.read_as(credentials, company, endpoints::list).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(WebhookEndpointList {
            data: rows.iter().map(WebhookEndpoint::from).collect(),
        }))
}

/// Get a webhook endpoint.
#[utoipa::path(
    operation_id = "get_webhook_endpoint",
    tag = "webhooks",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("endpoint_id" = String, Path, description = "The endpoint's id (`whe_...`).", max_length = 64),
    ),
    responses(
        (status = 200, description = "The endpoint.", body = WebhookEndpoint, headers(("ETag" = String, description = "Its version."))),
        (status = 403, description = "Not an administrator, or an integrator without `webhooks:read`."),
        (status = 404, description = "No such endpoint or company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/webhook-endpoints/{endpoint_id}")]
pub async fn get_webhook_endpoint(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let r = endpoint_ref(path.into_inner())?;
    let e = app.read_as(credentials, r, endpoints::get).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, format!("\"{}\"", e.version)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(WebhookEndpoint::from(&e)))
}

/// Change a webhook endpoint.
///
/// URL, description, event types, or `enabled` (a disabled endpoint keeps its events; enabling it
/// resumes their delivery). A merge patch.
#[utoipa::path(
    operation_id = "update_webhook_endpoint",
    tag = "webhooks",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("endpoint_id" = String, Path, description = "The endpoint's id (`whe_...`).", max_length = 64),
        ("If-Match" = Option<String>, Header, description = "The `ETag` of the endpoint; 412 if it changed since."),
    ),
    request_body(content = WebhookEndpointPatch, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Changed.", body = WebhookEndpoint, headers(("ETag" = String, description = "The new version."))),
        (status = 400, description = "Malformed JSON or headers."),
        (status = 403, description = "Not an administrator, or an integrator without `webhooks:write`."),
        (status = 404, description = "No such endpoint or company, or you are not a member."),
        (status = 409, description = "Changed concurrently."),
        (status = 412, description = "`If-Match` does not match the current `ETag`."),
        (status = 415, description = "Not `application/merge-patch+json`."),
        (status = 422, description = "A URL or event types that are not allowed."),
    ),
)]
#[patch("/companies/{company_id}/webhook-endpoints/{endpoint_id}")]
pub async fn update_webhook_endpoint(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let r = endpoint_ref(path.into_inner())?;
    let input: WebhookEndpointPatch = json_body(&req, &body, "application/merge-patch+json")?;
    validate(&input)?;
    let url = match &input.url {
        Some(u) => {
            app.read_as(
                credentials.clone(),
                r.company_id.clone(),
                endpoints::authorize,
            )
            .await?;
            Some(checked_url(&app, u).await?)
        }
        None => None,
    };
    let command = ChangeEndpoint {
        endpoint: r,
        if_match: if_match(&req)?,
        url,
        description: input
            .description
            .map(|d| d.as_deref().map(description).transpose())
            .transpose()?,
        event_types: input.event_types.as_deref().map(event_types).transpose()?,
        enabled: input.enabled,
    };
    let e = app
        .write_as(credentials, command, endpoints::change)
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, format!("\"{}\"", e.version)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(WebhookEndpoint::from(&e)))
}

/// Remove a webhook endpoint.
///
/// With its deliveries: nothing more is sent to it.
#[utoipa::path(
    operation_id = "delete_webhook_endpoint",
    tag = "webhooks",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("endpoint_id" = String, Path, description = "The endpoint's id (`whe_...`).", max_length = 64),
    ),
    responses(
        (status = 204, description = "Removed."),
        (status = 403, description = "Not an administrator, or an integrator without `webhooks:write`."),
        (status = 404, description = "No such endpoint or company, or you are not a member."),
    ),
)]
#[delete("/companies/{company_id}/webhook-endpoints/{endpoint_id}")]
pub async fn delete_webhook_endpoint(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let r = endpoint_ref(path.into_inner())?;
    app.write_as(credentials, r, endpoints::delete).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rotate an endpoint's signing secret.
///
/// The new secret signs from now on; for 24 hours the old one signs too (a second `v1=` in
/// `ID06-Signature`), so the receiver can switch without losing events.
#[utoipa::path(
    operation_id = "rotate_webhook_secret",
    tag = "webhooks",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("endpoint_id" = String, Path, description = "The endpoint's id (`whe_...`).", max_length = 64),
    ),
    responses(
        (status = 200, description = "The new secret, shown this once.", body = WebhookEndpointWithSecret),
        (status = 403, description = "Not an administrator, or an integrator without `webhooks:write`."),
        (status = 404, description = "No such endpoint or company, or you are not a member."),
        (status = 409, description = "Changed concurrently."),
    ),
)]
#[post("/companies/{company_id}/webhook-endpoints/{endpoint_id}/secret-rotations")]
pub async fn rotate_webhook_secret(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let command = RotateSecret {
        endpoint: endpoint_ref(path.into_inner())?,
    };
    let made = app
        .write_as(credentials, command, endpoints::rotate)
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(WebhookEndpointWithSecret::from(&made)))
}

/// Send a test event.
///
/// Queues a `ping` event to the endpoint (whatever its event types); follow it in the
/// deliveries.
#[utoipa::path(
    operation_id = "send_webhook_test",
    tag = "webhooks",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("endpoint_id" = String, Path, description = "The endpoint's id (`whe_...`).", max_length = 64),
        IdempotencyKeyHeader,
    ),
    responses(
        (status = 202, description = "Queued.", body = WebhookDelivery),
        (status = 403, description = "Not an administrator, or an integrator without `webhooks:write`."),
        (status = 404, description = "No such endpoint or company, or you are not a member."),
        (status = 409, description = "The endpoint is disabled (`endpoint_disabled`): enable it first; or a request with the same `Idempotency-Key` is still in progress."),
        (status = 422, description = "The idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/webhook-endpoints/{endpoint_id}/test")]
pub async fn send_webhook_test(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let r = endpoint_ref(path.into_inner())?;
    let reply = app
        .write_as_idempotent(
            credentials,
            idempotency_key(&req, &[])?,
            r,
            endpoints::send_test,
            |row| {
                let d = deliveries::Delivery {
                    row: row.clone(),
                    attempts: Vec::new(),
                };
                json_reply(&WebhookDelivery::from(&d), 202, None)
            },
        )
        .await?;
    Ok(respond(reply))
}
