use crate::pattern::{self, regex};
use crate::Invalid;

/// Free text from a person (a reason, an address line, a city): trimmed, not blank, bounded in
/// characters, without control or invisible formatting characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedText(String);

impl BoundedText {
    /// The longest reason a person or partner may give (rejecting, cancelling, blocking,
    /// refusing).
    pub const REASON_MAX_CHARS: usize = 500;
    /// The longest carrier name of a shipment.
    pub const CARRIER_MAX_CHARS: usize = 100;

    /// Why something was rejected, cancelled, blocked or refused.
    pub fn reason(raw: &str) -> Result<Self, Invalid> {
        Self::parse(raw, Self::REASON_MAX_CHARS)
    }

    /// The longest tracking number of a shipment.
    pub const TRACKING_NUMBER_MAX_CHARS: usize = 100;

    /// A shipment's tracking number, as the carrier gave it.
    pub fn tracking_number(raw: &str) -> Result<Self, Invalid> {
        Self::parse(raw, Self::TRACKING_NUMBER_MAX_CHARS)
    }

    /// The carrier that ships a card.
    pub fn carrier(raw: &str) -> Result<Self, Invalid> {
        Self::parse(raw, Self::CARRIER_MAX_CHARS)
    }

    /// `max_chars` bounds the text as sent (before trimming), as the contract's `maxLength` does.
    pub fn parse(raw: &str, max_chars: usize) -> Result<Self, Invalid> {
        if raw.chars().count() > max_chars {
            return Err(Invalid::new(
                "too_long",
                format!("must be at most {max_chars} characters"),
            )
            .with("max", max_chars));
        }
        if !regex!(*pattern::TEXT).is_match(raw) {
            return Err(if raw.chars().any(is_forbidden) {
                Invalid::new(
                    "invalid_characters",
                    "must not contain control or invisible formatting characters",
                )
                .with("reason", "control")
            } else {
                Invalid::new("blank", "must not be blank")
            });
        }
        Ok(Self(raw.trim().to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Control characters (line breaks included) and the invisible format characters that could hide
/// text: zero-width, bidi overrides, byte-order mark.
pub(crate) fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_bounds() {
        assert_eq!(
            BoundedText::parse("  Wrong name ", 20).map(|t| t.into_string()),
            Ok("Wrong name".into())
        );
        assert_eq!(
            BoundedText::parse("   ", 20).map_err(|e| e.code),
            Err("blank")
        );
        assert_eq!(
            BoundedText::parse("abc", 2).map_err(|e| e.code),
            Err("too_long")
        );
        assert_eq!(
            BoundedText::parse("a\nb", 20).map_err(|e| e.code),
            Err("invalid_characters")
        );
        assert_eq!(
            BoundedText::parse("a\u{202E}b", 20).map_err(|e| e.code),
            Err("invalid_characters")
        );
        assert!(BoundedText::parse("Åsa Öberg", 9).is_ok());
    }
}
