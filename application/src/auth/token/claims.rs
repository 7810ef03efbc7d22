//! What access tokens say. A person's token and a machine client's token have different
//! audiences and different claims; a token is read as exactly one of the two or refused, so
//! neither can ever pass as the other.

use domain::{AccountId, AuthLevel, ClientId, ClientRole, CompanyId, Scopes, SessionId};
use serde::{Deserialize, Serialize};

/// What a person's token is issued for.
#[derive(Debug, Clone)]
pub struct SessionGrant<'a> {
    pub account_id: &'a AccountId,
    pub session_id: &'a SessionId,
    pub auth_level: AuthLevel,
    pub roles: &'a [String],
}

/// What a machine client's token is issued for.
#[derive(Debug, Clone)]
pub struct ClientGrant<'a> {
    pub client_id: &'a ClientId,
    pub role: ClientRole,
    pub company_id: Option<&'a CompanyId>,
    pub scopes: &'a Scopes,
}

/// A person's token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The account id.
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    /// The session id; revoking the session ends every token of it at once.
    pub sid: String,
    /// Authentication methods the session was started with (RFC 8176: `pwd`, `sms`).
    pub amr: Vec<String>,
    /// Platform roles of the account (`operator`); company roles are per company and checked
    /// per request, not carried in the token.
    pub roles: Vec<String>,
}

/// A machine client's token (RFC 9068 shape: `client_id`, `scope`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientClaims {
    pub iss: String,
    /// The clients' audience, never the people's.
    pub aud: String,
    /// The client id.
    pub sub: String,
    pub client_id: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    /// `identity_verifier`, `card_producer` or `integrator`.
    pub role: String,
    /// Space-separated scopes granted to this token.
    pub scope: String,
    /// The company of an integrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
}

/// Every claim either kind may carry. Read first, so a claim named twice or of the wrong type
/// fails the token, then sorted into exactly one kind.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct AnyClaims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    pub sid: Option<String>,
    pub amr: Option<Vec<String>>,
    pub roles: Option<Vec<String>>,
    pub client_id: Option<String>,
    pub role: Option<String>,
    pub scope: Option<String>,
    pub company_id: Option<String>,
}

/// A verified token of either kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    Person(Claims),
    Client(ClientClaims),
}

impl Verified {
    pub fn times(&self) -> (i64, i64) {
        match self {
            Verified::Person(c) => (c.nbf, c.exp),
            Verified::Client(c) => (c.nbf, c.exp),
        }
    }
}

impl AnyClaims {
    /// The one kind these claims are, by audience and shape; `None` for a mixture.
    pub(super) fn sort(self, person_audience: &str, client_audience: &str) -> Option<Verified> {
        let person_only = self.sid.is_some() || self.amr.is_some() || self.roles.is_some();
        let client_only = self.client_id.is_some()
            || self.role.is_some()
            || self.scope.is_some()
            || self.company_id.is_some();
        if self.aud == person_audience && !client_only {
            Some(Verified::Person(Claims {
                iss: self.iss,
                aud: self.aud,
                sub: self.sub,
                exp: self.exp,
                nbf: self.nbf,
                iat: self.iat,
                jti: self.jti,
                sid: self.sid?,
                amr: self.amr?,
                roles: self.roles?,
            }))
        } else if self.aud == client_audience && !person_only {
            let client_id = self.client_id?;
            (client_id == self.sub).then_some(())?;
            Some(Verified::Client(ClientClaims {
                iss: self.iss,
                aud: self.aud,
                sub: self.sub,
                client_id,
                exp: self.exp,
                nbf: self.nbf,
                iat: self.iat,
                jti: self.jti,
                role: self.role?,
                scope: self.scope?,
                company_id: self.company_id,
            }))
        } else {
            None
        }
    }
}
