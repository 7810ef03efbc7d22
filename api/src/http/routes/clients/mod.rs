//! Machine clients (the `app::clients` feature): the OAuth2 token endpoint (`token`), and
//! operators creating (`create`) and managing (`manage`) clients.

pub mod create;
pub mod manage;
pub mod token;

use domain::ClientId;

use crate::http::problem::ApiError;
use app::AppError;

pub(super) fn client_id(raw: &str) -> Result<ClientId, ApiError> {
    ClientId::parse(raw).ok_or(ApiError::App(AppError::NotFound))
}
