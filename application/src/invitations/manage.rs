//! The company's invitations: list, read, resend (a new link; the old one stops working), revoke.

use crate::ProblemCode;
use chrono::NaiveDateTime;
use domain::{CompanyAction, CompanyId, InvitationState};
use persistence::{invitations, DbConn, InvitationRow};

use super::{InvitationRef, InvitationStatus, InvitationView, LIFETIME};
use crate::companies::access;
use crate::emails;
use crate::error::{AppError, AppResult};
use crate::principal::Principal;
use crate::{ids, outbox, Context};

pub struct ListInvitations {
    pub company_id: CompanyId,
    /// After this row: (created at, id).
    pub after: Option<(NaiveDateTime, String)>,
    pub limit: u32,
}

pub struct InvitationPage {
    pub invitations: Vec<InvitationView>,
    pub has_more: bool,
}

pub fn list(
    conn: &mut DbConn,
    who: &Principal,
    cmd: ListInvitations,
    ctx: &Context,
) -> AppResult<InvitationPage> {
    let now = ctx.now();
    access::require(conn, who, &cmd.company_id, CompanyAction::View)?;
    let after = cmd.after.as_ref().map(|(at, id)| (*at, id.as_str()));
    let mut rows = invitations::list(conn, &cmd.company_id, None, after, i64::from(cmd.limit) + 1)?;
    let has_more = rows.len() > cmd.limit as usize;
    rows.truncate(cmd.limit as usize);
    Ok(InvitationPage {
        invitations: rows
            .into_iter()
            .map(|r| InvitationView::at(r, now))
            .collect(),
        has_more,
    })
}

pub fn get(
    conn: &mut DbConn,
    who: &Principal,
    r: InvitationRef,
    ctx: &Context,
) -> AppResult<InvitationView> {
    access::require(conn, who, &r.company_id, CompanyAction::View)?;
    let row =
        invitations::find(conn, &r.company_id, &r.invitation_id)?.ok_or(AppError::NotFound)?;
    Ok(InvitationView::at(row, ctx.now()))
}

fn load_pending(
    conn: &mut DbConn,
    who: &Principal,
    r: &InvitationRef,
    now: NaiveDateTime,
) -> AppResult<(String, InvitationRow)> {
    let acting = access::require(conn, who, &r.company_id, CompanyAction::Order)?;
    let row =
        invitations::find(conn, &r.company_id, &r.invitation_id)?.ok_or(AppError::NotFound)?;
    match super::status_of(&row, now) {
        // An expired invitation may be sent again; a completed or revoked one is closed.
        InvitationStatus::Pending | InvitationStatus::Expired => Ok((acting.company.name, row)),
        s => Err(AppError::Conflict {
            code: ProblemCode::InvitationClosed,
            detail: crate::texts::Text::new("problem-invitation-closed").with(
                "state",
                if s == InvitationStatus::Completed {
                    "completed"
                } else {
                    "revoked"
                },
            ),
        }),
    }
}

fn concurrent() -> AppError {
    AppError::Conflict {
        code: ProblemCode::ConcurrentChange,
        detail: crate::texts::Text::new("problem-changed-meanwhile").with("what", "invitation"),
    }
}

pub struct Resend {
    pub invitation: InvitationRef,
}

/// A new link with a new expiry, emailed again; the previous link stops working.
pub fn resend(
    conn: &mut DbConn,
    who: &Principal,
    cmd: Resend,
    ctx: &Context,
) -> AppResult<InvitationView> {
    let now = ctx.now();
    let (company, row) = load_pending(conn, who, &cmd.invitation, now)?;
    let token = ids::new_secret("ivt");
    if !invitations::renew(
        conn,
        &row.id,
        row.version,
        &ids::hash_secret(&token),
        now + LIFETIME,
        now,
    )? {
        return Err(concurrent());
    }
    let language = crate::accounts::link::language_of(conn, &row.email, row.language)?;
    outbox::queue(
        conn,
        ctx,
        emails::invitation(
            &row.email,
            language,
            &company,
            &ctx.links().invitation(&token),
            LIFETIME.num_days(),
        ),
        now,
    )?;
    let row = invitations::find(
        conn,
        &cmd.invitation.company_id,
        &cmd.invitation.invitation_id,
    )?
    .ok_or(AppError::NotFound)?;
    Ok(InvitationView::at(row, now))
}

pub fn revoke(
    conn: &mut DbConn,
    who: &Principal,
    r: InvitationRef,
    ctx: &Context,
) -> AppResult<InvitationView> {
    let now = ctx.now();
    let (_, row) = load_pending(conn, who, &r, now)?;
    if !invitations::close(
        conn,
        &row.id,
        row.version,
        InvitationState::Revoked,
        None,
        now,
    )? {
        return Err(concurrent());
    }
    let row =
        invitations::find(conn, &r.company_id, &r.invitation_id)?.ok_or(AppError::NotFound)?;
    Ok(InvitationView::at(row, now))
}
