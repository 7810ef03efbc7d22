//! Machine clients (OAuth2 client credentials): what each kind of client is for, and the scopes
//! that say what a client may do within its role.

use std::fmt;

use crate::{CompanyAction, Invalid};

/// What a machine client is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientRole {
    /// The identity-verification partner: registers document checks.
    IdentityVerifier,
    /// The card partner: produces and ships cards.
    CardProducer,
    /// A company's HR system: acts as an orderer of that one company.
    Integrator,
}

impl ClientRole {
    pub const ALL: [ClientRole; 3] = [Self::IdentityVerifier, Self::CardProducer, Self::Integrator];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::IdentityVerifier => "identity_verifier",
            Self::CardProducer => "card_producer",
            Self::Integrator => "integrator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The scopes a client of this role may be given.
    pub fn allowed_scopes(self) -> &'static [Scope] {
        match self {
            Self::IdentityVerifier => &[Scope::IdentityVerificationsWrite],
            Self::CardProducer => &[Scope::ProductionRead, Scope::ProductionWrite],
            Self::Integrator => &[
                Scope::OrdersRead,
                Scope::OrdersWrite,
                Scope::CardsRead,
                Scope::CardsWrite,
                Scope::WebhooksRead,
                Scope::WebhooksWrite,
            ],
        }
    }

    /// Whether a client of this role belongs to one company (and must name it).
    pub fn is_bound_to_company(self) -> bool {
        matches!(self, Self::Integrator)
    }
}

impl fmt::Display for ClientRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for ClientRole {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw).ok_or_else(|| Invalid::new("invalid_client_role", raw))
    }
}

/// One permission of a machine client (RFC 6749 §3.3 scope token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// See the company, its card orders, visitor orders and invitations.
    OrdersRead,
    /// Place, edit, submit and cancel card orders; order visitor cards; invite cardholders.
    OrdersWrite,
    /// Register identity-document checks.
    IdentityVerificationsWrite,
    /// See the company's cards.
    CardsRead,
    /// Block, unblock and terminate the company's cards.
    CardsWrite,
    /// See the production queue and what to print.
    ProductionRead,
    /// Start production, mark produced, shipped and delivered; refuse an order.
    ProductionWrite,
    /// See the company's webhook endpoints and deliveries.
    WebhooksRead,
    /// Manage the company's webhook endpoints.
    WebhooksWrite,
}

impl Scope {
    pub const ALL: [Scope; 9] = [
        Self::OrdersRead,
        Self::OrdersWrite,
        Self::IdentityVerificationsWrite,
        Self::CardsRead,
        Self::CardsWrite,
        Self::ProductionRead,
        Self::ProductionWrite,
        Self::WebhooksRead,
        Self::WebhooksWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrdersRead => "orders:read",
            Self::OrdersWrite => "orders:write",
            Self::IdentityVerificationsWrite => "identity_verifications:write",
            Self::CardsRead => "cards:read",
            Self::CardsWrite => "cards:write",
            Self::ProductionRead => "production:read",
            Self::ProductionWrite => "production:write",
            Self::WebhooksRead => "webhooks:read",
            Self::WebhooksWrite => "webhooks:write",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The scope an integrator needs for a company action; `None`: no scope allows it (managing
    /// members is for people).
    pub fn for_company_action(action: CompanyAction) -> Option<Scope> {
        match action {
            CompanyAction::View => Some(Self::OrdersRead),
            CompanyAction::Order => Some(Self::OrdersWrite),
            CompanyAction::ViewCards => Some(Self::CardsRead),
            CompanyAction::ManageCards => Some(Self::CardsWrite),
            CompanyAction::ViewWebhooks => Some(Self::WebhooksRead),
            CompanyAction::ManageWebhooks => Some(Self::WebhooksWrite),
            CompanyAction::ManageMembers => None,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of scopes, written as RFC 6749 writes them: space-separated, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scopes(Vec<Scope>);

impl Scopes {
    /// Space-separated scope tokens; unknown or repeated tokens are refused.
    pub fn parse(raw: &str) -> Result<Scopes, Invalid> {
        let mut scopes = Vec::new();
        for token in raw.split(' ').filter(|t| !t.is_empty()) {
            let scope = Scope::parse(token).ok_or_else(|| {
                Invalid::new("unknown_scope", format!("`{token}` is not a scope"))
                    .with("scope", token)
            })?;
            if scopes.contains(&scope) {
                return Err(
                    Invalid::new("repeated_scope", format!("`{token}` is named twice"))
                        .with("scope", token),
                );
            }
            scopes.push(scope);
        }
        scopes.sort();
        Ok(Scopes(scopes))
    }

    pub fn from_list(list: &[Scope]) -> Scopes {
        let mut v = list.to_vec();
        v.sort();
        v.dedup();
        Scopes(v)
    }

    /// Scopes a client of `role` may hold: each must be one the role allows.
    pub fn check_for(&self, role: ClientRole) -> Result<(), Invalid> {
        match self.0.iter().find(|s| !role.allowed_scopes().contains(s)) {
            Some(s) => Err(Invalid::new(
                "scope_not_allowed",
                format!("a client of role {role} cannot have `{s}`"),
            )
            .with("role", role)
            .with("scope", s)),
            None => Ok(()),
        }
    }

    pub fn contains(&self, scope: Scope) -> bool {
        self.0.contains(&scope)
    }

    /// Whether every scope of `self` is in `of`.
    pub fn is_subset(&self, of: &Scopes) -> bool {
        self.0.iter().all(|s| of.contains(*s))
    }

    /// The scopes in both.
    pub fn intersect(&self, other: &Scopes) -> Scopes {
        Scopes(
            self.0
                .iter()
                .copied()
                .filter(|s| other.contains(*s))
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        self.0.iter().copied()
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<&str> = self.0.iter().map(|s| s.as_str()).collect();
        f.write_str(&words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_as_rfc_6749_writes_them() {
        let s = Scopes::parse("orders:write orders:read").unwrap_or_default();
        assert_eq!(s.to_string(), "orders:read orders:write");
        assert!(Scopes::parse("").is_ok_and(|s| s.is_empty()));
        assert_eq!(
            Scopes::parse("orders:read bogus").map_err(|e| e.code),
            Err("unknown_scope")
        );
        assert_eq!(
            Scopes::parse("orders:read orders:read").map_err(|e| e.code),
            Err("repeated_scope")
        );
    }

    #[test]
    fn a_role_bounds_its_scopes() {
        let orders = Scopes::parse("orders:read orders:write").unwrap_or_default();
        assert!(orders.check_for(ClientRole::Integrator).is_ok());
        assert!(orders.check_for(ClientRole::IdentityVerifier).is_err());
        let verify = Scopes::parse("identity_verifications:write").unwrap_or_default();
        assert!(verify.check_for(ClientRole::IdentityVerifier).is_ok());
        assert!(verify.check_for(ClientRole::Integrator).is_err());
    }

    #[test]
    fn an_integrator_never_manages_members() {
        assert_eq!(
            Scope::for_company_action(CompanyAction::ManageMembers),
            None
        );
        assert_eq!(
            Scope::for_company_action(CompanyAction::Order),
            Some(Scope::OrdersWrite)
        );
    }

    #[test]
    fn subsets_and_intersections() {
        let all = Scopes::parse("orders:read orders:write").unwrap_or_default();
        let read = Scopes::parse("orders:read").unwrap_or_default();
        assert!(read.is_subset(&all));
        assert!(!all.is_subset(&read));
        assert_eq!(all.intersect(&read), read);
    }
}
