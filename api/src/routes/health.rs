use actix_web::{get, web, HttpResponse};
use diesel::connection::SimpleConnection;

use crate::auth::token::Jwks;
use crate::dto::Status;
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::{blocking, AppState};

/// Liveness: the process answers.
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

/// Readiness: the database answers.
#[utoipa::path(
    operation_id = "get_health_ready",
    tag = "health",
    responses(
        (status = 200, description = "Ready: the database answered.", body = Status),
        (status = 503, description = "The database does not answer.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    blocking(move || {
        state.db.read(|conn| {
            conn.batch_execute("SELECT 1")
                .map_err(|e| ApiError::Unavailable(format!("readiness: {e}")))
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(Status {
        status: "ok".into(),
    }))
}

/// The public keys that verify access tokens (JWKS, RFC 7517).
#[utoipa::path(
    operation_id = "get_jwks",
    tag = "auth",
    responses((status = 200, description = "The key set.", body = Jwks)),
)]
#[get("/.well-known/jwks.json")]
pub async fn jwks(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .json(state.keys.jwks())
}
