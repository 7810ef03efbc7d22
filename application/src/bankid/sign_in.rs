//! Signing in with BankID, for people whose verified identity has a Swedish personal identity
//! number: start (no personal number is asked: the person is identified by the QR code or
//! autostart on their own device, as BankID requires), poll with the attempt's secret, and on
//! completion receive the same tokens as after password and SMS code — once. The session
//! records that it was started with BankID.

use crate::ProblemCode;
use std::net::IpAddr;

use domain::BankIdAttemptStatus;
use domain::{AuthLevel, BankIdAttemptId};
use persistence::bankid_attempts as attempts;
use persistence::{BankIdAttemptRow, DbConn};

use super::attempt::{self, AttemptView, NewAttempt, Purpose};
use super::client::AuthRequest;
use crate::auth::throttle::{self, Limit};
use crate::error::{AppError, AppResult};
use crate::ids;
use crate::security_events::{self, Event, Kind};
use crate::sign_in::session::{self, Origin, Tokens};
use crate::App;

/// BankID sign-ins one client address may start per throttle window.
const STARTS_PER_ADDRESS: i32 = 30;

pub struct StartSignIn {
    pub same_device: bool,
    pub end_user_ip: IpAddr,
    pub origin: Origin,
}

/// A started sign-in and the secret that polls it (given once, stored hashed).
pub struct SignInStarted {
    pub attempt: AttemptView,
    pub attempt_token: String,
}

pub async fn start(app: &App, cmd: StartSignIn) -> AppResult<SignInStarted> {
    let bankid = attempt::client(app)?;
    let address = cmd.origin.client_address;
    app.write(move |conn, ctx| {
        let limit = Limit::per_address("bankid", &address, STARTS_PER_ADDRESS);
        throttle::check(conn, &[&limit], ctx.now())?;
        throttle::count(conn, &[&limit], ctx.now())?;
        Ok(())
    })
    .await?;
    let request = AuthRequest {
        end_user_ip: cmd.end_user_ip,
        personal_number: None,
        mrtd: false,
    };
    let started = attempt::begin(bankid.as_ref(), &request).await?;
    let order_ref = started.order_ref.clone();
    let vault = app.services.vault.clone();
    let token = ids::new_secret("bat");
    let token_hash = ids::hash_secret(&token);
    let recorded = app
        .write(move |conn, ctx| {
            let now = ctx.now();
            let row = attempt::record(
                conn,
                &vault,
                &NewAttempt {
                    purpose: Purpose::SignIn,
                    account_id: None,
                    order_id: None,
                    attempt_token_hash: Some(&token_hash),
                    end_user_ip: cmd.end_user_ip,
                    user_agent: cmd.origin.user_agent.as_deref(),
                    same_device: cmd.same_device,
                    require_mrtd: false,
                    required_personal_number: None,
                },
                &started,
                now,
            )?;
            attempt::view(&vault, row, now)
        })
        .await;
    match recorded {
        Ok(view) => Ok(SignInStarted {
            attempt: view,
            attempt_token: token,
        }),
        Err(e) => {
            attempt::cancel_at_bankid(bankid.as_ref(), &[order_ref]).await;
            Err(e)
        }
    }
}

/// Which sign-in, and the secret its starter holds.
pub struct SignInAttempt {
    pub attempt_id: BankIdAttemptId,
    pub attempt_token: String,
    pub origin: Origin,
}

/// The sign-in whose secret this is, or 404 (also for a wrong secret).
fn mine(conn: &mut DbConn, id: &BankIdAttemptId, token: &str) -> AppResult<BankIdAttemptRow> {
    let hash = ids::hash_secret(token);
    attempts::find(conn, id)?
        .filter(|a| {
            a.purpose == Purpose::SignIn && a.attempt_token_hash.as_deref() == Some(hash.as_str())
        })
        .ok_or(AppError::NotFound)
}

/// Where the sign-in stands; the first poll after completion also carries the tokens.
pub struct Polled {
    pub attempt: AttemptView,
    pub tokens: Option<Tokens>,
}

pub async fn poll(app: &App, cmd: SignInAttempt) -> AppResult<Polled> {
    let vault = app.services.vault.clone();
    let (view, started) = app
        .write(move |conn, ctx| {
            let now = ctx.now();
            let row = mine(conn, &cmd.attempt_id, &cmd.attempt_token)?;
            attempts::touch(conn, &row.id, now)?;
            let started = match (row.status, &row.account_id, &row.session_id) {
                (BankIdAttemptStatus::Complete, Some(account), None) => {
                    let s = session::start(conn, account, AuthLevel::BankId, &cmd.origin, now)?;
                    if !attempts::signed_in(conn, &row.id, &s.session_id, now)? {
                        // A concurrent poll took the tokens; this one rolls back.
                        return Err(AppError::Conflict {
                            code: ProblemCode::ConcurrentChange,
                            detail: crate::texts::Text::new("problem-sign-in-completed-meanwhile"),
                        });
                    }
                    throttle::remember_address(conn, account, &cmd.origin.client_address, now)?;
                    let event = Event::new(Kind::SignInSucceeded)
                        .account(account)
                        .from_address(&cmd.origin.client_address)
                        .detail(s.session_id.as_str());
                    security_events::record(conn, event, now)?;
                    tracing::info!(event = "login_succeeded", method = "bankid", account_id = %account, session_id = %s.session_id, "signed in with BankID");
                    Some(s)
                }
                _ => None,
            };
            // What the view shows (status, hint, QR) did not change here: no need to read again.
            Ok((attempt::view(&vault, row, now)?, started))
        })
        .await?;
    let tokens = started.map(|s| session::tokens(app, s)).transpose()?;
    Ok(Polled {
        attempt: view,
        tokens,
    })
}

/// Cancels the sign-in here and at BankID.
pub async fn cancel(app: &App, cmd: SignInAttempt) -> AppResult<()> {
    let cancelled = app
        .write(move |conn, ctx| {
            let row = mine(conn, &cmd.attempt_id, &cmd.attempt_token)?;
            Ok(attempt::cancel_by_user(conn, &row, ctx.now())?.then_some(row.order_ref))
        })
        .await?;
    if let (Some(order_ref), Some(bankid)) = (cancelled, app.services.bankid.as_ref()) {
        attempt::cancel_at_bankid(bankid.as_ref(), &[order_ref]).await;
    }
    Ok(())
}
