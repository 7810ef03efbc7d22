//! Erasure (GDPR Art. 17): the person asks (with their password, signed in with the SMS second
//! factor), or an operator runs it for a request received elsewhere (API or command line). What
//! no law or live card needs goes at once, in one transaction: sign-in state and sessions,
//! contact details, memberships, closed orders' personal data (the order and its trail stay for
//! the company: "Erased person"), the log of reads of their data, waiting messages, and the
//! security log's link to them. What a live card or an order in progress still needs is listed
//! with the reason and, where known, the date it goes; the account then waits
//! (`erasure_requested_at`) and the retention job finishes the erasure once nothing is held:
//! verified identities, document checks and portraits, the ended cards' holder, the account.
//! Companies whose orders named the person are told by webhook (`person.erased`), and the person
//! by email.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use domain::{
    AccountId, ActorId, ActorKind, AnyOrderId, CompanyId, EventId, Language, OrderStatus,
};
use persistence::events::{self, NewEvent};
use persistence::{accounts, cards, erasure, personal_data, retention, DbConn};

use crate::emails::Mail;
use crate::error::{AppError, AppResult};
use crate::journal::Actor;
use crate::outbox::{self, Notification};
use crate::security_events::{self, Event, Kind};
use crate::texts::Text;
use crate::{ids, Context};

/// What is kept for now, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    pub kind: HeldKind,
    /// The card's or order's id.
    pub id: String,
    pub company_name: String,
    /// Why it is kept, and when it goes.
    pub reason: Text,
    /// The day it goes, when known.
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldKind {
    Card,
    CardOrder,
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub account_id: AccountId,
    pub erased_at: NaiveDateTime,
    /// Whether the account itself is gone (nothing was held).
    pub account_deleted: bool,
    pub orders_erased: usize,
    pub sessions_ended: usize,
    pub held: Vec<Held>,
}

/// Who asked.
pub enum Requester<'a> {
    /// The person themselves.
    Person,
    /// An operator (or the command line) for a request received elsewhere, with its reference.
    Operator { by: &'a Actor, reason: &'a str },
    /// The retention job finishing an erasure that waited.
    Retention,
}

/// The order statuses in which a card is still being made for the person.
const IN_PROGRESS: [OrderStatus; 6] = [
    OrderStatus::Draft,
    OrderStatus::WaitingForReview,
    OrderStatus::Approved,
    OrderStatus::InProduction,
    OrderStatus::Produced,
    OrderStatus::Shipped,
];

/// Erases what may go of `account_id`'s personal data, in the caller's transaction.
pub fn erase(
    conn: &mut DbConn,
    ctx: &Context,
    account_id: &AccountId,
    requester: Requester<'_>,
) -> AppResult<Report> {
    let now = ctx.now();
    let account = accounts::find(conn, account_id)?.ok_or(AppError::NotFound)?;
    let orders = personal_data::orders(conn, account_id)?;
    let (held, kept_orders) = held(conn, account_id, &orders)?;
    let mut erased_orders: BTreeMap<CompanyId, Vec<String>> = BTreeMap::new();
    let mut orders_erased = 0;
    for o in &orders {
        let row = &o.order;
        if kept_orders.contains(&row.id) {
            continue;
        }
        if retention::erase_order(conn, &row.id, row.status, now)? {
            trail_entry(conn, &row.id, row.status, &requester, now)?;
            orders_erased += 1;
            erased_orders
                .entry(row.company_id.clone())
                .or_default()
                .push(row.id.to_string());
        }
    }
    let sessions_ended = erasure::sign_in_state(conn, account_id)?;
    erasure::contact_details(conn, account_id, now)?;
    erasure::memberships(conn, account_id, &account.email)?;
    erasure::pseudonymise_security_events(conn, account_id, &account.email)?;
    erasure::reads_and_messages(conn, account_id, &account.email, &account.phone)?;
    let account_deleted = held.is_empty();
    if account_deleted {
        erasure::identity(conn, account_id, &account.email)?;
        erasure::ended_cards(conn, account_id)?;
        erasure::account(conn, account_id)?;
    } else {
        erasure::mark_requested(conn, account_id, now)?;
    }
    for (company, orders) in &erased_orders {
        crate::webhooks::emit_person_erased(conn, ctx, company, account_id, orders, now)?;
    }
    let detail = format!(
        "{} orders erased, {} held{}",
        orders_erased,
        held.len(),
        match &requester {
            Requester::Operator { reason, .. } => format!("; request: {reason}"),
            _ => String::new(),
        }
    );
    let detail: String = detail.chars().take(200).collect();
    let event = Event::new(Kind::PersonalDataErased)
        .account(account_id)
        .detail(&detail);
    let event = match &requester {
        Requester::Operator { by, .. } => match &by.id {
            ActorId::Client(c) => event.client(c),
            _ => event,
        },
        _ => event,
    };
    security_events::record(conn, event, now)?;
    if !matches!(requester, Requester::Retention) {
        let notice = erased_notice(&account.email, account.language, &held);
        outbox::queue(conn, ctx, notice, now)?;
    }
    Ok(Report {
        account_id: account_id.clone(),
        erased_at: now,
        account_deleted,
        orders_erased,
        sessions_ended,
        held,
    })
}

/// The order's trail says its person's data was erased, and at whose request.
fn trail_entry(
    conn: &mut DbConn,
    order: &domain::OrderId,
    status: OrderStatus,
    requester: &Requester<'_>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let (actor_id, actor_kind, why) = match requester {
        Requester::Person => (
            ActorId::System,
            ActorKind::System,
            "at the cardholder's request",
        ),
        Requester::Operator { by, .. } => (
            by.id.clone(),
            by.kind,
            "at the cardholder's request, by an operator",
        ),
        Requester::Retention => (
            ActorId::System,
            ActorKind::System,
            "at the cardholder's request, once nothing was held",
        ),
    };
    let reason = format!("The cardholder's personal data was erased {why}.");
    let id: EventId = ids::new();
    events::insert(
        conn,
        &NewEvent {
            id: &id,
            order_id: &AnyOrderId::from(order.clone()),
            actor_id: &actor_id,
            actor_kind,
            from_status: Some(status),
            to_status: status,
            reason: Some(&reason),
            created_at: now,
            proof: None,
        },
    )?;
    Ok(())
}

/// The person is told, in their language, what went and what is held until when.
fn erased_notice(to: &str, language: Language, held: &[Held]) -> Notification {
    if held.is_empty() {
        return Mail::new("email-data-erased").to(to, language, None);
    }
    let list: Vec<String> = held
        .iter()
        .map(|h| {
            format!(
                "- {} {}: {}",
                h.company_name,
                h.id,
                h.reason.render(language)
            )
        })
        .collect();
    Mail::new("email-data-erased-held")
        .with("held", list.join("\n"))
        .to(to, language, None)
}

/// Finishes the erasures that waited for something held, once nothing is (a step of the
/// retention job); how many accounts are gone.
pub fn finish_waiting(conn: &mut DbConn, ctx: &Context, limit: i64) -> AppResult<usize> {
    let mut done = 0;
    for account in erasure::requested(conn, limit)? {
        if holds_nothing(conn, &account)? {
            erase(conn, ctx, &account, Requester::Retention)?;
            done += 1;
        }
    }
    Ok(done)
}

/// Whether nothing of the account is held any more: no live card, no order in progress.
fn holds_nothing(conn: &mut DbConn, account: &AccountId) -> AppResult<bool> {
    let orders = personal_data::orders(conn, account)?;
    Ok(held(conn, account, &orders)?.0.is_empty())
}

/// What of the account is held, with why: its live cards, and its orders in progress. With the
/// orders that stay as they are (those, and the orders of the live cards).
fn held(
    conn: &mut DbConn,
    account: &AccountId,
    orders: &[persistence::OrderWithCompany],
) -> AppResult<(Vec<Held>, Vec<domain::OrderId>)> {
    let live: Vec<_> = cards::list_for_account(conn, account)?
        .into_iter()
        .filter(|c| !c.card.status.is_final())
        .collect();
    let mut held = Vec::new();
    for c in &live {
        held.push(Held {
            kind: HeldKind::Card,
            id: c.card.id.to_string(),
            company_name: c.company_name.clone(),
            reason: Text::new("erasure-held-card").with("until", c.card.valid_until.to_string()),
            until: Some(c.card.valid_until),
        });
    }
    let mut kept = Vec::new();
    for o in orders {
        let row = &o.order;
        let carded = live
            .iter()
            .any(|c| c.card.order_id == AnyOrderId::from(row.id.clone()));
        if !carded && IN_PROGRESS.contains(&row.status) {
            held.push(Held {
                kind: HeldKind::CardOrder,
                id: row.id.to_string(),
                company_name: o.company_name.clone(),
                reason: Text::new("erasure-held-order")
                    .with_label("status", format!("order-status-{}", row.status)),
                until: None,
            });
        }
        if carded || IN_PROGRESS.contains(&row.status) {
            kept.push(row.id.clone());
        }
    }
    Ok((held, kept))
}

/// The person erases their own data: their password again (counted like a sign-in's), on a
/// session signed in with the SMS second factor.
pub async fn erase_mine(
    app: &crate::App,
    credentials: crate::Credentials,
    password: String,
) -> AppResult<Report> {
    crate::me::credentials::check_current(app, &credentials, password).await?;
    app.write_as(
        credentials,
        (),
        |conn, who: &crate::principal::MultiFactor, (), ctx| {
            erase(conn, ctx, who.account_id(), Requester::Person)
        },
    )
    .await
}

pub struct EraseAccount {
    pub account_id: String,
    /// Where the request came from (a reference to the letter, email or ticket).
    pub reason: domain::BoundedText,
}

/// An operator erases an account's data for a request received elsewhere; 404 for no such
/// account.
pub fn erase_account(
    conn: &mut DbConn,
    who: &crate::principal::Person,
    cmd: EraseAccount,
    ctx: &Context,
) -> AppResult<Report> {
    crate::companies::access::require_operator(conn, who)?;
    let account = AccountId::parse(&cmd.account_id).ok_or(AppError::NotFound)?;
    let by = Actor {
        kind: ActorKind::Operator,
        id: who.account_id().clone().into(),
    };
    erase(
        conn,
        ctx,
        &account,
        Requester::Operator {
            by: &by,
            reason: cmd.reason.as_str(),
        },
    )
}
