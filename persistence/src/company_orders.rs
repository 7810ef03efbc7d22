//! Card orders as the ordering company sees them: by company, filtered, searched by name.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::{AccountId, CompanyId, OrderId, OrderStatus};

use crate::address::AddressRow;
use crate::orders::{OrderCursor, OrderRow, PersonColumns};
use crate::schema::card_orders as c;
use crate::{DbConn, Result};

/// Filters of a company's order list.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    /// Created at or after.
    pub created_from: Option<NaiveDateTime>,
    /// Created before.
    pub created_before: Option<NaiveDateTime>,
    /// Folded text (see `domain::search_key`) that the folded full name must contain.
    pub name: Option<String>,
}

pub fn find(conn: &mut DbConn, company_id: &CompanyId, id: &OrderId) -> Result<Option<OrderRow>> {
    Ok(on_backend!(conn, |conn| c::table
        .filter(c::id.eq(id.as_str()))
        .filter(c::company_id.eq(company_id.as_str()))
        .select(OrderRow::as_select())
        .first(conn)
        .optional())?)
}

/// Up to `limit` orders of the company, newest first, after `cursor`. The index
/// `(company_id, created_at, id)` — or `(company_id, status, created_at, id)` with a status —
/// serves both the order and the cursor, so a page costs the same in a company of a million orders.
pub fn list(
    conn: &mut DbConn,
    company_id: &CompanyId,
    filter: &OrderFilter,
    cursor: Option<&OrderCursor>,
    limit: i64,
) -> Result<Vec<OrderRow>> {
    let pattern = filter.name.as_deref().map(like_pattern);
    macro_rules! page {
        ($conn:ident) => {{
            let mut q = c::table
                .filter(c::company_id.eq(company_id.as_str()))
                .select(OrderRow::as_select())
                .order((c::created_at.desc(), c::id.desc()))
                .limit(limit)
                .into_boxed();
            if let Some(s) = filter.status {
                q = q.filter(c::status.eq(s.as_str()));
            }
            if let Some(t) = filter.created_from {
                q = q.filter(c::created_at.ge(t));
            }
            if let Some(t) = filter.created_before {
                q = q.filter(c::created_at.lt(t));
            }
            if let Some(p) = &pattern {
                q = q.filter(c::name_search.like(p).escape('\\'));
            }
            if let Some(k) = cursor {
                // The plain bound first: with the OR alone the planner scans instead of seeking.
                q = q.filter(c::created_at.le(k.created_at)).filter(
                    c::created_at
                        .lt(k.created_at)
                        .or(c::created_at.eq(k.created_at).and(c::id.lt(k.id.as_str()))),
                );
            }
            q.load($conn)
        }};
    }
    Ok(on_backend!(conn, |conn| page!(conn))?)
}

/// `%text%` with LIKE's wildcards in `text` escaped.
pub(crate) fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The company's corrected person data, if the order is still at `expected_version`. The
/// journal's transition that follows bumps the version; both run in one transaction.
pub fn update_person(
    conn: &mut DbConn,
    id: &OrderId,
    expected_version: i64,
    person: &PersonColumns<'_>,
    valid_until: NaiveDate,
    delivery: &AddressRow,
) -> Result<bool> {
    let n = diesel::update(
        c::table
            .filter(c::id.eq(id.as_str()))
            .filter(c::version.eq(expected_version)),
    )
    .set((
        (
            c::given_names.eq(person.given_names),
            c::surname.eq(person.surname),
            c::name_to_print.eq(person.name_to_print),
            c::name_to_print_chosen.eq(person.name_to_print_chosen),
            c::name_search.eq(person.name_search),
            c::date_of_birth.eq(person.date_of_birth),
            c::nationality.eq(person.nationality),
            c::personal_identity_number
                .eq(person.personal_identity_number.map(|n| n.sealed.stored())),
            c::personal_identity_number_index
                .eq(person.personal_identity_number.map(|n| n.index.as_str())),
        ),
        (
            c::valid_until.eq(valid_until),
            c::delivery_name.eq(delivery.name.as_deref()),
            c::delivery_street.eq(&delivery.street),
            c::delivery_postal_code.eq(&delivery.postal_code),
            c::delivery_city.eq(&delivery.city),
            c::delivery_country.eq(&delivery.country),
        ),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Gives the new account every order placed for its (verified) email before it existed.
pub fn claim_for_account(conn: &mut DbConn, email: &str, account_id: &AccountId) -> Result<usize> {
    Ok(diesel::update(
        c::table
            .filter(c::account_id.is_null())
            .filter(c::cardholder_email.eq(email)),
    )
    .set(c::account_id.eq(account_id.as_str()))
    .execute(conn)?)
}
