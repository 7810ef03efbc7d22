//! Your personal data: a copy of everything held about you, your portraits, and who looked at
//! your identity data.

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};

use crate::http::cursor;
use crate::http::dto::data_access::{DataAccess, DataAccessPage, DataAccessQuery};
use crate::http::dto::personal_data::PersonalData;
use crate::http::dto::production::PortraitImage;
use crate::http::extract::Bearer;
use crate::http::problem::ApiResult;
use crate::http::query::Query;
use crate::http::reply::no_store;
use app::data_access::{self, ListReads};
use app::me::personal_data;
use app::principal::{MultiFactor, Person};
use app::App;

/// Get a copy of your personal data.
///
/// Everything the service holds about you (GDPR Art. 15 and 20), as JSON: your account and
/// contact details, your verified identities and the document checks behind them (each portrait
/// at its `portrait_url`), your card orders and cards with their trails, the companies you act
/// for, your sessions, the security log about you, and why each is kept and for how long. Needs
/// the SMS second factor; at most 5 copies per 15 minutes (429 with `Retry-After` after that);
/// each copy is recorded in the security log.
#[utoipa::path(
    operation_id = "get_personal_data",
    tag = "personal data",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Your personal data.", body = PersonalData),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Signed in without the SMS second factor."),
        (status = 429, description = "Too many copies asked for: see `Retry-After`."),
    ),
)]
#[get("/me/personal-data")]
pub async fn get_personal_data(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
) -> ApiResult<HttpResponse> {
    let export = app
        .write_as(credentials, (), |conn, who: &MultiFactor, (), ctx| {
            personal_data::export(conn, who, (), ctx)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "inline; filename=\"personal-data.json\"",
        ))
        .json(PersonalData::from(&export)))
}

/// Get a portrait of yours.
///
/// The photo taken with one of your identity documents (JPEG or PNG), as linked from your copy
/// of your personal data. 404 for a check that is not yours, and once the portrait is no longer
/// held (it goes after your card was delivered).
#[utoipa::path(
    operation_id = "get_personal_data_portrait",
    tag = "personal data",
    security(("bearer" = [])),
    params(("check_id" = String, Path, description = "The document check's id (`idc_...`).", max_length = 64)),
    responses(
        (status = 200, description = "The portrait.", content((PortraitImage = "image/jpeg"), (PortraitImage = "image/png"))),
        (status = 401, description = "No valid access token."),
        (status = 403, description = "Signed in without the SMS second factor."),
        (status = 404, description = "No such check of yours, or its portrait is no longer held."),
    ),
)]
#[get("/me/personal-data/portraits/{check_id}")]
pub async fn get_personal_data_portrait(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let p = app
        .read_as(credentials, path.into_inner(), personal_data::portrait)
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(p.media_type.as_str())
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(p.bytes))
}

/// List who looked at your identity data.
///
/// Every time someone other than you read your identity data — a company member or HR system
/// opening an order's identity check, the card producer downloading your portrait, the identity
/// verifier reading a check back, an operator reading the security log about you — with who,
/// for which company, what, through which operation and when. Newest first, a page at a time.
#[utoipa::path(
    operation_id = "list_data_access",
    tag = "personal data",
    security(("bearer" = [])),
    params(DataAccessQuery),
    responses(
        (status = 200, description = "A page of reads.", body = DataAccessPage),
        (status = 400, description = "Invalid `limit` or `cursor`."),
        (status = 401, description = "No valid access token."),
    ),
)]
#[get("/me/data-access")]
pub async fn list_data_access(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    query: Query<DataAccessQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let command = ListReads {
        limit: cursor::page_limit(q.limit)?,
        after: q
            .cursor
            .as_deref()
            .map(|c| cursor::decode_as(c, "dar"))
            .transpose()?,
    };
    let page = app
        .read_as(credentials, command, |conn, who: &Person, cmd, ctx| {
            data_access::list(conn, who, cmd, ctx)
        })
        .await?;
    let last = page
        .reads
        .last()
        .map(|r| (r.row.created_at, r.row.id.as_str()));
    Ok(no_store(HttpResponse::Ok()).json(DataAccessPage {
        data: page.reads.iter().map(DataAccess::from).collect(),
        next_cursor: cursor::next(page.has_more, last),
        has_more: page.has_more,
    }))
}
