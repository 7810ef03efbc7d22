use std::fmt;

use crate::pattern::{self, regex};
use crate::{CountryCode, Invalid};

/// A postal code. Swedish ones are `NNN NN` (stored as 5 digits); others are free text of at most
/// 12 letters, digits, spaces and hyphens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalCode {
    value: String,
    swedish: bool,
}

impl PostalCode {
    pub const MAX_LEN: usize = 12;

    /// `country` is the address's country; without one, only the generic rule applies.
    pub fn parse(raw: &str, country: Option<CountryCode>) -> Result<Self, Invalid> {
        if country.is_some_and(|c| c.is_sweden()) {
            if !regex!(pattern::POSTAL_CODE_SE).is_match(raw) {
                return Err(Invalid::new(
                    "invalid_postal_code",
                    "a Swedish postal code has five digits, like 114 55",
                )
                .with("reason", "swedish"));
            }
            return Ok(Self {
                value: raw.replace(' ', ""),
                swedish: true,
            });
        }
        if !regex!(pattern::POSTAL_CODE).is_match(raw) {
            return Err(Invalid::new(
                "invalid_postal_code",
                format!("must be 1 to {} letters (A-Z), digits, spaces or hyphens, starting with a letter or digit", Self::MAX_LEN),
            )
            .with("reason", "foreign")
            .with("max", Self::MAX_LEN));
        }
        Ok(Self {
            value: raw.to_owned(),
            swedish: false,
        })
    }

    /// Storage form (Swedish: 5 digits).
    pub fn as_stored(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.swedish {
            write!(f, "{} {}", &self.value[..3], &self.value[3..])
        } else {
            f.write_str(&self.value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish() {
        let se = CountryCode::parse("SE").ok();
        assert_eq!(
            PostalCode::parse("114 55", se).map(|p| (p.as_stored().to_owned(), p.to_string())),
            Ok(("11455".into(), "114 55".into()))
        );
        assert!(PostalCode::parse("11455", se).is_ok());
        assert!(PostalCode::parse("1145", se).is_err());
        assert!(PostalCode::parse("11 455", se).is_err());
        assert!(PostalCode::parse("SW1A 1AA", se).is_err());
    }

    #[test]
    fn other_countries() {
        let gb = CountryCode::parse("GB").ok();
        assert!(PostalCode::parse("SW1A 1AA", gb).is_ok());
        assert!(PostalCode::parse("00-950", CountryCode::parse("PL").ok()).is_ok());
        assert!(PostalCode::parse("1234567890123", gb).is_err());
        assert!(PostalCode::parse("", None).is_err());
    }
}
