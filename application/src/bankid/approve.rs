//! Approving a card order with BankID: the cardholder (signed in with the second factor) starts
//! an identification for an order waiting for their review, follows it with the QR code or the
//! autostart link, and on completion the BankID identity becomes their identity evidence; then
//! they review and accept the order as in the passport route. The order's personal identity
//! number, when it has one, binds the BankID order to that person.

use std::net::IpAddr;

use chrono::NaiveDateTime;
use domain::{AccountId, BankIdAttemptId, OrderId};
use persistence::bankid_attempts::{self as attempts};
use persistence::{orders, BankIdAttemptRow, DbConn};

use super::attempt::{self, failure, AttemptView, NewAttempt, Purpose};
use super::client::AuthRequest;
use crate::auth::throttle::{self, Limit};
use crate::error::{AppError, AppResult};
use crate::idempotency::{IdempotencyKey, Reply};
use crate::principal::MultiFactor;
use crate::CallerKey;
use crate::{App, Credentials};

/// Identifications one account may start per throttle window.
const STARTS_PER_ACCOUNT: i32 = 10;

pub struct StartApproval {
    pub order_id: OrderId,
    /// The client opens the BankID app on this device (autostart) rather than showing the QR
    /// code for another device: the first messages differ.
    pub same_device: bool,
    pub end_user_ip: IpAddr,
    pub user_agent: Option<String>,
}

/// What the first trip found.
enum Prepared {
    Replay(Reply),
    Go {
        account_id: domain::AccountId,
        personal_number: Option<String>,
        superseded: Vec<String>,
    },
}

/// Starts an identification for the order. With an idempotency key a retry gets the first
/// reply; `present` renders the reply that is sent and saved.
pub async fn start(
    app: &App,
    credentials: Credentials,
    key: Option<IdempotencyKey>,
    cmd: StartApproval,
    present: impl FnOnce(&AttemptView) -> AppResult<Reply> + Send + 'static,
) -> AppResult<Reply> {
    let (order_id, k1) = (cmd.order_id.clone(), key.clone());
    let offered = app.services.bankid.is_some();
    let prepared = app
        .write_as(
            credentials.clone(),
            (),
            move |conn, who: &MultiFactor, (), ctx| {
                let now = ctx.now();
                if let Some(k) = &k1 {
                    if let Some(r) = k.replay(conn, &who.caller_key(), now)? {
                        return Ok(Prepared::Replay(r));
                    }
                }
                let (order, _) = orders::find_with_account(conn, &order_id, who.account_id())?
                    .ok_or(AppError::NotFound)?;
                // Only an order that could be accepted now is worth identifying for.
                crate::journal::next(order.order.status, domain::Transition::Accept)?;
                if !offered {
                    // Checked after the caller: a token that may not call this learns nothing.
                    return Err(AppError::Unavailable(
                        "BankID is not configured (ID06_BANKID_URL)".into(),
                    ));
                }
                let limit = Limit::new(
                    format!("bankid-acct:{}", who.account_id()),
                    STARTS_PER_ACCOUNT,
                );
                throttle::check(conn, &[&limit], now)?;
                throttle::count(conn, &[&limit], now)?;
                let personal_number =
                    crate::opened::order_number(ctx.vault(), &order.order, now.date())?
                        .map(|p| p.digits().to_owned());
                let superseded = supersede(conn, who.account_id(), now)?;
                Ok(Prepared::Go {
                    account_id: who.account_id().clone(),
                    personal_number,
                    superseded,
                })
            },
        )
        .await?;
    let (account_id, personal_number, superseded) = match prepared {
        Prepared::Replay(r) => return Ok(r),
        Prepared::Go {
            account_id,
            personal_number,
            superseded,
        } => (account_id, personal_number, superseded),
    };
    let bankid = attempt::client(app)?;
    attempt::cancel_at_bankid(bankid.as_ref(), &superseded).await;
    let require_mrtd = app.services.bankid_require_mrtd;
    let request = AuthRequest {
        end_user_ip: cmd.end_user_ip,
        personal_number: personal_number.clone(),
        mrtd: require_mrtd,
    };
    let started = attempt::begin(bankid.as_ref(), &request).await?;
    let vault = app.services.vault.clone();
    let order_ref = started.order_ref.clone();
    let order_id = cmd.order_id.clone();
    let outcome = app
        .write_as(credentials, (), move |conn, who: &MultiFactor, (), ctx| {
            let now = ctx.now();
            if let Some(k) = &key {
                // A retry with the same key won the race: it stands, this order is cancelled.
                if let Some(r) = k.replay(conn, &who.caller_key(), now)? {
                    return Ok(Err(r));
                }
            }
            let row = attempt::record(
                conn,
                &vault,
                &NewAttempt {
                    purpose: Purpose::ApproveOrder,
                    account_id: Some(&account_id),
                    order_id: Some(&order_id),
                    attempt_token_hash: None,
                    end_user_ip: cmd.end_user_ip,
                    user_agent: cmd.user_agent.as_deref(),
                    same_device: cmd.same_device,
                    require_mrtd,
                    required_personal_number: personal_number.as_deref(),
                },
                &started,
                now,
            )?;
            let reply = present(&attempt::view(&vault, row, now)?)?;
            if let Some(k) = &key {
                k.save(conn, &who.caller_key(), &reply, now)?;
            }
            tracing::info!(event = "bankid_started", purpose = "approve_order", account_id = %account_id, "BankID identification started");
            Ok(Ok(reply))
        })
        .await;
    match outcome {
        Ok(Ok(reply)) => Ok(reply),
        Ok(Err(replay)) => {
            attempt::cancel_at_bankid(bankid.as_ref(), &[order_ref]).await;
            Ok(replay)
        }
        Err(e) => {
            attempt::cancel_at_bankid(bankid.as_ref(), &[order_ref]).await;
            Err(e)
        }
    }
}

/// The account's pending identifications end as superseded; their BankID order references.
fn supersede(
    conn: &mut DbConn,
    account_id: &AccountId,
    now: NaiveDateTime,
) -> AppResult<Vec<String>> {
    let mut refs = Vec::new();
    for row in attempts::pending_of_account(conn, account_id)? {
        if attempt::cancel(conn, &row, failure::SUPERSEDED, now)? {
            refs.push(row.order_ref);
        }
    }
    Ok(refs)
}

/// One of the caller's attempts for one of their orders, or 404.
fn mine(
    conn: &mut DbConn,
    who: &MultiFactor,
    order_id: &OrderId,
    attempt_id: &BankIdAttemptId,
) -> AppResult<BankIdAttemptRow> {
    attempts::find(conn, attempt_id)?
        .filter(|a| {
            a.purpose == Purpose::ApproveOrder
                && a.account_id.as_ref() == Some(who.account_id())
                && a.order_id.as_ref() == Some(order_id)
        })
        .ok_or(AppError::NotFound)
}

/// Which attempt of which order.
pub struct AttemptOfOrder {
    pub order_id: OrderId,
    pub attempt_id: BankIdAttemptId,
}

/// Where the attempt stands, with this second's QR code; polling keeps it alive.
pub async fn poll(
    app: &App,
    credentials: Credentials,
    cmd: AttemptOfOrder,
) -> AppResult<AttemptView> {
    let vault = app.services.vault.clone();
    app.write_as(
        credentials,
        cmd,
        move |conn, who: &MultiFactor, cmd, ctx| {
            let now = ctx.now();
            let row = mine(conn, who, &cmd.order_id, &cmd.attempt_id)?;
            attempts::touch(conn, &row.id, now)?;
            let evidence = match &row.evidence_id {
                Some(id) => persistence::evidence::find(conn, id)?,
                None => None,
            };
            let mut view = attempt::view(&vault, row, now)?;
            view.evidence = evidence;
            Ok(view)
        },
    )
    .await
}

/// Cancels the attempt here and at BankID; done if it was cancelled already, 409 if it ended
/// otherwise.
pub async fn cancel(app: &App, credentials: Credentials, cmd: AttemptOfOrder) -> AppResult<()> {
    let cancelled = app
        .write_as(
            credentials,
            cmd,
            move |conn, who: &MultiFactor, cmd, ctx| {
                let row = mine(conn, who, &cmd.order_id, &cmd.attempt_id)?;
                Ok(attempt::cancel_by_user(conn, &row, ctx.now())?.then_some(row.order_ref))
            },
        )
        .await?;
    if let (Some(order_ref), Some(bankid)) = (cancelled, app.services.bankid.as_ref()) {
        attempt::cancel_at_bankid(bankid.as_ref(), &[order_ref]).await;
    }
    Ok(())
}
