//! Ordering cards for a whole crew from a spreadsheet: upload a file (a dry run reports, a real
//! import is a job), follow the import, download its report, and get an empty template.

use actix_web::web::Payload;
use actix_web::{get, post, web, HttpRequest, HttpResponse};

use crate::http::dto::body::read_limited;
use crate::http::dto::card_order_imports::{
    CardOrderImport, FileQuery, ImportQuery, ImportReport, SpreadsheetFile,
};
use crate::http::extract::{idempotency_key, Bearer, IdempotencyKeyHeader};
use crate::http::language;
use crate::http::problem::ApiResult;
use crate::http::query::Query;
use crate::http::reply::{created, json_reply, no_store};
use crate::http::spreadsheet;
use app::card_order_imports::view::{self, ImportRef};
use app::card_order_imports::{self as imports, import_id, prepare, start, template, Upload};
use app::companies::company_id;
use app::App;

/// Import card orders from a spreadsheet.
///
/// The body is the file itself: CSV (`text/csv`: UTF-8 with or without a BOM, or the
/// Windows-1252 of Excel's plain "CSV" with Swedish settings; `;`, `,` or tab between fields)
/// or an XLSX workbook (its first sheet; formulas count by their values). At most 10 000 rows
/// and 8 MiB. The first row names the columns, in Swedish or English (see the template):
/// `Förnamn`/`Given names`, `Efternamn`/`Surname`, `Födelsedatum`/`Date of birth`,
/// `Personnummer`/`Personal identity number` (optional), `Nationalitet`/`Nationality`,
/// `E-post`/`Email`, `Mobil`/`Mobile`, `Giltig till`/`Valid until`, `Namn på kortet`/`Name on
/// card` (optional). Other columns are listed in the report and not read. Orders go to the
/// company's delivery address.
///
/// Every row is checked as one order would be, and against the rows before it and the
/// company's open orders; the report lists every row and every problem at once, its messages
/// in the language of `Accept-Language`. With `dry_run=true` that report is the answer and
/// nothing is stored. Otherwise the import is a job: `202` with its URL, where its progress,
/// counts and report are; its orders are placed as the cardholders are emailed, and
/// `card_order_import.completed` is sent when it ends. `mode=all_or_nothing` places nothing
/// unless every row is valid.
#[utoipa::path(
    operation_id = "import_card_orders",
    tag = "card order imports",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ImportQuery,
        IdempotencyKeyHeader,
    ),
    request_body(
        description = "The spreadsheet file.",
        content(
            (SpreadsheetFile = "text/csv"),
            (SpreadsheetFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ),
    ),
    responses(
        (status = 200, description = "A dry run: the report; nothing stored.", body = ImportReport),
        (status = 202, description = "Accepted: the import is queued (or ended at once: nothing to place). Follow `Location`.", body = CardOrderImport, headers(("Location" = String, description = "The import's URL."))),
        (status = 400, description = "Malformed headers or query."),
        (status = 403, description = "Your role (or the client's scopes) does not allow ordering."),
        (status = 404, description = "No such company, or you are not a member."),
        (status = 413, description = "The file is larger than 8 MiB."),
        (status = 415, description = "Neither `text/csv` nor the XLSX media type."),
        (status = 422, description = "The file cannot be read (not a spreadsheet or not the declared one, a damaged workbook, one that unpacks to too much, not UTF-8, no header row, more than 10 000 rows), the header row lacks a required column (each named), the company has no delivery address; or the idempotency key was used for another request."),
    ),
)]
#[post("/companies/{company_id}/card-order-imports")]
pub async fn upload(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    query: Query<ImportQuery>,
    payload: Payload,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    // Who may not import learns nothing from the file: the caller first, then the body.
    app.read_as(credentials.clone(), company.clone(), start::allowed)
        .await?;
    let format = spreadsheet::uploaded(&req)?;
    let body = read_limited(&req, payload, imports::MAX_BYTES).await?;
    let q = query.into_inner();
    let dry_run = q.dry_run.unwrap_or(false);
    let key = if dry_run {
        None
    } else {
        idempotency_key(&req, &body)?
    };
    let lang = language::current();
    let upload = Upload {
        company_id: company.clone(),
        format,
        bytes: body.to_vec(),
        mode: q
            .mode
            .map_or(domain::ImportMode::ValidRows, |m| m.as_domain()),
        language: lang,
    };
    let today = app.clock.now().date();
    let prepared = app::blocking(move || prepare(upload, today)).await?;
    if dry_run {
        let report = app.read_as(credentials, prepared, start::dry_run).await?;
        return Ok(no_store(HttpResponse::Ok()).json(ImportReport::of(&report, lang)));
    }
    let reply = app
        .write_as_idempotent(credentials, key, prepared, start::start, move |i| {
            json_reply(&CardOrderImport::of(i, lang), 202, None)
        })
        .await?;
    Ok(created(
        reply,
        &format!("/v1/companies/{}/card-order-imports", company.as_str()),
    ))
}

/// Download an empty import file.
///
/// Every column with its Swedish and English header and one example row: CSV (`;` between
/// fields, as Excel with Swedish settings reads it) or XLSX, by `format` or `Accept`.
#[utoipa::path(
    operation_id = "card_order_import_template",
    tag = "card order imports",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        FileQuery,
    ),
    responses(
        (status = 200, description = "The template.", content(
            (SpreadsheetFile = "text/csv"),
            (SpreadsheetFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "Invalid `format`."),
        (status = 403, description = "The client's scopes do not allow reading orders."),
        (status = 404, description = "No such company, or you are not a member."),
        (status = 406, description = "`Accept` allows neither CSV nor XLSX."),
    ),
)]
#[get("/companies/{company_id}/card-order-imports/template")]
pub async fn template_file(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<String>,
    query: Query<FileQuery>,
) -> ApiResult<HttpResponse> {
    let company = company_id(&path.into_inner())?;
    let format = spreadsheet::chosen(&req, query.format.map(|f| f.as_app()))?;
    let bytes = app
        .read_as(credentials, (company, format), template::for_company)
        .await?;
    Ok(spreadsheet::file(
        format,
        "card-order-import-template",
        bytes,
    ))
}

/// Read an import.
///
/// Where it stands, its counts (`processed` is the progress while `running`) and its report:
/// every row with the order it placed or its problems, messages in the language of
/// `Accept-Language`.
#[utoipa::path(
    operation_id = "get_card_order_import",
    tag = "card order imports",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("import_id" = String, Path, description = "The import's id (`imp_...`).", max_length = 64, example = "imp_5b1e0c2a9d8f7e6a5b4c3d2e"),
    ),
    responses(
        (status = 200, description = "The import.", body = CardOrderImport),
        (status = 403, description = "The client's scopes do not allow reading orders."),
        (status = 404, description = "No such import of the company, or you are not a member."),
    ),
)]
#[get("/companies/{company_id}/card-order-imports/{import_id}")]
pub async fn get_import(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    let r = import_ref(path.into_inner())?;
    let lang = language::current();
    let import = app.read_as(credentials, r, view::get).await?;
    Ok(no_store(HttpResponse::Ok()).json(CardOrderImport::of(&import, lang)))
}

/// Download an import's report.
///
/// One line per problem (a row without problems: one line): the row, its status, the order it
/// placed, the column, the code and the message, headers and messages in the language of
/// `Accept-Language`; CSV or XLSX by `format` or `Accept`.
#[utoipa::path(
    operation_id = "get_card_order_import_report",
    tag = "card order imports",
    security(("bearer" = [])),
    params(
        ("company_id" = String, Path, description = "The company's id (`cmp_...`).", max_length = 64, example = "cmp_de0000000000000000000001"),
        ("import_id" = String, Path, description = "The import's id (`imp_...`).", max_length = 64, example = "imp_5b1e0c2a9d8f7e6a5b4c3d2e"),
        FileQuery,
    ),
    responses(
        (status = 200, description = "The report.", content(
            (SpreadsheetFile = "text/csv"),
            (SpreadsheetFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "Invalid `format`."),
        (status = 403, description = "The client's scopes do not allow reading orders."),
        (status = 404, description = "No such import of the company, or you are not a member."),
        (status = 406, description = "`Accept` allows neither CSV nor XLSX."),
    ),
)]
#[get("/companies/{company_id}/card-order-imports/{import_id}/report")]
pub async fn report_file(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: Query<FileQuery>,
) -> ApiResult<HttpResponse> {
    let r = import_ref(path.into_inner())?;
    let format = spreadsheet::chosen(&req, query.format.map(|f| f.as_app()))?;
    let lang = language::current();
    let import = app.read_as(credentials, r, view::get).await?;
    let bytes = app::blocking(move || {
        import
            .report
            .file(format, lang)
            .map_err(|e| app::AppError::Internal(format!("report: {e}")))
    })
    .await?;
    Ok(spreadsheet::file(format, "card-order-import-report", bytes))
}

fn import_ref(path: (String, String)) -> ApiResult<ImportRef> {
    Ok(ImportRef {
        company_id: company_id(&path.0)?,
        import_id: import_id(&path.1)?,
    })
}
