//! Machine clients and the OAuth2 token endpoint.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::http::problem::ProblemCode;
use app::clients::token::IssuedToken;
use persistence::ClientRow;

/// What a machine client is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClientRoleName {
    /// The identity-verification partner: registers document checks.
    IdentityVerifier,
    /// The card partner: produces and ships cards.
    CardProducer,
    /// A company's HR system: acts as an orderer of its company, within its scopes.
    Integrator,
}

impl ClientRoleName {
    pub fn as_domain(self) -> domain::ClientRole {
        match self {
            Self::IdentityVerifier => domain::ClientRole::IdentityVerifier,
            Self::CardProducer => domain::ClientRole::CardProducer,
            Self::Integrator => domain::ClientRole::Integrator,
        }
    }

    pub fn from_domain(r: domain::ClientRole) -> Self {
        match r {
            domain::ClientRole::IdentityVerifier => Self::IdentityVerifier,
            domain::ClientRole::CardProducer => Self::CardProducer,
            domain::ClientRole::Integrator => Self::Integrator,
        }
    }
}

/// A permission of a machine client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum ScopeName {
    /// See the company, its card orders, visitor orders and invitations.
    #[serde(rename = "orders:read")]
    OrdersRead,
    /// Place, edit, submit and cancel card orders; order visitor cards; invite cardholders.
    #[serde(rename = "orders:write")]
    OrdersWrite,
    /// Register identity-document checks.
    #[serde(rename = "identity_verifications:write")]
    IdentityVerificationsWrite,
    /// See the company's cards.
    #[serde(rename = "cards:read")]
    CardsRead,
    /// Block, unblock and terminate the company's cards.
    #[serde(rename = "cards:write")]
    CardsWrite,
    /// See the production queue and what to print.
    #[serde(rename = "production:read")]
    ProductionRead,
    /// Start production, mark produced, shipped and delivered; refuse an order.
    #[serde(rename = "production:write")]
    ProductionWrite,
    /// See the company's webhook endpoints and deliveries.
    #[serde(rename = "webhooks:read")]
    WebhooksRead,
    /// Manage the company's webhook endpoints.
    #[serde(rename = "webhooks:write")]
    WebhooksWrite,
}

impl ScopeName {
    pub fn as_domain(self) -> domain::Scope {
        match self {
            Self::OrdersRead => domain::Scope::OrdersRead,
            Self::OrdersWrite => domain::Scope::OrdersWrite,
            Self::IdentityVerificationsWrite => domain::Scope::IdentityVerificationsWrite,
            Self::CardsRead => domain::Scope::CardsRead,
            Self::CardsWrite => domain::Scope::CardsWrite,
            Self::ProductionRead => domain::Scope::ProductionRead,
            Self::ProductionWrite => domain::Scope::ProductionWrite,
            Self::WebhooksRead => domain::Scope::WebhooksRead,
            Self::WebhooksWrite => domain::Scope::WebhooksWrite,
        }
    }

    fn from_domain(s: domain::Scope) -> Self {
        match s {
            domain::Scope::OrdersRead => Self::OrdersRead,
            domain::Scope::OrdersWrite => Self::OrdersWrite,
            domain::Scope::IdentityVerificationsWrite => Self::IdentityVerificationsWrite,
            domain::Scope::CardsRead => Self::CardsRead,
            domain::Scope::CardsWrite => Self::CardsWrite,
            domain::Scope::ProductionRead => Self::ProductionRead,
            domain::Scope::ProductionWrite => Self::ProductionWrite,
            domain::Scope::WebhooksRead => Self::WebhooksRead,
            domain::Scope::WebhooksWrite => Self::WebhooksWrite,
        }
    }
}

/// A new machine client.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Byggbolaget Norr HR system", "role": "integrator", "company_id": "cmp_de0000000000000000000001", "scopes": ["orders:read", "orders:write"]}))]
pub struct CreateClientRequest {
    /// What the client is, for people reading the list.
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    pub role: ClientRoleName,
    /// The company of an integrator (required for integrators, refused for the others).
    #[validate(length(min = 1, max = 64))]
    #[schema(min_length = 1, max_length = 64)]
    pub company_id: Option<String>,
    /// Scopes within the role; left out or empty: every scope the role allows.
    #[serde(default)]
    #[validate(length(max = 8))]
    #[schema(max_items = 8)]
    pub scopes: Vec<ScopeName>,
}

/// A machine client (without its secret).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "cli_de0000000000000000000002", "name": "Byggbolaget Norr HR system", "role": "integrator", "company_id": "cmp_de0000000000000000000001", "scopes": ["orders:read", "orders:write"], "status": "active", "previous_secret_expires_at": null, "created_at": "2026-12-01T09:00:00Z", "revoked_at": null}))]
pub struct ClientView {
    #[schema(max_length = 64)]
    pub id: String,
    #[schema(max_length = 200)]
    pub name: String,
    pub role: ClientRoleName,
    #[schema(max_length = 64)]
    pub company_id: Option<String>,
    #[schema(max_items = 8)]
    pub scopes: Vec<ScopeName>,
    pub status: ClientStatus,
    /// After a rotation, the old secret works until this time.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// `active`, or `revoked` (for good).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClientStatus {
    Active,
    Revoked,
}

impl From<&ClientRow> for ClientView {
    fn from(c: &ClientRow) -> Self {
        ClientView {
            id: c.id.to_string(),
            name: c.name.clone(),
            role: ClientRoleName::from_domain(c.role),
            company_id: c.company_id.as_ref().map(ToString::to_string),
            scopes: domain::Scopes::parse(&c.scopes)
                .unwrap_or_default()
                .iter()
                .map(ScopeName::from_domain)
                .collect(),
            status: if c.revoked_at.is_some() {
                ClientStatus::Revoked
            } else {
                ClientStatus::Active
            },
            previous_secret_expires_at: c.previous_secret_expires_at.map(|t| t.and_utc()),
            created_at: c.created_at.and_utc(),
            revoked_at: c.revoked_at.map(|t| t.and_utc()),
        }
    }
}

/// A client with its secret: shown this once, stored only as a hash.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"client": {"id": "cli_de0000000000000000000002", "name": "Byggbolaget Norr HR system", "role": "integrator", "company_id": "cmp_de0000000000000000000001", "scopes": ["orders:read", "orders:write"], "status": "active", "previous_secret_expires_at": null, "created_at": "2026-12-01T09:00:00Z", "revoked_at": null}, "client_secret": "cs_9vJ2kQ0bX7mN4pL8sD1fG6aZcR3tY5wE"}))]
pub struct ClientWithSecret {
    pub client: ClientView,
    /// Use it with the client id at `POST /v1/oauth/token`. It is not shown again.
    #[schema(max_length = 128)]
    pub client_secret: String,
}

/// A page of clients, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientList {
    #[schema(max_items = 100)]
    pub data: Vec<ClientView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[schema(max_length = 64)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

/// Paging of the client list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ClientListQuery {
    /// Page size, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 45)]
    pub cursor: Option<String>,
}

/// How long the current secret keeps working after the rotation.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"grace_period_seconds": 86400}))]
pub struct RotateSecretRequest {
    /// 0 (at once) to 604800 (7 days); 86400 (24 hours) when left out.
    #[validate(range(min = 0, max = 604800))]
    #[schema(minimum = 0, maximum = 604800)]
    #[serde(default, deserialize_with = "super::whole::optional_i64")]
    pub grace_period_seconds: Option<i64>,
}

/// The token request (RFC 6749 §4.4.2), form-encoded. The client authenticates with HTTP Basic
/// (preferred) or with `client_id` and `client_secret` here, never both.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"grant_type": "client_credentials", "scope": "orders:read"}))]
pub struct TokenForm {
    /// Only `client_credentials`.
    #[schema(max_length = 64)]
    pub grant_type: String,
    /// Space-separated scopes, a subset of the client's; left out: all of them.
    #[schema(max_length = 512)]
    pub scope: Option<String>,
    #[schema(max_length = 64)]
    pub client_id: Option<String>,
    #[schema(max_length = 128, format = Password)]
    pub client_secret: Option<String>,
}

/// An access token for a machine client (RFC 6749 §5.1).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"access_token": "eyJ…", "token_type": "Bearer", "expires_in": 600, "scope": "orders:read orders:write"}))]
pub struct ClientTokenResponse {
    /// Send as `Authorization: Bearer ...`.
    #[schema(max_length = 4096)]
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(max_length = 16)]
    pub token_type: String,
    /// Seconds the token lives.
    #[schema(minimum = 1, maximum = 86400)]
    pub expires_in: i64,
    /// The scopes granted, space-separated.
    #[schema(max_length = 512)]
    pub scope: String,
}

impl From<&IssuedToken> for ClientTokenResponse {
    fn from(t: &IssuedToken) -> Self {
        ClientTokenResponse {
            access_token: t.access_token.clone(),
            token_type: "Bearer".into(),
            expires_in: t.expires_in,
            scope: t.scope.to_string(),
        }
    }
}

/// RFC 6749 §5.2 error codes.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OAuthErrorCode {
    InvalidRequest,
    InvalidClient,
    UnsupportedGrantType,
    InvalidScope,
}

/// A token-endpoint error: the RFC 6749 §5.2 fields (`error`, `error_description`) that OAuth
/// libraries read, and the fields of this API's problem documents.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"error": "invalid_client", "error_description": "Unknown client, wrong secret, or a revoked client.", "type": "urn:id06:problem:invalid_client", "title": "Unauthorized", "status": 401, "detail": "Unknown client, wrong secret, or a revoked client.", "instance": "urn:id06:request:req_5b1e0c2a9d8f7e6a5b4c3d2e", "code": "invalid_client"}))]
pub struct OAuthError {
    pub error: OAuthErrorCode,
    #[schema(max_length = 500)]
    pub error_description: String,
    #[serde(rename = "type")]
    #[schema(max_length = 100)]
    pub type_: String,
    #[schema(max_length = 100)]
    pub title: String,
    #[schema(minimum = 400, maximum = 599)]
    pub status: u16,
    #[schema(max_length = 500)]
    pub detail: String,
    #[schema(max_length = 100)]
    pub instance: String,
    #[schema(value_type = crate::http::problem::ProblemCodeSchema)]
    pub code: ProblemCode,
}
