//! Cards (DESIGN §4): what a produced card is, its number, and its state machine.

use std::fmt;

use crate::Invalid;

/// A standard card (a person, a portrait, RFID) or a visitor card (no person, no RFID).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardKind {
    Standard,
    Visitor,
}

impl CardKind {
    pub const ALL: [CardKind; 2] = [Self::Standard, Self::Visitor];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Visitor => "visitor",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl TryFrom<String> for CardKind {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw).ok_or_else(|| Invalid::new("invalid_card_kind", raw))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardStatus {
    /// Produced, not yet activated by the cardholder.
    Inactive,
    Active,
    /// Blocked by the company (lost, stolen, left the company); can be unblocked.
    Blocked,
    /// Final: a new card must be ordered.
    Terminated,
    /// Past its `valid_until`.
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardTransition {
    /// The cardholder typed the number printed on the card (a visitor card: delivered).
    Activate,
    Block,
    Unblock,
    Terminate,
    Expire,
}

impl CardTransition {
    /// Every transition (the match below stops the build when one is added and not listed).
    pub const ALL: [CardTransition; 5] = [
        Self::Activate,
        Self::Block,
        Self::Unblock,
        Self::Terminate,
        Self::Expire,
    ];
}

const _: fn(CardTransition) = |t| match t {
    CardTransition::Activate
    | CardTransition::Block
    | CardTransition::Unblock
    | CardTransition::Terminate
    | CardTransition::Expire => {}
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a card that is {from} cannot be {transition}")]
pub struct CardTransitionError {
    pub from: CardStatus,
    pub transition: CardTransition,
}

impl CardStatus {
    pub const ALL: [CardStatus; 5] = [
        Self::Inactive,
        Self::Active,
        Self::Blocked,
        Self::Terminated,
        Self::Expired,
    ];

    /// The state after `t`, or why `t` is not allowed now. Only an active card can be blocked;
    /// an inactive card can only be activated or terminated.
    pub fn apply(self, t: CardTransition) -> Result<CardStatus, CardTransitionError> {
        use CardStatus as S;
        use CardTransition as T;
        let next = match (self, t) {
            (S::Inactive, T::Activate) => S::Active,
            (S::Active, T::Block) => S::Blocked,
            (S::Blocked, T::Unblock) => S::Active,
            (S::Inactive | S::Active | S::Blocked, T::Terminate) => S::Terminated,
            (S::Inactive | S::Active | S::Blocked, T::Expire) => S::Expired,
            (from, transition) => return Err(CardTransitionError { from, transition }),
        };
        Ok(next)
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Terminated | Self::Expired)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inactive => "inactive",
            Self::Active => "active",
            Self::Blocked => "blocked",
            Self::Terminated => "terminated",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl fmt::Display for CardStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for CardStatus {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw).ok_or_else(|| Invalid::new("invalid_card_status", raw))
    }
}

impl CardTransition {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Activate => "activate",
            Self::Block => "block",
            Self::Unblock => "unblock",
            Self::Terminate => "terminate",
            Self::Expire => "expire",
        }
    }
}

impl fmt::Display for CardTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Activate => "activated",
            Self::Block => "blocked",
            Self::Unblock => "unblocked",
            Self::Terminate => "terminated",
            Self::Expire => "expired",
        })
    }
}

/// A card number as printed: `BB-xxxx-xxxxxx`, two letters (the series) and ten digits, the
/// last of which is a Luhn check digit over the other nine. The check digit catches a mistyped
/// digit before it counts as a wrong attempt; the nine digits are random, so a number cannot be
/// derived from any other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CardNumber(String);

/// The series this service issues.
pub const CARD_SERIES: &str = "ID";

impl CardNumber {
    /// As printed or typed: case, spaces and hyphens do not matter.
    pub fn parse(raw: &str) -> Result<CardNumber, Invalid> {
        let compact: String = raw
            .chars()
            .filter(|c| *c != '-' && !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let bytes = compact.as_bytes();
        let shaped = raw.chars().count() <= 32
            && bytes.len() == 12
            && bytes[..2].iter().all(u8::is_ascii_uppercase)
            && bytes[2..].iter().all(u8::is_ascii_digit);
        if !shaped {
            return Err(Invalid::new(
                "invalid_card_number",
                "must be two letters and ten digits, as printed: BB-xxxx-xxxxxx",
            )
            .with("reason", "form"));
        }
        if !crate::luhn::is_valid(&bytes[2..]) {
            return Err(Invalid::new(
                "invalid_card_number",
                "the check digit does not match: compare the number with the card",
            )
            .with("reason", "check_digit"));
        }
        Ok(CardNumber(format!(
            "{}-{}-{}",
            &compact[..2],
            &compact[2..6],
            &compact[6..]
        )))
    }

    /// A number of [`CARD_SERIES`] from nine random digits (each 0–9) and its check digit.
    pub fn from_serial(serial: [u8; 9]) -> CardNumber {
        let mut digits: Vec<u8> = serial.iter().map(|d| b'0' + d % 10).collect();
        let check = (0..=9u8)
            .map(|c| b'0' + c)
            .find(|c| {
                let mut all = digits.clone();
                all.push(*c);
                crate::luhn::is_valid(&all)
            })
            .unwrap_or(b'0');
        digits.push(check);
        let d = String::from_utf8_lossy(&digits).into_owned();
        CardNumber(format!("{CARD_SERIES}-{}-{}", &d[..4], &d[4..]))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last four digits, which lists show.
    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }
}

impl fmt::Display for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CardNumber {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CardStatus as S;
    use CardTransition as T;

    const TRANSITIONS: [CardTransition; 5] =
        [T::Activate, T::Block, T::Unblock, T::Terminate, T::Expire];

    #[test]
    fn only_an_active_card_can_be_blocked_and_an_inactive_one_only_terminated() {
        assert_eq!(S::Inactive.apply(T::Activate), Ok(S::Active));
        assert_eq!(S::Active.apply(T::Block), Ok(S::Blocked));
        assert_eq!(S::Blocked.apply(T::Unblock), Ok(S::Active));
        assert!(S::Inactive.apply(T::Block).is_err());
        assert!(S::Inactive.apply(T::Unblock).is_err());
        assert!(S::Active.apply(T::Unblock).is_err());
        assert!(S::Active.apply(T::Activate).is_err());
        for s in [S::Inactive, S::Active, S::Blocked] {
            assert_eq!(s.apply(T::Terminate), Ok(S::Terminated));
            assert_eq!(s.apply(T::Expire), Ok(S::Expired));
        }
    }

    #[test]
    fn final_states_allow_nothing() {
        for s in S::ALL.into_iter().filter(|s| s.is_final()) {
            for t in TRANSITIONS {
                assert!(s.apply(t).is_err(), "{s} {t:?}");
            }
        }
        let allowed = S::ALL
            .iter()
            .flat_map(|s| TRANSITIONS.iter().map(move |t| s.apply(*t)))
            .filter(Result::is_ok)
            .count();
        assert_eq!(allowed, 9);
    }

    #[test]
    fn numbers_are_printed_with_a_check_digit_and_typed_loosely() {
        let n = CardNumber::from_serial([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(n.as_str().len(), 14);
        assert!(n.as_str().starts_with("ID-1234-56789"));
        assert_eq!(CardNumber::parse(n.as_str()), Ok(n.clone()));
        let typed = n.as_str().replace('-', " ").to_lowercase();
        assert_eq!(CardNumber::parse(&typed), Ok(n.clone()));
        assert_eq!(n.last4(), &n.as_str()[10..]);
        // One digit off is caught by the check digit.
        let mut wrong = n.as_str().to_owned();
        let last = wrong
            .pop()
            .map_or('0', |c| if c == '9' { '0' } else { '9' });
        wrong.push(last);
        assert!(CardNumber::parse(&wrong).is_err());
        for bad in [
            "",
            "ID-1234-5678",
            "12-1234-567890",
            "ID-1234-56789x",
            "IDD1234567890",
        ] {
            assert!(CardNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_serial_gets_a_valid_number() {
        for seed in 0..200u32 {
            let mut serial = [0u8; 9];
            let mut x = seed.wrapping_mul(2_654_435_761);
            for d in serial.iter_mut() {
                *d = (x % 10) as u8;
                x /= 7;
            }
            let n = CardNumber::from_serial(serial);
            assert_eq!(CardNumber::parse(n.as_str()), Ok(n));
        }
    }
}
