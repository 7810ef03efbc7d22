//! Portraits for the demo's verified identities: each demo document check carries one, as the
//! identity verifier's would, so every demo order in the production queue can be printed.
//! The picture is drawn here (a head-and-shoulders silhouette), not a real person.

use std::io::Cursor;

use chrono::{NaiveDate, NaiveDateTime};
use domain::AccountId;
use image::{ImageFormat, Rgb, RgbImage};
use persistence::{identity_checks, DbConn, NewCheck};

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
    pub document_type: &'a str,
    pub document_number: &'a str,
    pub surname: &'a str,
    pub given_names: &'a str,
    pub date_of_birth: NaiveDate,
    pub expires_on: NaiveDate,
}

/// Registers the document's check with the portrait and binds it to its evidence.
pub fn attach(
    conn: &mut DbConn,
    d: &DemoDocument<'_>,
    portrait: &[u8],
    at: NaiveDateTime,
) -> persistence::Result<()> {
    identity_checks::insert(
        conn,
        &NewCheck {
            id: d.check_id,
            email: d.email,
            document_type: d.document_type,
            document_number: d.document_number,
            issuing_country: "SE",
            surname: d.surname,
            given_names: d.given_names,
            date_of_birth: d.date_of_birth,
            nationality: "SE",
            document_expires_on: d.expires_on,
            personal_identity_number: None,
            mrz: None,
            outcome: "green",
            reason: None,
            portrait,
            portrait_type: "image/png",
            portrait_width: WIDTH as i32,
            portrait_height: HEIGHT as i32,
            verifier: "sistec",
            created_at: at,
        },
    )?;
    identity_checks::bind(conn, d.check_id, d.account_id, d.evidence_id, at)?;
    Ok(())
}
