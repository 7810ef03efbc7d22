//! Sign in, step one: email and password. On success a code is sent by SMS.

use domain::{ChallengeId, Email};
use persistence::{accounts, login, NewChallenge};

use super::{challenge, code_message, Challenge, CODE_TTL};
use crate::auth::password;
use crate::auth::throttle::{self, Limit};
use crate::error::{AppError, AppResult, AuthFailure};
use crate::security_events::{self, Event, Kind};
use crate::{ids, outbox, App};

pub struct StartSignIn {
    pub email: Email,
    pub password: String,
    /// The client's address, for throttling.
    pub client_address: domain::ClientAddress,
}

/// A wrong email and a wrong password get the same answer in the same time; failures are
/// throttled per email and per client address (an address over its limit still lets in the
/// accounts that signed in from it before).
pub async fn start(app: &App, cmd: StartSignIn) -> AppResult<Challenge> {
    let StartSignIn {
        email,
        password,
        client_address,
    } = cmd;
    let email_limit = Limit::email(email.as_str());
    let addr_limit = Limit::sign_in_address(&client_address);
    let (el, al) = (email_limit.clone(), addr_limit.clone());
    let (tried, address) = (email.as_str().to_owned(), client_address);
    let admitted = app
        .read(move |conn, ctx| {
            let now = ctx.now();
            throttle::check(conn, &[&el], now)?;
            let account = accounts::find_by_email(conn, email.as_str())?;
            let id = account.as_ref().map(|a| &a.id);
            throttle::check_address(conn, &al, id, &client_address, now)?;
            Ok(account)
        })
        .await;
    let account = match admitted {
        Err(e @ AppError::RateLimited { .. }) => {
            let (t, a) = (tried.clone(), address);
            app.write(move |conn, ctx| {
                let event = Event::new(Kind::SignInThrottled).email(&t).from_address(&a);
                security_events::record(conn, event, ctx.now())
            })
            .await?;
            return Err(e);
        }
        other => other?,
    };
    let known = account.as_ref().map(|a| a.id.clone());
    // An unknown email is verified against a dummy hash so both take the same time.
    let stored = account
        .as_ref()
        .map_or_else(|| app.dummy_hash.clone(), |a| a.password_hash.clone());
    let password_ok = app
        .passwords
        .run(move || password::verify(&password, &stored))
        .await?;
    let Some(account) = account.filter(|_| password_ok) else {
        app.write(move |conn, ctx| {
            let now = ctx.now();
            throttle::count(conn, &[&email_limit, &addr_limit], now)?;
            let mut event = Event::new(Kind::SignInFailed)
                .email(&tried)
                .from_address(&address);
            if let Some(id) = &known {
                event = event.account(id);
            }
            security_events::record(conn, event, now)
        })
        .await?;
        tracing::info!(event = "login_failed", "wrong email or password");
        return Err(AppError::Unauthenticated(AuthFailure::InvalidCredentials));
    };
    let challenge = app
        .write(move |conn, ctx| {
            let now = ctx.now();
            let sms = Limit::sms(&account.id);
            throttle::check(conn, &[&sms], now)?;
            throttle::count(conn, &[&sms], now)?;
            email_limit.reset(conn)?;
            let id: ChallengeId = ids::new();
            let (sms, code_hash) = code_message(&id, &account.phone, account.language)?;
            outbox::queue(conn, ctx, sms, now)?;
            let expires_at = now + CODE_TTL;
            login::insert(
                conn,
                &NewChallenge {
                    id: &id,
                    account_id: &account.id,
                    code_hash: &code_hash,
                    expires_at,
                    last_sent_at: now,
                    created_at: now,
                },
            )?;
            tracing::info!(event = "login_challenge", account_id = %account.id, "password accepted, code queued");
            challenge(id, &account.phone, expires_at, now)
        })
        .await?;
    Ok(challenge)
}
