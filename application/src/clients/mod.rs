//! Machine clients (OAuth2 client credentials, RFC 6749 §4.4): operators create, rotate and
//! revoke them (`create`, `manage`); a client trades its id and secret for a short-lived token
//! (`token`). A secret is shown once and stored as a SHA-256 hash: it is 192 random bits, so a
//! slow password hash would add nothing but cost.

pub mod create;
pub mod manage;
pub mod token;

use domain::Scopes;
use persistence::ClientRow;

use crate::error::{AppError, AppResult};
use crate::ids;

/// A new client secret.
fn new_secret() -> String {
    ids::new_secret("cs")
}

/// The scopes a stored client holds.
pub fn scopes_of(row: &ClientRow) -> AppResult<Scopes> {
    Scopes::parse(&row.scopes).map_err(|e| AppError::corrupt("client scopes", e.message))
}
