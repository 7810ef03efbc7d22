//! Sign in, step one: email and password. On success a code is sent by SMS.

use domain::{ChallengeId, Email};
use persistence::{accounts, login, rate_limits, NewChallenge};

use super::{challenge, code_message, Challenge, CODE_TTL};
use crate::app::auth::{password, throttle};
use crate::app::error::{AppError, AppResult, AuthFailure};
use crate::app::{ids, outbox, App};

pub struct StartSignIn {
    pub email: Email,
    pub password: String,
    /// The client's address, for throttling.
    pub client_address: String,
}

/// A wrong email and a wrong password get the same answer in the same time; failures are
/// throttled per email and per client address.
pub async fn start(app: &App, cmd: StartSignIn) -> AppResult<Challenge> {
    let StartSignIn {
        email,
        password,
        client_address,
    } = cmd;
    let email_key = throttle::email_key(email.as_str());
    let addr_key = throttle::address_key(&client_address);
    let limits = [email_key.clone(), addr_key.clone()];
    let account = app
        .read(move |conn, clock| {
            throttle::check(
                conn,
                &[
                    (&limits[0], throttle::FAILURES_PER_EMAIL),
                    (&limits[1], throttle::FAILURES_PER_ADDRESS),
                ],
                clock.now(),
            )?;
            Ok(accounts::find_by_email(conn, email.as_str())?)
        })
        .await?;
    // An unknown email is verified against a dummy hash so both take the same time.
    let stored = account
        .as_ref()
        .map_or_else(|| app.dummy_hash.clone(), |a| a.password_hash.clone());
    let password_ok = app
        .passwords
        .run(move || password::verify(&password, &stored))
        .await?;
    let Some(account) = account.filter(|_| password_ok) else {
        app.write(move |conn, clock| throttle::count(conn, &[&email_key, &addr_key], clock.now()))
            .await?;
        tracing::info!(event = "login_failed", "wrong email or password");
        return Err(AppError::Unauthenticated(AuthFailure::InvalidCredentials));
    };
    let challenge = app
        .write(move |conn, clock| {
            let now = clock.now();
            let sms_key = throttle::sms_key(account.id.as_str());
            throttle::check(conn, &[(&sms_key, throttle::CHALLENGES_PER_ACCOUNT)], now)?;
            throttle::count(conn, &[&sms_key], now)?;
            rate_limits::reset(conn, &email_key)?;
            let id: ChallengeId = ids::new();
            let (sms, code_hash) = code_message(&id, &account.phone)?;
            outbox::queue(conn, sms, now)?;
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
    app.outbox_wakeup.notify_one();
    Ok(challenge)
}
