//! Company members: an email with a role in a company, joined to the person's account once the
//! person has one.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{AccountId, CompanyId, CompanyRole, MemberId};

use crate::schema::{accounts, companies, memberships as m};
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = m)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct MemberRow {
    #[diesel(deserialize_as = String)]
    pub id: MemberId,
    #[diesel(deserialize_as = String)]
    pub company_id: CompanyId,
    pub email: String,
    /// Set once the person has an account.
    #[diesel(deserialize_as = crate::OptionalText)]
    pub account_id: Option<AccountId>,
    #[diesel(deserialize_as = String)]
    pub role: CompanyRole,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A member with the names of the account, when there is one.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct MemberWithName {
    #[diesel(embed)]
    pub member: MemberRow,
    #[diesel(select_expression = accounts::given_names.nullable())]
    pub given_names: Option<String>,
    #[diesel(select_expression = accounts::surname.nullable())]
    pub surname: Option<String>,
}

/// A person's membership with the company's name and number (for `GET /v1/me`).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct MembershipOfAccount {
    #[diesel(select_expression = m::company_id)]
    #[diesel(deserialize_as = String)]
    pub company_id: CompanyId,
    #[diesel(select_expression = companies::name)]
    pub company_name: String,
    #[diesel(select_expression = companies::org_number)]
    pub company_org_number: String,
    #[diesel(select_expression = m::role)]
    #[diesel(deserialize_as = String)]
    pub role: CompanyRole,
}

#[derive(Debug, Clone)]
pub struct NewMember<'a> {
    pub id: &'a MemberId,
    pub company_id: &'a CompanyId,
    pub email: &'a str,
    pub account_id: Option<&'a AccountId>,
    pub role: CompanyRole,
    pub now: NaiveDateTime,
}

/// Adds a member; the same email twice in a company is a `Conflict { kind: Unique }`.
pub fn insert(conn: &mut DbConn, n: &NewMember<'_>) -> Result<()> {
    diesel::insert_into(m::table)
        .values((
            m::id.eq(n.id.as_str()),
            m::company_id.eq(n.company_id.as_str()),
            m::email.eq(n.email),
            m::account_id.eq(n.account_id.map(AccountId::as_str)),
            m::role.eq(n.role.as_str()),
            m::version.eq(1i64),
            m::created_at.eq(n.now),
            m::updated_at.eq(n.now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The account's role in the company, if it is a member.
pub fn role_of(
    conn: &mut DbConn,
    company_id: &CompanyId,
    account_id: &AccountId,
) -> Result<Option<CompanyRole>> {
    let role: Option<String> = on_backend!(conn, |c| m::table
        .filter(m::company_id.eq(company_id.as_str()))
        .filter(m::account_id.eq(account_id.as_str()))
        .select(m::role)
        .first(c)
        .optional())?;
    role.map(|r| {
        CompanyRole::try_from(r)
            .map_err(|e| crate::Error::Corrupt(format!("memberships.role: {e}")))
    })
    .transpose()
}

pub fn find(
    conn: &mut DbConn,
    company_id: &CompanyId,
    id: &MemberId,
) -> Result<Option<MemberWithName>> {
    Ok(m::table
        .left_join(accounts::table)
        .filter(m::id.eq(id.as_str()))
        .filter(m::company_id.eq(company_id.as_str()))
        .select(MemberWithName::as_select())
        .first(conn)
        .optional()?)
}

/// The company's members, oldest first (a company has tens of members, not thousands).
pub fn list(conn: &mut DbConn, company_id: &CompanyId) -> Result<Vec<MemberWithName>> {
    Ok(m::table
        .left_join(accounts::table)
        .filter(m::company_id.eq(company_id.as_str()))
        .order((m::created_at.asc(), m::id.asc()))
        .select(MemberWithName::as_select())
        .load(conn)?)
}

pub fn for_account(conn: &mut DbConn, account_id: &AccountId) -> Result<Vec<MembershipOfAccount>> {
    Ok(m::table
        .inner_join(companies::table)
        .filter(m::account_id.eq(account_id.as_str()))
        .order((companies::name.asc(), m::company_id.asc()))
        .select(MembershipOfAccount::as_select())
        .load(conn)?)
}

/// How many administrators of the company have an account (pending invitations do not count).
pub fn count_active_admins(conn: &mut DbConn, company_id: &CompanyId) -> Result<i64> {
    Ok(m::table
        .filter(m::company_id.eq(company_id.as_str()))
        .filter(m::role.eq(CompanyRole::Admin.as_str()))
        .filter(m::account_id.is_not_null())
        .count()
        .get_result(conn)?)
}

/// Changes the role if the member is still at `expected_version`; false when it changed first.
pub fn set_role(
    conn: &mut DbConn,
    id: &MemberId,
    expected_version: i64,
    role: CompanyRole,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(
        m::table
            .filter(m::id.eq(id.as_str()))
            .filter(m::version.eq(expected_version)),
    )
    .set((
        m::role.eq(role.as_str()),
        m::version.eq(expected_version + 1),
        m::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn delete(conn: &mut DbConn, id: &MemberId, expected_version: i64) -> Result<bool> {
    let n = diesel::delete(
        m::table
            .filter(m::id.eq(id.as_str()))
            .filter(m::version.eq(expected_version)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// Joins every pending membership of `email` to the new account.
pub fn attach_account(
    conn: &mut DbConn,
    email: &str,
    account_id: &AccountId,
    now: NaiveDateTime,
) -> Result<usize> {
    Ok(diesel::update(
        m::table
            .filter(m::email.eq(email))
            .filter(m::account_id.is_null()),
    )
    .set((
        m::account_id.eq(account_id.as_str()),
        m::version.eq(m::version + 1),
        m::updated_at.eq(now),
    ))
    .execute(conn)?)
}

/// Locks the company's administrator rows until the transaction ends (PostgreSQL `FOR UPDATE`;
/// SQLite has one writer at a time already), so a check of how many remain holds until commit.
pub fn lock_admins(conn: &mut DbConn, company_id: &CompanyId) -> Result<()> {
    if let DbConn::Pg(c) = conn {
        m::table
            .filter(m::company_id.eq(company_id.as_str()))
            .filter(m::role.eq(CompanyRole::Admin.as_str()))
            .select(m::id)
            .for_update()
            .load::<String>(c)?;
    }
    Ok(())
}
