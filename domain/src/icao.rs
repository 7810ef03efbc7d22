//! ICAO Doc 9303 Part 3 transliteration of Latin names into machine-readable-zone characters.
//!
//! The standard allows several answers for some letters (Å → AA or A, Ä → AE or A, Ö → OE or O,
//! Ü → UE or U) and the issuing state chooses, so a name matches an MRZ name when any allowed
//! variant does. Matching walks both strings instead of listing variants, so a name full of
//! umlauts costs no more than any other.

use unicode_normalization::UnicodeNormalization;

/// One position of a name: the MRZ spellings it may take.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Letters(&'static [&'static str]),
    Plain(char),
    Separator,
}

/// The MRZ spellings of one (upper-case) character; `None` when it has no Latin transliteration.
fn variants(c: char) -> Option<Piece> {
    let piece = match c {
        'A'..='Z' => Piece::Plain(c),
        ' ' | '-' | '<' => Piece::Separator,
        '\'' | '\u{2019}' | '.' => Piece::Letters(&[""]),
        'Å' => Piece::Letters(&["AA", "A"]),
        'Ä' => Piece::Letters(&["AE", "A"]),
        'Ö' => Piece::Letters(&["OE", "O"]),
        'Ü' => Piece::Letters(&["UE", "U"]),
        'Ø' => Piece::Letters(&["OE"]),
        'Æ' => Piece::Letters(&["AE"]),
        'Œ' => Piece::Letters(&["OE"]),
        'Þ' => Piece::Letters(&["TH"]),
        'Ð' | 'Đ' => Piece::Letters(&["D"]),
        'Ĳ' => Piece::Letters(&["IJ"]),
        'Ł' => Piece::Letters(&["L"]),
        'Ħ' => Piece::Letters(&["H"]),
        'ẞ' => Piece::Letters(&["SS"]),
        _ => {
            // Other accented letters lose their accents: the base letter of the decomposition.
            let mut base = c.nfd().filter(|d| !is_mark(*d));
            match (base.next(), base.next()) {
                (Some(b @ 'A'..='Z'), None) => Piece::Plain(b),
                _ => return None,
            }
        }
    };
    Some(piece)
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// The name as pieces; consecutive separators count as one. `None` if a character has no MRZ form.
fn pieces(name: &str) -> Option<Vec<Piece>> {
    let upper: String = name.nfc().collect::<String>().to_uppercase();
    let mut out: Vec<Piece> = Vec::new();
    for c in upper.trim().chars() {
        let p = variants(c)?;
        if p == Piece::Separator && out.last().is_none_or(|l| *l == Piece::Separator) {
            continue;
        }
        out.push(p);
    }
    while out.last() == Some(&Piece::Separator) {
        out.pop();
    }
    Some(out)
}

/// An MRZ name field in canonical form: A–Z and single `<` between names (spaces accepted for `<`).
pub(crate) fn canonical_mrz(mrz: &str) -> String {
    let mut out = String::new();
    for c in mrz.trim().to_ascii_uppercase().chars() {
        let c = if c == ' ' { '<' } else { c };
        if c == '<' && (out.is_empty() || out.ends_with('<')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('<').to_owned()
}

/// Does some ICAO transliteration of `name` equal the MRZ name `mrz`? With `allow_truncation`,
/// the MRZ may also be a cut-off prefix of a transliteration (a full name field is truncated).
pub fn mrz_variants_match(name: &str, mrz: &str, allow_truncation: bool) -> bool {
    let Some(pieces) = pieces(name) else {
        return false;
    };
    let target = canonical_mrz(mrz);
    if target.is_empty() || !target.bytes().all(|b| b.is_ascii_uppercase() || b == b'<') {
        return false;
    }
    let target = target.as_bytes();
    // reachable[j]: some variant of the pieces so far spells exactly target[..j].
    let mut reachable = vec![false; target.len() + 1];
    reachable[0] = true;
    let mut truncated_match = false;
    for piece in &pieces {
        let mut next = vec![false; target.len() + 1];
        for j in (0..=target.len()).filter(|&j| reachable[j]) {
            let spellings: Vec<String> = match piece {
                Piece::Plain(c) => vec![c.to_string()],
                Piece::Separator => vec!["<".into()],
                Piece::Letters(v) => v.iter().map(|s| (*s).to_owned()).collect(),
            };
            for s in spellings {
                let s = s.as_bytes();
                let end = j + s.len();
                if end <= target.len() && &target[j..end] == s {
                    next[end] = true;
                } else if allow_truncation
                    && j < target.len()
                    && end > target.len()
                    && target[j..] == s[..target.len() - j]
                {
                    truncated_match = true;
                }
            }
        }
        if allow_truncation && reachable[target.len()] {
            truncated_match = true;
        }
        reachable = next;
    }
    reachable[target.len()] || truncated_match
}

/// Every MRZ spelling of `name` (at most `limit`), for showing people what was compared.
pub fn transliterate_variants(name: &str, limit: usize) -> Vec<String> {
    let Some(pieces) = pieces(name) else {
        return Vec::new();
    };
    let mut out = vec![String::new()];
    for piece in pieces {
        let spellings: Vec<String> = match piece {
            Piece::Plain(c) => vec![c.to_string()],
            Piece::Separator => vec!["<".into()],
            Piece::Letters(v) => v.iter().map(|s| (*s).to_owned()).collect(),
        };
        out = out
            .iter()
            .flat_map(|prefix| spellings.iter().map(move |s| format!("{prefix}{s}")))
            .take(limit)
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digg_vectors() {
        for (name, mrz) in [
            ("Lindström", "LINDSTROEM"),
            ("Karl Åke", "KARL<AAKE"),
            ("Karl-Åke", "KARL<AAKE"),
            ("André", "ANDRE"),
            ("O'Leary", "OLEARY"),
            ("Àérge", "AERGE"),
            ("BŒße", "BOESSE"),
            ("Ðan", "DAN"),
            ("Žlatan", "ZLATAN"),
            ("Åsa Ölund", "AASA<OELUND"),
            ("Weiß", "WEISS"),
            ("Søren", "SOEREN"),
            ("José Núñez", "JOSE<NUNEZ"),
        ] {
            assert!(mrz_variants_match(name, mrz, false), "{name} -> {mrz}");
        }
    }

    #[test]
    fn single_letter_variants() {
        assert!(mrz_variants_match("Öberg", "OBERG", false));
        assert!(mrz_variants_match("Åsa", "ASA", false));
        assert!(mrz_variants_match("Müller", "MUELLER", false));
        assert!(mrz_variants_match("Müller", "MULLER", false));
        assert!(mrz_variants_match("Mäkelä", "MAKELAE", false));
        // Ø has only OE, ß only SS.
        assert!(!mrz_variants_match("Søren", "SOREN", false));
        assert!(!mrz_variants_match("Weiß", "WEIS", false));
    }

    #[test]
    fn mismatches() {
        assert!(!mrz_variants_match("Öbergh", "OEBERG", false));
        assert!(!mrz_variants_match("Karin Åsa", "AASA<KARIN", false));
        assert!(!mrz_variants_match("Åsa", "AASA<KARIN", false));
        assert!(!mrz_variants_match("Иван", "IVAN", false));
        assert!(!mrz_variants_match("Anna", "", false));
    }

    #[test]
    fn truncated_field() {
        assert!(mrz_variants_match(
            "Maximiliana Alexandra",
            "MAXIMILIANA<ALEX",
            true
        ));
        assert!(!mrz_variants_match(
            "Maximiliana Alexandra",
            "MAXIMILIANA<ALEX",
            false
        ));
        assert!(!mrz_variants_match(
            "Maximiliana Alexandra",
            "MAXIMILIANA<ALEK",
            true
        ));
    }

    #[test]
    fn lists_variants() {
        assert_eq!(
            transliterate_variants("Åsa", 10),
            vec!["AASA".to_owned(), "ASA".to_owned()]
        );
        assert_eq!(transliterate_variants("Ä Ä Ä Ä", 5).len(), 5);
    }
}
