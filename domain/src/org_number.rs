use std::fmt;

use crate::{luhn, Invalid};

/// A Swedish organisation number: 10 digits, Luhn check digit, 3rd–4th digits at least 20.
/// Written `NNNNNN-NNNN`; the 12-digit form with the `16` prefix is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrgNumber(String);

impl OrgNumber {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let invalid = |msg: &str, reason: &str| {
            Invalid::new("invalid_org_number", msg.to_owned()).with("reason", reason)
        };
        let s = raw.trim();
        let digits: String = match s.len() {
            11 if s.as_bytes()[6] == b'-' => format!("{}{}", &s[..6], &s[7..]),
            10 => s.to_owned(),
            12 if s.starts_with("16") => s[2..].to_owned(),
            13 if s.starts_with("16") && s.as_bytes()[8] == b'-' => {
                format!("{}{}", &s[2..8], &s[9..])
            }
            _ => {
                return Err(invalid(
                    "must be a Swedish organisation number like 556547-9770",
                    "form",
                ))
            }
        };
        if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(
                "must be a Swedish organisation number like 556547-9770",
                "form",
            ));
        }
        if digits[2..4] < *"20" {
            return Err(invalid("3rd and 4th digits must be at least 20", "group"));
        }
        if !luhn::is_valid(digits.as_bytes()) {
            return Err(invalid("check digit does not match", "check_digit"));
        }
        Ok(Self(digits))
    }

    /// The 10 digits without separator (storage form).
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..6], &self.0[6..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers() {
        for ok in [
            "556547-9770",
            "5565479770",
            "165565479770",
            "556036-0793",
            "212000-0142",
            "212000-1355",
        ] {
            assert!(OrgNumber::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            OrgNumber::parse("5565479770").map(|o| o.to_string()),
            Ok("556547-9770".into())
        );
    }

    #[test]
    fn invalid_numbers() {
        assert!(OrgNumber::parse("556547-9771").is_err());
        // A personnummer has a month in digits 3-4.
        assert!(OrgNumber::parse("811218-9876").is_err());
        assert!(OrgNumber::parse("55654-79770").is_err());
        assert!(OrgNumber::parse("").is_err());
    }
}
