//! Cards (DESIGN §4): made when the producer marks an order produced, activated by the
//! cardholder (who types the number printed on it and gets a PIN), blocked, unblocked and
//! terminated by the company, expired by the service. Every change goes through the journal
//! (`crate::journal::record`): the conditional update and its event, in the caller's transaction.

pub mod activate;
pub mod company;
pub mod expiry;
pub mod mine;
pub mod notices;
pub mod pin;
pub mod produce;

use domain::{CardId, CardStatus, CardTransition};

use super::error::{AppError, AppResult};
use super::journal::Machine;

pub use super::journal::CardEntry;

/// A card id from a path: a malformed one names nothing (404).
pub fn card_id(raw: &str) -> AppResult<CardId> {
    CardId::parse(raw).ok_or(AppError::NotFound)
}

/// The state `transition` leads to from `from`, or the conflict a client is told about.
pub fn next(from: CardStatus, transition: CardTransition) -> AppResult<CardStatus> {
    from.next(transition)
}
