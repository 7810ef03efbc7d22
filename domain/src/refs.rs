//! References that may name one of several kinds of thing — who acted, which order (card or
//! visitor), what a webhook event is about, which caller — as closed types. The id's prefix
//! says the kind, so a stored reference is read back as exactly the kind it was written as, and
//! anything else is corrupt data, not a string passed upward.

use std::fmt;

use crate::ids::{
    AccountId, CardId, CardOrderImportId, ClientId, InvitationId, OrderId, VisitorOrderId,
    WebhookEndpointId,
};
use crate::Invalid;

macro_rules! id_union {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident($ty:ident)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant($ty)),+
        }

        impl $name {
            /// The reference if `raw` is a well-formed id of one of its kinds.
            pub fn parse(raw: &str) -> Option<Self> {
                $(if let Some(id) = $ty::parse(raw) {
                    return Some(Self::$variant(id));
                })+
                None
            }

            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant(id) => id.as_str()),+
                }
            }
        }

        $(impl From<$ty> for $name {
            fn from(id: $ty) -> Self {
                Self::$variant(id)
            }
        })+

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Reading a stored reference: anything but an id of one of its kinds is corrupt.
        impl TryFrom<String> for $name {
            type Error = Invalid;
            fn try_from(raw: String) -> Result<Self, Invalid> {
                Self::parse(&raw).ok_or_else(|| {
                    Invalid::new("invalid_id", format!("not a {} reference", stringify!($name)))
                })
            }
        }
    };
}

id_union!(
    /// A card order or a visitor order (the producer's jobs, cards, shipments, order events).
    AnyOrderId {
        Card(OrderId),
        Visitor(VisitorOrderId),
    }
);

id_union!(
    /// What a webhook event is about.
    ObjectId {
        Order(OrderId),
        VisitorOrder(VisitorOrderId),
        Card(CardId),
        Invitation(InvitationId),
        /// A `ping`: the endpoint itself.
        Endpoint(WebhookEndpointId),
        /// A `person.erased`: the person's (deleted or waiting) account.
        Account(AccountId),
        /// A `card_order_import.completed`: the import.
        Import(CardOrderImportId),
    }
);

id_union!(
    /// A signed-in caller: a person's account or a machine client (idempotency keys are theirs;
    /// an invitation was made by one).
    CallerId {
        Account(AccountId),
        Client(ClientId),
    }
);

/// Who acted, as an audit record stores it: a person's account, a machine client, the invitation
/// a cardholder answered through, or the service itself (`system`: its jobs and the command line).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ActorId {
    Account(AccountId),
    Client(ClientId),
    Invitation(InvitationId),
    System,
}

impl ActorId {
    /// How the service itself is stored.
    pub const SYSTEM: &'static str = "system";

    pub fn parse(raw: &str) -> Option<Self> {
        if raw == Self::SYSTEM {
            return Some(Self::System);
        }
        AccountId::parse(raw)
            .map(Self::Account)
            .or_else(|| ClientId::parse(raw).map(Self::Client))
            .or_else(|| InvitationId::parse(raw).map(Self::Invitation))
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Account(id) => id.as_str(),
            Self::Client(id) => id.as_str(),
            Self::Invitation(id) => id.as_str(),
            Self::System => Self::SYSTEM,
        }
    }

    /// The account, when a person acted.
    pub fn account(&self) -> Option<&AccountId> {
        match self {
            Self::Account(id) => Some(id),
            _ => None,
        }
    }
}

impl From<CallerId> for ActorId {
    fn from(c: CallerId) -> Self {
        match c {
            CallerId::Account(id) => Self::Account(id),
            CallerId::Client(id) => Self::Client(id),
        }
    }
}

impl From<AccountId> for ActorId {
    fn from(id: AccountId) -> Self {
        Self::Account(id)
    }
}

impl From<InvitationId> for ActorId {
    fn from(id: InvitationId) -> Self {
        Self::Invitation(id)
    }
}

impl From<ClientId> for ActorId {
    fn from(id: ClientId) -> Self {
        Self::Client(id)
    }
}

impl fmt::Display for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for ActorId {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw).ok_or_else(|| Invalid::new("invalid_id", "not an actor reference"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_reads_back_as_the_kind_it_was_written_as() {
        let order = OrderId::from_random([1; 12]);
        let visitor = VisitorOrderId::from_random([2; 12]);
        assert_eq!(
            AnyOrderId::parse(order.as_str()),
            Some(AnyOrderId::Card(order.clone()))
        );
        assert_eq!(
            AnyOrderId::parse(visitor.as_str()),
            Some(AnyOrderId::Visitor(visitor))
        );
        let card = CardId::from_random([3; 12]);
        assert_eq!(AnyOrderId::parse(card.as_str()), None);
        assert_eq!(
            ObjectId::parse(card.as_str()),
            Some(ObjectId::Card(card.clone()))
        );
        assert!(ObjectId::try_from("crd_".to_owned()).is_err());
        let account = AccountId::from_random([4; 12]);
        for actor in [
            ActorId::System,
            ActorId::Account(account.clone()),
            ActorId::Client(ClientId::from_random([5; 12])),
            ActorId::Invitation(InvitationId::from_random([6; 12])),
        ] {
            assert_eq!(ActorId::parse(actor.as_str()), Some(actor.clone()));
        }
        assert_eq!(ActorId::parse("demo"), None);
        assert_eq!(ActorId::parse(order.as_str()), None);
        assert_eq!(
            CallerId::parse(account.as_str()).map(ActorId::from),
            Some(ActorId::Account(account))
        );
    }
}
