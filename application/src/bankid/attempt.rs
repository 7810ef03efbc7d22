//! What approving with BankID and signing in with BankID share: starting an order at BankID,
//! recording it (the QR start secret sealed), showing where it stands with a fresh QR code and
//! BankID's recommended message, and cancelling it.

use crate::ProblemCode;
use std::net::IpAddr;
use std::sync::Arc;

use chrono::{NaiveDateTime, TimeDelta};
use domain::bankid::{ErrorCode, HintCode, Rfa};
use domain::BankIdAttemptStatus;
use domain::{AccountId, BankIdAttemptId, OrderId};
use persistence::bankid_attempts::{self as attempts, Ending};
use persistence::{BankIdAttemptRow, DbConn, EvidenceRow, NewBankIdAttempt, Sealed};

use super::client::{AuthRequest, BankId, BankIdError, Started};
use super::qr::qr_data;
use crate::error::{AppError, AppResult};
use crate::vault::Vault;
use crate::{ids, App};

/// An attempt nobody polled for this long is abandoned: cancelled here and at BankID.
pub const ABANDONED_AFTER: TimeDelta = TimeDelta::seconds(30);
/// BankID ends an order within minutes; one still pending here after this (BankID unreachable
/// all along) is given up.
pub const GIVE_UP_AFTER: TimeDelta = TimeDelta::minutes(6);

/// What an identification is for.
pub use domain::BankIdPurpose as Purpose;

/// Why an attempt ended without success, in this service's terms (BankID's own failures keep
/// their hint code).
pub mod failure {
    /// The person started another identification.
    pub const SUPERSEDED: &str = "superseded";
    /// The client stopped polling.
    pub const ABANDONED: &str = "abandoned";
    /// The person cancelled here.
    pub const CANCELLED: &str = "cancelled";
    /// BankID did not answer for as long as an order lives.
    pub const BANKID_UNAVAILABLE: &str = "bankid_unavailable";
    /// The passport / national ID check was required and not done.
    pub const MRTD_REQUIRED: &str = "mrtd_required";
    /// BankID identified someone else than the order's personal identity number.
    pub const PERSONAL_NUMBER_MISMATCH: &str = "personal_number_mismatch";
    /// BankID's answer cannot be used (a name or number that does not parse).
    pub const UNUSABLE_IDENTITY: &str = "unusable_identity";
    /// BankID identified someone else than the person the account already is.
    pub const ACCOUNT_PERSON_MISMATCH: &str = "account_person_mismatch";
    /// BankID identified someone else than the person the card order is for (its name and date
    /// of birth, when it carries no personal identity number).
    pub const ORDER_PERSON_MISMATCH: &str = "order_person_mismatch";
    /// No account has a verified identity with this personal identity number.
    pub const NO_ACCOUNT: &str = "no_account";

    /// This service's own refusals and what to tell the person (BankID's have its RFA texts).
    pub const MESSAGES: [(&str, &str); 6] = [
        (MRTD_REQUIRED, "Your passport or national ID card must be read in the BankID app. Start again and follow the steps in the app."),
        (PERSONAL_NUMBER_MISMATCH, "The BankID you used belongs to another person than the one the card order is for. Use your own BankID, or ask your employer to correct the order."),
        (ACCOUNT_PERSON_MISMATCH, "The BankID you used belongs to another person than the one this account is verified as. Sign in with your own BankID; nothing was changed."),
        (ORDER_PERSON_MISMATCH, "The name or date of birth BankID gave does not match the card order. Reject the order with the correct data so your employer can fix it, or use your own BankID."),
        (UNUSABLE_IDENTITY, "BankID's answer could not be used to identify you. Contact support."),
        (NO_ACCOUNT, "No account is verified with this BankID. Sign in with your email and password, then approve a card order with BankID to link it."),
    ];

    /// The message of one of this service's own refusals.
    pub fn message(code: &str) -> Option<super::Message> {
        MESSAGES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|&(code, text)| super::Message { code, text })
    }
}

/// What to tell the person: BankID's recommended message (`RFA1`, ...) or, for this service's
/// own refusals, one of its own under the refusal's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    pub code: &'static str,
    pub text: &'static str,
}

impl From<Rfa> for Message {
    fn from(r: Rfa) -> Self {
        Message {
            code: r.code(),
            text: r.text(),
        }
    }
}

/// Where an attempt stands, as its client sees it.
#[derive(Debug, Clone)]
pub struct AttemptView {
    pub row: BankIdAttemptRow,
    /// The QR code for this second (pending only).
    pub qr_data: Option<String>,
    /// BankID's recommended message for the state (none once complete).
    pub message: Option<Message>,
    /// The identity evidence a completed approval made.
    pub evidence: Option<EvidenceRow>,
}

impl AttemptView {
    pub fn pending(&self) -> bool {
        self.row.status == BankIdAttemptStatus::Pending
    }
}

/// The view of `row` at `now`.
pub fn view(vault: &Vault, row: BankIdAttemptRow, now: NaiveDateTime) -> AppResult<AttemptView> {
    let qr = !row.same_device;
    let (qr_data, message) = match row.status {
        BankIdAttemptStatus::Pending => {
            let secret = vault.open(
                row.id.as_str(),
                &Sealed {
                    ciphertext: row.qr_start_secret_sealed.clone(),
                    key_id: row.qr_secret_key_id.clone(),
                },
            )?;
            let seconds = (now - row.started_at).num_seconds().max(0).unsigned_abs();
            let hint =
                HintCode::parse(row.hint_code.as_deref().unwrap_or("outstandingTransaction"));
            (
                Some(qr_data(&row.qr_start_token, &secret, seconds)),
                Some(hint.message(qr).into()),
            )
        }
        BankIdAttemptStatus::Complete => (None, None),
        BankIdAttemptStatus::Cancelled => (None, Some(Rfa::Rfa3.into())),
        BankIdAttemptStatus::Failed => (None, Some(failed_message(&row, qr))),
    };
    Ok(AttemptView {
        row,
        qr_data,
        message,
        evidence: None,
    })
}

fn failed_message(row: &BankIdAttemptRow, qr: bool) -> Message {
    match (row.hint_code.as_deref(), row.failure_code.as_deref()) {
        (Some(hint), _) => HintCode::parse(hint).failure_message(qr).into(),
        (None, Some(failure::BANKID_UNAVAILABLE)) => Rfa::Rfa5.into(),
        (None, Some(code)) => failure::message(code).unwrap_or_else(|| Rfa::Rfa22.into()),
        (None, None) => Rfa::Rfa22.into(),
    }
}

/// The configured client, or 503.
pub fn client(app: &App) -> AppResult<Arc<dyn BankId>> {
    app.services
        .bankid
        .clone()
        .ok_or_else(|| AppError::Unavailable("BankID is not configured (ID06_BANKID_URL)".into()))
}

/// Starts an order at BankID; its refusals in the caller's terms.
pub async fn begin(bankid: &dyn BankId, request: &AuthRequest) -> AppResult<Started> {
    bankid.auth(request).await.map_err(|e| match e {
        BankIdError::Api {
            code: ErrorCode::AlreadyInProgress,
            ..
        } => AppError::Conflict {
            code: ProblemCode::BankidAlreadyInProgress,
            detail: crate::texts::Text::new("bankid-rfa4"),
        },
        BankIdError::Api { ref code, .. } if code.retryable() => {
            AppError::Unavailable(format!("BankID: {e}"))
        }
        BankIdError::Unreachable(_) => AppError::Unavailable(format!("BankID: {e}")),
        BankIdError::Api { .. } | BankIdError::Protocol(_) => {
            AppError::Internal(format!("BankID /auth: {e}"))
        }
    })
}

/// Cancels orders at BankID. Best effort: an order nobody completes expires at BankID anyway.
pub async fn cancel_at_bankid(bankid: &dyn BankId, order_refs: &[String]) {
    for r in order_refs {
        if let Err(e) = bankid.cancel(r).await {
            tracing::info!(error = %e, "BankID order not cancelled (it expires at BankID)");
        }
    }
}

/// What a new attempt is, apart from BankID's answer.
pub struct NewAttempt<'a> {
    pub purpose: Purpose,
    pub account_id: Option<&'a AccountId>,
    pub order_id: Option<&'a OrderId>,
    pub attempt_token_hash: Option<&'a str>,
    pub end_user_ip: IpAddr,
    pub user_agent: Option<&'a str>,
    pub same_device: bool,
    pub require_mrtd: bool,
    pub required_personal_number: Option<&'a str>,
}

/// Records a started order, its QR start secret sealed to the attempt's id.
pub fn record(
    conn: &mut DbConn,
    vault: &Vault,
    a: &NewAttempt<'_>,
    started: &Started,
    now: NaiveDateTime,
) -> AppResult<BankIdAttemptRow> {
    let id: BankIdAttemptId = ids::new();
    let sealed = vault.seal(id.as_str(), &started.qr_start_secret)?;
    let required = a
        .required_personal_number
        .map(|n| {
            vault.seal_in(
                persistence::sealing::Column::AttemptRequiredNumber,
                id.as_str(),
                n,
            )
        })
        .transpose()?;
    let ip = a.end_user_ip.to_string();
    attempts::insert(
        conn,
        &NewBankIdAttempt {
            id: &id,
            purpose: a.purpose,
            account_id: a.account_id,
            order_id: a.order_id,
            attempt_token_hash: a.attempt_token_hash,
            order_ref: &started.order_ref,
            auto_start_token: &started.auto_start_token,
            qr_start_token: &started.qr_start_token,
            qr_start_secret_sealed: &sealed.ciphertext,
            qr_secret_key_id: &sealed.key_id,
            end_user_ip: &ip,
            user_agent: a.user_agent,
            same_device: a.same_device,
            require_mrtd: a.require_mrtd,
            required_personal_number: required.as_ref(),
            status: BankIdAttemptStatus::Pending,
            started_at: now,
            // BankID asks for the first collect after about two seconds, like every next one.
            next_collect_at: now,
            last_polled_at: now,
            version: 1,
            updated_at: now,
        },
    )?;
    attempts::find(conn, &id)?.ok_or(AppError::NotFound)
}

/// Ends a pending attempt as cancelled (`why`); false if it had ended already.
pub fn cancel(
    conn: &mut DbConn,
    row: &BankIdAttemptRow,
    why: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    Ok(attempts::finish(
        conn,
        &row.id,
        &Ending {
            failure_code: Some(why),
            ..Ending::of(BankIdAttemptStatus::Cancelled)
        },
        now,
    )?)
}

/// A user's cancel: done if it was pending or already cancelled; 409 if it had completed or
/// failed.
pub fn cancel_by_user(
    conn: &mut DbConn,
    row: &BankIdAttemptRow,
    now: NaiveDateTime,
) -> AppResult<bool> {
    if cancel(conn, row, failure::CANCELLED, now)? {
        return Ok(true);
    }
    match attempts::find(conn, &row.id)? {
        Some(r) if r.status == BankIdAttemptStatus::Cancelled => Ok(false),
        _ => Err(ended()),
    }
}

pub fn ended() -> AppError {
    AppError::Conflict {
        code: ProblemCode::BankidAttemptEnded,
        detail: crate::texts::Text::new("problem-bankid-attempt-ended"),
    }
}

/// An attempt id as the client sent it: one not even of the right form is not found.
pub fn attempt_id(raw: &str) -> AppResult<BankIdAttemptId> {
    BankIdAttemptId::parse(raw).ok_or(AppError::NotFound)
}
