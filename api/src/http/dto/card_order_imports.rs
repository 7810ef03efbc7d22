//! Spreadsheet imports of card orders: the report of a file (a dry run's answer, and part of
//! an import), an import with its counts, and the query parameters of the upload and the files.

use chrono::{DateTime, Utc};
use domain::{ImportMode, ImportRowStatus, ImportStatus, Language};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use app::card_order_imports::columns::Column;
use app::card_order_imports::message;
use app::card_order_imports::report::{Counts, Report, RowState};
use app::card_order_imports::view::Import;
use app::spreadsheet::Format;
use persistence::card_order_imports::ImportRow;

/// A spreadsheet format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpreadsheetFormat {
    Csv,
    Xlsx,
}

impl SpreadsheetFormat {
    pub fn as_app(self) -> Format {
        match self {
            Self::Csv => Format::Csv,
            Self::Xlsx => Format::Xlsx,
        }
    }

    fn of(f: Format) -> Self {
        match f {
            Format::Csv => Self::Csv,
            Format::Xlsx => Self::Xlsx,
        }
    }
}

/// What an import does when rows are invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportModeView {
    /// Place the valid rows' orders and report the others.
    ValidRows,
    /// Place nothing unless every row is valid.
    AllOrNothing,
}

impl ImportModeView {
    pub fn as_domain(self) -> ImportMode {
        match self {
            Self::ValidRows => ImportMode::ValidRows,
            Self::AllOrNothing => ImportMode::AllOrNothing,
        }
    }

    fn of(m: ImportMode) -> Self {
        match m {
            ImportMode::ValidRows => Self::ValidRows,
            ImportMode::AllOrNothing => Self::AllOrNothing,
        }
    }
}

/// Where an import stands.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatusView {
    /// Checked; waiting for the job to place its orders.
    Queued,
    /// The job is placing its orders (see `counts.processed`).
    Running,
    /// Done: the valid rows' orders are placed.
    Completed,
    /// Nothing was placed: `all_or_nothing`, and a row was invalid.
    Rejected,
}

impl ImportStatusView {
    fn of(s: ImportStatus) -> Self {
        match s {
            ImportStatus::Queued => Self::Queued,
            ImportStatus::Running => Self::Running,
            ImportStatus::Completed => Self::Completed,
            ImportStatus::Rejected => Self::Rejected,
        }
    }
}

/// Where a row stands.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportRowStatusView {
    /// A dry run's row without problems: its order would be placed.
    Valid,
    /// Valid; its order is about to be placed.
    Pending,
    /// Its order is placed (`order_id`).
    Placed,
    /// It has problems: no order.
    Invalid,
    /// Valid, but not placed: the import was refused as a whole, or the uploader lost the right
    /// to order.
    NotPlaced,
}

impl ImportRowStatusView {
    fn of(s: RowState) -> Self {
        match s {
            RowState::Valid => Self::Valid,
            RowState::Stored(ImportRowStatus::Pending) => Self::Pending,
            RowState::Stored(ImportRowStatus::Placed) => Self::Placed,
            RowState::Stored(ImportRowStatus::Invalid) => Self::Invalid,
            RowState::Stored(ImportRowStatus::NotPlaced) => Self::NotPlaced,
        }
    }
}

/// A column of an import file: the order's field it fills.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportField {
    GivenNames,
    Surname,
    DateOfBirth,
    PersonalIdentityNumber,
    Nationality,
    CardholderEmail,
    CardholderPhone,
    ValidUntil,
    NameToPrint,
}

impl ImportField {
    fn of(c: Column) -> Self {
        match c {
            Column::GivenNames => Self::GivenNames,
            Column::Surname => Self::Surname,
            Column::DateOfBirth => Self::DateOfBirth,
            Column::PersonalIdentityNumber => Self::PersonalIdentityNumber,
            Column::Nationality => Self::Nationality,
            Column::Email => Self::CardholderEmail,
            Column::Mobile => Self::CardholderPhone,
            Column::ValidUntil => Self::ValidUntil,
            Column::NameToPrint => Self::NameToPrint,
        }
    }
}

/// A recognised column and its header as the file wrote it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportColumn {
    pub field: ImportField,
    #[schema(max_length = 1000)]
    pub header: String,
}

/// One problem of a row.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportProblem {
    /// The column, by the order's field; `null` for a problem of the whole row.
    pub field: Option<ImportField>,
    /// The column's header as the file wrote it.
    #[schema(max_length = 1000)]
    pub column: Option<String>,
    /// Stable, machine-readable: the same in every language (`required`, `invalid_email`,
    /// `duplicate_in_file`, `open_order_exists`, ...).
    #[schema(max_length = 64)]
    pub code: String,
    /// For people, in the language of `Accept-Language`.
    #[schema(max_length = 1000)]
    pub message: String,
}

/// One row of the file: its number as the spreadsheet shows it, where it stands and its
/// problems.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRowReport {
    #[schema(minimum = 1, maximum = 1_048_576)]
    pub row: u32,
    pub status: ImportRowStatusView,
    /// The order it placed.
    #[schema(max_length = 64)]
    pub order_id: Option<String>,
    #[schema(max_items = 20)]
    pub problems: Vec<ImportProblem>,
}

/// How many rows are where.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportCounts {
    /// Data rows in the file (the header and blank rows not counted).
    #[schema(minimum = 0, maximum = 10000)]
    pub rows: u32,
    /// Rows without problems.
    #[schema(minimum = 0, maximum = 10000)]
    pub valid: u32,
    /// Rows with problems.
    #[schema(minimum = 0, maximum = 10000)]
    pub invalid: u32,
    /// Orders placed.
    #[schema(minimum = 0, maximum = 10000)]
    pub placed: u32,
    /// Rows done (placed, invalid or not placed): progress while `running`.
    #[schema(minimum = 0, maximum = 10000)]
    pub processed: u32,
}

impl From<Counts> for ImportCounts {
    fn from(c: Counts) -> Self {
        ImportCounts {
            rows: c.rows,
            valid: c.valid,
            invalid: c.invalid,
            placed: c.placed,
            processed: c.processed,
        }
    }
}

/// The report of a file: every row and every problem at once.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    pub format: SpreadsheetFormat,
    /// The file was not UTF-8 and was read as Windows-1252 (Excel's plain "CSV" with Swedish
    /// settings).
    pub read_as_windows_1252: bool,
    /// The columns found.
    #[schema(max_items = 9)]
    pub columns: Vec<ImportColumn>,
    /// Headers that name no column, as written: their cells were not read.
    #[schema(max_items = 16384)]
    pub unknown_columns: Vec<HeaderText>,
    pub counts: ImportCounts,
    /// Every row, in the file's order.
    #[schema(max_items = 10000)]
    pub rows: Vec<ImportRowReport>,
}

impl ImportReport {
    pub fn of(r: &Report, lang: Language) -> Self {
        ImportReport {
            format: SpreadsheetFormat::of(r.format),
            read_as_windows_1252: r.read_as_windows_1252,
            columns: r
                .columns
                .iter()
                .map(|(c, h)| ImportColumn {
                    field: ImportField::of(*c),
                    header: h.clone(),
                })
                .collect(),
            unknown_columns: r.unknown_columns.iter().cloned().map(HeaderText).collect(),
            counts: r.counts.into(),
            rows: r
                .rows
                .iter()
                .map(|row| ImportRowReport {
                    row: row.number,
                    status: ImportRowStatusView::of(row.state),
                    order_id: row.order_id.as_ref().map(|o| o.as_str().to_owned()),
                    problems: row
                        .problems
                        .iter()
                        .map(|p| ImportProblem {
                            field: p.column.map(ImportField::of),
                            column: p.column.map(|c| r.header(c)),
                            code: p.code.clone(),
                            message: message(p, lang),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// An import without its report: as its webhook event shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardOrderImportSummary {
    /// `imp_...`
    #[schema(max_length = 64, example = "imp_5b1e0c2a9d8f7e6a5b4c3d2e")]
    pub id: String,
    #[schema(max_length = 64)]
    pub company_id: String,
    pub status: ImportStatusView,
    pub mode: ImportModeView,
    pub format: SpreadsheetFormat,
    pub counts: ImportCounts,
    pub created_at: DateTime<Utc>,
    /// When it ended (`completed` or `rejected`).
    pub completed_at: Option<DateTime<Utc>>,
}

/// An import of card orders from a spreadsheet, with its report.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardOrderImport {
    #[serde(flatten)]
    pub import: CardOrderImportSummary,
    pub report: ImportReport,
}

impl CardOrderImportSummary {
    /// The import as stored (its webhook object, and the head of its JSON).
    pub fn of(r: &ImportRow) -> Self {
        let n = |v: i32| u32::try_from(v).unwrap_or_default();
        CardOrderImportSummary {
            id: r.id.as_str().to_owned(),
            company_id: r.company_id.as_str().to_owned(),
            status: ImportStatusView::of(r.status),
            mode: ImportModeView::of(r.mode),
            format: if r.format == Format::Xlsx.as_str() {
                SpreadsheetFormat::Xlsx
            } else {
                SpreadsheetFormat::Csv
            },
            counts: ImportCounts {
                rows: n(r.total_rows),
                valid: n(r.valid_rows),
                invalid: n(r.invalid_rows),
                placed: n(r.placed_rows),
                processed: n(r.processed_rows),
            },
            created_at: r.created_at.and_utc(),
            completed_at: r.completed_at.map(|t| t.and_utc()),
        }
    }
}

impl CardOrderImport {
    pub fn of(i: &Import, lang: Language) -> Self {
        CardOrderImport {
            import: CardOrderImportSummary::of(&i.row),
            report: ImportReport::of(&i.report, lang),
        }
    }
}

/// Uploading a file.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Only check the file and report: nothing is stored or placed.
    #[param(default = false)]
    pub dry_run: Option<bool>,
    /// What to do when rows are invalid (default `valid_rows`).
    #[param(inline)]
    pub mode: Option<ImportModeView>,
}

/// A spreadsheet to download.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FileQuery {
    /// The file's format; wins over `Accept` (`text/csv` or the XLSX media type). Default: CSV.
    #[param(inline)]
    pub format: Option<SpreadsheetFormat>,
}

/// A spreadsheet file: its bytes (CSV or XLSX, by the media type).
#[derive(Debug, ToSchema)]
#[schema(
    value_type = String,
    format = Binary,
    max_length = 8388608,
    example = "Förnamn;Efternamn;Födelsedatum;Personnummer;Nationalitet;E-post;Mobil;Giltig till\r\nÅsa Maria;Öberg;1985-03-09;19850309-2382;SE;asa.maria.oberg@example.se;070-445 07 23;2028-12-31\r\n"
)]
pub struct SpreadsheetFile(pub Vec<u8>);

/// A header cell as the file wrote it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(value_type = String, max_length = 1000)]
pub struct HeaderText(pub String);
