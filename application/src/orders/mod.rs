//! The cardholder's card orders: list, review, accept, reject, audit trail.

pub mod accept;
pub mod events;
pub mod list;
pub mod reject;
pub mod review;
pub mod view;

use domain::OrderId;

use crate::error::{AppError, AppResult};
use view::Loaded;

pub use view::Reviewed;

/// A client's precondition on the version of what it changes: any version, or one of the
/// versions it names (the edge reads them out of `If-Match`; a tag naming no version names
/// none here). A cardholder's precondition is about the order they reviewed: it names the order
/// version, so their own contact-detail edits since the review do not make it stale (accept
/// re-checks them anyway).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    Any,
    Versions(Vec<i64>),
}

impl IfMatch {
    fn check(&self, loaded: &Loaded) -> AppResult<()> {
        self.check_version(loaded.order.order.version)
    }

    /// Whether the precondition holds for this version.
    pub fn check_version(&self, version: i64) -> AppResult<()> {
        match self {
            IfMatch::Any => Ok(()),
            IfMatch::Versions(named) if named.contains(&version) => Ok(()),
            IfMatch::Versions(_) => Err(AppError::PreconditionFailed),
        }
    }
}

/// Checks an optional precondition.
fn precondition(if_match: Option<&IfMatch>, loaded: &Loaded) -> AppResult<()> {
    if_match.map_or(Ok(()), |m| m.check(loaded))
}

/// An order id as the client sent it: one that is not even of the right form is not found.
pub fn order_id(raw: &str) -> AppResult<OrderId> {
    OrderId::parse(raw).ok_or(AppError::NotFound)
}
