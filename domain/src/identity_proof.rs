//! How a cardholder's identity was proven, as an order's audit trail names it.

use crate::{Evidence, EvidenceSource};

/// How a cardholder's identity was proven when they accepted an order, as the audit trail names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityProof {
    PassportCheck,
    NationalIdCheck,
    BankId,
    /// BankID with its passport / national ID step-up (MRTD).
    BankIdWithDocument,
}

impl IdentityProof {
    pub const ALL: [Self; 4] = [
        Self::PassportCheck,
        Self::NationalIdCheck,
        Self::BankId,
        Self::BankIdWithDocument,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::PassportCheck => "passport_check",
            Self::NationalIdCheck => "national_id_check",
            Self::BankId => "bankid",
            Self::BankIdWithDocument => "bankid_with_document",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The proof the evidence is: BankID evidence attests a nationality only after reading the
    /// document (the MRTD step-up).
    pub fn of(evidence: &Evidence) -> Self {
        match evidence.source {
            EvidenceSource::Passport => Self::PassportCheck,
            EvidenceSource::NationalIdCard => Self::NationalIdCheck,
            EvidenceSource::BankId if evidence.nationality.is_some() => Self::BankIdWithDocument,
            EvidenceSource::BankId => Self::BankId,
        }
    }
}
