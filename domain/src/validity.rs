use chrono::{Months, NaiveDate};

/// Why a card's `valid_until` is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ValidityError {
    #[error("must be after today")]
    NotInFuture,
    #[error("may be at most {max} (5 years for Swedish citizens and holders of a Swedish personal identity or coordination number, otherwise 6 months)")]
    TooLong { max: NaiveDate },
    #[error("must not be after the identity document's expiry {expiry}")]
    AfterDocumentExpiry { expiry: NaiveDate },
}

impl ValidityError {
    /// As the field error of `valid_until` (`invalid_validity`), its kind in `reason`.
    pub fn invalid(&self) -> crate::Invalid {
        let e = crate::Invalid::new("invalid_validity", self.to_string());
        match self {
            ValidityError::NotInFuture => e.with("reason", "not_in_future"),
            ValidityError::TooLong { max } => e.with("reason", "too_long").with("max", max),
            ValidityError::AfterDocumentExpiry { expiry } => e
                .with("reason", "after_document_expiry")
                .with("expiry", expiry),
        }
    }
}

/// Card validity (DESIGN §4): after today; at most 5 years ahead for Swedish citizens and holders
/// of a personnummer or samordningsnummer, at most 6 months otherwise; never after the verified
/// document's expiry.
pub fn check_valid_until(
    valid_until: NaiveDate,
    today: NaiveDate,
    swedish_or_has_number: bool,
    document_expiry: Option<NaiveDate>,
) -> Result<(), ValidityError> {
    if valid_until <= today {
        return Err(ValidityError::NotInFuture);
    }
    let months = if swedish_or_has_number { 60 } else { 6 };
    let max = today
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX);
    if valid_until > max {
        return Err(ValidityError::TooLong { max });
    }
    match document_expiry {
        Some(expiry) if valid_until > expiry => Err(ValidityError::AfterDocumentExpiry { expiry }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn bounds() {
        let today = d(2026, 11, 24);
        assert_eq!(
            check_valid_until(today, today, true, None),
            Err(ValidityError::NotInFuture)
        );
        assert_eq!(
            check_valid_until(d(2031, 11, 24), today, true, None),
            Ok(())
        );
        assert_eq!(
            check_valid_until(d(2031, 11, 25), today, true, None),
            Err(ValidityError::TooLong {
                max: d(2031, 11, 24)
            })
        );
        assert_eq!(
            check_valid_until(d(2027, 5, 24), today, false, None),
            Ok(())
        );
        assert_eq!(
            check_valid_until(d(2027, 5, 25), today, false, None),
            Err(ValidityError::TooLong {
                max: d(2027, 5, 24)
            })
        );
        assert_eq!(
            check_valid_until(d(2029, 1, 2), today, true, Some(d(2029, 1, 1))),
            Err(ValidityError::AfterDocumentExpiry {
                expiry: d(2029, 1, 1)
            })
        );
        // Month ends clamp: 31 August + 6 months is the last day of February.
        assert_eq!(
            check_valid_until(d(2027, 2, 28), d(2026, 8, 31), false, None),
            Ok(())
        );
    }
}
