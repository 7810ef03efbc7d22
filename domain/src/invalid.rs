use std::fmt;

/// Why a value could not be parsed: a stable machine code, a message for people (English), and
/// the values the message names (`max` = `100`), so the message can be given in another
/// language from a catalogue keyed by the code. The caller knows which field it parsed and
/// attaches the field name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub code: &'static str,
    pub message: String,
    pub args: Vec<(&'static str, String)>,
}

impl Invalid {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            args: Vec::new(),
        }
    }

    /// With a value the message names.
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for Invalid {}
