//! A cardholder's order with what its review depends on — the account (contact details) and the
//! latest verified identity — parsed into domain types and compared by the domain's rules.

use crate::ProblemCode;
use chrono::NaiveDate;
use domain::{
    check_identity, AcceptanceRefusal, AccountId, ContactDetails, CountryCode, Evidence,
    EvidenceName, EvidenceOutcome, IdentityCheck, IdentityField, IdentityRefusal, NameZone,
    OrderId, OrderIdentity, OrderStatus, PersonName, PersonalIdentityNumber, Verdict,
};
use persistence::{orders, AccountRow, DbConn, EvidenceRow, OrderRow, OrderWithCompany};

use crate::error::{AppError, AppResult, FieldError};
use crate::identity::person;
use crate::opened;
use crate::vault::Vault;

/// An order of the caller, as read.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub order: OrderWithCompany,
    pub account: AccountRow,
    pub evidence: Option<EvidenceRow>,
}

/// What the rules say about a loaded order.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub identity: IdentityCheck,
    pub contact: ContactDetails,
    /// For a mismatch, both values of each field that differs.
    pub mismatches: Vec<Mismatch>,
}

/// One field on which the order and the verified identity differ, with both values as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub field: IdentityField,
    pub order_value: String,
    pub verified_value: String,
}

/// A loaded order and what the rules say about it: what a review shows.
#[derive(Debug, Clone)]
pub struct Reviewed {
    pub loaded: Loaded,
    pub assessment: Assessment,
}

/// The caller's order, or 404 (also for other people's orders).
pub fn load(
    conn: &mut DbConn,
    vault: &Vault,
    order_id: &OrderId,
    account_id: &AccountId,
    today: NaiveDate,
) -> AppResult<Loaded> {
    let (order, account, evidence) =
        orders::find_for_review(conn, order_id, account_id)?.ok_or(AppError::NotFound)?;
    let evidence = person::of_rows(vault, account_id, evidence, today)?
        .and_then(|identity| identity.into_current(today));
    Ok(Loaded {
        order,
        account,
        evidence,
    })
}

/// The verified identity of an evidence row, in domain terms.
pub fn evidence_of(vault: &Vault, row: &EvidenceRow, today: NaiveDate) -> AppResult<Evidence> {
    let corrupt = |what, e: &dyn std::fmt::Display| AppError::corrupt(what, e);
    let name = match row.name_zone {
        NameZone::Mrz => EvidenceName::Mrz {
            surname: row.surname.clone(),
            given_names: row.given_names.clone(),
        },
        NameZone::Visual => EvidenceName::Visual(
            PersonName::parse(&row.given_names, &row.surname)
                .map_err(|(_, e)| corrupt("evidence name", &e))?,
        ),
    };
    let outcome = match row.outcome {
        Verdict::Green => EvidenceOutcome::Green,
        Verdict::Yellow => EvidenceOutcome::Yellow,
        Verdict::Red => EvidenceOutcome::Red(row.rejection_reason.clone().unwrap_or_default()),
    };
    Ok(Evidence {
        source: row.source,
        name,
        date_of_birth: row.date_of_birth,
        nationality: row
            .nationality
            .as_deref()
            .map(CountryCode::parse)
            .transpose()
            .map_err(|e| corrupt("nationality", &e))?,
        personal_identity_number: opened::evidence_number(vault, row, today)?,
        document_expires_on: row.document_expires_on,
        outcome,
    })
}

impl Loaded {
    pub fn status(&self) -> OrderStatus {
        self.order.order.status
    }

    /// The version of what a review shows: the order's and the contact details'.
    pub fn version(&self) -> String {
        format!("{}.{}", self.order.order.version, self.account.version)
    }

    /// Compares the order with the verified identity and parses the contact details.
    pub fn assess(&self, vault: &Vault, today: NaiveDate) -> AppResult<Assessment> {
        let compared = compare(vault, &self.order.order, self.evidence.as_ref(), today)?;
        let contact = ContactDetails::parse_stored(&self.account.contact())
            .map_err(|e| AppError::corrupt("contact details", format!("{e:?}")))?;
        Ok(Assessment {
            identity: compared.identity,
            contact,
            mismatches: compared.mismatches,
        })
    }

    /// The 422 a refused accept answers, naming every field to fix (`mismatches`: the
    /// assessment's).
    pub fn refusal(&self, r: AcceptanceRefusal, mismatches: &[Mismatch]) -> AppError {
        let mut errors = Vec::new();
        let (code, detail) = match &r.identity {
            None => (
                ProblemCode::ContactDetailsIncomplete,
                "problem-contact-details-incomplete",
            ),
            Some(IdentityRefusal::Unverified) => {
                errors.push(FieldError::new(
                    "verified_identity",
                    "missing",
                    crate::texts::Text::new("field-verified_identity-missing"),
                ));
                (
                    ProblemCode::IdentityUnverified,
                    "problem-identity-unverified",
                )
            }
            Some(IdentityRefusal::Mismatch(fields)) => {
                for m in mismatches.iter().filter(|m| fields.contains(&m.field)) {
                    let (f, order_value, verified_value) =
                        (m.field, &m.order_value, &m.verified_value);
                    errors.push(FieldError::new(
                        f.as_str(),
                        "mismatch",
                        crate::texts::Text::new("field-mismatch")
                            .with("order_value", order_value.as_str())
                            .with("verified_value", verified_value.as_str()),
                    ));
                }
                (ProblemCode::IdentityMismatch, "problem-identity-mismatch")
            }
        };
        for f in r.missing_contact {
            errors.push(FieldError::new(
                format!("contact_details.{}", f.as_str()),
                "missing",
                crate::texts::Text::new("field-contact-missing"),
            ));
        }
        AppError::Unprocessable {
            code,
            detail: crate::texts::Text::new(detail),
            errors,
        }
    }
}

/// An order compared with a verified identity.
#[derive(Debug, Clone)]
pub struct Compared {
    pub identity: IdentityCheck,
    pub mismatches: Vec<Mismatch>,
    /// The order's personal identity number, opened.
    pub order_number: Option<PersonalIdentityNumber>,
}

/// Compares an order with a verified identity by the domain's rules (no evidence: unverified),
/// with both values of every field that differs.
pub fn compare(
    vault: &Vault,
    o: &OrderRow,
    evidence: Option<&EvidenceRow>,
    today: NaiveDate,
) -> AppResult<Compared> {
    let name = PersonName::parse(&o.given_names, &o.surname)
        .map_err(|(_, e)| AppError::corrupt("order name", e))?;
    let nationality = CountryCode::parse(&o.nationality)
        .map_err(|e| AppError::corrupt("order nationality", e))?;
    let pin = opened::order_number(vault, o, today)?;
    let evidence = evidence
        .map(|e| evidence_of(vault, e, today).map(|v| (e, v)))
        .transpose()?;
    let order_identity = OrderIdentity {
        name: &name,
        date_of_birth: o.date_of_birth,
        nationality,
        personal_identity_number: pin.as_ref(),
        valid_until: o.valid_until,
    };
    let identity = check_identity(&order_identity, evidence.as_ref().map(|(_, v)| v), today);
    let fields: &[IdentityField] = match &identity {
        IdentityCheck::Mismatch(fields) => fields,
        _ => &[],
    };
    let mismatches = fields
        .iter()
        .map(|&field| {
            let (order_value, verified_value) = mismatch(o, pin.as_ref(), evidence.as_ref(), field);
            Mismatch {
                field,
                order_value,
                verified_value,
            }
        })
        .collect();
    Ok(Compared {
        identity,
        mismatches,
        order_number: pin,
    })
}

/// What the order says and what the verified identity says for one field.
fn mismatch(
    o: &OrderRow,
    pin: Option<&PersonalIdentityNumber>,
    e: Option<&(&EvidenceRow, Evidence)>,
    field: IdentityField,
) -> (String, String) {
    let ev =
        |f: &dyn Fn(&EvidenceRow, &Evidence) -> String| e.map(|(r, v)| f(r, v)).unwrap_or_default();
    match field {
        IdentityField::Surname => (o.surname.clone(), ev(&|r, _| r.surname.clone())),
        IdentityField::GivenNames => (o.given_names.clone(), ev(&|r, _| r.given_names.clone())),
        IdentityField::DateOfBirth => (
            o.date_of_birth.to_string(),
            ev(&|r, _| r.date_of_birth.to_string()),
        ),
        IdentityField::Nationality => (
            o.nationality.clone(),
            ev(&|r, _| r.nationality.clone().unwrap_or_default()),
        ),
        IdentityField::PersonalIdentityNumber => (
            pin.map(|p| p.digits().to_owned()).unwrap_or_default(),
            ev(&|_, v| {
                v.personal_identity_number
                    .as_ref()
                    .map(|p| p.digits().to_owned())
                    .unwrap_or_default()
            }),
        ),
        IdentityField::ValidUntil => (
            o.valid_until.to_string(),
            ev(&|r, _| {
                r.document_expires_on
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            }),
        ),
    }
}
