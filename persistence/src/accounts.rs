use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{AccountId, ContactUpdate, Language, PlatformRole};

use crate::schema::accounts;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct AccountRow {
    #[diesel(deserialize_as = String)]
    pub id: AccountId,
    pub email: String,
    pub password_hash: String,
    pub phone: String,
    pub given_names: String,
    pub surname: String,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub contact_address: Option<String>,
    pub contact_postal_code: Option<String>,
    pub contact_city: Option<String>,
    pub contact_country: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub platform_role: Option<PlatformRole>,
    /// When the person (or an operator for them) asked for erasure, while something a law or a
    /// live card needs is still held.
    pub erasure_requested_at: Option<NaiveDateTime>,
    /// The language the person is written to in (emails and SMS).
    #[diesel(deserialize_as = String)]
    pub language: Language,
}

impl AccountRow {
    /// The stored contact details, as raw values for the domain to parse.
    pub fn contact(&self) -> ContactUpdate {
        ContactUpdate {
            phone: self.contact_phone.clone(),
            email: self.contact_email.clone(),
            address: self.contact_address.clone(),
            postal_code: self.contact_postal_code.clone(),
            city: self.contact_city.clone(),
            country: self.contact_country.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub id: &'a AccountId,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub phone: &'a str,
    pub given_names: &'a str,
    pub surname: &'a str,
    pub contact_phone: Option<&'a str>,
    pub contact_email: Option<&'a str>,
    pub contact_address: Option<&'a str>,
    pub contact_postal_code: Option<&'a str>,
    pub contact_city: Option<&'a str>,
    pub contact_country: Option<&'a str>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub language: Language,
}

pub fn insert(conn: &mut DbConn, a: &NewAccount<'_>) -> Result<()> {
    use accounts as t;
    diesel::insert_into(t::table)
        .values((
            t::id.eq(a.id.as_str()),
            t::email.eq(a.email),
            t::password_hash.eq(a.password_hash),
            t::phone.eq(a.phone),
            t::given_names.eq(a.given_names),
            t::surname.eq(a.surname),
            t::contact_phone.eq(a.contact_phone),
            t::contact_email.eq(a.contact_email),
            t::contact_address.eq(a.contact_address),
            t::contact_postal_code.eq(a.contact_postal_code),
            t::contact_city.eq(a.contact_city),
            t::contact_country.eq(a.contact_country),
            t::version.eq(a.version),
            t::created_at.eq(a.created_at),
            t::updated_at.eq(a.updated_at),
            t::language.eq(a.language.as_str()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The language the person with this email is written to in, if they have an account.
pub fn language_by_email(conn: &mut DbConn, email: &str) -> Result<Option<Language>> {
    let raw: Option<String> = accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::language)
        .first(conn)
        .optional()?;
    raw.map(|r| crate::typed::parse_one(r, "accounts.language"))
        .transpose()
}

/// The person chose the language they are written to in.
pub fn set_language(
    conn: &mut DbConn,
    id: &AccountId,
    language: Language,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::update(accounts::table.find(id.as_str()))
        .set((
            accounts::language.eq(language.as_str()),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &AccountId) -> Result<Option<AccountRow>> {
    Ok(on_backend!(conn, |c| accounts::table
        .find(id.as_str())
        .select(AccountRow::as_select())
        .first(c)
        .optional())?)
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> Result<Option<AccountRow>> {
    Ok(accounts::table
        .filter(accounts::email.eq(email))
        .select(AccountRow::as_select())
        .first(conn)
        .optional()?)
}

/// Replaces the contact details and bumps the version; returns the new version.
pub fn set_contact(
    conn: &mut DbConn,
    id: &AccountId,
    c: &ContactUpdate,
    now: NaiveDateTime,
) -> Result<i64> {
    let version: i64 = diesel::update(accounts::table.find(id.as_str()))
        .set((
            accounts::contact_phone.eq(c.phone.as_deref()),
            accounts::contact_email.eq(c.email.as_deref()),
            accounts::contact_address.eq(c.address.as_deref()),
            accounts::contact_postal_code.eq(c.postal_code.as_deref()),
            accounts::contact_city.eq(c.city.as_deref()),
            accounts::contact_country.eq(c.country.as_deref()),
            accounts::version.eq(accounts::version + 1),
            accounts::updated_at.eq(now),
        ))
        .returning(accounts::version)
        .get_result(conn)?;
    Ok(version)
}

/// Gives the account a platform role.
pub fn set_platform_role(
    conn: &mut DbConn,
    id: &AccountId,
    role: PlatformRole,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::update(accounts::table.find(id.as_str()))
        .set((
            accounts::platform_role.eq(role.as_str()),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Replaces the password hash if it is still `expected` (the one the caller verified against),
/// so a change that raced another leaves exactly one winner; false if it was not.
pub fn set_password(
    conn: &mut DbConn,
    id: &AccountId,
    expected: &str,
    new_hash: &str,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(
        accounts::table
            .find(id.as_str())
            .filter(accounts::password_hash.eq(expected)),
    )
    .set((
        accounts::password_hash.eq(new_hash),
        accounts::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Replaces the mobile number sign-in codes go to.
pub fn set_phone(conn: &mut DbConn, id: &AccountId, phone: &str, now: NaiveDateTime) -> Result<()> {
    diesel::update(accounts::table.find(id.as_str()))
        .set((accounts::phone.eq(phone), accounts::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}
