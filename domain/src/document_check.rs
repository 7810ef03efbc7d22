//! An identity-document check as the identity-verification partner reports it: the document's
//! fields, the machine-readable zone when it was read, the person's email, and the outcome. The
//! rules that make a report consistent live here; the portrait is checked where images are
//! decoded.

use chrono::NaiveDate;

use crate::{
    CountryCode, DocumentClaim, Email, EvidenceSource, Invalid, Mrz, MrzField, MrzFormat,
    PersonName, PersonalIdentityNumber,
};

/// The document the person showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentType {
    Passport,
    NationalIdCard,
}

impl DocumentType {
    pub fn as_str(self) -> &'static str {
        self.source().as_str()
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Passport, Self::NationalIdCard]
            .into_iter()
            .find(|t| t.as_str() == raw)
    }

    /// What the evidence made from it is.
    pub fn source(self) -> EvidenceSource {
        match self {
            Self::Passport => EvidenceSource::Passport,
            Self::NationalIdCard => EvidenceSource::NationalIdCard,
        }
    }

    /// Whether a zone of `format` can be on this document (TD3 is a passport's; TD1 a card's;
    /// TD2 either).
    fn takes(self, format: MrzFormat) -> bool {
        matches!(
            (self, format),
            (Self::Passport, MrzFormat::Td3 | MrzFormat::Td2)
                | (Self::NationalIdCard, MrzFormat::Td1 | MrzFormat::Td2)
        )
    }
}

impl TryFrom<String> for DocumentType {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw).ok_or_else(|| Invalid::new("invalid_document_type", raw))
    }
}

/// What the verifier concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOutcome {
    /// The document is genuine and the person is its holder.
    Green,
    /// Inconclusive (unreadable, damaged); the person may come back with another document.
    Yellow { reason: String },
    /// Refused (not genuine, not the holder).
    Red { reason: String },
}

impl CheckOutcome {
    pub fn as_str(&self) -> &'static str {
        self.verdict().as_str()
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::Green => None,
            Self::Yellow { reason } | Self::Red { reason } => Some(reason),
        }
    }

    pub fn verdict(&self) -> crate::Verdict {
        match self {
            Self::Green => crate::Verdict::Green,
            Self::Yellow { .. } => crate::Verdict::Yellow,
            Self::Red { .. } => crate::Verdict::Red,
        }
    }
}

/// A document check, parsed.
#[derive(Debug, Clone)]
pub struct DocumentCheck {
    pub document_type: DocumentType,
    /// Letters and digits, upper case.
    pub document_number: String,
    pub issuing_country: CountryCode,
    pub name: PersonName,
    pub date_of_birth: NaiveDate,
    pub nationality: CountryCode,
    pub expires_on: NaiveDate,
    pub personal_identity_number: Option<PersonalIdentityNumber>,
    pub mrz: Option<Mrz>,
    pub email: Email,
    pub outcome: CheckOutcome,
}

/// A document number: 1 to 20 letters and digits (spaces ignored, any case).
pub fn parse_document_number(raw: &str) -> Result<String, Invalid> {
    let n: String = raw
        .chars()
        .filter(|c| *c != ' ')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if (1..=20).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(n)
    } else {
        Err(Invalid::new(
            "invalid_document_number",
            "must be 1 to 20 letters and digits",
        ))
    }
}

impl DocumentCheck {
    /// Every inconsistency of the report, by field: a green check on an expired document, a
    /// birth date in the future or unlike the identity number's, a zone of the wrong document
    /// type, and every field the zone does not bear out.
    pub fn problems(&self, today: NaiveDate) -> Vec<(&'static str, Invalid)> {
        let mut out = Vec::new();
        if self.outcome == CheckOutcome::Green && self.expires_on < today {
            out.push((
                "document_expires_on",
                Invalid::new(
                    "document_expired",
                    "the document has expired: a check of it cannot be green",
                ),
            ));
        }
        if self.date_of_birth > today {
            out.push((
                "date_of_birth",
                Invalid::new("in_future", "is in the future").with("reason", "document"),
            ));
        }
        if let Some(pin) = &self.personal_identity_number {
            if pin.birth_date().is_some_and(|d| d != self.date_of_birth) {
                out.push((
                    "personal_identity_number",
                    Invalid::new("date_of_birth_mismatch", "does not carry the date of birth"),
                ));
            }
        }
        if let Some(zone) = &self.mrz {
            if !self.document_type.takes(zone.format) {
                out.push((
                    "mrz",
                    Invalid::new(
                        "mrz_document_type",
                        "is not the zone of this type of document",
                    ),
                ));
            }
            let claim = DocumentClaim {
                document_number: &self.document_number,
                issuing_country: self.issuing_country,
                surname: self.name.surname(),
                given_names: self.name.given_names(),
                date_of_birth: self.date_of_birth,
                nationality: self.nationality,
                expires_on: self.expires_on,
            };
            // Each disagreement is named by the field the zone does not bear out.
            for field in zone.disagreements(&claim, today) {
                let name = match field {
                    MrzField::Expiry => "document_expires_on",
                    other => other.as_str(),
                };
                out.push((
                    name,
                    Invalid::new(
                        "mrz_disagrees",
                        "does not agree with the machine-readable zone",
                    ),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up Swedish passport with correct check digits.
    const TD3: &str = "P<SWELIND<<MAJA<ELISABET<<<<<<<<<<<<<<<<<<<<\nAB12345671SWE9005178F3105010<<<<<<<<<<<<<<<2";

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn specimen() -> DocumentCheck {
        DocumentCheck {
            document_type: DocumentType::Passport,
            document_number: "AB1234567".into(),
            issuing_country: CountryCode::parse("SE").unwrap_or_else(|e| panic!("{e:?}")),
            name: PersonName::parse("Maja Elisabet", "Lind").unwrap_or_else(|e| panic!("{e:?}")),
            date_of_birth: date(1990, 5, 17),
            nationality: CountryCode::parse("SWE").unwrap_or_else(|e| panic!("{e:?}")),
            expires_on: date(2031, 5, 1),
            personal_identity_number: None,
            mrz: Some(Mrz::parse(TD3).unwrap_or_else(|e| panic!("{e:?}"))),
            email: Email::parse("maja@example.se").unwrap_or_else(|e| panic!("{e:?}")),
            outcome: CheckOutcome::Green,
        }
    }

    fn codes(c: &DocumentCheck, today: NaiveDate) -> Vec<&'static str> {
        c.problems(today).into_iter().map(|(_, e)| e.code).collect()
    }

    #[test]
    fn the_specimen_agrees_with_its_zone_while_valid() {
        assert!(codes(&specimen(), date(2030, 1, 1)).is_empty());
    }

    #[test]
    fn a_green_check_of_an_expired_document_is_refused() {
        assert_eq!(
            codes(&specimen(), date(2032, 1, 1)),
            vec!["document_expired"]
        );
        let mut red = specimen();
        red.outcome = CheckOutcome::Red {
            reason: "expired".into(),
        };
        assert!(
            codes(&red, date(2032, 1, 1)).is_empty(),
            "a red check may name an expired document"
        );
    }

    #[test]
    fn fields_the_zone_does_not_bear_out_are_named() {
        let mut c = specimen();
        c.document_number = "AB1234568".into();
        c.date_of_birth = date(1990, 5, 18);
        // One entry per field, named by the field.
        let problems: Vec<(&str, &str)> = c
            .problems(date(2030, 1, 1))
            .into_iter()
            .map(|(f, e)| (f, e.code))
            .collect();
        assert_eq!(
            problems,
            [
                ("document_number", "mrz_disagrees"),
                ("date_of_birth", "mrz_disagrees")
            ]
        );
    }

    #[test]
    fn a_passport_zone_on_an_id_card_is_refused() {
        let mut c = specimen();
        c.document_type = DocumentType::NationalIdCard;
        assert!(codes(&c, date(2030, 1, 1)).contains(&"mrz_document_type"));
    }

    #[test]
    fn document_numbers() {
        assert_eq!(
            parse_document_number("l898 902c3").ok(),
            Some("L898902C3".into())
        );
        assert!(parse_document_number("").is_err());
        assert!(parse_document_number("AB-12").is_err());
    }
}
