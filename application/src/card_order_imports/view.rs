//! An import as the company sees it: where it stands, its counts and its report (each row's
//! problems, or the order it placed). Seeing the company's orders is enough to read it.

use domain::{CardOrderImportId, CompanyAction, CompanyId};
use persistence::card_order_imports::{self as imports, ImportRow};
use persistence::DbConn;

use super::check::Problem;
use super::columns::Column;
use super::report::{Counts, Report, ReportRow, RowState};
use crate::companies::access;
use crate::error::{AppError, AppResult};
use crate::principal::Principal;
use crate::spreadsheet::Format;
use crate::Context;

/// Which import of which company.
#[derive(Debug, Clone)]
pub struct ImportRef {
    pub company_id: CompanyId,
    pub import_id: CardOrderImportId,
}

/// A stored import with its report.
#[derive(Debug, Clone)]
pub struct Import {
    pub row: ImportRow,
    pub report: Report,
}

pub fn get(conn: &mut DbConn, who: &Principal, r: ImportRef, _: &Context) -> AppResult<Import> {
    access::require(conn, who, &r.company_id, CompanyAction::View)?;
    load(conn, &r.company_id, &r.import_id)
}

/// The company's import `id` with its rows, or 404.
pub fn load(conn: &mut DbConn, company: &CompanyId, id: &CardOrderImportId) -> AppResult<Import> {
    let row = imports::find(conn, company, id)?.ok_or(AppError::NotFound)?;
    let rows = imports::rows(conn, id)?;
    let corrupt = |what: &str, e: serde_json::Error| AppError::corrupt(what, e);
    let report_rows = rows
        .into_iter()
        .map(|r| {
            let problems: Vec<Problem> =
                serde_json::from_str(&r.problems).map_err(|e| corrupt("import row problems", e))?;
            Ok(ReportRow {
                number: u32::try_from(r.row_number).unwrap_or_default(),
                state: RowState::Stored(r.status),
                order_id: r.order_id,
                problems,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Import {
        report: report_of(&row, report_rows)?,
        row,
    })
}

fn report_of(row: &ImportRow, rows: Vec<ReportRow>) -> AppResult<Report> {
    let columns: Vec<(Column, String)> = serde_json::from_str(&row.column_map)
        .map_err(|e| AppError::corrupt("import columns", e))?;
    let unknown_columns: Vec<String> = serde_json::from_str(&row.unknown_columns)
        .map_err(|e| AppError::corrupt("import unknown columns", e))?;
    let format = Format::parse(&row.format)
        .ok_or_else(|| AppError::corrupt("import format", &row.format))?;
    let n = |v: i32| u32::try_from(v).unwrap_or_default();
    Ok(Report {
        format,
        read_as_windows_1252: row.read_as_windows_1252,
        columns,
        unknown_columns,
        counts: Counts {
            rows: n(row.total_rows),
            valid: n(row.valid_rows),
            invalid: n(row.invalid_rows),
            placed: n(row.placed_rows),
            processed: n(row.processed_rows),
        },
        rows,
    })
}
