//! Sign-in: email + password, then the SMS code; refresh-token rotation; logout.

use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::{NaiveDateTime, TimeDelta};
use domain::{Email, PhoneNumber};
use persistence::{
    accounts, login, outbox, rate_limits, sessions, DbConn, NewChallenge, NewRefreshToken,
    NewSession, NewSms,
};

use crate::auth::principal::Bearer;
use crate::auth::token::ACCESS_TTL_SECS;
use crate::auth::{code, password};
use crate::dto::auth::{
    LoginChallenge, LoginRequest, RefreshRequest, ResendRequest, TokenResponse, VerifyRequest,
};
use crate::dto::validate;
use crate::error::{ApiError, ApiResult, FieldError, Problem};
use crate::ids::{hash_secret, new_id, new_secret};
use crate::state::{blocking, AppState};
use crate::throttle;

/// How long a code works.
const CODE_TTL: TimeDelta = TimeDelta::minutes(5);
/// How long before another code may be sent.
const RESEND_COOLDOWN: TimeDelta = TimeDelta::seconds(30);
/// Codes one challenge may send in all.
const MAX_SENDS: i32 = 3;
/// A session's absolute lifetime: after it, sign in again.
const SESSION_TTL: TimeDelta = TimeDelta::hours(12);
/// A refresh token unused this long expires (the idle timeout).
const REFRESH_IDLE: TimeDelta = TimeDelta::minutes(30);

fn invalid_credentials() -> ApiError {
    ApiError::Unauthorized {
        code: "invalid_credentials",
        detail: "Wrong email or password.".into(),
        bearer: false,
    }
}

fn challenge_invalid() -> ApiError {
    ApiError::Unauthorized {
        code: "challenge_invalid",
        detail: "This sign-in attempt has expired, was used, or had too many wrong codes. Sign in again.".into(),
        bearer: false,
    }
}

fn invalid_refresh() -> ApiError {
    ApiError::Unauthorized {
        code: "invalid_refresh_token",
        detail: "The refresh token is invalid or expired. Sign in again.".into(),
        bearer: false,
    }
}

fn client_address(req: &HttpRequest) -> String {
    req.peer_addr()
        .map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string())
}

fn sms_text(code: &str) -> String {
    format!(
        "Your ID06 sign-in code is {code}. It expires in {} minutes. Never share it with anyone.",
        CODE_TTL.num_minutes()
    )
}

/// Queues the SMS with a fresh code; returns the code's hash for the challenge row.
fn send_code(
    conn: &mut DbConn,
    challenge_id: &str,
    phone: &str,
    now: NaiveDateTime,
) -> ApiResult<String> {
    let code = code::generate().map_err(ApiError::Internal)?;
    outbox::enqueue(
        conn,
        &NewSms {
            id: &new_id("sms"),
            recipient: phone,
            body: &sms_text(&code),
            attempts: 0,
            next_attempt_at: now,
            locked_until: None,
            sent_at: None,
            last_error: None,
            created_at: now,
        },
    )?;
    Ok(code::hash(challenge_id, &code))
}

fn challenge_view(
    id: String,
    phone: &str,
    expires_at: NaiveDateTime,
    last_sent_at: NaiveDateTime,
) -> ApiResult<LoginChallenge> {
    let phone =
        PhoneNumber::parse(phone).map_err(|e| ApiError::Internal(format!("stored phone: {e}")))?;
    Ok(LoginChallenge {
        challenge_id: id,
        expires_at: expires_at.and_utc(),
        phone_hint: phone.masked(),
        resend_after: (last_sent_at + RESEND_COOLDOWN).and_utc(),
    })
}

/// Sign in, step one: email and password. On success a 6-digit code is sent by SMS to the
/// account's phone. A wrong email and a wrong password get the same answer.
#[utoipa::path(
    operation_id = "create_login_challenge",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Password accepted; a code was sent by SMS.", body = LoginChallenge),
        (status = 401, description = "Wrong email or password (the same answer for both).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The body is not of the required shape.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts or codes; see `Retry-After`.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ),
)]
#[post("/auth/login")]
pub async fn create_login_challenge(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    validate(&*body)?;
    let LoginRequest { email, password } = body.into_inner();
    let email = Email::parse(&email)
        .map_err(|e| ApiError::validation(vec![FieldError::new("email", e.code, e.message)]))?;
    let addr_key = throttle::address_key(&client_address(&req));
    let email_key = throttle::email_key(email.as_str());
    let now = persistence::now();
    let (st, lookup_email, limits) = (
        state.clone(),
        email.clone(),
        [email_key.clone(), addr_key.clone()],
    );
    let account = blocking(move || {
        st.db.read(|conn| {
            throttle::check(
                conn,
                &[
                    (&limits[0], throttle::FAILURES_PER_EMAIL),
                    (&limits[1], throttle::FAILURES_PER_ADDRESS),
                ],
                now,
            )?;
            Ok(accounts::find_by_email(conn, lookup_email.as_str())?)
        })
    })
    .await?;
    // Verify against a dummy hash for an unknown email so both take the same time.
    let stored = account
        .as_ref()
        .map_or_else(|| state.dummy_hash.clone(), |a| a.password_hash.clone());
    let password_ok = state
        .passwords
        .run(move || password::verify(&password, &stored))
        .await?;
    let st = state.clone();
    let challenge = blocking(move || {
        let Some(account) = account.filter(|_| password_ok) else {
            st.db.write(|conn| throttle::count(conn, &[&email_key, &addr_key], now))?;
            tracing::info!(event = "login_failed", "wrong email or password");
            return Err(invalid_credentials());
        };
        st.db.write(|conn| {
            let sms_key = throttle::sms_key(&account.id);
            throttle::check(conn, &[(&sms_key, throttle::CHALLENGES_PER_ACCOUNT)], now)?;
            throttle::count(conn, &[&sms_key], now)?;
            rate_limits::reset(conn, &email_key)?;
            let id = new_id("lch");
            let code_hash = send_code(conn, &id, &account.phone, now)?;
            let expires_at = now + CODE_TTL;
            login::insert(
                conn,
                &NewChallenge { id: &id, account_id: &account.id, code_hash: &code_hash, attempts: 0, sends: 1, expires_at, last_sent_at: now, consumed_at: None, created_at: now },
            )?;
            tracing::info!(event = "login_challenge", account_id = %account.id, "password accepted, code queued");
            challenge_view(id, &account.phone, expires_at, now)
        })
    })
    .await?;
    state.sms_wakeup.notify_one();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(challenge))
}

enum VerifyOutcome {
    Session {
        account_id: String,
        session_id: String,
        refresh_token: String,
    },
    WrongCode {
        remaining: i32,
    },
    Invalid,
}

/// Sign in, step two: the code from the SMS. Returns an access token and a refresh token.
#[utoipa::path(
    operation_id = "verify_login_challenge",
    tag = "auth",
    request_body = VerifyRequest,
    responses(
        (status = 200, description = "Signed in.", body = TokenResponse),
        (status = 401, description = "Wrong code (`invalid_code`), or the challenge expired, was used or had 5 wrong codes (`challenge_invalid`).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The body is not of the required shape.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/auth/login/verify")]
pub async fn verify_login_challenge(
    state: web::Data<AppState>,
    body: web::Json<VerifyRequest>,
) -> ApiResult<HttpResponse> {
    validate(&*body)?;
    let VerifyRequest {
        challenge_id,
        code: typed,
    } = body.into_inner();
    let st = state.clone();
    let outcome = blocking(move || {
        let now = persistence::now();
        st.db.write(|conn| {
            let Some(ch) = login::find(conn, &challenge_id)? else {
                return Ok::<_, ApiError>(VerifyOutcome::Invalid);
            };
            if ch.consumed_at.is_some() || ch.expires_at <= now || ch.attempts >= throttle::CODE_ATTEMPTS {
                return Ok(VerifyOutcome::Invalid);
            }
            if !code::matches(&ch.id, &typed, &ch.code_hash) {
                login::record_wrong_code(conn, &ch.id)?;
                tracing::info!(event = "login_code_wrong", account_id = %ch.account_id, "wrong code");
                return Ok(VerifyOutcome::WrongCode { remaining: throttle::CODE_ATTEMPTS - ch.attempts - 1 });
            }
            if !login::consume(conn, &ch.id, now)? {
                return Ok(VerifyOutcome::Invalid);
            }
            let (session_id, refresh_token) = start_session(conn, &ch.account_id, now)?;
            tracing::info!(event = "login_succeeded", account_id = %ch.account_id, session_id = %session_id, "signed in");
            Ok(VerifyOutcome::Session { account_id: ch.account_id, session_id, refresh_token })
        })
    })
    .await?;
    match outcome {
        VerifyOutcome::Session {
            account_id,
            session_id,
            refresh_token,
        } => tokens(&state, &account_id, &session_id, refresh_token),
        VerifyOutcome::WrongCode { remaining } if remaining > 0 => Err(ApiError::Unauthorized {
            code: "invalid_code",
            detail: format!("Wrong code. {remaining} attempt(s) left."),
            bearer: false,
        }),
        VerifyOutcome::WrongCode { .. } | VerifyOutcome::Invalid => Err(challenge_invalid()),
    }
}

fn start_session(
    conn: &mut DbConn,
    account_id: &str,
    now: NaiveDateTime,
) -> ApiResult<(String, String)> {
    let session_id = new_id("ses");
    let expires_at = now + SESSION_TTL;
    sessions::insert(
        conn,
        &NewSession {
            id: &session_id,
            account_id,
            auth_level: "pwd+sms",
            created_at: now,
            expires_at,
            revoked_at: None,
        },
    )?;
    let refresh = new_refresh(conn, &session_id, expires_at, now)?;
    Ok((session_id, refresh))
}

fn new_refresh(
    conn: &mut DbConn,
    session_id: &str,
    session_expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> ApiResult<String> {
    let token = new_secret("rt");
    sessions::insert_refresh(
        conn,
        &NewRefreshToken {
            token_hash: &hash_secret(&token),
            session_id,
            created_at: now,
            expires_at: (now + REFRESH_IDLE).min(session_expires_at),
            used_at: None,
        },
    )?;
    Ok(token)
}

fn tokens(
    state: &AppState,
    account_id: &str,
    session_id: &str,
    refresh_token: String,
) -> ApiResult<HttpResponse> {
    let access_token = state
        .keys
        .issue(account_id, session_id, chrono::Utc::now().timestamp())
        .map_err(ApiError::Internal)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(TokenResponse {
            access_token,
            token_type: "Bearer".into(),
            expires_in: ACCESS_TTL_SECS,
            refresh_token,
        }))
}

/// Sends a new code for the same sign-in attempt; the previous code stops working.
#[utoipa::path(
    operation_id = "resend_login_code",
    tag = "auth",
    request_body = ResendRequest,
    responses(
        (status = 200, description = "A new code was sent.", body = LoginChallenge),
        (status = 401, description = "The challenge expired, was used or had too many wrong codes.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The body is not of the required shape.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too soon after the last code, or too many codes; see `Retry-After`.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ),
)]
#[post("/auth/login/resend")]
pub async fn resend_login_code(
    state: web::Data<AppState>,
    body: web::Json<ResendRequest>,
) -> ApiResult<HttpResponse> {
    validate(&*body)?;
    let challenge_id = body.into_inner().challenge_id;
    let st = state.clone();
    let challenge = blocking(move || {
        let now = persistence::now();
        st.db.write(|conn| {
            let ch = login::find(conn, &challenge_id)?.ok_or_else(challenge_invalid)?;
            if ch.consumed_at.is_some()
                || ch.expires_at <= now
                || ch.attempts >= throttle::CODE_ATTEMPTS
            {
                return Err(challenge_invalid());
            }
            let ready_at = ch.last_sent_at + RESEND_COOLDOWN;
            if ready_at > now {
                return Err(ApiError::RateLimited {
                    retry_after_secs: (ready_at - now).num_seconds().max(1).unsigned_abs(),
                });
            }
            if ch.sends >= MAX_SENDS {
                return Err(ApiError::RateLimited {
                    retry_after_secs: (ch.expires_at - now).num_seconds().max(1).unsigned_abs(),
                });
            }
            let sms_key = throttle::sms_key(&ch.account_id);
            throttle::check(conn, &[(&sms_key, throttle::CHALLENGES_PER_ACCOUNT)], now)?;
            throttle::count(conn, &[&sms_key], now)?;
            let account = accounts::find(conn, &ch.account_id)?.ok_or_else(challenge_invalid)?;
            let code_hash = send_code(conn, &ch.id, &account.phone, now)?;
            let expires_at = now + CODE_TTL;
            login::replace_code(conn, &ch.id, &code_hash, expires_at, now)?;
            challenge_view(ch.id, &account.phone, expires_at, now)
        })
    })
    .await?;
    state.sms_wakeup.notify_one();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(challenge))
}

enum RefreshOutcome {
    Rotated {
        account_id: String,
        session_id: String,
        refresh_token: String,
    },
    Reused,
    Invalid,
}

/// New tokens for a refresh token, which is used up. Presenting a used refresh token again ends
/// the whole session (it was likely stolen).
#[utoipa::path(
    operation_id = "refresh_tokens",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens.", body = TokenResponse),
        (status = 401, description = "Invalid, expired or reused refresh token.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The body is not of the required shape.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/auth/refresh")]
pub async fn refresh_tokens(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    validate(&*body)?;
    let token_hash = hash_secret(&body.into_inner().refresh_token);
    let st = state.clone();
    let outcome = blocking(move || {
        let now = persistence::now();
        st.db.write(|conn| {
            let Some(rt) = sessions::find_refresh(conn, &token_hash)? else {
                return Ok::<_, ApiError>(RefreshOutcome::Invalid);
            };
            let Some(session) = sessions::find(conn, &rt.session_id)? else {
                return Ok(RefreshOutcome::Invalid);
            };
            if session.revoked_at.is_some() || session.expires_at <= now {
                return Ok(RefreshOutcome::Invalid);
            }
            let reused = rt.used_at.is_some() || (rt.expires_at > now && !sessions::use_refresh(conn, &token_hash, now)?);
            if reused {
                sessions::revoke(conn, &session.id, now)?;
                tracing::warn!(event = "refresh_token_reused", session_id = %session.id, "refresh token reused: session revoked");
                return Ok(RefreshOutcome::Reused);
            }
            if rt.expires_at <= now {
                return Ok(RefreshOutcome::Invalid);
            }
            let refresh_token = new_refresh(conn, &session.id, session.expires_at, now)?;
            Ok(RefreshOutcome::Rotated { account_id: session.account_id, session_id: session.id, refresh_token })
        })
    })
    .await?;
    match outcome {
        RefreshOutcome::Rotated {
            account_id,
            session_id,
            refresh_token,
        } => tokens(&state, &account_id, &session_id, refresh_token),
        RefreshOutcome::Reused | RefreshOutcome::Invalid => Err(invalid_refresh()),
    }
}

/// Signs out: the session ends, and its access and refresh tokens stop working at once.
#[utoipa::path(
    operation_id = "logout",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out."),
        (status = 401, description = "No valid access token.", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, bearer: Bearer) -> ApiResult<HttpResponse> {
    blocking(move || {
        let now = persistence::now();
        state.db.write(|conn| {
            let caller = bearer.session(conn, now)?;
            sessions::revoke(conn, &caller.session_id, now)?;
            tracing::info!(event = "logout", session_id = %caller.session_id, "signed out");
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
