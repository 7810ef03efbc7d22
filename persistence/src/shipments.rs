//! How an order travels: the carrier and tracking number the producer gave when it shipped, and
//! when it was delivered. One row per order (card order or visitor order).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::AnyOrderId;

use crate::schema::shipments;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = shipments)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct ShipmentRow {
    #[diesel(deserialize_as = String)]
    pub order_id: AnyOrderId,
    pub carrier: String,
    pub tracking_number: String,
    pub shipped_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

pub fn insert(
    conn: &mut DbConn,
    order_id: &str,
    carrier: &str,
    tracking_number: &str,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::insert_into(shipments::table)
        .values((
            shipments::order_id.eq(order_id),
            shipments::carrier.eq(carrier),
            shipments::tracking_number.eq(tracking_number),
            shipments::shipped_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delivered(conn: &mut DbConn, order_id: &str, now: NaiveDateTime) -> Result<()> {
    diesel::update(shipments::table.find(order_id))
        .set(shipments::delivered_at.eq(now))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, order_id: &str) -> Result<Option<ShipmentRow>> {
    Ok(shipments::table
        .find(order_id)
        .select(ShipmentRow::as_select())
        .first(conn)
        .optional()?)
}

/// The shipments of several orders (a page of a list).
pub fn find_many(conn: &mut DbConn, order_ids: &[&str]) -> Result<Vec<ShipmentRow>> {
    Ok(shipments::table
        .filter(shipments::order_id.eq_any(order_ids))
        .select(ShipmentRow::as_select())
        .load(conn)?)
}
