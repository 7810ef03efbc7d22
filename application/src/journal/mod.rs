//! The journal: the one function that writes a recorded transition — of a card order, a visitor
//! order or a card — inside the caller's transaction: the state machine's next state, the
//! conditional update (409 when another request changed the object first), its audit event, the
//! webhook event and the notifications it causes. Every transition of every actor goes through
//! [`record`], so the audit trail (and what webhooks are fed from) cannot miss one; what differs
//! between the objects is only their [`Journaled`] impl (`kinds.rs`).

use std::fmt::Display;

use chrono::NaiveDateTime;
use domain::{
    ActorId, ActorKind, CardStatus, CardTransition, EventId, EventType, IdentityProof, OrderStatus,
    Transition,
};
use persistence::{cards, orders, CardRow, DbConn, NewCard, NewOrder, OrderRow};

mod kinds;

use super::error::{AppError, AppResult};
use super::ids;
use super::outbox::{self, Notification};
use super::webhooks::{self, Subject};
use crate::{Context, ProblemCode};

/// Who made a transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    /// The account, machine client or invitation that acted, or the service.
    pub id: ActorId,
}

impl Actor {
    /// The service itself (its jobs).
    pub const SYSTEM: Actor = Actor {
        kind: ActorKind::System,
        id: ActorId::System,
    };
}

/// One transition (of an order unless said otherwise).
#[derive(Debug)]
pub struct Entry<'a, T = Transition> {
    pub transition: T,
    pub actor: Actor,
    /// The cardholder's rejection reason, the company's note, or why a card changed.
    pub reason: Option<&'a str>,
    /// How the cardholder's identity was proven (an accept).
    pub proof: Option<IdentityProof>,
    /// Messages the transition sends, queued in the same transaction.
    pub notify: Vec<Notification>,
}

impl<'a, T> Entry<'a, T> {
    /// `transition` by `actor`, with no reason, proof or message.
    pub fn new(transition: T, actor: Actor) -> Self {
        Entry {
            transition,
            actor,
            reason: None,
            proof: None,
            notify: Vec::new(),
        }
    }

    pub fn reason(mut self, reason: &'a str) -> Self {
        self.reason = Some(reason);
        self
    }

    pub fn notify(mut self, notify: Vec<Notification>) -> Self {
        self.notify = notify;
        self
    }
}

/// A card's change: the same entry, with a card's transitions.
pub type CardEntry<'a> = Entry<'a, CardTransition>;

/// A state machine whose transitions the journal records (`OrderStatus`, `CardStatus`).
pub trait Machine: Copy {
    type Transition: Copy + Display;
    /// The state `t` leads to from `self`, or the 409 a client is told about.
    fn next(self, t: Self::Transition) -> AppResult<Self>;
    /// In logs.
    fn name(self) -> &'static str;
    /// The webhook event of `t`.
    fn event_type(t: Self::Transition) -> EventType;
}

/// The transitions of a journaled kind.
pub type TransitionOf<J> = <<J as Journaled>::Status as Machine>::Transition;

/// What the journal needs to know about a kind of object whose transitions it records (the
/// impls are in `kinds.rs`).
pub trait Journaled {
    type Id: Display;
    type Status: Machine;
    /// In logs.
    const NOUN: &'static str;

    fn status(&self) -> Self::Status;
    /// The conditional update: false when the stored version is no longer `self`'s.
    fn store(
        &self,
        conn: &mut DbConn,
        to: Self::Status,
        reason: Option<&str>,
        now: NaiveDateTime,
    ) -> persistence::Result<bool>;
    /// `self` as [`Journaled::store`] left it, without reading it back.
    fn stored(&mut self, to: Self::Status, reason: Option<&str>, now: NaiveDateTime);
    fn id(&self) -> &Self::Id;
    fn subject(&self) -> Subject<'_>;
    fn insert_event(
        conn: &mut DbConn,
        event: &Event<'_, Self::Id, Self::Status>,
    ) -> persistence::Result<()>;
}

/// An audit event as the journal writes it.
pub struct Event<'a, I, S> {
    pub id: &'a EventId,
    pub object_id: &'a I,
    pub actor: &'a Actor,
    pub from: Option<S>,
    pub to: S,
    pub reason: Option<&'a str>,
    pub proof: Option<IdentityProof>,
    pub at: NaiveDateTime,
}

/// The state `transition` leads to from `from`, or the conflict a client is told about.
pub fn next(from: OrderStatus, transition: Transition) -> AppResult<OrderStatus> {
    from.next(transition)
}

/// Writes the transition of `object`, as read: 409 when it is not in a state that allows it, or
/// when another request changed it since it was read (exactly one of concurrent transitions
/// wins). On success `object` is what is now stored, without reading it back.
pub fn record<J: Journaled>(
    conn: &mut DbConn,
    ctx: &Context,
    object: &mut J,
    entry: Entry<'_, TransitionOf<J>>,
    now: NaiveDateTime,
) -> AppResult<J::Status> {
    let from = object.status();
    let to = from.next(entry.transition)?;
    if !object.store(conn, to, entry.reason, now)? {
        return Err(AppError::Conflict {
            code: ProblemCode::ConcurrentChange,
            detail: crate::texts::Text::new("problem-changed-meanwhile").with("what", J::NOUN),
        });
    }
    object.stored(to, entry.reason, now);
    let event_id: EventId = ids::new();
    J::insert_event(
        conn,
        &Event {
            id: &event_id,
            object_id: object.id(),
            actor: &entry.actor,
            from: Some(from),
            to,
            reason: entry.reason,
            proof: entry.proof,
            at: now,
        },
    )?;
    webhooks::emit(
        conn,
        ctx,
        J::Status::event_type(entry.transition),
        &event_id,
        object.subject(),
        now,
    )?;
    for n in entry.notify {
        outbox::queue(conn, ctx, n, now)?;
    }
    tracing::info!(
        event = "transition",
        object = J::NOUN,
        object_id = %object.id(),
        actor_kind = %entry.actor.kind,
        from = from.name(),
        to = to.name(),
        "{} {}", J::NOUN, entry.transition
    );
    Ok(to)
}

/// Writes a new order and its first event (from no state to `order.status`), with the
/// notifications it causes, inside the caller's transaction.
pub fn open(
    conn: &mut DbConn,
    ctx: &Context,
    order: &NewOrder<'_>,
    actor: &Actor,
    notify: Vec<Notification>,
    now: NaiveDateTime,
) -> AppResult<()> {
    orders::insert(conn, order)?;
    let event_id: EventId = ids::new();
    let event = Event {
        id: &event_id,
        object_id: order.id,
        actor,
        from: None,
        to: order.status,
        reason: None,
        proof: None,
        at: now,
    };
    OrderRow::insert_event(conn, &event)?;
    if let Some(stored) = orders::find(conn, order.id)? {
        webhooks::emit(
            conn,
            ctx,
            EventType::OrderCreated,
            &event_id,
            Subject::Order(&stored),
            now,
        )?;
    }
    for n in notify {
        outbox::queue(conn, ctx, n, now)?;
    }
    tracing::info!(
        event = "order_opened",
        order_id = %order.id,
        actor_kind = %actor.kind,
        to = order.status.as_str(),
        "order opened"
    );
    Ok(())
}

/// Writes a new card (`inactive`) and its first event.
pub fn open_card(conn: &mut DbConn, card: &NewCard<'_>, actor: &Actor) -> AppResult<()> {
    cards::insert(conn, card)?;
    let event_id: EventId = ids::new();
    let event = Event {
        id: &event_id,
        object_id: card.id,
        actor,
        from: None,
        to: CardStatus::Inactive,
        reason: None,
        proof: None,
        at: card.now,
    };
    CardRow::insert_event(conn, &event)?;
    Ok(())
}
