use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::{luhn, Invalid};

/// A Swedish personal identity number (personnummer) or coordination number (samordningsnummer,
/// day + 60). Stored as 12 digits `YYYYMMDDNNNC`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonalIdentityNumber(String);

impl PersonalIdentityNumber {
    /// `today` resolves the century of the 10-digit forms (`+` marks a person of 100 or more).
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, Invalid> {
        let invalid = || {
            Invalid::new(
                "invalid_personal_identity_number",
                "must be a Swedish personal identity or coordination number like 19811218-9876",
            )
        };
        let s = raw.trim();
        let (body, centenarian) = match s.len() {
            12 => (s.to_owned(), false),
            13 if matches!(s.as_bytes()[8], b'-' | b'+') => {
                (format!("{}{}", &s[..8], &s[9..]), s.as_bytes()[8] == b'+')
            }
            10 => (s.to_owned(), false),
            11 if matches!(s.as_bytes()[6], b'-' | b'+') => {
                (format!("{}{}", &s[..6], &s[7..]), s.as_bytes()[6] == b'+')
            }
            _ => return Err(invalid()),
        };
        if !body.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let full = if body.len() == 12 {
            body
        } else {
            let yy: i32 = body[..2].parse().map_err(|_| invalid())?;
            let mut year = today.year() - (today.year() - yy).rem_euclid(100);
            let month_day = &body[2..6];
            // A birthday later this year than today belongs to the previous century.
            if year == today.year() && month_day > today.format("%m%d").to_string().as_str() {
                year -= 100;
            }
            if centenarian {
                year -= 100;
            }
            format!("{year:04}{body}", body = &body[2..])
        };
        let ten = &full.as_bytes()[2..];
        if !luhn::is_valid(ten) || &full[8..11] == "000" {
            return Err(invalid());
        }
        let pin = Self(full);
        if pin.birth_date().is_none() {
            return Err(invalid());
        }
        Ok(pin)
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    pub fn is_coordination_number(&self) -> bool {
        self.0[6..8] > *"60"
    }

    /// The date encoded in the number (coordination numbers carry day + 60).
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let y: i32 = self.0[..4].parse().ok()?;
        let m: u32 = self.0[4..6].parse().ok()?;
        let mut d: u32 = self.0[6..8].parse().ok()?;
        if d > 60 {
            d -= 60;
        }
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// The number with its last four digits hidden, `YYYYMMDD-****`: what a company's lists
    /// and integrators see.
    pub fn masked(&self) -> String {
        format!("{}-****", &self.0[..8])
    }
}

impl fmt::Display for PersonalIdentityNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..8], &self.0[8..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default()
    }

    fn p(s: &str) -> Result<String, &'static str> {
        PersonalIdentityNumber::parse(s, today())
            .map(|p| p.0)
            .map_err(|e| e.code)
    }

    #[test]
    fn forms() {
        assert_eq!(p("811218-9876"), Ok("198112189876".into()));
        assert_eq!(p("19811218-9876"), Ok("198112189876".into()));
        assert_eq!(p("198112189876"), Ok("198112189876".into()));
        assert_eq!(p("900101-0017"), Ok("199001010017".into()));
        assert_eq!(p("811218+9876"), Ok("188112189876".into()));
    }

    #[test]
    fn coordination_number() {
        let pin = PersonalIdentityNumber::parse("701063-2391", today());
        assert!(pin.as_ref().is_ok_and(|p| p.is_coordination_number()));
        assert_eq!(
            pin.ok().and_then(|p| p.birth_date()),
            NaiveDate::from_ymd_opt(1970, 10, 3)
        );
    }

    #[test]
    fn rejects() {
        for bad in [
            "811218-9877",
            "811318-9876",
            "",
            "abc",
            "8112189876x",
            "811218-0006",
        ] {
            assert!(p(bad).is_err(), "{bad}");
        }
    }
}
