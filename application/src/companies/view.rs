//! A company as its members (and operators) see it.

use domain::{CompanyAction, CompanyId, CompanyRole};
use persistence::{companies, CompanyRow, DbConn};

use super::access;
use crate::error::{AppError, AppResult};
use crate::principal::Principal;
use crate::Context;

pub struct CompanyView {
    pub company: CompanyRow,
    /// The caller's role; `None` for an operator who is not a member.
    pub your_role: Option<CompanyRole>,
}

pub fn get(
    conn: &mut DbConn,
    who: &Principal,
    id: CompanyId,
    _: &Context,
) -> AppResult<CompanyView> {
    match access::require(conn, who, &id, CompanyAction::View) {
        Ok(acting) => Ok(CompanyView {
            your_role: Some(acting.role),
            company: acting.company,
        }),
        Err(AppError::NotFound) if access::is_operator_principal(conn, who)? => Ok(CompanyView {
            company: companies::find(conn, &id)?.ok_or(AppError::NotFound)?,
            your_role: None,
        }),
        Err(e) => Err(e),
    }
}
