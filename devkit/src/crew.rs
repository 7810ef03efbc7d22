//! A crew to import: valid people (unique identity numbers with their check digit, unique
//! emails, Swedish mobile numbers), written as Swedish HR offices save a sheet — CSV from Excel
//! with Swedish settings (`;`, Windows-1252, CRLF) or an XLSX workbook whose dates are date
//! cells, whose identity numbers are numbers and with a formula among its cells. The tests and
//! `id06-bench` use it.

use chrono::{Months, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, XlsxError};

/// One person of a crew, every field as typed.
#[derive(Debug, Clone)]
pub struct Member {
    pub given_names: String,
    pub surname: String,
    pub date_of_birth: NaiveDate,
    /// `YYYYMMDD-NNNN`.
    pub personal_identity_number: String,
    pub nationality: String,
    pub email: String,
    pub mobile: String,
    pub valid_until: NaiveDate,
}

const GIVEN: [&str; 8] = [
    "Åsa",
    "Örjan",
    "Märta",
    "Björn",
    "Elin",
    "Jönsson Per",
    "Karl-Åke",
    "Zoë",
];
const SURNAMES: [&str; 8] = [
    "Öberg",
    "Ågren",
    "Lindström",
    "Ek",
    "Nyström",
    "Häll",
    "Sjö",
    "Bäck",
];

/// `n` valid people, the `k`-th with a date of birth `k` days after 1960-01-01; `tag` keeps
/// the emails of two crews apart.
pub fn members(n: usize, tag: &str, today: NaiveDate) -> Vec<Member> {
    members_from(0, n, tag, today)
}

/// [`members`] from the `first`-th person on: crews that share nobody.
pub fn members_from(first: usize, n: usize, tag: &str, today: NaiveDate) -> Vec<Member> {
    let start = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap_or_default();
    let valid_until = today.checked_add_months(Months::new(36)).unwrap_or(today);
    (first..first + n)
        .map(|k| {
            let dob = start + chrono::Days::new(k as u64);
            let serial = 200 + (k % 700) as u32;
            Member {
                given_names: GIVEN[k % GIVEN.len()].to_owned(),
                surname: SURNAMES[(k / GIVEN.len()) % SURNAMES.len()].to_owned(),
                date_of_birth: dob,
                personal_identity_number: personal_identity_number(dob, serial),
                nationality: "SE".into(),
                email: format!("crew.{tag}.{k}@example.se"),
                mobile: format!(
                    "070-{:03} {:02} {:02}",
                    100 + k / 10_000,
                    (k / 100) % 100,
                    k % 100
                ),
                valid_until,
            }
        })
        .collect()
}

/// A personnummer for the date and serial (three digits), with its check digit.
pub fn personal_identity_number(dob: NaiveDate, serial: u32) -> String {
    let body = format!("{}{:03}", dob.format("%y%m%d"), serial % 1000);
    let check = luhn_check_digit(&body);
    format!("{}-{:03}{check}", dob.format("%Y%m%d"), serial % 1000)
}

/// The Luhn check digit of `digits` (personnummer, organisation numbers: nine digits before it).
pub fn luhn_check_digit(digits: &str) -> u32 {
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            d / 10 + d % 10
        })
        .sum();
    (10 - sum % 10) % 10
}

/// The Swedish headers, as Excel users write them.
pub const SWEDISH_HEADER: [&str; 8] = [
    "Förnamn",
    "Efternamn",
    "Födelsedatum",
    "Personnummer",
    "Nationalitet",
    "E-post",
    "Mobil",
    "Giltig till",
];

/// The English headers.
pub const ENGLISH_HEADER: [&str; 8] = [
    "Given names",
    "Surname",
    "Date of birth",
    "Personal identity number",
    "Nationality",
    "Email",
    "Mobile",
    "Valid until",
];

/// A row's cells, as text.
pub fn cells(m: &Member) -> [String; 8] {
    [
        m.given_names.clone(),
        m.surname.clone(),
        m.date_of_birth.to_string(),
        m.personal_identity_number.clone(),
        m.nationality.clone(),
        m.email.clone(),
        m.mobile.clone(),
        m.valid_until.to_string(),
    ]
}

/// Rows of text cells as Swedish Excel's plain "CSV (semikolonavgränsad)" saves them:
/// Windows-1252, `;`, CRLF, fields quoted only when they must be.
pub fn swedish_excel_csv(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let line = |cells: Vec<String>| {
        cells
            .into_iter()
            .map(|c| {
                if c.contains([';', '"', '\n']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c
                }
            })
            .collect::<Vec<_>>()
            .join(";")
    };
    let mut text = line(header.iter().map(|h| (*h).to_owned()).collect());
    text.push_str("\r\n");
    for r in rows {
        text.push_str(&line(r.clone()));
        text.push_str("\r\n");
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    bytes.into_owned()
}

/// The crew as an XLSX workbook as Excel saves one: English headers, dates in date cells, the
/// identity number's digits in a number cell, the surname as a formula (`=TRIM("...")`, saved
/// with its value).
pub fn xlsx(crew: &[Member]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Personal")?;
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ENGLISH_HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    for (i, m) in crew.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let day = |d: NaiveDate| ExcelDateTime::parse_from_str(&d.to_string());
        ws.write_string(r, 0, &m.given_names)?;
        ws.write_formula(
            r,
            1,
            Formula::new(format!("=TRIM(\"{}\")", m.surname)).set_result(&m.surname),
        )?;
        ws.write_datetime_with_format(r, 2, &day(m.date_of_birth)?, &date)?;
        let digits: f64 = m
            .personal_identity_number
            .replace('-', "")
            .parse()
            .unwrap_or(0.0);
        ws.write_number(r, 3, digits)?;
        ws.write_string(r, 4, &m.nationality)?;
        ws.write_string(r, 5, &m.email)?;
        ws.write_string(r, 6, &m.mobile)?;
        ws.write_datetime_with_format(r, 7, &day(m.valid_until)?, &date)?;
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    #[test]
    fn identity_numbers_carry_their_check_digit() {
        let dob = chrono::NaiveDate::from_ymd_opt(1981, 12, 18).unwrap_or_default();
        assert_eq!(super::personal_identity_number(dob, 987), "19811218-9876");
    }
}
