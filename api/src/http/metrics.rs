//! `GET /metrics`: the Prometheus text, for a scraper holding `ID06_METRICS_TOKEN`. Without a
//! configured token the route answers 404, so metrics are never public by accident. It is an
//! operations endpoint, not part of the API contract.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use metrics_exporter_prometheus::PrometheusHandle;
use subtle::ConstantTimeEq;

use crate::http::problem::{ApiError, ApiResult};
use app::App;

pub struct MetricsAccess {
    pub token: Option<String>,
    pub handle: Option<PrometheusHandle>,
}

pub async fn serve(
    req: HttpRequest,
    access: web::Data<MetricsAccess>,
    app: web::Data<App>,
) -> ApiResult<HttpResponse> {
    let (Some(token), Some(handle)) = (&access.token, &access.handle) else {
        return Err(ApiError::not_found());
    };
    let sent = super::authorization::bearer(req.headers()).unwrap_or_default();
    let same: bool = sent.as_bytes().ct_eq(token.as_bytes()).into();
    if !same {
        return Err(ApiError::App(app::AppError::Unauthenticated(
            app::error::AuthFailure::InvalidToken,
        )));
    }
    crate::allocator::record();
    let (handle, db, clock) = (handle.clone(), app.db.clone(), app.clock.clone());
    let text = app::blocking(move || app::metrics::render(&handle, &db, &clock)).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(text))
}
