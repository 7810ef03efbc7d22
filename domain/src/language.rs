//! The languages people read the service in, and how a request's `Accept-Language`
//! (RFC 9110 §12.5.4) chooses one: the tag with the highest q-value that the service speaks,
//! ties to the earlier tag; `sv` and its regional forms are Swedish, anything else English.

crate::stored_enum! {
    /// A language of the service's texts (ISO 639-1).
    pub enum Language ("invalid_language") {
        /// English: the default.
        English => "en",
        Swedish => "sv",
    }
}

impl Language {
    /// The language of a language tag (`sv`, `sv-SE`, `en-GB`, ...), if the service speaks it.
    pub fn of_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        Language::ALL
            .iter()
            .copied()
            .find(|l| primary.eq_ignore_ascii_case(l.as_str()))
    }

    /// The language an `Accept-Language` header asks for: of the tags the service speaks, the
    /// one with the highest weight (`*` stands for English); English when it speaks none of
    /// them, or the header cannot be read. `q=0` rules a tag out.
    pub fn negotiate(header: Option<&str>) -> Language {
        let Some(header) = header else {
            return Language::English;
        };
        let mut best: Option<(u16, Language)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            if tag.is_empty() {
                continue;
            }
            let Some(q) = quality(parts) else { continue };
            if q == 0 {
                continue;
            }
            let language = match Language::of_tag(tag) {
                Some(l) => l,
                None if tag == "*" => Language::English,
                None => continue,
            };
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, language));
            }
        }
        best.map_or(Language::English, |(_, l)| l)
    }
}

/// A weight in thousandths (`q=0.8` is 800); `None` for one that is not a qvalue.
fn quality<'a>(params: impl Iterator<Item = &'a str>) -> Option<u16> {
    for p in params {
        let (name, value) = p.trim().split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("q") {
            continue;
        }
        let value = value.trim();
        let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
        if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
        return match whole {
            "0" => Some(thousandths),
            "1" if thousandths == 0 => Some(1000),
            _ => None,
        };
    }
    Some(1000)
}

#[cfg(test)]
mod tests {
    use super::Language::{self, English, Swedish};

    fn pick(h: &str) -> Language {
        Language::negotiate(Some(h))
    }

    #[test]
    fn swedish_in_its_forms() {
        assert_eq!(pick("sv"), Swedish);
        assert_eq!(pick("sv-SE"), Swedish);
        assert_eq!(pick("SV-fi"), Swedish);
        assert_eq!(pick("sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7"), Swedish);
    }

    #[test]
    fn the_highest_weight_wins_and_ties_go_to_the_first() {
        assert_eq!(pick("en;q=0.5, sv;q=0.9"), Swedish);
        assert_eq!(pick("sv;q=0.4, en"), English);
        assert_eq!(pick("sv;q=0.5, en;q=0.5"), Swedish);
        assert_eq!(pick("de, sv;q=0.9"), Swedish, "the best the service speaks");
        assert_eq!(pick("de, fr;q=0.9"), English, "none it speaks: English");
        assert_eq!(pick("sv;q=0, en;q=0.1"), English);
        assert_eq!(pick("sv;q=0"), English);
        assert_eq!(pick("*;q=0.5, sv"), Swedish);
    }

    #[test]
    fn what_cannot_be_read_is_english() {
        assert_eq!(Language::negotiate(None), English);
        assert_eq!(pick(""), English);
        assert_eq!(pick("sv;q=2"), English);
        assert_eq!(pick("sv;q=0.0001"), English);
        assert_eq!(pick("sv;level"), English);
        assert_eq!(pick(";;;,,,"), English);
    }
}
