//! Identity-document checks registered by the identity-verification partner: the document's
//! data, the outcome, and the portrait. A green check becomes an account's evidence
//! (`identity_verifications`) once bound.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::{
    AccountId, ClientId, DocumentType, EvidenceId, IdentityCheckId, OrderStatus, PortraitType,
    Verdict,
};

use crate::schema::{card_orders, identity_checks as ic, identity_portraits as ip};
use crate::{DbConn, Result, Sealed, SealedBytes};

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
    #[diesel(deserialize_as = String)]
    pub document_number: Sealed,
    pub issuing_country: String,
    pub surname: String,
    pub given_names: String,
    pub date_of_birth: NaiveDate,
    pub nationality: String,
    pub document_expires_on: NaiveDate,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub personal_identity_number: Option<Sealed>,
    /// The raw machine-readable zone; `None` when there was none or once the check was decided
    /// and retention removed it.
    #[diesel(deserialize_as = crate::OptionalText)]
    pub mrz: Option<Sealed>,
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
    pub document_number: &'a Sealed,
    pub issuing_country: &'a str,
    pub surname: &'a str,
    pub given_names: &'a str,
    pub date_of_birth: NaiveDate,
    pub nationality: &'a str,
    pub document_expires_on: NaiveDate,
    pub personal_identity_number: Option<&'a Sealed>,
    pub mrz: Option<&'a Sealed>,
    pub outcome: Verdict,
    pub reason: Option<&'a str>,
    pub portrait: &'a SealedBytes,
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
                ic::document_number.eq(c.document_number.stored()),
                ic::issuing_country.eq(c.issuing_country),
                ic::surname.eq(c.surname),
                ic::given_names.eq(c.given_names),
                ic::date_of_birth.eq(c.date_of_birth),
                ic::nationality.eq(c.nationality),
                ic::document_expires_on.eq(c.document_expires_on),
            ),
            (
                ic::personal_identity_number.eq(c.personal_identity_number.map(Sealed::stored)),
                ic::mrz.eq(c.mrz.map(Sealed::stored)),
                ic::outcome.eq(c.outcome.as_str()),
                ic::reason.eq(c.reason),
                ic::portrait_type.eq(c.portrait_type.as_str()),
                ic::portrait_width.eq(c.portrait_width),
                ic::portrait_height.eq(c.portrait_height),
                ic::verifier.eq(c.verifier.as_str()),
                ic::created_at.eq(c.created_at),
            ),
        ))
        .execute(conn)?;
    diesel::insert_into(ip::table)
        .values((
            ip::check_id.eq(c.id.as_str()),
            ip::sealed.eq(&c.portrait.bytes),
            ip::key_id.eq(c.portrait.key_id.as_str()),
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

/// The blind indexes of the personal identity numbers companies entered on live orders for
/// `email`: what a person confirming a check must type.
pub fn ordered_identity_numbers(conn: &mut DbConn, email: &str) -> Result<Vec<String>> {
    Ok(card_orders::table
        .filter(card_orders::cardholder_email.eq(email))
        .filter(card_orders::status.ne_all([
            OrderStatus::Cancelled.as_str(),
            OrderStatus::Expired.as_str(),
            OrderStatus::Draft.as_str(),
        ]))
        .filter(card_orders::personal_identity_number_index.is_not_null())
        .select(card_orders::personal_identity_number_index.assume_not_null())
        .load(conn)?)
}

/// A check's portrait as stored: sealed, bound to its check.
#[derive(Debug, Clone)]
pub struct StoredPortrait {
    pub check_id: IdentityCheckId,
    pub sealed: SealedBytes,
    pub kind: PortraitType,
}

/// The portrait of the check that became evidence `evidence_id`; `None` when there is none (no
/// such check, or retention or erasure removed it).
pub fn portrait_of_evidence(
    conn: &mut DbConn,
    evidence_id: &EvidenceId,
) -> Result<Option<StoredPortrait>> {
    let check: Option<String> = ic::table
        .filter(ic::evidence_id.eq(evidence_id.as_str()))
        .select(ic::id)
        .first(conn)
        .optional()?;
    match check {
        Some(id) => portrait(conn, &crate::typed::parse_one(id, "identity_checks.id")?),
        None => Ok(None),
    }
}

/// The portrait of check `id`, if it still has one.
pub fn portrait(conn: &mut DbConn, id: &IdentityCheckId) -> Result<Option<StoredPortrait>> {
    let found: Option<(String, Vec<u8>, Option<String>, String)> = ic::table
        .inner_join(ip::table)
        .filter(ic::id.eq(id.as_str()))
        .select((ic::id, ip::sealed, ip::key_id, ic::portrait_type))
        .first(conn)
        .optional()?;
    found.map(stored_portrait).transpose()
}

fn stored_portrait(
    (id, bytes, key_id, kind): (String, Vec<u8>, Option<String>, String),
) -> Result<StoredPortrait> {
    let corrupt = |what: String| crate::Error::Corrupt(format!("identity_portraits: {what}"));
    Ok(StoredPortrait {
        check_id: IdentityCheckId::try_from(id).map_err(|e| corrupt(e.to_string()))?,
        sealed: SealedBytes {
            bytes,
            key_id: key_id.ok_or_else(|| corrupt("a portrait not sealed".into()))?,
        },
        kind: PortraitType::try_from(kind).map_err(|e| corrupt(e.to_string()))?,
    })
}
