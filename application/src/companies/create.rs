//! An operator creates a company with its first administrator (by API, or by the CLI when a
//! fresh install is bootstrapped). A new administrator gets an emailed link to create an account.

use crate::ProblemCode;
use domain::{
    BoundedText, CompanyId, CompanyRole, DeliveryAddress, Email, Language, MemberId, OrgNumber,
};
use persistence::{companies, memberships, CompanyRow, DbConn, NewCompany, NewMember};

use super::access;
use crate::accounts::link;
use crate::emails::{self, AccountReason};
use crate::error::{AppError, AppResult};
use crate::principal::Person;
use crate::{ids, outbox, Context};

pub const NAME_MAX: usize = 200;

pub struct CreateCompany {
    pub name: BoundedText,
    pub org_number: OrgNumber,
    pub delivery_address: DeliveryAddress,
    pub admin_email: Email,
    /// The language the administrator is written to in, until their account has its own.
    pub language: Language,
}

pub struct CompanyCreated {
    pub company: CompanyRow,
    pub admin_member_id: MemberId,
    /// False when the administrator was emailed a link to create an account.
    pub admin_has_account: bool,
}

/// `POST /v1/companies`: operators only.
pub fn create(
    conn: &mut DbConn,
    who: &Person,
    cmd: CreateCompany,
    ctx: &Context,
) -> AppResult<CompanyCreated> {
    access::require_operator(conn, who)?;
    create_company(conn, cmd, ctx)
}

/// The company and its administrator, in the caller's transaction (shared with the CLI).
pub fn create_company(
    conn: &mut DbConn,
    cmd: CreateCompany,
    ctx: &Context,
) -> AppResult<CompanyCreated> {
    let now = ctx.now();
    if companies::find_by_org_number(conn, &cmd.org_number)?.is_some() {
        return Err(org_number_taken());
    }
    let id: CompanyId = ids::new();
    companies::insert(
        conn,
        &NewCompany {
            id: &id,
            name: cmd.name.as_str(),
            org_number: &cmd.org_number,
            delivery_address: Some(&cmd.delivery_address),
            created_at: now,
        },
    )
    .map_err(|e| match e {
        persistence::Error::Conflict { .. } => org_number_taken(),
        other => other.into(),
    })?;
    let reason = AccountReason::Member {
        company: cmd.name.as_str(),
        role: CompanyRole::Admin,
    };
    let account =
        link::account_or_link(conn, &cmd.admin_email, reason, None, cmd.language, ctx, now)?;
    let member_id: MemberId = ids::new();
    memberships::insert(
        conn,
        &NewMember {
            id: &member_id,
            company_id: &id,
            email: cmd.admin_email.as_str(),
            account_id: account.as_ref(),
            role: CompanyRole::Admin,
            now,
        },
    )?;
    if account.is_some() {
        let sign_in = ctx.links().sign_in();
        let language = link::language_of(conn, cmd.admin_email.as_str(), cmd.language)?;
        outbox::queue(
            conn,
            ctx,
            emails::membership_added(
                cmd.admin_email.as_str(),
                language,
                cmd.name.as_str(),
                CompanyRole::Admin,
                &sign_in,
            ),
            now,
        )?;
    }
    tracing::info!(event = "company_created", company_id = %id, "company created");
    let company = companies::find(conn, &id)?.ok_or(AppError::NotFound)?;
    Ok(CompanyCreated {
        company,
        admin_member_id: member_id,
        admin_has_account: account.is_some(),
    })
}

fn org_number_taken() -> AppError {
    AppError::Conflict {
        code: ProblemCode::OrgNumberTaken,
        detail: crate::texts::Text::new("problem-org-number-taken"),
    }
}
