//! Visitor cards (DESIGN §4): a company orders a number of cards without personal data and
//! without a cardholder's approval, so the order is `approved` when placed.

pub mod list;
pub mod place;
pub mod view;

use domain::{CompanyId, VisitorOrderId};

use super::error::{AppError, AppResult};

/// A visitor order id from a path: a malformed one names nothing (404).
pub fn visitor_order_id(raw: &str) -> AppResult<VisitorOrderId> {
    VisitorOrderId::parse(raw).ok_or(AppError::NotFound)
}

/// Which visitor order of which company.
#[derive(Debug, Clone)]
pub struct VisitorOrderRef {
    pub company_id: CompanyId,
    pub order_id: VisitorOrderId,
}
