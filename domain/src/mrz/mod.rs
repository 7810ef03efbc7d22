//! Machine-readable zones of travel documents (ICAO Doc 9303 Parts 3–6): TD1 (three lines of 30,
//! identity cards), TD2 (two lines of 36) and TD3 (two lines of 44, passports). Parsing checks the
//! character set and layout and verifies every check digit — document number, date of birth,
//! expiry, optional data (TD3) and the composite — so a parsed zone is one a reader could accept.

use chrono::NaiveDate;

use crate::{mrz_variants_match, CountryCode, Invalid};

/// The three layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzFormat {
    Td1,
    Td2,
    Td3,
}

/// A field whose check digit is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzCheck {
    DocumentNumber,
    DateOfBirth,
    Expiry,
    OptionalData,
    Composite,
}

impl MrzCheck {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DocumentNumber => "document_number",
            Self::DateOfBirth => "date_of_birth",
            Self::Expiry => "expiry",
            Self::OptionalData => "optional_data",
            Self::Composite => "composite",
        }
    }
}

/// The fields of a verified machine-readable zone, as printed there (A–Z, 0–9; names with `<`
/// between words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz {
    pub format: MrzFormat,
    /// `P`, `I`, `ID`, `AC`, … (filler removed).
    pub document_code: String,
    /// ICAO code of the issuing state (`SWE`, `D`, `UTO`), filler removed.
    pub issuing_state: String,
    /// The primary identifier (surname), words joined by `<`.
    pub surname: String,
    /// The secondary identifiers (given names), words joined by `<`; empty when none.
    pub given_names: String,
    /// The name field is full to its last character, so the name may have been cut short.
    pub name_may_be_truncated: bool,
    /// Filler removed; a long TD1 number continues in the optional data.
    pub document_number: String,
    /// ICAO code of the nationality, filler removed.
    pub nationality: String,
    /// `YYMMDD` as printed; the century is the reader's to choose ([`Mrz::birth_date`]).
    pub birth_date_raw: String,
    /// `M`, `F` or `<` (unspecified).
    pub sex: char,
    pub expiry_raw: String,
    /// Optional data (TD3: personal number; TD1: both optional fields), filler removed.
    pub optional_data: String,
}

/// Why a zone does not parse: bad form (`Invalid`), or check digits that do not match (every
/// one that does not, in the zone's order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MrzError {
    Form(Invalid),
    CheckDigits(Vec<MrzCheck>),
}

fn form(message: impl Into<String>) -> MrzError {
    let message = message.into();
    MrzError::Form(Invalid::new("invalid_mrz", message.clone()).with("detail", message))
}

/// The value of an MRZ character in check-digit arithmetic: digits as themselves, `A`–`Z` 10–35,
/// the filler `<` 0.
fn value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// The check digit of `field` (Doc 9303 Part 3 §4.9: weights 7, 3, 1 repeating, modulo 10).
pub fn check_digit(field: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in field.bytes().enumerate() {
        sum += value(c)? * [7, 3, 1][i % 3];
    }
    Some(b'0' + u8::try_from(sum % 10).ok()?)
}

/// Notes `which` in `bad` unless `digit` is the check digit of `field`.
fn verify(field: &str, digit: u8, which: MrzCheck, bad: &mut Vec<MrzCheck>) {
    // A field left empty may carry `<` as its check digit (optional data, Part 4 §4.2.2).
    let empty = digit == b'<' && field.bytes().all(|c| c == b'<');
    if !empty && check_digit(field) != Some(digit) {
        bad.push(which);
    }
}

/// Every check digit verified before any is reported.
fn all_verified(bad: Vec<MrzCheck>) -> Result<(), MrzError> {
    if bad.is_empty() {
        Ok(())
    } else {
        Err(MrzError::CheckDigits(bad))
    }
}

fn unfill(s: &str) -> String {
    s.trim_end_matches('<').to_owned()
}

/// Splits the name field: surname `<<` given names, words separated by single `<`.
fn names(field: &str) -> (String, String) {
    let trimmed = field.trim_end_matches('<');
    match trimmed.split_once("<<") {
        Some((surname, given)) => (surname.to_owned(), given.trim_start_matches('<').to_owned()),
        None => (trimmed.to_owned(), String::new()),
    }
}

fn date_field(s: &str) -> Result<String, MrzError> {
    if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_owned())
    } else {
        Err(form("dates in the zone are six digits, YYMMDD"))
    }
}

fn sex_field(c: u8) -> Result<char, MrzError> {
    match c {
        b'M' | b'F' | b'<' | b'X' => Ok(char::from(c)),
        _ => Err(form("sex is M, F or <")),
    }
}

impl Mrz {
    /// Parses a zone given as its lines (separated by line breaks; surrounding spaces ignored).
    pub fn parse(raw: &str) -> Result<Mrz, MrzError> {
        let lines: Vec<&str> = raw
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.iter().any(|l| !l.bytes().all(|c| value(c).is_some())) {
            return Err(form(
                "only A-Z, 0-9 and < may appear in a machine-readable zone",
            ));
        }
        match (lines.len(), lines.first().map(|l| l.len())) {
            (3, Some(30)) if lines.iter().all(|l| l.len() == 30) => Self::td1(&lines),
            (2, Some(36)) if lines[1].len() == 36 => Self::td2(&lines),
            (2, Some(44)) if lines[1].len() == 44 => Self::td3(&lines),
            _ => Err(form(
                "a machine-readable zone is 3 lines of 30 (TD1), 2 of 36 (TD2) or 2 of 44 (TD3) characters",
            )),
        }
    }

    fn td3(l: &[&str]) -> Result<Mrz, MrzError> {
        let mut bad = Vec::new();
        let (a, b) = (l[0], l[1]);
        let bb = b.as_bytes();
        verify(&b[0..9], bb[9], MrzCheck::DocumentNumber, &mut bad);
        verify(&b[13..19], bb[19], MrzCheck::DateOfBirth, &mut bad);
        verify(&b[21..27], bb[27], MrzCheck::Expiry, &mut bad);
        verify(&b[28..42], bb[42], MrzCheck::OptionalData, &mut bad);
        let composite = format!("{}{}{}", &b[0..10], &b[13..20], &b[21..43]);
        verify(&composite, bb[43], MrzCheck::Composite, &mut bad);
        all_verified(bad)?;
        let (surname, given_names) = names(&a[5..44]);
        let name_may_be_truncated = !a.ends_with('<');
        Ok(Mrz {
            format: MrzFormat::Td3,
            document_code: unfill(&a[0..2]),
            issuing_state: unfill(&a[2..5]),
            surname,
            given_names,
            name_may_be_truncated,
            document_number: unfill(&b[0..9]),
            nationality: unfill(&b[10..13]),
            birth_date_raw: date_field(&b[13..19])?,
            sex: sex_field(bb[20])?,
            expiry_raw: date_field(&b[21..27])?,
            optional_data: unfill(&b[28..42]),
        })
    }

    fn td2(l: &[&str]) -> Result<Mrz, MrzError> {
        let mut bad = Vec::new();
        let (a, b) = (l[0], l[1]);
        let bb = b.as_bytes();
        verify(&b[0..9], bb[9], MrzCheck::DocumentNumber, &mut bad);
        verify(&b[13..19], bb[19], MrzCheck::DateOfBirth, &mut bad);
        verify(&b[21..27], bb[27], MrzCheck::Expiry, &mut bad);
        let composite = format!("{}{}{}", &b[0..10], &b[13..20], &b[21..35]);
        verify(&composite, bb[35], MrzCheck::Composite, &mut bad);
        all_verified(bad)?;
        let (surname, given_names) = names(&a[5..36]);
        let name_may_be_truncated = !a.ends_with('<');
        Ok(Mrz {
            format: MrzFormat::Td2,
            document_code: unfill(&a[0..2]),
            issuing_state: unfill(&a[2..5]),
            surname,
            given_names,
            name_may_be_truncated,
            document_number: unfill(&b[0..9]),
            nationality: unfill(&b[10..13]),
            birth_date_raw: date_field(&b[13..19])?,
            sex: sex_field(bb[20])?,
            expiry_raw: date_field(&b[21..27])?,
            optional_data: unfill(&b[28..35]),
        })
    }

    fn td1(l: &[&str]) -> Result<Mrz, MrzError> {
        let mut bad = Vec::new();
        let (a, b, c) = (l[0], l[1], l[2]);
        let (ab, bb) = (a.as_bytes(), b.as_bytes());
        // A document number longer than 9 characters continues in the optional data, ended by
        // its check digit, with `<` in the check digit's own place (Part 5 §4.2.2, note j).
        let document_number = if ab[14] == b'<' && ab[15] != b'<' {
            let rest = a[15..30].trim_end_matches('<');
            let (more, digit) = rest.split_at(rest.len().saturating_sub(1));
            let number = format!("{}{more}", &a[5..14]);
            verify(
                &number,
                digit.bytes().next().unwrap_or(b'<'),
                MrzCheck::DocumentNumber,
                &mut bad,
            );
            number
        } else {
            verify(&a[5..14], ab[14], MrzCheck::DocumentNumber, &mut bad);
            unfill(&a[5..14])
        };
        verify(&b[0..6], bb[6], MrzCheck::DateOfBirth, &mut bad);
        verify(&b[8..14], bb[14], MrzCheck::Expiry, &mut bad);
        let composite = format!("{}{}{}{}", &a[5..30], &b[0..7], &b[8..15], &b[18..29]);
        verify(&composite, bb[29], MrzCheck::Composite, &mut bad);
        all_verified(bad)?;
        let (surname, given_names) = names(c);
        let name_may_be_truncated = !c.ends_with('<');
        let optional = format!("{}{}", unfill(&a[15..30]), unfill(&b[18..29]));
        Ok(Mrz {
            format: MrzFormat::Td1,
            document_code: unfill(&a[0..2]),
            issuing_state: unfill(&a[2..5]),
            surname,
            given_names,
            name_may_be_truncated,
            document_number,
            nationality: unfill(&b[15..18]),
            birth_date_raw: date_field(&b[0..6])?,
            sex: sex_field(bb[7])?,
            expiry_raw: date_field(&b[8..14])?,
            optional_data: optional,
        })
    }

    /// The date of birth: the century is the latest that does not put it after `today`.
    pub fn birth_date(&self, today: NaiveDate) -> Option<NaiveDate> {
        let d = yymmdd(&self.birth_date_raw, 2000)?;
        if d > today {
            yymmdd(&self.birth_date_raw, 1900)
        } else {
            Some(d)
        }
    }

    /// The expiry date (documents expire this century).
    pub fn expiry(&self) -> Option<NaiveDate> {
        yymmdd(&self.expiry_raw, 2000)
    }
}

/// A document's fields as the identity verifier sends them, to compare with its zone.
#[derive(Debug, Clone)]
pub struct DocumentClaim<'a> {
    pub document_number: &'a str,
    pub issuing_country: CountryCode,
    pub surname: &'a str,
    pub given_names: &'a str,
    pub date_of_birth: NaiveDate,
    pub nationality: CountryCode,
    pub expires_on: NaiveDate,
}

/// A field where the zone and the sent fields disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzField {
    DocumentNumber,
    IssuingCountry,
    Surname,
    GivenNames,
    DateOfBirth,
    Nationality,
    Expiry,
}

impl MrzField {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DocumentNumber => "document_number",
            Self::IssuingCountry => "issuing_country",
            Self::Surname => "surname",
            Self::GivenNames => "given_names",
            Self::DateOfBirth => "date_of_birth",
            Self::Nationality => "nationality",
            Self::Expiry => "expires_on",
        }
    }
}

impl Mrz {
    /// The fields of `claim` that the zone does not bear out, in a fixed order. Names compare by
    /// ICAO transliteration (a cut-short name only when the name field is full); countries by their
    /// ICAO codes (`D` is Germany); the document number ignoring spaces and case.
    pub fn disagreements(&self, claim: &DocumentClaim<'_>, today: NaiveDate) -> Vec<MrzField> {
        let mut out = Vec::new();
        let number: String = claim
            .document_number
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        if number != self.document_number {
            out.push(MrzField::DocumentNumber);
        }
        if CountryCode::parse(&self.issuing_state).ok() != Some(claim.issuing_country) {
            out.push(MrzField::IssuingCountry);
        }
        let cut = self.name_may_be_truncated;
        if !mrz_variants_match(claim.surname, &self.surname, cut) {
            out.push(MrzField::Surname);
        }
        let given_agree = if self.given_names.is_empty() {
            claim.given_names.trim().is_empty()
        } else {
            mrz_variants_match(claim.given_names, &self.given_names, cut)
        };
        if !given_agree {
            out.push(MrzField::GivenNames);
        }
        if self.birth_date(today) != Some(claim.date_of_birth) {
            out.push(MrzField::DateOfBirth);
        }
        if CountryCode::parse(&self.nationality).ok() != Some(claim.nationality) {
            out.push(MrzField::Nationality);
        }
        if self.expiry() != Some(claim.expires_on) {
            out.push(MrzField::Expiry);
        }
        out
    }
}

fn yymmdd(s: &str, century: i32) -> Option<NaiveDate> {
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let year = century + i32::try_from(n(0..2)?).ok()?;
    NaiveDate::from_ymd_opt(year, n(2..4)?, n(4..6)?)
}

#[cfg(test)]
mod tests;
