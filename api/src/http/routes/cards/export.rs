//! The company's cards as one spreadsheet, streamed.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;

use crate::http::dto::cards::CompanyCard;
use crate::http::dto::exports::{card_cells, CardExportQuery, CARD_COLUMNS};
use crate::http::export::{self, PAGE};
use crate::http::extract::Bearer;
use crate::http::language;
use crate::http::problem::ApiResult;
use crate::http::query::Query;
use crate::http::spreadsheet;
use app::cards::company::{self as cc, CardPage};
use app::companies::company_id;
use app::spreadsheet::write::Separator;
use app::App;

/// Download the company's cards.
///
/// Every card the list's filters select (state, holder's name), newest first, as CSV or XLSX
/// (by `format`, else `Accept`; CSV when either will do). Streamed: any number of cards in
/// bounded memory. Card numbers whole or masked as in the list (whole only for those who may act
/// on the cards); headers and state texts in the language of `Accept-Language`.
#[utoipa::path(
    operation_id = "export_company_cards",
    tag = "company cards",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        CardExportQuery,
    ),
    responses(
        (status = 200, description = "The cards, one row each.", content(
            (crate::http::dto::card_order_imports::SpreadsheetFile = "text/csv"),
            (crate::http::dto::card_order_imports::SpreadsheetFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "Invalid `status`, `name`, `format` or `separator`."),
        (status = 403, description = "Your role, or the client's scopes, do not allow seeing cards."),
        (status = 404, description = "No such company, or you are not a member."),
        (status = 406, description = "`Accept` allows neither CSV nor XLSX."),
    ),
)]
#[get("/companies/{company_id}/cards/export")]
pub async fn export_cards(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    query: Query<CardExportQuery>,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let q = query.into_inner();
    let format = spreadsheet::chosen(&req, q.format.map(|f| f.as_app()))?;
    let separator = q.separator.map_or(Separator::Comma, |s| s.as_app());
    let name = q
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| domain::search_key(&n.chars().take(100).collect::<String>()));
    let status = q.status.map(|s| s.as_domain());
    let lang = language::current();
    let command = move |after: Option<(NaiveDateTime, String)>| cc::ListCards {
        company_id: company.clone(),
        status,
        name: name.clone(),
        after,
        limit: PAGE,
    };
    // The first page answers for the caller: a refusal is a problem, not a broken file.
    let first: CardPage = app
        .read_as(credentials.clone(), command(None), cc::list)
        .await?;
    let rows = move |page: &CardPage| -> Vec<Vec<String>> {
        page.cards
            .iter()
            .map(|c| {
                card_cells(
                    &CompanyCard::of(c, page.full_numbers),
                    c.status.as_str(),
                    lang,
                )
            })
            .collect()
    };
    let first_rows = rows(&first);
    let mut after = cursor(&first);
    let handle = tokio::runtime::Handle::current();
    let next_page = move || {
        let Some(at) = after.take() else {
            return Ok(None);
        };
        let page =
            handle.block_on(app.read_as(credentials.clone(), command(Some(at)), cc::list))?;
        after = cursor(&page);
        Ok(Some(rows(&page)))
    };
    Ok(export::stream(
        format,
        separator,
        "cards",
        export::header(lang, "cards", &CARD_COLUMNS),
        first_rows,
        next_page,
    ))
}

/// Where the next page starts, if there is one.
fn cursor(page: &CardPage) -> Option<(NaiveDateTime, String)> {
    let last = page.cards.last().filter(|_| page.has_more)?;
    Some((last.created_at, last.id.as_str().to_owned()))
}
