use actix_web::{get, web, HttpResponse};
use diesel::connection::SimpleConnection;

use crate::http::dto::keys::Jwks;
use crate::http::dto::Status;
use crate::http::problem::ApiResult;
use app::{App, AppError};

/// Liveness.
///
/// The process answers.
#[utoipa::path(
    operation_id = "get_health_live",
    tag = "health",
    responses((status = 200, description = "Alive.", body = Status)),
)]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Status {
        status: "ok".into(),
    })
}

/// Readiness.
///
/// The database answers.
#[utoipa::path(
    operation_id = "get_health_ready",
    tag = "health",
    responses(
        (status = 200, description = "Ready: the database answered.", body = Status),
        (status = 503, description = "The database does not answer."),
    ),
)]
#[get("/health/ready")]
pub async fn ready(
    app: web::Data<App>,
    committed: web::Data<crate::http::contract::Committed>,
) -> ApiResult<HttpResponse> {
    // Ready means serving at full speed: the committed contract (the request schemas, the route
    // table), read on a thread from the start, is read before the first 200.
    if !committed.is_read() {
        let committed = committed.clone();
        let _ = actix_web::rt::task::spawn_blocking(move || committed.read()).await;
    }
    app.read(|conn, _| {
        conn.batch_execute("SELECT 1")
            .map_err(|e| AppError::Unavailable(format!("readiness: {e}")))
    })
    .await?;
    Ok(HttpResponse::Ok().json(Status {
        status: "ok".into(),
    }))
}

/// Token signing keys.
///
/// The public keys that verify access tokens (JWKS, RFC 7517).
#[utoipa::path(
    operation_id = "get_jwks",
    tag = "auth",
    responses((status = 200, description = "The key set.", body = Jwks)),
)]
#[get("/.well-known/jwks.json")]
pub async fn jwks(app: web::Data<App>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .json(Jwks::of(app.keys.public_keys()))
}
