//! An empty import file to fill in: every column with its Swedish and English header (each
//! read back as that column) and one example row, as CSV (`;`, what Excel with Swedish settings
//! opens in columns) or XLSX.

use super::columns::Column;
use crate::spreadsheet::write::{CsvWriter, Separator, XlsxWriter};
use crate::spreadsheet::Format;

/// The template, for whoever may see the company's orders.
pub fn for_company(
    conn: &mut persistence::DbConn,
    who: &crate::Principal,
    (company, format): (domain::CompanyId, Format),
    _: &crate::Context,
) -> crate::AppResult<Vec<u8>> {
    crate::companies::access::require(conn, who, &company, domain::CompanyAction::View)?;
    template(format).map_err(|e| crate::AppError::Internal(format!("template: {e}")))
}

pub fn template(format: Format) -> std::io::Result<Vec<u8>> {
    let headers: Vec<String> = Column::ALL.iter().map(|c| c.both_headers()).collect();
    let example = Column::ALL.map(Column::example);
    match format {
        Format::Csv => {
            let mut w = CsvWriter::new(Vec::new(), Separator::Semicolon)?;
            w.row(headers.iter().map(String::as_str))?;
            w.row(example)?;
            w.into_inner()
        }
        Format::Xlsx => {
            let xlsx = |e: rust_xlsxwriter::XlsxError| std::io::Error::other(e.to_string());
            let mut w = XlsxWriter::new("Kortbeställningar - Card orders", None).map_err(xlsx)?;
            w.header(headers.iter().map(String::as_str)).map_err(xlsx)?;
            w.row(example).map_err(xlsx)?;
            let mut out = Vec::new();
            w.finish(&mut out).map_err(xlsx)?;
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card_order_imports::{prepare, Upload};
    use domain::{CompanyId, ImportMode, Language};

    #[test]
    fn the_template_reads_back_as_one_valid_row() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        for format in Format::ALL {
            let bytes = template(format).unwrap_or_else(|e| panic!("template: {e:?}"));
            let p = prepare(
                Upload {
                    company_id: CompanyId::from_random([1; 12]),
                    format,
                    bytes,
                    mode: ImportMode::ValidRows,
                    language: Language::Swedish,
                },
                today,
            )
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
            assert_eq!(p.rows.len(), 1);
            assert!(
                p.rows[0].outcome.is_ok(),
                "{format:?}: {:?}",
                p.rows[0].outcome.as_ref().err()
            );
            assert!(p.columns.unknown.is_empty());
        }
    }
}
