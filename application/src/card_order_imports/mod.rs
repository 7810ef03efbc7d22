//! Ordering cards for a whole crew from a spreadsheet (CSV or XLSX). The file is read within
//! bounds and every row checked with the rules of one order (`check.rs`), under the columns its
//! header names (`columns.rs`); a dry run only reports (`start::dry_run`), a real import is
//! stored and queued (`start::start`) and placed by the job (`job.rs`), which any instance may
//! run. What the company sees: `view.rs` (the import with its report), `template.rs` (an empty
//! file to fill in).

pub mod check;
pub mod columns;
pub mod job;
pub mod report;
pub mod start;
pub mod template;
pub mod view;

use domain::{CompanyId, ImportMode, Language};

use self::check::{Problem, RowInput, SeenInFile, ValidRow};
use self::columns::{Column, Columns};
use crate::error::{AppError, AppResult, FieldError};
use crate::spreadsheet::{self, Format, Found, Limits, Refusal};
use crate::texts::{text_with, Text};
use crate::ProblemCode;

/// Rows a file may have (the header row not counted).
pub const MAX_ROWS: usize = 10_000;
/// The largest file, in bytes.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// What a workbook's parts may inflate to together.
pub const MAX_INFLATED_BYTES: u64 = 96 * 1024 * 1024;

const LIMITS: Limits = Limits {
    max_rows: MAX_ROWS,
    max_inflated_bytes: MAX_INFLATED_BYTES,
};

/// A file to import, as uploaded.
pub struct Upload {
    pub company_id: CompanyId,
    pub format: Format,
    pub bytes: Vec<u8>,
    pub mode: ImportMode,
    /// The language of the request: what the import remembers.
    pub language: Language,
}

/// A file read and its rows checked by themselves (the checks against the company's orders
/// follow in the database trip).
pub struct Prepared {
    pub company_id: CompanyId,
    pub format: Format,
    pub mode: ImportMode,
    pub language: Language,
    pub read_as_windows_1252: bool,
    pub columns: Columns,
    pub rows: Vec<PreparedRow>,
}

pub struct PreparedRow {
    pub number: u32,
    pub input: RowInput,
    pub outcome: Result<ValidRow, Vec<Problem>>,
}

/// An import id from a path (404 for anything else).
pub fn import_id(raw: &str) -> AppResult<domain::CardOrderImportId> {
    domain::CardOrderImportId::parse(raw).ok_or(AppError::NotFound)
}

/// Reads the file and checks every row by the rules of one order and against the rows before
/// it. CPU work, no database: run before the trip.
pub fn prepare(upload: Upload, today: chrono::NaiveDate) -> AppResult<Prepared> {
    let table = spreadsheet::read(&upload.bytes, upload.format, LIMITS)
        .map_err(|r| refused(r, upload.format))?;
    let columns = columns::recognise(&table.header).map_err(|p| {
        let named = |c: &Column, code: &str, key: &'static str| {
            FieldError::new(
                c.field(),
                code,
                Text::new(key).with("column", c.both_headers()),
            )
        };
        let mut errors: Vec<FieldError> = p
            .missing
            .iter()
            .map(|c| named(c, "missing_column", "import-missing-column"))
            .collect();
        errors.extend(
            p.repeated
                .iter()
                .map(|c| named(c, "repeated_column", "import-repeated-column")),
        );
        AppError::Unprocessable {
            code: ProblemCode::MissingColumns,
            detail: Text::new("import-header-refused"),
            errors,
        }
    })?;
    let mut seen = SeenInFile::default();
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let input = RowInput::of(row, &columns);
            let outcome = check::row(&input, today).and_then(|valid| {
                let repeats = seen.repeats(row.number, &valid);
                if repeats.is_empty() {
                    Ok(valid)
                } else {
                    Err(repeats)
                }
            });
            PreparedRow {
                number: row.number,
                input,
                outcome,
            }
        })
        .collect();
    Ok(Prepared {
        company_id: upload.company_id,
        format: upload.format,
        mode: upload.mode,
        language: upload.language,
        read_as_windows_1252: table.read_as_windows_1252,
        columns,
        rows,
    })
}

/// A file that cannot be read.
fn refused(r: Refusal, declared: Format) -> AppError {
    let (code, detail) = match r {
        Refusal::NotASpreadsheet { found, .. } => {
            let key = match (declared, found) {
                (Format::Csv, Found::Xlsx) => "import-refused-xlsx-as-csv",
                (Format::Xlsx, Found::BrokenWorkbook) => "import-refused-broken-workbook",
                (Format::Xlsx, _) => "import-refused-not-xlsx",
                (Format::Csv, _) => "import-refused-not-csv",
            };
            (ProblemCode::NotASpreadsheet, Text::new(key))
        }
        Refusal::TooManyRows { limit } => (
            ProblemCode::TooManyRows,
            Text::new("import-refused-too-many-rows").with("limit", limit),
        ),
        Refusal::Inflates { limit } => (
            ProblemCode::SpreadsheetTooLarge,
            Text::new("import-refused-inflates").with("limit", limit / (1024 * 1024)),
        ),
        Refusal::NotUtf8 { line } => (
            ProblemCode::NotUtf8,
            Text::new("import-refused-not-utf8").with("line", line),
        ),
        Refusal::Empty => (
            ProblemCode::EmptySpreadsheet,
            Text::new("import-refused-empty"),
        ),
    };
    AppError::Unprocessable {
        code,
        detail,
        errors: Vec::new(),
    }
}

/// The message of a row's problem in `lang`.
pub fn message(problem: &Problem, lang: Language) -> String {
    let args: Vec<(&str, crate::texts::Arg)> = problem
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), crate::texts::Arg::from(v.as_str())))
        .collect();
    let plain: Vec<(&str, &str)> = problem
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    text_with(lang, &crate::texts::field_key(&problem.code, &plain), &args)
}

/// Every code a row's problem can carry (a test holds the catalogues to them).
pub const ROW_PROBLEM_CODES: &[&str] = &[
    "required",
    "blank",
    "too_long",
    "invalid_characters",
    "invalid_date",
    "in_future",
    "too_early",
    "invalid_country",
    "invalid_personal_identity_number",
    "does_not_match_date_of_birth",
    "not_from_name",
    "invalid_email",
    "invalid_phone",
    "not_a_mobile_number",
    "invalid_validity",
    "duplicate_in_file",
    "open_order_exists",
    "access_lost",
    "no_delivery_address",
];

/// The header of a column as a file wrote it, else in both languages.
pub fn header_of(columns: &[(Column, String)], c: Column) -> String {
    columns
        .iter()
        .find(|(col, _)| *col == c)
        .map_or_else(|| c.both_headers(), |(_, h)| h.clone())
}
