//! Cards (DESIGN §4): made when the producer marks an order produced, activated by the
//! cardholder (who types the number printed on it and gets a PIN), blocked, unblocked and
//! terminated by the company, expired by the service. Every change goes through [`record`]: the
//! conditional update and its event, in the caller's transaction.

pub mod activate;
pub mod company;
pub mod expiry;
pub mod mine;
pub mod notices;
pub mod pin_vault;
pub mod produce;

use crate::ProblemCode;
use chrono::NaiveDateTime;
use domain::{CardId, CardStatus, CardTransition, EventType};
use persistence::{card_events, cards, CardRow, DbConn, NewCard, NewCardEvent};

use super::error::{AppError, AppResult};
use super::ids;
use super::journal::Actor;
use super::outbox::{self, Notification};
use super::webhooks::{self, Subject};

/// A card id from a path: a malformed one names nothing (404).
pub fn card_id(raw: &str) -> AppResult<CardId> {
    CardId::parse(raw).ok_or(AppError::NotFound)
}

/// One change of a card's state.
#[derive(Debug)]
pub struct CardEntry<'a> {
    pub transition: CardTransition,
    pub actor: Actor<'a>,
    pub reason: Option<&'a str>,
    pub notify: Vec<Notification>,
}

/// The state `transition` leads to from `from`, or the conflict a client is told about.
pub fn next(from: CardStatus, transition: CardTransition) -> AppResult<CardStatus> {
    from.apply(transition).map_err(|e| AppError::Conflict {
        code: ProblemCode::InvalidState,
        detail: format!(
            "The card is {} and cannot be {} now.",
            e.from.as_str(),
            e.transition
        ),
    })
}

/// Writes the change of `card`, as read: 409 when its state does not allow it or another
/// request changed it first. On success `card` is what is now stored.
pub fn record(
    conn: &mut DbConn,
    card: &mut CardRow,
    entry: CardEntry<'_>,
    now: NaiveDateTime,
) -> AppResult<CardStatus> {
    let from = card.status;
    let to = next(from, entry.transition)?;
    if !cards::transition(conn, &card.id, card.version, to, entry.reason, now)? {
        return Err(AppError::Conflict {
            code: ProblemCode::ConcurrentChange,
            detail: "The card was changed by another request. Read it again.".into(),
        });
    }
    card.status = to;
    card.status_reason = entry.reason.map(str::to_owned);
    card.version += 1;
    card.updated_at = now;
    let event_id = event(
        conn,
        card.id.as_str(),
        Some(from),
        to,
        &entry.actor,
        entry.reason,
        now,
    )?;
    webhooks::emit(
        conn,
        EventType::of_card(entry.transition),
        &event_id,
        Subject::Card(card),
        now,
    )?;
    for n in entry.notify {
        outbox::queue(conn, n, now)?;
    }
    tracing::info!(
        event = "card_transition",
        card_id = %card.id,
        actor_kind = %entry.actor.kind,
        from = from.as_str(),
        to = to.as_str(),
        "card {}", entry.transition
    );
    Ok(to)
}

/// Writes a new card (`inactive`) and its first event.
pub fn open(conn: &mut DbConn, card: &NewCard<'_>, actor: Actor<'_>) -> AppResult<()> {
    cards::insert(conn, card)?;
    event(
        conn,
        card.id.as_str(),
        None,
        CardStatus::Inactive,
        &actor,
        None,
        card.now,
    )?;
    Ok(())
}

fn event(
    conn: &mut DbConn,
    card_id: &str,
    from: Option<CardStatus>,
    to: CardStatus,
    actor: &Actor<'_>,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<domain::EventId> {
    let id: domain::EventId = ids::new();
    card_events::insert(
        conn,
        &NewCardEvent {
            id: id.as_str(),
            card_id,
            actor_id: actor.id,
            actor_kind: actor.kind,
            from_status: from,
            to_status: to,
            reason,
            created_at: now,
        },
    )?;
    Ok(id)
}

/// A new card number nobody has: nine random digits and a check digit.
pub fn new_number(conn: &mut DbConn) -> AppResult<domain::CardNumber> {
    use rand::Rng;
    let mut rng = rand::rng();
    for _ in 0..16 {
        let serial: [u8; 9] = std::array::from_fn(|_| rng.random_range(0..10u8));
        let number = domain::CardNumber::from_serial(serial);
        if !cards::number_taken(conn, number.as_str())? {
            return Ok(number);
        }
    }
    Err(AppError::Internal("no free card number in 16 draws".into()))
}
