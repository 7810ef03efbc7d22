//! Orders of visitor cards: a quantity, no person, approved when placed.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::{CompanyId, OrderStatus, VisitorOrderId};

use crate::address::AddressRow;
use crate::schema::visitor_orders as v;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = v)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct VisitorOrderRow {
    #[diesel(deserialize_as = String)]
    pub id: VisitorOrderId,
    #[diesel(deserialize_as = String)]
    pub company_id: CompanyId,
    #[diesel(deserialize_as = String)]
    pub status: OrderStatus,
    pub quantity: i32,
    pub valid_until: NaiveDate,
    pub delivery_name: Option<String>,
    pub delivery_street: String,
    pub delivery_postal_code: String,
    pub delivery_city: String,
    pub delivery_country: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl VisitorOrderRow {
    pub fn delivery_address(&self) -> AddressRow {
        AddressRow {
            name: self.delivery_name.clone(),
            street: self.delivery_street.clone(),
            postal_code: self.delivery_postal_code.clone(),
            city: self.delivery_city.clone(),
            country: self.delivery_country.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewVisitorOrder<'a> {
    pub id: &'a VisitorOrderId,
    pub company_id: &'a CompanyId,
    pub status: OrderStatus,
    pub quantity: i32,
    pub valid_until: NaiveDate,
    pub delivery: &'a AddressRow,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, o: &NewVisitorOrder<'_>) -> Result<()> {
    diesel::insert_into(v::table)
        .values((
            (
                v::id.eq(o.id.as_str()),
                v::company_id.eq(o.company_id.as_str()),
                v::status.eq(o.status.as_str()),
                v::quantity.eq(o.quantity),
                v::valid_until.eq(o.valid_until),
            ),
            (
                v::delivery_name.eq(o.delivery.name.as_deref()),
                v::delivery_street.eq(&o.delivery.street),
                v::delivery_postal_code.eq(&o.delivery.postal_code),
                v::delivery_city.eq(&o.delivery.city),
                v::delivery_country.eq(&o.delivery.country),
            ),
            (
                v::version.eq(1i64),
                v::created_at.eq(o.now),
                v::updated_at.eq(o.now),
            ),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(
    conn: &mut DbConn,
    company_id: &CompanyId,
    id: &VisitorOrderId,
) -> Result<Option<VisitorOrderRow>> {
    Ok(v::table
        .filter(v::id.eq(id.as_str()))
        .filter(v::company_id.eq(company_id.as_str()))
        .select(VisitorOrderRow::as_select())
        .first(conn)
        .optional()?)
}

/// Newest first, after `cursor` (its id is the visitor order's id).
pub fn list(
    conn: &mut DbConn,
    company_id: &CompanyId,
    status: Option<OrderStatus>,
    cursor: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> Result<Vec<VisitorOrderRow>> {
    let mut q = v::table
        .filter(v::company_id.eq(company_id.as_str()))
        .select(VisitorOrderRow::as_select())
        .order((v::created_at.desc(), v::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(v::status.eq(s.as_str()));
    }
    if let Some((at, id)) = cursor {
        // The plain bound first: with the OR alone the planner scans instead of seeking.
        q = q.filter(v::created_at.le(at)).filter(
            v::created_at
                .lt(at)
                .or(v::created_at.eq(at).and(v::id.lt(id))),
        );
    }
    Ok(q.load(conn)?)
}

/// A visitor order whatever its company (the card producer's view).
pub fn find_any(conn: &mut DbConn, id: &VisitorOrderId) -> Result<Option<VisitorOrderRow>> {
    Ok(v::table
        .find(id.as_str())
        .select(VisitorOrderRow::as_select())
        .first(conn)
        .optional()?)
}

/// Moves the visitor order from the version it was read at to `to`; false when someone else
/// changed it first.
pub fn transition(
    conn: &mut DbConn,
    id: &VisitorOrderId,
    expected_version: i64,
    to: OrderStatus,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(
        v::table
            .filter(v::id.eq(id.as_str()))
            .filter(v::version.eq(expected_version)),
    )
    .set((
        v::status.eq(to.as_str()),
        v::version.eq(expected_version + 1),
        v::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
