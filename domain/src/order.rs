//! The card-order state machine (DESIGN §4). Every transition is checked here; persistence only
//! stores what this returns.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    Draft,
    WaitingForReview,
    Approved,
    InProduction,
    /// Produced (the card exists), not yet handed to the carrier.
    Produced,
    Shipped,
    Delivered,
    Rejected,
    Cancelled,
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    /// The company submits a draft to the cardholder.
    Submit,
    /// The company edits the person data; the cardholder reviews it again.
    Edit,
    /// The cardholder confirms the data.
    Accept,
    /// The cardholder rejects the data, with a reason.
    Reject,
    /// The company cancels the order before production.
    Cancel,
    /// The card producer starts production.
    StartProduction,
    /// The card was produced (the card is created).
    Produced,
    /// The card was handed to the carrier.
    Ship,
    /// The card reached the delivery address.
    Deliver,
    /// The card producer refuses an approved order before production (an unusable portrait, a
    /// missing document): it goes back to the company, which corrects it.
    Refuse,
    /// The cardholder did not review in time.
    Expire,
}

impl Transition {
    /// Every transition (the match below stops the build when one is added and not listed).
    pub const ALL: [Transition; 11] = [
        Self::Submit,
        Self::Edit,
        Self::Accept,
        Self::Reject,
        Self::Cancel,
        Self::StartProduction,
        Self::Produced,
        Self::Ship,
        Self::Deliver,
        Self::Refuse,
        Self::Expire,
    ];
}

const _: fn(Transition) = |t| match t {
    Transition::Submit
    | Transition::Edit
    | Transition::Accept
    | Transition::Reject
    | Transition::Cancel
    | Transition::StartProduction
    | Transition::Produced
    | Transition::Ship
    | Transition::Deliver
    | Transition::Refuse
    | Transition::Expire => {}
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an order that is {from} cannot be {transition}")]
pub struct TransitionError {
    pub from: OrderStatus,
    pub transition: Transition,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 10] = [
        Self::Draft,
        Self::WaitingForReview,
        Self::Approved,
        Self::InProduction,
        Self::Produced,
        Self::Shipped,
        Self::Delivered,
        Self::Rejected,
        Self::Cancelled,
        Self::Expired,
    ];

    /// The state after `t`, or why `t` is not allowed now.
    pub fn apply(self, t: Transition) -> Result<OrderStatus, TransitionError> {
        use OrderStatus as S;
        use Transition as T;
        let next = match (self, t) {
            (S::Draft, T::Submit) => S::WaitingForReview,
            (S::WaitingForReview | S::Rejected, T::Edit) => S::WaitingForReview,
            (S::WaitingForReview, T::Accept) => S::Approved,
            (S::WaitingForReview, T::Reject) => S::Rejected,
            (S::WaitingForReview, T::Expire) => S::Expired,
            (S::Draft | S::WaitingForReview | S::Rejected | S::Approved, T::Cancel) => S::Cancelled,
            (S::Approved, T::StartProduction) => S::InProduction,
            (S::Approved, T::Refuse) => S::Rejected,
            (S::InProduction, T::Produced) => S::Produced,
            (S::Produced, T::Ship) => S::Shipped,
            (S::Shipped, T::Deliver) => S::Delivered,
            (from, transition) => return Err(TransitionError { from, transition }),
        };
        Ok(next)
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Delivered | Self::Cancelled | Self::Expired)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::WaitingForReview => "waiting_for_review",
            Self::Approved => "approved",
            Self::InProduction => "in_production",
            Self::Produced => "produced",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl Transition {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Edit => "edit",
            Self::Accept => "accept",
            Self::Reject => "reject",
            Self::Cancel => "cancel",
            Self::StartProduction => "start_production",
            Self::Produced => "produced",
            Self::Ship => "ship",
            Self::Deliver => "deliver",
            Self::Refuse => "refuse",
            Self::Expire => "expire",
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for OrderStatus {
    type Error = crate::Invalid;
    fn try_from(raw: String) -> Result<Self, crate::Invalid> {
        Self::parse(&raw).ok_or_else(|| crate::Invalid::new("invalid_order_status", raw))
    }
}

impl fmt::Display for Transition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let past = match self {
            Self::Submit => "submitted",
            Self::Edit => "edited",
            Self::Accept => "accepted",
            Self::Reject => "rejected",
            Self::Cancel => "cancelled",
            Self::StartProduction => "put into production",
            Self::Produced => "marked produced",
            Self::Ship => "shipped",
            Self::Deliver => "marked delivered",
            Self::Refuse => "refused by the card producer",
            Self::Expire => "expired",
        };
        f.write_str(past)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus as S;
    use Transition as T;

    const TRANSITIONS: [Transition; 11] = [
        T::Submit,
        T::Edit,
        T::Accept,
        T::Reject,
        T::Cancel,
        T::StartProduction,
        T::Produced,
        T::Ship,
        T::Deliver,
        T::Expire,
        T::Refuse,
    ];

    #[test]
    fn happy_path() {
        let mut s = S::Draft;
        for (t, want) in [
            (T::Submit, S::WaitingForReview),
            (T::Accept, S::Approved),
            (T::StartProduction, S::InProduction),
            (T::Produced, S::Produced),
            (T::Ship, S::Shipped),
            (T::Deliver, S::Delivered),
        ] {
            s = s.apply(t).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(s, want);
        }
    }

    #[test]
    fn rejection_and_correction() {
        assert_eq!(S::WaitingForReview.apply(T::Reject), Ok(S::Rejected));
        assert_eq!(S::Rejected.apply(T::Edit), Ok(S::WaitingForReview));
        assert_eq!(S::WaitingForReview.apply(T::Edit), Ok(S::WaitingForReview));
        assert!(S::Rejected.apply(T::Accept).is_err());
        assert_eq!(S::Approved.apply(T::Refuse), Ok(S::Rejected));
        assert!(S::InProduction.apply(T::Refuse).is_err());
    }

    #[test]
    fn cancel_only_before_production() {
        for s in [S::Draft, S::WaitingForReview, S::Rejected, S::Approved] {
            assert_eq!(s.apply(T::Cancel), Ok(S::Cancelled));
        }
        for s in [
            S::InProduction,
            S::Produced,
            S::Shipped,
            S::Delivered,
            S::Cancelled,
            S::Expired,
        ] {
            assert!(s.apply(T::Cancel).is_err(), "{s}");
        }
    }

    #[test]
    fn second_accept_is_an_error() {
        let approved = S::WaitingForReview.apply(T::Accept);
        assert_eq!(
            approved.and_then(|s| s.apply(T::Accept)),
            Err(TransitionError {
                from: S::Approved,
                transition: T::Accept
            })
        );
    }

    #[test]
    fn final_states_allow_nothing() {
        for s in S::ALL.into_iter().filter(|s| s.is_final()) {
            for t in TRANSITIONS {
                assert!(s.apply(t).is_err(), "{s} {t:?}");
            }
        }
    }

    #[test]
    fn exactly_the_designed_transitions() {
        let allowed = S::ALL
            .iter()
            .flat_map(|s| TRANSITIONS.iter().map(move |t| s.apply(*t)))
            .filter(Result::is_ok)
            .count();
        assert_eq!(allowed, 15);
    }

    #[test]
    fn names_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
    }
}
