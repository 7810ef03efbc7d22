//! Machine clients. Only hashes of their secrets are stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{ActorId, ClientId, ClientRole, CompanyId};

use crate::schema::api_clients as c;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = c)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct ClientRow {
    #[diesel(deserialize_as = String)]
    pub id: ClientId,
    pub name: String,
    #[diesel(deserialize_as = String)]
    pub role: ClientRole,
    /// The company of an integrator.
    #[diesel(deserialize_as = crate::OptionalText)]
    pub company_id: Option<CompanyId>,
    /// Space-separated scope tokens (parsed by the caller with `domain::Scopes`).
    pub scopes: String,
    pub secret_hash: String,
    pub previous_secret_hash: Option<String>,
    pub previous_secret_expires_at: Option<NaiveDateTime>,
    /// The account that registered it, or the service (the command line).
    #[diesel(deserialize_as = String)]
    pub created_by: ActorId,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewClient<'a> {
    pub id: &'a ClientId,
    pub name: &'a str,
    pub role: ClientRole,
    pub company_id: Option<&'a CompanyId>,
    pub scopes: &'a str,
    pub secret_hash: &'a str,
    pub created_by: &'a ActorId,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, n: &NewClient<'_>) -> Result<()> {
    diesel::insert_into(c::table)
        .values((
            c::id.eq(n.id.as_str()),
            c::name.eq(n.name),
            c::role.eq(n.role.as_str()),
            c::company_id.eq(n.company_id.map(CompanyId::as_str)),
            c::scopes.eq(n.scopes),
            c::secret_hash.eq(n.secret_hash),
            c::created_by.eq(n.created_by.as_str()),
            c::created_at.eq(n.now),
            c::updated_at.eq(n.now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &ClientId) -> Result<Option<ClientRow>> {
    Ok(on_backend!(conn, |x| c::table
        .find(id.as_str())
        .select(ClientRow::as_select())
        .first(x)
        .optional())?)
}

/// Newest first, after the cursor `(created_at, id)`.
pub fn list(
    conn: &mut DbConn,
    cursor: Option<(NaiveDateTime, &str)>,
    limit: i64,
) -> Result<Vec<ClientRow>> {
    let mut q = c::table
        .select(ClientRow::as_select())
        .order((c::created_at.desc(), c::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some((at, id)) = cursor {
        // The plain bound first: with the OR alone the planner scans instead of seeking.
        q = q.filter(c::created_at.le(at)).filter(
            c::created_at
                .lt(at)
                .or(c::created_at.eq(at).and(c::id.lt(id))),
        );
    }
    Ok(q.load(conn)?)
}

/// A new secret; the current one keeps working until `grace_until`. False if the client is
/// revoked (or gone).
pub fn rotate_secret(
    conn: &mut DbConn,
    id: &ClientId,
    new_hash: &str,
    grace_until: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(c::table.find(id.as_str()).filter(c::revoked_at.is_null()))
        .set((
            c::previous_secret_hash.eq(c::secret_hash.nullable()),
            c::previous_secret_expires_at.eq(grace_until),
            c::secret_hash.eq(new_hash),
            c::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Revokes the client: its secrets and tokens stop working at once. False if it already was.
pub fn revoke(conn: &mut DbConn, id: &ClientId, now: NaiveDateTime) -> Result<bool> {
    let n = diesel::update(c::table.find(id.as_str()).filter(c::revoked_at.is_null()))
        .set((c::revoked_at.eq(now), c::updated_at.eq(now)))
        .execute(conn)?;
    Ok(n == 1)
}
