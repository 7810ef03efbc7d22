//! Identity-document checks registered by the identity-verification partner: the document's
//! data, the outcome, and the portrait. A green check becomes an account's evidence
//! (`identity_verifications`) once bound.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::{
    AccountId, ClientId, DocumentType, EvidenceId, IdentityCheckId, OrderStatus, PortraitType,
    Verdict,
};

use crate::schema::{card_orders, identity_checks as ic};
use crate::{DbConn, Result};

/// A check without its portrait (the portrait is read on its own).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ic)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct CheckRow {
    #[diesel(deserialize_as = String)]
    pub id: IdentityCheckId,
    pub email: String,
    #[diesel(deserialize_as = String)]
    pub document_type: DocumentType,
    pub document_number: String,
    pub issuing_country: String,
    pub surname: String,
    pub given_names: String,
    pub date_of_birth: NaiveDate,
    pub nationality: String,
    pub document_expires_on: NaiveDate,
    pub personal_identity_number: Option<String>,
    pub mrz: Option<String>,
    #[diesel(deserialize_as = String)]
    pub outcome: Verdict,
    pub reason: Option<String>,
    #[diesel(deserialize_as = String)]
    pub portrait_type: PortraitType,
    pub portrait_width: i32,
    pub portrait_height: i32,
    /// The identity-verification partner's client.
    #[diesel(deserialize_as = String)]
    pub verifier: ClientId,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub account_id: Option<AccountId>,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub evidence_id: Option<EvidenceId>,
    pub created_at: NaiveDateTime,
    pub bound_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewCheck<'a> {
    pub id: &'a IdentityCheckId,
    pub email: &'a str,
    pub document_type: DocumentType,
    pub document_number: &'a str,
    pub issuing_country: &'a str,
    pub surname: &'a str,
    pub given_names: &'a str,
    pub date_of_birth: NaiveDate,
    pub nationality: &'a str,
    pub document_expires_on: NaiveDate,
    pub personal_identity_number: Option<&'a str>,
    pub mrz: Option<&'a str>,
    pub outcome: Verdict,
    pub reason: Option<&'a str>,
    pub portrait: &'a [u8],
    pub portrait_type: PortraitType,
    pub portrait_width: i32,
    pub portrait_height: i32,
    pub verifier: &'a ClientId,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, c: &NewCheck<'_>) -> Result<()> {
    diesel::insert_into(ic::table)
        .values((
            (
                ic::id.eq(c.id.as_str()),
                ic::email.eq(c.email),
                ic::document_type.eq(c.document_type.as_str()),
                ic::document_number.eq(c.document_number),
                ic::issuing_country.eq(c.issuing_country),
                ic::surname.eq(c.surname),
                ic::given_names.eq(c.given_names),
                ic::date_of_birth.eq(c.date_of_birth),
                ic::nationality.eq(c.nationality),
                ic::document_expires_on.eq(c.document_expires_on),
            ),
            (
                ic::personal_identity_number.eq(c.personal_identity_number),
                ic::mrz.eq(c.mrz),
                ic::outcome.eq(c.outcome.as_str()),
                ic::reason.eq(c.reason),
                ic::portrait.eq(c.portrait),
                ic::portrait_type.eq(c.portrait_type.as_str()),
                ic::portrait_width.eq(c.portrait_width),
                ic::portrait_height.eq(c.portrait_height),
                ic::verifier.eq(c.verifier.as_str()),
                ic::created_at.eq(c.created_at),
            ),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &IdentityCheckId) -> Result<Option<CheckRow>> {
    Ok(ic::table
        .find(id.as_str())
        .select(CheckRow::as_select())
        .first(conn)
        .optional()?)
}

/// The newest check registered for `email`, of any outcome.
pub fn latest_for_email(conn: &mut DbConn, email: &str) -> Result<Option<CheckRow>> {
    Ok(ic::table
        .filter(ic::email.eq(email))
        .order((ic::created_at.desc(), ic::id.desc()))
        .select(CheckRow::as_select())
        .first(conn)
        .optional()?)
}

/// Records that the check became `account_id`'s evidence `evidence_id`; false if it already
/// was bound (a concurrent binding won).
pub fn bind(
    conn: &mut DbConn,
    id: &IdentityCheckId,
    account_id: &AccountId,
    evidence_id: &EvidenceId,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(ic::table.find(id.as_str()).filter(ic::bound_at.is_null()))
        .set((
            ic::account_id.eq(account_id.as_str()),
            ic::evidence_id.eq(evidence_id.as_str()),
            ic::bound_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// The personal identity numbers companies entered on live orders for `email`: what a person
/// confirming a check must type.
pub fn ordered_identity_numbers(conn: &mut DbConn, email: &str) -> Result<Vec<String>> {
    Ok(card_orders::table
        .filter(card_orders::cardholder_email.eq(email))
        .filter(card_orders::status.ne_all([
            OrderStatus::Cancelled.as_str(),
            OrderStatus::Expired.as_str(),
            OrderStatus::Draft.as_str(),
        ]))
        .filter(card_orders::personal_identity_number.is_not_null())
        .select(card_orders::personal_identity_number.assume_not_null())
        .load(conn)?)
}

/// The portrait (bytes, media type) of the check that became evidence `evidence_id`.
pub fn portrait_of_evidence(
    conn: &mut DbConn,
    evidence_id: &EvidenceId,
) -> Result<Option<(Vec<u8>, PortraitType)>> {
    let found: Option<(Vec<u8>, String)> = ic::table
        .filter(ic::evidence_id.eq(evidence_id.as_str()))
        .select((ic::portrait, ic::portrait_type))
        .first(conn)
        .optional()?;
    found
        .map(|(bytes, t)| {
            PortraitType::try_from(t)
                .map(|t| (bytes, t))
                .map_err(|e| crate::Error::Corrupt(format!("identity_checks.portrait_type: {e}")))
        })
        .transpose()
}
