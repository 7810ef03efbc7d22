//! Operators manage machine clients: list, get, rotate the secret (the old one works for a
//! grace period), revoke.

use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::TimeDelta;
use domain::ClientId;

use crate::http::cursor;
use crate::http::dto::body::json_body;
use crate::http::dto::clients::{
    ClientList, ClientListQuery, ClientView, ClientWithSecret, RotateSecretRequest,
};
use crate::http::dto::validate;
use crate::http::extract::Bearer;
use crate::http::problem::ApiResult;
use crate::http::query::Query;
use crate::http::reply::no_store;
use app::clients::manage::{self, ListClients, RotateSecret, DEFAULT_GRACE};
use app::App;

use super::client_id;

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
        (status = 400, description = "Invalid `limit` or `cursor`."),
        (status = 403, description = "Only operators manage clients (`operator_required`)."),
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
        (status = 403, description = "Only operators manage clients (`operator_required`)."),
        (status = 404, description = "No such client."),
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
        (status = 403, description = "Only operators manage clients (`operator_required`)."),
        (status = 404, description = "No such client."),
        (status = 409, description = "The client is revoked (`client_revoked`)."),
        (status = 422, description = "A grace period out of range."),
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
        (status = 403, description = "Only operators manage clients (`operator_required`)."),
        (status = 404, description = "No such client."),
        (status = 409, description = "Already revoked (`client_revoked`)."),
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
