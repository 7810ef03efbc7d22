//! Retention (GDPR Art. 5(1)(e)): personal data kept only as long as its purpose needs. A job on
//! the clock erases each class when its time is up: the raw MRZ once a check is decided, document
//! checks that never became evidence, portraits once the card was delivered and nothing is left
//! to print, the cardholder's data on orders that were rejected, cancelled or expired, old
//! security events and ended webhook deliveries. Sessions, challenges and one-time links go with
//! housekeeping (`housekeeping.rs`).
//!
//! An erased order stays, with its trail, for the company and the audit, but without its person:
//! the trail gets an entry by `system` saying so. Each run that erased anything leaves one entry
//! in the security log with its counts. Every step is conditional or idempotent and runs in short
//! transactions, so the job is safe on every instance at once and never holds the writer long.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use domain::{ActorId, ActorKind, AnyOrderId, EventId, OrderStatus};
use persistence::events::{self, NewEvent};
use persistence::{retention, Db};

use crate::error::AppResult;
use crate::security_events::{self, Event, Kind};
use crate::{ids, Clock, Context, Services};

/// How long each class is kept; the defaults are the configuration's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// The raw MRZ after the check was registered (decided).
    pub raw_mrz: TimeDelta,
    /// Document checks that never became evidence (yellow, red, or green with the link unused).
    pub unused_checks: TimeDelta,
    /// A portrait after its person's card was delivered.
    pub portraits_after_delivery: TimeDelta,
    /// The cardholder's data on a rejected, cancelled or expired order.
    pub closed_orders: TimeDelta,
    pub security_events: TimeDelta,
    /// Webhook deliveries after they ended (delivered or given up).
    pub webhook_deliveries: TimeDelta,
    /// Spreadsheet imports (their rows' reports) after they ended.
    pub imports: TimeDelta,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            raw_mrz: TimeDelta::zero(),
            unused_checks: TimeDelta::days(30),
            portraits_after_delivery: TimeDelta::days(30),
            closed_orders: TimeDelta::days(90),
            security_events: TimeDelta::days(365),
            webhook_deliveries: TimeDelta::days(30),
            imports: TimeDelta::days(90),
        }
    }
}

/// What one run erased.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Erased {
    pub orders: usize,
    pub raw_mrz: usize,
    pub unused_checks: usize,
    pub portraits: usize,
    pub security_events: usize,
    /// Entries of the log of reads of people's identity data (kept as long as security events).
    pub data_access_log: usize,
    pub webhook_deliveries: usize,
    /// Ended spreadsheet imports, with their rows.
    pub imports: usize,
}

impl Erased {
    fn is_nothing(&self) -> bool {
        *self == Erased::default()
    }
}

/// Rows per transaction.
const BATCH: i64 = 500;

/// The order statuses after which nothing more happens to an order or its person.
const CLOSED: [OrderStatus; 3] = [
    OrderStatus::Rejected,
    OrderStatus::Cancelled,
    OrderStatus::Expired,
];

/// Runs until the process ends: every `every`, one run, then the erasures that waited for
/// something held and hold nothing now (`erasure::finish_waiting`).
pub async fn run(db: Db, clock: Clock, services: Arc<Services>, rules: Rules, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        let (d, ctx) = (
            db.clone(),
            Context::new(clock.clone(), Arc::clone(&services)),
        );
        let round = move || -> AppResult<(Erased, usize)> {
            let erased = run_once(&d, &rules, ctx.now())?;
            let finished = ctx.write(&d, |conn, ctx| {
                crate::erasure::finish_waiting(conn, ctx, BATCH)
            })?;
            Ok((erased, finished))
        };
        match tokio::task::spawn_blocking(round).await {
            Ok(Ok((erased, 0))) if erased.is_nothing() => {}
            Ok(Ok((erased, erasures_finished))) => {
                tracing::info!(?erased, erasures_finished, "retention")
            }
            Ok(Err(e)) => tracing::warn!(error = %e, "retention: database error"),
            Err(e) => tracing::error!(error = %e, "retention: blocking task failed"),
        }
    }
}

/// One run at `now`: every class, batch by batch, then the run's entry in the security log.
pub fn run_once(db: &Db, rules: &Rules, now: NaiveDateTime) -> AppResult<Erased> {
    let one_writer = db.reads_are_local();
    let mut erased = Erased {
        orders: batches(one_writer, || {
            db.write(|conn| erase_closed_orders(conn, rules, now))
        })?,
        raw_mrz: db.write(|conn| retention::drop_raw_mrz(conn, now - rules.raw_mrz))?,
        ..Erased::default()
    };
    erased.unused_checks = batches(one_writer, || {
        db.write(|conn| {
            let mut n: usize = 0;
            for (id, _) in retention::unused_checks_due(conn, now - rules.unused_checks, BATCH)? {
                n += usize::from(retention::delete_unused_check(conn, &id)?);
            }
            Ok(n)
        })
    })?;
    erased.portraits = batches(one_writer, || {
        db.write(|conn| {
            let due = now - rules.portraits_after_delivery;
            let mut n: usize = 0;
            for id in retention::portraits_due(conn, due, BATCH)? {
                n += usize::from(retention::delete_portrait(conn, &id)?);
            }
            Ok(n)
        })
    })?;
    erased.security_events = batches(one_writer, || {
        db.write(|conn| {
            Ok(retention::delete_security_events(
                conn,
                now - rules.security_events,
                BATCH,
            )?)
        })
    })?;
    erased.data_access_log = batches(one_writer, || {
        db.write(|conn| {
            Ok(persistence::data_reads::delete_before(
                conn,
                now - rules.security_events,
                BATCH,
            )?)
        })
    })?;
    erased.webhook_deliveries = batches(one_writer, || {
        db.write(|conn| {
            Ok(retention::delete_webhook_deliveries(
                conn,
                now - rules.webhook_deliveries,
                BATCH,
            )?)
        })
    })?;
    erased.imports = batches(one_writer, || {
        db.write(|conn| {
            Ok(persistence::card_order_imports::delete_ended_before(
                conn,
                now - rules.imports,
                // An import has up to 10 000 rows: fewer imports per transaction.
                5,
            )?)
        })
    })?;
    if !erased.is_nothing() {
        let detail = format!(
            "orders {}, raw MRZ {}, unused checks {}, portraits {}, security events {}, data reads {}, webhook deliveries {}, imports {}",
            erased.orders,
            erased.raw_mrz,
            erased.unused_checks,
            erased.portraits,
            erased.security_events,
            erased.data_access_log,
            erased.webhook_deliveries,
            erased.imports
        );
        db.write(|conn| {
            security_events::record(
                conn,
                Event::new(Kind::RetentionApplied).detail(&detail),
                now,
            )
        })?;
    }
    Ok(erased)
}

/// Repeats a batch until one erases nothing; the total. (A batch that found rows but erased
/// none, because another instance was faster, ends the loop too: the rest is theirs.)
///
/// On a database with `one_writer` (SQLite) the job rests between two batches as long as the
/// batch took, and at least a tenth of a second: a backlog (the first run after a long pause, a
/// deploy onto old data) is worked off in the gaps, never holding the one writer against the
/// requests (a waiting writer polls at up to 100 ms intervals, so a shorter gap could be
/// missed). PostgreSQL locks rows, not the database: there it goes on at once.
fn batches(one_writer: bool, mut batch: impl FnMut() -> AppResult<usize>) -> AppResult<usize> {
    let mut total = 0;
    loop {
        let started = std::time::Instant::now();
        match batch()? {
            0 => return Ok(total),
            n => total += n,
        }
        if one_writer {
            std::thread::sleep(started.elapsed().max(Duration::from_millis(100)));
        }
    }
}

/// One batch of closed orders: each erased with an entry in its trail.
fn erase_closed_orders(
    conn: &mut persistence::DbConn,
    rules: &Rules,
    now: NaiveDateTime,
) -> AppResult<usize> {
    let due = retention::closed_orders_due(conn, &CLOSED, now - rules.closed_orders, BATCH)?;
    let days = rules.closed_orders.num_days();
    let mut n = 0;
    for (id, status) in due {
        if !retention::erase_order(conn, &id, status, now)? {
            continue;
        }
        let reason = format!(
            "The cardholder's personal data was erased: the order was {status} more than {days} days ago."
        );
        let event_id: EventId = ids::new();
        events::insert(
            conn,
            &NewEvent {
                id: &event_id,
                order_id: &AnyOrderId::from(id),
                actor_id: &ActorId::System,
                actor_kind: ActorKind::System,
                from_status: Some(status),
                to_status: status,
                reason: Some(&reason),
                created_at: now,
                proof: None,
            },
        )?;
        n += 1;
    }
    Ok(n)
}
