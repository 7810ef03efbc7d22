use unicode_normalization::UnicodeNormalization;

use crate::{text::is_forbidden, Invalid};

/// A person's name as given names and surname, each in NFC, with single spaces, bounded.
/// Letters (any script), combining marks, spaces, hyphens, apostrophes and periods only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    given_names: String,
    surname: String,
}

impl PersonName {
    pub const MAX_LEN: usize = 100;

    /// Returns the field that failed (`given_names` or `surname`) with the reason.
    pub fn parse(given_names: &str, surname: &str) -> Result<Self, (&'static str, Invalid)> {
        let given = clean(given_names).map_err(|e| ("given_names", e))?;
        let surname = clean(surname).map_err(|e| ("surname", e))?;
        Ok(Self {
            given_names: given,
            surname,
        })
    }

    pub fn given_names(&self) -> &str {
        &self.given_names
    }

    pub fn surname(&self) -> &str {
        &self.surname
    }

    /// Given names split on spaces (a hyphenated given name such as `Karl-Åke` stays one name).
    pub fn given_name_list(&self) -> impl Iterator<Item = &str> {
        self.given_names.split(' ')
    }

    pub fn full(&self) -> String {
        format!("{} {}", self.given_names, self.surname)
    }

    /// The full name as a search matches it: see [`search_key`].
    pub fn search_key(&self) -> String {
        search_key(&self.full())
    }
}

/// Text folded for searching names: decomposed, accents dropped, lower case, single spaces, so
/// that `asa oberg` finds `Åsa Öberg`.
pub fn search_key(text: &str) -> String {
    let folded: String = text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clean(raw: &str) -> Result<String, Invalid> {
    let nfc: String = raw.nfc().collect();
    let collapsed = nfc.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.is_empty() {
        return Err(Invalid::new("blank", "must not be blank"));
    }
    if collapsed.chars().count() > PersonName::MAX_LEN {
        return Err(Invalid::new(
            "too_long",
            format!("must be at most {} characters", PersonName::MAX_LEN),
        )
        .with("max", PersonName::MAX_LEN));
    }
    let allowed = |c: char| {
        !is_forbidden(c)
            && (c.is_alphabetic()
                || is_combining_mark(c)
                || matches!(c, ' ' | '-' | '\'' | '\u{2019}' | '.'))
    };
    if !collapsed.chars().all(allowed) {
        return Err(Invalid::new(
            "invalid_characters",
            "may contain only letters, spaces, hyphens, apostrophes and periods",
        )
        .with("reason", "name_letters"));
    }
    if !collapsed.chars().next().is_some_and(char::is_alphabetic) {
        return Err(
            Invalid::new("invalid_characters", "must start with a letter")
                .with("reason", "name_start"),
        );
    }
    Ok(collapsed)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises() {
        let n = PersonName::parse("  Åsa   Karin ", "O\u{308}berg");
        assert_eq!(
            n.as_ref().map(|n| (n.given_names(), n.surname())),
            Ok(("Åsa Karin", "Öberg"))
        );
        assert_eq!(n.map(|n| n.full()), Ok("Åsa Karin Öberg".into()));
        assert!(PersonName::parse("Karl-Åke", "O'Leary").is_ok());
        assert!(PersonName::parse("Zoë", "Núñez García").is_ok());
    }

    #[test]
    fn search_keys_fold_accents_and_case() {
        let n = PersonName::parse("Åsa", "ÖBERG").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(n.search_key(), "asa oberg");
        assert_eq!(search_key("  Núñez\tGARCÍA "), "nunez garcia");
    }

    #[test]
    fn rejects() {
        assert_eq!(
            PersonName::parse("", "X").map_err(|e| e.0),
            Err("given_names")
        );
        assert_eq!(
            PersonName::parse("A", "X1").map_err(|e| e.0),
            Err("surname")
        );
        assert_eq!(
            PersonName::parse("A\u{200B}", "X").map_err(|e| e.1.code),
            Err("invalid_characters")
        );
        assert_eq!(
            PersonName::parse("-A", "X").map_err(|e| e.1.code),
            Err("invalid_characters")
        );
        assert_eq!(
            PersonName::parse(&"a".repeat(101), "X").map_err(|e| e.1.code),
            Err("too_long")
        );
    }
}
