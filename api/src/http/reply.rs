//! Responses of writes that may be replayed (`Idempotency-Key`): the body, status and ETag are
//! what was saved; `Location` of a created resource is derived from the body's `id`, so a replay
//! carries it too.

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;

use app::idempotency::Reply;
use app::{AppError, AppResult};

pub fn respond(reply: Reply) -> HttpResponse {
    let status = StatusCode::from_u16(reply.code).unwrap_or(StatusCode::OK);
    let mut r = HttpResponse::build(status);
    r.content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if let Some(etag) = reply.tag {
        r.insert_header((header::ETAG, etag));
    }
    if reply.replayed {
        r.insert_header(("Idempotent-Replayed", "true"));
    }
    r.body(reply.body)
}

/// A response builder that tells caches not to keep the answer (it is the caller's own data).
pub fn no_store(mut r: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    r.insert_header((header::CACHE_CONTROL, "no-store"));
    r
}

/// `201 Created` with `Location: {collection}/{id}`.
pub fn created(reply: Reply, collection: &str) -> HttpResponse {
    let id = serde_json::from_str::<serde_json::Value>(&reply.body)
        .ok()
        .and_then(|v| v.get("id").and_then(|id| id.as_str()).map(str::to_owned));
    let mut response = respond(reply);
    if let Some(id) = id {
        if let Ok(v) = header::HeaderValue::from_str(&format!("{collection}/{id}")) {
            response.headers_mut().insert(header::LOCATION, v);
        }
    }
    response
}

pub fn json_reply<T: serde::Serialize>(
    value: &T,
    status: u16,
    etag: Option<String>,
) -> AppResult<Reply> {
    let body =
        serde_json::to_string(value).map_err(|e| AppError::Internal(format!("serialize: {e}")))?;
    Ok(Reply {
        code: status,
        body,
        tag: etag,
        replayed: false,
    })
}
