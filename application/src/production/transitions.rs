//! The producer's transitions of an order: start production, produced (the cards are made),
//! shipped (carrier and tracking number; the cardholder is emailed), delivered (the cardholder
//! is told to activate; visitor cards, which have no cardholder, are active on delivery), and a
//! refusal of an approved card order that sends it back to its company.

use crate::ProblemCode;
use chrono::NaiveDateTime;
use domain::{ActorKind, BoundedText, CardTransition, Scope, Transition};
use persistence::{cards, shipments, DbConn};

use super::{complete, load, Job, JobRef, ProductionOrder};
use crate::accounts::link;
use crate::cards::{notices, produce, CardEntry};
use crate::error::{AppError, AppResult};
use crate::journal::{self, Actor, Entry};
use crate::orders::IfMatch;
use crate::principal::CardProducer;
use crate::Context;

/// Which order, at which version.
pub struct Advance {
    pub job: JobRef,
    pub if_match: Option<IfMatch>,
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
    ctx: &Context,
) -> AppResult<ProductionOrder> {
    let entry = Entry::new(Transition::StartProduction, producer(who));
    let job = step(conn, ctx, who, &cmd, entry, ctx.now())?;
    complete(conn, job)
}

pub fn produced(
    conn: &mut DbConn,
    who: &CardProducer,
    cmd: Advance,
    ctx: &Context,
) -> AppResult<ProductionOrder> {
    let now = ctx.now();
    let entry = Entry::new(Transition::Produced, producer(who));
    let job = step(conn, ctx, who, &cmd, entry, now)?;
    let actor = producer(who);
    match &job {
        Job::Standard(o) => produce::standard(conn, &o.order, &actor, now)?,
        Job::Visitor(v) => produce::visitor(conn, &v.order, &actor, now)?,
    };
    complete(conn, job)
}

pub fn ship(
    conn: &mut DbConn,
    who: &CardProducer,
    cmd: Ship,
    ctx: &Context,
) -> AppResult<ProductionOrder> {
    let now = ctx.now();
    let (carrier, tracking) = (cmd.carrier.as_str(), cmd.tracking_number.as_str());
    let notify = match &load(conn, &cmd.advance.job)? {
        Job::Standard(o) => vec![notices::shipped(
            &o.order.cardholder_email,
            link::cardholder_language(conn, &o.order)?,
            &o.company_name,
            carrier,
            tracking,
            &ctx.links().cards(),
        )],
        Job::Visitor(_) => Vec::new(),
    };
    let reason = format!("{carrier} {tracking}");
    let entry = Entry::new(Transition::Ship, producer(who))
        .reason(&reason)
        .notify(notify);
    let job = step(conn, ctx, who, &cmd.advance, entry, now)?;
    shipments::insert(conn, job.id(), carrier, tracking, now)?;
    complete(conn, job)
}

pub fn deliver(
    conn: &mut DbConn,
    who: &CardProducer,
    cmd: Advance,
    ctx: &Context,
) -> AppResult<ProductionOrder> {
    let now = ctx.now();
    let notify = match &load(conn, &cmd.job)? {
        Job::Standard(o) => vec![notices::ready_to_activate(
            &o.order.cardholder_email,
            link::cardholder_language(conn, &o.order)?,
            &o.company_name,
            &ctx.links().cards(),
        )],
        Job::Visitor(_) => Vec::new(),
    };
    let entry = Entry::new(Transition::Deliver, producer(who)).notify(notify);
    let job = step(conn, ctx, who, &cmd, entry, now)?;
    shipments::delivered(conn, job.id(), now)?;
    if let Job::Visitor(_) = &job {
        for mut card in cards::list_for_order(conn, job.id())? {
            journal::record(
                conn,
                ctx,
                &mut card,
                CardEntry {
                    transition: CardTransition::Activate,
                    actor: producer(who),
                    reason: Some("delivered: visitor cards need no activation"),
                    proof: None,
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
    ctx: &Context,
) -> AppResult<ProductionOrder> {
    if let JobRef::Visitor(_) = cmd.advance.job {
        // A visitor order has nothing a company could correct.
        load(conn, &cmd.advance.job)?;
        return Err(AppError::Conflict {
            code: ProblemCode::InvalidState,
            detail: crate::texts::Text::new("problem-visitor-order-not-refusable"),
        });
    }
    let entry = Entry::new(Transition::Refuse, producer(who)).reason(cmd.reason.as_str());
    let job = step(conn, ctx, who, &cmd.advance, entry, ctx.now())?;
    complete(conn, job)
}

fn producer(who: &CardProducer) -> Actor {
    Actor {
        kind: ActorKind::Client,
        id: who.id().clone().into(),
    }
}

/// The checks every transition makes, then the journal.
fn step(
    conn: &mut DbConn,
    ctx: &Context,
    who: &CardProducer,
    cmd: &Advance,
    entry: Entry<'_>,
    now: NaiveDateTime,
) -> AppResult<Job> {
    who.need(Scope::ProductionWrite)?;
    let mut job = load(conn, &cmd.job)?;
    journal::next(job.status(), entry.transition)?;
    if let Some(m) = &cmd.if_match {
        m.check_version(job.version())?;
    }
    match &mut job {
        Job::Standard(o) => journal::record(conn, ctx, &mut o.order, entry, now)?,
        Job::Visitor(v) => journal::record(conn, ctx, &mut v.order, entry, now)?,
    };
    Ok(job)
}
