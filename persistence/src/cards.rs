//! Cards: made when an order is produced, then activated, blocked, unblocked, terminated or
//! expired. Every change is a conditional update on the version read, with its event in
//! `card_events` (written by the caller in the same transaction).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::{AccountId, AnyOrderId, CardId, CardKind, CardStatus, CompanyId};

use crate::schema::{cards, companies};
use crate::{DbConn, Result, Sealed};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cards)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct CardRow {
    #[diesel(deserialize_as = String)]
    pub id: CardId,
    pub number: String,
    #[diesel(deserialize_as = String)]
    pub kind: CardKind,
    #[diesel(deserialize_as = String)]
    pub company_id: CompanyId,
    /// The card order or visitor order it was produced for.
    #[diesel(deserialize_as = String)]
    pub order_id: AnyOrderId,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub account_id: Option<AccountId>,
    pub name_to_print: Option<String>,
    pub valid_until: NaiveDate,
    #[diesel(deserialize_as = String)]
    pub status: CardStatus,
    pub status_reason: Option<String>,
    pub activated_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A card with its company's name.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct CardWithCompany {
    #[diesel(embed)]
    pub card: CardRow,
    #[diesel(select_expression = companies::name)]
    pub company_name: String,
}

#[derive(Debug, Clone)]
pub struct NewCard<'a> {
    pub id: &'a CardId,
    pub number: &'a str,
    pub kind: CardKind,
    pub company_id: &'a CompanyId,
    pub order_id: &'a AnyOrderId,
    pub account_id: Option<&'a AccountId>,
    pub name_to_print: Option<&'a str>,
    pub name_search: Option<&'a str>,
    pub valid_until: NaiveDate,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, c: &NewCard<'_>) -> Result<()> {
    use cards as t;
    diesel::insert_into(t::table)
        .values((
            (
                t::id.eq(c.id.as_str()),
                t::number.eq(c.number),
                t::kind.eq(c.kind.as_str()),
                t::company_id.eq(c.company_id.as_str()),
                t::order_id.eq(c.order_id.as_str()),
                t::account_id.eq(c.account_id.map(AccountId::as_str)),
                t::name_to_print.eq(c.name_to_print),
                t::name_search.eq(c.name_search),
            ),
            (
                t::valid_until.eq(c.valid_until),
                t::status.eq(CardStatus::Inactive.as_str()),
                t::version.eq(1i64),
                t::created_at.eq(c.now),
                t::updated_at.eq(c.now),
            ),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether a card already has this number (numbers are random; a clash is drawn again).
pub fn number_taken(conn: &mut DbConn, number: &str) -> Result<bool> {
    use diesel::dsl::{exists, select};
    Ok(select(exists(cards::table.filter(cards::number.eq(number)))).get_result(conn)?)
}

pub fn find(conn: &mut DbConn, id: &CardId) -> Result<Option<CardRow>> {
    Ok(cards::table
        .find(id.as_str())
        .select(CardRow::as_select())
        .first(conn)
        .optional()?)
}

/// The card if it is the account's.
pub fn find_for_account(
    conn: &mut DbConn,
    id: &CardId,
    account: &AccountId,
) -> Result<Option<CardWithCompany>> {
    Ok(on_backend!(conn, |c| cards::table
        .inner_join(companies::table)
        .filter(cards::id.eq(id.as_str()))
        .filter(cards::account_id.eq(account.as_str()))
        .select(CardWithCompany::as_select())
        .first(c)
        .optional())?)
}

/// The account's cards, newest first (a person has a handful: no pagination).
pub fn list_for_account(conn: &mut DbConn, account: &AccountId) -> Result<Vec<CardWithCompany>> {
    Ok(on_backend!(conn, |c| cards::table
        .inner_join(companies::table)
        .filter(cards::account_id.eq(account.as_str()))
        .order((cards::created_at.desc(), cards::id.desc()))
        .limit(500)
        .select(CardWithCompany::as_select())
        .load(c))?)
}

/// The cards produced for an order.
pub fn list_for_order(conn: &mut DbConn, order_id: &str) -> Result<Vec<CardRow>> {
    Ok(cards::table
        .filter(cards::order_id.eq(order_id))
        .order(cards::id.asc())
        .select(CardRow::as_select())
        .load(conn)?)
}

/// A company's cards: filters and a page.
#[derive(Debug, Clone, Default)]
pub struct CardFilter {
    pub status: Option<CardStatus>,
    /// Folded text the folded full name must contain.
    pub name: Option<String>,
    /// Strictly older than this (created at, id).
    pub after: Option<(NaiveDateTime, String)>,
}

/// Up to `limit` of the company's cards, newest first.
pub fn list_for_company(
    conn: &mut DbConn,
    company_id: &CompanyId,
    filter: &CardFilter,
    limit: i64,
) -> Result<Vec<CardRow>> {
    let pattern = filter
        .name
        .as_deref()
        .map(crate::company_orders::like_pattern);
    macro_rules! page {
        ($c:ident) => {{
            let mut q = cards::table
                .filter(cards::company_id.eq(company_id.as_str()))
                .select(CardRow::as_select())
                .order((cards::created_at.desc(), cards::id.desc()))
                .limit(limit)
                .into_boxed();
            if let Some(s) = filter.status {
                q = q.filter(cards::status.eq(s.as_str()));
            }
            if let Some(p) = &pattern {
                q = q.filter(cards::name_search.like(p).escape('\\'));
            }
            if let Some((at, id)) = &filter.after {
                // The plain bound first: with the OR alone the planner scans instead of seeking.
                q = q.filter(cards::created_at.le(*at)).filter(
                    cards::created_at
                        .lt(*at)
                        .or(cards::created_at.eq(*at).and(cards::id.lt(id.as_str()))),
                );
            }
            q.load($c)
        }};
    }
    Ok(on_backend!(conn, |c| page!(c))?)
}

/// The cards of `account` from `company`.
pub fn of_holder(
    conn: &mut DbConn,
    account: &AccountId,
    company_id: &CompanyId,
) -> Result<Vec<CardRow>> {
    Ok(cards::table
        .filter(cards::account_id.eq(account.as_str()))
        .filter(cards::company_id.eq(company_id.as_str()))
        .select(CardRow::as_select())
        .load(conn)?)
}

/// Cards not yet final whose `valid_until` is before `today`, oldest first.
pub fn past_validity(conn: &mut DbConn, today: NaiveDate, limit: i64) -> Result<Vec<CardRow>> {
    Ok(cards::table
        .filter(
            cards::status.eq_any(
                CardStatus::ALL
                    .into_iter()
                    .filter(|s| !s.is_final())
                    .map(CardStatus::as_str),
            ),
        )
        .filter(cards::valid_until.lt(today))
        .order((cards::valid_until.asc(), cards::id.asc()))
        .limit(limit)
        .select(CardRow::as_select())
        .load(conn)?)
}

/// Moves the card from the version it was read at to `to`. False when someone else changed it
/// first (the caller answers 409).
pub fn transition(
    conn: &mut DbConn,
    id: &CardId,
    expected_version: i64,
    to: CardStatus,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(
        cards::table
            .filter(cards::id.eq(id.as_str()))
            .filter(cards::version.eq(expected_version)),
    )
    .set((
        cards::status.eq(to.as_str()),
        cards::status_reason.eq(reason),
        cards::version.eq(expected_version + 1),
        cards::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Stores the sealed PIN and the activation time (with the activation's transition).
pub fn set_pin(
    conn: &mut DbConn,
    id: &CardId,
    pin: &Sealed,
    activated_at: NaiveDateTime,
) -> Result<()> {
    diesel::update(cards::table.find(id.as_str()))
        .set((
            cards::pin_ciphertext.eq(&pin.ciphertext),
            cards::pin_key_id.eq(&pin.key_id),
            cards::activated_at.eq(activated_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces a sealed PIN with the same PIN sealed by another key (key rotation).
pub fn reseal_pin(conn: &mut DbConn, id: &str, old_key: &str, pin: &Sealed) -> Result<bool> {
    let n = diesel::update(
        cards::table
            .filter(cards::id.eq(id))
            .filter(cards::pin_key_id.eq(old_key)),
    )
    .set((
        cards::pin_ciphertext.eq(&pin.ciphertext),
        cards::pin_key_id.eq(&pin.key_id),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn sealed_pin(conn: &mut DbConn, id: &CardId) -> Result<Option<Sealed>> {
    let row: Option<(Option<String>, Option<String>)> = cards::table
        .find(id.as_str())
        .select((cards::pin_ciphertext, cards::pin_key_id))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(c, k)| {
        Some(Sealed {
            ciphertext: c?,
            key_id: k?,
        })
    }))
}

/// Sealed PINs not sealed by `key_id`, a batch at a time: (card id, sealed PIN).
pub fn pins_not_sealed_by(
    conn: &mut DbConn,
    key_id: &str,
    limit: i64,
) -> Result<Vec<(String, Sealed)>> {
    let rows: Vec<(String, Option<String>, Option<String>)> = cards::table
        .filter(cards::pin_key_id.is_not_null())
        .filter(cards::pin_key_id.ne(key_id))
        .select((cards::id, cards::pin_ciphertext, cards::pin_key_id))
        .order(cards::id.asc())
        .limit(limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, c, k)| {
            Some((
                id,
                Sealed {
                    ciphertext: c?,
                    key_id: k?,
                },
            ))
        })
        .collect())
}

/// The cards produced for several orders (a page of the production queue).
pub fn list_for_orders(conn: &mut DbConn, order_ids: &[&str]) -> Result<Vec<CardRow>> {
    Ok(cards::table
        .filter(cards::order_id.eq_any(order_ids))
        .order(cards::id.asc())
        .select(CardRow::as_select())
        .load(conn)?)
}
