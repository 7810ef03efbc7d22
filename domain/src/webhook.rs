//! Webhooks (DESIGN §6): the event types a company can subscribe to, which journal entry is
//! which event (the addresses an endpoint may never point at: `special_address.rs`).

use std::fmt;

use crate::{CardTransition, Invalid, Transition};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    OrderCreated,
    OrderChanged,
    OrderApproved,
    OrderRejected,
    OrderCancelled,
    OrderExpired,
    ProductionStarted,
    ProductionProduced,
    ProductionShipped,
    ProductionDelivered,
    CardActivated,
    CardBlocked,
    CardUnblocked,
    CardTerminated,
    CardExpired,
    InvitationCompleted,
    /// A person whose orders the company placed had their personal data erased: erase it in
    /// your systems too.
    PersonErased,
    /// An import of card orders from a spreadsheet finished: placed or refused.
    CardOrderImportCompleted,
    /// Sent on request to check an endpoint; never from the journal.
    Ping,
}

impl EventType {
    pub const ALL: [EventType; 19] = [
        Self::OrderCreated,
        Self::OrderChanged,
        Self::OrderApproved,
        Self::OrderRejected,
        Self::OrderCancelled,
        Self::OrderExpired,
        Self::ProductionStarted,
        Self::ProductionProduced,
        Self::ProductionShipped,
        Self::ProductionDelivered,
        Self::CardActivated,
        Self::CardBlocked,
        Self::CardUnblocked,
        Self::CardTerminated,
        Self::CardExpired,
        Self::InvitationCompleted,
        Self::PersonErased,
        Self::CardOrderImportCompleted,
        Self::Ping,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrderCreated => "order.created",
            Self::OrderChanged => "order.changed",
            Self::OrderApproved => "order.approved",
            Self::OrderRejected => "order.rejected",
            Self::OrderCancelled => "order.cancelled",
            Self::OrderExpired => "order.expired",
            Self::ProductionStarted => "production.started",
            Self::ProductionProduced => "production.produced",
            Self::ProductionShipped => "production.shipped",
            Self::ProductionDelivered => "production.delivered",
            Self::CardActivated => "card.activated",
            Self::CardBlocked => "card.blocked",
            Self::CardUnblocked => "card.unblocked",
            Self::CardTerminated => "card.terminated",
            Self::CardExpired => "card.expired",
            Self::InvitationCompleted => "invitation.completed",
            Self::PersonErased => "person.erased",
            Self::CardOrderImportCompleted => "card_order_import.completed",
            Self::Ping => "ping",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The event an order transition is.
    pub fn of_order(t: Transition) -> EventType {
        match t {
            Transition::Submit | Transition::Edit => Self::OrderChanged,
            Transition::Accept => Self::OrderApproved,
            Transition::Reject | Transition::Refuse => Self::OrderRejected,
            Transition::Cancel => Self::OrderCancelled,
            Transition::Expire => Self::OrderExpired,
            Transition::StartProduction => Self::ProductionStarted,
            Transition::Produced => Self::ProductionProduced,
            Transition::Ship => Self::ProductionShipped,
            Transition::Deliver => Self::ProductionDelivered,
        }
    }

    /// The event a card transition is.
    pub fn of_card(t: CardTransition) -> EventType {
        match t {
            CardTransition::Activate => Self::CardActivated,
            CardTransition::Block => Self::CardBlocked,
            CardTransition::Unblock => Self::CardUnblocked,
            CardTransition::Terminate => Self::CardTerminated,
            CardTransition::Expire => Self::CardExpired,
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The event types an endpoint wants: each once, `ping` not among them (it is always sent).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventTypes(Vec<EventType>);

impl EventTypes {
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<EventTypes, Invalid> {
        let mut types = Vec::new();
        for name in names {
            let t = EventType::parse(name)
                .filter(|t| *t != EventType::Ping)
                .ok_or_else(|| {
                    Invalid::new(
                        "unknown_event_type",
                        format!("`{name}` is not an event type"),
                    )
                    .with("name", name)
                })?;
            if types.contains(&t) {
                return Err(Invalid::new(
                    "duplicate_event_type",
                    format!("`{name}` is given twice"),
                )
                .with("name", name));
            }
            types.push(t);
        }
        if types.is_empty() {
            return Err(Invalid::new("required", "name at least one event type")
                .with("reason", "event_types"));
        }
        types.sort();
        Ok(EventTypes(types))
    }

    /// As stored: space-separated.
    pub fn from_stored(raw: &str) -> Result<EventTypes, Invalid> {
        Self::parse(raw.split(' ').filter(|s| !s.is_empty()))
    }

    /// As stored: space-separated (the `Display` form).
    pub fn to_stored(&self) -> String {
        self.to_string()
    }

    pub fn contains(&self, t: EventType) -> bool {
        t == EventType::Ping || self.0.contains(&t)
    }

    pub fn iter(&self) -> impl Iterator<Item = EventType> + '_ {
        self.0.iter().copied()
    }
}

impl fmt::Display for EventTypes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|t| t.as_str()).collect();
        f.write_str(&names.join(" "))
    }
}

impl TryFrom<String> for EventType {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw).ok_or_else(|| Invalid::new("invalid_event_type", raw))
    }
}

impl TryFrom<String> for EventTypes {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::from_stored(&raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transition_is_an_event_and_names_round_trip() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
        }
        assert_eq!(
            EventType::of_order(Transition::Refuse),
            EventType::OrderRejected
        );
        assert_eq!(
            EventType::of_card(CardTransition::Block),
            EventType::CardBlocked
        );
    }

    #[test]
    fn event_type_lists_are_checked() {
        let t = EventTypes::parse(["order.approved", "card.blocked"]).unwrap_or_default();
        assert_eq!(t.to_string(), "order.approved card.blocked");
        assert_eq!(EventTypes::from_stored(&t.to_string()), Ok(t.clone()));
        assert!(t.contains(EventType::Ping));
        assert!(!t.contains(EventType::OrderCreated));
        assert!(EventTypes::parse(["order.approved", "order.approved"]).is_err());
        assert!(EventTypes::parse(["ping"]).is_err());
        assert!(EventTypes::parse(["nope"]).is_err());
        assert!(EventTypes::parse(Vec::<&str>::new()).is_err());
    }
}
