//! Creating an account from a link: the link gives the (verified) email, the person gives a
//! password, a mobile number and their name. Pending memberships and orders placed for the email
//! become the account's in the same transaction. A link that carries a green identity check
//! also asks for the identity number on the card order before the check becomes the account's
//! evidence (`identity::bind`).

use crate::ProblemCode;
use domain::{AccountId, Password, PersonName, PhoneNumber, PlatformRole};
use persistence::{
    accounts, company_orders, identity_checks, memberships, signup_links, DbConn, NewAccount,
};

use crate::auth::password;
use crate::auth::throttle::{self, Limit};
use crate::error::{AppError, AppResult, FieldError};
use crate::identity::bind;
use crate::security_events::{self, Event, Kind};
use crate::{ids, App, Context};

/// What the person sent with the link's token.
pub struct NewAccountRequest {
    pub token: String,
    pub password: Password,
    pub phone: PhoneNumber,
    pub name: PersonName,
    /// The identity number as the company entered it on the order (links from an identity
    /// check only).
    pub identity_number: Option<String>,
    /// The caller's address, for throttling guesses of tokens.
    pub client_address: domain::ClientAddress,
}

/// Failed link uses per client address per window.
const BAD_LINKS_PER_ADDRESS: i32 = 20;

/// `POST /v1/accounts`: checks the link (throttled per address), hashes the password on the
/// password threads, then creates the account in one transaction that uses up the link.
pub async fn create_account(app: &App, req: NewAccountRequest) -> AppResult<AccountCreated> {
    let token_hash = ids::hash_secret(&req.token);
    let key = Limit::per_address("signup", &req.client_address, BAD_LINKS_PER_ADDRESS);
    let th = token_hash.clone();
    let typed = req.identity_number.clone();
    let address = req.client_address;
    // The outer result fails the transaction; the inner refusal keeps its count.
    app.write(move |conn, ctx| {
        let now = ctx.now();
        throttle::check(conn, &[&key], now)?;
        let Some(link) = signup_links::find_live(conn, &th, now)? else {
            throttle::count(conn, &[&key], now)?;
            return Ok(Err(invalid_link()));
        };
        let Some(check_id) = link.identity_check_id else {
            return Ok(Ok(()));
        };
        let Some(typed) = typed else {
            return Ok(Err(bind::number_required()));
        };
        let check = identity_checks::find(conn, &check_id)?.ok_or_else(invalid_link)?;
        if bind::confirms(conn, ctx.vault(), &check, &typed, now)? {
            return Ok(Ok(()));
        }
        throttle::count(conn, &[&key], now)?;
        let left = signup_links::record_wrong_number(conn, &th, bind::NUMBER_ATTEMPTS, now)?;
        let event = Event::new(Kind::IdentityNumberWrong)
            .email(&check.email)
            .from_address(&address)
            .detail(check.id.as_str());
        security_events::record(conn, event, now)?;
        tracing::info!(event = "identity_number_wrong", check_id = %check.id, left, "wrong identity number with an identity-check link");
        Ok(Err(if left > 0 { bind::number_mismatch(left) } else { invalid_link() }))
    })
    .await??;
    let secret = req.password;
    let password_hash = app
        .passwords
        .run(move || password::hash(secret.expose()))
        .await?
        .map_err(AppError::Internal)?;
    let cmd = CreateAccount {
        token_hash,
        password_hash,
        phone: req.phone,
        name: req.name,
    };
    app.write(move |conn, ctx| create(conn, cmd, ctx)).await
}

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

pub(super) fn invalid_link() -> AppError {
    AppError::Unprocessable {
        code: ProblemCode::InvalidLink,
        detail: crate::texts::Text::new("problem-invalid-link"),
        errors: vec![FieldError::new(
            "token",
            "invalid_link",
            crate::texts::Text::new("field-invalid_link"),
        )],
    }
}

pub fn create(conn: &mut DbConn, cmd: CreateAccount, ctx: &Context) -> AppResult<AccountCreated> {
    let now = ctx.now();
    let link = signup_links::redeem(conn, &cmd.token_hash, now)?.ok_or_else(invalid_link)?;
    if accounts::find_by_email(conn, &link.email)?.is_some() {
        return Err(AppError::Conflict {
            code: ProblemCode::AccountExists,
            detail: crate::texts::Text::new("problem-account-exists"),
        });
    }
    let operator = link.platform_role == Some(PlatformRole::Operator)
        || signup_links::grants_operator(conn, &link.email, now)?;
    let id: AccountId = ids::new();
    accounts::insert(
        conn,
        &NewAccount {
            id: &id,
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
            language: link.language,
        },
    )?;
    if operator {
        accounts::set_platform_role(conn, &id, PlatformRole::Operator, now)?;
    }
    if let Some(check_id) = &link.identity_check_id {
        let check = identity_checks::find(conn, check_id)?.ok_or_else(invalid_link)?;
        bind::attach_evidence(conn, ctx.vault(), &check, &id, now)?;
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
