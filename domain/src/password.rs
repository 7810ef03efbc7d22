//! A new password (NIST SP 800-63B §3.1.1.2): 12 to 128 characters, any characters, and not one
//! that attackers try first — a list of common passwords of that length, a single repeated
//! character, or a run of consecutive keys or digits.

use crate::Invalid;

/// A password that passed the rules. Deliberately not `Debug`-printable with its value.
pub struct Password(String);

/// Common passwords of 12 characters or more, from published breach-corpus top lists
/// (compared case-insensitively).
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789123",
    "1234567891011",
    "111111111111",
    "000000000000",
    "123123123123",
    "121212121212",
    "147258369147",
    "password1234",
    "password12345",
    "password123456",
    "passwordpassword",
    "password123!",
    "qwertyuiopasdfgh",
    "qwertyuiop123",
    "qwerty123456",
    "qwertyqwerty",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "q1w2e3r4t5y6",
    "zaq12wsxcde3",
    "asdfghjkl123",
    "abcdefghijkl",
    "abc123abc123",
    "iloveyou1234",
    "iloveyouforever",
    "letmein12345",
    "welcome12345",
    "welcome123456",
    "changeme1234",
    "administrator",
    "administrator1",
    "adminadmin123",
    "sommar2026!!",
    "sommaren2026",
    "vinter202626",
    "losenord1234",
    "lösenord1234",
    "hejsan123456",
    "sverige12345",
    "stockholm123",
    "goteborg1234",
    "football1234",
    "baseball1234",
    "superman1234",
    "starwars1234",
    "monkeymonkey",
    "sunshine1234",
    "princess1234",
    "dragondragon",
    "mustang12345",
    "trustno1trustno1",
    "correcthorsebatterystaple",
    "passw0rdpassw0rd",
    "p@ssw0rd1234",
    "p@ssword1234",
    "1234qwerasdf",
    "qwerasdfzxcv",
];

const RUNS: &[&str] = &[
    "01234567890123456789",
    "98765432109876543210",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
];

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(Invalid::new(
                "too_short",
                format!("must be at least {} characters", Self::MIN_CHARS),
            )
            .with("min", Self::MIN_CHARS));
        }
        if n > Self::MAX_CHARS {
            return Err(Invalid::new(
                "too_long",
                format!("must be at most {} characters", Self::MAX_CHARS),
            )
            .with("max", Self::MAX_CHARS));
        }
        let lower = raw.to_lowercase();
        let first = lower.chars().next();
        let repeated = lower.chars().all(|c| Some(c) == first);
        let run = RUNS.iter().any(|r| r.contains(lower.as_str()));
        if repeated || run || COMMON.contains(&lower.as_str()) {
            return Err(Invalid::new(
                "common_password",
                "is too common: attackers try it first. Use a longer phrase of your own.",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_bounds() {
        assert_eq!(
            Password::parse("short-pass1").err().map(|e| e.code),
            Some("too_short")
        );
        assert!(Password::parse(&"x1".repeat(65)).is_err());
        assert!(Password::parse("correct horse battery").is_ok());
        assert!(Password::parse(&"ab9!".repeat(32)).is_ok());
    }

    #[test]
    fn common_ones_are_refused() {
        for p in [
            "Password1234",
            "aaaaaaaaaaaaaa",
            "123456789012",
            "qwertyuiopasdf",
            "abcdefghijklm",
        ] {
            assert_eq!(
                Password::parse(p).err().map(|e| e.code),
                Some("common_password"),
                "{p}"
            );
        }
    }
}
