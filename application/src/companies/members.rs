//! A company's members: administrators invite people by email with a role, change roles and
//! remove members; every member sees the list. The last administrator stays.

use crate::ProblemCode;
use domain::{CompanyAction, CompanyId, CompanyRole, Email, Language, MemberId};
use persistence::{memberships, DbConn, MemberWithName, NewMember};

use super::access::{self, Acting};
use crate::accounts::link;
use crate::emails::{self, AccountReason};
use crate::error::{AppError, AppResult};
use crate::principal::Principal;
use crate::{ids, outbox, Context};

pub struct InviteMember {
    pub company_id: CompanyId,
    pub email: Email,
    pub role: CompanyRole,
    /// The language the person is written to in, until their account has its own.
    pub language: Language,
}

pub fn invite(
    conn: &mut DbConn,
    who: &Principal,
    cmd: InviteMember,
    ctx: &Context,
) -> AppResult<MemberWithName> {
    let now = ctx.now();
    let acting = access::require(conn, who, &cmd.company_id, CompanyAction::ManageMembers)?;
    let reason = AccountReason::Member {
        company: &acting.company.name,
        role: cmd.role,
    };
    let id: MemberId = ids::new();
    let exists = memberships::insert(
        conn,
        &NewMember {
            id: &id,
            company_id: &cmd.company_id,
            email: cmd.email.as_str(),
            account_id: None,
            role: cmd.role,
            now,
        },
    );
    if let Err(persistence::Error::Conflict { .. }) = exists {
        return Err(AppError::Conflict {
            code: ProblemCode::AlreadyMember,
            detail: crate::texts::Text::new("problem-already-member"),
        });
    }
    exists?;
    let reached = link::account_or_link(conn, &cmd.email, reason, None, cmd.language, ctx, now)?;
    if let Some(account) = reached {
        memberships::attach_account(conn, cmd.email.as_str(), &account, now)?;
        let sign_in = ctx.links().sign_in();
        let language = link::language_of(conn, cmd.email.as_str(), cmd.language)?;
        outbox::queue(
            conn,
            ctx,
            emails::membership_added(
                cmd.email.as_str(),
                language,
                &acting.company.name,
                cmd.role,
                &sign_in,
            ),
            now,
        )?;
    }
    tracing::info!(event = "member_invited", company_id = %cmd.company_id, member_id = %id, role = %cmd.role, "member invited");
    memberships::find(conn, &cmd.company_id, &id)?.ok_or(AppError::NotFound)
}

pub fn list(
    conn: &mut DbConn,
    who: &Principal,
    company_id: CompanyId,
    _: &Context,
) -> AppResult<Vec<MemberWithName>> {
    access::require(conn, who, &company_id, CompanyAction::View)?;
    Ok(memberships::list(conn, &company_id)?)
}

pub struct MemberRef {
    pub company_id: CompanyId,
    pub member_id: MemberId,
}

pub fn get(
    conn: &mut DbConn,
    who: &Principal,
    r: MemberRef,
    _: &Context,
) -> AppResult<MemberWithName> {
    access::require(conn, who, &r.company_id, CompanyAction::View)?;
    memberships::find(conn, &r.company_id, &r.member_id)?.ok_or(AppError::NotFound)
}

pub struct ChangeRole {
    pub member: MemberRef,
    pub role: CompanyRole,
}

pub fn change_role(
    conn: &mut DbConn,
    who: &Principal,
    cmd: ChangeRole,
    ctx: &Context,
) -> AppResult<MemberWithName> {
    let now = ctx.now();
    let (_, member) = load(conn, who, &cmd.member)?;
    let m = &member.member;
    if m.role == CompanyRole::Admin && cmd.role != CompanyRole::Admin {
        keep_an_admin(conn, &cmd.member.company_id, &member)?;
    }
    if m.role != cmd.role && !memberships::set_role(conn, &m.id, m.version, cmd.role, now)? {
        return Err(concurrent());
    }
    memberships::find(conn, &cmd.member.company_id, &cmd.member.member_id)?
        .ok_or(AppError::NotFound)
}

pub fn remove(conn: &mut DbConn, who: &Principal, r: MemberRef, _: &Context) -> AppResult<()> {
    let (_, member) = load(conn, who, &r)?;
    if member.member.role == CompanyRole::Admin {
        keep_an_admin(conn, &r.company_id, &member)?;
    }
    if !memberships::delete(conn, &member.member.id, member.member.version)? {
        return Err(concurrent());
    }
    tracing::info!(event = "member_removed", company_id = %r.company_id, member_id = %r.member_id, "member removed");
    Ok(())
}

fn load(conn: &mut DbConn, who: &Principal, r: &MemberRef) -> AppResult<(Acting, MemberWithName)> {
    let acting = access::require(conn, who, &r.company_id, CompanyAction::ManageMembers)?;
    let member = memberships::find(conn, &r.company_id, &r.member_id)?.ok_or(AppError::NotFound)?;
    Ok((acting, member))
}

/// Refuses to take away the last administrator who has an account. Runs inside the write
/// transaction, so two admins demoting each other at once cannot both succeed on SQLite
/// (one writer) — on PostgreSQL the version checks of the two rows do not see each other, so
/// the count is read with the rows it protects locked first.
fn keep_an_admin(
    conn: &mut DbConn,
    company_id: &CompanyId,
    member: &MemberWithName,
) -> AppResult<()> {
    if member.member.account_id.is_none() {
        return Ok(());
    }
    memberships::lock_admins(conn, company_id)?;
    if memberships::count_active_admins(conn, company_id)? <= 1 {
        return Err(AppError::Conflict {
            code: ProblemCode::LastAdmin,
            detail: crate::texts::Text::new("problem-last-admin"),
        });
    }
    Ok(())
}

fn concurrent() -> AppError {
    AppError::Conflict {
        code: ProblemCode::ConcurrentChange,
        detail: crate::texts::Text::new("problem-changed-meanwhile").with("what", "member"),
    }
}
