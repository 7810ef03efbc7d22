//! Who did something: the kinds of actor an order's audit trail names.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// The person the card is for.
    Cardholder,
    /// A member (administrator or orderer) of the ordering company.
    Member,
    /// A platform operator.
    Operator,
    /// The service itself (expiry, housekeeping).
    System,
    /// A machine client: a company's HR system, the identity verifier, the card producer.
    Client,
}

impl ActorKind {
    pub const ALL: [ActorKind; 5] = [
        Self::Cardholder,
        Self::Member,
        Self::Operator,
        Self::System,
        Self::Client,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cardholder => "cardholder",
            Self::Member => "member",
            Self::Operator => "operator",
            Self::System => "system",
            Self::Client => "client",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for ActorKind {
    type Error = crate::Invalid;
    fn try_from(raw: String) -> Result<Self, crate::Invalid> {
        Self::parse(&raw).ok_or_else(|| crate::Invalid::new("invalid_actor_kind", raw))
    }
}

/// How strongly a person proved who they are when their session began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AuthLevel {
    /// Password alone (a session that has not completed a second factor).
    Password,
    /// Password and a one-time code sent by SMS.
    PasswordAndSms,
    /// BankID: the person's device and their PIN or biometrics (multi-factor on its own).
    BankId,
}

impl AuthLevel {
    pub const ALL: [AuthLevel; 3] = [Self::Password, Self::PasswordAndSms, Self::BankId];

    /// As stored with the session.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Password => "pwd",
            Self::PasswordAndSms => "pwd+sms",
            Self::BankId => "bankid",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The authentication methods (RFC 8176 `amr` values) this level stands for.
    pub fn methods(self) -> &'static [&'static str] {
        match self {
            Self::Password => &["pwd"],
            Self::PasswordAndSms => &["pwd", "sms"],
            // No RFC 8176 value names BankID; `mfa` says what it is, `bankid` which one.
            Self::BankId => &["bankid", "mfa"],
        }
    }

    /// Signed in with a second factor (multi-factor, NIST AAL2).
    pub fn is_multi_factor(self) -> bool {
        self >= Self::PasswordAndSms
    }
}

impl TryFrom<String> for AuthLevel {
    type Error = crate::Invalid;
    fn try_from(raw: String) -> Result<Self, crate::Invalid> {
        Self::parse(&raw).ok_or_else(|| crate::Invalid::new("invalid_auth_level", raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for k in ActorKind::ALL {
            assert_eq!(ActorKind::parse(k.as_str()), Some(k));
        }
        for l in AuthLevel::ALL {
            assert_eq!(AuthLevel::parse(l.as_str()), Some(l));
        }
        assert!(AuthLevel::PasswordAndSms.is_multi_factor());
        assert!(!AuthLevel::Password.is_multi_factor());
    }
}
