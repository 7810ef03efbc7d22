//! Invitations of cardholders to enter their personal data. The token is the invitee's
//! credential; only its hash is stored.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::{CallerId, CardKind, CompanyId, InvitationId, InvitationState, Language, OrderId};

use crate::address::AddressRow;
use crate::schema::{companies, invitations as i};
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = i)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct InvitationRow {
    #[diesel(deserialize_as = String)]
    pub id: InvitationId,
    #[diesel(deserialize_as = String)]
    pub company_id: CompanyId,
    pub email: String,
    #[diesel(deserialize_as = String)]
    pub card_type: CardKind,
    pub valid_until: Option<NaiveDate>,
    pub delivery_name: Option<String>,
    pub delivery_street: Option<String>,
    pub delivery_postal_code: Option<String>,
    pub delivery_city: Option<String>,
    pub delivery_country: Option<String>,
    /// An expired one is pending past `expires_at`.
    #[diesel(deserialize_as = String)]
    pub status: InvitationState,
    pub expires_at: NaiveDateTime,
    pub sends: i32,
    /// The draft order the submission created.
    #[diesel(deserialize_as = crate::OptionalText)]
    pub order_id: Option<OrderId>,
    /// The member's account or the integrator that invited.
    #[diesel(deserialize_as = String)]
    pub created_by: CallerId,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The language the invitee is written to in (and their order's).
    #[diesel(deserialize_as = String)]
    pub language: Language,
}

impl InvitationRow {
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

/// An invitation with the inviting company's name and number (what the invitee is shown).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct InvitationWithCompany {
    #[diesel(embed)]
    pub invitation: InvitationRow,
    #[diesel(select_expression = companies::name)]
    pub company_name: String,
    #[diesel(select_expression = companies::org_number)]
    pub company_org_number: String,
}

#[derive(Debug, Clone)]
pub struct NewInvitation<'a> {
    pub id: &'a InvitationId,
    pub company_id: &'a CompanyId,
    pub email: &'a str,
    pub card_type: CardKind,
    pub valid_until: Option<NaiveDate>,
    pub delivery: Option<&'a AddressRow>,
    pub token_hash: &'a str,
    pub expires_at: NaiveDateTime,
    pub created_by: &'a CallerId,
    pub language: Language,
    pub now: NaiveDateTime,
}

const PENDING: &str = InvitationState::Pending.as_str();

pub fn insert(conn: &mut DbConn, n: &NewInvitation<'_>) -> Result<()> {
    let d = n.delivery;
    diesel::insert_into(i::table)
        .values((
            (
                i::id.eq(n.id.as_str()),
                i::company_id.eq(n.company_id.as_str()),
                i::email.eq(n.email),
                i::card_type.eq(n.card_type.as_str()),
                i::valid_until.eq(n.valid_until),
            ),
            (
                i::delivery_name.eq(d.and_then(|d| d.name.as_deref())),
                i::delivery_street.eq(d.map(|d| d.street.as_str())),
                i::delivery_postal_code.eq(d.map(|d| d.postal_code.as_str())),
                i::delivery_city.eq(d.map(|d| d.city.as_str())),
                i::delivery_country.eq(d.map(|d| d.country.as_str())),
            ),
            (
                i::token_hash.eq(n.token_hash),
                i::status.eq(PENDING),
                i::expires_at.eq(n.expires_at),
                i::sends.eq(1),
                i::created_by.eq(n.created_by.as_str()),
                i::version.eq(1i64),
                i::created_at.eq(n.now),
                i::updated_at.eq(n.now),
                i::language.eq(n.language.as_str()),
            ),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(
    conn: &mut DbConn,
    company_id: &CompanyId,
    id: &InvitationId,
) -> Result<Option<InvitationRow>> {
    Ok(i::table
        .filter(i::id.eq(id.as_str()))
        .filter(i::company_id.eq(company_id.as_str()))
        .select(InvitationRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_by_token(conn: &mut DbConn, token_hash: &str) -> Result<Option<InvitationWithCompany>> {
    Ok(i::table
        .inner_join(companies::table)
        .filter(i::token_hash.eq(token_hash))
        .select(InvitationWithCompany::as_select())
        .first(conn)
        .optional()?)
}

/// Newest first, after `cursor` (created at, id).
pub fn list(
    conn: &mut DbConn,
    company_id: &CompanyId,
    status: Option<&str>,
    cursor: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> Result<Vec<InvitationRow>> {
    let mut q = i::table
        .filter(i::company_id.eq(company_id.as_str()))
        .select(InvitationRow::as_select())
        .order((i::created_at.desc(), i::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(i::status.eq(s));
    }
    if let Some((at, id)) = cursor {
        // The plain bound first: with the OR alone the planner scans instead of seeking.
        q = q.filter(i::created_at.le(at)).filter(
            i::created_at
                .lt(at)
                .or(i::created_at.eq(at).and(i::id.lt(id))),
        );
    }
    Ok(q.load(conn)?)
}

/// A new token and expiry for a pending invitation at `expected_version` (a resend).
pub fn renew(
    conn: &mut DbConn,
    id: &InvitationId,
    expected_version: i64,
    token_hash: &str,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(
        i::table
            .filter(i::id.eq(id.as_str()))
            .filter(i::version.eq(expected_version))
            .filter(i::status.eq(PENDING)),
    )
    .set((
        i::token_hash.eq(token_hash),
        i::expires_at.eq(expires_at),
        i::sends.eq(i::sends + 1),
        i::version.eq(expected_version + 1),
        i::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Moves a pending invitation at `expected_version` to `status` (completed with its order, or
/// revoked). False when it is no longer pending at that version: exactly one of two racing
/// submissions or a submission and a revocation wins.
pub fn close(
    conn: &mut DbConn,
    id: &InvitationId,
    expected_version: i64,
    status: InvitationState,
    order_id: Option<&OrderId>,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(
        i::table
            .filter(i::id.eq(id.as_str()))
            .filter(i::version.eq(expected_version))
            .filter(i::status.eq(PENDING)),
    )
    .set((
        i::status.eq(status.as_str()),
        i::order_id.eq(order_id.map(OrderId::as_str)),
        i::version.eq(expected_version + 1),
        i::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
