use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::companies;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = companies)]
pub struct NewCompany<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub org_number: &'a str,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, c: &NewCompany<'_>) -> Result<()> {
    diesel::insert_into(companies::table)
        .values(c)
        .execute(conn)?;
    Ok(())
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
