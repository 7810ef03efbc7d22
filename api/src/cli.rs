//! Bootstrap commands of a fresh install: the first operator and companies, without a password
//! on any command line (a new person is emailed a single-use link to create an account). The
//! emails wait in the outbox until the service runs and its worker sends them.

use domain::{AddressInput, BoundedText, DeliveryAddress, Email, OrgNumber, PlatformRole};
use persistence::{accounts, Db};

use crate::app::accounts::link;
use crate::app::companies::create::{self, CreateCompany};
use crate::app::emails::AccountReason;
use crate::app::{AppError, Clock};

fn message(e: AppError) -> String {
    match e {
        AppError::Conflict { detail, .. } | AppError::Unprocessable { detail, .. } => detail,
        other => other.to_string(),
    }
}

/// Makes `email` an operator: at once if the account exists, else through an emailed link.
pub fn create_operator(
    db: &Db,
    clock: &Clock,
    email: &str,
    public_url: &str,
) -> Result<String, String> {
    let email = Email::parse(email).map_err(|e| format!("--email: {}", e.message))?;
    let now = clock.now();
    db.write(|conn| {
        if let Some(account) = accounts::find_by_email(conn, email.as_str())? {
            accounts::set_platform_role(conn, &account.id, PlatformRole::Operator, now)?;
            return Ok(format!("{} (account {}) is now an operator.", email.as_str(), account.id));
        }
        link::account_or_link(
            conn,
            &email,
            AccountReason::Operator,
            Some(PlatformRole::Operator),
            public_url,
            now,
        )?;
        Ok(format!(
            "A link to create an operator account was queued for {}; the running service emails it.",
            email.as_str()
        ))
    })
    .map_err(message)
}

/// The company's fields as given on the command line.
pub struct CompanyArgs {
    pub name: String,
    pub org_number: String,
    pub address: AddressInput,
    pub admin_email: String,
}

pub fn create_company(
    db: &Db,
    clock: &Clock,
    args: CompanyArgs,
    public_url: &str,
) -> Result<String, String> {
    let cmd = CreateCompany {
        name: BoundedText::parse(&args.name, create::NAME_MAX)
            .map_err(|e| format!("--name: {}", e.message))?,
        org_number: OrgNumber::parse(&args.org_number)
            .map_err(|e| format!("--org-number: {}", e.message))?,
        delivery_address: DeliveryAddress::parse(&args.address).map_err(|errors| {
            errors
                .iter()
                .map(|(f, e)| format!("--{}: {}", f.replace('_', "-"), e.message))
                .collect::<Vec<_>>()
                .join("; ")
        })?,
        admin_email: Email::parse(&args.admin_email)
            .map_err(|e| format!("--admin-email: {}", e.message))?,
        public_url: public_url.to_owned(),
    };
    let admin = cmd.admin_email.as_str().to_owned();
    let created = db
        .write(|conn| create::create_company(conn, cmd, clock.now()))
        .map_err(message)?;
    let how = if created.admin_has_account {
        "who already has an account and was told by email"
    } else {
        "who is emailed a link to create an account (queued; the running service sends it)"
    };
    Ok(format!(
        "Created company {} ({}) with administrator {admin}, {how}.",
        created.company.id, created.company.name
    ))
}
