//! The import job, on every instance: claims queued imports (each by one instance, the claim
//! renewed with every batch) and places their valid rows' orders. Each row is checked again
//! first — the day, and the company's open orders, may have changed since the upload — and
//! placed as the uploader, whose right to order is checked again too. `valid_rows` places a
//! batch of rows per transaction, with the rows' outcomes and the counts, so a crash loses or
//! repeats nothing; `all_or_nothing` checks every row, then places all in one transaction or
//! none. The end of an import is the webhook event `card_order_import.completed`.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use domain::{CompanyAction, ImportMode, ImportRowStatus, ImportStatus};
use persistence::card_order_imports::{self as imports, ImportRow, ImportRowRow};
use persistence::sealing::Column as Sealed;
use persistence::{Db, DbConn};
use tokio::sync::Notify;

use super::check::{self, Problem, RowInput, ValidRow};
use super::start::{open_duplicates, problems_json};
use crate::companies::access::{self, Acting};
use crate::company_orders::place::{place_for, PlaceOrder};
use crate::error::{AppError, AppResult};
use crate::stopping::Stopping;
use crate::{blocking, Clock, Context, Services};

/// Rows placed per transaction.
const BATCH: i64 = 100;
/// A claim outlives a batch with room to spare; renewed with each.
const CLAIM: TimeDelta = TimeDelta::seconds(60);

#[derive(Clone)]
pub struct Importer {
    pub db: Db,
    pub clock: Clock,
    pub services: Arc<Services>,
}

pub async fn run(importer: Importer, bell: Arc<Notify>, stopping: Stopping) {
    while !stopping.is_set() {
        let me = importer.clone();
        let stop = stopping.clone();
        match blocking(move || me.round(&stop)).await {
            Ok(0) => {}
            Ok(_) => continue,
            Err(e) => tracing::warn!(error = %e, "import job: round failed"),
        }
        tokio::select! {
            _ = tokio::time::timeout(Duration::from_secs(2), bell.notified()) => {}
            _ = stopping.sleep(Duration::from_secs(2)) => {}
        }
    }
}

impl Importer {
    /// Claims due imports and works each to its end (or until stopping); how many were claimed.
    pub fn round(&self, stopping: &Stopping) -> AppResult<usize> {
        let now = self.clock.now();
        let until = now + CLAIM;
        let claimed = self
            .db
            .write(|conn| imports::claim_due(conn, now, until, 4))?;
        let n = claimed.len();
        for import in claimed {
            let id = import.id.clone();
            if let Err(e) = self.work(import, until, stopping) {
                // The claim lapses and a later round goes on where this one stopped.
                tracing::warn!(error = %e, import_id = %id, "import not finished");
            }
        }
        Ok(n)
    }

    fn work(
        &self,
        import: ImportRow,
        mut until: NaiveDateTime,
        stopping: &Stopping,
    ) -> AppResult<()> {
        loop {
            let ctx = Context::new(self.clock.clone(), Arc::clone(&self.services));
            let step = ctx.write(&self.db, |conn, ctx| match import.mode {
                ImportMode::ValidRows => batch(conn, ctx, &import, until),
                ImportMode::AllOrNothing => all_or_nothing(conn, ctx, &import, until),
            })?;
            match step {
                Step::More(next) => until = next,
                Step::Ended | Step::Lost => return Ok(()),
            }
            if stopping.is_set() {
                return Ok(());
            }
        }
    }
}

enum Step {
    /// Rows are left; the claim now lasts until then.
    More(NaiveDateTime),
    Ended,
    /// Another instance took the import over (this one's claim lapsed).
    Lost,
}

/// The next pending rows of an import, each checked again, and the uploader acting again
/// (`None` when they may no longer order).
struct Pending {
    rows: Vec<ImportRowRow>,
    acting: Option<Acting>,
    checked: Vec<Result<ValidRow, Vec<Problem>>>,
}

/// Up to `limit` pending rows; `None` when another instance took the import over.
fn next_rows(
    conn: &mut DbConn,
    ctx: &Context,
    import: &ImportRow,
    until: NaiveDateTime,
    limit: i64,
) -> AppResult<Option<Pending>> {
    if !imports::still_claimed(conn, &import.id, until)? {
        return Ok(None);
    }
    let rows = imports::pending_rows(conn, &import.id, limit)?;
    let acting = access::again(
        conn,
        &import.company_id,
        import.actor_kind,
        &import.actor_id,
        CompanyAction::Order,
    )?;
    let checked = recheck(conn, ctx, import, &rows, acting.as_ref())?;
    Ok(Some(Pending {
        rows,
        acting,
        checked,
    }))
}

/// A row ends without an order, with its problems.
fn without_order(
    conn: &mut DbConn,
    row: &ImportRowRow,
    status: ImportRowStatus,
    problems: &[Problem],
) -> AppResult<()> {
    Ok(imports::row_ended(
        conn,
        &row.id,
        status,
        &problems_json(problems)?,
    )?)
}

/// One batch of a `valid_rows` import: each row placed, or invalid with its problems.
fn batch(
    conn: &mut DbConn,
    ctx: &Context,
    import: &ImportRow,
    until: NaiveDateTime,
) -> AppResult<Step> {
    let now = ctx.now();
    let Some(p) = next_rows(conn, ctx, import, until, BATCH)? else {
        return Ok(Step::Lost);
    };
    if p.rows.is_empty() {
        end(conn, ctx, import, ImportStatus::Completed, now)?;
        return Ok(Step::Ended);
    }
    let (mut placed, mut invalid) = (0, 0);
    for (row, outcome) in p.rows.iter().zip(p.checked) {
        match (outcome, &p.acting) {
            (Ok(valid), Some(acting)) => {
                let order = place_for(conn, acting, &command(import, valid), ctx)?;
                imports::row_placed(conn, &row.id, &order)?;
                placed += 1;
            }
            (Err(problems), _) => {
                without_order(conn, row, ImportRowStatus::Invalid, &problems)?;
                invalid += 1;
            }
            (Ok(_), None) => {
                let lost = [Problem::of_row("access_lost")];
                without_order(conn, row, ImportRowStatus::NotPlaced, &lost)?;
            }
        }
    }
    let next = now + CLAIM;
    let n = i32::try_from(p.rows.len()).unwrap_or(i32::MAX);
    imports::progress(conn, &import.id, placed, invalid, n, next, now)?;
    Ok(Step::More(next))
}

/// An `all_or_nothing` import: every row checked again; all placed in this transaction, or,
/// if one fails, none (the failing rows invalid, the others not placed).
fn all_or_nothing(
    conn: &mut DbConn,
    ctx: &Context,
    import: &ImportRow,
    until: NaiveDateTime,
) -> AppResult<Step> {
    let now = ctx.now();
    let Some(p) = next_rows(conn, ctx, import, until, i64::MAX)? else {
        return Ok(Step::Lost);
    };
    let n = i32::try_from(p.rows.len()).unwrap_or(i32::MAX);
    let all_valid = p.checked.iter().all(Result::is_ok);
    match p.acting {
        Some(acting) if all_valid => {
            for (row, outcome) in p.rows.iter().zip(p.checked) {
                let valid = outcome.map_err(|_| AppError::Internal("checked row".into()))?;
                let order = place_for(conn, &acting, &command(import, valid), ctx)?;
                imports::row_placed(conn, &row.id, &order)?;
            }
            imports::progress(conn, &import.id, n, 0, n, until, now)?;
            end(conn, ctx, import, ImportStatus::Completed, now)?;
        }
        acting => {
            let mut invalid = 0;
            for (row, outcome) in p.rows.iter().zip(p.checked) {
                match outcome {
                    Err(problems) => {
                        invalid += 1;
                        without_order(conn, row, ImportRowStatus::Invalid, &problems)?;
                    }
                    Ok(_) if acting.is_none() => {
                        let lost = [Problem::of_row("access_lost")];
                        without_order(conn, row, ImportRowStatus::NotPlaced, &lost)?;
                    }
                    Ok(_) => without_order(conn, row, ImportRowStatus::NotPlaced, &[])?,
                }
            }
            imports::progress(conn, &import.id, 0, invalid, n, until, now)?;
            end(conn, ctx, import, ImportStatus::Rejected, now)?;
        }
    }
    Ok(Step::Ended)
}

/// The rows checked again, as of today and the company's open orders now.
fn recheck(
    conn: &mut DbConn,
    ctx: &Context,
    import: &ImportRow,
    rows: &[ImportRowRow],
    acting: Option<&Acting>,
) -> AppResult<Vec<Result<ValidRow, Vec<Problem>>>> {
    let today = ctx.today();
    let mut checked = Vec::with_capacity(rows.len());
    for row in rows {
        let sealed = row
            .payload
            .as_ref()
            .ok_or_else(|| AppError::corrupt("import row", "a pending row without its values"))?;
        let values = ctx
            .vault()
            .open_in(Sealed::ImportRowPayload, &row.id, sealed)?;
        let input: RowInput =
            serde_json::from_str(&values).map_err(|e| AppError::corrupt("import row", e))?;
        checked.push(check::row(&input, today));
    }
    let valid_by_itself: Vec<bool> = checked.iter().map(Result::is_ok).collect();
    let checked = open_duplicates(conn, ctx, &import.company_id, checked)?;
    // The company's delivery address may have gone since the upload: no row valid by itself
    // can be placed.
    if acting.is_none_or(|a| a.company.delivery_address().is_some()) {
        return Ok(checked);
    }
    let no_address = || Problem::of_row("no_delivery_address");
    Ok(checked
        .into_iter()
        .zip(valid_by_itself)
        .map(|(c, valid)| match c {
            Ok(_) => Err(vec![no_address()]),
            Err(mut problems) if valid => {
                problems.push(no_address());
                Err(problems)
            }
            invalid => invalid,
        })
        .collect())
}

fn command(import: &ImportRow, v: ValidRow) -> PlaceOrder {
    PlaceOrder {
        company_id: import.company_id.clone(),
        person: v.person,
        cardholder_email: v.email,
        cardholder_phone: v.phone,
        valid_until: v.valid_until,
        delivery_address: None,
        language: import.language,
    }
}

/// The import ends, and the company hears of it.
fn end(
    conn: &mut DbConn,
    ctx: &Context,
    import: &ImportRow,
    status: ImportStatus,
    now: NaiveDateTime,
) -> AppResult<()> {
    imports::end(conn, &import.id, status, now)?;
    let ended = imports::find(conn, &import.company_id, &import.id)?.ok_or(AppError::NotFound)?;
    crate::webhooks::emit_import_completed(conn, ctx, &ended, now)
}
