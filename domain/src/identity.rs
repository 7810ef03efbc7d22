//! Identity matching: the rule that gates production. An order can be accepted only when its
//! person data matches the cardholder's verified identity, field by field.

use chrono::NaiveDate;

use crate::name_match::name_agrees;
use crate::{CountryCode, PersonName, PersonalIdentityNumber};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceSource {
    Passport,
    NationalIdCard,
    BankId,
}

impl EvidenceSource {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Passport => "passport",
            Self::NationalIdCard => "national_id_card",
            Self::BankId => "bankid",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Passport, Self::NationalIdCard, Self::BankId]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

impl TryFrom<String> for EvidenceSource {
    type Error = crate::Invalid;
    fn try_from(raw: String) -> Result<Self, crate::Invalid> {
        Self::parse(&raw).ok_or_else(|| crate::Invalid::new("invalid_evidence_source", raw))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceOutcome {
    /// Verified.
    Green,
    /// Unreadable.
    Yellow,
    /// Rejected, with the reason.
    Red(String),
}

/// The name on the evidence, as read from the document's visual zone (national spelling) or from
/// its machine-readable zone (A–Z only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceName {
    Visual(PersonName),
    Mrz {
        surname: String,
        given_names: String,
    },
}

/// Identity evidence of one verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub source: EvidenceSource,
    pub name: EvidenceName,
    pub date_of_birth: NaiveDate,
    /// `None` when the source does not attest one: BankID without the MRTD step-up vouches
    /// for a personal identity number and a name, not a citizenship.
    pub nationality: Option<CountryCode>,
    pub personal_identity_number: Option<PersonalIdentityNumber>,
    pub document_expires_on: Option<NaiveDate>,
    pub outcome: EvidenceOutcome,
}

/// The person data on an order that must match the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderIdentity<'a> {
    pub name: &'a PersonName,
    pub date_of_birth: NaiveDate,
    pub nationality: CountryCode,
    pub personal_identity_number: Option<&'a PersonalIdentityNumber>,
    pub valid_until: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdentityField {
    Surname,
    GivenNames,
    DateOfBirth,
    Nationality,
    PersonalIdentityNumber,
    /// The card would outlive the identity document.
    ValidUntil,
}

impl IdentityField {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Surname => "surname",
            Self::GivenNames => "given_names",
            Self::DateOfBirth => "date_of_birth",
            Self::Nationality => "nationality",
            Self::PersonalIdentityNumber => "personal_identity_number",
            Self::ValidUntil => "valid_until",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityCheck {
    Match,
    Mismatch(Vec<IdentityField>),
    /// No verified (green, unexpired) evidence exists yet.
    Unverified,
}

/// Compares the order with the evidence. Evidence that is not green, or whose document has
/// expired by `today`, verifies nothing.
pub fn check_identity(
    order: &OrderIdentity<'_>,
    evidence: Option<&Evidence>,
    today: NaiveDate,
) -> IdentityCheck {
    let Some(ev) = evidence else {
        return IdentityCheck::Unverified;
    };
    if ev.outcome != EvidenceOutcome::Green || ev.document_expires_on.is_some_and(|d| d < today) {
        return IdentityCheck::Unverified;
    }
    let mut fields = Vec::new();
    let (surname_ok, given_ok) = name_agrees(order.name, &ev.name);
    if !surname_ok {
        fields.push(IdentityField::Surname);
    }
    if !given_ok {
        fields.push(IdentityField::GivenNames);
    }
    if order.date_of_birth != ev.date_of_birth {
        fields.push(IdentityField::DateOfBirth);
    }
    if ev.nationality.is_some_and(|n| n != order.nationality) {
        fields.push(IdentityField::Nationality);
    }
    if let (Some(a), Some(b)) = (
        order.personal_identity_number,
        ev.personal_identity_number.as_ref(),
    ) {
        if a != b {
            fields.push(IdentityField::PersonalIdentityNumber);
        }
    }
    if ev
        .document_expires_on
        .is_some_and(|d| order.valid_until > d)
    {
        fields.push(IdentityField::ValidUntil);
    }
    if fields.is_empty() {
        IdentityCheck::Match
    } else {
        IdentityCheck::Mismatch(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn se() -> CountryCode {
        CountryCode::parse("SE").unwrap_or_else(|_| unreachable!())
    }

    fn name(g: &str, s: &str) -> PersonName {
        PersonName::parse(g, s).unwrap_or_else(|_| unreachable!())
    }

    fn mrz_evidence(surname: &str, given: &str) -> Evidence {
        Evidence {
            source: EvidenceSource::Passport,
            name: EvidenceName::Mrz {
                surname: surname.into(),
                given_names: given.into(),
            },
            date_of_birth: date(1988, 3, 14),
            nationality: Some(se()),
            personal_identity_number: None,
            document_expires_on: Some(date(2031, 5, 1)),
            outcome: EvidenceOutcome::Green,
        }
    }

    fn check(n: &PersonName, ev: &Evidence) -> IdentityCheck {
        let order = OrderIdentity {
            name: n,
            date_of_birth: date(1988, 3, 14),
            nationality: se(),
            personal_identity_number: None,
            valid_until: date(2029, 1, 1),
        };
        check_identity(&order, Some(ev), date(2026, 11, 24))
    }

    #[test]
    fn mrz_name_with_transliteration_matches() {
        let ev = mrz_evidence("OEBERG", "AASA<KARIN");
        assert_eq!(
            check(&name("Åsa Karin", "Öberg"), &ev),
            IdentityCheck::Match
        );
        assert_eq!(
            check(&name("Åsa-Karin", "Öberg"), &ev),
            IdentityCheck::Match
        );
        let ev = mrz_evidence("OBERG", "ASA<KARIN");
        assert_eq!(
            check(&name("Åsa Karin", "Öberg"), &ev),
            IdentityCheck::Match
        );
    }

    #[test]
    fn misspelled_and_reordered_names_do_not_match() {
        let ev = mrz_evidence("OEBERG", "AASA<KARIN");
        assert_eq!(
            check(&name("Åsa Karin", "Öbergh"), &ev),
            IdentityCheck::Mismatch(vec![IdentityField::Surname])
        );
        assert_eq!(
            check(&name("Karin Åsa", "Öberg"), &ev),
            IdentityCheck::Mismatch(vec![IdentityField::GivenNames])
        );
        assert_eq!(
            check(&name("Åsa", "Öberg"), &ev),
            IdentityCheck::Mismatch(vec![IdentityField::GivenNames])
        );
        // Surname and given names swapped.
        assert_eq!(
            check(&name("Öberg", "Åsa Karin"), &ev),
            IdentityCheck::Mismatch(vec![IdentityField::Surname, IdentityField::GivenNames])
        );
    }

    #[test]
    fn visual_zone_keeps_diacritics_but_folds_case_and_separators() {
        let doc = |g: &str, s: &str| Evidence {
            name: EvidenceName::Visual(name(g, s)),
            ..mrz_evidence("X", "Y")
        };
        assert_eq!(
            check(
                &name("Karl-Åke", "Lindström"),
                &doc("KARL ÅKE", "LINDSTRÖM")
            ),
            IdentityCheck::Match
        );
        assert_eq!(
            check(&name("Hans", "Weiß"), &doc("Hans", "WEISS")),
            IdentityCheck::Match
        );
        assert_eq!(
            check(
                &name("Karl-Åke", "Lindstrom"),
                &doc("Karl-Åke", "Lindström")
            ),
            IdentityCheck::Mismatch(vec![IdentityField::Surname])
        );
        assert_eq!(
            check(&name("Søren", "Ølgaard"), &doc("Søren", "Ølgaard")),
            IdentityCheck::Match
        );
    }

    #[test]
    fn date_nationality_and_number() {
        let today = date(2026, 11, 24);
        let n = name("Åsa Karin", "Öberg");
        let pin = PersonalIdentityNumber::parse("811218-9876", today).ok();
        let other = PersonalIdentityNumber::parse("900101-0017", today).ok();
        let ev = Evidence {
            personal_identity_number: pin.clone(),
            ..mrz_evidence("OEBERG", "AASA<KARIN")
        };
        let order = OrderIdentity {
            name: &n,
            date_of_birth: date(1988, 3, 15),
            nationality: CountryCode::parse("NO").unwrap_or_else(|_| unreachable!()),
            personal_identity_number: other.as_ref(),
            valid_until: date(2032, 1, 1),
        };
        assert_eq!(
            check_identity(&order, Some(&ev), today),
            IdentityCheck::Mismatch(vec![
                IdentityField::DateOfBirth,
                IdentityField::Nationality,
                IdentityField::PersonalIdentityNumber,
                IdentityField::ValidUntil
            ])
        );
        // A number on only one side is not compared.
        let order = OrderIdentity {
            personal_identity_number: None,
            date_of_birth: date(1988, 3, 14),
            nationality: se(),
            valid_until: date(2030, 1, 1),
            ..order
        };
        assert_eq!(
            check_identity(&order, Some(&ev), today),
            IdentityCheck::Match
        );
    }

    #[test]
    fn bankid_without_mrtd_vouches_for_number_and_name_not_nationality() {
        let today = date(2026, 11, 24);
        let n = name("Anna Maria", "Bänkström");
        let pin = PersonalIdentityNumber::parse("198112189876", today).ok();
        let ev = Evidence {
            source: EvidenceSource::BankId,
            name: EvidenceName::Visual(name("Anna Maria", "Bänkström")),
            date_of_birth: date(1981, 12, 18),
            nationality: None,
            personal_identity_number: pin.clone(),
            document_expires_on: None,
            outcome: EvidenceOutcome::Green,
        };
        let no = CountryCode::parse("NO").unwrap_or_else(|_| unreachable!());
        let order = OrderIdentity {
            name: &n,
            date_of_birth: date(1981, 12, 18),
            nationality: no,
            personal_identity_number: pin.as_ref(),
            valid_until: date(2031, 1, 1),
        };
        assert_eq!(
            check_identity(&order, Some(&ev), today),
            IdentityCheck::Match
        );
        // With the MRTD step-up the Swedish document vouches for the nationality too.
        let mrtd = Evidence {
            nationality: Some(se()),
            ..ev
        };
        assert_eq!(
            check_identity(&order, Some(&mrtd), today),
            IdentityCheck::Mismatch(vec![IdentityField::Nationality])
        );
    }

    #[test]
    fn unverified_without_green_unexpired_evidence() {
        let n = name("Åsa Karin", "Öberg");
        let order = OrderIdentity {
            name: &n,
            date_of_birth: date(1988, 3, 14),
            nationality: se(),
            personal_identity_number: None,
            valid_until: date(2029, 1, 1),
        };
        let today = date(2026, 11, 24);
        assert_eq!(
            check_identity(&order, None, today),
            IdentityCheck::Unverified
        );
        let yellow = Evidence {
            outcome: EvidenceOutcome::Yellow,
            ..mrz_evidence("OEBERG", "AASA<KARIN")
        };
        assert_eq!(
            check_identity(&order, Some(&yellow), today),
            IdentityCheck::Unverified
        );
        let red = Evidence {
            outcome: EvidenceOutcome::Red("photo".into()),
            ..mrz_evidence("OEBERG", "AASA<KARIN")
        };
        assert_eq!(
            check_identity(&order, Some(&red), today),
            IdentityCheck::Unverified
        );
        let expired = Evidence {
            document_expires_on: Some(date(2026, 11, 23)),
            ..mrz_evidence("OEBERG", "AASA<KARIN")
        };
        assert_eq!(
            check_identity(&order, Some(&expired), today),
            IdentityCheck::Unverified
        );
    }

    #[test]
    fn truncated_td3_given_names() {
        // 39 characters: OEBERG<<MAXIMILIANA<ALEXANDRA<CHRISTINA (cut).
        let surname = "OEBERG";
        let given = "MAXIMILIANA<ALEXANDRA<CHRISTI";
        assert_eq!(surname.len() + 2 + given.len(), 37);
        let given39 = "MAXIMILIANA<ALEXANDRA<CHRISTINA";
        assert_eq!(surname.len() + 2 + given39.len(), 39);
        let n = name("Maximiliana Alexandra Christina Birgitta", "Öberg");
        assert_eq!(
            check(&n, &mrz_evidence(surname, given39)),
            IdentityCheck::Match
        );
        assert_eq!(
            check(&n, &mrz_evidence(surname, given)),
            IdentityCheck::Mismatch(vec![IdentityField::GivenNames])
        );
    }
}
