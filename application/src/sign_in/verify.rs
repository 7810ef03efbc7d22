//! Sign in, step two: the code from the SMS, for an access token and a refresh token.

use domain::{AuthLevel, ChallengeId};
use persistence::login;

use super::challenge_invalid;
use super::session::{self, Origin, Tokens};
use crate::auth::code;
use crate::auth::throttle::{self, Limit};
use crate::error::{AppError, AppResult, AuthFailure};
use crate::security_events::{self, Event, Kind};
use crate::App;

pub struct VerifyCode {
    pub challenge_id: ChallengeId,
    /// Six digits, as typed.
    pub code: String,
    /// Where the request came from: for throttling and the session list.
    pub origin: Origin,
}

enum Outcome {
    SignedIn(session::Started),
    WrongCode { remaining: i32 },
    Invalid,
}

/// A code works once, within its lifetime; five wrong codes end the attempt. Wrong codes are
/// also counted per account and per client address, over all attempts.
pub async fn verify(app: &App, cmd: VerifyCode) -> AppResult<Tokens> {
    let outcome = app
        .write(move |conn, ctx| {
            let now = ctx.now();
            let Some(ch) = login::find(conn, &cmd.challenge_id)? else {
                return Ok(Outcome::Invalid);
            };
            if ch.consumed_at.is_some() || ch.expires_at <= now || ch.attempts >= throttle::CODE_ATTEMPTS {
                return Ok(Outcome::Invalid);
            }
            let address = &cmd.origin.client_address;
            let (account_limit, addr_limit) = (Limit::code_account(&ch.account_id), Limit::code_address(address));
            throttle::check(conn, &[&account_limit], now)?;
            throttle::check_address(conn, &addr_limit, Some(&ch.account_id), address, now)?;
            if !code::matches(ch.id.as_str(), &cmd.code, &ch.code_hash) {
                login::record_wrong_code(conn, &ch.id)?;
                throttle::count(conn, &[&account_limit, &addr_limit], now)?;
                let event = Event::new(Kind::CodeFailed).account(&ch.account_id).from_address(address);
                security_events::record(conn, event, now)?;
                tracing::info!(event = "login_code_wrong", account_id = %ch.account_id, "wrong code");
                return Ok(Outcome::WrongCode { remaining: throttle::CODE_ATTEMPTS - ch.attempts - 1 });
            }
            if !login::consume(conn, &ch.id, now)? {
                return Ok(Outcome::Invalid);
            }
            account_limit.reset(conn)?;
            throttle::remember_address(conn, &ch.account_id, address, now)?;
            let started = session::start(conn, &ch.account_id, AuthLevel::PasswordAndSms, &cmd.origin, now)?;
            let event = Event::new(Kind::SignInSucceeded)
                .account(&ch.account_id)
                .from_address(address)
                .detail(started.session_id.as_str());
            security_events::record(conn, event, now)?;
            tracing::info!(event = "login_succeeded", account_id = %ch.account_id, session_id = %started.session_id, "signed in");
            Ok(Outcome::SignedIn(started))
        })
        .await?;
    match outcome {
        Outcome::SignedIn(started) => session::tokens(app, started),
        Outcome::WrongCode { remaining } if remaining > 0 => {
            Err(AppError::Unauthenticated(AuthFailure::InvalidCode {
                remaining,
            }))
        }
        Outcome::WrongCode { .. } | Outcome::Invalid => Err(challenge_invalid()),
    }
}
