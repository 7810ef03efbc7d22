//! Comparing names as the identity rules do: a name in national spelling against a document's
//! visual zone (case and separators folded, diacritics significant) or its machine-readable zone
//! (ICAO transliteration, a full name field possibly cut short).

use unicode_normalization::UnicodeNormalization;

use crate::icao::{canonical_mrz, mrz_variants_match};
use crate::{EvidenceName, PersonName};

/// Whether a name written in full (national spelling) agrees with the evidence's name, for the
/// surname and the given names: by the visual-zone key, or by ICAO transliteration against a
/// machine-readable zone (whose given names may have been cut at the field's end).
pub(crate) fn name_agrees(name: &PersonName, ev: &EvidenceName) -> (bool, bool) {
    match ev {
        EvidenceName::Visual(doc) => (
            visual_key(name.surname()) == visual_key(doc.surname()),
            visual_key(name.given_names()) == visual_key(doc.given_names()),
        ),
        EvidenceName::Mrz {
            surname,
            given_names,
        } => (
            mrz_variants_match(name.surname(), surname, false),
            mrz_variants_match(name.given_names(), given_names, mrz_truncated(ev)),
        ),
    }
}

/// A zone's name field cut at the TD1 (30) or TD3 (39) length may have lost its end.
pub(crate) fn mrz_truncated(ev: &EvidenceName) -> bool {
    match ev {
        EvidenceName::Mrz {
            surname,
            given_names,
        } => {
            let combined = canonical_mrz(surname).len() + 2 + canonical_mrz(given_names).len();
            combined == 30 || combined == 39
        }
        EvidenceName::Visual(_) => false,
    }
}

/// Visual-zone comparison key: NFC, case folded, hyphen and space runs alike, typographic
/// apostrophe as ASCII. Diacritics stay significant.
fn visual_key(s: &str) -> String {
    let folded: String = s
        .nfc()
        .collect::<String>()
        .to_lowercase()
        .replace('ß', "ss")
        .replace('\u{2019}', "'");
    folded
        .split(|c: char| c == '-' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
