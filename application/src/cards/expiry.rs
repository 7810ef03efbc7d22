//! The expiry job: cards past their `valid_until` become `expired`, and card orders the
//! cardholder has not reviewed within the review window become `expired`, each through its
//! journal with the service as the actor, so both show in the audit trails.
//!
//! Safe on several instances at once: each item is re-read and changed in its own transaction
//! by a conditional update on its version; an instance that loses the race gets a conflict and
//! moves on.

use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use domain::{CardId, CardTransition, OrderId, OrderStatus, Transition};
use persistence::{cards, orders, Db, DbConn};

use super::CardEntry;
use crate::error::{AppError, AppResult};
use crate::journal::{self, Actor, Entry};
use crate::{Clock, Context, Services};
use std::sync::Arc;

/// Items per sweep of each kind (the next tick takes the rest).
const BATCH: i64 = 200;

/// Runs until the process ends: a sweep every `every`.
pub async fn run(
    db: Db,
    clock: Clock,
    services: Arc<Services>,
    review_window: TimeDelta,
    every: Duration,
) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        let (d, ctx) = (
            db.clone(),
            Context::new(clock.clone(), Arc::clone(&services)),
        );
        match tokio::task::spawn_blocking(move || sweep(&d, &ctx, review_window)).await {
            Ok(Ok((0, 0))) => {}
            Ok(Ok((cards, orders))) => tracing::info!(cards, orders, "expired"),
            Ok(Err(e)) => tracing::warn!(error = %e, "expiry: database error"),
            Err(e) => tracing::error!(error = %e, "expiry: blocking task failed"),
        }
    }
}

/// One sweep: (cards expired, orders expired). Each item is its own transaction.
pub fn sweep(db: &Db, ctx: &Context, review_window: TimeDelta) -> AppResult<(usize, usize)> {
    let now = ctx.now();
    let due_cards =
        db.read(|conn| Ok::<_, AppError>(cards::past_validity(conn, now.date(), BATCH)?))?;
    let mut expired_cards = 0;
    for card in due_cards {
        if settle(db.write(|conn| expire_card(conn, ctx, &card.id, now)))? {
            expired_cards += 1;
        }
    }
    let due_orders = db
        .read(|conn| Ok::<_, AppError>(orders::stale_reviews(conn, now - review_window, BATCH)?))?;
    let mut expired_orders = 0;
    for id in due_orders {
        if settle(db.write(|conn| expire_order(conn, ctx, &id, now, review_window)))? {
            expired_orders += 1;
        }
    }
    ctx.ring_if_queued();
    Ok((expired_cards, expired_orders))
}

/// A conflict means another instance (or a person) changed the item first: not an error here.
fn settle(r: AppResult<bool>) -> AppResult<bool> {
    match r {
        Err(AppError::Conflict { .. }) => Ok(false),
        other => other,
    }
}

fn expire_card(
    conn: &mut DbConn,
    ctx: &Context,
    id: &CardId,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let Some(mut card) = cards::find(conn, id)? else {
        return Ok(false);
    };
    if card.status.is_final() || card.valid_until >= now.date() {
        return Ok(false);
    }
    let reason = format!("valid until {}", card.valid_until);
    crate::journal::record(
        conn,
        ctx,
        &mut card,
        CardEntry {
            transition: CardTransition::Expire,
            actor: Actor::SYSTEM,
            reason: Some(&reason),
            proof: None,
            notify: Vec::new(),
        },
        now,
    )?;
    Ok(true)
}

fn expire_order(
    conn: &mut DbConn,
    ctx: &Context,
    id: &OrderId,
    now: NaiveDateTime,
    review_window: TimeDelta,
) -> AppResult<bool> {
    let Some(mut order) = orders::find(conn, id)? else {
        return Ok(false);
    };
    if order.status != OrderStatus::WaitingForReview || order.updated_at >= now - review_window {
        return Ok(false);
    }
    let reason = format!("not reviewed within {} days", review_window.num_days());
    journal::record(
        conn,
        ctx,
        &mut order,
        Entry {
            transition: Transition::Expire,
            actor: Actor::SYSTEM,
            reason: Some(&reason),
            notify: Vec::new(),
            proof: None,
        },
        now,
    )?;
    Ok(true)
}
