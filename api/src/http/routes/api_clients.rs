//! Operators manage machine clients: create (the secret is shown once), list, get, rotate the
//! secret (the old one works for a grace period), revoke.

use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::TimeDelta;
use domain::{BoundedText, ClientId, CompanyId, Scopes};

use crate::http::cursor;
use crate::http::dto::body::{json_body, json_body_checked, Checked};
use crate::http::dto::clients::{
    ClientList, ClientListQuery, ClientView, ClientWithSecret, CreateClientRequest,
    RotateSecretRequest,
};
use crate::http::dto::{validate, validator_errors};
use crate::http::extract::Bearer;
use crate::http::problem::{ApiError, ApiResult, Problem};
use crate::http::query::Query;
use crate::http::reply::no_store;
use app::clients::create::{self, CreateClient};
use app::clients::manage::{self, ListClients, RotateSecret, DEFAULT_GRACE};
use app::{App, AppError, FieldError};

fn client_id(raw: &str) -> Result<ClientId, ApiError> {
    ClientId::parse(raw).ok_or(ApiError::App(AppError::NotFound))
}

/// Create a machine client.
///
/// Operators only. An `identity_verifier`, a `card_producer`, or an `integrator` bound to one
/// company (it acts as an orderer there, within its scopes). The secret is in this answer only.
#[utoipa::path(
    operation_id = "create_api_client",
    tag = "machine clients",
    security(("bearer" = [])),
    request_body = CreateClientRequest,
    responses(
        (status = 201, description = "Created; keep the secret, it is not shown again.", body = ClientWithSecret,
            headers(("Location" = String, description = "The client's URL."))),
        (status = 403, description = "Only operators manage clients (`operator_required`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields: a scope the role does not allow, a company missing for an integrator or given for another role, an unknown company.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/api-clients")]
pub async fn create_api_client(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let Checked { input, schema } =
        json_body_checked::<CreateClientRequest>(&req, &body, "application/json")?;
    let mut errors = validator_errors(&input);
    let name = BoundedText::parse(&input.name, 200)
        .map_err(|e| errors.push(FieldError::new("name", e.code, e.message)))
        .ok();
    let company_id = match input.company_id.as_deref() {
        None => Some(None),
        Some(raw) => CompanyId::parse(raw)
            .map(Some)
            .ok_or_else(|| {
                errors.push(FieldError::new(
                    "company_id",
                    "unknown_company",
                    "is not a company",
                ))
            })
            .ok(),
    };
    let (Some(name), Some(company_id), true) = (name, company_id, errors.is_empty()) else {
        return Err(schema.with(errors));
    };
    schema.settle()?;
    let scopes: Vec<domain::Scope> = input.scopes.iter().map(|s| s.as_domain()).collect();
    let command = CreateClient {
        name,
        role: input.role.as_domain(),
        company_id,
        scopes: Scopes::from_list(&scopes),
    };
    let created = app.write_as(credentials, command, create::create).await?;
    Ok(no_store(HttpResponse::Created())
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/v1/api-clients/{}", created.client.id),
        ))
        .json(ClientWithSecret {
            client: ClientView::from(&created.client),
            client_secret: created.secret,
        }))
}

/// List machine clients.
///
/// Operators only. Newest first, a page at a time; revoked clients included.
#[utoipa::path(
    operation_id = "list_api_clients",
    tag = "machine clients",
    security(("bearer" = [])),
    params(ClientListQuery),
    responses(
        (status = 200, description = "A page of clients.", body = ClientList),
        (status = 400, description = "Invalid `limit` or `cursor`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only operators manage clients (`operator_required`).", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/api-clients")]
pub async fn list_api_clients(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    query: Query<ClientListQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let command = ListClients {
        limit: cursor::page_limit(q.limit)?,
        cursor: q
            .cursor
            .as_deref()
            .map(|c| cursor::decode_as(c, ClientId::PREFIX))
            .transpose()?,
    };
    let page = app.read_as(credentials, command, manage::list).await?;
    let last = page.clients.last().map(|c| (c.created_at, c.id.as_str()));
    Ok(no_store(HttpResponse::Ok()).json(ClientList {
        data: page.clients.iter().map(ClientView::from).collect(),
        next_cursor: cursor::next(page.has_more, last),
        has_more: page.has_more,
    }))
}

/// Get a machine client.
///
/// Operators only.
#[utoipa::path(
    operation_id = "get_api_client",
    tag = "machine clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "The client's id (`cli_...`).", max_length = 64, example = "cli_de0000000000000000000002")),
    responses(
        (status = 200, description = "The client.", body = ClientView),
        (status = 403, description = "Only operators manage clients (`operator_required`).", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/api-clients/{client_id}")]
pub async fn get_api_client(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = client_id(&path.into_inner())?;
    let c = app.read_as(credentials, id, manage::get).await?;
    Ok(no_store(HttpResponse::Ok()).json(ClientView::from(&c)))
}

/// Rotate a machine client's secret.
///
/// Operators only. A new secret, shown in this answer only; the current one keeps working for
/// the grace period (24 hours unless given; 0 to 7 days), so the client can be redeployed
/// without downtime. Tokens already issued live out their short lives.
#[utoipa::path(
    operation_id = "rotate_api_client_secret",
    tag = "machine clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "The client's id (`cli_...`).", max_length = 64, example = "cli_de0000000000000000000002")),
    request_body = RotateSecretRequest,
    responses(
        (status = 200, description = "The new secret; keep it, it is not shown again.", body = ClientWithSecret),
        (status = 403, description = "Only operators manage clients (`operator_required`).", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The client is revoked (`client_revoked`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A grace period out of range.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/api-clients/{client_id}/secret-rotations")]
pub async fn rotate_api_client_secret(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let id = client_id(&path.into_inner())?;
    let input: RotateSecretRequest = json_body(&req, &body, "application/json")?;
    validate(&input)?;
    let grace = input
        .grace_period_seconds
        .map_or(DEFAULT_GRACE, TimeDelta::seconds);
    let rotated = app
        .write_as(credentials, RotateSecret { id, grace }, manage::rotate)
        .await?;
    Ok(no_store(HttpResponse::Ok()).json(ClientWithSecret {
        client: ClientView::from(&rotated.client),
        client_secret: rotated.secret,
    }))
}

/// Revoke a machine client.
///
/// Operators only. Its secrets and every token it holds stop working at once; revoking is for
/// good.
#[utoipa::path(
    operation_id = "revoke_api_client",
    tag = "machine clients",
    security(("bearer" = [])),
    params(("client_id" = String, Path, description = "The client's id (`cli_...`).", max_length = 64, example = "cli_de0000000000000000000002")),
    responses(
        (status = 200, description = "Revoked.", body = ClientView),
        (status = 403, description = "Only operators manage clients (`operator_required`).", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already revoked (`client_revoked`).", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/api-clients/{client_id}/revoke")]
pub async fn revoke_api_client(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = client_id(&path.into_inner())?;
    let c = app.write_as(credentials, id, manage::revoke).await?;
    Ok(no_store(HttpResponse::Ok()).json(ClientView::from(&c)))
}
