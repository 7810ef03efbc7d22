use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::AccountId;

use crate::schema::identity_verifications as iv;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = iv)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct EvidenceRow {
    pub id: String,
    pub account_id: String,
    pub source: String,
    pub document_number: String,
    pub issuing_country: String,
    pub name_zone: String,
    pub surname: String,
    pub given_names: String,
    pub date_of_birth: NaiveDate,
    pub nationality: Option<String>,
    pub personal_identity_number: Option<String>,
    pub document_expires_on: Option<NaiveDate>,
    pub outcome: String,
    pub rejection_reason: Option<String>,
    pub verifier: String,
    pub verified_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = iv)]
pub struct NewEvidence<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub source: &'a str,
    pub document_number: &'a str,
    pub issuing_country: &'a str,
    pub name_zone: &'a str,
    pub surname: &'a str,
    pub given_names: &'a str,
    pub date_of_birth: NaiveDate,
    pub nationality: Option<&'a str>,
    pub personal_identity_number: Option<&'a str>,
    pub document_expires_on: Option<NaiveDate>,
    pub outcome: &'a str,
    pub rejection_reason: Option<&'a str>,
    pub verifier: &'a str,
    pub verified_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, e: &NewEvidence<'_>) -> Result<()> {
    diesel::insert_into(iv::table).values(e).execute(conn)?;
    Ok(())
}

/// The most recent verified (green) evidence of an account whose document has not expired by
/// `today`: the identity that orders must match.
pub fn latest_verified(
    conn: &mut DbConn,
    account_id: &AccountId,
    today: NaiveDate,
) -> Result<Option<EvidenceRow>> {
    Ok(on_backend!(conn, |c| iv::table
        .filter(iv::account_id.eq(account_id.as_str()))
        .filter(iv::outcome.eq("green"))
        .filter(
            iv::document_expires_on
                .is_null()
                .or(iv::document_expires_on.ge(today))
        )
        .order((iv::verified_at.desc(), iv::id.desc()))
        .select(EvidenceRow::as_select())
        .first(c)
        .optional())?)
}

/// The account most recently verified (green) with this personal identity number (12 digits):
/// whom a BankID sign-in with that number signs in.
pub fn account_verified_with_number(
    conn: &mut DbConn,
    personal_identity_number: &str,
) -> Result<Option<String>> {
    Ok(on_backend!(conn, |c| iv::table
        .filter(iv::personal_identity_number.eq(personal_identity_number))
        .filter(iv::outcome.eq("green"))
        .order((iv::verified_at.desc(), iv::id.desc()))
        .select(iv::account_id)
        .first(c)
        .optional())?)
}

pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<EvidenceRow>> {
    Ok(on_backend!(conn, |c| iv::table
        .find(id)
        .select(EvidenceRow::as_select())
        .first(c)
        .optional())?)
}
