//! Identity data at rest: what was written in clear before sealing existed is sealed by the
//! first start after the migration that introduced it (one transaction, once), and afterwards
//! the raw tables hold no clear personal identity number, document number, MRZ or portrait,
//! while the service still finds a person by number (the blind index) and reads every value.

use app::sealing::{seal_pending, Sealed};
use diesel::prelude::*;
use domain::{OrderStatus, Verdict};
use persistence::{evidence, identity_checks as checks, DbConn};

use crate::build_identity::{DOCUMENT, MRZ, NUMBER, PORTRAIT};
use crate::world::World;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn execute(conn: &mut DbConn, sql: &str) {
    diesel::sql_query(sql)
        .execute(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn assert_nothing_in_clear(conn: &mut DbConn) {
    let (text, portraits) =
        id06_tests::raw_tables::identity_data(conn).unwrap_or_else(|e| panic!("{e}"));
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
    let today = w.now().date();
    // The rows as this version writes them...
    let (check_id, evidence_id) = w.check(&person.email, Verdict::Green, Some(&person.account_id));
    let evidence_id = evidence_id.unwrap_or_else(|| panic!("bound"));
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
    let reverted = db
        .revert_through("2026-12-08-000001_sealed_identity_data")
        .unwrap_or_else(|e| panic!("{e}"));
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
    assert_eq!(db.migrate().unwrap_or_else(|e| panic!("{e}")), reverted);
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
