//! The OAuth2 token endpoint for machine clients (RFC 6749 §4.4, client credentials). Its
//! errors are RFC 6749 §5.2 documents (`error`, `error_description`), with this API's problem
//! fields beside them.

use actix_web::http::header::{self, HeaderMap};
use actix_web::web::Bytes;
use actix_web::{post, web, HttpRequest, HttpResponse};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use crate::http::dto::clients::{ClientTokenResponse, OAuthError, OAuthErrorCode, TokenForm};
use crate::http::extract::client_address;
use crate::http::middleware::current_request_id;
use crate::http::problem::{ApiError, ApiResult, Problem, ProblemCode};
use app::clients::token::{self, TokenError, TokenRequest};
use app::App;

fn oauth_error(status: u16, error: OAuthErrorCode, description: &str) -> HttpResponse {
    let (code, title) = match error {
        OAuthErrorCode::InvalidRequest => (ProblemCode::InvalidRequest, "Bad Request"),
        OAuthErrorCode::InvalidClient => (ProblemCode::InvalidClient, "Unauthorized"),
        OAuthErrorCode::UnsupportedGrantType => (ProblemCode::UnsupportedGrantType, "Bad Request"),
        OAuthErrorCode::InvalidScope => (ProblemCode::InvalidScope, "Bad Request"),
    };
    let body = OAuthError {
        error,
        error_description: description.to_owned(),
        type_: format!("urn:id06:problem:{}", code.as_str()),
        title: title.to_owned(),
        status,
        detail: description.to_owned(),
        instance: format!("urn:id06:request:{}", current_request_id()),
        code,
    };
    let mut res = HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST),
    );
    res.insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"));
    if status == 401 {
        res.insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"id06\""));
    }
    res.json(body)
}

fn invalid_request(description: &str) -> HttpResponse {
    oauth_error(400, OAuthErrorCode::InvalidRequest, description)
}

fn invalid_client() -> HttpResponse {
    oauth_error(
        401,
        OAuthErrorCode::InvalidClient,
        "Unknown client, wrong secret, or a revoked client.",
    )
}

/// `client_id:client_secret` from HTTP Basic, each form-encoded (RFC 6749 §2.3.1). `Err` for an
/// Authorization header of another scheme or that does not decode.
fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, ()> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| ())?;
    let (scheme, encoded) = value.split_once(' ').ok_or(())?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(());
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| ())?;
    let text = String::from_utf8(decoded).map_err(|_| ())?;
    let (id, secret) = text.split_once(':').ok_or(())?;
    let unescape = |s: &str| -> Result<String, ()> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={s}"))
            .ok()
            .and_then(|v| v.into_iter().next().map(|(_, v)| v))
            .ok_or(())
    };
    Ok(Some((unescape(id)?, unescape(secret)?)))
}

/// The form's parameters; `Err` for a parameter given twice (RFC 6749 §3.2).
fn parameters(body: &[u8]) -> Result<TokenForm, &'static str> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(body).map_err(|_| "The body is not a valid form.")?;
    let mut form = TokenForm {
        grant_type: String::new(),
        scope: None,
        client_id: None,
        client_secret: None,
    };
    let mut seen: Vec<&str> = Vec::new();
    for (name, value) in &pairs {
        let slot = match name.as_str() {
            "grant_type" => "grant_type",
            "scope" => "scope",
            "client_id" => "client_id",
            "client_secret" => "client_secret",
            // Unknown parameters are ignored (RFC 6749 §3.2).
            _ => continue,
        };
        if seen.contains(&slot) {
            return Err("A parameter is given more than once.");
        }
        seen.push(slot);
        match slot {
            "grant_type" => form.grant_type = value.clone(),
            "scope" => form.scope = Some(value.clone()),
            "client_id" => form.client_id = Some(value.clone()),
            _ => form.client_secret = Some(value.clone()),
        }
    }
    Ok(form)
}

/// Get an access token for a machine client.
///
/// OAuth 2.0 client credentials (RFC 6749 §4.4): the `tokenUrl` of the `client_credentials`
/// security scheme. The client authenticates in the request itself, with HTTP Basic
/// (`client_id:client_secret`, RFC 6749 §2.3.1) or with `client_id` and `client_secret` in the
/// form, not both.
/// The token is a short-lived JWT with the client's role, scopes and company, for this API's
/// machine operations (and an integrator's company operations); a person's operations do not
/// take it. Errors are RFC 6749 §5.2 documents.
#[utoipa::path(
    operation_id = "create_client_token",
    tag = "machine clients",
    security(()),
    request_body(content = TokenForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "The token (not to be cached: `Cache-Control: no-store`).", body = ClientTokenResponse),
        (status = 400, description = "A malformed request or a parameter given twice (`invalid_request`), a grant type other than `client_credentials` (`unsupported_grant_type`), or a scope the client does not hold (`invalid_scope`).", body = OAuthError, content_type = "application/json"),
        (status = 401, description = "Unknown client, wrong secret or a revoked client (`invalid_client`).", body = OAuthError, content_type = "application/json",
            headers(("WWW-Authenticate" = String, description = "`Basic realm=\"id06\"`"))),
        (status = 415, description = "The body is not `application/x-www-form-urlencoded` (`invalid_request`).", body = OAuthError, content_type = "application/json"),
        (status = 429, description = "Too many failed attempts from your address or for this client; wait `Retry-After` seconds.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until another attempt is allowed."))),
    ),
)]
#[post("/oauth/token")]
pub async fn create_client_token(
    app: web::Data<App>,
    req: HttpRequest,
    body: Bytes,
) -> ApiResult<HttpResponse> {
    let form_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| {
            t.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !form_type {
        return Ok(oauth_error(
            415,
            OAuthErrorCode::InvalidRequest,
            "Send the parameters as application/x-www-form-urlencoded.",
        ));
    }
    let form = match parameters(&body) {
        Ok(f) => f,
        Err(why) => return Ok(invalid_request(why)),
    };
    let Ok(basic) = basic_credentials(req.headers()) else {
        return Ok(invalid_client());
    };
    let in_body = form.client_id.clone().zip(form.client_secret.clone());
    let (client_id, client_secret) = match (basic, in_body) {
        (Some(_), _) if form.client_id.is_some() || form.client_secret.is_some() => {
            return Ok(invalid_request(
                "Authenticate with HTTP Basic or with the form, not both.",
            ))
        }
        (Some(c), _) | (None, Some(c)) => c,
        (None, None) => return Ok(invalid_client()),
    };
    match form.grant_type.as_str() {
        "client_credentials" => {}
        "" => return Ok(invalid_request("grant_type is required.")),
        _ => {
            return Ok(oauth_error(
                400,
                OAuthErrorCode::UnsupportedGrantType,
                "Only the client_credentials grant is supported.",
            ))
        }
    }
    let request = TokenRequest {
        client_id,
        client_secret,
        scope: form.scope,
        client_address: client_address(&req),
    };
    match token::issue(&app, request).await {
        Ok(t) => Ok(HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header((header::PRAGMA, "no-cache"))
            .json(ClientTokenResponse::from(&t))),
        Err(TokenError::InvalidClient) => Ok(invalid_client()),
        Err(TokenError::InvalidScope(why)) => {
            Ok(oauth_error(400, OAuthErrorCode::InvalidScope, &why))
        }
        Err(TokenError::RateLimited { retry_after_secs }) => {
            Err(ApiError::App(app::AppError::RateLimited {
                retry_after_secs,
            }))
        }
        Err(TokenError::Other(e)) => Err(ApiError::App(e)),
    }
}
