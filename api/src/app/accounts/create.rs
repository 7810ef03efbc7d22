//! Creating an account from a link: the link gives the (verified) email, the person gives a
//! password, a mobile number and their name. Pending memberships and orders placed for the email
//! become the account's in the same transaction.

use domain::{AccountId, PersonName, PhoneNumber, PlatformRole};
use persistence::{accounts, company_orders, memberships, signup_links, DbConn, NewAccount};

use crate::app::error::{AppError, AppResult, FieldError};
use crate::app::{ids, Clock};

pub struct CreateAccount {
    /// The link's token, hashed.
    pub token_hash: String,
    /// The new password, hashed (argon2id) before the transaction.
    pub password_hash: String,
    pub phone: PhoneNumber,
    pub name: PersonName,
}

pub struct AccountCreated {
    pub id: AccountId,
    pub email: String,
    pub companies: usize,
    pub orders: usize,
}

fn invalid_link() -> AppError {
    AppError::Unprocessable {
        code: "invalid_link",
        detail: "The link is invalid, expired or already used. Ask for a new one.".into(),
        errors: vec![FieldError::new(
            "token",
            "invalid_link",
            "is invalid, expired or already used",
        )],
    }
}

/// Whether the link could create an account now (checked before the costly password hash).
pub fn check_link(conn: &mut DbConn, token_hash: &str, clock: &Clock) -> AppResult<()> {
    let now = clock.now();
    match signup_links::find_live(conn, token_hash, now)? {
        Some(_) => Ok(()),
        None => Err(invalid_link()),
    }
}

pub fn create(conn: &mut DbConn, cmd: CreateAccount, clock: &Clock) -> AppResult<AccountCreated> {
    let now = clock.now();
    let link = signup_links::redeem(conn, &cmd.token_hash, now)?.ok_or_else(invalid_link)?;
    if accounts::find_by_email(conn, &link.email)?.is_some() {
        return Err(AppError::Conflict {
            code: "account_exists",
            detail: "An account with this email exists already. Sign in instead.".into(),
        });
    }
    let operator = link.platform_role() == Some(PlatformRole::Operator)
        || signup_links::grants_operator(conn, &link.email, now)?;
    let id: AccountId = ids::new();
    accounts::insert(
        conn,
        &NewAccount {
            id: id.as_str(),
            email: &link.email,
            password_hash: &cmd.password_hash,
            phone: cmd.phone.as_str(),
            given_names: cmd.name.given_names(),
            surname: cmd.name.surname(),
            contact_phone: Some(cmd.phone.as_str()),
            contact_email: Some(&link.email),
            contact_address: None,
            contact_postal_code: None,
            contact_city: None,
            contact_country: None,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    if operator {
        accounts::set_platform_role(conn, &id, PlatformRole::Operator, now)?;
    }
    let companies = memberships::attach_account(conn, &link.email, &id, now)?;
    let orders = company_orders::claim_for_account(conn, &link.email, &id)?;
    signup_links::consume_all(conn, &link.email, now)?;
    tracing::info!(event = "account_created", account_id = %id, companies, orders, operator, "account created from a link");
    Ok(AccountCreated {
        id,
        email: link.email,
        companies,
        orders,
    })
}
