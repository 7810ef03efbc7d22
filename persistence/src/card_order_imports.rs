//! Spreadsheet imports of card orders (`card_order_imports`) and their rows
//! (`card_order_import_rows`): written when a file is checked, claimed by the import job, which
//! places the valid rows' orders in batches, each batch's rows and counts in one transaction.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{
    ActorId, ActorKind, CardOrderImportId, CompanyId, ImportMode, ImportRowStatus, ImportStatus,
    OrderId, OrderStatus,
};

use crate::schema::card_order_import_rows as r;
use crate::schema::card_order_imports as i;
use crate::schema::card_orders as o;
use crate::{DbConn, Result, Sealed};

#[derive(Debug, Clone)]
pub struct NewImport<'a> {
    pub id: &'a CardOrderImportId,
    pub company_id: &'a CompanyId,
    pub actor_kind: ActorKind,
    pub actor_id: &'a ActorId,
    pub mode: ImportMode,
    pub format: &'a str,
    pub status: ImportStatus,
    /// JSON: each recognised column's field and header as the file wrote it.
    pub column_map: &'a str,
    /// JSON: the headers that named no column.
    pub unknown_columns: &'a str,
    pub read_as_windows_1252: bool,
    pub language: &'a str,
    pub total_rows: i32,
    pub valid_rows: i32,
    pub invalid_rows: i32,
    /// Rows already done: those without an order to place.
    pub processed_rows: i32,
    pub now: NaiveDateTime,
    /// Set for an import that ends as it is made (refused all or nothing).
    pub completed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewImportRow {
    pub id: String,
    pub row_number: i32,
    pub status: ImportRowStatus,
    /// JSON: the row's problems.
    pub problems: String,
    pub payload: Option<Sealed>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = i)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct ImportRow {
    #[diesel(deserialize_as = String)]
    pub id: CardOrderImportId,
    #[diesel(deserialize_as = String)]
    pub company_id: CompanyId,
    #[diesel(deserialize_as = String)]
    pub actor_kind: ActorKind,
    #[diesel(deserialize_as = String)]
    pub actor_id: ActorId,
    #[diesel(deserialize_as = String)]
    pub mode: ImportMode,
    pub format: String,
    #[diesel(deserialize_as = String)]
    pub status: ImportStatus,
    pub column_map: String,
    pub unknown_columns: String,
    pub read_as_windows_1252: bool,
    /// The uploader's language: its orders' (their cardholders are written to in it).
    #[diesel(deserialize_as = String)]
    pub language: domain::Language,
    pub total_rows: i32,
    pub valid_rows: i32,
    pub invalid_rows: i32,
    pub placed_rows: i32,
    pub processed_rows: i32,
    pub claimed_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = r)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct ImportRowRow {
    pub id: String,
    pub row_number: i32,
    #[diesel(deserialize_as = String)]
    pub status: ImportRowStatus,
    pub problems: String,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub order_id: Option<OrderId>,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub payload: Option<Sealed>,
}

pub fn insert(conn: &mut DbConn, n: &NewImport<'_>, rows: &[NewImportRow]) -> Result<()> {
    diesel::insert_into(i::table)
        .values((
            i::id.eq(n.id.as_str()),
            i::company_id.eq(n.company_id.as_str()),
            i::actor_kind.eq(n.actor_kind.as_str()),
            i::actor_id.eq(n.actor_id.as_str()),
            i::mode.eq(n.mode.as_str()),
            i::format.eq(n.format),
            i::status.eq(n.status.as_str()),
            i::column_map.eq(n.column_map),
            i::unknown_columns.eq(n.unknown_columns),
            i::read_as_windows_1252.eq(n.read_as_windows_1252),
            i::language.eq(n.language),
            i::total_rows.eq(n.total_rows),
            i::valid_rows.eq(n.valid_rows),
            i::invalid_rows.eq(n.invalid_rows),
            i::processed_rows.eq(n.processed_rows),
            i::created_at.eq(n.now),
            i::updated_at.eq(n.now),
            i::completed_at.eq(n.completed_at),
        ))
        .execute(conn)?;
    // Within SQLite's 32 766 bound parameters per statement.
    for chunk in rows.chunks(1000) {
        let values: Vec<_> = chunk
            .iter()
            .map(|row| {
                (
                    r::id.eq(row.id.as_str()),
                    r::import_id.eq(n.id.as_str()),
                    r::row_number.eq(row.row_number),
                    r::status.eq(row.status.as_str()),
                    r::problems.eq(row.problems.as_str()),
                    r::payload.eq(row.payload.as_ref().map(Sealed::stored)),
                )
            })
            .collect();
        on_backend!(conn, |c| diesel::insert_into(r::table)
            .values(values)
            .execute(c))?;
    }
    Ok(())
}

/// The company's import `id`.
pub fn find(
    conn: &mut DbConn,
    company: &CompanyId,
    id: &CardOrderImportId,
) -> Result<Option<ImportRow>> {
    Ok(i::table
        .find(id.as_str())
        .filter(i::company_id.eq(company.as_str()))
        .select(ImportRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every row of an import, in the file's order.
pub fn rows(conn: &mut DbConn, id: &CardOrderImportId) -> Result<Vec<ImportRowRow>> {
    Ok(r::table
        .filter(r::import_id.eq(id.as_str()))
        .order(r::row_number.asc())
        .select(ImportRowRow::as_select())
        .load(conn)?)
}

/// Up to `limit` imports waiting for the job (queued, or running with a lapsed claim), claimed
/// until `until`: each by one instance.
pub fn claim_due(
    conn: &mut DbConn,
    now: NaiveDateTime,
    until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<ImportRow>> {
    let waiting = [
        ImportStatus::Queued.as_str(),
        ImportStatus::Running.as_str(),
    ];
    let due: Vec<ImportRow> = i::table
        .filter(i::status.eq_any(waiting))
        .filter(i::claimed_until.is_null().or(i::claimed_until.lt(now)))
        .order(i::created_at.asc())
        .limit(limit)
        .select(ImportRow::as_select())
        .load(conn)?;
    let mut claimed = Vec::with_capacity(due.len());
    for import in due {
        let n = diesel::update(
            i::table
                .find(import.id.as_str())
                .filter(i::status.eq_any(waiting))
                .filter(i::claimed_until.is_null().or(i::claimed_until.lt(now))),
        )
        .set(i::claimed_until.eq(until))
        .execute(conn)?;
        if n == 1 {
            claimed.push(import);
        }
    }
    Ok(claimed)
}

/// Whether the import is still claimed by this job (its claim not lapsed and taken over).
pub fn still_claimed(
    conn: &mut DbConn,
    id: &CardOrderImportId,
    until: NaiveDateTime,
) -> Result<bool> {
    let n: i64 = i::table
        .find(id.as_str())
        .filter(i::claimed_until.eq(until))
        .count()
        .get_result(conn)?;
    Ok(n == 1)
}

/// Up to `limit` rows waiting for their order, in the file's order.
pub fn pending_rows(
    conn: &mut DbConn,
    id: &CardOrderImportId,
    limit: i64,
) -> Result<Vec<ImportRowRow>> {
    Ok(r::table
        .filter(r::import_id.eq(id.as_str()))
        .filter(r::status.eq(ImportRowStatus::Pending.as_str()))
        .order(r::row_number.asc())
        .limit(limit)
        .select(ImportRowRow::as_select())
        .load(conn)?)
}

/// A row's order was placed: the row keeps the order's id, its values are gone.
pub fn row_placed(conn: &mut DbConn, row_id: &str, order: &OrderId) -> Result<()> {
    diesel::update(r::table.find(row_id))
        .set((
            r::status.eq(ImportRowStatus::Placed.as_str()),
            r::order_id.eq(order.as_str()),
            r::payload.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// A row ends without an order (`Invalid` with its problems, or `NotPlaced`); its values are gone.
pub fn row_ended(
    conn: &mut DbConn,
    row_id: &str,
    status: ImportRowStatus,
    problems: &str,
) -> Result<()> {
    diesel::update(r::table.find(row_id))
        .set((
            r::status.eq(status.as_str()),
            r::problems.eq(problems),
            r::payload.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every row still pending becomes `NotPlaced`, its values gone.
pub fn pending_not_placed(conn: &mut DbConn, id: &CardOrderImportId) -> Result<usize> {
    Ok(diesel::update(
        r::table
            .filter(r::import_id.eq(id.as_str()))
            .filter(r::status.eq(ImportRowStatus::Pending.as_str())),
    )
    .set((
        r::status.eq(ImportRowStatus::NotPlaced.as_str()),
        r::payload.eq(None::<String>),
    ))
    .execute(conn)?)
}

/// The counts after a batch: `placed` more orders, `invalid` more invalid rows, `processed`
/// more rows done; the import is running, claimed until `until`.
pub fn progress(
    conn: &mut DbConn,
    id: &CardOrderImportId,
    placed: i32,
    invalid: i32,
    processed: i32,
    until: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::update(i::table.find(id.as_str()))
        .set((
            i::status.eq(ImportStatus::Running.as_str()),
            i::claimed_until.eq(until),
            i::placed_rows.eq(i::placed_rows + placed),
            i::invalid_rows.eq(i::invalid_rows + invalid),
            i::valid_rows.eq(i::valid_rows - invalid),
            i::processed_rows.eq(i::processed_rows + processed),
            i::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The import ends (`Completed` or `Rejected`); the claim is released.
pub fn end(
    conn: &mut DbConn,
    id: &CardOrderImportId,
    status: ImportStatus,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::update(i::table.find(id.as_str()))
        .set((
            i::status.eq(status.as_str()),
            i::claimed_until.eq(None::<NaiveDateTime>),
            i::completed_at.eq(now),
            i::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Of the given blind indexes of identity numbers and emails, those on an open (not final)
/// order of the company.
pub fn open_orders_with(
    conn: &mut DbConn,
    company: &CompanyId,
    indexes: &[String],
    emails: &[String],
) -> Result<(HashSet<String>, HashSet<String>)> {
    let open: Vec<&str> = OrderStatus::ALL
        .iter()
        .filter(|s| !s.is_final())
        .map(|s| s.as_str())
        .collect();
    let mut found_indexes = HashSet::new();
    for chunk in indexes.chunks(500) {
        let hits: Vec<Option<String>> = o::table
            .filter(o::company_id.eq(company.as_str()))
            .filter(o::status.eq_any(&open))
            .filter(o::personal_identity_number_index.eq_any(chunk))
            .select(o::personal_identity_number_index)
            .load(conn)?;
        found_indexes.extend(hits.into_iter().flatten());
    }
    let mut found_emails = HashSet::new();
    for chunk in emails.chunks(500) {
        let hits: Vec<String> = o::table
            .filter(o::company_id.eq(company.as_str()))
            .filter(o::status.eq_any(&open))
            .filter(o::cardholder_email.eq_any(chunk))
            .select(o::cardholder_email)
            .load(conn)?;
        found_emails.extend(hits);
    }
    Ok((found_indexes, found_emails))
}

/// Deletes up to `limit` imports that ended before `before`, with their rows.
pub fn delete_ended_before(conn: &mut DbConn, before: NaiveDateTime, limit: i64) -> Result<usize> {
    let ids: Vec<String> = i::table
        .filter(i::completed_at.lt(before))
        .select(i::id)
        .limit(limit)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::delete(r::table.filter(r::import_id.eq_any(&ids))).execute(conn)?;
    Ok(diesel::delete(i::table.filter(i::id.eq_any(&ids))).execute(conn)?)
}
