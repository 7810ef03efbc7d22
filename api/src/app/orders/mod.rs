//! The cardholder's card orders: list, review, accept, reject, audit trail.

pub mod accept;
pub mod events;
pub mod list;
pub mod reject;
pub mod review;
pub mod view;

use domain::OrderId;

use crate::app::error::{AppError, AppResult};
use view::Loaded;

pub use view::Reviewed;

/// The entity tags of a client's `If-Match`. A cardholder's precondition is about the order they
/// reviewed: a tag matches when its order part is the current order version, so their own
/// contact-detail edits since the review do not make it stale (accept re-checks them anyway).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfMatch(Vec<String>);

impl IfMatch {
    /// Tags as sent (`*`, `"3.2"`, `W/"3.2"`), already checked for form.
    pub fn new(tags: Vec<String>) -> IfMatch {
        IfMatch(tags)
    }

    fn check(&self, loaded: &Loaded) -> AppResult<()> {
        self.check_version(loaded.order.order.version)
    }

    /// Whether a tag names this order version (a company's `"7"` or a review's `"7.2"`).
    pub fn check_version(&self, version: i64) -> AppResult<()> {
        let current = version.to_string();
        let matches = |t: &str| {
            t == "*"
                || t.strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .and_then(|v| v.split('.').next())
                    .is_some_and(|order_version| order_version == current)
        };
        if self.0.iter().any(|t| matches(t)) {
            Ok(())
        } else {
            Err(AppError::PreconditionFailed)
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
