//! The company's card orders as one spreadsheet, streamed.

use actix_web::{get, web, HttpRequest, HttpResponse};
use persistence::OrderCursor;

use crate::http::dto::company_orders::CompanyCardOrderSummary;
use crate::http::dto::exports::{order_cells, OrderExportQuery, ORDER_COLUMNS};
use crate::http::export::{self, PAGE};
use crate::http::extract::Bearer;
use crate::http::language;
use crate::http::problem::ApiResult;
use crate::http::query::Query;
use crate::http::spreadsheet;
use app::companies::company_id;
use app::company_orders::list::{self, ListOrders, ListedOrder, OrderPage};
use app::spreadsheet::write::Separator;
use app::App;

/// Download the company's card orders.
///
/// Every order the list's filters select (status, creation time, name), newest first, as CSV
/// or XLSX (by `format`, else `Accept`; CSV when either will do). Streamed: any number of orders
/// in bounded memory. Identity numbers are masked as in the list; headers and status texts are
/// in the language of `Accept-Language`; a cell a spreadsheet would run as a formula is
/// prefixed with `'`.
#[utoipa::path(
    operation_id = "export_company_card_orders",
    tag = "company card orders",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        OrderExportQuery,
    ),
    responses(
        (status = 200, description = "The orders, one row each.", content(
            (crate::http::dto::card_order_imports::SpreadsheetFile = "text/csv"),
            (crate::http::dto::card_order_imports::SpreadsheetFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "Invalid `status`, time, `name`, `format` or `separator`."),
        (status = 403, description = "The client's scopes do not allow reading orders."),
        (status = 404, description = "No such company, or you are not a member."),
        (status = 406, description = "`Accept` allows neither CSV nor XLSX."),
    ),
)]
#[get("/companies/{company_id}/card-orders/export")]
pub async fn export_orders(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    query: Query<OrderExportQuery>,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let q = query.into_inner();
    let format = spreadsheet::chosen(&req, q.format.map(|f| f.as_app()))?;
    let separator = q.separator.map_or(Separator::Comma, |s| s.as_app());
    let filter = super::order_filter(
        q.status,
        q.created_from,
        q.created_before,
        q.name.as_deref(),
    )?;
    let lang = language::current();
    let command = move |after: Option<OrderCursor>| ListOrders {
        company_id: company.clone(),
        filter: filter.clone(),
        after,
        limit: PAGE,
    };
    // The first page answers for the caller: a refusal is a problem, not a broken file.
    let first: OrderPage = app
        .read_as(credentials.clone(), command(None), list::list)
        .await?;
    let rows = move |orders: &[ListedOrder]| -> Vec<Vec<String>> {
        orders
            .iter()
            .map(|l| {
                order_cells(
                    &CompanyCardOrderSummary::from(l),
                    l.order.status.as_str(),
                    lang,
                )
            })
            .collect()
    };
    let first_rows = rows(&first.orders);
    let mut after = cursor(first.has_more, &first.orders);
    let handle = tokio::runtime::Handle::current();
    let next_page = move || {
        let Some(at) = after.take() else {
            return Ok(None);
        };
        let page =
            handle.block_on(app.read_as(credentials.clone(), command(Some(at)), list::list))?;
        after = cursor(page.has_more, &page.orders);
        Ok(Some(rows(&page.orders)))
    };
    Ok(export::stream(
        format,
        separator,
        "card-orders",
        export::header(lang, "orders", &ORDER_COLUMNS),
        first_rows,
        next_page,
    ))
}

/// Where the next page starts, if there is one.
fn cursor(has_more: bool, orders: &[ListedOrder]) -> Option<OrderCursor> {
    let last = orders.last().filter(|_| has_more)?;
    Some(OrderCursor {
        created_at: last.order.created_at,
        id: last.order.id.clone(),
    })
}
