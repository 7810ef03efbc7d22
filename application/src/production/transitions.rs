//! The producer's transitions of an order: start production, produced (the cards are made),
//! shipped (carrier and tracking number; the cardholder is emailed), delivered (the cardholder
//! is told to activate; visitor cards, which have no cardholder, are active on delivery), and a
//! refusal of an approved card order that sends it back to its company.

use crate::ProblemCode;
use chrono::NaiveDateTime;
use domain::{ActorKind, BoundedText, CardTransition, Scope, Transition};
use persistence::{cards, shipments, DbConn};

use super::{complete, load, Job, JobRef, ProductionOrder};
use crate::cards::{self as card_journal, notices, produce, CardEntry};
use crate::error::{AppError, AppResult};
use crate::journal::{self, Actor, Entry};
use crate::orders::IfMatch;
use crate::outbox::Notification;
use crate::principal::CardProducer;
use crate::Clock;

/// Which order, at which version.
pub struct Advance {
    pub job: JobRef,
    pub if_match: Option<IfMatch>,
    /// For links in emails.
    pub frontend_url: String,
}

pub struct Ship {
    pub advance: Advance,
    pub carrier: BoundedText,
    pub tracking_number: BoundedText,
}

pub struct Refuse {
    pub advance: Advance,
    pub reason: BoundedText,
}

pub fn start(
    conn: &mut DbConn,
    who: &CardProducer,
    cmd: Advance,
    clock: &Clock,
) -> AppResult<ProductionOrder> {
    let job = step(
        conn,
        who,
        &cmd,
        Transition::StartProduction,
        None,
        Vec::new(),
        clock.now(),
    )?;
    complete(conn, job)
}

pub fn produced(
    conn: &mut DbConn,
    who: &CardProducer,
    cmd: Advance,
    clock: &Clock,
) -> AppResult<ProductionOrder> {
    let now = clock.now();
    let job = step(conn, who, &cmd, Transition::Produced, None, Vec::new(), now)?;
    let actor = producer(who);
    match &job {
        Job::Standard(o) => produce::standard(conn, &o.order, actor, now)?,
        Job::Visitor(v) => produce::visitor(conn, &v.order, actor, now)?,
    };
    complete(conn, job)
}

pub fn ship(
    conn: &mut DbConn,
    who: &CardProducer,
    cmd: Ship,
    clock: &Clock,
) -> AppResult<ProductionOrder> {
    let now = clock.now();
    let (carrier, tracking) = (cmd.carrier.as_str(), cmd.tracking_number.as_str());
    let notify = match &load(conn, &cmd.advance.job)? {
        Job::Standard(o) => vec![notices::shipped(
            &o.order.cardholder_email,
            &o.company_name,
            carrier,
            tracking,
            &notices::cards_link(&cmd.advance.frontend_url),
        )],
        Job::Visitor(_) => Vec::new(),
    };
    let reason = format!("{carrier} {tracking}");
    let job = step(
        conn,
        who,
        &cmd.advance,
        Transition::Ship,
        Some(&reason),
        notify,
        now,
    )?;
    shipments::insert(conn, job.id(), carrier, tracking, now)?;
    complete(conn, job)
}

pub fn deliver(
    conn: &mut DbConn,
    who: &CardProducer,
    cmd: Advance,
    clock: &Clock,
) -> AppResult<ProductionOrder> {
    let now = clock.now();
    let notify = match &load(conn, &cmd.job)? {
        Job::Standard(o) => vec![notices::ready_to_activate(
            &o.order.cardholder_email,
            &o.company_name,
            &notices::cards_link(&cmd.frontend_url),
        )],
        Job::Visitor(_) => Vec::new(),
    };
    let job = step(conn, who, &cmd, Transition::Deliver, None, notify, now)?;
    shipments::delivered(conn, job.id(), now)?;
    if let Job::Visitor(_) = &job {
        for mut card in cards::list_for_order(conn, job.id())? {
            card_journal::record(
                conn,
                &mut card,
                CardEntry {
                    transition: CardTransition::Activate,
                    actor: producer(who),
                    reason: Some("delivered: visitor cards need no activation"),
                    notify: Vec::new(),
                },
                now,
            )?;
        }
    }
    complete(conn, job)
}

pub fn refuse(
    conn: &mut DbConn,
    who: &CardProducer,
    cmd: Refuse,
    clock: &Clock,
) -> AppResult<ProductionOrder> {
    if let JobRef::Visitor(_) = cmd.advance.job {
        // A visitor order has nothing a company could correct.
        load(conn, &cmd.advance.job)?;
        return Err(AppError::Conflict {
            code: ProblemCode::InvalidState,
            detail: "A visitor order cannot be refused: it has no portrait or documents.".into(),
        });
    }
    let job = step(
        conn,
        who,
        &cmd.advance,
        Transition::Refuse,
        Some(cmd.reason.as_str()),
        Vec::new(),
        clock.now(),
    )?;
    complete(conn, job)
}

fn producer(who: &CardProducer) -> Actor<'_> {
    Actor {
        kind: ActorKind::Client,
        id: who.id().as_str(),
    }
}

/// The checks every transition makes, then the journal.
fn step(
    conn: &mut DbConn,
    who: &CardProducer,
    cmd: &Advance,
    transition: Transition,
    reason: Option<&str>,
    notify: Vec<Notification>,
    now: NaiveDateTime,
) -> AppResult<Job> {
    who.need(Scope::ProductionWrite)?;
    let mut job = load(conn, &cmd.job)?;
    journal::next(job.status(), transition)?;
    if let Some(m) = &cmd.if_match {
        m.check_version(job.version())?;
    }
    let entry = Entry {
        transition,
        actor: producer(who),
        reason,
        notify,
        proof: None,
    };
    match &mut job {
        Job::Standard(o) => journal::record(conn, &mut o.order, entry, now)?,
        Job::Visitor(v) => journal::record_visitor(conn, &mut v.order, entry, now)?,
    };
    Ok(job)
}
