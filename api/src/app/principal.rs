//! Who is calling. A request brings [`Credentials`] (a verified token, not yet checked against the
//! session); the runners in `app` turn them into a [`Principal`] inside the use case's own database
//! trip, and each use case names in its signature what it requires: any principal, a person, or a
//! person signed in with a second factor. Nothing else can build a principal, so no use case can
//! reach the caller's identity without the check.

use chrono::NaiveDateTime;
use domain::{AccountId, AuthLevel, CompanyId, SessionId};
use persistence::{sessions, DbConn};

use super::error::{AppError, AppResult, AuthFailure};

/// What a verified access token says: whose session it is. Private, and made only by
/// `auth::token::Keys::verify`; read only by [`authenticate`].
#[derive(Debug, Clone)]
pub struct Credentials {
    account_id: AccountId,
    session_id: SessionId,
}

impl Credentials {
    pub(super) fn new(account_id: AccountId, session_id: SessionId) -> Credentials {
        Credentials {
            account_id,
            session_id,
        }
    }
}

/// A checked caller.
#[derive(Debug, Clone)]
pub enum Principal {
    /// A person with a live session. (Machine clients join here when they arrive.)
    Person(Person),
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

/// The session check: 401 unless the token's session is live and the account's.
pub(super) fn authenticate(
    conn: &mut DbConn,
    credentials: &Credentials,
    now: NaiveDateTime,
) -> AppResult<Principal> {
    let idle_since = now - crate::app::sign_in::session::IDLE_TIMEOUT;
    let session = sessions::find_live(
        conn,
        &credentials.session_id,
        &credentials.account_id,
        now,
        idle_since,
    )?
    .ok_or(AppError::Unauthenticated(AuthFailure::InvalidToken))?;
    Ok(Principal::Person(Person {
        account_id: session.account_id,
        session_id: session.id,
        auth_level: session.auth_level,
        memberships: Vec::new(),
    }))
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

impl Requirement for Person {
    fn require(principal: Principal) -> AppResult<Self> {
        match principal {
            Principal::Person(p) => Ok(p),
        }
    }
}

/// A person signed in with a second factor (password and SMS code).
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
                code: "second_factor_required",
                detail: "Sign in with a second factor (the SMS code) to do this.".into(),
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
                code: "second_factor_required",
                ..
            })
        ));
        assert!(Person::require(person(AuthLevel::Password)).is_ok());
    }
}
