//! Builders of identity data: document checks (sealed, with a portrait), the evidence a bound
//! check becomes, and a delivered shipment — written through the repositories, as the service
//! writes them.

use chrono::NaiveDate;
use domain::{
    AccountId, ClientId, DocumentType, EvidenceId, EvidenceSource, IdentityCheckId, NameZone,
    OrderId, PersonalIdentityNumber, PortraitType, Verdict,
};
use persistence::sealing::Column;
use persistence::{evidence, identity_checks, shipments, NewCheck, NewEvidence};

use crate::world::World;

pub const NUMBER: &str = "198112189876";
pub const DOCUMENT: &str = "AB1234567";
pub const MRZ: &str =
    "P<SWEPERSSON<<MAJA<<<<<<<<<<<<<<<<<<<<<<<<<<<\nAB12345671SWE8112189F3105010<<<<<<<<<<<<<<<2";
/// A JPEG's first bytes and a marker a scan can find.
pub const PORTRAIT: &[u8] = b"\xff\xd8\xff\xe0 portrait of Maja Persson";

pub fn birth() -> NaiveDate {
    NaiveDate::from_ymd_opt(1981, 12, 18).unwrap_or_else(|| panic!("date"))
}

impl World {
    /// A document check for `email` with `outcome`, its number, MRZ and portrait; bound to
    /// `account` as green evidence (returned) when given.
    pub fn check(
        &self,
        email: &str,
        outcome: Verdict,
        account: Option<&AccountId>,
    ) -> (IdentityCheckId, Option<EvidenceId>) {
        let (id, evidence_id): (IdentityCheckId, EvidenceId) = (app::ids::new(), app::ids::new());
        // The identity-verification partner that registered it (a client id).
        let verifier: ClientId = app::ids::new();
        let now = self.now();
        self.write(|conn, ctx| {
            let v = ctx.vault();
            let seal = |column, value: &str| v.seal_in(column, id.as_str(), value);
            identity_checks::insert(
                conn,
                &NewCheck {
                    id: &id,
                    email,
                    document_type: DocumentType::Passport,
                    document_number: &seal(Column::CheckDocumentNumber, DOCUMENT)?,
                    issuing_country: "SE",
                    surname: "PERSSON",
                    given_names: "MAJA",
                    date_of_birth: birth(),
                    nationality: "SE",
                    document_expires_on: now.date() + chrono::TimeDelta::days(900),
                    personal_identity_number: Some(&seal(Column::CheckNumber, NUMBER)?),
                    mrz: Some(&seal(Column::CheckMrz, MRZ)?),
                    outcome,
                    reason: (outcome != Verdict::Green).then_some("The photo page is damaged."),
                    portrait: &v.seal_portrait(id.as_str(), PORTRAIT)?,
                    portrait_type: PortraitType::Jpeg,
                    portrait_width: 300,
                    portrait_height: 400,
                    verifier: &verifier,
                    created_at: now,
                },
            )?;
            let Some(account) = account else {
                return Ok(None);
            };
            let number = PersonalIdentityNumber::parse(NUMBER, now.date())
                .map_err(|e| app::AppError::Internal(e.to_string()))?;
            let e = evidence_id.as_str();
            evidence::insert(
                conn,
                &NewEvidence {
                    id: &evidence_id,
                    account_id: account,
                    source: EvidenceSource::Passport,
                    document_number: &v.seal_in(Column::EvidenceDocumentNumber, e, DOCUMENT)?,
                    issuing_country: "SE",
                    name_zone: NameZone::Mrz,
                    surname: "PERSSON",
                    given_names: "MAJA",
                    date_of_birth: birth(),
                    nationality: Some("SE"),
                    personal_identity_number: Some(&v.seal_number(
                        Column::EvidenceNumber,
                        e,
                        &number,
                    )?),
                    document_expires_on: None,
                    outcome: Verdict::Green,
                    rejection_reason: None,
                    verifier: verifier.as_str(),
                    verified_at: now,
                },
            )?;
            identity_checks::bind(conn, &id, account, &evidence_id, now)?;
            Ok(Some(evidence_id.clone()))
        })
        .map(|evidence| (id.clone(), evidence))
        .unwrap_or_else(|e| panic!("check: {e}"))
    }

    /// The order's card shipped and delivered now.
    pub fn delivered(&self, order: &OrderId) {
        let now = self.now();
        self.write(|conn, _| {
            shipments::insert(conn, order.as_str(), "PostNord", "00373500000000001", now)?;
            shipments::delivered(conn, order.as_str(), now)?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("shipment: {e}"));
    }
}
