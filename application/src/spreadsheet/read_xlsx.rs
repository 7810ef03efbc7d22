//! The first sheet of an XLSX workbook. A workbook is a zip of XML parts, which may inflate
//! a thousandfold: every part is inflated once, counted and bounded, before calamine reads the
//! sheet, and the sheet is read cell by cell, stopping at the row limit. Formulas count by the
//! values Excel saved with them; dates become `YYYY-MM-DD`.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};

use super::{is_zip, push_row, Format, Found, Limits, Refusal, Table};

/// More parts than a workbook of one sheet has, by far.
const MAX_PARTS: usize = 1000;

fn broken() -> Refusal {
    Refusal::NotASpreadsheet {
        declared: Format::Xlsx,
        found: Found::BrokenWorkbook,
    }
}

pub(super) fn read(bytes: &[u8], limits: Limits) -> Result<Table, Refusal> {
    if !is_zip(bytes) {
        return Err(Refusal::NotASpreadsheet {
            declared: Format::Xlsx,
            found: Found::Binary,
        });
    }
    bound_inflation(bytes, limits.max_inflated_bytes)?;
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| broken())?;
    let first = workbook.sheet_names().first().cloned().ok_or_else(broken)?;
    let mut cells = workbook
        .worksheet_cells_reader(&first)
        .map_err(|_| broken())?;
    let mut table = Table::default();
    let mut row: Option<(u32, Vec<String>)> = None;
    while let Some(cell) = cells.next_cell().map_err(|_| broken())? {
        let (r, c) = cell.get_position();
        let value = text(cell.get_value());
        if row.as_ref().is_some_and(|(n, _)| *n != r) {
            if let Some((n, values)) = row.take() {
                push_row(&mut table, n + 1, values, limits)?;
            }
        }
        let (_, values) = row.get_or_insert_with(|| (r, Vec::new()));
        let c = usize::try_from(c).map_err(|_| broken())?;
        if value.is_empty() {
            continue;
        }
        if c >= values.len() {
            // A cell far to the right is still one cell: the row grows only to it.
            if c > 16_384 {
                return Err(broken());
            }
            values.resize(c + 1, String::new());
        }
        values[c] = value;
    }
    if let Some((n, values)) = row {
        push_row(&mut table, n + 1, values, limits)?;
    }
    Ok(table)
}

/// Inflates every part once, refusing a workbook whose parts inflate beyond `limit` together
/// (the sizes a zip declares are not trusted: the bytes are counted).
fn bound_inflation(bytes: &[u8], limit: u64) -> Result<(), Refusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| broken())?;
    if archive.len() > MAX_PARTS || archive.index_for_name("xl/workbook.xml").is_none() {
        return Err(broken());
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|_| broken())?;
        loop {
            let n = part.read(&mut buf).map_err(|_| broken())?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > limit {
                return Err(Refusal::Inflates { limit });
            }
        }
    }
    Ok(())
}

/// A cell as text: numbers without a needless fraction, dates as ISO dates.
fn text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => number(d.as_f64()),
        },
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}

/// A whole number as digits (a personnummer or phone number typed into a number cell).
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::super::{read, write, Format, Found, Refusal, TEST_LIMITS};

    #[test]
    fn the_first_sheet_by_values() {
        let header = ["Förnamn", "Födelsedatum", "Personnummer"];
        let date = chrono::NaiveDate::from_ymd_opt(1985, 3, 9).unwrap_or_default();
        let bytes = write::xlsx_for_tests(&header, date, 198503092388.0);
        let t = read(&bytes, Format::Xlsx, TEST_LIMITS).unwrap_or_else(|e| panic!("read: {e:?}"));
        assert_eq!(t.header, header);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].number, 2);
        assert_eq!(
            t.rows[0].cells,
            ["Åsa", "1985-03-09", "198503092388", "Åsa"]
        );
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_read() {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/workbook.xml", options)
            .unwrap_or_else(|e| panic!("file: {e:?}"));
        z.write_all(&[b' '; 4 << 20])
            .unwrap_or_else(|e| panic!("write: {e:?}"));
        let bytes = z
            .finish()
            .unwrap_or_else(|e| panic!("zip: {e:?}"))
            .into_inner();
        assert!(bytes.len() < 20_000, "{} bytes", bytes.len());
        assert_eq!(
            read(&bytes, Format::Xlsx, TEST_LIMITS),
            Err(Refusal::Inflates { limit: 1 << 20 })
        );
    }

    #[test]
    fn not_a_workbook() {
        for bytes in [&b"%PDF-1.7 ..."[..], b"PK\x03\x04broken", b"Name;Surname\n"] {
            assert!(matches!(
                read(bytes, Format::Xlsx, TEST_LIMITS),
                Err(Refusal::NotASpreadsheet {
                    declared: Format::Xlsx,
                    found: Found::Binary | Found::BrokenWorkbook
                })
            ));
        }
    }
}
