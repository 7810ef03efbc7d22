//! The cardholder's view of an order: stored rows parsed into domain types, compared with the
//! verified identity, and shaped for the API. Shared by the review, accept and reject endpoints.

use chrono::NaiveDate;
use domain::{
    check_identity, ContactDetails, CountryCode, Evidence, EvidenceName, EvidenceOutcome,
    EvidenceSource, IdentityCheck, IdentityField, OrderIdentity, OrderStatus, PersonName,
    PersonalIdentityNumber,
};
use persistence::{accounts, evidence, orders, AccountRow, DbConn, EvidenceRow, OrderWithCompany};

use crate::dto::me::{ContactDetailsView, VerifiedIdentity};
use crate::dto::orders::{
    CompanyRef, IdentityCheckView, IdentityMismatch, OrderReview, OrderSummary,
};
use crate::error::{ApiError, ApiResult, FieldError};

/// An order of the caller with what its review depends on.
pub struct Loaded {
    pub order: OrderWithCompany,
    pub account: AccountRow,
    pub evidence: Option<EvidenceRow>,
}

/// What the rules say about a loaded order.
pub struct Assessment {
    pub status: OrderStatus,
    pub identity: IdentityCheck,
    pub contact: ContactDetails,
}

/// The caller's order for a read, in one query with the session check: 401 if the session is not
/// live, 404 if the order is not theirs.
pub fn load_for(
    conn: &mut DbConn,
    bearer: &crate::auth::principal::Bearer,
    order_id: &str,
    now: chrono::NaiveDateTime,
) -> ApiResult<Loaded> {
    let (account_id, session_id) = bearer.subject();
    let found = if crate::ids::is_id(order_id, "ord") {
        orders::find_for_live_session(conn, order_id, account_id, session_id, now)?
    } else {
        None
    };
    let Some((order, account)) = found else {
        bearer.session(conn, now)?;
        return Err(ApiError::NotFound);
    };
    let evidence = evidence::latest_verified(conn, account_id)?;
    Ok(Loaded {
        order,
        account,
        evidence,
    })
}

/// The caller's order, or 404 (also for other people's orders).
pub fn load(conn: &mut DbConn, order_id: &str, account_id: &str) -> ApiResult<Loaded> {
    if !crate::ids::is_id(order_id, "ord") {
        return Err(ApiError::NotFound);
    }
    let order = orders::find_for_account(conn, order_id, account_id)?.ok_or(ApiError::NotFound)?;
    let account = accounts::find(conn, account_id)?.ok_or(ApiError::NotFound)?;
    let evidence = evidence::latest_verified(conn, account_id)?;
    Ok(Loaded {
        order,
        account,
        evidence,
    })
}

fn corrupt(what: &str, detail: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("stored {what} does not parse: {detail}"))
}

pub fn status_of(raw: &str) -> ApiResult<OrderStatus> {
    OrderStatus::parse(raw).ok_or_else(|| corrupt("order status", raw))
}

pub fn evidence_of(row: &EvidenceRow, today: NaiveDate) -> ApiResult<Evidence> {
    let name = match row.name_zone.as_str() {
        "mrz" => EvidenceName::Mrz {
            surname: row.surname.clone(),
            given_names: row.given_names.clone(),
        },
        _ => EvidenceName::Visual(
            PersonName::parse(&row.given_names, &row.surname)
                .map_err(|(_, e)| corrupt("evidence name", e))?,
        ),
    };
    let outcome = match row.outcome.as_str() {
        "green" => EvidenceOutcome::Green,
        "yellow" => EvidenceOutcome::Yellow,
        _ => EvidenceOutcome::Red(row.rejection_reason.clone().unwrap_or_default()),
    };
    Ok(Evidence {
        source: EvidenceSource::parse(&row.source)
            .ok_or_else(|| corrupt("evidence source", &row.source))?,
        name,
        date_of_birth: row.date_of_birth,
        nationality: CountryCode::parse(&row.nationality).map_err(|e| corrupt("nationality", e))?,
        personal_identity_number: row
            .personal_identity_number
            .as_deref()
            .map(|p| PersonalIdentityNumber::parse(p, today))
            .transpose()
            .map_err(|e| corrupt("personal identity number", e))?,
        document_expires_on: row.document_expires_on,
        outcome,
    })
}

impl Loaded {
    /// Changes whenever the order or the contact details change.
    pub fn version(&self) -> String {
        format!("{}.{}", self.order.order.version, self.account.version)
    }

    pub fn etag(&self) -> String {
        format!("\"{}\"", self.version())
    }

    pub fn assess(&self, today: NaiveDate) -> ApiResult<Assessment> {
        let o = &self.order.order;
        let name = PersonName::parse(&o.given_names, &o.surname)
            .map_err(|(_, e)| corrupt("order name", e))?;
        let nationality =
            CountryCode::parse(&o.nationality).map_err(|e| corrupt("order nationality", e))?;
        let pin = o
            .personal_identity_number
            .as_deref()
            .map(|p| PersonalIdentityNumber::parse(p, today))
            .transpose()
            .map_err(|e| corrupt("order personal identity number", e))?;
        let evidence = self
            .evidence
            .as_ref()
            .map(|e| evidence_of(e, today))
            .transpose()?;
        let order_identity = OrderIdentity {
            name: &name,
            date_of_birth: o.date_of_birth,
            nationality,
            personal_identity_number: pin.as_ref(),
            valid_until: o.valid_until,
        };
        let identity = check_identity(&order_identity, evidence.as_ref(), today);
        let contact = ContactDetails::parse(&self.account.contact())
            .map_err(|e| corrupt("contact details", format!("{e:?}")))?;
        Ok(Assessment {
            status: status_of(&o.status)?,
            identity,
            contact,
        })
    }

    fn mismatch(&self, field: IdentityField) -> IdentityMismatch {
        let o = &self.order.order;
        let e = self.evidence.as_ref();
        let ev = |f: fn(&EvidenceRow) -> String| e.map(f).unwrap_or_default();
        let (order_value, verified_value) = match field {
            IdentityField::Surname => (o.surname.clone(), ev(|e| e.surname.clone())),
            IdentityField::GivenNames => (o.given_names.clone(), ev(|e| e.given_names.clone())),
            IdentityField::DateOfBirth => (
                o.date_of_birth.to_string(),
                ev(|e| e.date_of_birth.to_string()),
            ),
            IdentityField::Nationality => (o.nationality.clone(), ev(|e| e.nationality.clone())),
            IdentityField::PersonalIdentityNumber => (
                o.personal_identity_number.clone().unwrap_or_default(),
                ev(|e| e.personal_identity_number.clone().unwrap_or_default()),
            ),
            IdentityField::ValidUntil => (
                o.valid_until.to_string(),
                ev(|e| {
                    e.document_expires_on
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                }),
            ),
        };
        IdentityMismatch {
            field: field.as_str().to_owned(),
            order_value,
            verified_value,
        }
    }

    pub fn identity_view(&self, a: &Assessment) -> IdentityCheckView {
        match &a.identity {
            IdentityCheck::Match => IdentityCheckView {
                result: "match".into(),
                mismatches: vec![],
            },
            IdentityCheck::Unverified => IdentityCheckView {
                result: "unverified".into(),
                mismatches: vec![],
            },
            IdentityCheck::Mismatch(fields) => IdentityCheckView {
                result: "mismatch".into(),
                mismatches: fields.iter().map(|f| self.mismatch(*f)).collect(),
            },
        }
    }

    /// Why the order cannot be accepted as it stands, as a 422; `None` when it can.
    pub fn acceptance_problem(&self, a: &Assessment) -> Option<ApiError> {
        let mut errors: Vec<FieldError> = Vec::new();
        let mut code = "contact_details_incomplete";
        match &a.identity {
            IdentityCheck::Match => {}
            IdentityCheck::Unverified => {
                code = "identity_unverified";
                errors.push(FieldError::new(
                    "verified_identity",
                    "missing",
                    "Verify your identity with a passport, national ID card or BankID first.",
                ));
            }
            IdentityCheck::Mismatch(fields) => {
                code = "identity_mismatch";
                for f in fields {
                    let m = self.mismatch(*f);
                    errors.push(FieldError::new(
                        m.field.clone(),
                        "mismatch",
                        format!("The order says \"{}\" but your verified identity says \"{}\". Reject the order so your company can correct it.", m.order_value, m.verified_value),
                    ));
                }
            }
        }
        for f in a.contact.missing() {
            errors.push(FieldError::new(
                format!("contact_details.{}", f.as_str()),
                "missing",
                "Required before you can accept.",
            ));
        }
        if errors.is_empty() {
            return None;
        }
        let detail = match code {
            "identity_mismatch" => "The order does not match your verified identity.",
            "identity_unverified" => "Your identity has not been verified yet.",
            _ => "Complete your contact details before accepting.",
        };
        Some(ApiError::Unprocessable {
            code,
            detail: detail.into(),
            errors,
        })
    }

    pub fn review(&self, a: &Assessment) -> OrderReview {
        let o = &self.order.order;
        let identity_check = self.identity_view(a);
        OrderReview {
            id: o.id.clone(),
            status: a.status.as_str().to_owned(),
            status_label: a.status.label().to_owned(),
            card_type: o.card_type.clone(),
            company: company_ref(&self.order),
            full_name: format!("{} {}", o.given_names, o.surname),
            given_names: o.given_names.clone(),
            surname: o.surname.clone(),
            name_to_print: o.name_to_print.clone(),
            date_of_birth: o.date_of_birth,
            nationality_in_order: o.nationality.clone(),
            verified_nationality: self.evidence.as_ref().map(|e| e.nationality.clone()),
            valid_until: o.valid_until,
            can_accept: a.status == OrderStatus::WaitingForReview
                && self.acceptance_problem(a).is_none(),
            identity_check,
            contact_details: ContactDetailsView::from(&a.contact),
            rejection_reason: o.rejection_reason.clone(),
            version: self.version(),
            created_at: o.created_at.and_utc(),
            updated_at: o.updated_at.and_utc(),
        }
    }
}

fn company_ref(o: &OrderWithCompany) -> CompanyRef {
    let org_number = domain::OrgNumber::parse(&o.company_org_number)
        .map_or_else(|_| o.company_org_number.clone(), |n| n.to_string());
    CompanyRef {
        name: o.company_name.clone(),
        org_number,
    }
}

pub fn summary(o: &OrderWithCompany) -> ApiResult<OrderSummary> {
    let status = status_of(&o.order.status)?;
    Ok(OrderSummary {
        id: o.order.id.clone(),
        status: status.as_str().to_owned(),
        status_label: status.label().to_owned(),
        card_type: o.order.card_type.clone(),
        company: company_ref(o),
        name_to_print: o.order.name_to_print.clone(),
        valid_until: o.order.valid_until,
        created_at: o.order.created_at.and_utc(),
        updated_at: o.order.updated_at.and_utc(),
    })
}

pub fn verified_identity(row: &EvidenceRow) -> VerifiedIdentity {
    VerifiedIdentity {
        source: row.source.clone(),
        surname: row.surname.clone(),
        given_names: row.given_names.clone(),
        name_zone: row.name_zone.clone(),
        date_of_birth: row.date_of_birth,
        nationality: row.nationality.clone(),
        issuing_country: row.issuing_country.clone(),
        document_expires_on: row.document_expires_on,
        verified_at: row.verified_at.and_utc(),
    }
}
