use std::fmt;

use chrono::NaiveDate;

use crate::Invalid;

/// A date of birth (`YYYY-MM-DD`), not in the future and not before 1900.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateOfBirth(NaiveDate);

impl DateOfBirth {
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, Invalid> {
        let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
            .ok()
            .filter(|_| raw.trim().len() == 10)
            .ok_or_else(|| Invalid::new("invalid_date", "must be a date like 1985-04-23"))?;
        Self::from_date(date, today)
    }

    pub fn from_date(date: NaiveDate, today: NaiveDate) -> Result<Self, Invalid> {
        if date > today {
            return Err(Invalid::new("in_future", "must not be in the future"));
        }
        if date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
            return Err(Invalid::new("too_early", "must not be before 1900-01-01"));
        }
        Ok(Self(date))
    }

    pub fn date(&self) -> NaiveDate {
        self.0
    }
}

impl fmt::Display for DateOfBirth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default();
        assert!(DateOfBirth::parse("1985-04-23", today).is_ok());
        assert_eq!(
            DateOfBirth::parse("2027-01-01", today).map_err(|e| e.code),
            Err("in_future")
        );
        assert_eq!(
            DateOfBirth::parse("1899-12-31", today).map_err(|e| e.code),
            Err("too_early")
        );
        assert_eq!(
            DateOfBirth::parse("1985-02-30", today).map_err(|e| e.code),
            Err("invalid_date")
        );
        assert_eq!(
            DateOfBirth::parse("85-04-23", today).map_err(|e| e.code),
            Err("invalid_date")
        );
        assert_eq!(
            DateOfBirth::parse("1985-4-23", today).map_err(|e| e.code),
            Err("invalid_date")
        );
    }
}
