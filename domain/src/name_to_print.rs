use unicode_normalization::UnicodeNormalization;

use crate::{Invalid, PersonName};

/// The name printed on the card: given names of the full name (in order, initials allowed) followed
/// by the whole surname, at most [`NameToPrint::MAX_LEN`] characters so it fits the card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameToPrint(String);

impl NameToPrint {
    /// The card prints one line of this many characters.
    pub const MAX_LEN: usize = 30;

    pub fn parse(raw: &str, name: &PersonName) -> Result<Self, Invalid> {
        let nfc: String = raw.nfc().collect();
        let value = nfc.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_empty() {
            return Err(Invalid::new("blank", "must not be blank"));
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err(Invalid::new(
                "too_long",
                format!(
                    "must be at most {} characters to fit the card",
                    Self::MAX_LEN
                ),
            )
            .with("max", Self::MAX_LEN));
        }
        let words: Vec<&str> = value.split(' ').collect();
        let surname: Vec<&str> = name.surname().split(' ').collect();
        let ends_with_surname = words.len() > surname.len()
            && words[words.len() - surname.len()..]
                .iter()
                .zip(&surname)
                .all(|(w, s)| fold(w) == fold(s));
        if !ends_with_surname {
            return Err(Invalid::new(
                "not_from_name",
                "must end with the surname and start with at least one given name",
            )
            .with("reason", "shape"));
        }
        let mut given = name.given_name_list();
        for word in &words[..words.len() - surname.len()] {
            // Each printed given name is a later given name of the full name, whole or as an initial.
            if !given.any(|g| fold(word) == fold(g) || is_initial_of(word, g)) {
                return Err(Invalid::new(
                    "not_from_name",
                    "given names must come from the full name, in order; initials such as \"K.\" are allowed",
                )
                .with("reason", "given_names"));
            }
        }
        Ok(Self(value))
    }

    /// First given name and surname; the first initial when that does not fit.
    pub fn default_for(name: &PersonName) -> Result<Self, Invalid> {
        let first = name.given_name_list().next().unwrap_or_default();
        Self::parse(&format!("{first} {}", name.surname()), name).or_else(|_| {
            let initial = first.chars().next().map(String::from).unwrap_or_default();
            Self::parse(&format!("{initial}. {}", name.surname()), name)
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// `K.` or `K` for `Karl`; `K.-Å.` or `K-Å` for `Karl-Åke`.
fn is_initial_of(word: &str, given: &str) -> bool {
    let parts: Vec<&str> = given.split('-').collect();
    let initials: Vec<&str> = word.split('-').collect();
    parts.len() == initials.len()
        && parts.iter().zip(&initials).all(|(p, i)| {
            let i = i.strip_suffix('.').unwrap_or(i);
            let mut chars = i.chars();
            match (chars.next(), chars.next(), p.chars().next()) {
                (Some(c), None, Some(first)) => fold(&c.to_string()) == fold(&first.to_string()),
                _ => false,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(g: &str, s: &str) -> PersonName {
        PersonName::parse(g, s).unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn default_is_first_name_and_surname() {
        let n = name("Åsa Karin", "Öberg");
        assert_eq!(
            NameToPrint::default_for(&n).map(|p| p.0),
            Ok("Åsa Öberg".into())
        );
        let long = name("Maximiliana", "Lindström-Westerberg");
        assert_eq!(
            NameToPrint::default_for(&long).map(|p| p.0),
            Ok("M. Lindström-Westerberg".into())
        );
    }

    #[test]
    fn accepts_given_names_in_order_and_initials() {
        let n = name("Karl-Åke Johan", "Svensson");
        for ok in [
            "Karl-Åke Svensson",
            "Johan Svensson",
            "K.-Å. J. Svensson",
            "K-Å Johan Svensson",
            "Karl-Åke Johan Svensson",
            "KARL-ÅKE SVENSSON",
        ] {
            assert!(NameToPrint::parse(ok, &n).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_other_names() {
        let n = name("Karl-Åke Johan", "Svensson");
        for bad in [
            "Svensson",
            "Johan Karl-Åke Svensson",
            "Kalle Svensson",
            "Karl-Åke Svenson",
            "Karl-Åke",
            "K. Å. Svensson",
        ] {
            assert_eq!(
                NameToPrint::parse(bad, &n).map_err(|e| e.code),
                Err("not_from_name"),
                "{bad}"
            );
        }
        assert_eq!(
            NameToPrint::parse(&format!("Johan {}", "S".repeat(30)), &n).map_err(|e| e.code),
            Err("too_long")
        );
    }
}
