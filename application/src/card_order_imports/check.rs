//! Every row checked with the rules of placing one order — the person (names, date of birth,
//! identity number with its checksum and date, name to print), email, mobile number and
//! validity — and against the rows before it: the same person or the same email twice in one
//! file is a duplicate. All problems of a row at once, each with its column.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::{search_key, Email, Invalid, OrderPerson, PersonInput, PhoneNumber};
use serde::{Deserialize, Serialize};

use super::columns::{Column, Columns};
use crate::spreadsheet::Row;

/// A row's values as given, each still text: what a queued import keeps (sealed) until the
/// order is placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowInput {
    pub given_names: String,
    pub surname: String,
    pub date_of_birth: String,
    pub nationality: String,
    pub personal_identity_number: Option<String>,
    pub email: String,
    pub mobile: String,
    pub valid_until: String,
    pub name_to_print: Option<String>,
}

impl RowInput {
    /// The row's cells under their columns; an optional column left empty is absent.
    pub fn of(row: &Row, columns: &Columns) -> RowInput {
        let cell = |c: Column| columns.index(c).map_or("", |i| row.cell(i)).to_owned();
        let optional = |c: Column| Some(cell(c)).filter(|v| !v.is_empty());
        RowInput {
            given_names: cell(Column::GivenNames),
            surname: cell(Column::Surname),
            date_of_birth: cell(Column::DateOfBirth),
            nationality: cell(Column::Nationality),
            personal_identity_number: optional(Column::PersonalIdentityNumber),
            email: cell(Column::Email),
            mobile: cell(Column::Mobile),
            valid_until: cell(Column::ValidUntil),
            name_to_print: optional(Column::NameToPrint),
        }
    }

    fn value(&self, c: Column) -> &str {
        match c {
            Column::GivenNames => &self.given_names,
            Column::Surname => &self.surname,
            Column::DateOfBirth => &self.date_of_birth,
            Column::PersonalIdentityNumber => {
                self.personal_identity_number.as_deref().unwrap_or("")
            }
            Column::Nationality => &self.nationality,
            Column::Email => &self.email,
            Column::Mobile => &self.mobile,
            Column::ValidUntil => &self.valid_until,
            Column::NameToPrint => self.name_to_print.as_deref().unwrap_or(""),
        }
    }
}

/// A row that passed: the order it places.
#[derive(Debug, Clone)]
pub struct ValidRow {
    pub person: OrderPerson,
    pub email: Email,
    pub phone: PhoneNumber,
    pub valid_until: NaiveDate,
}

/// One problem of a row: its column (none for one of the whole row), a stable code and the
/// values its message names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<Column>,
    pub code: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, String)>,
}

impl Problem {
    pub fn new(column: Column, code: &str) -> Problem {
        Problem {
            column: Some(column),
            code: code.to_owned(),
            args: Vec::new(),
        }
    }

    /// A problem of the whole row.
    pub fn of_row(code: &str) -> Problem {
        Problem {
            column: None,
            code: code.to_owned(),
            args: Vec::new(),
        }
    }

    fn of(column: Column, e: Invalid) -> Problem {
        Problem {
            column: Some(column),
            code: e.code.to_owned(),
            args: e.args.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        }
    }

    pub fn with(mut self, name: &str, value: impl ToString) -> Problem {
        self.args.push((name.to_owned(), value.to_string()));
        self
    }
}

/// One row by the rules of one order.
pub fn row(input: &RowInput, today: NaiveDate) -> Result<ValidRow, Vec<Problem>> {
    let mut problems: Vec<Problem> = Column::ALL
        .into_iter()
        .filter(|c| c.required() && input.value(*c).is_empty())
        .map(|c| Problem::new(c, "required"))
        .collect();
    let empty = |c: Column, p: &[Problem]| {
        p.iter()
            .any(|x| x.column == Some(c) && x.code == "required")
    };
    let person = OrderPerson::parse(
        &PersonInput {
            given_names: input.given_names.clone(),
            surname: input.surname.clone(),
            date_of_birth: input.date_of_birth.clone(),
            nationality: input.nationality.clone(),
            personal_identity_number: input.personal_identity_number.clone(),
            name_to_print: input.name_to_print.clone(),
        },
        today,
    );
    let person = match person {
        Ok(p) => Some(p),
        Err(errors) => {
            for (field, e) in errors {
                let column = Column::parse_field(field).unwrap_or(Column::GivenNames);
                if !empty(column, &problems) {
                    problems.push(Problem::of(column, e));
                }
            }
            None
        }
    };
    let parse =
        |c: Column, problems: &mut Vec<Problem>| (!empty(c, problems)).then_some(input.value(c));
    let email = parse(Column::Email, &mut problems).and_then(|v| {
        Email::parse(v)
            .map_err(|e| problems.push(Problem::of(Column::Email, e)))
            .ok()
    });
    let phone = parse(Column::Mobile, &mut problems).and_then(|v| {
        PhoneNumber::parse(v)
            .map_err(|e| problems.push(Problem::of(Column::Mobile, e)))
            .ok()
    });
    let valid_until = parse(Column::ValidUntil, &mut problems).and_then(|v| {
        NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map_err(|_| {
                problems.push(Problem::of(
                    Column::ValidUntil,
                    Invalid::new("invalid_date", "must be a date like 2028-12-31"),
                ))
            })
            .ok()
    });
    if let (Some(p), Some(v)) = (&person, valid_until) {
        if let Err(e) = p.check_valid_until(v, today) {
            problems.push(Problem::of(Column::ValidUntil, e.invalid()));
        }
    }
    match (person, email, phone, valid_until) {
        (Some(person), Some(email), Some(phone), Some(valid_until)) if problems.is_empty() => {
            Ok(ValidRow {
                person,
                email,
                phone,
                valid_until,
            })
        }
        _ => {
            problems.sort_by_key(|p| p.column);
            Err(problems)
        }
    }
}

/// Who a row is, for finding the same person twice: their identity number, else their folded
/// name and date of birth; and their email.
#[derive(Default)]
pub struct SeenInFile {
    people: HashMap<String, u32>,
    emails: HashMap<String, u32>,
}

impl SeenInFile {
    /// The problems of a valid row that repeats an earlier one (`number`: its row number).
    pub fn repeats(&mut self, number: u32, row: &ValidRow) -> Vec<Problem> {
        let mut problems = Vec::new();
        let (key, column) = match &row.person.personal_identity_number {
            Some(n) => (
                format!("pin:{}", n.digits()),
                Column::PersonalIdentityNumber,
            ),
            None => (
                format!(
                    "name:{}:{}",
                    search_key(&row.person.name.full()),
                    row.person.date_of_birth.date()
                ),
                Column::GivenNames,
            ),
        };
        match self.people.get(&key) {
            Some(first) => {
                problems.push(Problem::new(column, "duplicate_in_file").with("row", first))
            }
            None => {
                self.people.insert(key, number);
            }
        }
        let email = row.email.as_str().to_lowercase();
        match self.emails.get(&email) {
            Some(first) => {
                problems.push(Problem::new(Column::Email, "duplicate_in_file").with("row", first))
            }
            None => {
                self.emails.insert(email, number);
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default()
    }

    fn good() -> RowInput {
        RowInput {
            given_names: "Åsa Maria".into(),
            surname: "Öberg".into(),
            date_of_birth: "1985-03-09".into(),
            nationality: "SE".into(),
            personal_identity_number: Some("19850309-2382".into()),
            email: "asa@example.se".into(),
            mobile: "070-445 07 23".into(),
            valid_until: "2028-12-31".into(),
            name_to_print: None,
        }
    }

    fn codes(r: Result<ValidRow, Vec<Problem>>) -> Vec<(&'static str, String)> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.column.map_or("", Column::field), p.code))
            .collect()
    }

    #[test]
    fn a_good_row_passes() {
        assert!(row(&good(), today()).is_ok());
    }

    #[test]
    fn every_problem_of_a_row_at_once() {
        let r = RowInput {
            given_names: String::new(),
            date_of_birth: "1985-03-10".into(),
            email: "not-an-email".into(),
            valid_until: "31/12/2028".into(),
            ..good()
        };
        assert_eq!(
            codes(row(&r, today())),
            [
                ("given_names", "required".to_owned()),
                (
                    "personal_identity_number",
                    "does_not_match_date_of_birth".to_owned()
                ),
                ("cardholder_email", "invalid_email".to_owned()),
                ("valid_until", "invalid_date".to_owned()),
            ]
        );
    }

    #[test]
    fn a_bad_checksum_and_a_validity_too_long() {
        let r = RowInput {
            personal_identity_number: Some("19850309-2389".into()),
            nationality: "DE".into(),
            valid_until: "2030-01-01".into(),
            ..good()
        };
        let problems = row(&r, today()).err().unwrap_or_default();
        assert_eq!(problems[0].code, "invalid_personal_identity_number");
        let r = RowInput {
            personal_identity_number: None,
            nationality: "DE".into(),
            valid_until: "2030-01-01".into(),
            ..good()
        };
        let problems = row(&r, today()).err().unwrap_or_default();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "invalid_validity");
        assert!(problems[0]
            .args
            .contains(&("reason".into(), "too_long".into())));
        assert!(problems[0]
            .args
            .contains(&("max".into(), "2027-06-07".into())));
    }

    #[test]
    fn the_same_person_or_email_twice_in_a_file() {
        let mut seen = SeenInFile::default();
        let a = row(&good(), today()).unwrap_or_else(|e| panic!("valid: {e:?}"));
        assert!(seen.repeats(2, &a).is_empty());
        let b = row(
            &RowInput {
                email: "other@example.se".into(),
                ..good()
            },
            today(),
        )
        .unwrap_or_else(|e| panic!("valid: {e:?}"));
        let p = seen.repeats(5, &b);
        assert_eq!(
            p,
            [Problem::new(Column::PersonalIdentityNumber, "duplicate_in_file").with("row", 2)]
        );
        let c = row(
            &RowInput {
                personal_identity_number: None,
                given_names: "Eva".into(),
                ..good()
            },
            today(),
        )
        .unwrap_or_else(|e| panic!("valid: {e:?}"));
        assert_eq!(seen.repeats(6, &c)[0].column, Some(Column::Email));
    }
}
