use std::fmt;

use crate::pattern::{self, regex};
use crate::Invalid;

/// A phone number in E.164 (`+` and at most 15 digits). Swedish national forms (`070-445 07 23`)
/// and the `00` international prefix are normalised; spaces and hyphens are accepted as separators.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if !regex!(pattern::PHONE).is_match(raw) {
            return Err(Invalid::new(
                "invalid_phone",
                "must be a phone number in international form (+46 70 445 07 23) or a Swedish national number (070-445 07 23)",
            ));
        }
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let e164 = if raw.starts_with('+') {
            digits
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.to_owned()
        } else {
            // Swedish national: the trunk 0 becomes +46.
            format!("46{}", &digits[1..])
        };
        Ok(Self(format!("+{e164}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with all but the last two digits hidden, for telling a person where a code went.
    pub fn masked(&self) -> String {
        // E.164 has at least 8 digits here, so the slices below are in bounds.
        let digits = &self.0[1..];
        let hidden = "*".repeat(digits.len() - 4);
        format!("+{} {hidden}{}", &digits[..2], &digits[digits.len() - 2..])
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<String, &'static str> {
        PhoneNumber::parse(s).map(|p| p.0).map_err(|e| e.code)
    }

    #[test]
    fn swedish_national_forms() {
        assert_eq!(p("070-445 07 23"), Ok("+46704450723".into()));
        assert_eq!(p("0704450723"), Ok("+46704450723".into()));
        assert_eq!(p("+46 70 445 07 23"), Ok("+46704450723".into()));
        assert_eq!(p("0046704450723"), Ok("+46704450723".into()));
        assert_eq!(p("08-123 456 78"), Ok("+46812345678".into()));
    }

    #[test]
    fn foreign_numbers() {
        assert_eq!(p("+48 601 234 567"), Ok("+48601234567".into()));
        assert_eq!(p("+4915112345678"), Ok("+4915112345678".into()));
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "+",
            "abc",
            "+46 070 445 07 23",
            "+46 7",
            "70-445",
            "+1234567890123456",
            "+46-",
            "(070) 445",
            "+0123456789",
        ] {
            assert!(p(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn masks_all_but_last_two() {
        assert_eq!(
            PhoneNumber::parse("070-445 07 23").map(|p| p.masked()),
            Ok("+46 *******23".into())
        );
    }
}
