use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::{AccountId, EvidenceId, EvidenceSource, NameZone, Verdict};

use crate::schema::identity_verifications as iv;
use crate::{DbConn, Result, Sealed, SealedNumber};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = iv)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct EvidenceRow {
    #[diesel(deserialize_as = String)]
    pub id: EvidenceId,
    #[diesel(deserialize_as = String)]
    pub account_id: AccountId,
    #[diesel(deserialize_as = String)]
    pub source: EvidenceSource,
    #[diesel(deserialize_as = String)]
    pub document_number: Sealed,
    pub issuing_country: String,
    #[diesel(deserialize_as = String)]
    pub name_zone: NameZone,
    pub surname: String,
    pub given_names: String,
    pub date_of_birth: NaiveDate,
    pub nationality: Option<String>,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub personal_identity_number: Option<Sealed>,
    pub document_expires_on: Option<NaiveDate>,
    #[diesel(deserialize_as = String)]
    pub outcome: Verdict,
    pub rejection_reason: Option<String>,
    /// Who verified it: the identity-verification partner's client id, or `BankID`.
    pub verifier: String,
    pub verified_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewEvidence<'a> {
    pub id: &'a EvidenceId,
    pub account_id: &'a AccountId,
    pub source: EvidenceSource,
    pub document_number: &'a Sealed,
    pub issuing_country: &'a str,
    pub name_zone: NameZone,
    pub surname: &'a str,
    pub given_names: &'a str,
    pub date_of_birth: NaiveDate,
    pub nationality: Option<&'a str>,
    pub personal_identity_number: Option<&'a SealedNumber>,
    pub document_expires_on: Option<NaiveDate>,
    pub outcome: Verdict,
    pub rejection_reason: Option<&'a str>,
    pub verifier: &'a str,
    pub verified_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, e: &NewEvidence<'_>) -> Result<()> {
    diesel::insert_into(iv::table)
        .values((
            iv::id.eq(e.id.as_str()),
            iv::account_id.eq(e.account_id.as_str()),
            iv::source.eq(e.source.as_str()),
            iv::document_number.eq(e.document_number.stored()),
            iv::issuing_country.eq(e.issuing_country),
            iv::name_zone.eq(e.name_zone.as_str()),
            iv::surname.eq(e.surname),
            iv::given_names.eq(e.given_names),
            iv::date_of_birth.eq(e.date_of_birth),
            iv::nationality.eq(e.nationality),
            iv::personal_identity_number.eq(e.personal_identity_number.map(|n| n.sealed.stored())),
            iv::personal_identity_number_index
                .eq(e.personal_identity_number.map(|n| n.index.as_str())),
            iv::document_expires_on.eq(e.document_expires_on),
            iv::outcome.eq(e.outcome.as_str()),
            iv::rejection_reason.eq(e.rejection_reason),
            iv::verifier.eq(e.verifier),
            iv::verified_at.eq(e.verified_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every verified (green) evidence of an account, oldest first: the first says who the account
/// is, later ones count only when they are of the same person (a rule of the use cases).
pub fn green_of_account(conn: &mut DbConn, account_id: &AccountId) -> Result<Vec<EvidenceRow>> {
    Ok(on_backend!(conn, |c| iv::table
        .filter(iv::account_id.eq(account_id.as_str()))
        .filter(iv::outcome.eq(Verdict::Green.as_str()))
        .order((iv::verified_at.asc(), iv::id.asc()))
        .select(EvidenceRow::as_select())
        .load(c))?)
}

/// The accounts holding verified (green) evidence with the personal identity number whose blind
/// index is `number_index`: the candidates of a BankID sign-in, each still to be checked for
/// being that person.
pub fn accounts_with_number(conn: &mut DbConn, number_index: &str) -> Result<Vec<AccountId>> {
    let ids: Vec<String> = on_backend!(conn, |c| iv::table
        .filter(iv::personal_identity_number_index.eq(number_index))
        .filter(iv::outcome.eq(Verdict::Green.as_str()))
        .select(iv::account_id)
        .distinct()
        .order(iv::account_id.asc())
        .load(c))?;
    crate::typed::parse_all(ids, "identity_verifications.account_id")
}

pub fn find(conn: &mut DbConn, id: &EvidenceId) -> Result<Option<EvidenceRow>> {
    Ok(on_backend!(conn, |c| iv::table
        .find(id.as_str())
        .select(EvidenceRow::as_select())
        .first(c)
        .optional())?)
}
