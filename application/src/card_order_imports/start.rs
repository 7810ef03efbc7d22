//! Checking a prepared file against the company (the caller may order, the company has a
//! delivery address, no row repeats a person or email of an open order) and then either
//! reporting (a dry run) or storing the import for the job: its rows, their problems, and the
//! valid rows' values sealed until their orders are placed.

use domain::{
    CardOrderImportId, CompanyAction, CompanyId, ImportMode, ImportRowStatus, ImportStatus,
};
use persistence::card_order_imports::{self as imports, NewImport, NewImportRow};
use persistence::sealing::Column as Sealed;
use persistence::DbConn;

use super::check::{Problem, ValidRow};
use super::columns::Column;
use super::report::{Counts, Report, ReportRow, RowState};
use super::view::{self, Import};
use super::{Prepared, PreparedRow};
use crate::companies::access::{self, Acting};
use crate::error::{AppError, AppResult};
use crate::principal::Principal;
use crate::texts::Text;
use crate::{ids, Context, ProblemCode};

/// Whether the caller may import into the company (404 or 403 otherwise): asked before the
/// file is read, so only those who may order learn anything about it.
pub fn allowed(
    conn: &mut DbConn,
    who: &Principal,
    company: CompanyId,
    _: &Context,
) -> AppResult<()> {
    access::require(conn, who, &company, CompanyAction::Order).map(|_| ())
}

/// Only the report: nothing is stored or placed.
pub fn dry_run(
    conn: &mut DbConn,
    who: &Principal,
    p: Prepared,
    ctx: &Context,
) -> AppResult<Report> {
    let acting = access::require(conn, who, &p.company_id, CompanyAction::Order)?;
    let rows = against_open_orders(conn, ctx, &acting, &p)?;
    let report_rows = rows
        .iter()
        .map(|(row, outcome)| ReportRow {
            number: row.number,
            state: match outcome {
                Ok(_) => RowState::Valid,
                Err(_) => RowState::Stored(ImportRowStatus::Invalid),
            },
            order_id: None,
            problems: outcome.as_ref().err().cloned().unwrap_or_default(),
        })
        .collect::<Vec<_>>();
    Ok(Report {
        format: p.format,
        read_as_windows_1252: p.read_as_windows_1252,
        columns: columns_of(&p),
        unknown_columns: p.columns.unknown.clone(),
        counts: counts(&report_rows),
        rows: report_rows,
    })
}

/// Stores the import and queues it for the job; an import with nothing left to place (no valid
/// row, or `all_or_nothing` with an invalid one) ends at once.
pub fn start(conn: &mut DbConn, who: &Principal, p: Prepared, ctx: &Context) -> AppResult<Import> {
    let acting = access::require(conn, who, &p.company_id, CompanyAction::Order)?;
    let rows = against_open_orders(conn, ctx, &acting, &p)?;
    let id: CardOrderImportId = ids::new();
    let any_invalid = rows.iter().any(|(_, o)| o.is_err());
    let refused = any_invalid && p.mode == ImportMode::AllOrNothing;
    let mut stored = Vec::with_capacity(rows.len());
    for (row, outcome) in &rows {
        let row_id = format!("{}.{}", id.as_str(), row.number);
        let (status, problems, payload) = match outcome {
            Err(problems) => (ImportRowStatus::Invalid, problems.clone(), None),
            Ok(_) if refused => (ImportRowStatus::NotPlaced, Vec::new(), None),
            Ok(_) => {
                let values = serde_json::to_string(&row.input)
                    .map_err(|e| AppError::Internal(e.to_string()))?;
                let sealed = ctx
                    .vault()
                    .seal_in(Sealed::ImportRowPayload, &row_id, &values)?;
                (ImportRowStatus::Pending, Vec::new(), Some(sealed))
            }
        };
        stored.push(NewImportRow {
            id: row_id,
            row_number: i32::try_from(row.number).unwrap_or(i32::MAX),
            status,
            problems: problems_json(&problems)?,
            payload,
        });
    }
    let pending = stored.iter().any(|r| r.status == ImportRowStatus::Pending);
    let now = ctx.now();
    let status = match (refused, pending) {
        (true, _) => ImportStatus::Rejected,
        (false, true) => ImportStatus::Queued,
        (false, false) => ImportStatus::Completed,
    };
    let invalid = rows.iter().filter(|(_, o)| o.is_err()).count();
    let actor = acting.actor();
    let column_map =
        serde_json::to_string(&columns_of(&p)).map_err(|e| AppError::Internal(e.to_string()))?;
    let unknown =
        serde_json::to_string(&p.columns.unknown).map_err(|e| AppError::Internal(e.to_string()))?;
    imports::insert(
        conn,
        &NewImport {
            id: &id,
            company_id: &p.company_id,
            actor_kind: actor.kind,
            actor_id: &actor.id,
            mode: p.mode,
            format: p.format.as_str(),
            status,
            column_map: &column_map,
            unknown_columns: &unknown,
            read_as_windows_1252: p.read_as_windows_1252,
            language: p.language.as_str(),
            total_rows: count(rows.len()),
            valid_rows: count(rows.len() - invalid),
            invalid_rows: count(invalid),
            processed_rows: count(
                stored.len()
                    - stored
                        .iter()
                        .filter(|r| r.status == ImportRowStatus::Pending)
                        .count(),
            ),
            now,
            completed_at: (status != ImportStatus::Queued).then_some(now),
        },
        &stored,
    )?;
    if status == ImportStatus::Queued {
        ctx.mark_import_queued();
    } else {
        let row = imports::find(conn, &p.company_id, &id)?.ok_or(AppError::NotFound)?;
        crate::webhooks::emit_import_completed(conn, ctx, &row, now)?;
    }
    view::load(conn, &p.company_id, &id)
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The problems of a row as stored.
pub(super) fn problems_json(problems: &[Problem]) -> AppResult<String> {
    serde_json::to_string(problems).map_err(|e| AppError::Internal(e.to_string()))
}

fn columns_of(p: &Prepared) -> Vec<(Column, String)> {
    Column::ALL
        .into_iter()
        .filter_map(|c| p.columns.header(c).map(|h| (c, h.to_owned())))
        .collect()
}

fn counts(rows: &[ReportRow]) -> Counts {
    let n = |f: &dyn Fn(&ReportRow) -> bool| {
        u32::try_from(rows.iter().filter(|r| f(r)).count()).unwrap_or(u32::MAX)
    };
    Counts {
        rows: n(&|_| true),
        valid: n(&|r| r.problems.is_empty()),
        invalid: n(&|r| !r.problems.is_empty()),
        placed: 0,
        processed: 0,
    }
}

type Checked<'a> = (&'a PreparedRow, Result<ValidRow, Vec<Problem>>);

/// The rows with the company's checks added: its delivery address (orders go there) and its
/// open orders.
fn against_open_orders<'a>(
    conn: &mut DbConn,
    ctx: &Context,
    acting: &Acting,
    p: &'a Prepared,
) -> AppResult<Vec<Checked<'a>>> {
    require_delivery_address(acting)?;
    let outcomes = p.rows.iter().map(|r| r.outcome.clone()).collect();
    let checked = open_duplicates(conn, ctx, &p.company_id, outcomes)?;
    Ok(p.rows.iter().zip(checked).collect())
}

/// Each valid row checked against the company's open orders, in one query for all: a row
/// whose person (by the blind index of their number) or email already has one is a duplicate.
pub(super) fn open_duplicates(
    conn: &mut DbConn,
    ctx: &Context,
    company: &CompanyId,
    outcomes: Vec<Result<ValidRow, Vec<Problem>>>,
) -> AppResult<Vec<Result<ValidRow, Vec<Problem>>>> {
    // Each number's index once: an HMAC per row.
    let indexes: Vec<Option<String>> = outcomes
        .iter()
        .map(|o| {
            o.as_ref()
                .ok()
                .and_then(|v| v.person.personal_identity_number.as_ref())
                .map(|n| ctx.vault().index(n))
        })
        .collect();
    let emails: Vec<String> = outcomes
        .iter()
        .filter_map(|o| o.as_ref().ok())
        .map(|v| v.email.as_str().to_owned())
        .collect();
    let wanted: Vec<String> = indexes.iter().flatten().cloned().collect();
    let (open_indexes, open_emails) = imports::open_orders_with(conn, company, &wanted, &emails)?;
    Ok(outcomes
        .into_iter()
        .zip(indexes)
        .map(|(outcome, index)| {
            outcome.and_then(|v| {
                let mut problems = Vec::new();
                if index.is_some_and(|i| open_indexes.contains(&i)) {
                    problems.push(Problem::new(
                        Column::PersonalIdentityNumber,
                        "open_order_exists",
                    ));
                }
                if open_emails.contains(v.email.as_str()) {
                    problems.push(Problem::new(Column::Email, "open_order_exists"));
                }
                if problems.is_empty() {
                    Ok(v)
                } else {
                    Err(problems)
                }
            })
        })
        .collect())
}

/// Orders go to the company's delivery address: a company without one cannot import.
pub(super) fn require_delivery_address(acting: &Acting) -> AppResult<()> {
    if acting.company.delivery_address().is_some() {
        return Ok(());
    }
    Err(AppError::Unprocessable {
        code: ProblemCode::NoDeliveryAddress,
        detail: Text::new("import-no-delivery-address"),
        errors: Vec::new(),
    })
}
