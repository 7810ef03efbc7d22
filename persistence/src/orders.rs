use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::{card_orders, companies};
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = card_orders)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct OrderRow {
    pub id: String,
    pub company_id: String,
    pub account_id: String,
    pub card_type: String,
    pub status: String,
    pub given_names: String,
    pub surname: String,
    pub name_to_print: String,
    pub date_of_birth: NaiveDate,
    pub nationality: String,
    pub personal_identity_number: Option<String>,
    pub valid_until: NaiveDate,
    pub rejection_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An order with the ordering company's name and organisation number.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct OrderWithCompany {
    #[diesel(embed)]
    pub order: OrderRow,
    #[diesel(select_expression = companies::name)]
    pub company_name: String,
    #[diesel(select_expression = companies::org_number)]
    pub company_org_number: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = card_orders)]
pub struct NewOrder<'a> {
    pub id: &'a str,
    pub company_id: &'a str,
    pub account_id: &'a str,
    pub card_type: &'a str,
    pub status: &'a str,
    pub given_names: &'a str,
    pub surname: &'a str,
    pub name_to_print: &'a str,
    pub date_of_birth: NaiveDate,
    pub nationality: &'a str,
    pub personal_identity_number: Option<&'a str>,
    pub valid_until: NaiveDate,
    pub rejection_reason: Option<&'a str>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Where a page of a newest-first list continues: strictly older than this row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderCursor {
    pub created_at: NaiveDateTime,
    pub id: String,
}

pub fn insert(conn: &mut DbConn, o: &NewOrder<'_>) -> Result<()> {
    diesel::insert_into(card_orders::table)
        .values(o)
        .execute(conn)?;
    Ok(())
}

/// The order if it belongs to the account (the cardholder); `None` for others' orders too.
pub fn find_for_account(
    conn: &mut DbConn,
    order_id: &str,
    account_id: &str,
) -> Result<Option<OrderWithCompany>> {
    Ok(card_orders::table
        .inner_join(companies::table)
        .filter(card_orders::id.eq(order_id))
        .filter(card_orders::account_id.eq(account_id))
        .select(OrderWithCompany::as_select())
        .first(conn)
        .optional()?)
}

/// Up to `limit` orders of the account, newest first, after `cursor`, optionally of one status.
pub fn list_for_account(
    conn: &mut DbConn,
    account_id: &str,
    status: Option<&str>,
    cursor: Option<&OrderCursor>,
    limit: i64,
) -> Result<Vec<OrderWithCompany>> {
    let mut q = card_orders::table
        .inner_join(companies::table)
        .filter(card_orders::account_id.eq(account_id))
        .select(OrderWithCompany::as_select())
        .order((card_orders::created_at.desc(), card_orders::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(card_orders::status.eq(s.to_owned()));
    }
    if let Some(c) = cursor {
        q = q.filter(
            card_orders::created_at
                .lt(c.created_at)
                .or(card_orders::created_at
                    .eq(c.created_at)
                    .and(card_orders::id.lt(c.id.clone()))),
        );
    }
    Ok(q.load(conn)?)
}

/// Moves the order from the state and version it was read in to `to`. Returns false when someone
/// else changed it first (the caller answers 409): a stale version never overwrites a newer one.
pub fn transition(
    conn: &mut DbConn,
    order_id: &str,
    expected_version: i64,
    to: &str,
    rejection_reason: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(
        card_orders::table
            .filter(card_orders::id.eq(order_id))
            .filter(card_orders::version.eq(expected_version)),
    )
    .set((
        card_orders::status.eq(to),
        card_orders::rejection_reason.eq(rejection_reason),
        card_orders::version.eq(expected_version + 1),
        card_orders::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// One query for what a cardholder's read of an order needs: the order with its company and the
/// cardholder's account, but only while the session is live and belongs to that cardholder.
/// `None` when the session is dead or the order is not theirs (the caller tells which apart).
pub fn find_for_live_session(
    conn: &mut DbConn,
    order_id: &str,
    account_id: &str,
    session_id: &str,
    now: NaiveDateTime,
) -> Result<Option<(OrderWithCompany, crate::AccountRow)>> {
    use crate::schema::{accounts, sessions};
    Ok(card_orders::table
        .inner_join(companies::table)
        .inner_join(accounts::table.inner_join(sessions::table))
        .filter(card_orders::id.eq(order_id))
        .filter(card_orders::account_id.eq(account_id))
        .filter(sessions::id.eq(session_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .select((
            OrderWithCompany::as_select(),
            crate::AccountRow::as_select(),
        ))
        .first(conn)
        .optional()?)
}
