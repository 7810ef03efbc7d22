//! A card's audit trail: who changed its state, from what, to what, why and when.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{ActorId, ActorKind, CardId, CardStatus, EventId};

use crate::schema::card_events;
use crate::{DbConn, Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardEventRow {
    pub id: EventId,
    pub card_id: CardId,
    /// The account or machine client that acted, or the service itself.
    pub actor_id: ActorId,
    pub actor_kind: ActorKind,
    /// `None` for the event that created the card.
    pub from_status: Option<CardStatus>,
    pub to_status: CardStatus,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = card_events)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct Stored {
    #[diesel(deserialize_as = String)]
    id: EventId,
    #[diesel(deserialize_as = String)]
    card_id: CardId,
    #[diesel(deserialize_as = String)]
    actor_id: ActorId,
    #[diesel(deserialize_as = String)]
    actor_kind: ActorKind,
    from_status: Option<String>,
    #[diesel(deserialize_as = String)]
    to_status: CardStatus,
    reason: Option<String>,
    created_at: NaiveDateTime,
}

impl TryFrom<Stored> for CardEventRow {
    type Error = Error;
    fn try_from(e: Stored) -> Result<CardEventRow> {
        let from_status = e
            .from_status
            .map(CardStatus::try_from)
            .transpose()
            .map_err(|x| Error::Corrupt(format!("card_events.from_status: {x}")))?;
        Ok(CardEventRow {
            id: e.id,
            card_id: e.card_id,
            actor_id: e.actor_id,
            actor_kind: e.actor_kind,
            from_status,
            to_status: e.to_status,
            reason: e.reason,
            created_at: e.created_at,
        })
    }
}

#[derive(Debug, Clone)]
pub struct NewCardEvent<'a> {
    pub id: &'a EventId,
    pub card_id: &'a CardId,
    pub actor_id: &'a ActorId,
    pub actor_kind: ActorKind,
    pub from_status: Option<CardStatus>,
    pub to_status: CardStatus,
    pub reason: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, e: &NewCardEvent<'_>) -> Result<()> {
    use card_events as t;
    diesel::insert_into(t::table)
        .values((
            t::id.eq(e.id.as_str()),
            t::card_id.eq(e.card_id.as_str()),
            t::actor_id.eq(e.actor_id.as_str()),
            t::actor_kind.eq(e.actor_kind.as_str()),
            t::from_status.eq(e.from_status.map(CardStatus::as_str)),
            t::to_status.eq(e.to_status.as_str()),
            t::reason.eq(e.reason),
            t::created_at.eq(e.created_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The card's events, oldest first.
pub fn list(conn: &mut DbConn, card_id: &str) -> Result<Vec<CardEventRow>> {
    card_events::table
        .filter(card_events::card_id.eq(card_id))
        .order((card_events::created_at.asc(), card_events::id.asc()))
        .select(Stored::as_select())
        .load(conn)?
        .into_iter()
        .map(CardEventRow::try_from)
        .collect()
}
