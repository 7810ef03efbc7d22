//! What differs between the kinds the journal records: each state machine (its refusal, its
//! webhook events) and each kind's conditional update and event table.

use chrono::NaiveDateTime;
use domain::{
    AnyOrderId, CardId, CardStatus, CardTransition, EventType, OrderId, OrderStatus, Transition,
    VisitorOrderId,
};
use persistence::{
    card_events, cards, events, orders, visitor_orders, CardRow, DbConn, NewCardEvent, NewEvent,
    OrderRow, VisitorOrderRow,
};

use super::{Event, Journaled, Machine};
use crate::error::{AppError, AppResult};
use crate::webhooks::Subject;
use crate::ProblemCode;

impl Machine for OrderStatus {
    type Transition = Transition;

    fn next(self, t: Transition) -> AppResult<OrderStatus> {
        self.apply(t).map_err(|e| AppError::Conflict {
            code: ProblemCode::InvalidState,
            detail: crate::texts::Text::new("problem-order-state")
                .with("status", e.from.as_str())
                .with_label("label", format!("order-status-{}", e.from.as_str()))
                .with("transition", e.transition.as_str()),
        })
    }

    fn name(self) -> &'static str {
        self.as_str()
    }

    fn event_type(t: Transition) -> EventType {
        EventType::of_order(t)
    }
}

impl Machine for CardStatus {
    type Transition = CardTransition;

    fn next(self, t: CardTransition) -> AppResult<CardStatus> {
        self.apply(t).map_err(|e| AppError::Conflict {
            code: ProblemCode::InvalidState,
            detail: crate::texts::Text::new("problem-card-state")
                .with_label("status", format!("card-status-{}", e.from.as_str()))
                .with("transition", e.transition.as_str()),
        })
    }

    fn name(self) -> &'static str {
        self.as_str()
    }

    fn event_type(t: CardTransition) -> EventType {
        EventType::of_card(t)
    }
}

/// Card orders and visitor orders share one event table.
fn order_event<I: Clone + Into<AnyOrderId>>(
    conn: &mut DbConn,
    e: &Event<'_, I, OrderStatus>,
) -> persistence::Result<()> {
    events::insert(
        conn,
        &NewEvent {
            id: e.id,
            order_id: &e.object_id.clone().into(),
            actor_id: &e.actor.id,
            actor_kind: e.actor.kind,
            from_status: e.from,
            to_status: e.to,
            reason: e.reason,
            created_at: e.at,
            proof: e.proof,
        },
    )
}

impl Journaled for OrderRow {
    type Id = OrderId;
    type Status = OrderStatus;
    const NOUN: &'static str = "order";

    fn status(&self) -> OrderStatus {
        self.status
    }

    /// A reason is kept on the order only when it is the cardholder's rejection.
    fn store(
        &self,
        conn: &mut DbConn,
        to: OrderStatus,
        reason: Option<&str>,
        now: NaiveDateTime,
    ) -> persistence::Result<bool> {
        let rejection = reason.filter(|_| to == OrderStatus::Rejected);
        orders::transition(conn, &self.id, self.version, to, rejection, now)
    }

    fn stored(&mut self, to: OrderStatus, reason: Option<&str>, now: NaiveDateTime) {
        self.status = to;
        self.version += 1;
        self.rejection_reason = reason
            .filter(|_| to == OrderStatus::Rejected)
            .map(str::to_owned);
        self.updated_at = now;
    }

    fn id(&self) -> &OrderId {
        &self.id
    }

    fn subject(&self) -> Subject<'_> {
        Subject::Order(self)
    }

    fn insert_event(
        conn: &mut DbConn,
        e: &Event<'_, OrderId, OrderStatus>,
    ) -> persistence::Result<()> {
        order_event(conn, e)
    }
}

impl Journaled for VisitorOrderRow {
    type Id = VisitorOrderId;
    type Status = OrderStatus;
    const NOUN: &'static str = "order";

    fn status(&self) -> OrderStatus {
        self.status
    }

    /// A visitor order keeps no reason (it has no cardholder to reject it).
    fn store(
        &self,
        conn: &mut DbConn,
        to: OrderStatus,
        _: Option<&str>,
        now: NaiveDateTime,
    ) -> persistence::Result<bool> {
        visitor_orders::transition(conn, &self.id, self.version, to, now)
    }

    fn stored(&mut self, to: OrderStatus, _: Option<&str>, now: NaiveDateTime) {
        self.status = to;
        self.version += 1;
        self.updated_at = now;
    }

    fn id(&self) -> &VisitorOrderId {
        &self.id
    }

    fn subject(&self) -> Subject<'_> {
        Subject::VisitorOrder(self)
    }

    fn insert_event(
        conn: &mut DbConn,
        e: &Event<'_, VisitorOrderId, OrderStatus>,
    ) -> persistence::Result<()> {
        order_event(conn, e)
    }
}

impl Journaled for CardRow {
    type Id = CardId;
    type Status = CardStatus;
    const NOUN: &'static str = "card";

    fn status(&self) -> CardStatus {
        self.status
    }

    fn store(
        &self,
        conn: &mut DbConn,
        to: CardStatus,
        reason: Option<&str>,
        now: NaiveDateTime,
    ) -> persistence::Result<bool> {
        cards::transition(conn, &self.id, self.version, to, reason, now)
    }

    fn stored(&mut self, to: CardStatus, reason: Option<&str>, now: NaiveDateTime) {
        self.status = to;
        self.status_reason = reason.map(str::to_owned);
        self.version += 1;
        self.updated_at = now;
    }

    fn id(&self) -> &CardId {
        &self.id
    }

    fn subject(&self) -> Subject<'_> {
        Subject::Card(self)
    }

    fn insert_event(
        conn: &mut DbConn,
        e: &Event<'_, CardId, CardStatus>,
    ) -> persistence::Result<()> {
        card_events::insert(
            conn,
            &NewCardEvent {
                id: e.id,
                card_id: e.object_id,
                actor_id: &e.actor.id,
                actor_kind: e.actor.kind,
                from_status: e.from,
                to_status: e.to,
                reason: e.reason,
                created_at: e.at,
            },
        )
    }
}
