//! The company's cards: list (by state, by the holder's name), read with the audit trail, and
//! block (only an active card), unblock, terminate (final; the only change an inactive card
//! allows), each with a reason. Members see them by role; an integrator with `cards:read` /
//! `cards:write`.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use domain::{BoundedText, CardId, CardStatus, CardTransition, CompanyAction, CompanyId};
use persistence::{card_events, cards, CardEventRow, CardFilter, CardRow, DbConn};

use super::CardEntry;
use crate::companies::access;
use crate::companies::actors::{self, ActedBy};
use crate::error::{AppError, AppResult};
use crate::orders::IfMatch;
use crate::principal::Principal;
use crate::Context;

/// Which card of which company.
#[derive(Debug, Clone)]
pub struct CardRef {
    pub company_id: CompanyId,
    pub card_id: CardId,
}

pub struct ListCards {
    pub company_id: CompanyId,
    pub status: Option<CardStatus>,
    /// Folded text the holder's folded name must contain.
    pub name: Option<String>,
    pub after: Option<(NaiveDateTime, String)>,
    pub limit: u32,
}

pub struct CardPage {
    pub cards: Vec<CardRow>,
    pub has_more: bool,
    /// Whether the caller may act on the cards (`ManageCards`) and so sees the printed numbers;
    /// others see only their last four digits.
    pub full_numbers: bool,
}

/// A card with its audit trail.
pub struct CompanyCard {
    pub card: CardRow,
    pub events: Vec<CardEventRow>,
    /// Who acted in `events`, by their stored actor id.
    pub actors: HashMap<domain::ActorId, ActedBy>,
    /// Whether the caller may act on it and so sees its printed number.
    pub full_number: bool,
}

impl CompanyCard {
    pub fn etag(&self) -> String {
        format!("\"{}\"", self.card.version)
    }
}

pub struct ChangeCard {
    pub card: CardRef,
    pub if_match: Option<IfMatch>,
    pub reason: BoundedText,
}

pub fn list(
    conn: &mut DbConn,
    who: &Principal,
    cmd: ListCards,
    _: &Context,
) -> AppResult<CardPage> {
    access::require(conn, who, &cmd.company_id, CompanyAction::ViewCards)?;
    let filter = CardFilter {
        status: cmd.status,
        name: cmd.name,
        after: cmd.after,
    };
    let mut rows =
        cards::list_for_company(conn, &cmd.company_id, &filter, i64::from(cmd.limit) + 1)?;
    let has_more = rows.len() > cmd.limit as usize;
    rows.truncate(cmd.limit as usize);
    Ok(CardPage {
        cards: rows,
        has_more,
        full_numbers: access::may(conn, who, &cmd.company_id, CompanyAction::ManageCards)?,
    })
}

pub fn get(conn: &mut DbConn, who: &Principal, r: CardRef, _: &Context) -> AppResult<CompanyCard> {
    access::require(conn, who, &r.company_id, CompanyAction::ViewCards)?;
    let card = find(conn, &r)?;
    let full = access::may(conn, who, &r.company_id, CompanyAction::ManageCards)?;
    with_events(conn, card, full)
}

pub fn block(
    conn: &mut DbConn,
    who: &Principal,
    cmd: ChangeCard,
    ctx: &Context,
) -> AppResult<CompanyCard> {
    change(conn, who, cmd, CardTransition::Block, ctx)
}

pub fn unblock(
    conn: &mut DbConn,
    who: &Principal,
    cmd: ChangeCard,
    ctx: &Context,
) -> AppResult<CompanyCard> {
    change(conn, who, cmd, CardTransition::Unblock, ctx)
}

pub fn terminate(
    conn: &mut DbConn,
    who: &Principal,
    cmd: ChangeCard,
    ctx: &Context,
) -> AppResult<CompanyCard> {
    change(conn, who, cmd, CardTransition::Terminate, ctx)
}

fn change(
    conn: &mut DbConn,
    who: &Principal,
    cmd: ChangeCard,
    transition: CardTransition,
    ctx: &Context,
) -> AppResult<CompanyCard> {
    let acting = access::require(conn, who, &cmd.card.company_id, CompanyAction::ManageCards)?;
    let mut card = find(conn, &cmd.card)?;
    super::next(card.status, transition)?;
    if let Some(m) = &cmd.if_match {
        m.check_version(card.version)?;
    }
    crate::journal::record(
        conn,
        ctx,
        &mut card,
        CardEntry {
            transition,
            actor: acting.actor(),
            reason: Some(cmd.reason.as_str()),
            proof: None,
            notify: Vec::new(),
        },
        ctx.now(),
    )?;
    // Only one who may act on it changes it.
    with_events(conn, card, true)
}

fn find(conn: &mut DbConn, r: &CardRef) -> AppResult<CardRow> {
    cards::find(conn, &r.card_id)?
        .filter(|c| c.company_id == r.company_id)
        .ok_or(AppError::NotFound)
}

fn with_events(conn: &mut DbConn, card: CardRow, full_number: bool) -> AppResult<CompanyCard> {
    let events = card_events::list(conn, card.id.as_str())?;
    let actors = actors::resolve(
        conn,
        &card.company_id,
        events.iter().map(|e| (e.actor_kind, &e.actor_id)),
    )?;
    Ok(CompanyCard {
        card,
        events,
        actors,
        full_number,
    })
}
