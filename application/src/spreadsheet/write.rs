//! Writing spreadsheets: CSV (RFC 4180 quoting, a UTF-8 BOM so Excel reads the letters right)
//! and XLSX in rust_xlsxwriter's constant-memory mode (rows go to a temporary file as they are
//! written, so a million rows take the memory of one). Every cell is text: nothing is written
//! as a formula, and a CSV cell a spreadsheet would run as one is neutralised.

use std::borrow::Cow;
use std::io::Write;

use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};

/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return, prefixed with `'` so a
/// spreadsheet shows it as text instead of running it (OWASP CSV injection).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The separator of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Separator {
    #[default]
    Comma,
    /// What Excel with Swedish settings reads and writes.
    Semicolon,
}

impl Separator {
    pub fn as_str(self) -> &'static str {
        match self {
            Separator::Comma => "comma",
            Separator::Semicolon => "semicolon",
        }
    }

    fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
        }
    }
}

/// CSV rows into `out`, the BOM first.
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(mut out: W, separator: Separator) -> std::io::Result<Self> {
        out.write_all(b"\xEF\xBB\xBF")?;
        let inner = csv::WriterBuilder::new()
            .delimiter(separator.byte())
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        Ok(Self { inner })
    }

    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> std::io::Result<()> {
        self.inner
            .write_record(cells.into_iter().map(|c| neutralise(c).into_owned()))
            .map_err(std::io::Error::other)
    }

    /// Flushes what was written so far to the writer underneath.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    pub fn into_inner(self) -> std::io::Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// An XLSX workbook of one sheet, written row by row in constant memory.
pub struct XlsxWriter {
    workbook: Workbook,
    next_row: u32,
    bold: CellFormat,
}

impl XlsxWriter {
    /// A workbook whose one sheet is called `sheet`; its rows wait in a file in `tempdir`.
    pub fn new(sheet: &str, tempdir: Option<&std::path::Path>) -> Result<Self, XlsxError> {
        let mut workbook = Workbook::new();
        if let Some(dir) = tempdir {
            workbook.set_tempdir(dir)?;
        }
        let ws = workbook.add_worksheet_with_constant_memory()?;
        ws.set_name(sheet)?;
        Ok(Self {
            workbook,
            next_row: 0,
            bold: CellFormat::new().set_bold(),
        })
    }

    fn sheet(&mut self) -> Result<&mut Worksheet, XlsxError> {
        self.workbook.worksheet_from_index(0)
    }

    /// The header row: bold, frozen, as wide as its texts.
    pub fn header<'a>(
        &mut self,
        cells: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), XlsxError> {
        let bold = self.bold.clone();
        let row = self.next_row;
        let ws = self.sheet()?;
        for (c, cell) in cells.into_iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
            ws.write_string_with_format(row, col, cell, &bold)?;
            let width = cell.chars().count().clamp(10, 40) as f64 + 2.0;
            ws.set_column_width(col, width)?;
        }
        ws.set_freeze_panes(row + 1, 0)?;
        self.next_row += 1;
        Ok(())
    }

    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> Result<(), XlsxError> {
        let row = self.next_row;
        let ws = self.sheet()?;
        for (c, cell) in cells.into_iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let col = u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)?;
            ws.write_string(row, col, cell)?;
        }
        self.next_row += 1;
        Ok(())
    }

    /// The workbook, written to `out` as it is zipped.
    pub fn finish(mut self, out: impl Write + Send) -> Result<(), XlsxError> {
        self.workbook.save_to_writer(out)
    }
}

/// A workbook with a header, one row of a text, a date, a number and a formula (`=A2`, saved
/// with its value), as Excel would save one.
#[cfg(test)]
pub(crate) fn xlsx_for_tests(header: &[&str], date: chrono::NaiveDate, number: f64) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Formula};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date_format = CellFormat::new().set_num_format("yyyy-mm-dd");
    let day =
        ExcelDateTime::parse_from_str(&date.to_string()).unwrap_or_else(|e| panic!("date: {e:?}"));
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)
            .unwrap_or_else(|e| panic!("header: {e:?}"));
    }
    ws.write_string(1, 0, "Åsa")
        .unwrap_or_else(|e| panic!("text: {e:?}"));
    ws.write_datetime_with_format(1, 1, &day, &date_format)
        .unwrap_or_else(|e| panic!("date: {e:?}"));
    ws.write_number(1, 2, number)
        .unwrap_or_else(|e| panic!("number: {e:?}"));
    ws.write_formula(1, 3, Formula::new("=A2").set_result("Åsa"))
        .unwrap_or_else(|e| panic!("formula: {e:?}"));
    wb.save_to_buffer()
        .unwrap_or_else(|e| panic!("save: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_fields_quoted() {
        let mut w = CsvWriter::new(Vec::new(), Separator::Semicolon)
            .unwrap_or_else(|e| panic!("csv: {e:?}"));
        w.row([
            "=1+1",
            "+46",
            "-2",
            "@SUM(A1)",
            "\tx",
            "a;b",
            "Åsa \"Li\"",
            "ok",
        ])
        .unwrap_or_else(|e| panic!("row: {e:?}"));
        let out = String::from_utf8(w.into_inner().unwrap_or_else(|e| panic!("bytes: {e:?}")))
            .unwrap_or_else(|e| panic!("utf8: {e:?}"));
        assert_eq!(
            out,
            "\u{feff}'=1+1;'+46;'-2;'@SUM(A1);'\tx;\"a;b\";\"Åsa \"\"Li\"\"\";ok\r\n"
        );
    }

    #[test]
    fn a_workbook_reads_back() {
        let mut w = XlsxWriter::new("Orders", None).unwrap_or_else(|e| panic!("workbook: {e:?}"));
        w.header(["Förnamn", "Efternamn"])
            .unwrap_or_else(|e| panic!("header: {e:?}"));
        w.row(["=HYPERLINK(\"x\")", "Öberg"])
            .unwrap_or_else(|e| panic!("row: {e:?}"));
        let mut bytes = Vec::new();
        w.finish(&mut bytes)
            .unwrap_or_else(|e| panic!("finish: {e:?}"));
        let t = super::super::read(
            &bytes,
            super::super::Format::Xlsx,
            super::super::TEST_LIMITS,
        )
        .unwrap_or_else(|e| panic!("read: {e:?}"));
        assert_eq!(t.header, ["Förnamn", "Efternamn"]);
        assert_eq!(
            t.rows[0].cells,
            ["=HYPERLINK(\"x\")", "Öberg"],
            "a string cell, not a formula"
        );
    }
}
