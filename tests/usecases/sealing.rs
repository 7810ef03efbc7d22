//! Identity data at rest: what was written in clear before sealing existed is sealed by the
//! first start after the migration that introduced it (one transaction, once), and afterwards
//! the raw tables hold no clear personal identity number, document number, MRZ or portrait,
//! while the service still finds a person by number (the blind index) and reads every value.

use app::sealing::{seal_pending, Sealed};
use diesel::prelude::*;
use domain::{
    ClientId, DocumentType, EvidenceId, EvidenceSource, IdentityCheckId, NameZone, OrderStatus,
    PersonalIdentityNumber, PortraitType, Verdict,
};
use persistence::schema::{
    bankid_attempts, card_orders, identity_checks, identity_portraits, identity_verifications,
};
use persistence::sealing::Column;
use persistence::{evidence, identity_checks as checks, DbConn, NewCheck, NewEvidence};

use crate::world::World;

const NUMBER: &str = "198112189876";
const DOCUMENT: &str = "AB1234567";
const MRZ: &str =
    "P<SWEPERSSON<<MAJA<<<<<<<<<<<<<<<<<<<<<<<<<<<\nAB12345671SWE8112189F3105010<<<<<<<<<<<<<<<2";
/// A JPEG's first bytes and a marker a scan can find.
const PORTRAIT: &[u8] = b"\xff\xd8\xff\xe0 portrait of Maja Persson";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn execute(conn: &mut DbConn, sql: &str) {
    diesel::sql_query(sql)
        .execute(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Every stored value of the sealed columns and every stored portrait, as raw text and bytes.
fn raw_identity_data(conn: &mut DbConn) -> (Vec<String>, Vec<Vec<u8>>) {
    let mut text: Vec<Option<String>> = Vec::new();
    let load = |r: QueryResult<Vec<Option<String>>>| r.unwrap_or_else(|e| panic!("{e}"));
    text.extend(load(
        card_orders::table
            .select(card_orders::personal_identity_number)
            .load(conn),
    ));
    text.extend(load(
        identity_checks::table
            .select(identity_checks::document_number.nullable())
            .load(conn),
    ));
    text.extend(load(
        identity_checks::table
            .select(identity_checks::personal_identity_number)
            .load(conn),
    ));
    text.extend(load(
        identity_checks::table
            .select(identity_checks::mrz)
            .load(conn),
    ));
    text.extend(load(
        identity_verifications::table
            .select(identity_verifications::document_number.nullable())
            .load(conn),
    ));
    text.extend(load(
        identity_verifications::table
            .select(identity_verifications::personal_identity_number)
            .load(conn),
    ));
    text.extend(load(
        bankid_attempts::table
            .select(bankid_attempts::required_personal_number)
            .load(conn),
    ));
    let portraits: Vec<Vec<u8>> = identity_portraits::table
        .select(identity_portraits::sealed)
        .load(conn)
        .unwrap_or_else(|e| panic!("{e}"));
    (text.into_iter().flatten().collect(), portraits)
}

fn assert_nothing_in_clear(conn: &mut DbConn) {
    let (text, portraits) = raw_identity_data(conn);
    assert!(!text.is_empty() && !portraits.is_empty());
    for value in &text {
        for clear in [NUMBER, "19811218-9876", DOCUMENT, "PERSSON"] {
            assert!(!value.contains(clear), "{clear} in clear: {value}");
        }
        assert!(
            persistence::Sealed::try_from(value.clone()).is_ok(),
            "{value}"
        );
    }
    for bytes in &portraits {
        assert!(
            !bytes.windows(8).any(|w| w == b"portrait"),
            "a portrait in clear"
        );
    }
}

#[tokio::test]
async fn identity_data_written_in_clear_is_sealed_once_by_the_next_start() {
    let w = World::new().await;
    let company = w.company();
    let person = w.person();
    let order = w.order(
        &company,
        Some(&person.account_id),
        OrderStatus::WaitingForReview,
    );
    // The identity-verification partner that registered the check (a client id).
    let verifier: ClientId = app::ids::new();
    let (check_id, evidence_id): (IdentityCheckId, EvidenceId) = (app::ids::new(), app::ids::new());
    let today = w.now().date();
    // The rows as this version writes them...
    w.write(|conn, ctx| {
        let v = ctx.vault();
        let doc = v.seal_in(Column::CheckDocumentNumber, check_id.as_str(), DOCUMENT)?;
        let number = v.seal_in(Column::CheckNumber, check_id.as_str(), NUMBER)?;
        let mrz = v.seal_in(Column::CheckMrz, check_id.as_str(), MRZ)?;
        let portrait = v.seal_portrait(check_id.as_str(), PORTRAIT)?;
        let birth = chrono::NaiveDate::from_ymd_opt(1981, 12, 18).unwrap_or_default();
        checks::insert(
            conn,
            &NewCheck {
                id: &check_id,
                email: &person.email,
                document_type: DocumentType::Passport,
                document_number: &doc,
                issuing_country: "SE",
                surname: "PERSSON",
                given_names: "MAJA",
                date_of_birth: birth,
                nationality: "SE",
                document_expires_on: today + chrono::TimeDelta::days(900),
                personal_identity_number: Some(&number),
                mrz: Some(&mrz),
                outcome: Verdict::Green,
                reason: None,
                portrait: &portrait,
                portrait_type: PortraitType::Jpeg,
                portrait_width: 300,
                portrait_height: 400,
                verifier: &verifier,
                created_at: w.now(),
            },
        )?;
        let pin = PersonalIdentityNumber::parse(NUMBER, today)
            .map_err(|e| app::AppError::Internal(e.to_string()))?;
        evidence::insert(
            conn,
            &NewEvidence {
                id: &evidence_id,
                account_id: &person.account_id,
                source: EvidenceSource::Passport,
                document_number: &v.seal_in(
                    Column::EvidenceDocumentNumber,
                    evidence_id.as_str(),
                    DOCUMENT,
                )?,
                issuing_country: "SE",
                name_zone: NameZone::Mrz,
                surname: "PERSSON",
                given_names: "MAJA",
                date_of_birth: birth,
                nationality: Some("SE"),
                personal_identity_number: Some(&v.seal_number(
                    Column::EvidenceNumber,
                    evidence_id.as_str(),
                    &pin,
                )?),
                document_expires_on: None,
                outcome: Verdict::Green,
                rejection_reason: None,
                verifier: verifier.as_str(),
                verified_at: w.now(),
            },
        )?;
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    w.read(|conn| {
        assert_nothing_in_clear(conn);
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));

    // ... and as the version before wrote them: in clear, the portrait in its check's row.
    let db = &w.app.db;
    db.write(|conn| {
        let (o, c, e) = (order.id.as_str(), check_id.as_str(), evidence_id.as_str());
        execute(conn, &format!("UPDATE card_orders SET personal_identity_number = '{NUMBER}' WHERE id = '{o}'"));
        execute(conn, &format!("UPDATE identity_checks SET document_number = '{DOCUMENT}', personal_identity_number = '{NUMBER}', mrz = '{MRZ}' WHERE id = '{c}'"));
        execute(conn, &format!("UPDATE identity_verifications SET document_number = '{DOCUMENT}', personal_identity_number = '{NUMBER}' WHERE id = '{e}'"));
        Ok::<_, persistence::Error>(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    db.revert_last_migration().unwrap_or_else(|e| panic!("{e}"));
    db.write(|conn| {
        let bytes = match conn {
            DbConn::Sqlite(_) => format!("X'{}'", hex(PORTRAIT)),
            DbConn::Pg(_) => format!("decode('{}', 'hex')", hex(PORTRAIT)),
        };
        execute(
            conn,
            &format!("UPDATE identity_checks SET portrait = {bytes} WHERE id = '{check_id}'"),
        );
        Ok::<_, persistence::Error>(())
    })
    .unwrap_or_else(|e| panic!("{e}"));

    // The next start: the migration, then the sealing it leaves to the service.
    assert_eq!(db.migrate().unwrap_or_else(|e| panic!("{e}")), 1);
    let ctx = w.ctx();
    let sealed = seal_pending(db, ctx.vault()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        sealed,
        Sealed {
            values: 6,
            portraits: 1
        }
    );
    assert_eq!(
        seal_pending(db, ctx.vault()).ok(),
        Some(Sealed::default()),
        "done once"
    );
    w.read(|conn| {
        assert_nothing_in_clear(conn);
        // Everything still reads, and the person is found by number, never by the clear number.
        let order = persistence::orders::find(conn, &order.id)?.unwrap_or_else(|| panic!("order"));
        let opened = app::opened::order_number(ctx.vault(), &order, today)?;
        assert_eq!(opened.as_ref().map(|n| n.digits()), Some(NUMBER));
        let index = ctx.vault().index_digits(NUMBER);
        assert_eq!(
            evidence::accounts_with_number(conn, &index)?,
            vec![person.account_id.clone()]
        );
        assert!(evidence::accounts_with_number(conn, NUMBER)?.is_empty());
        let check = checks::find(conn, &check_id)?.unwrap_or_else(|| panic!("check"));
        assert_eq!(
            app::opened::check_document_number(ctx.vault(), &check)?,
            DOCUMENT
        );
        let portrait = checks::portrait(conn, &check_id)?.unwrap_or_else(|| panic!("portrait"));
        assert_eq!(
            ctx.vault()
                .open_portrait(check_id.as_str(), &portrait.sealed)?,
            PORTRAIT
        );
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
}
