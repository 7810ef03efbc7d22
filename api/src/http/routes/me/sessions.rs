//! Your sessions: list where you are signed in, end any of them.

use actix_web::{delete, get, web, HttpResponse};
use domain::SessionId;

use crate::http::dto::security::{SessionList, SessionView};
use crate::http::extract::Bearer;
use crate::http::problem::ApiResult;
use crate::http::reply::no_store;
use app::me::sessions;
use app::principal::Person;
use app::{App, AppError};

/// List your sessions.
///
/// Every place you are signed in (not signed out, revoked, idle for 30 minutes or past the 12
/// hours a session lasts), most recently active first. `current` marks the one making this call.
#[utoipa::path(
    operation_id = "list_my_sessions",
    tag = "cardholder",
    security(("bearer" = [])),
    responses((status = 200, description = "Your live sessions.", body = SessionList)),
)]
#[get("/me/sessions")]
pub async fn list_sessions(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
) -> ApiResult<HttpResponse> {
    let list = app
        .read_as(credentials, (), |conn, who: &Person, cmd, clock| {
            sessions::list(conn, who, cmd, clock)
        })
        .await?;
    Ok(no_store(HttpResponse::Ok()).json(SessionList {
        data: list.iter().map(SessionView::from).collect(),
    }))
}

/// End a session.
///
/// Its access and refresh tokens stop working at once. Ending the current session signs you out.
#[utoipa::path(
    operation_id = "revoke_my_session",
    tag = "cardholder",
    security(("bearer" = [])),
    params(("session_id" = String, Path, description = "The session's id (`ses_...`).", max_length = 64, example = "ses_1f0c9a7b2d4e6f8091a2b3c4")),
    responses(
        (status = 204, description = "Ended."),
        (status = 404, description = "No such live session of yours."),
    ),
)]
#[delete("/me/sessions/{session_id}")]
pub async fn revoke_session(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    // The caller is checked before the id is read: a token that may not call this gets 401.
    app.write_as(
        credentials,
        path.into_inner(),
        |conn, who: &Person, raw, clock| {
            let id = SessionId::parse(&raw).ok_or(AppError::NotFound)?;
            sessions::revoke(conn, who, id, clock)
        },
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
