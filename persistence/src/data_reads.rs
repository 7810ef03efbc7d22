//! The log of reads of a person's identity data by others (`identity_data_reads`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{AccountId, ActorKind, CompanyId, IdentityDataRead};

use crate::schema::identity_data_reads as r;
use crate::{DbConn, Result};

#[derive(Debug, Clone)]
pub struct NewRead<'a> {
    pub id: &'a str,
    pub subject_account_id: Option<&'a AccountId>,
    pub subject_email: Option<&'a str>,
    pub reader_kind: ActorKind,
    /// The reader's account or client id.
    pub reader_id: &'a str,
    pub company_id: Option<&'a CompanyId>,
    pub what: IdentityDataRead,
    pub object_id: &'a str,
    pub operation: &'a str,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = r)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct ReadRow {
    pub id: String,
    #[diesel(deserialize_as = String)]
    pub reader_kind: ActorKind,
    pub reader_id: String,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub company_id: Option<CompanyId>,
    #[diesel(deserialize_as = String)]
    pub what: IdentityDataRead,
    pub object_id: String,
    pub operation: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, n: &NewRead<'_>) -> Result<()> {
    diesel::insert_into(r::table)
        .values((
            r::id.eq(n.id),
            r::subject_account_id.eq(n.subject_account_id.map(AccountId::as_str)),
            r::subject_email.eq(n.subject_email),
            r::reader_kind.eq(n.reader_kind.as_str()),
            r::reader_id.eq(n.reader_id),
            r::company_id.eq(n.company_id.map(CompanyId::as_str)),
            r::what.eq(n.what.as_str()),
            r::object_id.eq(n.object_id),
            r::operation.eq(n.operation),
            r::created_at.eq(n.created_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Up to `limit` reads of the data of the person with `account` or `email`, newest first, after
/// `(created_at, id)`.
pub fn of_person(
    conn: &mut DbConn,
    account: &AccountId,
    email: &str,
    after: Option<&(NaiveDateTime, String)>,
    limit: i64,
) -> Result<Vec<ReadRow>> {
    // The same boxed query on either backend's own connection (see `on_backend`).
    macro_rules! page {
        ($c:ident) => {{
            let mut q = r::table
                .filter(
                    r::subject_account_id
                        .eq(account.as_str())
                        .or(r::subject_email.eq(email)),
                )
                .order((r::created_at.desc(), r::id.desc()))
                .select(ReadRow::as_select())
                .limit(limit)
                .into_boxed();
            if let Some((at, id)) = after {
                q = q.filter(r::created_at.le(*at)).filter(
                    r::created_at
                        .lt(*at)
                        .or(r::created_at.eq(*at).and(r::id.lt(id.as_str()))),
                );
            }
            q.load($c)
        }};
    }
    Ok(on_backend!(conn, |c| page!(c))?)
}

/// Deletes up to `limit` reads recorded before `before`; how many.
pub fn delete_before(conn: &mut DbConn, before: NaiveDateTime, limit: i64) -> Result<usize> {
    let ids: Vec<String> = r::table
        .filter(r::created_at.lt(before))
        .order(r::created_at.asc())
        .select(r::id)
        .limit(limit)
        .load(conn)?;
    Ok(diesel::delete(r::table.filter(r::id.eq_any(ids))).execute(conn)?)
}
