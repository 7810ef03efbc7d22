//! Identity data at rest, in bulk: sealing what was stored in clear before sealing existed
//! (once, at the first start after that migration) and sealing everything again under the
//! current key after a rotation (`reseal-pins`). Each value is sealed to its column and row
//! (`Vault::seal_in`); personal identity numbers get their blind index on the way.

use persistence::sealing::{self, Column};
use persistence::{Db, DbConn};

use crate::error::{AppError, AppResult};
use crate::vault::Vault;

/// The pending step the migration `sealed_identity_data` leaves.
const IDENTITY_DATA: &str = "identity_data";

const BATCH: i64 = 500;

/// What was sealed: values of text columns, and portraits.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sealed {
    pub values: usize,
    pub portraits: usize,
}

/// Seals the identity data stored in clear before the migration that introduced sealing, if
/// that is still pending: one transaction, so a crash leaves it pending and nothing half done,
/// and one instance does it (the step's row is taken first; the others find it gone). Run
/// right after the migrations, before serving.
pub fn seal_pending(db: &Db, vault: &Vault) -> AppResult<Sealed> {
    db.write(|conn| {
        if !sealing::take_pending(conn, IDENTITY_DATA)? {
            return Ok(Sealed::default());
        }
        let mut done = Sealed::default();
        for column in Column::ALL {
            done.values += seal_column(conn, vault, column, None)?;
        }
        done.portraits = seal_portraits(conn, vault, None)?;
        if done != Sealed::default() {
            tracing::info!(
                values = done.values,
                portraits = done.portraits,
                "sealed identity data stored in clear"
            );
        }
        Ok(done)
    })
}

/// Seals every identity value and portrait that another key sealed again under the current
/// key, one batch per transaction; safe while instances serve (a value is replaced only if it is
/// still the one read).
pub fn reseal(db: &Db, vault: &Vault) -> AppResult<Sealed> {
    let key = vault.sealing_key_id().to_owned();
    let mut done = Sealed::default();
    for column in Column::ALL {
        let mut after = String::new();
        while let Some((n, last)) =
            db.write(|conn| seal_column_batch(conn, vault, column, Some(&key), &after))?
        {
            done.values += n;
            after = last;
        }
    }
    let mut after = String::new();
    while let Some((n, last)) =
        db.write(|conn| seal_portrait_batch(conn, vault, Some(&key), &after))?
    {
        done.portraits += n;
        after = last;
    }
    Ok(done)
}

fn seal_column(
    conn: &mut DbConn,
    vault: &Vault,
    column: Column,
    key: Option<&str>,
) -> AppResult<usize> {
    let (mut total, mut after) = (0, String::new());
    while let Some((n, last)) = seal_column_batch(conn, vault, column, key, &after)? {
        total += n;
        after = last;
    }
    Ok(total)
}

/// The batch after row `after` of `column`'s values not sealed by `key` (`None`: in clear),
/// sealed under the current key: how many were, and the batch's last row; `None` when there
/// are no more.
fn seal_column_batch(
    conn: &mut DbConn,
    vault: &Vault,
    column: Column,
    key: Option<&str>,
    after: &str,
) -> AppResult<Option<(usize, String)>> {
    let rows = sealing::not_sealed_by(conn, column, key, after, BATCH)?;
    let Some(last) = rows.last().map(|(id, _)| id.clone()) else {
        return Ok(None);
    };
    let mut n = 0;
    for (id, stored) in &rows {
        let clear = match key {
            None => stored.clone(),
            Some(_) => {
                let sealed = persistence::Sealed::try_from(stored.clone())
                    .map_err(|e| AppError::corrupt(column.name(), e))?;
                vault.open_in(column, id, &sealed)?
            }
        };
        let fresh = vault.seal_in(column, id, &clear)?;
        let index = column.is_indexed().then(|| vault.index_digits(&clear));
        if sealing::replace(conn, column, id, stored, &fresh.stored(), index.as_deref())? {
            n += 1;
        }
    }
    Ok(Some((n, last)))
}

fn seal_portraits(conn: &mut DbConn, vault: &Vault, key: Option<&str>) -> AppResult<usize> {
    let (mut total, mut after) = (0, String::new());
    while let Some((n, last)) = seal_portrait_batch(conn, vault, key, &after)? {
        total += n;
        after = last;
    }
    Ok(total)
}

fn seal_portrait_batch(
    conn: &mut DbConn,
    vault: &Vault,
    key: Option<&str>,
    after: &str,
) -> AppResult<Option<(usize, String)>> {
    let rows = sealing::portraits_not_sealed_by(conn, key, after, BATCH)?;
    let Some(last) = rows.last().map(|(id, _, _)| id.clone()) else {
        return Ok(None);
    };
    let mut n = 0;
    for (check_id, bytes, old_key) in rows {
        let clear = match &old_key {
            None => bytes,
            Some(k) => vault.open_portrait(
                &check_id,
                &persistence::SealedBytes {
                    bytes,
                    key_id: k.clone(),
                },
            )?,
        };
        let fresh = vault.seal_portrait(&check_id, &clear)?;
        if sealing::replace_portrait(conn, &check_id, old_key.as_deref(), &fresh)? {
            n += 1;
        }
    }
    Ok(Some((n, last)))
}
