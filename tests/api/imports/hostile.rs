//! Files that are not what they claim, or too much of it: each refused with a clear 4xx, and
//! nothing placed.

use std::io::{Cursor, Write};
use std::time::Duration;

use devkit::crew::{self, SWEDISH_HEADER};
use id06_tests::{expect, TestApp, ADMIN_EMAIL};

use super::{imports_path, order_count, today, upload, XLSX};

#[tokio::test]
async fn hostile_files_are_refused_and_nothing_is_placed() {
    // The files first: a connection left idle while they are made (the zip bomb takes seconds
    // in a debug build) may be closed by the server just as it is used again.
    let people = crew::members(2, "hostile", today());
    let good_xlsx = crew::xlsx(&people).unwrap_or_else(|e| panic!("{e}"));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let mut many = SWEDISH_HEADER.join(";");
    for m in crew::members(10_001, "many", today()) {
        many.push('\n');
        many.push_str(&crew::cells(&m).join(";"));
    }
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        ("a picture", XLSX, png.clone(), 422, "not_a_spreadsheet"),
        (
            "a picture as CSV",
            "text/csv",
            png,
            422,
            "not_a_spreadsheet",
        ),
        (
            "a workbook sent as CSV",
            "text/csv",
            good_xlsx,
            422,
            "not_a_spreadsheet",
        ),
        ("a zip bomb", XLSX, zip_bomb(), 422, "spreadsheet_too_large"),
        (
            "too many rows",
            "text/csv",
            many.into_bytes(),
            422,
            "too_many_rows",
        ),
        (
            "broken UTF-8",
            "text/csv",
            b"\xef\xbb\xbfF\xc3\xb6rnamn;Efternamn\nx;\xc3\n".to_vec(),
            422,
            "not_utf8",
        ),
        (
            "a PDF",
            "application/pdf",
            b"%PDF-1.7".to_vec(),
            415,
            "unsupported_media_type",
        ),
    ];
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let token = admin.access_token.as_str();
    let before = order_count(&app, token).await;
    for (what, ct, body, status, code) in cases {
        let p = expect(upload(&app, token, "", ct, body, &[]).await, status).await;
        assert_eq!(p["code"], code, "{what}: {p}");
    }
    // Larger than 8 MiB: refused on its declared length, before any of it is read.
    let (status, body) = announce_large_body(&app, token).await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("payload_too_large"), "{body}");
    let missing = "Förnamn;Efternamn;E-post\nÅsa;Öberg;a@example.se\n"
        .as_bytes()
        .to_vec();
    let p = expect(
        upload(
            &app,
            token,
            "",
            "text/csv",
            missing,
            &[("Accept-Language", "sv")],
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["code"], "missing_columns");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        [
            "date_of_birth",
            "nationality",
            "cardholder_phone",
            "valid_until"
        ]
    );
    assert_eq!(
        p["errors"][0]["message"],
        "Filen saknar kolumnen Födelsedatum / Date of birth."
    );
    assert_eq!(order_count(&app, token).await, before);
}

/// Sends only the head of an upload that declares 9 MiB, and reads the answer.
async fn announce_large_body(app: &TestApp, token: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://").to_owned();
    let mut s = tokio::net::TcpStream::connect(&addr)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: text/csv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        imports_path(),
        9 * 1024 * 1024
    );
    s.write_all(head.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "no answer before the body");
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// A workbook of a few kilobytes whose one part inflates to 200 MB.
fn zip_bomb() -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("xl/workbook.xml", options)
        .unwrap_or_else(|e| panic!("{e}"));
    let block = vec![b' '; 1 << 20];
    for _ in 0..200 {
        z.write_all(&block).unwrap_or_else(|e| panic!("{e}"));
    }
    z.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}
