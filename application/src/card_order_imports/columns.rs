//! The columns of an import file, found by their header in Swedish or English (or the API's
//! field name): `Förnamn` / `Given names`, ... A header cell may name a column in both
//! languages at once (`Förnamn / Given names`, as the template writes it). Case, spacing and a
//! trailing `*` do not matter; a header that names no column is reported, never guessed.

use domain::Language;

/// A column of the import file (stored by its field's name).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    GivenNames,
    Surname,
    DateOfBirth,
    PersonalIdentityNumber,
    Nationality,
    #[serde(rename = "cardholder_email")]
    Email,
    #[serde(rename = "cardholder_phone")]
    Mobile,
    ValidUntil,
    NameToPrint,
}

impl Column {
    /// In the template's order.
    pub const ALL: [Column; 9] = [
        Column::GivenNames,
        Column::Surname,
        Column::DateOfBirth,
        Column::PersonalIdentityNumber,
        Column::Nationality,
        Column::Email,
        Column::Mobile,
        Column::ValidUntil,
        Column::NameToPrint,
    ];

    /// The field of a placed order it fills (as the order's JSON names it).
    pub fn field(self) -> &'static str {
        match self {
            Column::GivenNames => "given_names",
            Column::Surname => "surname",
            Column::DateOfBirth => "date_of_birth",
            Column::PersonalIdentityNumber => "personal_identity_number",
            Column::Nationality => "nationality",
            Column::Email => "cardholder_email",
            Column::Mobile => "cardholder_phone",
            Column::ValidUntil => "valid_until",
            Column::NameToPrint => "name_to_print",
        }
    }

    pub fn parse_field(field: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.field() == field)
    }

    /// A file without it is refused; a row with it empty is invalid.
    pub fn required(self) -> bool {
        !matches!(self, Column::PersonalIdentityNumber | Column::NameToPrint)
    }

    /// Its header in `language`.
    pub fn header(self, language: Language) -> &'static str {
        let (sv, en) = self.headers();
        match language {
            Language::Swedish => sv,
            Language::English => en,
        }
    }

    /// Its header in both languages, as the template writes it.
    pub fn both_headers(self) -> String {
        let (sv, en) = self.headers();
        format!("{sv} / {en}")
    }

    fn headers(self) -> (&'static str, &'static str) {
        match self {
            Column::GivenNames => ("Förnamn", "Given names"),
            Column::Surname => ("Efternamn", "Surname"),
            Column::DateOfBirth => ("Födelsedatum", "Date of birth"),
            Column::PersonalIdentityNumber => ("Personnummer", "Personal identity number"),
            Column::Nationality => ("Nationalitet", "Nationality"),
            Column::Email => ("E-post", "Email"),
            Column::Mobile => ("Mobil", "Mobile"),
            Column::ValidUntil => ("Giltig till", "Valid until"),
            Column::NameToPrint => ("Namn på kortet", "Name on card"),
        }
    }

    /// Other names people give the column (lower case).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::GivenNames => &["first name", "first names", "tilltalsnamn"],
            Column::Surname => &["last name", "family name"],
            Column::DateOfBirth => &["birth date", "född"],
            Column::PersonalIdentityNumber => &[
                "samordningsnummer",
                "personnummer/samordningsnummer",
                "personal number",
            ],
            Column::Nationality => &["medborgarskap", "citizenship"],
            Column::Email => &["e-postadress", "epost", "e-mail", "email address"],
            Column::Mobile => &[
                "mobilnummer",
                "mobiltelefon",
                "mobile number",
                "mobile phone",
            ],
            Column::ValidUntil => &["giltighet", "giltigt till", "expiry"],
            Column::NameToPrint => &["name to print", "tryckt namn"],
        }
    }

    /// The example row of the template.
    pub fn example(self) -> &'static str {
        match self {
            Column::GivenNames => "Åsa Maria",
            Column::Surname => "Öberg",
            Column::DateOfBirth => "1985-03-09",
            Column::PersonalIdentityNumber => "19850309-2382",
            Column::Nationality => "SE",
            Column::Email => "asa.maria.oberg@example.se",
            Column::Mobile => "070-445 07 23",
            Column::ValidUntil => "2028-12-31",
            Column::NameToPrint => "Åsa Öberg",
        }
    }

    fn names(self) -> impl Iterator<Item = String> {
        let (sv, en) = self.headers();
        [sv, en, self.field()]
            .into_iter()
            .chain(self.aliases().iter().copied())
            .map(normal)
    }
}

/// A header as compared: trimmed, lower case, inner spaces and underscores as one space, a
/// trailing `*` (a required column's mark) dropped.
fn normal(h: &str) -> String {
    let h = h
        .trim()
        .trim_end_matches('*')
        .to_lowercase()
        .replace('_', " ");
    h.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The column a header cell names, if any.
fn named(header: &str) -> Option<Column> {
    let find = |h: &str| {
        let h = normal(h);
        Column::ALL.into_iter().find(|c| c.names().any(|n| n == h))
    };
    find(header).or_else(|| {
        // `Förnamn / Given names`: every part names the same column.
        let mut parts = header.split('/').map(find);
        let first = parts.next().flatten()?;
        parts.all(|p| p == Some(first)).then_some(first)
    })
}

/// Where each column is in the file, and the headers that name none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    at: Vec<(Column, usize, String)>,
    /// Headers that name no column, as written (their cells are not read).
    pub unknown: Vec<String>,
}

impl Columns {
    /// The index of the column's cells in a row.
    pub fn index(&self, c: Column) -> Option<usize> {
        self.at
            .iter()
            .find(|(col, ..)| *col == c)
            .map(|(_, i, _)| *i)
    }

    /// The column's header as the file writes it.
    pub fn header(&self, c: Column) -> Option<&str> {
        self.at
            .iter()
            .find(|(col, ..)| *col == c)
            .map(|(.., h)| h.as_str())
    }
}

/// What is wrong with a header row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderProblems {
    pub missing: Vec<Column>,
    /// Columns named by more than one header.
    pub repeated: Vec<Column>,
}

/// The columns of a header row; every required column must be there, once.
pub fn recognise(header: &[String]) -> Result<Columns, HeaderProblems> {
    let mut at: Vec<(Column, usize, String)> = Vec::new();
    let mut unknown = Vec::new();
    let mut problems = HeaderProblems::default();
    for (i, h) in header.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        match named(h) {
            Some(c) if at.iter().any(|(col, ..)| *col == c) => {
                if !problems.repeated.contains(&c) {
                    problems.repeated.push(c);
                }
            }
            Some(c) => at.push((c, i, h.trim().to_owned())),
            None => unknown.push(h.trim().to_owned()),
        }
    }
    problems.missing = Column::ALL
        .into_iter()
        .filter(|c| c.required() && !at.iter().any(|(col, ..)| col == c))
        .collect();
    if problems.missing.is_empty() && problems.repeated.is_empty() {
        Ok(Columns { at, unknown })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn swedish_english_both_and_field_names() {
        let cols = recognise(&strings(&[
            "förnamn",
            "Surname",
            "Födelsedatum *",
            "Nationalitet / Nationality",
            "cardholder_email",
            "  Mobil ",
            "GILTIG TILL",
            "Avdelning",
        ]))
        .unwrap_or_else(|e| panic!("columns: {e:?}"));
        assert_eq!(cols.index(Column::GivenNames), Some(0));
        assert_eq!(cols.index(Column::Nationality), Some(3));
        assert_eq!(cols.index(Column::Email), Some(4));
        assert_eq!(cols.index(Column::PersonalIdentityNumber), None);
        assert_eq!(cols.header(Column::Mobile), Some("Mobil"));
        assert_eq!(cols.unknown, ["Avdelning"]);
    }

    #[test]
    fn missing_and_repeated_columns_are_named() {
        let p = recognise(&strings(&["Förnamn", "Given names", "Efternamn", "E-post"]))
            .err()
            .unwrap_or_else(|| panic!("problems"));
        assert_eq!(p.repeated, [Column::GivenNames]);
        assert_eq!(
            p.missing,
            [
                Column::DateOfBirth,
                Column::Nationality,
                Column::Mobile,
                Column::ValidUntil
            ]
        );
        assert!(
            recognise(&strings(&["Förnamn / Surname"])).is_err(),
            "two columns in one"
        );
    }

    #[test]
    fn the_templates_headers_are_read() {
        let header: Vec<String> = Column::ALL.iter().map(|c| c.both_headers()).collect();
        let cols = recognise(&header).unwrap_or_else(|e| panic!("columns: {e:?}"));
        for (i, c) in Column::ALL.iter().enumerate() {
            assert_eq!(cols.index(*c), Some(i));
        }
    }
}
