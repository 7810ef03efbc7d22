use std::fmt;

use crate::pattern::{self, regex};
use crate::Invalid;

/// An email address, normalised to lower case (addresses are matched case-insensitively at login).
/// Deliberately simple: one `@`, a dotted domain, no spaces or control characters, RFC 5321 lengths.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if raw.len() > Self::MAX_LEN || !regex!(pattern::EMAIL).is_match(raw) {
            return Err(Invalid::new(
                "invalid_email",
                "must be an email address like name@example.se",
            ));
        }
        Ok(Self(raw.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_lowercases() {
        assert_eq!(
            Email::parse("Asa.Oberg@Example.SE").map(|e| e.0),
            Ok("asa.oberg@example.se".into())
        );
        assert!(Email::parse("a+tag@sub.example.com").is_ok());
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "plain",
            "a@b",
            "a@@b.se",
            "a b@c.se",
            "a@b.se\r\nBcc: x@y.se",
            ".a@b.se",
            "a..b@c.se",
            "a@-b.se",
            "a@b..se",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert!(Email::parse(&format!("{}@b.se", "a".repeat(250))).is_err());
    }
}
