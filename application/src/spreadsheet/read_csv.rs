//! CSV as Excel writes it. "CSV UTF-8" has a BOM; plain "CSV" from Swedish Excel is
//! Windows-1252 with `;` between fields. A file that is not UTF-8 is read as Windows-1252 only
//! when nothing in it is UTF-8: one that declares UTF-8 (a BOM) or holds UTF-8 sequences and
//! breaks them is refused, never read as garbage.

use std::borrow::Cow;

use encoding_rs::WINDOWS_1252;

use super::{is_zip, push_row, Format, Found, Limits, Refusal, Table};

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn read(bytes: &[u8], limits: Limits) -> Result<Table, Refusal> {
    if let Some(found) = binary(bytes) {
        return Err(Refusal::NotASpreadsheet {
            declared: Format::Csv,
            found,
        });
    }
    let (text, read_as_windows_1252) = decode(bytes)?;
    let mut table = Table {
        read_as_windows_1252,
        ..Table::default()
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(&text))
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    // The line a record starts on, counted from the byte offsets: Excel's row number.
    let (mut counted_to, mut line) = (0usize, 1u64);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // The position is where the reader began looking: blank lines come first.
                let mut start = record.position().map_or(counted_to, |p| {
                    usize::try_from(p.byte()).unwrap_or(counted_to)
                });
                while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                if let Some(between) = text.as_bytes().get(counted_to..start) {
                    line += between.iter().filter(|&&b| b == b'\n').count() as u64;
                    counted_to = start;
                }
                let number = u32::try_from(line).unwrap_or(u32::MAX);
                push_row(
                    &mut table,
                    number,
                    record.iter().map(str::to_owned).collect(),
                    limits,
                )?;
            }
            Err(_) => {
                return Err(Refusal::NotASpreadsheet {
                    declared: Format::Csv,
                    found: Found::Binary,
                })
            }
        }
    }
    Ok(table)
}

/// What binary content seems to be, if the bytes are not text.
fn binary(bytes: &[u8]) -> Option<Found> {
    if is_zip(bytes) {
        return Some(Found::Xlsx);
    }
    // Text has no NUL and no other C0 controls but tab, line feed, carriage return and form feed.
    let controls = bytes
        .iter()
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c));
    controls.then_some(Found::Binary)
}

/// The text, and whether it was read as Windows-1252.
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, bool), Refusal> {
    if let Some(rest) = bytes.strip_prefix(BOM) {
        return std::str::from_utf8(rest)
            .map(|s| (Cow::Borrowed(s), false))
            .map_err(|e| not_utf8(rest, e));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((Cow::Borrowed(s), false)),
        Err(e) if holds_utf8(bytes) => Err(not_utf8(bytes, e)),
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text, true))
        }
    }
}

/// Whether any non-ASCII character in `bytes` is a whole UTF-8 sequence.
fn holds_utf8(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

fn not_utf8(bytes: &[u8], e: std::str::Utf8Error) -> Refusal {
    let before = &bytes[..e.valid_up_to()];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    Refusal::NotUtf8 { line }
}

/// The separator of the header line: the most frequent of `;`, `,` and tab outside quotes
/// (ties go to `;`, Swedish Excel's); `,` for a single column.
fn separator(text: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in text.trim_start_matches(['\r', '\n']).bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(c) = counts.iter_mut().find(|(s, _)| *s == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    let best = counts.iter().fold(
        (b',', 0),
        |best, &(s, n)| if n > best.1 { (s, n) } else { best },
    );
    best.0
}

#[cfg(test)]
mod tests {
    use super::super::{read, Format, Found, Refusal, TEST_LIMITS};

    fn csv(bytes: &[u8]) -> Result<super::Table, Refusal> {
        read(bytes, Format::Csv, TEST_LIMITS)
    }

    #[test]
    fn swedish_excel_semicolons_with_a_bom() {
        let t = csv("\u{feff}Förnamn;Efternamn\r\nÅsa;Öberg\r\n\r\n\"Eva; Li\";Ek\r\n".as_bytes())
            .unwrap_or_else(|e| panic!("read: {e:?}"));
        assert_eq!(t.header, ["Förnamn", "Efternamn"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells, ["Åsa", "Öberg"]);
        assert_eq!(t.rows[1].cells, ["Eva; Li", "Ek"]);
        assert_eq!(t.rows[1].number, 4, "the blank line keeps its number");
        assert!(!t.read_as_windows_1252);
    }

    #[test]
    fn plain_swedish_csv_is_windows_1252() {
        // "Förnamn;Åsa" in Windows-1252.
        let t = csv(b"F\xf6rnamn,Efternamn\n\xc5sa,Ek\n").unwrap_or_else(|e| panic!("read: {e:?}"));
        assert_eq!(t.header, ["Förnamn", "Efternamn"]);
        assert_eq!(t.rows[0].cells, ["Åsa", "Ek"]);
        assert!(t.read_as_windows_1252);
    }

    #[test]
    fn broken_utf8_is_refused_with_its_line() {
        assert_eq!(
            csv(b"\xef\xbb\xbfa;b\nx;\xc3\n"),
            Err(Refusal::NotUtf8 { line: 2 })
        );
        assert_eq!(
            csv("a;b\nÅ;ok\nx;\u{0}".as_bytes()).map(|_| ()),
            Err(Refusal::NotASpreadsheet {
                declared: Format::Csv,
                found: Found::Binary
            })
        );
        assert_eq!(
            csv(b"a;b\n\xc3\xa5;\xe5\n"),
            Err(Refusal::NotUtf8 { line: 2 })
        );
    }

    #[test]
    fn disguised_and_oversized_files() {
        assert!(matches!(
            csv(b"PK\x03\x04rest"),
            Err(Refusal::NotASpreadsheet {
                found: Found::Xlsx,
                ..
            })
        ));
        assert!(matches!(
            csv(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(Refusal::NotASpreadsheet {
                found: Found::Binary,
                ..
            })
        ));
        let many = (0..12).fold(String::from("h\n"), |s, i| s + &format!("{i}\n"));
        assert_eq!(
            csv(many.as_bytes()),
            Err(Refusal::TooManyRows { limit: 10 })
        );
        assert_eq!(csv(b"\n;;\n"), Err(Refusal::Empty));
    }
}
