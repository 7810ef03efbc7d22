//! The regular expressions that define the accepted forms of free-typed values. Each parser
//! accepts exactly what its pattern matches (then normalises), and the API contract publishes the
//! same patterns, so a client's validator and the server never disagree. They use only syntax that
//! ECMA-262 (JSON Schema), Python and Rust's regex crate read alike: no lookaround, no `\s`, `\p`.

use std::sync::LazyLock;

/// Phone: international (`+` or `00`, E.164: 8 to 15 digits; +46 numbers without the trunk 0 and
/// with a 7 to 9 digit national number) or Swedish national (`0` and 7 to 9 digits). Single spaces
/// or hyphens may separate digits.
pub const PHONE: &str = r"^(?:(?:\+|00)(?:[1-35-9](?:[ -]?[0-9]){7,14}|4[ -]?[0-57-9](?:[ -]?[0-9]){6,13}|4[ -]?6[ -]?[1-9](?:[ -]?[0-9]){6,8})|0[ -]?[1-9](?:[ -]?[0-9]){6,8})$";

/// Email: an ASCII dot-atom local part and a domain of at least two letter-digit-hyphen labels.
pub const EMAIL: &str = r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";

/// Control and invisible formatting characters (never allowed in text).
const FORBIDDEN: &str =
    r"\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF";
/// Unicode White_Space, which trimming removes.
const SPACE: &str =
    r"\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// Free text: no control or invisible formatting characters, and not blank.
pub static TEXT: LazyLock<String> =
    LazyLock::new(|| format!("^[^{FORBIDDEN}]*[^{FORBIDDEN}{SPACE}][^{FORBIDDEN}]*$"));

/// Swedish postal code: `NNN NN` or `NNNNN`.
pub const POSTAL_CODE_SE: &str = r"^[0-9]{3} ?[0-9]{2}$";
/// Any other country's postal code: letters, digits, spaces and hyphens, starting with a letter
/// or digit, at most 12 characters.
pub const POSTAL_CODE: &str = r"^[A-Za-z0-9][A-Za-z0-9 -]{0,11}$";

/// A compiled pattern. The patterns are constants checked by the tests below, so this cannot fail.
macro_rules! regex {
    ($pattern:expr) => {{
        static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(&$pattern).unwrap_or_else(|e| unreachable!("{e}"))
        });
        &*RE
    }};
}
pub(crate) use regex;

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn patterns_compile() {
        for p in [PHONE, EMAIL, POSTAL_CODE_SE, POSTAL_CODE] {
            assert!(Regex::new(p).is_ok(), "{p}");
        }
        let text = regex!(*TEXT);
        assert!(text.is_match(" a "));
        assert!(!text.is_match("   "));
        assert!(!text.is_match("a\u{0}"));
    }
}
