//! The rows retention erases, and the erasing. Each statement is conditional or idempotent, so
//! the job may run on every instance at once: an order is erased by one of them (the update
//! that finds it not yet erased), a deleted row is deleted once.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::{IdentityCheckId, OrderId, OrderStatus, Verdict};

use crate::schema::{
    card_orders as co, identity_checks as ic, identity_portraits as ip, order_events as oe,
    security_events, shipments, signup_links, webhook_attempts as wa, webhook_deliveries as wd,
};
use crate::{DbConn, Result};

/// What an erased order's date of birth becomes (the column is not nullable; readers check
/// `personal_data_erased_at` first and never show it).
pub const ERASED_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Up to `limit` orders closed (`statuses`) before `closed_before` whose personal data is still
/// there, oldest first.
pub fn closed_orders_due(
    conn: &mut DbConn,
    statuses: &[OrderStatus],
    closed_before: NaiveDateTime,
    limit: i64,
) -> Result<Vec<(OrderId, OrderStatus)>> {
    let names: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let rows: Vec<(String, String)> = co::table
        .filter(co::personal_data_erased_at.is_null())
        .filter(co::status.eq_any(names))
        .filter(co::updated_at.lt(closed_before))
        .order((co::updated_at.asc(), co::id.asc()))
        .select((co::id, co::status))
        .limit(limit)
        .load(conn)?;
    rows.into_iter()
        .map(|(id, status)| {
            Ok((
                crate::typed::parse_one(id, "card_orders.id")?,
                crate::typed::parse_one(status, "card_orders.status")?,
            ))
        })
        .collect()
}

/// Removes the cardholder's personal data from order `id` in place, if it is still there and the
/// order still in `status` (a concurrent erasure or change wins): names, contact details, the
/// number, the delivery address, the rejection reason, the link to the account, and the free-text
/// reasons of its trail. True if this call erased it.
pub fn erase_order(
    conn: &mut DbConn,
    id: &OrderId,
    status: OrderStatus,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(
        co::table
            .filter(co::id.eq(id.as_str()))
            .filter(co::status.eq(status.as_str()))
            .filter(co::personal_data_erased_at.is_null()),
    )
    .set((
        (
            co::account_id.eq(None::<String>),
            co::cardholder_email.eq(""),
            co::cardholder_phone.eq(""),
            co::given_names.eq(""),
            co::surname.eq(""),
            co::name_to_print.eq(""),
            co::name_search.eq(""),
            co::date_of_birth.eq(ERASED_DATE),
            co::nationality.eq(""),
        ),
        (
            co::personal_identity_number.eq(None::<String>),
            co::personal_identity_number_index.eq(None::<String>),
            co::delivery_name.eq(None::<String>),
            co::delivery_street.eq(""),
            co::delivery_postal_code.eq(""),
            co::delivery_city.eq(""),
            co::rejection_reason.eq(None::<String>),
            co::personal_data_erased_at.eq(now),
        ),
    ))
    .execute(conn)?;
    if n == 1 {
        diesel::update(oe::table.filter(oe::order_id.eq(id.as_str())))
            .set(oe::reason.eq(None::<String>))
            .execute(conn)?;
    }
    Ok(n == 1)
}

/// Erases the raw MRZ of checks registered before `before` (a check is decided when it is
/// registered; the parsed fields stay); how many.
pub fn drop_raw_mrz(conn: &mut DbConn, before: NaiveDateTime) -> Result<usize> {
    Ok(diesel::update(
        ic::table
            .filter(ic::mrz.is_not_null())
            .filter(ic::created_at.lt(before)),
    )
    .set(ic::mrz.eq(None::<String>))
    .execute(conn)?)
}

/// Up to `limit` checks registered before `before` that never became evidence: yellow and red
/// ones, and green ones whose person never used the link.
pub fn unused_checks_due(
    conn: &mut DbConn,
    before: NaiveDateTime,
    limit: i64,
) -> Result<Vec<(IdentityCheckId, Verdict)>> {
    let rows: Vec<(String, String)> = ic::table
        .filter(ic::bound_at.is_null())
        .filter(ic::created_at.lt(before))
        .order((ic::created_at.asc(), ic::id.asc()))
        .select((ic::id, ic::outcome))
        .limit(limit)
        .load(conn)?;
    rows.into_iter()
        .map(|(id, outcome)| {
            Ok((
                crate::typed::parse_one(id, "identity_checks.id")?,
                crate::typed::parse_one(outcome, "identity_checks.outcome")?,
            ))
        })
        .collect()
}

/// Deletes check `id` with its portrait and its links to create an account, unless it was bound
/// meanwhile; true if deleted.
pub fn delete_unused_check(conn: &mut DbConn, id: &IdentityCheckId) -> Result<bool> {
    let unbound = ic::table
        .filter(ic::id.eq(id.as_str()))
        .filter(ic::bound_at.is_null())
        .count()
        .get_result::<i64>(conn)?;
    if unbound == 0 {
        return Ok(false);
    }
    diesel::delete(ip::table.filter(ip::check_id.eq(id.as_str()))).execute(conn)?;
    diesel::delete(signup_links::table.filter(signup_links::identity_check_id.eq(id.as_str())))
        .execute(conn)?;
    let n = diesel::delete(
        ic::table
            .filter(ic::id.eq(id.as_str()))
            .filter(ic::bound_at.is_null()),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// Up to `limit` checks whose portrait has served: their person's card was delivered before
/// `delivered_before`, and no order of theirs still waits to be printed (from draft to in
/// production).
pub fn portraits_due(
    conn: &mut DbConn,
    delivered_before: NaiveDateTime,
    limit: i64,
) -> Result<Vec<IdentityCheckId>> {
    let live: Vec<&str> = [
        OrderStatus::Draft,
        OrderStatus::WaitingForReview,
        OrderStatus::Approved,
        OrderStatus::InProduction,
    ]
    .iter()
    .map(|s| s.as_str())
    .collect();
    let delivered = co::table
        .inner_join(shipments::table.on(shipments::order_id.eq(co::id)))
        .filter(co::account_id.eq(ic::account_id))
        .filter(shipments::delivered_at.lt(delivered_before))
        .select(co::id);
    let waiting = co::table
        .filter(co::account_id.eq(ic::account_id))
        .filter(co::status.eq_any(live))
        .select(co::id);
    let ids: Vec<String> = ic::table
        .inner_join(ip::table)
        .filter(ic::account_id.is_not_null())
        .filter(diesel::dsl::exists(delivered))
        .filter(diesel::dsl::not(diesel::dsl::exists(waiting)))
        .order(ic::id.asc())
        .select(ic::id)
        .limit(limit)
        .load(conn)?;
    crate::typed::parse_all(ids, "identity_checks.id")
}

/// Deletes the portrait of check `id`; true if there was one.
pub fn delete_portrait(conn: &mut DbConn, id: &IdentityCheckId) -> Result<bool> {
    Ok(diesel::delete(ip::table.filter(ip::check_id.eq(id.as_str()))).execute(conn)? == 1)
}

/// Deletes up to `limit` security events recorded before `before`; how many.
pub fn delete_security_events(
    conn: &mut DbConn,
    before: NaiveDateTime,
    limit: i64,
) -> Result<usize> {
    let ids = security_events::table
        .filter(security_events::created_at.lt(before))
        .order(security_events::created_at.asc())
        .select(security_events::id)
        .limit(limit);
    let ids: Vec<String> = ids.load(conn)?;
    Ok(
        diesel::delete(security_events::table.filter(security_events::id.eq_any(ids)))
            .execute(conn)?,
    )
}

/// Deletes up to `limit` webhook deliveries (with their attempts) that ended — delivered or given
/// up — before `before`: their payloads carry the company's view of a person; how many.
pub fn delete_webhook_deliveries(
    conn: &mut DbConn,
    before: NaiveDateTime,
    limit: i64,
) -> Result<usize> {
    let ids: Vec<String> = wd::table
        .filter(wd::completed_at.lt(before))
        .order(wd::completed_at.asc())
        .select(wd::id)
        .limit(limit)
        .load(conn)?;
    diesel::delete(wa::table.filter(wa::delivery_id.eq_any(&ids))).execute(conn)?;
    Ok(diesel::delete(wd::table.filter(wd::id.eq_any(&ids))).execute(conn)?)
}
