//! The language of a request's human texts, chosen once from `Accept-Language`
//! (`domain::Language::negotiate`) and held for the request like its id, so problem documents,
//! reports and messages are written in it; every answer says which (`Content-Language`) and
//! that it varies by the header (`Vary: Accept-Language`), so caches keep languages apart.

use actix_web::dev::ServiceRequest;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use domain::Language;

tokio::task_local! {
    static CURRENT_LANGUAGE: Language;
}

/// The language of the request being handled (English outside one).
pub fn current() -> Language {
    CURRENT_LANGUAGE
        .try_with(|l| *l)
        .unwrap_or(Language::English)
}

/// The language a request asks for.
pub fn of_request(req: &ServiceRequest) -> Language {
    Language::negotiate(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// Runs `f` with `language` as the request's language.
pub async fn scope<F: std::future::Future>(language: Language, f: F) -> F::Output {
    CURRENT_LANGUAGE.scope(language, f).await
}

/// `Content-Language` and `Vary: Accept-Language` on an answer.
pub fn mark(headers: &mut HeaderMap, language: Language) {
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(language.as_str()),
    );
    let varies = headers
        .get_all(header::VARY)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().eq_ignore_ascii_case("accept-language") || v.trim() == "*");
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
    }
}
