//! The passport / national ID route: the identity-verification partner registers a document
//! check (`register`); a green check reaches the person as a link to create an account, where
//! the person confirms the identity number the company entered on the order before the check is
//! bound (`bind`); yellow and red checks are told to the person and shown to companies with
//! orders for them.

pub mod bind;
pub mod notices;
pub mod person;
pub mod portrait;
pub mod register;
pub mod view;

use chrono::NaiveDateTime;
use domain::{IdentityCheckId, Verdict};
use persistence::CheckRow;

/// How a check is shown to the person and to companies: its outcome, the reason, what next.
#[derive(Debug, Clone)]
pub struct CheckStatus {
    pub id: IdentityCheckId,
    pub outcome: Verdict,
    pub reason: Option<String>,
    pub next_step: &'static str,
    pub registered_at: NaiveDateTime,
    /// Bound to an account (green checks, once confirmed).
    pub bound: bool,
}

impl From<&CheckRow> for CheckStatus {
    fn from(c: &CheckRow) -> Self {
        CheckStatus {
            id: c.id.clone(),
            outcome: c.outcome,
            reason: c.reason.clone(),
            next_step: c.outcome.next_step(),
            registered_at: c.created_at,
            bound: c.bound_at.is_some(),
        }
    }
}
