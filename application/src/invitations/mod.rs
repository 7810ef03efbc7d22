//! Inviting a cardholder to enter their personal data (DESIGN §4, id06-domain §1.5): a company
//! member invites a person by email; the person opens the single-use link (the token is their
//! credential, hashed at rest, 14 days), enters their data, and a draft order is made for the
//! company to submit.

pub mod create;
pub mod manage;
pub mod public;

use chrono::{NaiveDateTime, TimeDelta};
use domain::{CompanyId, InvitationId, InvitationState};
use persistence::InvitationRow;

use super::error::{AppError, AppResult};

/// How long an invitation link works.
pub const LIFETIME: TimeDelta = TimeDelta::days(14);

/// An invitation id from a path: a malformed one names nothing (404).
pub fn invitation_id(raw: &str) -> AppResult<InvitationId> {
    InvitationId::parse(raw).ok_or(AppError::NotFound)
}

/// Which invitation of which company.
#[derive(Debug, Clone)]
pub struct InvitationRef {
    pub company_id: CompanyId,
    pub invitation_id: InvitationId,
}

/// Where an invitation stands, as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationStatus {
    Pending,
    Completed,
    Revoked,
    Expired,
}

pub fn status_of(row: &InvitationRow, now: NaiveDateTime) -> InvitationStatus {
    match row.status {
        InvitationState::Completed => InvitationStatus::Completed,
        InvitationState::Revoked => InvitationStatus::Revoked,
        InvitationState::Pending if row.expires_at <= now => InvitationStatus::Expired,
        InvitationState::Pending => InvitationStatus::Pending,
    }
}

/// An invitation with its status at the time it was read.
#[derive(Debug, Clone)]
pub struct InvitationView {
    pub row: InvitationRow,
    pub status: InvitationStatus,
}

impl InvitationView {
    pub fn at(row: InvitationRow, now: NaiveDateTime) -> Self {
        let status = status_of(&row, now);
        InvitationView { row, status }
    }
}
