//! Companies and their members (DESIGN §3): operators create companies; administrators manage
//! members; every company resource is checked against the caller's membership.

pub mod access;
pub mod actors;
pub mod create;
pub mod members;
pub mod view;

use domain::{CompanyId, MemberId};

use super::error::{AppError, AppResult};

/// A company id from a path: a malformed one cannot name a company, so it is a 404.
pub fn company_id(raw: &str) -> AppResult<CompanyId> {
    CompanyId::parse(raw).ok_or(AppError::NotFound)
}

pub fn member_id(raw: &str) -> AppResult<MemberId> {
    MemberId::parse(raw).ok_or(AppError::NotFound)
}
