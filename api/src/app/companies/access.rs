//! The one check of every company resource: the caller's role in that company. Someone who is
//! not a member (another company's member, a cardholder) is told 404, so company ids cannot be
//! probed; a member whose role does not allow the action is told 403.

use domain::{ActorKind, CompanyAction, CompanyId, CompanyRole, PlatformRole};
use persistence::{accounts, companies, memberships, CompanyRow, DbConn};

use crate::app::error::{AppError, AppResult};
use crate::app::journal::Actor;
use crate::app::principal::Person;

/// A caller acting for a company, with the role that was checked.
#[derive(Debug, Clone)]
pub struct Acting {
    pub company: CompanyRow,
    pub role: CompanyRole,
    actor_id: String,
}

impl Acting {
    /// Who acted, as the audit trail names them.
    pub fn actor(&self) -> Actor<'_> {
        Actor {
            kind: ActorKind::Member,
            id: &self.actor_id,
        }
    }
}

pub fn require(
    conn: &mut DbConn,
    who: &Person,
    company_id: &CompanyId,
    action: CompanyAction,
) -> AppResult<Acting> {
    let role =
        memberships::role_of(conn, company_id, who.account_id())?.ok_or(AppError::NotFound)?;
    if !role.allows(action) {
        return Err(AppError::Forbidden {
            code: "role_not_allowed",
            detail: format!(
                "Your role in this company ({role}) does not allow this; ask an administrator."
            ),
        });
    }
    let company = companies::find(conn, company_id)?.ok_or(AppError::NotFound)?;
    Ok(Acting {
        company,
        role,
        actor_id: who.account_id().as_str().to_owned(),
    })
}

/// The caller must be a platform operator (403 otherwise: the action is visible to everyone).
pub fn require_operator(conn: &mut DbConn, who: &Person) -> AppResult<()> {
    if is_operator(conn, who)? {
        Ok(())
    } else {
        Err(AppError::Forbidden {
            code: "operator_required",
            detail: "Only a platform operator may do this.".into(),
        })
    }
}

pub fn is_operator(conn: &mut DbConn, who: &Person) -> AppResult<bool> {
    let account = accounts::find(conn, who.account_id())?.ok_or(AppError::NotFound)?;
    Ok(account.platform_role() == Some(PlatformRole::Operator))
}
