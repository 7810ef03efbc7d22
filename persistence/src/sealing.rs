//! The columns that hold sealed identity data, and the queries that seal and reseal them in
//! place: the service's first start after the migration that introduced sealing (values written
//! in clear before it), and `reseal-pins` after a key rotation. What is sealed and with which
//! key is the application's; here are only the rows.

use diesel::prelude::*;

use crate::schema::{identity_portraits as ip, pending_sealing};
use crate::{DbConn, Result, SealedBytes};

/// A column of sealed text. Its name is also what a sealed value is bound to (with its row's
/// id), so a value copied to another column or row does not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    OrderNumber,
    CheckDocumentNumber,
    CheckNumber,
    CheckMrz,
    EvidenceDocumentNumber,
    EvidenceNumber,
    AttemptRequiredNumber,
    /// A valid import row's values, until its order is placed.
    ImportRowPayload,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::OrderNumber,
        Column::CheckDocumentNumber,
        Column::CheckNumber,
        Column::CheckMrz,
        Column::EvidenceDocumentNumber,
        Column::EvidenceNumber,
        Column::AttemptRequiredNumber,
        Column::ImportRowPayload,
    ];

    /// `table.column`.
    pub fn name(self) -> &'static str {
        match self {
            Column::OrderNumber => "card_orders.personal_identity_number",
            Column::CheckDocumentNumber => "identity_checks.document_number",
            Column::CheckNumber => "identity_checks.personal_identity_number",
            Column::CheckMrz => "identity_checks.mrz",
            Column::EvidenceDocumentNumber => "identity_verifications.document_number",
            Column::EvidenceNumber => "identity_verifications.personal_identity_number",
            Column::AttemptRequiredNumber => "bankid_attempts.required_personal_number",
            Column::ImportRowPayload => "card_order_import_rows.payload",
        }
    }

    /// Whether the column has a blind index beside it (`personal_identity_number_index`).
    pub fn is_indexed(self) -> bool {
        matches!(self, Column::OrderNumber | Column::EvidenceNumber)
    }
}

/// Runs `$body` with `$t` the column's table module and `$c` the column.
macro_rules! on_column {
    ($column:expr, |$t:ident, $c:ident| $body:expr) => {
        match $column {
            Column::OrderNumber => {
                use crate::schema::card_orders as $t;
                let $c = $t::personal_identity_number;
                $body
            }
            Column::CheckDocumentNumber => {
                use crate::schema::identity_checks as $t;
                let $c = $t::document_number;
                $body
            }
            Column::CheckNumber => {
                use crate::schema::identity_checks as $t;
                let $c = $t::personal_identity_number;
                $body
            }
            Column::CheckMrz => {
                use crate::schema::identity_checks as $t;
                let $c = $t::mrz;
                $body
            }
            Column::EvidenceDocumentNumber => {
                use crate::schema::identity_verifications as $t;
                let $c = $t::document_number;
                $body
            }
            Column::EvidenceNumber => {
                use crate::schema::identity_verifications as $t;
                let $c = $t::personal_identity_number;
                $body
            }
            Column::AttemptRequiredNumber => {
                use crate::schema::bankid_attempts as $t;
                let $c = $t::required_personal_number;
                $body
            }
            Column::ImportRowPayload => {
                use crate::schema::card_order_import_rows as $t;
                let $c = $t::payload;
                $body
            }
        }
    };
}

/// Up to `limit` (row id, stored value) of the column, in id order after `after`, whose value
/// the key `key_id` did not seal; `None`: the values still in clear (a sealed value is
/// `key_id:…` and a clear one never holds a colon: numbers, document numbers, MRZ lines).
pub fn not_sealed_by(
    conn: &mut DbConn,
    column: Column,
    key_id: Option<&str>,
    after: &str,
    limit: i64,
) -> Result<Vec<(String, String)>> {
    let unlike = key_id.map_or_else(|| "%:%".to_owned(), |k| format!("{k}:%"));
    Ok(on_column!(column, |t, c| t::table
        .filter(c.nullable().is_not_null())
        .filter(c.nullable().assume_not_null().not_like(unlike))
        .filter(t::id.gt(after))
        .select((t::id, c.nullable().assume_not_null()))
        .order(t::id.asc())
        .limit(limit)
        .load(conn)?))
}

/// Replaces the value of row `id` if it is still `old` (a concurrent write wins); true if
/// replaced. `index`: the blind index to write beside it, for an indexed column.
pub fn replace(
    conn: &mut DbConn,
    column: Column,
    id: &str,
    old: &str,
    new: &str,
    index: Option<&str>,
) -> Result<bool> {
    let n = on_column!(column, |t, c| diesel::update(
        t::table.filter(t::id.eq(id)).filter(c.eq(old))
    )
    .set(c.eq(new))
    .execute(conn)?);
    if n == 1 {
        if let Some(index) = index {
            match column {
                Column::OrderNumber => {
                    use crate::schema::card_orders as t;
                    diesel::update(t::table.find(id))
                        .set(t::personal_identity_number_index.eq(index))
                        .execute(conn)?;
                }
                Column::EvidenceNumber => {
                    use crate::schema::identity_verifications as t;
                    diesel::update(t::table.find(id))
                        .set(t::personal_identity_number_index.eq(index))
                        .execute(conn)?;
                }
                _ => {}
            }
        }
    }
    Ok(n == 1)
}

/// A stored portrait: its check's id, its bytes, and the key that sealed them (`None`: in clear).
pub type StoredPortraitRow = (String, Vec<u8>, Option<String>);

/// Up to `limit` portraits (check id, bytes, key id) that `key_id` did not seal (`None`: those
/// moved in clear by the migration), oldest first.
pub fn portraits_not_sealed_by(
    conn: &mut DbConn,
    key_id: Option<&str>,
    after: &str,
    limit: i64,
) -> Result<Vec<StoredPortraitRow>> {
    let rows = match key_id {
        None => ip::table
            .filter(ip::check_id.gt(after))
            .filter(ip::key_id.is_null())
            .select((ip::check_id, ip::sealed, ip::key_id))
            .order(ip::check_id.asc())
            .limit(limit)
            .load(conn)?,
        Some(k) => ip::table
            .filter(ip::check_id.gt(after))
            .filter(ip::key_id.is_null().or(ip::key_id.ne(k)))
            .select((ip::check_id, ip::sealed, ip::key_id))
            .order(ip::check_id.asc())
            .limit(limit)
            .load(conn)?,
    };
    Ok(rows)
}

/// Replaces a portrait if its key is still `old_key`; true if replaced.
pub fn replace_portrait(
    conn: &mut DbConn,
    check_id: &str,
    old_key: Option<&str>,
    new: &SealedBytes,
) -> Result<bool> {
    let target = ip::table.filter(ip::check_id.eq(check_id));
    let set = (ip::sealed.eq(&new.bytes), ip::key_id.eq(&new.key_id));
    let n = match old_key {
        None => diesel::update(target.filter(ip::key_id.is_null()))
            .set(set)
            .execute(conn)?,
        Some(k) => diesel::update(target.filter(ip::key_id.eq(k)))
            .set(set)
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// Takes the pending step `step` (deletes its row): true for the one caller that got it.
pub fn take_pending(conn: &mut DbConn, step: &str) -> Result<bool> {
    let n = diesel::delete(pending_sealing::table.find(step)).execute(conn)?;
    Ok(n == 1)
}
