//! Who may do what in a company (DESIGN §3): an administrator manages members and everything an
//! orderer does; an orderer orders and follows cards. An HR system bound to a company acts as an
//! orderer.

use std::fmt;

use crate::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompanyRole {
    Admin,
    Orderer,
}

/// Something done to a company's resources, checked against the caller's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyAction {
    /// See the company, its orders, invitations and members.
    View,
    /// Place, edit, submit and cancel orders; invite cardholders.
    Order,
    /// Invite, change and remove members.
    ManageMembers,
    /// See the company's cards.
    ViewCards,
    /// Block, unblock and terminate the company's cards.
    ManageCards,
    /// See the company's webhook endpoints and their deliveries.
    ViewWebhooks,
    /// Register, change, remove webhook endpoints; rotate their secrets; retry deliveries.
    ManageWebhooks,
}

impl CompanyAction {
    /// Every action (the match below stops the build when one is added and not listed).
    pub const ALL: [CompanyAction; 7] = [
        Self::View,
        Self::Order,
        Self::ManageMembers,
        Self::ViewCards,
        Self::ManageCards,
        Self::ViewWebhooks,
        Self::ManageWebhooks,
    ];
}

const _: fn(CompanyAction) = |a| match a {
    CompanyAction::View
    | CompanyAction::Order
    | CompanyAction::ManageMembers
    | CompanyAction::ViewCards
    | CompanyAction::ManageCards
    | CompanyAction::ViewWebhooks
    | CompanyAction::ManageWebhooks => {}
};

impl CompanyRole {
    pub const ALL: [CompanyRole; 2] = [Self::Admin, Self::Orderer];

    pub fn allows(self, action: CompanyAction) -> bool {
        match (self, action) {
            (Self::Admin, _) => true,
            (
                Self::Orderer,
                CompanyAction::View
                | CompanyAction::Order
                | CompanyAction::ViewCards
                | CompanyAction::ManageCards,
            ) => true,
            (
                Self::Orderer,
                CompanyAction::ManageMembers
                | CompanyAction::ViewWebhooks
                | CompanyAction::ManageWebhooks,
            ) => false,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Orderer => "orderer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for CompanyRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for CompanyRole {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw).ok_or_else(|| Invalid::new("invalid_company_role", raw))
    }
}

/// A role on the platform itself, apart from any company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlatformRole {
    /// Creates companies and API clients.
    Operator,
}

impl PlatformRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Operator => "operator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        (s == "operator").then_some(Self::Operator)
    }
}

impl TryFrom<String> for PlatformRole {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw).ok_or_else(|| Invalid::new("invalid_platform_role", raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_manage_members() {
        use CompanyAction::*;
        for action in [View, Order, ManageMembers, ViewCards, ManageCards] {
            assert!(CompanyRole::Admin.allows(action));
        }
        assert!(CompanyRole::Orderer.allows(View));
        assert!(CompanyRole::Orderer.allows(Order));
        assert!(CompanyRole::Orderer.allows(ManageCards));
        assert!(!CompanyRole::Orderer.allows(ManageMembers));
    }

    #[test]
    fn roles_round_trip() {
        for r in CompanyRole::ALL {
            assert_eq!(CompanyRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(CompanyRole::parse("owner"), None);
    }
}
