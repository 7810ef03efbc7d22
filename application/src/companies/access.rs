//! The one check of every company resource: the caller's role in that company. Someone who is
//! not a member (another company's member, a cardholder, another company's or no company's
//! machine client) is told 404, so company ids cannot be probed; a member whose role does not
//! allow the action is told 403, and so is an integrator whose scopes do not.
//!
//! An integrator (a company's HR system) acts as an orderer of its one company, within its
//! scopes: `orders:read` to see, `orders:write` to order. Managing members is for people.

use crate::ProblemCode;
use domain::{
    ActorId, ActorKind, ClientRole, CompanyAction, CompanyId, CompanyRole, PlatformRole, Scope,
};
use persistence::{accounts, companies, memberships, CompanyRow, DbConn};

use crate::error::{AppError, AppResult};
use crate::journal::Actor;
use crate::principal::{Client, Person, Principal};

/// A caller acting for a company, with the role that was checked.
#[derive(Debug, Clone)]
pub struct Acting {
    pub company: CompanyRow,
    pub role: CompanyRole,
    actor_kind: ActorKind,
    actor_id: ActorId,
}

impl Acting {
    /// Who acted, as the audit trail names them.
    pub fn actor(&self) -> Actor {
        Actor {
            kind: self.actor_kind,
            id: self.actor_id.clone(),
        }
    }
}

pub fn require(
    conn: &mut DbConn,
    who: &Principal,
    company_id: &CompanyId,
    action: CompanyAction,
) -> AppResult<Acting> {
    let (role, actor_kind) = match who {
        Principal::Person(p) => (member_role(conn, p, company_id, action)?, ActorKind::Member),
        Principal::Client(c) => (integrator_role(c, company_id, action)?, ActorKind::Client),
    };
    let company = companies::find(conn, company_id)?.ok_or(AppError::NotFound)?;
    Ok(Acting {
        company,
        role,
        actor_kind,
        actor_id: who.caller_id().into(),
    })
}

/// The caller of an earlier request (`kind`, `id`: who the trail named) acting for the company
/// again, later and without their token — the import job placing the orders of a file they
/// uploaded — if they still may take `action`: a member still in a role that allows it, an
/// integrator of the company not revoked and still holding the scope. `None` otherwise.
pub fn again(
    conn: &mut DbConn,
    company_id: &CompanyId,
    actor_kind: ActorKind,
    actor_id: &ActorId,
    action: CompanyAction,
) -> AppResult<Option<Acting>> {
    let role = match (actor_kind, actor_id) {
        (ActorKind::Member, ActorId::Account(account)) => {
            memberships::role_of(conn, company_id, account)?.filter(|r| r.allows(action))
        }
        (ActorKind::Client, ActorId::Client(client)) => {
            let still = persistence::api_clients::find(conn, client)?.is_some_and(|c| {
                c.revoked_at.is_none()
                    && c.role == ClientRole::Integrator
                    && c.company_id.as_ref() == Some(company_id)
                    && Scope::for_company_action(action).is_some_and(|scope| {
                        domain::Scopes::parse(&c.scopes).is_ok_and(|s| s.contains(scope))
                    })
            });
            still.then_some(CompanyRole::Orderer)
        }
        _ => None,
    };
    let Some(role) = role else {
        return Ok(None);
    };
    let company = companies::find(conn, company_id)?.ok_or(AppError::NotFound)?;
    Ok(Some(Acting {
        company,
        role,
        actor_kind,
        actor_id: actor_id.clone(),
    }))
}

/// Whether `who` may take `action` in the company (no error for a role or scope that does not
/// allow it: false). Not a member at all is still 404.
pub fn may(
    conn: &mut DbConn,
    who: &Principal,
    company_id: &CompanyId,
    action: CompanyAction,
) -> AppResult<bool> {
    match require(conn, who, company_id, action) {
        Ok(_) => Ok(true),
        Err(AppError::Forbidden { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

fn member_role(
    conn: &mut DbConn,
    who: &Person,
    company_id: &CompanyId,
    action: CompanyAction,
) -> AppResult<CompanyRole> {
    let role =
        memberships::role_of(conn, company_id, who.account_id())?.ok_or(AppError::NotFound)?;
    if !role.allows(action) {
        return Err(AppError::Forbidden {
            code: ProblemCode::RoleNotAllowed,
            detail: crate::texts::Text::new("problem-role-not-allowed").with("role", role.as_str()),
        });
    }
    Ok(role)
}

fn integrator_role(
    who: &Client,
    company_id: &CompanyId,
    action: CompanyAction,
) -> AppResult<CompanyRole> {
    if who.role() != ClientRole::Integrator || who.company_id() != Some(company_id) {
        return Err(AppError::NotFound);
    }
    match Scope::for_company_action(action) {
        Some(scope) if who.scopes().contains(scope) => Ok(CompanyRole::Orderer),
        Some(scope) => Err(AppError::Forbidden {
            code: ProblemCode::InsufficientScope,
            detail: crate::texts::Text::new("problem-insufficient-scope")
                .with("scope", scope.as_str()),
        }),
        None => Err(AppError::Forbidden {
            code: ProblemCode::RoleNotAllowed,
            detail: crate::texts::Text::new("problem-integrator-members"),
        }),
    }
}

/// The caller must be a platform operator (403 otherwise: the action is visible to everyone).
pub fn require_operator(conn: &mut DbConn, who: &Person) -> AppResult<()> {
    if is_operator(conn, who)? {
        Ok(())
    } else {
        Err(AppError::Forbidden {
            code: ProblemCode::OperatorRequired,
            detail: crate::texts::Text::new("problem-operator-required"),
        })
    }
}

/// Whether the caller is a person who is a platform operator.
pub fn is_operator_principal(conn: &mut DbConn, who: &Principal) -> AppResult<bool> {
    match who {
        Principal::Person(p) => is_operator(conn, p),
        Principal::Client(_) => Ok(false),
    }
}

pub fn is_operator(conn: &mut DbConn, who: &Person) -> AppResult<bool> {
    let account = accounts::find(conn, who.account_id())?.ok_or(AppError::NotFound)?;
    Ok(account.platform_role == Some(PlatformRole::Operator))
}
