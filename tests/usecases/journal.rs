//! The journal's rules, for every kind it records: the state machine decides (a refused transition
//! is `invalid_state` and writes nothing), exactly one of two transitions made from the same read
//! wins, and a transition's audit event, webhook delivery and messages commit or roll back with
//! it — the outbox worker is woken only after a commit.

use std::time::Duration;

use app::journal::{self, Actor, CardEntry, Entry, Journaled};
use app::outbox::Notification;
use app::{AppError, ProblemCode};
use domain::{CardStatus, CardTransition, Channel, EventType, OrderStatus, Transition};
use persistence::{card_events, events, outbox, webhooks};

use crate::world::World;

const TESTER: Actor = Actor::SYSTEM;

fn is_invalid_state(e: &AppError) -> bool {
    matches!(
        e,
        AppError::Conflict {
            code: ProblemCode::InvalidState,
            ..
        }
    )
}

/// Records `entry` on `object` in its own transaction, as a use case would.
fn record<J: Journaled + Send>(
    w: &World,
    object: &mut J,
    entry: Entry<'_, journal::TransitionOf<J>>,
) -> Result<J::Status, AppError> {
    let now = w.now();
    w.write(|conn, ctx| journal::record(conn, ctx, object, entry, now))
}

#[tokio::test]
async fn every_order_transition_is_what_the_state_machine_says_and_a_refusal_writes_nothing() {
    let w = World::new().await;
    let company = w.company();
    for from in OrderStatus::ALL {
        for t in Transition::ALL {
            let mut order = w.order(&company, None, from);
            let mut visitor = w.visitor_order(&company, from);
            let before = w
                .read(|c| Ok(events::list(c, order.id.as_str())?.len()))
                .unwrap_or(0);
            let got = record(&w, &mut order, Entry::new(t, TESTER));
            let got_visitor = record(&w, &mut visitor, Entry::new(t, TESTER));
            let stored = w
                .read(|c| Ok(persistence::orders::find(c, &order.id)?))
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|| panic!("the order"));
            let trail = w
                .read(|c| Ok(events::list(c, order.id.as_str())?))
                .unwrap_or_else(|e| panic!("{e}"));
            match from.apply(t) {
                Ok(to) => {
                    assert_eq!(got.ok(), Some(to), "{from:?} --{t:?}");
                    assert_eq!(got_visitor.ok(), Some(to), "visitor {from:?} --{t:?}");
                    assert_eq!((stored.status, stored.version), (to, 2));
                    let last = trail.last().unwrap_or_else(|| panic!("no event"));
                    assert_eq!((last.from_status, last.to_status), (Some(from), to));
                    assert_eq!(trail.len(), before + 1);
                }
                Err(_) => {
                    let e = got
                        .err()
                        .unwrap_or_else(|| panic!("{from:?} --{t:?} allowed"));
                    assert!(is_invalid_state(&e), "{from:?} --{t:?}: {e:?}");
                    let e = got_visitor
                        .err()
                        .unwrap_or_else(|| panic!("visitor {from:?} --{t:?} allowed"));
                    assert!(is_invalid_state(&e), "visitor {from:?} --{t:?}: {e:?}");
                    assert_eq!((stored.status, stored.version), (from, 1));
                    assert_eq!(trail.len(), before, "{from:?} --{t:?} wrote an event");
                }
            }
        }
    }
}

#[tokio::test]
async fn every_card_transition_is_what_the_state_machine_says_and_a_refusal_writes_nothing() {
    let w = World::new().await;
    let company = w.company();
    let valid_until = w.now().date() + chrono::TimeDelta::days(30);
    for from in CardStatus::ALL {
        for t in CardTransition::ALL {
            let (mut card, _) = w.card(&company, None, from, valid_until);
            let before = card.version;
            let got = record(&w, &mut card, CardEntry::new(t, TESTER).reason("test"));
            let stored = w
                .read(|c| Ok(persistence::cards::find(c, &card.id)?))
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|| panic!("the card"));
            let trail = w
                .read(|c| Ok(card_events::list(c, card.id.as_str())?))
                .unwrap_or_else(|e| panic!("{e}"));
            match from.apply(t) {
                Ok(to) => {
                    assert_eq!(got.ok(), Some(to), "{from:?} --{t:?}");
                    assert_eq!((stored.status, stored.version), (to, before + 1));
                    assert_eq!(stored.status_reason.as_deref(), Some("test"));
                    let last = trail.last().unwrap_or_else(|| panic!("no event"));
                    assert_eq!((last.from_status, last.to_status), (Some(from), to));
                }
                Err(_) => {
                    let e = got
                        .err()
                        .unwrap_or_else(|| panic!("{from:?} --{t:?} allowed"));
                    assert!(is_invalid_state(&e), "{from:?} --{t:?}: {e:?}");
                    assert_eq!((stored.status, stored.version), (from, before));
                    assert_eq!(trail.len(), 1, "{from:?} --{t:?} wrote an event");
                }
            }
        }
    }
}

#[tokio::test]
async fn of_two_transitions_made_from_the_same_read_exactly_one_wins() {
    let w = World::new().await;
    let company = w.company();
    let order = w.order(&company, None, OrderStatus::WaitingForReview);
    let (mut first, mut second) = (order.clone(), order.clone());
    assert_eq!(
        record(&w, &mut first, Entry::new(Transition::Cancel, TESTER)).ok(),
        Some(OrderStatus::Cancelled)
    );
    // The second still holds version 1: its conditional update finds nothing to change.
    let lost = record(&w, &mut second, Entry::new(Transition::Expire, TESTER));
    assert!(
        matches!(
            lost,
            Err(AppError::Conflict {
                code: ProblemCode::ConcurrentChange,
                ..
            })
        ),
        "{lost:?}"
    );
    let trail = w
        .read(|c| Ok(events::list(c, order.id.as_str())?))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].to_status, OrderStatus::Cancelled);
    // The same for a card.
    let (card, _) = w.card(
        &company,
        None,
        CardStatus::Active,
        w.now().date() + chrono::TimeDelta::days(9),
    );
    let (mut a, mut b) = (card.clone(), card.clone());
    assert!(record(&w, &mut a, CardEntry::new(CardTransition::Block, TESTER)).is_ok());
    let lost = record(
        &w,
        &mut b,
        CardEntry::new(CardTransition::Terminate, TESTER),
    );
    assert!(
        matches!(
            lost,
            Err(AppError::Conflict {
                code: ProblemCode::ConcurrentChange,
                ..
            })
        ),
        "{lost:?}"
    );
}

/// Pending deliveries and unsent emails, in that order.
fn queued(w: &World) -> (i64, i64) {
    w.read(|c| {
        Ok((
            webhooks::backlog(c)?.0,
            outbox::backlog(c, Channel::Email)?.0,
        ))
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

async fn rang(w: &World) -> bool {
    let bell = std::sync::Arc::clone(&w.app.services.outbox_bell);
    tokio::time::timeout(Duration::from_millis(100), bell.notified())
        .await
        .is_ok()
}

#[tokio::test]
async fn a_transition_its_event_its_webhook_and_its_messages_commit_or_roll_back_together() {
    let w = World::new().await;
    let company = w.company();
    w.endpoint(&company, &[EventType::OrderCancelled]);
    let mut order = w.order(&company, None, OrderStatus::WaitingForReview);
    let notice = || {
        vec![Notification::email(
            "holder@example.se",
            "Cancelled",
            "Your order was cancelled.".into(),
            None,
        )]
    };
    // A use case that fails after the transition: nothing of it stays, and no one is woken.
    let now = w.now();
    let failed: Result<(), AppError> = w.write(|conn, ctx| {
        let entry = Entry::new(Transition::Cancel, TESTER).notify(notice());
        journal::record(conn, ctx, &mut order.clone(), entry, now)?;
        Err(AppError::Internal("a later step failed".into()))
    });
    assert!(failed.is_err());
    assert_eq!(queued(&w), (0, 0));
    assert!(!rang(&w).await, "the bell rang for a rolled-back change");
    let trail = w
        .read(|c| Ok(events::list(c, order.id.as_str())?))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(trail.is_empty());
    // Committed: the event, one delivery to the endpoint that wants it, the email, the bell.
    let entry = Entry::new(Transition::Cancel, TESTER).notify(notice());
    assert!(record(&w, &mut order, entry).is_ok());
    assert_eq!(queued(&w), (1, 1));
    assert!(rang(&w).await, "the bell did not ring after the commit");
    // A transition no endpoint wants queues no delivery; one without messages rings nothing.
    let mut other = w.order(&company, None, OrderStatus::WaitingForReview);
    assert!(record(&w, &mut other, Entry::new(Transition::Expire, TESTER)).is_ok());
    assert_eq!(queued(&w), (1, 1));
    assert!(!rang(&w).await, "the bell rang with nothing queued");
}
