//! Spreadsheets in and out: CSV the way Excel writes it (UTF-8 with or without a BOM, or the
//! Windows-1252 of Swedish Excel's plain "CSV"; `;`, `,` or tab between fields) and XLSX (the
//! first sheet, formulas by their values). Reading is bounded before anything is read whole:
//! the body's size, the rows, and what a workbook inflates to. Writing neutralises cells a
//! spreadsheet would run as a formula (OWASP CSV injection).

mod read_csv;
mod read_xlsx;
pub mod write;

/// The media type of an XLSX workbook.
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of CSV (RFC 4180).
pub const CSV_MEDIA_TYPE: &str = "text/csv";

/// A spreadsheet format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Csv, Format::Xlsx];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn parse(raw: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == raw)
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => CSV_MEDIA_TYPE,
            Format::Xlsx => XLSX_MEDIA_TYPE,
        }
    }

    /// The format of a media type (parameters such as `charset` ignored).
    pub fn of_media_type(media_type: &str) -> Option<Format> {
        let essence = media_type.split(';').next().unwrap_or_default().trim();
        Format::ALL
            .into_iter()
            .find(|f| essence.eq_ignore_ascii_case(f.media_type()))
    }
}

/// What a file may be.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Data rows (the header row not counted).
    pub max_rows: usize,
    /// What the parts of a workbook may inflate to, together.
    pub max_inflated_bytes: u64,
}

/// A sheet's rows as text: the header row and the data rows after it, blank rows left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// The file was not UTF-8 and was read as Windows-1252 (Swedish Excel's plain CSV).
    pub read_as_windows_1252: bool,
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Its number as the spreadsheet shows it (the header is row 1 of a file that starts with it).
    pub number: u32,
    pub cells: Vec<String>,
}

impl Row {
    /// The cell in column `i`, trimmed; empty when the row is shorter.
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |c| c.trim())
    }
}

/// Why a file cannot be read as a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The bytes are not the declared format (or any spreadsheet): `found` says what they seem.
    NotASpreadsheet { declared: Format, found: Found },
    /// More data rows than the limit.
    TooManyRows { limit: usize },
    /// A workbook whose parts inflate beyond the limit (a zip bomb, or a far too large sheet).
    Inflates { limit: u64 },
    /// A CSV file that declares UTF-8 (a BOM) or holds UTF-8 sequences, yet is not UTF-8:
    /// `line` is the first line that is not.
    NotUtf8 { line: u64 },
    /// No header row.
    Empty,
}

/// What a refused file seems to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// A workbook sent as CSV.
    Xlsx,
    /// A zip archive that is not a workbook, or a broken one.
    BrokenWorkbook,
    /// Binary content: an image, a PDF, a program...
    Binary,
}

/// Reads `bytes` as `format` within `limits`.
pub fn read(bytes: &[u8], format: Format, limits: Limits) -> Result<Table, Refusal> {
    let table = match format {
        Format::Csv => read_csv::read(bytes, limits)?,
        Format::Xlsx => read_xlsx::read(bytes, limits)?,
    };
    if table.header.iter().all(|h| h.trim().is_empty()) {
        return Err(Refusal::Empty);
    }
    Ok(table)
}

/// Starts like a zip archive (an XLSX workbook is one).
fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Adds a row, or refuses once there are more than the limit; blank rows are left out.
fn push_row(
    table: &mut Table,
    number: u32,
    cells: Vec<String>,
    limits: Limits,
) -> Result<(), Refusal> {
    if cells.iter().all(|c| c.trim().is_empty()) {
        return Ok(());
    }
    if table.header.is_empty() {
        table.header = cells;
        return Ok(());
    }
    if table.rows.len() == limits.max_rows {
        return Err(Refusal::TooManyRows {
            limit: limits.max_rows,
        });
    }
    table.rows.push(Row { number, cells });
    Ok(())
}

#[cfg(test)]
pub(crate) const TEST_LIMITS: Limits = Limits {
    max_rows: 10,
    max_inflated_bytes: 1 << 20,
};
