//! The token endpoint's use case (RFC 6749 §4.4): a client's id and secret for a short-lived
//! access token with the scopes it asks for (all of its scopes when it names none). Failures
//! are counted per client address and per client id.

use domain::{ClientId, Scopes};
use persistence::api_clients;
use subtle::ConstantTimeEq;

use super::scopes_of;
use crate::auth::throttle::{self, Limit};
use crate::auth::token::{ClientGrant, CLIENT_TTL_SECS};
use crate::error::AppError;
use crate::security_events::{self, Event, Kind};
use crate::{ids, App};

/// Failed client authentications per address, and per client id, per window.
const FAILURES_PER_ADDRESS: i32 = 50;
const FAILURES_PER_CLIENT: i32 = 20;

pub struct TokenRequest {
    pub client_id: String,
    pub client_secret: String,
    /// As sent (`scope`), space-separated; `None`: every scope of the client.
    pub scope: Option<String>,
    pub client_address: domain::ClientAddress,
}

pub struct IssuedToken {
    pub access_token: String,
    pub expires_in: i64,
    pub scope: Scopes,
}

/// Why no token was issued (RFC 6749 §5.2 error codes).
#[derive(Debug)]
pub enum TokenError {
    /// Unknown client, wrong secret, or a revoked client (the same answer for all three).
    InvalidClient,
    /// A scope that does not exist, or that the client does not hold.
    InvalidScope(String),
    /// Too many failures from this address or for this client.
    RateLimited {
        retry_after_secs: u64,
    },
    Other(AppError),
}

impl From<AppError> for TokenError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::RateLimited { retry_after_secs } => {
                TokenError::RateLimited { retry_after_secs }
            }
            other => TokenError::Other(other),
        }
    }
}

fn matches(secret: &str, stored: &str) -> bool {
    ids::hash_secret(secret)
        .as_bytes()
        .ct_eq(stored.as_bytes())
        .into()
}

pub async fn issue(app: &App, req: TokenRequest) -> Result<IssuedToken, TokenError> {
    let by_address = Limit::per_address("oauth", &req.client_address, FAILURES_PER_ADDRESS);
    let by_client = Limit::new(
        format!("oauth-client:{}", ids::hash_secret(&req.client_id)),
        FAILURES_PER_CLIENT,
    );
    let (a, c) = (by_address.clone(), by_client.clone());
    // Only an id of the right form is kept in the audit log (not whatever was sent).
    let named = ClientId::parse(&req.client_id);
    let address = req.client_address;
    let client = app
        .read(move |conn, ctx| {
            let now = ctx.now();
            throttle::check(conn, &[&a, &c], now)?;
            let Some(id) = ClientId::parse(&req.client_id) else {
                return Ok(None);
            };
            let Some(row) = api_clients::find(conn, &id)?.filter(|r| r.revoked_at.is_none()) else {
                return Ok(None);
            };
            let current = matches(&req.client_secret, &row.secret_hash);
            let previous = row
                .previous_secret_expires_at
                .is_some_and(|until| until > now)
                && row
                    .previous_secret_hash
                    .as_deref()
                    .is_some_and(|h| matches(&req.client_secret, h));
            Ok((current || previous).then_some(row))
        })
        .await?;
    let Some(client) = client else {
        app.write(move |conn, ctx| {
            let now = ctx.now();
            throttle::count(conn, &[&by_address, &by_client], now)?;
            let mut event = Event::new(Kind::ClientAuthenticationFailed).from_address(&address);
            if let Some(id) = &named {
                event = event.client(id);
            }
            security_events::record(conn, event, now)
        })
        .await?;
        tracing::info!(
            event = "client_authentication_failed",
            "invalid client credentials"
        );
        return Err(TokenError::InvalidClient);
    };
    let held = scopes_of(&client)?;
    let scope = match req.scope.as_deref() {
        None => held.clone(),
        Some(raw) => {
            let asked = Scopes::parse(raw).map_err(|e| TokenError::InvalidScope(e.message))?;
            if !asked.is_subset(&held) {
                return Err(TokenError::InvalidScope(format!(
                    "the client holds only the scopes `{held}`"
                )));
            }
            asked
        }
    };
    let access_token = app
        .keys
        .issue_client(
            &ClientGrant {
                client_id: &client.id,
                role: client.role,
                company_id: client.company_id.as_ref(),
                scopes: &scope,
            },
            app.clock.unix(),
        )
        .map_err(|e| TokenError::Other(AppError::Internal(e)))?;
    tracing::info!(event = "client_token_issued", client_id = %client.id, scope = %scope, "client token issued");
    Ok(IssuedToken {
        access_token,
        expires_in: CLIENT_TTL_SECS,
        scope,
    })
}
