use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{CompanyId, DeliveryAddress, OrgNumber};

use crate::address::AddressRow;
use crate::schema::companies;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = companies)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct CompanyRow {
    #[diesel(deserialize_as = String)]
    pub id: CompanyId,
    pub name: String,
    pub org_number: String,
    pub created_at: NaiveDateTime,
    pub delivery_name: Option<String>,
    pub delivery_street: Option<String>,
    pub delivery_postal_code: Option<String>,
    pub delivery_city: Option<String>,
    pub delivery_country: Option<String>,
}

impl CompanyRow {
    /// The default delivery address, when the company has one.
    pub fn delivery_address(&self) -> Option<AddressRow> {
        AddressRow::from_parts(
            self.delivery_name.clone(),
            self.delivery_street.clone(),
            self.delivery_postal_code.clone(),
            self.delivery_city.clone(),
            self.delivery_country.clone(),
        )
    }
}

#[derive(Debug, Clone)]
pub struct NewCompany<'a> {
    pub id: &'a CompanyId,
    pub name: &'a str,
    pub org_number: &'a OrgNumber,
    pub delivery_address: Option<&'a DeliveryAddress>,
    pub created_at: NaiveDateTime,
}

/// Inserts the company; a taken organisation number is a `Conflict { kind: Unique }`.
pub fn insert(conn: &mut DbConn, c: &NewCompany<'_>) -> Result<()> {
    use companies as t;
    let a = c.delivery_address.map(AddressRow::of);
    diesel::insert_into(t::table)
        .values((
            t::id.eq(c.id.as_str()),
            t::name.eq(c.name),
            t::org_number.eq(c.org_number.digits()),
            t::created_at.eq(c.created_at),
            t::delivery_name.eq(a.as_ref().and_then(|a| a.name.clone())),
            t::delivery_street.eq(a.as_ref().map(|a| a.street.clone())),
            t::delivery_postal_code.eq(a.as_ref().map(|a| a.postal_code.clone())),
            t::delivery_city.eq(a.as_ref().map(|a| a.city.clone())),
            t::delivery_country.eq(a.as_ref().map(|a| a.country.clone())),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &CompanyId) -> Result<Option<CompanyRow>> {
    Ok(companies::table
        .find(id.as_str())
        .select(CompanyRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_by_org_number(conn: &mut DbConn, org: &OrgNumber) -> Result<Option<CompanyRow>> {
    Ok(companies::table
        .filter(companies::org_number.eq(org.digits()))
        .select(CompanyRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn count(conn: &mut DbConn) -> Result<i64> {
    Ok(companies::table.count().get_result(conn)?)
}

pub fn count_id(conn: &mut DbConn, id: &str) -> Result<i64> {
    Ok(companies::table
        .filter(companies::id.eq(id))
        .count()
        .get_result(conn)?)
}
