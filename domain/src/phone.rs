use std::fmt;

use phonenumber::{country, Mode, Type};

use crate::pattern::{self, regex};
use crate::Invalid;

/// A phone number in E.164, checked against libphonenumber's numbering plans (the `phonenumber`
/// crate). Swedish national forms (`070-445 07 23`) and the `00` international prefix are
/// accepted; spaces and hyphens are separators. The shape is first checked with
/// [`pattern::PHONE`], the pattern the contract publishes, so anything accepted here matches it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let invalid = || {
            Invalid::new(
                "invalid_phone",
                "must be a phone number in international form (+46 70 445 07 23) or a Swedish national number (070-445 07 23)",
            )
            .with("reason", "form")
        };
        if !regex!(pattern::PHONE).is_match(raw) {
            return Err(invalid());
        }
        // libphonenumber reads `00` as a prefix only in some regions; make it `+` first.
        let international = raw
            .strip_prefix("00")
            .map_or_else(|| raw.to_owned(), |rest| format!("+{rest}"));
        let number =
            phonenumber::parse(Some(country::Id::SE), &international).map_err(|_| invalid())?;
        if !number.is_valid() {
            return Err(Invalid::new(
                "invalid_phone",
                "is not a number in use in its country's numbering plan",
            )
            .with("reason", "not_in_use"));
        }
        Ok(Self(number.format().mode(Mode::E164).to_string()))
    }

    /// A number as [`PhoneNumber::parse`] wrote it (E.164), read back from storage: only the form
    /// is checked. Its numbering plan was checked when it was entered. Checking it again on every
    /// read would cost a libphonenumber parse (a tenth of an order review's time) and would make a
    /// stored number unreadable the day the plans it was checked against change.
    pub fn parse_stored(raw: &str) -> Result<Self, Invalid> {
        let digits = raw.strip_prefix('+').unwrap_or("");
        let e164 = (7..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if e164 {
            Ok(Self(raw.to_owned()))
        } else {
            Err(
                Invalid::new("invalid_phone", "is not a stored E.164 number")
                    .with("reason", "form"),
            )
        }
    }

    /// A number that can receive SMS: a mobile number, or one whose country does not tell
    /// mobile and fixed-line numbers apart (the USA, for example).
    pub fn parse_mobile(raw: &str) -> Result<Self, Invalid> {
        let phone = Self::parse(raw)?;
        if phone.can_receive_sms() {
            Ok(phone)
        } else {
            Err(Invalid::new(
                "not_a_mobile_number",
                "must be a mobile number: sign-in codes are sent by SMS",
            ))
        }
    }

    pub fn can_receive_sms(&self) -> bool {
        phonenumber::parse(None, &self.0).is_ok_and(|n| {
            matches!(
                n.number_type(&phonenumber::metadata::DATABASE),
                Type::Mobile | Type::FixedLineOrMobile
            )
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with all but the last two digits hidden, for telling a person where a code went.
    pub fn masked(&self) -> String {
        // A valid E.164 number has at least 7 digits, so the slices below are in bounds.
        let digits = &self.0[1..];
        let hidden = "*".repeat(digits.len().saturating_sub(4));
        format!(
            "+{} {hidden}{}",
            &digits[..2],
            &digits[digits.len().saturating_sub(2)..]
        )
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

    fn mobile(s: &str) -> Result<String, &'static str> {
        PhoneNumber::parse_mobile(s)
            .map(|p| p.0)
            .map_err(|e| e.code)
    }

    #[test]
    fn stored_numbers_are_read_back_by_form() {
        for ok in ["+46704450723", "+16502530000", "+4915112345678"] {
            assert_eq!(
                PhoneNumber::parse_stored(ok).map(|p| p.0),
                Ok(ok.to_owned())
            );
            assert_eq!(
                p(ok),
                Ok(ok.to_owned()),
                "parse writes what parse_stored reads"
            );
        }
        for bad in [
            "",
            "+",
            "46704450723",
            "+046704450723",
            "+46 70 445 07 23",
            "+123456",
            "+1234567890123456",
            "+4670445072x",
        ] {
            assert!(PhoneNumber::parse_stored(bad).is_err(), "{bad}");
        }
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
        assert_eq!(p("+1 650 253 0000"), Ok("+16502530000".into()));
    }

    #[test]
    fn rejects_shapes_and_numbers_not_in_any_plan() {
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
            // Shaped like numbers, but not in the numbering plans.
            "+46 10 000 00",
            "+1 000 000 0000",
            "+44 0000 000000",
        ] {
            assert!(p(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_mobile_numbers_take_sms() {
        assert_eq!(mobile("070-445 07 23"), Ok("+46704450723".into()));
        assert_eq!(mobile("+48 601 234 567"), Ok("+48601234567".into()));
        // A US number may be either; it is let through.
        assert_eq!(mobile("+1 650 253 0000"), Ok("+16502530000".into()));
        // Stockholm fixed line, a Swedish freephone, a German landline.
        for fixed in ["08-123 456 78", "020-123 456", "+49 30 1234567"] {
            assert_eq!(mobile(fixed), Err("not_a_mobile_number"), "{fixed}");
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
