use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::order_events;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = order_events)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct EventRow {
    pub id: String,
    pub order_id: String,
    pub actor_id: String,
    pub actor_kind: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = order_events)]
pub struct NewEvent<'a> {
    pub id: &'a str,
    pub order_id: &'a str,
    pub actor_id: &'a str,
    pub actor_kind: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: &'a str,
    pub reason: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, e: &NewEvent<'_>) -> Result<()> {
    diesel::insert_into(order_events::table)
        .values(e)
        .execute(conn)?;
    Ok(())
}

/// The audit trail of an order, oldest first.
pub fn list(conn: &mut DbConn, order_id: &str) -> Result<Vec<EventRow>> {
    Ok(order_events::table
        .filter(order_events::order_id.eq(order_id))
        .order((order_events::created_at.asc(), order_events::id.asc()))
        .select(EventRow::as_select())
        .load(conn)?)
}
