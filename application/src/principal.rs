//! Who is calling. A request brings [`Credentials`] (a verified token, not yet checked against the
//! session); the runners in `app` turn them into a [`Principal`] inside the use case's own database
//! trip, and each use case names in its signature what it requires: any principal, a person, or a
//! person signed in with a second factor. Nothing else can build a principal, so no use case can
//! reach the caller's identity without the check.

use crate::ProblemCode;
use chrono::NaiveDateTime;
use domain::{AccountId, AuthLevel, CallerId, ClientId, ClientRole, CompanyId, Scopes, SessionId};
use persistence::{api_clients, sessions, DbConn};

use super::error::{AppError, AppResult, AuthFailure};

/// What a verified access token says: whose session it is, or which machine client with which
/// scopes. Private, and made only by `auth::token::Keys::verify`; read only by [`authenticate`].
#[derive(Debug, Clone)]
pub struct Credentials(Kind);

#[derive(Debug, Clone)]
enum Kind {
    Person {
        account_id: AccountId,
        session_id: SessionId,
    },
    Client {
        client_id: ClientId,
        role: ClientRole,
        scopes: Scopes,
    },
}

impl Credentials {
    pub(super) fn person(account_id: AccountId, session_id: SessionId) -> Credentials {
        Credentials(Kind::Person {
            account_id,
            session_id,
        })
    }

    pub(super) fn client(client_id: ClientId, role: ClientRole, scopes: Scopes) -> Credentials {
        Credentials(Kind::Client {
            client_id,
            role,
            scopes,
        })
    }

    /// The id the caller's request quota and idempotency keys are kept under.
    pub fn caller_id(&self) -> &str {
        match &self.0 {
            Kind::Person { account_id, .. } => account_id.as_str(),
            Kind::Client { client_id, .. } => client_id.as_str(),
        }
    }

    /// A machine client's role, `None` for a person.
    pub fn client_role(&self) -> Option<ClientRole> {
        match &self.0 {
            Kind::Person { .. } => None,
            Kind::Client { role, .. } => Some(*role),
        }
    }
}

/// A checked caller.
#[derive(Debug, Clone)]
pub enum Principal {
    /// A person with a live session.
    Person(Person),
    /// A machine client that is not revoked.
    Client(Client),
}

impl Principal {
    /// The caller as a reference: what idempotency keys are kept under, what an invitation
    /// records as its maker, who acted in an audit entry.
    pub fn caller_id(&self) -> CallerId {
        match self {
            Principal::Person(p) => p.account_id.clone().into(),
            Principal::Client(c) => c.id.clone().into(),
        }
    }
}

/// A machine client, with the scopes of its token that the client still holds.
#[derive(Debug, Clone)]
pub struct Client {
    id: ClientId,
    role: ClientRole,
    company_id: Option<CompanyId>,
    scopes: Scopes,
}

impl Client {
    pub fn id(&self) -> &ClientId {
        &self.id
    }

    pub fn role(&self) -> ClientRole {
        self.role
    }

    /// The company of an integrator.
    pub fn company_id(&self) -> Option<&CompanyId> {
        self.company_id.as_ref()
    }

    pub fn scopes(&self) -> &Scopes {
        &self.scopes
    }
}

/// A person's role in a company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyRole {
    Admin,
    Orderer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub company_id: CompanyId,
    pub role: CompanyRole,
}

/// A signed-in person.
#[derive(Debug, Clone)]
pub struct Person {
    account_id: AccountId,
    session_id: SessionId,
    auth_level: AuthLevel,
    /// The companies the person belongs to; none until companies have members.
    memberships: Vec<Membership>,
}

impl Person {
    pub fn account_id(&self) -> &AccountId {
        &self.account_id
    }

    pub fn session_id(&self) -> &SessionId {
        &self.session_id
    }

    pub fn auth_level(&self) -> AuthLevel {
        self.auth_level
    }

    pub fn memberships(&self) -> &[Membership] {
        &self.memberships
    }
}

/// The caller check: 401 unless the token's session is live and the account's, or the token's
/// client is not revoked. A client's scopes are the token's, less any the client lost since.
pub(super) fn authenticate(
    conn: &mut DbConn,
    credentials: &Credentials,
    now: NaiveDateTime,
) -> AppResult<Principal> {
    let invalid = || AppError::Unauthenticated(AuthFailure::InvalidToken);
    match &credentials.0 {
        Kind::Person {
            account_id,
            session_id,
        } => {
            let idle_since = now - crate::sign_in::session::IDLE_TIMEOUT;
            let auth_level = sessions::find_live(conn, session_id, account_id, now, idle_since)?
                .ok_or_else(invalid)?;
            Ok(Principal::Person(Person {
                account_id: account_id.clone(),
                session_id: session_id.clone(),
                auth_level,
                memberships: Vec::new(),
            }))
        }
        Kind::Client {
            client_id,
            role,
            scopes,
        } => {
            let row = api_clients::find(conn, client_id)?
                .filter(|c| c.revoked_at.is_none() && c.role == *role)
                .ok_or_else(invalid)?;
            let held =
                Scopes::parse(&row.scopes).map_err(|e| AppError::corrupt("scopes", e.message))?;
            Ok(Principal::Client(Client {
                company_id: row.company_id.clone(),
                id: row.id,
                role: row.role,
                scopes: scopes.intersect(&held),
            }))
        }
    }
}

/// What a use case requires of its caller, named by the type it takes.
pub trait Requirement: Sized {
    fn require(principal: Principal) -> AppResult<Self>;
}

impl Requirement for Principal {
    fn require(principal: Principal) -> AppResult<Self> {
        Ok(principal)
    }
}

/// A person's operations do not take a machine client's token: to them it is not a valid token
/// (the two kinds never pass as each other).
impl Requirement for Person {
    fn require(principal: Principal) -> AppResult<Self> {
        match principal {
            Principal::Person(p) => Ok(p),
            Principal::Client(_) => Err(AppError::Unauthenticated(AuthFailure::InvalidToken)),
        }
    }
}

/// The identity-verification partner's client, with the scope to register checks.
#[derive(Debug, Clone)]
pub struct IdentityVerifier(Client);

impl std::ops::Deref for IdentityVerifier {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.0
    }
}

impl Requirement for IdentityVerifier {
    fn require(principal: Principal) -> AppResult<Self> {
        match principal {
            Principal::Client(c)
                if c.role == ClientRole::IdentityVerifier
                    && c.scopes.contains(domain::Scope::IdentityVerificationsWrite) =>
            {
                Ok(IdentityVerifier(c))
            }
            _ => Err(AppError::Forbidden {
                code: ProblemCode::ClientRoleRequired,
                detail: crate::texts::Text::new("problem-verifier-required"),
            }),
        }
    }
}

/// A person signed in with a second factor (password and SMS code).
/// The card producer's client (`card_producer`): the production queue and its transitions.
/// Which scope an operation needs is checked by [`CardProducer::need`].
#[derive(Debug, Clone)]
pub struct CardProducer(Client);

impl std::ops::Deref for CardProducer {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.0
    }
}

impl CardProducer {
    /// 403 unless the token carries `scope`.
    pub fn need(&self, scope: domain::Scope) -> AppResult<()> {
        if self.0.scopes.contains(scope) {
            Ok(())
        } else {
            Err(AppError::Forbidden {
                code: ProblemCode::InsufficientScope,
                detail: crate::texts::Text::new("problem-insufficient-scope")
                    .with("scope", scope.as_str()),
            })
        }
    }
}

impl Requirement for CardProducer {
    fn require(principal: Principal) -> AppResult<Self> {
        match principal {
            Principal::Client(c) if c.role == ClientRole::CardProducer => Ok(CardProducer(c)),
            _ => Err(AppError::Forbidden {
                code: ProblemCode::ClientRoleRequired,
                detail: crate::texts::Text::new("problem-producer-required"),
            }),
        }
    }
}

#[derive(Debug, Clone)]
pub struct MultiFactor(Person);

impl std::ops::Deref for MultiFactor {
    type Target = Person;
    fn deref(&self) -> &Person {
        &self.0
    }
}

impl Requirement for MultiFactor {
    fn require(principal: Principal) -> AppResult<Self> {
        let person = Person::require(principal)?;
        if person.auth_level.is_multi_factor() {
            Ok(MultiFactor(person))
        } else {
            Err(AppError::Forbidden {
                code: ProblemCode::SecondFactorRequired,
                detail: crate::texts::Text::new("problem-second-factor-required"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(level: AuthLevel) -> Principal {
        Principal::Person(Person {
            account_id: AccountId::from_random([1; 12]),
            session_id: SessionId::from_random([2; 12]),
            auth_level: level,
            memberships: Vec::new(),
        })
    }

    #[test]
    fn a_second_factor_is_required_where_the_signature_says_so() {
        assert!(MultiFactor::require(person(AuthLevel::PasswordAndSms)).is_ok());
        assert!(matches!(
            MultiFactor::require(person(AuthLevel::Password)),
            Err(AppError::Forbidden {
                code: ProblemCode::SecondFactorRequired,
                ..
            })
        ));
        assert!(Person::require(person(AuthLevel::Password)).is_ok());
    }
}
