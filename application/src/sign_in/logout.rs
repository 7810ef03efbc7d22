//! Signing out: the session ends, and its access and refresh tokens stop working at once.

use persistence::{sessions, DbConn};

use crate::error::AppResult;
use crate::principal::Person;
use crate::Context;

pub fn logout(conn: &mut DbConn, who: &Person, _: (), ctx: &Context) -> AppResult<()> {
    sessions::revoke(conn, who.session_id(), ctx.now())?;
    tracing::info!(event = "logout", session_id = %who.session_id(), "signed out");
    Ok(())
}
