//! BankID identifications: approving a card order and signing in share one shape.

use chrono::{DateTime, Utc};
use domain::BankIdAttemptStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::TokenResponse;
use super::me::VerifiedIdentity;
use app::bankid::attempt::AttemptView;

/// How the person will open BankID. The body is optional.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"same_device": false}))]
pub struct StartBankIdRequest {
    /// `true`: the BankID app is on this device and the client opens `autostart_url`;
    /// `false` (default): the client shows `qr_data` as an animated QR code for another device.
    #[serde(default)]
    pub same_device: bool,
}

/// Where an identification stands.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BankIdStatus {
    /// Waiting for the person in the BankID app; poll about once a second.
    Pending,
    /// The person identified.
    Complete,
    /// It did not succeed; `failure_code` says why and `message` what to tell the person.
    Failed,
    /// Cancelled (by you, by a newer identification, or because nobody polled for 30 seconds).
    Cancelled,
}

/// What to tell the person: BankID's recommended user message (RFA) for the state, or this
/// service's own message for its refusals.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"code": "RFA1", "text": "Start your BankID app."}))]
pub struct BankIdMessage {
    /// BankID's message number (`RFA1`, ...), or for this service's own refusals the refusal's
    /// code (`account_person_mismatch`, ...): for a client that shows its own translation.
    #[schema(max_length = 64)]
    pub code: String,
    /// The text, in the language of `Accept-Language` (BankID's own Swedish and English
    /// wording for RFA messages).
    #[schema(max_length = 400)]
    pub text: String,
}

/// A BankID identification: to approve a card order, or to sign in.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "bid_3f9a1c0b7d2e4f6a8b0c1d2e", "purpose": "approve_order", "status": "pending", "order_id": "ord_de0000000000000000000001", "hint_code": "outstandingTransaction", "failure_code": null, "message": {"code": "RFA1", "text": "Start your BankID app."}, "qr_data": "bankid.67df3917-fa0d-44e5-b327-edcc928297f8.3.dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8", "autostart_url": "bankid:///?autostarttoken=7c40b5c9-fa74-49cf-b98c-bfe651f9a7c6", "mrtd_required": false, "mrtd_checked": null, "verified_identity": null, "started_at": "2026-12-02T09:00:00Z", "ended_at": null}))]
pub struct BankIdIdentification {
    #[schema(max_length = 32)]
    pub id: String,
    pub purpose: BankIdPurpose,
    pub status: BankIdStatus,
    /// The card order being approved (`approve_order`).
    #[schema(required = true, max_length = 32)]
    pub order_id: Option<String>,
    /// BankID's latest `hintCode` (`outstandingTransaction`, `started`, `userMrtd`, `userSign`,
    /// or a failure such as `userCancel`, `expiredTransaction`); new codes may appear.
    #[schema(required = true, max_length = 64)]
    pub hint_code: Option<String>,
    /// Why it failed or was cancelled: a BankID hint code, or `superseded`, `abandoned`,
    /// `cancelled`, `bankid_unavailable`, `mrtd_required`, `personal_number_mismatch` (not the
    /// order's personal identity number), `account_person_mismatch` (not the person the account
    /// is verified as; nothing changed), `order_person_mismatch` (not the name and date of birth
    /// of an order without a personal identity number), `unusable_identity`, `no_account`.
    #[schema(required = true, max_length = 64)]
    pub failure_code: Option<String>,
    /// What to tell the person now; `null` once complete.
    #[schema(required = true)]
    pub message: Option<BankIdMessage>,
    /// While pending: this second's animated QR code content (render it as a QR code; fetch a
    /// new one each second).
    #[schema(required = true, max_length = 200)]
    pub qr_data: Option<String>,
    /// While pending: opens the BankID app on this device (append `&redirect=` with your return
    /// address if you want to come back automatically).
    #[schema(required = true, max_length = 200)]
    pub autostart_url: Option<String>,
    /// The passport / national ID check in the BankID app is required.
    pub mrtd_required: bool,
    /// Once complete: whether the passport / national ID check was done.
    #[schema(required = true)]
    pub mrtd_checked: Option<bool>,
    /// Once an approval is complete: the identity BankID vouched for, now your verified
    /// identity. Review the order again and accept it.
    #[schema(required = true)]
    pub verified_identity: Option<VerifiedIdentity>,
    pub started_at: DateTime<Utc>,
    #[schema(required = true)]
    pub ended_at: Option<DateTime<Utc>>,
}

/// What an identification is for.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BankIdPurpose {
    ApproveOrder,
    SignIn,
}

impl From<&AttemptView> for BankIdIdentification {
    fn from(v: &AttemptView) -> Self {
        let r = &v.row;
        let status = match r.status {
            BankIdAttemptStatus::Pending => BankIdStatus::Pending,
            BankIdAttemptStatus::Complete => BankIdStatus::Complete,
            BankIdAttemptStatus::Cancelled => BankIdStatus::Cancelled,
            BankIdAttemptStatus::Failed => BankIdStatus::Failed,
        };
        let pending = v.pending();
        BankIdIdentification {
            id: r.id.to_string(),
            purpose: match r.purpose {
                domain::BankIdPurpose::SignIn => BankIdPurpose::SignIn,
                domain::BankIdPurpose::ApproveOrder => BankIdPurpose::ApproveOrder,
            },
            status,
            order_id: r.order_id.as_ref().map(ToString::to_string),
            hint_code: r.hint_code.clone(),
            failure_code: r.failure_code.clone(),
            message: v.message.map(|m| BankIdMessage {
                code: m.code.to_owned(),
                text: app::texts::Text::keyed(format!("bankid-{}", m.code.to_lowercase()), m.text)
                    .render(crate::http::language::current()),
            }),
            qr_data: v.qr_data.clone(),
            autostart_url: pending
                .then(|| format!("bankid:///?autostarttoken={}", r.auto_start_token)),
            mrtd_required: r.require_mrtd,
            mrtd_checked: r.stepup_mrtd,
            verified_identity: v.evidence.as_ref().map(VerifiedIdentity::from),
            started_at: r.started_at.and_utc(),
            ended_at: r.completed_at.map(|t| t.and_utc()),
        }
    }
}

/// A started BankID sign-in, with the secret that polls it.
#[derive(Debug, Serialize, ToSchema)]
pub struct BankIdSignInStarted {
    pub identification: BankIdIdentification,
    /// Send it as the `Attempt-Token` header when you poll or cancel. Shown once.
    #[schema(max_length = 64)]
    pub attempt_token: String,
}

/// A BankID sign-in as its client polls it; the first poll after completion carries the tokens.
#[derive(Debug, Serialize, ToSchema)]
pub struct BankIdSignIn {
    pub identification: BankIdIdentification,
    /// The session's tokens, on the first poll after completion only.
    #[schema(required = true)]
    pub tokens: Option<TokenResponse>,
}
