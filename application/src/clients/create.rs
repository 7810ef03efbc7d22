//! An operator creates a machine client (by API, or by the CLI): an identity verifier, a card
//! producer, or an integrator bound to one company.

use chrono::NaiveDateTime;
use domain::{ActorId, BoundedText, ClientId, ClientRole, CompanyId, Scopes};
use persistence::{api_clients, companies, ClientRow, DbConn, NewClient};

use crate::companies::access;
use crate::error::{AppError, AppResult, FieldError};
use crate::principal::Person;
use crate::security_events::{self, Event, Kind};
use crate::{ids, Context};

pub struct CreateClient {
    pub name: BoundedText,
    pub role: ClientRole,
    /// Required for integrators, refused for the others.
    pub company_id: Option<CompanyId>,
    /// Empty: every scope the role allows.
    pub scopes: Scopes,
}

/// A client and its secret, shown this once.
pub struct ClientCreated {
    pub client: ClientRow,
    pub secret: String,
}

/// `POST /v1/api-clients`: operators only.
pub fn create(
    conn: &mut DbConn,
    who: &Person,
    cmd: CreateClient,
    ctx: &Context,
) -> AppResult<ClientCreated> {
    access::require_operator(conn, who)?;
    create_client(conn, &who.account_id().clone().into(), cmd, ctx.now())
}

fn invalid(field: &str, code: &str, message: crate::texts::Text) -> AppError {
    AppError::validation(vec![FieldError::new(field, code, message)])
}

/// The client, in the caller's transaction (shared with the CLI).
pub fn create_client(
    conn: &mut DbConn,
    created_by: &ActorId,
    cmd: CreateClient,
    now: NaiveDateTime,
) -> AppResult<ClientCreated> {
    let scopes = if cmd.scopes.is_empty() {
        Scopes::from_list(cmd.role.allowed_scopes())
    } else {
        cmd.scopes
    };
    scopes
        .check_for(cmd.role)
        .map_err(|e| invalid("scopes", e.code, crate::texts::Text::of_invalid(&e)))?;
    match (&cmd.company_id, cmd.role.is_bound_to_company()) {
        (None, true) => {
            return Err(invalid(
                "company_id",
                "required",
                crate::texts::Text::new("field-company_id-required")
                    .with("role", cmd.role.as_str()),
            ))
        }
        (Some(_), false) => {
            return Err(invalid(
                "company_id",
                "not_allowed",
                crate::texts::Text::new("field-company_id-not_allowed")
                    .with("role", cmd.role.as_str()),
            ))
        }
        (Some(id), true) if companies::find(conn, id)?.is_none() => {
            return Err(invalid(
                "company_id",
                "unknown_company",
                crate::texts::Text::new("field-unknown_company"),
            ))
        }
        _ => {}
    }
    let id: ClientId = ids::new();
    let secret = super::new_secret();
    api_clients::insert(
        conn,
        &NewClient {
            id: &id,
            name: cmd.name.as_str(),
            role: cmd.role,
            company_id: cmd.company_id.as_ref(),
            scopes: &scopes.to_string(),
            secret_hash: &ids::hash_secret(&secret),
            created_by,
            now,
        },
    )?;
    let event = Event::new(Kind::ClientCreated)
        .client(&id)
        .detail(cmd.role.as_str());
    let event = match created_by.account() {
        Some(account) => event.account(account),
        None => event,
    };
    security_events::record(conn, event, now)?;
    tracing::info!(event = "client_created", client_id = %id, role = %cmd.role, "machine client created");
    let client = api_clients::find(conn, &id)?.ok_or(AppError::NotFound)?;
    Ok(ClientCreated { client, secret })
}
