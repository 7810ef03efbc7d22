//! The texts people read, in the languages of [`Language`]: one Fluent catalogue per language
//! (`application/locales/<language>/main.ftl`, compiled in). Codes stay the same in every
//! language; only the words change. A key the catalogue lacks is rendered in English, and a key
//! neither has as the key itself (a test keeps both catalogues complete and alike).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use domain::Language;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static CATALOGUE = {
        locales: "./locales",
        fallback_language: "en",
        // Plain text goes to JSON, CSV cells and emails: no Unicode isolation marks around
        // the values put into a text.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static IDS: LazyLock<[(Language, LanguageIdentifier); 2]> = LazyLock::new(|| {
    [Language::English, Language::Swedish].map(|l| {
        let id = l.as_str().parse::<LanguageIdentifier>().unwrap_or_default();
        (l, id)
    })
});

fn id(language: Language) -> &'static LanguageIdentifier {
    let ids: &'static [(Language, LanguageIdentifier); 2] = &IDS;
    ids.iter()
        .find(|(l, _)| *l == language)
        .map_or(&ids[0].1, |(_, id)| id)
}

/// A value put into a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// Another text of the catalogue, in the same language (a status's label).
    Label(Cow<'static, str>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// A text for people that is said in the reader's language: a key of the catalogue and the
/// values it names. Use cases return these; the edge renders them in the request's language.
/// Shown in logs and `Display` in English. A text made from a domain refusal keeps that
/// refusal's own English message, said when the catalogue has no text for its code.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    key: Cow<'static, str>,
    args: Vec<(Cow<'static, str>, Arg)>,
    fallback: Option<String>,
}

impl Text {
    pub fn new(key: &'static str) -> Text {
        Text {
            key: Cow::Borrowed(key),
            args: Vec::new(),
            fallback: None,
        }
    }

    /// The text of `key`, or `fallback` (in every language) where the catalogue has none.
    pub fn keyed(key: String, fallback: &str) -> Text {
        Text {
            key: Cow::Owned(key),
            args: Vec::new(),
            fallback: Some(fallback.to_owned()),
        }
    }

    /// The text of a field's problem by its code (see [`field_key`]), with the refusal's own
    /// message for a code the catalogue lacks.
    pub fn of_invalid(e: &domain::Invalid) -> Text {
        let args: Vec<(&str, &str)> = e.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Text {
            key: Cow::Owned(field_key(e.code, &args)),
            args: e
                .args
                .iter()
                .map(|(k, v)| (Cow::Borrowed(*k), Arg::Text(v.clone())))
                .collect(),
            fallback: Some(e.message.clone()),
        }
    }

    /// A value the text names.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// Another text of the catalogue the text names (a status's label).
    pub fn with_label(mut self, name: &'static str, key: String) -> Text {
        self.args
            .push((Cow::Borrowed(name), Arg::Label(Cow::Owned(key))));
        self
    }

    /// The text in `language`.
    pub fn render(&self, language: Language) -> String {
        let args: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Arg::Label(key) => Arg::Text(text(language, key)),
                    other => other.clone(),
                };
                (k.as_ref(), v)
            })
            .collect();
        match (&self.fallback, lookup(language, &self.key, &args)) {
            (_, Some(t)) => t,
            (Some(f), None) => f.clone(),
            (None, None) => missing(&self.key),
        }
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Language::English))
    }
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Text(s) => f.write_str(s),
            Arg::Number(n) => write!(f, "{n}"),
            Arg::Label(key) => f.write_str(&text(Language::English, key)),
        }
    }
}

/// The key of a field's problem: `field-<code>-<reason>` when the problem names a `reason` (one
/// code, several messages) and the catalogue has that text, else `field-<code>`.
pub fn field_key(code: &str, args: &[(&str, &str)]) -> String {
    let general = format!("field-{code}");
    match args.iter().find(|(k, _)| *k == "reason") {
        Some((_, reason)) => {
            let specific = format!("{general}-{reason}");
            if KEYS.contains(specific.as_str()) {
                specific
            } else {
                general
            }
        }
        None => general,
    }
}

/// The keys of the English catalogue (the one every key is in).
static KEYS: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| keys(Language::English).collect());

/// The keys of a catalogue: each message's name, at the start of its line before `=` (a
/// message's text may go on in the indented lines below).
pub fn keys(language: Language) -> impl Iterator<Item = &'static str> {
    source(language).lines().filter_map(|l| {
        let (key, _) = l.split_once('=')?;
        let key = key.trim_end();
        let named = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        named.then_some(key)
    })
}

/// The text of `key` in `language`.
pub fn text(language: Language, key: &str) -> String {
    text_with(language, key, &[])
}

/// The text of `key` in `language`, with its placeholders filled from `args`.
pub fn text_with(language: Language, key: &str, args: &[(&str, Arg)]) -> String {
    lookup(language, key, args).unwrap_or_else(|| missing(key))
}

fn missing(key: &str) -> String {
    tracing::warn!(key, "text missing from the catalogue");
    key.to_owned()
}

/// The text in `language`, else in English; `None` when neither catalogue has it (or a value
/// it names is missing).
fn lookup(language: Language, key: &str, args: &[(&str, Arg)]) -> Option<String> {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(name, value)| {
            let v = match value {
                Arg::Text(s) => FluentValue::from(s.as_str()),
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Label(key) => FluentValue::from(text(language, key)),
            };
            (Cow::Owned((*name).to_owned()), v)
        })
        .collect();
    let args = Some(&args);
    CATALOGUE
        .try_lookup_complete(id(language), key, args)
        .or_else(|| CATALOGUE.try_lookup_complete(id(Language::English), key, args))
}

/// A catalogue's source, as compiled in.
pub fn source(language: Language) -> &'static str {
    match language {
        Language::English => include_str!("../locales/en/main.ftl"),
        Language::Swedish => include_str!("../locales/sv/main.ftl"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

    use super::*;

    /// Each message of a catalogue with the variables it names.
    fn messages(language: Language) -> BTreeMap<String, BTreeSet<String>> {
        let resource = fluent_syntax::parser::parse(source(language))
            .unwrap_or_else(|(_, errors)| panic!("{language}: {errors:?}"));
        let mut out = BTreeMap::new();
        for entry in resource.body {
            match entry {
                Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        pattern(p, &mut vars);
                    }
                    assert!(m.value.is_some(), "{language}: {} has no text", m.id.name);
                    out.insert(m.id.name.to_owned(), vars);
                }
                Entry::Junk { content } => panic!("{language}: not Fluent: {content}"),
                _ => {}
            }
        }
        out
    }

    fn pattern(p: &Pattern<&str>, vars: &mut BTreeSet<String>) {
        for e in &p.elements {
            if let PatternElement::Placeable { expression } = e {
                self::expression(expression, vars);
            }
        }
    }

    fn expression(e: &Expression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            Expression::Select { selector, variants } => {
                inline(selector, vars);
                for v in variants {
                    pattern(&v.value, vars);
                }
            }
            Expression::Inline(i) => inline(i, vars),
        }
    }

    fn inline(i: &InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match i {
            InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_owned());
            }
            InlineExpression::Placeable { expression } => self::expression(expression, vars),
            _ => {}
        }
    }

    #[test]
    fn both_catalogues_have_every_key_with_the_same_placeholders() {
        let en = messages(Language::English);
        let sv = messages(Language::Swedish);
        let missing_sv: Vec<_> = en.keys().filter(|k| !sv.contains_key(*k)).collect();
        let missing_en: Vec<_> = sv.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing_sv.is_empty(), "missing in Swedish: {missing_sv:?}");
        assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
        for (key, vars) in &en {
            assert_eq!(Some(vars), sv.get(key), "placeholders of {key} differ");
        }
    }

    #[test]
    fn every_row_problem_has_its_text() {
        let en = messages(Language::English);
        for code in crate::card_order_imports::ROW_PROBLEM_CODES {
            assert!(en.contains_key(&format!("field-{code}")), "field-{code}");
        }
    }

    #[test]
    fn texts_fill_their_placeholders_and_choose_variants() {
        assert_eq!(
            text_with(
                Language::Swedish,
                "field-too_long",
                &[("max", 30_i64.into())]
            ),
            "Får vara högst 30 tecken."
        );
        // One code with several messages: the reason picks the text.
        let e = domain::ValidityError::NotInFuture.invalid();
        assert_eq!(
            Text::of_invalid(&e).render(Language::English),
            "Must be after today."
        );
        assert_eq!(
            Text::of_invalid(&e).render(Language::Swedish),
            "Måste vara efter i dag."
        );
        assert_eq!(
            Text::new("field-invalid_type")
                .with("expected", "string")
                .render(Language::Swedish),
            "Måste vara en sträng."
        );
        // A status's label, in the text's own language.
        let t = Text::new("problem-pin-needs-active-card")
            .with_label("status", "card-status-blocked".to_owned());
        assert_eq!(
            t.render(Language::Swedish),
            "Kortet är spärrat: en PIN-kod finns bara för ett aktiverat kort."
        );
        // A text whose values are missing is not half-filled: its key shows the gap.
        assert_eq!(
            text(Language::English, "field-invalid_type"),
            "field-invalid_type"
        );
        assert_eq!(text(Language::Swedish, "no-such-key"), "no-such-key");
    }
}
