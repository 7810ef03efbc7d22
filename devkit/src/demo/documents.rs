//! The demo's verified identities: the documents Åsa, Erik and Lars were checked with, each
//! check with a portrait as the identity verifier's would carry, so every demo order in the
//! production queue can be printed. The picture is drawn here (a head-and-shoulders silhouette),
//! not a real person.

use std::io::Cursor;

use app::vault::Vault;
use chrono::{Months, NaiveDate, NaiveDateTime, TimeDelta};
use domain::{
    AccountId, ClientId, DocumentType, EvidenceId, IdentityCheckId, NameZone, PortraitType, Verdict,
};
use image::{ImageFormat, Rgb, RgbImage};
use persistence::sealing::Column;
use persistence::{evidence, identity_checks, DbConn, NewCheck, NewEvidence};

use super::{
    date, demo_id, ASA_EMAIL, ASA_ID, ERIK_EMAIL, ERIK_ID, OTHER_ADMIN_EMAIL, OTHER_ADMIN_ID,
};

/// The evidence and the checks behind it.
pub fn seed(conn: &mut DbConn, vault: &Vault, now: NaiveDateTime) -> persistence::Result<()> {
    let today = now.date();
    let doc_expiry = today.checked_add_months(Months::new(48));
    // (id, account, email, source, document, zone, surname, given names as the evidence
    // holds them and as printed, born, verified days ago). Each document's check carries
    // a portrait, so every demo order can be printed.
    let documents = [
        (
            "idv_de0000000000000000000001",
            ASA_ID,
            ASA_EMAIL,
            DocumentType::Passport,
            "AA0000001",
            NameZone::Mrz,
            ("OEBERG", "AASA<KARIN"),
            ("Öberg", "Åsa Karin"),
            date(1988, 3, 14),
            2,
        ),
        (
            "idv_de0000000000000000000002",
            ERIK_ID,
            ERIK_EMAIL,
            DocumentType::NationalIdCard,
            "NI0000002",
            NameZone::Visual,
            ("LINDSTRÖM", "ERIK JOHAN"),
            ("Lindström", "Erik Johan"),
            date(1979, 9, 2),
            1,
        ),
        (
            "idv_de0000000000000000000003",
            OTHER_ADMIN_ID,
            OTHER_ADMIN_EMAIL,
            DocumentType::Passport,
            "AA0000003",
            NameZone::Mrz,
            ("EK", "LARS"),
            ("Ek", "Lars"),
            date(1975, 11, 3),
            9,
        ),
    ];
    let portrait = silhouette();
    for (
        n,
        (
            id,
            account_id,
            email,
            source,
            document_number,
            name_zone,
            (surname, given_names),
            (printed_surname, printed_given),
            date_of_birth,
            days,
        ),
    ) in documents.into_iter().enumerate()
    {
        let verified_at = now - TimeDelta::days(days);
        let sealed_number = vault
            .seal_in(Column::EvidenceDocumentNumber, id, document_number)
            .map_err(sealing_failed)?;
        evidence::insert(
            conn,
            &NewEvidence {
                id: &demo_id::<EvidenceId>(id)?,
                account_id: &demo_id::<AccountId>(account_id)?,
                source: source.source(),
                document_number: &sealed_number,
                issuing_country: "SE",
                name_zone,
                surname,
                given_names,
                date_of_birth,
                nationality: Some("SE"),
                personal_identity_number: None,
                document_expires_on: doc_expiry,
                outcome: Verdict::Green,
                rejection_reason: None,
                verifier: super::clients::VERIFIER_ID,
                verified_at,
            },
        )?;
        attach(
            conn,
            vault,
            &DemoDocument {
                check_id: &format!("idc_de00000000000000000000{:02}", n + 1),
                evidence_id: id,
                account_id: &demo_id::<AccountId>(account_id)?,
                email,
                document_type: source,
                document_number,
                surname: printed_surname,
                given_names: printed_given,
                date_of_birth,
                expires_on: doc_expiry.unwrap_or(today),
            },
            &portrait,
            verified_at,
        )?;
    }
    Ok(())
}

pub const WIDTH: u32 = 300;
pub const HEIGHT: u32 = 400;

/// A 300×400 PNG: a grey silhouette on a pale background, the passport-photo framing.
pub fn silhouette() -> Vec<u8> {
    let (cx, head_y, head_r) = (150.0_f32, 150.0_f32, 70.0_f32);
    let img = RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let (x, y) = (x as f32, y as f32);
        let in_head = (x - cx).powi(2) + (y - head_y).powi(2) <= head_r.powi(2);
        // Shoulders: the upper half of an ellipse below the head.
        let in_body =
            y >= 250.0 && ((x - cx) / 130.0).powi(2) + ((y - 400.0) / 150.0).powi(2) <= 1.0;
        if in_head || in_body {
            Rgb([96, 104, 112])
        } else {
            Rgb([226, 232, 238])
        }
    });
    let mut out = Cursor::new(Vec::new());
    // Encoding an in-memory image cannot fail but for allocation; the demo is seeded at startup.
    let _ = image::DynamicImage::ImageRgb8(img).write_to(&mut out, ImageFormat::Png);
    out.into_inner()
}

/// The document a demo identity was verified with.
pub struct DemoDocument<'a> {
    pub check_id: &'a str,
    pub evidence_id: &'a str,
    pub account_id: &'a AccountId,
    pub email: &'a str,
    pub document_type: DocumentType,
    pub document_number: &'a str,
    pub surname: &'a str,
    pub given_names: &'a str,
    pub date_of_birth: NaiveDate,
    pub expires_on: NaiveDate,
}

/// Registers the document's check with the portrait and binds it to its evidence.
pub fn attach(
    conn: &mut DbConn,
    vault: &Vault,
    d: &DemoDocument<'_>,
    portrait: &[u8],
    at: NaiveDateTime,
) -> persistence::Result<()> {
    let document_number = vault
        .seal_in(Column::CheckDocumentNumber, d.check_id, d.document_number)
        .map_err(sealing_failed)?;
    let portrait = vault
        .seal_portrait(d.check_id, portrait)
        .map_err(sealing_failed)?;
    identity_checks::insert(
        conn,
        &NewCheck {
            id: &demo_id::<IdentityCheckId>(d.check_id)?,
            email: d.email,
            document_type: d.document_type,
            document_number: &document_number,
            issuing_country: "SE",
            surname: d.surname,
            given_names: d.given_names,
            date_of_birth: d.date_of_birth,
            nationality: "SE",
            document_expires_on: d.expires_on,
            personal_identity_number: None,
            mrz: None,
            outcome: Verdict::Green,
            reason: None,
            portrait: &portrait,
            portrait_type: PortraitType::Png,
            portrait_width: WIDTH as i32,
            portrait_height: HEIGHT as i32,
            // The demo's identity-verification partner registered it.
            verifier: &demo_id::<ClientId>(super::clients::VERIFIER_ID)?,
            created_at: at,
        },
    )?;
    identity_checks::bind(
        conn,
        &demo_id::<IdentityCheckId>(d.check_id)?,
        d.account_id,
        &demo_id::<EvidenceId>(d.evidence_id)?,
        at,
    )?;
    Ok(())
}

fn sealing_failed(e: app::AppError) -> persistence::Error {
    persistence::Error::Corrupt(format!("demo identity data: {e}"))
}
