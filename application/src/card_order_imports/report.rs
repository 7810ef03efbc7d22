//! An import's report: per row its number, where it stands (with the order it placed) and each
//! problem with its column, code and message — as JSON (the DTOs) or as a spreadsheet to
//! download, in the reader's language.

use domain::{ImportRowStatus, Language, OrderId};

use super::check::Problem;
use super::columns::Column;
use super::{header_of, message};
use crate::spreadsheet::write::{CsvWriter, Separator, XlsxWriter};
use crate::spreadsheet::Format;
use crate::texts::text;

/// Where a row of a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    /// A dry run's valid row: its order would be placed.
    Valid,
    Stored(ImportRowStatus),
}

impl RowState {
    pub fn as_str(self) -> &'static str {
        match self {
            RowState::Valid => "valid",
            RowState::Stored(s) => s.as_str(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReportRow {
    pub number: u32,
    pub state: RowState,
    pub order_id: Option<OrderId>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows: u32,
    pub valid: u32,
    pub invalid: u32,
    pub placed: u32,
    pub processed: u32,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub format: Format,
    pub read_as_windows_1252: bool,
    /// Each recognised column with its header as the file wrote it.
    pub columns: Vec<(Column, String)>,
    pub unknown_columns: Vec<String>,
    pub counts: Counts,
    pub rows: Vec<ReportRow>,
}

impl Report {
    /// The header of a column as the file wrote it.
    pub fn header(&self, c: Column) -> String {
        header_of(&self.columns, c)
    }

    /// One line per problem (a row without problems: one line), each cell text.
    fn lines(&self, lang: Language) -> impl Iterator<Item = [String; 6]> + '_ {
        self.rows.iter().flat_map(move |r| {
            let base = |column: String, code: String, msg: String| {
                [
                    r.number.to_string(),
                    r.state.as_str().to_owned(),
                    r.order_id
                        .as_ref()
                        .map(|o| o.as_str().to_owned())
                        .unwrap_or_default(),
                    column,
                    code,
                    msg,
                ]
            };
            if r.problems.is_empty() {
                vec![base(String::new(), String::new(), String::new())]
            } else {
                r.problems
                    .iter()
                    .map(|p| {
                        let column = p.column.map(|c| self.header(c)).unwrap_or_default();
                        base(column, p.code.clone(), message(p, lang))
                    })
                    .collect()
            }
        })
    }

    fn headers(lang: Language) -> [String; 6] {
        [
            "report-row",
            "report-status",
            "report-order",
            "report-column",
            "report-code",
            "report-message",
        ]
        .map(|k| text(lang, k))
    }

    /// The report as a spreadsheet file of `format`, headers and messages in `lang`.
    pub fn file(&self, format: Format, lang: Language) -> std::io::Result<Vec<u8>> {
        let headers = Self::headers(lang);
        match format {
            Format::Csv => {
                let mut w = CsvWriter::new(Vec::new(), Separator::Comma)?;
                w.row(headers.iter().map(String::as_str))?;
                for line in self.lines(lang) {
                    w.row(line.iter().map(String::as_str))?;
                }
                w.into_inner()
            }
            Format::Xlsx => {
                let xlsx = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(e.to_string());
                let mut w = XlsxWriter::new(&text(lang, "report-sheet"), None).map_err(xlsx)?;
                w.header(headers.iter().map(String::as_str)).map_err(xlsx)?;
                for line in self.lines(lang) {
                    w.row(line.iter().map(String::as_str)).map_err(xlsx)?;
                }
                let mut out = Vec::new();
                w.finish(&mut out).map_err(xlsx)?;
                Ok(out)
            }
        }
    }
}
