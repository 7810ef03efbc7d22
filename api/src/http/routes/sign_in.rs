//! Sign-in: email + password, then the SMS code; refresh-token rotation; logout.

use actix_web::http::header;
use actix_web::{post, web, HttpRequest, HttpResponse};
use domain::{ChallengeId, Email};

use crate::http::dto::auth::{
    LoginChallenge, LoginRequest, RefreshRequest, ResendRequest, TokenResponse, VerifyRequest,
};
use crate::http::dto::body::Json;
use crate::http::dto::validate;
use crate::http::extract::Bearer;
use crate::http::extract::{client_address, origin};
use crate::http::problem::{ApiError, ApiResult, Problem};
use app::error::{AppError, AuthFailure};
use app::principal::Person;
use app::sign_in::{
    self, refresh::RefreshTokens, resend::ResendCode, start::StartSignIn, verify::VerifyCode,
};
use app::App;

fn no_store(body: impl serde::Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

/// A challenge id that is not even of the right form is an attempt that does not exist.
fn challenge_id(raw: &str) -> Result<ChallengeId, ApiError> {
    ChallengeId::parse(raw).ok_or(ApiError::App(AppError::Unauthenticated(
        AuthFailure::ChallengeInvalid,
    )))
}

/// Sign in: email and password.
///
/// Step one of two. On success a 6-digit code is sent by SMS to the account's phone and a
/// challenge is returned; send the code to `POST /v1/auth/login/verify`. A wrong email and a
/// wrong password get the same answer.
#[utoipa::path(
    operation_id = "create_login_challenge",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Password accepted; a code was sent by SMS.", body = LoginChallenge),
        (status = 401, description = "Wrong email or password (the same answer for both).", body = Problem, content_type = "application/problem+json",
            headers(("WWW-Authenticate" = String, description = "`Bearer realm=\"id06\"`"))),
        (status = 422, description = "The body is not of the required shape."),
        (status = 429, description = "Too many failed attempts or codes; see `Retry-After`.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ),
)]
#[post("/auth/login")]
pub async fn create_login_challenge(
    app: web::Data<App>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    validate(&*body)?;
    let LoginRequest { email, password } = body.into_inner();
    let email = Email::parse(&email)
        .map_err(|e| ApiError::validation(vec![app::FieldError::invalid("email", &e)]))?;
    let challenge = sign_in::start::start(
        &app,
        StartSignIn {
            email,
            password,
            client_address: client_address(&req),
        },
    )
    .await?;
    Ok(no_store(LoginChallenge::from(challenge)))
}

/// Sign in: the SMS code.
///
/// Step two of two: returns an access token (send it as `Authorization: Bearer ...`) and a
/// refresh token.
#[utoipa::path(
    operation_id = "verify_login_challenge",
    tag = "auth",
    request_body = VerifyRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenResponse),
        (status = 401, description = "Wrong code (`invalid_code`), or the challenge expired, was used or had 5 wrong codes (`challenge_invalid`).", body = Problem, content_type = "application/problem+json",
            headers(("WWW-Authenticate" = String, description = "`Bearer realm=\"id06\"`"))),
        (status = 422, description = "The body is not of the required shape."),
        (status = 429, description = "Too many wrong codes for this account or from this address (`rate_limited`); try again after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until another attempt is allowed."))),
    ),
)]
#[post("/auth/login/verify")]
pub async fn verify_login_challenge(
    app: web::Data<App>,
    req: HttpRequest,
    body: Json<VerifyRequest>,
) -> ApiResult<HttpResponse> {
    validate(&*body)?;
    let VerifyRequest {
        challenge_id: raw,
        code,
    } = body.into_inner();
    let command = VerifyCode {
        challenge_id: challenge_id(&raw)?,
        code,
        origin: origin(&req),
    };
    let tokens = sign_in::verify::verify(&app, command).await?;
    Ok(no_store(TokenResponse::from(tokens)))
}

/// Send a new sign-in code.
///
/// For the same sign-in attempt; the previous code stops working.
#[utoipa::path(
    operation_id = "resend_login_code",
    tag = "auth",
    request_body = ResendRequest,
    responses(
        (status = 200, description = "A new code was sent.", body = LoginChallenge),
        (status = 401, description = "The challenge expired, was used or had too many wrong codes.", body = Problem, content_type = "application/problem+json",
            headers(("WWW-Authenticate" = String, description = "`Bearer realm=\"id06\"`"))),
        (status = 422, description = "The body is not of the required shape."),
        (status = 429, description = "Too soon after the last code, or too many codes; see `Retry-After`.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ),
)]
#[post("/auth/login/resend")]
pub async fn resend_login_code(
    app: web::Data<App>,
    req: HttpRequest,
    body: Json<ResendRequest>,
) -> ApiResult<HttpResponse> {
    validate(&*body)?;
    let command = ResendCode {
        challenge_id: challenge_id(&body.into_inner().challenge_id)?,
        client_address: client_address(&req),
    };
    let challenge = sign_in::resend::resend(&app, command).await?;
    Ok(no_store(LoginChallenge::from(challenge)))
}

/// Refresh the tokens.
///
/// New tokens for a refresh token, which is used up. Presenting a used refresh token again ends
/// the whole session (it was likely stolen).
#[utoipa::path(
    operation_id = "refresh_tokens",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens.", body = TokenResponse),
        (status = 401, description = "Invalid, expired or reused refresh token.", body = Problem, content_type = "application/problem+json",
            headers(("WWW-Authenticate" = String, description = "`Bearer realm=\"id06\"`"))),
        (status = 422, description = "The body is not of the required shape."),
    ),
)]
#[post("/auth/refresh")]
pub async fn refresh_tokens(
    app: web::Data<App>,
    body: Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    validate(&*body)?;
    let command = RefreshTokens {
        refresh_token: body.into_inner().refresh_token,
    };
    let tokens = sign_in::refresh::refresh(&app, command).await?;
    Ok(no_store(TokenResponse::from(tokens)))
}

/// Sign out.
///
/// The session ends, and its access and refresh tokens stop working at once.
#[utoipa::path(
    operation_id = "logout",
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 204, description = "Signed out.")),
)]
#[post("/auth/logout")]
pub async fn logout(app: web::Data<App>, Bearer(credentials): Bearer) -> ApiResult<HttpResponse> {
    app.write_as(credentials, (), |conn, who: &Person, cmd, clock| {
        sign_in::logout::logout(conn, who, cmd, clock)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
